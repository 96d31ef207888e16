//! Turning paths into documents: files, folders walked for `*.txt`, stdin, JSONL lines.
//! Every failure names its input and leaves the rest of the batch alone.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

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

/// Expands paths into sources: a folder becomes every `*.txt` file under it, sorted so
/// the output order never depends on the file system. A folder with none is an error.
pub fn expand(paths: &[PathBuf], extension: &str) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = walk(path, extension, &mut found) {
                errors.push(InputError {
                    place: path.display().to_string(),
                    problem: format!("cannot read folder: {e}"),
                });
                continue;
            }
            if found.is_empty() {
                errors.push(InputError {
                    place: path.display().to_string(),
                    problem: format!("folder has no .{extension} files"),
                });
            }
            found.sort();
            sources.extend(found.into_iter().map(Source::File));
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    (sources, errors)
}

fn walk(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, extension, out)?;
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(())
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
    let fail = |problem: String| InputError {
        place: place.clone(),
        problem,
    };
    let text = utf8(read_bytes(source).map_err(&fail)?).map_err(&fail)?;
    if text.trim().is_empty() {
        return Err(fail("empty file".to_owned()));
    }
    let id = match source {
        Source::File(path) => path
            .file_stem()
            .map_or_else(|| place.clone(), |s| s.to_string_lossy().into_owned()),
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
/// naming the line, so memory stays bounded whatever the input's size.
pub fn read_jsonl(
    source: &Source,
    default_dct: Option<Date>,
    mut each: impl FnMut(Result<Document, InputError>),
) {
    let label = source.label();
    let reader: Box<dyn BufRead> = match source {
        Source::File(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                return each(Err(InputError {
                    place: label,
                    problem: format!("cannot read: {e}"),
                }));
            }
        },
        Source::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let mut any = false;
    for (index, line) in reader.split(b'\n').enumerate() {
        let place = format!("{label}:{}", index + 1);
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                return each(Err(InputError {
                    place,
                    problem: format!("cannot read: {e}"),
                }));
            }
        };
        let line = match utf8(line) {
            Ok(line) => line,
            Err(problem) => {
                each(Err(InputError { place, problem }));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        each(parse_record(&line, default_dct).map_err(|problem| InputError { place, problem }));
    }
    if !any {
        each(Err(InputError {
            place: label,
            problem: "no JSONL records (empty input)".to_owned(),
        }));
    }
}

fn parse_record(line: &str, default_dct: Option<Date>) -> Result<Document, String> {
    let record: JsonlRecord =
        serde_json::from_str(line).map_err(|e| format!("malformed JSONL record: {e}"))?;
    let id = match record.id {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        other => return Err(format!("\"id\" must be a string or number, not {other}")),
    };
    let dct = match record.dct.as_deref() {
        None | Some("") => default_dct,
        Some(text) => Some(
            Date::parse_iso(text).ok_or_else(|| format!("\"dct\" {text:?} is not YYYY-MM-DD"))?,
        ),
    };
    Ok(Document::new(id, record.text).with_dct(dct))
}
