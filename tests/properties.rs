//! Invariants on arbitrary input: no panic; every span on char boundaries and equal to
//! the source slice; offsets monotone; sentences cover every non-blank character once;
//! the same output whatever the number of threads.

use std::sync::OnceLock;

use claimex::{Document, Extraction, Extractor, Rules};
use proptest::prelude::*;
use rayon::prelude::*;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Rules::embedded()).expect("embedded rules compile"))
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

fn check(text: &str) -> Extraction {
    let out = extractor().extract(&Document::new("p", text));
    let chars = text.chars().count();
    let mut covered = vec![false; chars];
    let mut previous_end = 0;
    for s in &out.sentences {
        assert!(s.start < s.end && s.end <= chars, "sentence {} out of bounds", s.i);
        assert!(s.start >= previous_end, "sentences overlap or go backwards");
        previous_end = s.end;
        assert_eq!(slice(text, s.start, s.end), s.text);
        for c in covered.iter_mut().take(s.end).skip(s.start) {
            *c = true;
        }
    }
    for (i, c) in text.chars().enumerate() {
        assert!(covered[i] || c.is_whitespace(), "char {i} {c:?} is in no sentence");
    }
    let mut previous_start = 0;
    for m in &out.mentions {
        assert!(m.start < m.end && m.end <= chars);
        assert!(m.start >= previous_start, "mentions out of order");
        previous_start = m.start;
        assert_eq!(slice(text, m.start, m.end), m.text, "mention text is the source slice");
    }
    for c in &out.claims {
        assert_eq!(slice(text, c.start, c.end), c.text);
        for a in &c.actors {
            assert!(a.mention < out.mentions.len());
        }
        for f in &c.figures {
            assert!(*f < out.mentions.len());
        }
    }
    assert_json_line_is_serde_json(&out);
    out
}

/// The command line writes records with its own compact writer: it must write the
/// bytes serde_json writes.
fn assert_json_line_is_serde_json(out: &Extraction) {
    let mut line = Vec::new();
    out.write_json(&mut line).expect("the record is written");
    let expected = serde_json::to_vec(out).expect("serde_json writes the record");
    assert!(line == expected, "{}\n!=\n{}", String::from_utf8_lossy(&line), String::from_utf8_lossy(&expected));
}

/// Text made of news-like pieces and hostile characters.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("In 2024, Azerbaijan’s exports totaled USD 1.178 billion. ".to_owned()),
        Just("Russian President Vladimir Putin said on Tuesday that 4.4% was enough.\n\n".to_owned()),
        Just("about $3.6bn, €300m and 20,000 barrels per day; ".to_owned()),
        Just("Dr. A. B. Smith of Acme Inc. met U.S. officials on Jan. 5 ".to_owned()),
        Just("\u{0301}\u{200f}مرحبا 👩‍👩‍👧 \u{0000} ".to_owned()),
        "[0-9,.%$€£ ]{0,12}",
        "\\PC{0,20}",
        "[A-Z][a-z]{1,8} ",
        Just("\n".to_owned()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_unicode_never_breaks_an_invariant(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn newsish_text_never_breaks_an_invariant(text in newsish()) {
        check(&text);
    }

    #[test]
    fn extracting_together_is_extracting_one_by_one(texts in proptest::collection::vec(newsish(), 1..8)) {
        let docs: Vec<Document> = texts.iter().enumerate().map(|(i, t)| Document::new(format!("d{i}"), t.as_str())).collect();
        let json = |e: &Extraction| serde_json::to_string(e).expect("json");
        // Taken one at a time, as the command line writes each record before the next.
        let each = extractor().extract_each(&docs);
        prop_assert_eq!(each.len(), docs.len());
        let together: Vec<String> = each.map(|e| json(&e)).collect();
        let one_by_one: Vec<String> = docs.iter().map(|d| json(&extractor().extract(d))).collect();
        prop_assert_eq!(together, one_by_one);
    }

    #[test]
    fn output_does_not_depend_on_the_thread_count(texts in proptest::collection::vec(newsish(), 1..8)) {
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            pool.install(|| {
                texts
                    .par_iter()
                    .map(|t| serde_json::to_string(&extractor().extract(&Document::new("p", t.as_str()))).expect("json"))
                    .collect::<Vec<_>>()
            })
        };
        prop_assert_eq!(run(1), run(4));
    }
}

#[test]
fn corpus_records_are_written_as_serde_json_writes_them_and_the_same_together() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus/").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("UTF-8");
        let mut doc = Document::new(entry.file_name().to_string_lossy(), text);
        doc.source = Some(format!("corpus/{}\t\"quoted\"", entry.file_name().to_string_lossy()));
        assert_json_line_is_serde_json(&extractor().extract(&doc));
        documents.push(doc);
    }
    assert!(documents.len() >= 7, "the corpus has its articles");
    // Extracted together, as the command line does, they come out as one by one.
    let together = extractor().extract_all(&documents);
    assert_eq!(together.len(), documents.len());
    for (doc, extraction) in documents.iter().zip(&together) {
        let one = extractor().extract(doc);
        assert_eq!(serde_json::to_string(extraction).ok(), serde_json::to_string(&one).ok(), "{}", doc.id);
    }
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = "Oil rose 4% to $80 a barrel in 2024 while Russia said so ".repeat(18_000);
    assert!(long_line.len() > 1_000_000);
    let digits = "9".repeat(100_000);
    let cases = [
        String::new(),
        "\u{0}\u{0}\u{0}".to_owned(),
        "e\u{301}\u{301}\u{301} 5\u{301}% $\u{301}5".to_owned(),
        "\u{202e}USD 5 million\u{202c} عام 2024 עברית".to_owned(),
        "🇦🇿🇷🇺 💰 $5 💰 2024 👩‍👩‍👧".to_owned(),
        format!("${digits} million and {digits}% of {digits} barrels in {digits}"),
        long_line,
        ".\n.\n.\n".repeat(1000),
        "U.S. U.S. U.S. Dr. Dr. Inc. Inc.".to_owned(),
        "\r\n\r\n\tTitle\r\n\r\nBy X\r\n\r\nBody text here.\r\n".to_owned(),
    ];
    for text in &cases {
        check(text);
    }
}
