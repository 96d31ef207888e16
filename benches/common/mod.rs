//! What the benchmarks share: the corpus they read and the runs they cut it into.

use claimex::{Document, Extraction, Extractor};

/// The corpus articles, repeated until they total about `bytes`.
pub fn corpus(bytes: usize) -> Vec<Document> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("corpus/").flatten().map(|e| e.path()).collect();
    paths.sort();
    let articles: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).expect("UTF-8")).collect();
    let mut docs = Vec::new();
    let mut total = 0;
    while total < bytes {
        for (i, text) in articles.iter().enumerate() {
            total += text.len();
            docs.push(Document::new(format!("{}-{i}", docs.len()), text.clone()));
        }
    }
    docs
}

pub fn bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

/// The documents in runs of about `size` bytes of text, as `claimex extract` hands them
/// to [`claimex::Extractor::extract_each`].
pub fn runs(docs: &[Document], size: usize) -> Vec<&[Document]> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        bytes += doc.text.len();
        if bytes >= size {
            runs.extend(docs.get(start..=i));
            (start, bytes) = (i + 1, 0);
        }
    }
    runs.extend(docs.get(start..).filter(|rest| !rest.is_empty()));
    runs
}

/// The run length `claimex extract` gives each worker once a batch is full.
pub const RUN_BYTES: usize = 1 << 20;

/// Writes the record as `claimex extract --format jsonl` does; returns its length.
fn json_line(extraction: &Extraction, json: &mut Vec<u8>) -> usize {
    json.clear();
    extraction.write_json(json).map_or(0, |()| json.len())
}

/// Extracts a run and writes each record's JSON line as it comes, as `claimex extract`
/// does; returns the bytes written.
pub fn extract_and_serialize(extractor: &Extractor, run: &[Document], json: &mut Vec<u8>) -> usize {
    extractor.extract_each(run).map(|e| json_line(&e, json)).sum()
}
