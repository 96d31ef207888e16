//! The JSON shape of `claimex/1`, pinned apart from the snapshots: the output of every
//! corpus article is parsed back into strict types that reject unknown fields, and its
//! offsets are checked against the source text.

use claimex::{Document, Extractor, Rules};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Record {
    schema: String,
    doc: Doc,
    sentences: Vec<Sentence>,
    mentions: Vec<Mention>,
    claims: Vec<Claim>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    id: String,
    source: Option<String>,
    dct: Option<String>,
    title: Option<String>,
    authors: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentence {
    i: usize,
    start: usize,
    end: usize,
    part: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Mention {
    id: usize,
    kind: String,
    start: usize,
    end: usize,
    text: String,
    sentence: usize,
    rule: String,
    value: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Claim {
    id: usize,
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    kind: String,
    trigger: Option<Trigger>,
    time: Option<ClaimTime>,
    actors: Vec<ClaimActor>,
    figures: Vec<usize>,
    attribution: Option<Attribution>,
    modality: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Trigger {
    start: usize,
    end: usize,
    text: String,
    class: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ClaimTime {
    timex: String,
    mention: Option<usize>,
    from: String,
    back: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimActor {
    mention: usize,
    role: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Attribution {
    source: Option<usize>,
    cue: String,
    inner: Option<usize>,
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

/// The value fields each mention kind may have.
fn allowed_value_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "time" => &["type", "timex", "mod", "anchor"],
        "money" => &["currency", "amount", "min", "max", "approx", "mod", "per"],
        "percent" => &["percent", "points", "min", "max", "approx", "mod"],
        "quantity" => &["amount", "min", "max", "unit", "per", "approx", "mod"],
        "actor" => &["id", "name", "type", "country", "via"],
        _ => &[],
    }
}

#[test]
fn corpus_output_matches_the_schema() {
    let extractor = Extractor::new(&Rules::embedded()).expect("embedded rules compile");
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut files: Vec<_> = std::fs::read_dir(corpus).expect("corpus/ exists").flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 7, "corpus/ holds the seed and at least six more articles");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let doc = Document::new("doc", text.clone());
        let json = serde_json::to_string(&extractor.extract(&doc)).expect("serializes");
        let record: Record = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(record.schema, "claimex/1");
        for (i, s) in record.sentences.iter().enumerate() {
            assert_eq!(s.i, i);
            assert_eq!(slice(&text, s.start, s.end), s.text, "{}: sentence {i}", path.display());
            assert!(["title", "byline", "body", "debris"].contains(&s.part.as_str()));
        }
        let mut last_start = 0;
        for (i, m) in record.mentions.iter().enumerate() {
            assert_eq!(m.id, i);
            assert!(m.start >= last_start, "mentions in text order");
            last_start = m.start;
            assert_eq!(slice(&text, m.start, m.end), m.text, "{}: mention {i}", path.display());
            let sentence = &record.sentences[m.sentence];
            assert!(sentence.start <= m.start && m.end <= sentence.end, "mention {i} inside its sentence");
            assert_ne!(sentence.part, "debris", "no mention in page debris");
            assert!(m.rule.starts_with(&format!("{}/", m.kind)), "rule id {} names its kind", m.rule);
            for field in m.value.keys() {
                assert!(allowed_value_fields(&m.kind).contains(&field.as_str()), "{} value field {field}", m.kind);
            }
        }
        for (i, c) in record.claims.iter().enumerate() {
            assert_eq!(c.id, i);
            assert_eq!(slice(&text, c.start, c.end), c.text);
            assert_eq!(record.sentences[c.sentence].part, "body", "claims come from the body only");
            for a in &c.actors {
                assert_eq!(record.mentions[a.mention].kind, "actor");
                assert!(["agent", "target", "other"].contains(&a.role.as_str()));
            }
            for &f in &c.figures {
                assert!(["money", "percent", "quantity"].contains(&record.mentions[f].kind.as_str()));
            }
            if let Some(m) = c.time.as_ref().and_then(|t| t.mention) {
                assert_eq!(record.mentions[m].kind, "time");
            }
            if let Some(source) = c.attribution.as_ref().and_then(|a| a.source) {
                assert_eq!(record.mentions[source].kind, "actor");
            }
        }
    }
}
