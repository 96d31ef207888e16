//! Example tables, one per kind: `tests/examples/<kind>.txt`.
//!
//! Line format:
//! - `# …` comment; blank lines ignored.
//! - `@dct YYYY-MM-DD` (or `@dct none`) sets the document date for the lines below.
//! - `+ PHRASE => VALUE`: PHRASE, read as a one-sentence document, yields exactly one
//!   mention of the table's kind, covering the whole phrase — or, when the phrase holds
//!   `[…]`, covering exactly the bracketed part (the brackets are removed before
//!   extraction), with no other mention of the kind overlapping it; its value summary
//!   (`Value::summary`) equals VALUE.
//! - `- PHRASE`: no mention of the table's kind in PHRASE — or, with `[…]`, none
//!   overlapping the bracketed part.
//!
//! Every failure of a table is reported at the end. `CLAIMEX_EXAMPLES=money,time`
//! runs only the named tables.

use std::sync::OnceLock;

use claimex::{Date, Document, Extractor, Rules};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Rules::embedded()).expect("embedded rules compile"))
}

/// The phrase without brackets, and the bracketed part as code point offsets.
fn unbracket(phrase: &str) -> (String, Option<(usize, usize)>) {
    match (phrase.find('['), phrase.rfind(']')) {
        (Some(open), Some(close)) if open < close => {
            let text = format!("{}{}{}", &phrase[..open], &phrase[open + 1..close], &phrase[close + 1..]);
            let start = phrase[..open].chars().count();
            let end = start + phrase[open + 1..close].chars().count();
            (text, Some((start, end)))
        }
        _ => (phrase.to_owned(), None),
    }
}

fn check_line(kind: &str, line: &str, dct: Option<Date>) -> Result<(), String> {
    let (positive, rest) = match line.split_at(2) {
        ("+ ", rest) => (true, rest),
        ("- ", rest) => (false, rest),
        _ => return Err("line must start with '+ ', '- ', '@dct' or '#'".to_owned()),
    };
    let (phrase, want) = match rest.split_once(" => ") {
        Some((phrase, want)) if positive => (phrase.trim(), Some(want.trim())),
        None if !positive => (rest.trim(), None),
        _ => return Err("a + line needs ' => VALUE'; a - line has none".to_owned()),
    };
    let (text, target) = unbracket(phrase);
    let doc = Document::new("example", text.clone()).with_dct(dct);
    let out = extractor().extract(&doc);
    let all: Vec<String> = out
        .mentions
        .iter()
        .map(|m| format!("{} {:?} {} ({})", m.kind.as_str(), m.text, m.value.summary(), m.rule))
        .collect();
    let (start, end) = target.unwrap_or((0, text.chars().count()));
    let of_kind: Vec<_> = out.mentions.iter().filter(|m| m.kind.as_str() == kind).collect();
    let overlapping: Vec<_> = of_kind.iter().filter(|m| m.start < end && start < m.end).collect();
    match want {
        Some(want) => {
            let scope = if target.is_some() { &overlapping } else { &of_kind.iter().collect() };
            match scope.as_slice() {
                [m] if m.start == start && m.end == end && m.value.summary() == want => Ok(()),
                _ => Err(format!("want {want:?} over the whole span; got {all:?}")),
            }
        }
        None if overlapping.is_empty() => Ok(()),
        None => Err(format!("want no {kind} mention; got {all:?}")),
    }
}

fn run_table(kind: &str) {
    if let Ok(filter) = std::env::var("CLAIMEX_EXAMPLES")
        && !filter.split(',').any(|f| f == kind)
    {
        return;
    }
    let path = format!("{}/tests/examples/{kind}.txt", env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut dct = None;
    let mut failures = Vec::new();
    let mut cases = 0;
    for (index, line) in table.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(date) = line.strip_prefix("@dct ") {
            dct = match date.trim() {
                "none" => None,
                date => Some(Date::parse_iso(date).unwrap_or_else(|| panic!("{path}:{}: bad @dct", index + 1))),
            };
            continue;
        }
        cases += 1;
        if let Err(problem) = check_line(kind, line, dct) {
            failures.push(format!("{path}:{}: {line}\n    {problem}", index + 1));
        }
    }
    assert!(cases > 0, "{path}: no examples");
    assert!(failures.is_empty(), "{} of {cases} examples failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn time_examples() {
    run_table("time");
}

#[test]
fn money_examples() {
    run_table("money");
}

#[test]
fn percent_examples() {
    run_table("percent");
}

#[test]
fn quantity_examples() {
    run_table("quantity");
}

#[test]
fn actor_examples() {
    run_table("actor");
}
