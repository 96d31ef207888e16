//! Expected facts for corpus articles, checked as `shared/tools/check_expected.py` checks
//! them (that script is the reference; this is a port of its logic). Each file
//! `tests/expected/<article>.json` names `corpus/<article>.txt`. A fact marked
//! `"pending": "…"` is a known gap: it is reported, not failed.
//!
//! The seed article's own expectations (`../shared/seed/expected.json`) are checked too
//! when that file is present beside the project.

use claimex::{Document, Extractor, Rules};
use serde_json::{Map, Value};

fn num_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        _ => a == b,
    }
}

fn value_matches(want: &Value, got: Option<&Value>) -> bool {
    let (Some(want), Some(Value::Object(got))) = (want.as_object(), got) else { return false };
    want.iter().all(|(k, v)| got.get(k).is_some_and(|g| num_eq(v, g)))
}

fn text_of(v: &Value) -> &str {
    v.get("text").and_then(Value::as_str).unwrap_or("")
}

fn mention_text_ok(fact: &Value, m: &Value) -> bool {
    let t = text_of(m);
    if let Some(want) = fact.get("text").and_then(Value::as_str) {
        return t == want;
    }
    if let Some(within) = fact.get("text_in").and_then(Value::as_str) {
        return !t.is_empty() && (within.contains(t) || t.contains(within)) && t.chars().count() >= 2;
    }
    true
}

fn find_mention<'a>(fact: &Value, mentions: &'a [Value]) -> Option<&'a Value> {
    mentions.iter().find(|m| {
        m.get("kind") == fact.get("kind")
            && mention_text_ok(fact, m)
            && fact.get("value").is_none_or(|v| value_matches(v, m.get("value")))
    })
}

fn actor_key_matches(key: &str, m: &Value) -> bool {
    let v = m.get("value").cloned().unwrap_or(Value::Null);
    if key.len() == 3 && key.chars().all(|c| c.is_ascii_uppercase()) {
        return v.get("id").and_then(Value::as_str) == Some(key)
            || v.get("country").and_then(Value::as_str) == Some(key);
    }
    text_of(m).contains(key) || v.get("name").and_then(Value::as_str).unwrap_or("").contains(key)
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

/// Checks one output against expected facts; returns (passed, failures, pending gaps).
fn check(expected: &Value, out: &Value, source: &str) -> (usize, Vec<String>, Vec<String>) {
    let empty = Vec::new();
    let mentions = out.get("mentions").and_then(Value::as_array).unwrap_or(&empty);
    let sentences = out.get("sentences").and_then(Value::as_array).unwrap_or(&empty);
    let claims = out.get("claims").and_then(Value::as_array).unwrap_or(&empty);
    let by_id: Map<String, Value> =
        mentions.iter().map(|m| (m.get("id").map(|i| i.to_string()).unwrap_or_default(), m.clone())).collect();
    let mention = |id: &Value| by_id.get(&id.to_string());
    let (mut passed, mut fails, mut pending) = (0, Vec::new(), Vec::new());
    let mut record = |ok: bool, fact: &Value, what: String| {
        if ok {
            passed += 1;
        } else if let Some(why) = fact.get("pending").and_then(Value::as_str) {
            pending.push(format!("{what} (pending: {why})"));
        } else {
            fails.push(what);
        }
    };
    let doc = out.get("doc").cloned().unwrap_or(Value::Null);
    let none = Value::Null;
    let exp_doc = expected.get("doc").unwrap_or(&none);
    if let Some(title) = exp_doc.get("title") {
        record(doc.get("title") == Some(title), exp_doc, format!("doc.title is {:?}", doc.get("title")));
    }
    if let Some(dct) = exp_doc.get("dct") {
        record(doc.get("dct") == Some(dct), exp_doc, format!("doc.dct is {:?}", doc.get("dct")));
    }
    for author in exp_doc.get("authors_include").and_then(Value::as_array).unwrap_or(&empty) {
        let a = author.as_str().unwrap_or("");
        let has = doc
            .get("authors")
            .and_then(Value::as_array)
            .is_some_and(|xs| xs.iter().any(|x| x.as_str().unwrap_or("").contains(a)));
        record(has, exp_doc, format!("doc.authors lacks {a:?}"));
    }
    let bad: Vec<&Value> = mentions
        .iter()
        .filter(|m| {
            let (s, e) = (m["start"].as_u64().unwrap_or(0) as usize, m["end"].as_u64().unwrap_or(0) as usize);
            slice(source, s, e) != text_of(m)
        })
        .collect();
    record(bad.is_empty(), &none, format!("{} mentions whose text is not the source at their offsets", bad.len()));
    for fact in expected.get("mentions").and_then(Value::as_array).unwrap_or(&empty) {
        record(find_mention(fact, mentions).is_some(), fact, format!("missing mention {fact}"));
    }
    for fact in expected.get("not_mentions").and_then(Value::as_array).unwrap_or(&empty) {
        let kinds = fact.get("kinds").and_then(Value::as_array).unwrap_or(&empty);
        let hits: Vec<&Value> = mentions
            .iter()
            .filter(|m| kinds.contains(m.get("kind").unwrap_or(&none)))
            .filter(|m| {
                let at =
                    fact.get("start").is_some_and(|s| m.get("start") == Some(s) && m.get("text") == fact.get("text"));
                let within = fact.get("text_in_only").and_then(Value::as_str).is_some_and(|only| {
                    let t = text_of(m);
                    !t.is_empty() && format!("{only} ").contains(t) && t.contains(only)
                });
                at || within
            })
            .collect();
        record(
            hits.is_empty(),
            fact,
            format!("unwanted ({}): {:?}", fact["why"], hits.iter().map(|h| text_of(h)).collect::<Vec<_>>()),
        );
    }
    let sentence_text = |c: &Value| -> String {
        let i = c.get("sentence");
        sentences
            .iter()
            .find(|s| s.get("i") == i)
            .map(|s| slice(source, s["start"].as_u64().unwrap_or(0) as usize, s["end"].as_u64().unwrap_or(0) as usize))
            .unwrap_or_else(|| text_of(c).to_owned())
    };
    for fact in expected.get("claims").and_then(Value::as_array).unwrap_or(&empty) {
        let has = fact["sentence_has"].as_str().unwrap_or("");
        let candidates: Vec<&Value> = claims.iter().filter(|c| sentence_text(c).contains(has)).collect();
        if candidates.is_empty() {
            record(false, fact, format!("no claim for sentence with {has:?}"));
            continue;
        }
        let mut best: Option<Vec<String>> = None;
        for c in candidates {
            let mut p = Vec::new();
            let time = c.get("time").cloned().unwrap_or(Value::Null);
            if let Some(k) = fact.get("kind").filter(|k| c.get("kind") != Some(k)) {
                p.push(format!("kind {:?} != {k}", c.get("kind")));
            }
            if let Some(t) = fact.get("time").filter(|t| time.get("timex") != Some(t)) {
                p.push(format!("time {:?} != {t}", time.get("timex")));
            }
            if let Some(t) = fact.get("time_from").filter(|t| time.get("from") != Some(t)) {
                p.push(format!("time.from {:?} != {t}", time.get("from")));
            }
            if let Some(m) = fact.get("modality").filter(|m| c.get("modality") != Some(m)) {
                p.push(format!("modality {:?} != {m}", c.get("modality")));
            }
            if let Some(ms) = fact.get("modality_in").and_then(Value::as_array)
                && !ms.contains(c.get("modality").unwrap_or(&none))
            {
                p.push(format!("modality {:?} not in {ms:?}", c.get("modality")));
            }
            let actors: Vec<&Value> = c
                .get("actors")
                .and_then(Value::as_array)
                .unwrap_or(&empty)
                .iter()
                .filter_map(|a| a.get("mention").and_then(mention))
                .collect();
            for key in fact.get("actors_include").and_then(Value::as_array).unwrap_or(&empty) {
                let key = key.as_str().unwrap_or("");
                if !actors.iter().any(|a| actor_key_matches(key, a)) {
                    p.push(format!("no actor {key:?}"));
                }
            }
            let figures: Vec<&Value> =
                c.get("figures").and_then(Value::as_array).unwrap_or(&empty).iter().filter_map(mention).collect();
            for f in fact.get("figures_include").and_then(Value::as_array).unwrap_or(&empty) {
                let f = f.as_str().unwrap_or("");
                if !figures.iter().any(|x| text_of(x).contains(f) || f.contains(text_of(x))) {
                    p.push(format!("no figure {f:?}"));
                }
            }
            let att = c.get("attribution").cloned().unwrap_or(Value::Null);
            if let Some(cue) = fact.get("attribution_cue").and_then(Value::as_str)
                && !att.get("cue").and_then(Value::as_str).unwrap_or("").contains(cue)
            {
                p.push(format!("attribution cue {:?}", att.get("cue")));
            }
            if let Some(key) = fact.get("attribution_source").and_then(Value::as_str) {
                let source = att.get("source").filter(|s| s.is_u64()).and_then(mention);
                if !source.is_some_and(|s| actor_key_matches(key, s)) {
                    p.push(format!("attribution source {:?}", att.get("source")));
                }
            }
            if best.as_ref().is_none_or(|b| p.len() < b.len()) {
                best = Some(p);
            }
        }
        let best = best.unwrap_or_default();
        record(best.is_empty(), fact, format!("claim {has:?}: {}", best.join("; ")));
    }
    for fact in expected.get("not_claims").and_then(Value::as_array).unwrap_or(&empty) {
        let has = fact["sentence_has"].as_str().unwrap_or("");
        let hit = claims.iter().any(|c| sentence_text(c).contains(has));
        record(!hit, fact, format!("unwanted claim ({})", fact["why"]));
    }
    (passed, fails, pending)
}

fn run(expected_path: &str, article: &str) -> (usize, Vec<String>, Vec<String>) {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(expected_path).expect("expected file"))
        .unwrap_or_else(|e| panic!("{expected_path}: {e}"));
    let text = std::fs::read_to_string(article).unwrap_or_else(|e| panic!("{article}: {e}"));
    let extractor = Extractor::new(&Rules::embedded()).expect("embedded rules compile");
    let id = std::path::Path::new(article).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let out = serde_json::to_value(extractor.extract(&Document::new(id, text.clone()))).expect("serializes");
    check(&expected, &out, &text)
}

#[test]
fn corpus_articles_hold_their_expected_facts() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<_> = std::fs::read_dir(format!("{root}/tests/expected"))
        .expect("tests/expected")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "expected facts for at least three corpus articles");
    let mut report = Vec::new();
    let mut failed = 0;
    for path in files {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let (passed, fails, pending) = run(&path.display().to_string(), &format!("{root}/corpus/{stem}.txt"));
        failed += fails.len();
        report.push(format!("{stem}: {passed} passed, {} failed, {} pending", fails.len(), pending.len()));
        report.extend(fails.iter().map(|f| format!("  FAIL {f}")));
        report.extend(pending.iter().map(|f| format!("  PENDING {f}")));
    }
    println!("{}", report.join("\n"));
    assert_eq!(failed, 0, "\n{}", report.join("\n"));
}

#[test]
fn the_seed_article_holds_its_expected_facts_when_shared_is_present() {
    let root = env!("CARGO_MANIFEST_DIR");
    let seed = format!("{root}/../shared/seed/expected.json");
    if !std::path::Path::new(&seed).exists() {
        println!("../shared/seed/expected.json is absent: seed check skipped");
        return;
    }
    let (passed, fails, _) = run(&seed, &format!("{root}/corpus/russia-azerbaijan.txt"));
    assert!(fails.is_empty(), "{passed} passed, {} failed:\n{}", fails.len(), fails.join("\n"));
}
