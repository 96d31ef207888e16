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

/// The bytes of every input under `paths` that `keep` accepts, for a progress bar's
/// length: `None` when one of them has no size known beforehand (stdin, a pipe). Walks
/// as [`Sources`] does; folders that cannot be read add nothing, as they yield no input.
pub fn input_bytes(paths: &[PathBuf], extension: &str, mut keep: impl FnMut(&Found) -> bool) -> Option<u64> {
    let mut total = 0u64;
    for found in Sources::new(paths, extension).flatten() {
        if !keep(&found) {
            continue;
        }
        let Source::File(path) = &found.source else { return None };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => total = total.saturating_add(meta.len()),
            // It will be reported as unreadable, having taken nothing.
            Err(_) => {}
            Ok(_) => return None,
        }
    }
    Some(total)
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

/// Reads a whole-file article; its id is the file name without extension. Also returns
/// the bytes read, for progress.
pub fn read_text(source: &Source, dct: Option<Date>) -> (Result<Document, InputError>, u64) {
    match read_bytes(source) {
        Ok(bytes) => {
            let taken = bytes.len() as u64;
            (text_document(source, dct, bytes), taken)
        }
        Err(problem) => (Err(InputError { place: source.label(), problem }), 0),
    }
}

fn text_document(source: &Source, dct: Option<Date>, bytes: Vec<u8>) -> Result<Document, InputError> {
    let place = source.label();
    let fail = |problem: String| InputError { place: place.clone(), problem };
    let text = utf8(bytes).map_err(&fail)?;
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
/// `each` breaks (the output was closed). With each goes the number of bytes read since
/// the call before (the line, its newline, and blank lines before it), for progress.
pub fn read_jsonl(
    source: &Source,
    default_dct: Option<Date>,
    mut each: impl FnMut(Result<Document, InputError>, u64) -> ControlFlow<()>,
) {
    let label = source.label();
    let mut reader: Box<dyn BufRead> = match source {
        Source::File(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                let _ = each(Err(InputError { place: label, problem: format!("cannot read: {e}") }), 0);
                return;
            }
        },
        Source::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let mut any = false;
    // Bytes read and not yet handed on with a record.
    let mut taken = 0u64;
    for index in 0.. {
        // Named only when something is wrong with the line.
        let place = || format!("{label}:{}", index + 1);
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => taken += n as u64,
            Err(e) => {
                let _ = each(Err(InputError { place: place(), problem: format!("cannot read: {e}") }), taken);
                return;
            }
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        let line = match utf8(line) {
            Ok(line) => line,
            Err(problem) => {
                if each(Err(InputError { place: place(), problem }), std::mem::take(&mut taken)).is_break() {
                    return;
                }
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        let record = parse_record(&line, default_dct).map_err(|problem| InputError { place: place(), problem });
        if each(record, std::mem::take(&mut taken)).is_break() {
            return;
        }
    }
    if !any {
        let _ = each(Err(InputError { place: label, problem: "no JSONL records (empty input)".to_owned() }), taken);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes handed on with each item of a JSONL file, and whether each was a document.
    fn jsonl_taken(contents: &[u8]) -> Vec<(bool, u64)> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, contents).expect("write");
        let mut taken = Vec::new();
        read_jsonl(&Source::File(path), None, |item, bytes| {
            taken.push((item.is_ok(), bytes));
            ControlFlow::Continue(())
        });
        taken
    }

    #[test]
    fn jsonl_items_carry_the_bytes_read_since_the_one_before() {
        let good = b"{\"id\": 1, \"text\": \"Talks resumed.\"}\n";
        let mut contents = Vec::new();
        contents.extend_from_slice(good);
        // Blank lines count with the record after them.
        contents.extend_from_slice(b"\n  \r\n");
        contents.extend_from_slice(good);
        contents.extend_from_slice(b"not json\n");
        contents.extend_from_slice(b"\xff\xfe\n");
        // The last line has no newline.
        contents.extend_from_slice(&good[..good.len() - 1]);
        let taken = jsonl_taken(&contents);
        let line = good.len() as u64;
        assert_eq!(taken, [(true, line), (true, 5 + line), (false, 9), (false, 3), (true, line - 1)]);
        assert_eq!(taken.iter().map(|&(_, bytes)| bytes).sum::<u64>(), contents.len() as u64);
    }

    #[test]
    fn an_empty_jsonl_input_hands_on_what_it_read_with_its_error() {
        assert_eq!(jsonl_taken(b"\n \n"), [(false, 3)]);
        assert_eq!(jsonl_taken(b""), [(false, 0)]);
    }

    #[test]
    fn a_text_file_takes_its_size_and_a_missing_one_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Ministers met on Monday.\n").expect("write");
        let (doc, bytes) = read_text(&Source::File(path), None);
        assert!(doc.is_ok());
        assert_eq!(bytes, 25);
        let (doc, bytes) = read_text(&Source::File(dir.path().join("missing.txt")), None);
        assert!(doc.is_err());
        assert_eq!(bytes, 0);
    }

    #[test]
    fn input_bytes_sum_the_files_a_walk_yields() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nested = dir.path().join("nested");
        std::fs::create_dir(&nested).expect("mkdir");
        std::fs::write(dir.path().join("a.txt"), "12345").expect("write");
        std::fs::write(nested.join("b.txt"), "123").expect("write");
        std::fs::write(nested.join("c.md"), "not an input").expect("write");
        let single = dir.path().join("a.txt");
        let paths = [dir.path().to_path_buf(), single.clone()];
        assert_eq!(input_bytes(&paths, "txt", |_| true), Some(13));
        let not_b = |found: &Found| !matches!(&found.source, Source::File(p) if p.ends_with("b.txt"));
        assert_eq!(input_bytes(&paths, "txt", not_b), Some(10));
        // A missing file adds nothing; it is reported when read.
        assert_eq!(input_bytes(&[single.clone(), dir.path().join("gone.txt")], "txt", |_| true), Some(5));
    }

    #[test]
    fn input_bytes_are_unknown_with_stdin_or_a_pipe() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), "12345").expect("write");
        assert_eq!(input_bytes(&[dir.path().join("a.txt"), PathBuf::from("-")], "txt", |_| true), None);
        // Not a regular file: its size says nothing of what it holds.
        #[cfg(unix)]
        assert_eq!(input_bytes(&[PathBuf::from("/dev/null")], "txt", |_| true), None);
    }
}
