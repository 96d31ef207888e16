//! Feeds arbitrary bytes, as UTF-8 text, through the whole extractor: it must never
//! panic, and every span it writes must be the source slice at its offsets.
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
    for m in &out.mentions {
        let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(slice, m.text);
    }
});
