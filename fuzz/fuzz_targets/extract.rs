//! Feeds arbitrary bytes, as UTF-8 text, through the whole extractor and its JSON line:
//! it must never panic; every span it writes (sentence, mention, claim, trigger) must be
//! the source slice at its offsets; mentions must come in text order without overlapping;
//! the JSON line must be byte for byte what `serde_json` writes for the record (so one line).
#![no_main]

use std::sync::OnceLock;

use claimex::{Document, Extractor, Rules};
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Rules::embedded()).expect("embedded rules compile"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let out = extractor().extract(&Document::new("fuzz", text.as_ref()));
    // Byte offset of each code point, and of the end: offsets written out are code points.
    let bytes_at: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let slice = |start: usize, end: usize| -> &str {
        assert!(start <= end && end < bytes_at.len(), "span {start}..{end} outside {} chars", bytes_at.len() - 1);
        &text[bytes_at[start]..bytes_at[end]]
    };
    for s in &out.sentences {
        assert_eq!(slice(s.start, s.end), s.text.as_str(), "sentence {}", s.i);
    }
    let mut last_end = 0;
    for m in &out.mentions {
        assert_eq!(slice(m.start, m.end), m.text.as_str(), "mention {} ({})", m.id, m.rule);
        assert!(m.start >= last_end, "mention {} overlaps or precedes the one before it", m.id);
        last_end = m.end;
    }
    for c in &out.claims {
        assert_eq!(slice(c.start, c.end), c.text.as_str(), "claim {}", c.id);
        if let Some(t) = &c.trigger {
            assert_eq!(slice(t.start, t.end), t.text.as_str(), "trigger of claim {}", c.id);
        }
    }
    let mut line = Vec::new();
    out.write_json(&mut line).expect("writing to a Vec does not fail");
    let by_serde = serde_json::to_vec(&out).expect("serde_json serialises the record");
    assert!(line == by_serde, "the compact writer and serde_json differ");
});
