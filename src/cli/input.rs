//! Turning paths into documents: files, folders walked for `*.txt`, stdin, JSONL lines.
//! Every failure names its input and leaves the rest of the batch alone.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use claimex::segment::MAX_TEXT;
use claimex::{Date, Document};
use serde::Deserialize;

/// Where one input comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// How the input is named in messages and `doc.source`.
    pub fn label(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }
}

/// A problem with one input: what, and where.
#[derive(Debug)]
pub struct InputError {
    /// The input, with a line number for JSONL (`articles.jsonl:12`).
    pub place: String,
    /// What is wrong.
    pub problem: String,
}

/// Expands paths lazily into sources: a folder yields every `*.<extension>` file under
/// it, each directory's entries sorted by name so the order never depends on the file
/// system; a folder with none is an error. Nothing is listed before it is needed, so a
/// walk over millions of files starts writing at once.
pub struct Sources {
    paths: std::collections::VecDeque<PathBuf>,
    extension: String,
    /// Directories still to read (last first), with the root folder they came from.
    pending: Vec<(PathBuf, PathBuf)>,
    /// Entries of directories being read: (path, root).
    queue: std::collections::VecDeque<(PathBuf, PathBuf)>,
    /// The root folder being walked and whether it yielded a file yet.
    current_root: Option<(PathBuf, bool)>,
}

/// One input with, for files found in a folder, the folder it was found under.
#[derive(Debug, Clone)]
pub struct Found {
    /// The input.
    pub source: Source,
    /// The folder given on the command line that holds it, if any.
    pub root: Option<PathBuf>,
}

impl Sources {
    /// Sources for `paths`, walking folders for files ending in `.extension`.
    pub fn new(paths: &[PathBuf], extension: &str) -> Self {
        Sources {
            paths: paths.iter().cloned().collect(),
            extension: extension.to_owned(),
            pending: Vec::new(),
            queue: std::collections::VecDeque::new(),
            current_root: None,
        }
    }

    fn read_dir(&mut self, dir: &Path, root: &Path) -> Result<(), InputError> {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).and_then(|it| it.map(|e| e.map(|e| e.path())).collect()).map_err(|e| {
                InputError { place: dir.display().to_string(), problem: format!("cannot read folder: {e}") }
            })?;
        entries.sort();
        // Depth first, in name order: entries go to the front of the queue.
        for path in entries.into_iter().rev() {
            self.queue.push_front((path, root.to_owned()));
        }
        Ok(())
    }
}

impl Iterator for Sources {
    type Item = Result<Found, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((path, root)) = self.queue.pop_front() {
                if path.is_dir() {
                    if let Err(e) = self.read_dir(&path, &root) {
                        return Some(Err(e));
                    }
                } else if path.extension().is_some_and(|e| e == self.extension.as_str()) {
                    if let Some(current) = self.current_root.as_mut() {
                        current.1 = true;
                    }
                    return Some(Ok(Found { source: Source::File(path), root: Some(root) }));
                }
                continue;
            }
            if let Some((root, false)) = self.current_root.take() {
                let problem = format!("folder has no .{} files", self.extension);
                return Some(Err(InputError { place: root.display().to_string(), problem }));
            }
            if let Some((dir, root)) = self.pending.pop() {
                self.current_root = Some((root.clone(), false));
                if let Err(e) = self.read_dir(&dir, &root) {
                    self.current_root = None;
                    return Some(Err(e));
                }
                continue;
            }
            let path = self.paths.pop_front()?;
            if path.as_os_str() == "-" {
                return Some(Ok(Found { source: Source::Stdin, root: None }));
            }
            if path.is_dir() {
                self.pending.push((path.clone(), path));
                continue;
            }
            return Some(Ok(Found { source: Source::File(path), root: None }));
        }
    }
}

fn read_bytes(source: &Source) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let result = match source {
        Source::File(path) => std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)),
        Source::Stdin => std::io::stdin().lock().read_to_end(&mut bytes),
    };
    result.map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}

fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("not valid UTF-8 (first bad byte at offset {at})")
    })
}

/// Reads a whole-file article; its id is the file name without extension.
pub fn read_text(source: &Source, dct: Option<Date>) -> Result<Document, InputError> {
    let place = source.label();
    let fail = |problem: String| InputError { place: place.clone(), problem };
    let text = utf8(read_bytes(source).map_err(&fail)?).map_err(&fail)?;
    if text.trim().is_empty() {
        return Err(fail("empty file".to_owned()));
    }
    if text.len() > MAX_TEXT {
        return Err(fail(too_long(text.len())));
    }
    let id = match source {
        Source::File(path) => path.file_stem().map_or_else(|| place.clone(), |s| s.to_string_lossy().into_owned()),
        Source::Stdin => "stdin".to_owned(),
    };
    let doc = Document::new(id, text).with_dct(dct);
    Ok(match source {
        Source::File(_) => doc.with_source(place),
        Source::Stdin => doc,
    })
}

#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    dct: Option<String>,
}

/// Reads JSONL records one line at a time, calling `each` with a document or an error
/// naming the line, so memory stays bounded whatever the input's size; stops early when
/// `each` breaks (the output was closed).
pub fn read_jsonl(
    source: &Source,
    default_dct: Option<Date>,
    mut each: impl FnMut(Result<Document, InputError>) -> ControlFlow<()>,
) {
    let label = source.label();
    let reader: Box<dyn BufRead> = match source {
        Source::File(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                let _ = each(Err(InputError { place: label, problem: format!("cannot read: {e}") }));
                return;
            }
        },
        Source::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let mut any = false;
    for (index, line) in reader.split(b'\n').enumerate() {
        // Named only when something is wrong with the line.
        let place = || format!("{label}:{}", index + 1);
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                let _ = each(Err(InputError { place: place(), problem: format!("cannot read: {e}") }));
                return;
            }
        };
        let line = match utf8(line) {
            Ok(line) => line,
            Err(problem) => {
                if each(Err(InputError { place: place(), problem })).is_break() {
                    return;
                }
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        if each(parse_record(&line, default_dct).map_err(|problem| InputError { place: place(), problem })).is_break() {
            return;
        }
    }
    if !any {
        let _ = each(Err(InputError { place: label, problem: "no JSONL records (empty input)".to_owned() }));
    }
}

fn parse_record(line: &str, default_dct: Option<Date>) -> Result<Document, String> {
    let record: JsonlRecord = serde_json::from_str(line).map_err(|e| format!("malformed JSONL record: {e}"))?;
    let id = match record.id {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        other => return Err(format!("\"id\" must be a string or number, not {other}")),
    };
    let dct = match record.dct.as_deref() {
        None | Some("") => default_dct,
        Some(text) => Some(Date::parse_iso(text).ok_or_else(|| format!("\"dct\" {text:?} is not YYYY-MM-DD"))?),
    };
    if record.text.len() > MAX_TEXT {
        return Err(too_long(record.text.len()));
    }
    Ok(Document::new(id, record.text).with_dct(dct))
}

/// Why a document longer than a token's offsets reach is not read.
fn too_long(bytes: usize) -> String {
    format!("{bytes} bytes of text; claimex reads documents of up to {MAX_TEXT} bytes (4 GiB)")
}
