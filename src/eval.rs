//! Scoring against gold spans, computed exactly as `shared/tools/score_spans.py` does
//! (that script is the reference): strict and relaxed precision/recall/F1, value
//! accuracy, value F1 and whole-case accuracy per type.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};

use serde::Deserialize;

use crate::output::Extraction;
use crate::value::{Amount, Value};

/// One annotated or predicted span, offsets in code points.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScoredSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// TIMEX (or DATE/TIME/DURATION/SET), MONEY, PERCENT, QUANTITY, PERSON, ORG, LOC…
    #[serde(rename = "type")]
    pub span_type: String,
    /// The normalised value, compared as the reference scorer does.
    #[serde(default)]
    pub value: Option<String>,
    /// The TIMEX3 type of a time span.
    #[serde(default)]
    pub subtype: Option<String>,
}

/// One gold document (a line of the shared gold format).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its document date.
    #[serde(default)]
    pub dct: Option<String>,
    /// The gold spans.
    pub spans: Vec<ScoredSpan>,
    /// Cases the source excuses some systems from.
    #[serde(default)]
    pub not_supported: bool,
}

fn norm_type(t: &str) -> String {
    let upper = t.to_uppercase();
    if matches!(upper.as_str(), "DATE" | "TIME" | "DURATION" | "SET" | "TIMEX") { "TIMEX".to_owned() } else { upper }
}

/// Our mentions as scored spans, typed as `claimex_to_spans.py` types them; `conll`
/// folds GPE into LOC and NORP into MISC.
pub fn spans_of(ex: &Extraction, conll: bool) -> Vec<ScoredSpan> {
    let num = |a: &Option<Amount>| a.map(|a| a.to_string()).unwrap_or_else(|| "None".to_owned());
    ex.mentions
        .iter()
        .filter_map(|m| {
            let (span_type, value, subtype) = match &m.value {
                Value::Time(v) => ("TIMEX".to_owned(), Some(v.timex.clone()), Some(v.timex_type.as_str().to_owned())),
                Value::Money(v) => {
                    ("MONEY".to_owned(), Some(format!("{} {}", v.currency, num(&v.amount.or(v.min)))), None)
                }
                Value::Percent(v) => ("PERCENT".to_owned(), Some(num(&v.percent.or(v.points))), None),
                Value::Quantity(v) => ("QUANTITY".to_owned(), Some(format!("{} {}", num(&v.amount), v.unit)), None),
                Value::Actor(v) => {
                    let t = match v.actor_type {
                        "person" => "PERSON",
                        "country" | "city" | "territory" | "union" => "GPE",
                        "region" | "location" => "LOC",
                        "group" => "NORP",
                        _ => "ORG",
                    };
                    let t = match (conll, t) {
                        (true, "GPE") => "LOC",
                        (true, "NORP") => "MISC",
                        (_, t) => t,
                    };
                    (t.to_owned(), Some(v.id.to_string()), None)
                }
                Value::Name(_) => return None,
            };
            Some(ScoredSpan { start: m.start, end: m.end, span_type, value, subtype })
        })
        .collect()
}

/// The first number in `s`, commas removed, as the reference scorer reads it.
fn parse_num(s: &str) -> Option<f64> {
    let s = s.replace(',', "");
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let negative = bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if bytes[i].is_ascii_digit() || negative {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if matches!(bytes.get(i), Some(b'e' | b'E')) {
                let mut j = i + 1;
                if matches!(bytes.get(j), Some(b'+' | b'-')) {
                    j += 1;
                }
                if bytes.get(j).is_some_and(u8::is_ascii_digit) {
                    while j < bytes.len() && bytes[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                }
            }
            return s[start..i].parse().ok();
        }
        i += 1;
    }
    None
}

fn value_ok(span_type: &str, gold: Option<&str>, pred: Option<&str>) -> bool {
    let Some(gold) = gold else { return true };
    let Some(pred) = pred else { return false };
    if matches!(span_type, "MONEY" | "PERCENT" | "QUANTITY") {
        let (Some(g), Some(p)) = (parse_num(gold), parse_num(pred)) else {
            return false;
        };
        if (g - p).abs() > 1e-9 * g.abs().max(1.0) {
            return false;
        }
        if span_type == "MONEY" {
            let gc = gold.split(' ').next().unwrap_or("");
            let pc = pred.split(' ').next().unwrap_or("");
            if gc.len() == 3 && gc.bytes().all(|b| b.is_ascii_uppercase()) {
                return gc == pc;
            }
        }
        return true;
    }
    gold.trim() == pred.trim()
}

#[derive(Debug, Default, Clone)]
struct Counts {
    gold: usize,
    pred: usize,
    strict_g: usize,
    strict_p: usize,
    relaxed_g: usize,
    relaxed_p: usize,
    value_ok: usize,
    type_ok: usize,
    cases: usize,
    cases_ok: usize,
}

/// One scoring error: a miss, a spurious span, or a match with the wrong span or value.
#[derive(Debug, Clone)]
pub struct ScoreError {
    /// The span type.
    pub span_type: String,
    /// The document id.
    pub doc: String,
    /// Gold text and value (absent for a spurious span).
    pub gold: Option<(String, Option<String>)>,
    /// Predicted text and value (absent for a miss).
    pub pred: Option<(String, Option<String>)>,
}

/// The scores of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    counts: BTreeMap<String, Counts>,
    /// Every error, in gold order.
    pub errors: Vec<ScoreError>,
    /// How many errors `Display` lists.
    pub show_errors: usize,
}

fn prf(tp_g: usize, tp_p: usize, gold: usize, pred: usize) -> (f64, f64, f64) {
    let p = if pred > 0 { tp_p as f64 / pred as f64 } else { 0.0 };
    let r = if gold > 0 { tp_g as f64 / gold as f64 } else { 0.0 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

/// Scores predictions (by document id) against gold documents, over `types` (all types
/// when `None`), skipping `not_supported` cases when `supported_only`.
pub fn score(
    gold: &[GoldDoc],
    pred: &HashMap<String, Vec<ScoredSpan>>,
    types: Option<&[String]>,
    supported_only: bool,
) -> Report {
    let want: Option<BTreeSet<String>> = types.map(|t| t.iter().map(|t| norm_type(t)).collect());
    // Later gold lines with the same id replace earlier ones, as the reference's dict does.
    let mut order: Vec<&str> = Vec::new();
    let mut by_id: HashMap<&str, &GoldDoc> = HashMap::new();
    for doc in gold {
        if by_id.insert(doc.id.as_str(), doc).is_none() {
            order.push(doc.id.as_str());
        }
    }
    let mut report = Report::default();
    let empty = Vec::new();
    for id in order {
        let g = by_id[id];
        if supported_only && g.not_supported {
            continue;
        }
        let norm = |s: &ScoredSpan| ScoredSpan { span_type: norm_type(&s.span_type), ..s.clone() };
        let gs: Vec<ScoredSpan> = g.spans.iter().map(norm).collect();
        let ps: Vec<ScoredSpan> = pred.get(id).unwrap_or(&empty).iter().map(norm).collect();
        let mut doc_types: BTreeSet<String> = gs.iter().chain(&ps).map(|s| s.span_type.clone()).collect();
        if let Some(want) = &want {
            doc_types.retain(|t| want.contains(t));
            for t in want {
                report.counts.entry(t.clone()).or_default();
            }
        }
        for t in doc_types {
            let gt: Vec<&ScoredSpan> = gs.iter().filter(|s| s.span_type == t).collect();
            let pt: Vec<&ScoredSpan> = ps.iter().filter(|s| s.span_type == t).collect();
            let c = report.counts.entry(t.clone()).or_default();
            c.gold += gt.len();
            c.pred += pt.len();
            let same = |a: &ScoredSpan, b: &ScoredSpan| a.start == b.start && a.end == b.end;
            let overlap = |a: &ScoredSpan, b: &ScoredSpan| a.start < b.end && b.start < a.end;
            c.strict_g += gt.iter().filter(|s| pt.iter().any(|p| same(p, s))).count();
            c.strict_p += pt.iter().filter(|p| gt.iter().any(|s| same(p, s))).count();
            let mut case_ok = gt.len() == pt.len();
            for s in &gt {
                let ov: Vec<&&ScoredSpan> = pt.iter().filter(|p| overlap(p, s)).collect();
                let best = ov.iter().min_by_key(|p| p.start.abs_diff(s.start) + p.end.abs_diff(s.end));
                match best {
                    Some(best) => {
                        c.relaxed_g += 1;
                        let vok = value_ok(&t, s.value.as_deref(), best.value.as_deref());
                        c.value_ok += usize::from(vok);
                        if t == "TIMEX" && s.subtype.as_deref().is_some_and(|x| !x.is_empty()) {
                            c.type_ok += usize::from(s.subtype == best.subtype);
                        }
                        let exact = same(best, s);
                        case_ok &= vok && exact;
                        if !(vok && exact) {
                            report.errors.push(ScoreError {
                                span_type: t.clone(),
                                doc: id.to_owned(),
                                gold: Some((slice(&g.text, s.start, s.end), s.value.clone())),
                                pred: Some((slice(&g.text, best.start, best.end), best.value.clone())),
                            });
                        }
                    }
                    None => {
                        case_ok = false;
                        report.errors.push(ScoreError {
                            span_type: t.clone(),
                            doc: id.to_owned(),
                            gold: Some((slice(&g.text, s.start, s.end), s.value.clone())),
                            pred: None,
                        });
                    }
                }
            }
            c.relaxed_p += pt.iter().filter(|p| gt.iter().any(|s| overlap(p, s))).count();
            for p in &pt {
                if !gt.iter().any(|s| overlap(p, s)) {
                    report.errors.push(ScoreError {
                        span_type: t.clone(),
                        doc: id.to_owned(),
                        gold: None,
                        pred: Some((slice(&g.text, p.start, p.end), p.value.clone())),
                    });
                }
            }
            c.cases += 1;
            c.cases_ok += usize::from(case_ok);
        }
    }
    report
}

impl Report {
    /// Micro strict F1 and value F1 over all scored types.
    pub fn micro(&self) -> (f64, f64) {
        let mut t = Counts::default();
        for c in self.counts.values() {
            t.gold += c.gold;
            t.pred += c.pred;
            t.strict_g += c.strict_g;
            t.strict_p += c.strict_p;
            t.value_ok += c.value_ok;
        }
        (prf(t.strict_g, t.strict_p, t.gold, t.pred).2, prf(t.value_ok, t.value_ok, t.gold, t.pred).2)
    }

    /// Strict F1, relaxed F1 and value F1 of one type.
    pub fn f1(&self, span_type: &str) -> Option<(f64, f64, f64)> {
        let c = self.counts.get(&norm_type(span_type))?;
        Some((
            prf(c.strict_g, c.strict_p, c.gold, c.pred).2,
            prf(c.relaxed_g, c.relaxed_p, c.gold, c.pred).2,
            prf(c.value_ok, c.value_ok, c.gold, c.pred).2,
        ))
    }
}

fn py_repr(value: &Option<String>) -> String {
    value.as_ref().map_or_else(|| "null".to_owned(), |v| serde_json::to_string(v).unwrap_or_default())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:9} {:>5} {:>5} | {:>8} {:>6} {:>6} | {:>7} {:>6} {:>6} | {:>9} {:>8} | cases ok",
            "type", "gold", "pred", "strict P", "R", "F1", "relax P", "R", "F1", "value acc", "value F1"
        )?;
        let (mut cases, mut cases_ok) = (0, 0);
        for (t, c) in &self.counts {
            let (sp, sr, sf) = prf(c.strict_g, c.strict_p, c.gold, c.pred);
            let (rp, rr, rf) = prf(c.relaxed_g, c.relaxed_p, c.gold, c.pred);
            let vacc = if c.relaxed_g > 0 { c.value_ok as f64 / c.relaxed_g as f64 } else { 0.0 };
            let (_, _, vf) = prf(c.value_ok, c.value_ok, c.gold, c.pred);
            writeln!(
                f,
                "{t:9} {:5} {:5} | {sp:8.3} {sr:6.3} {sf:6.3} | {rp:7.3} {rr:6.3} {rf:6.3} | {vacc:9.3} {vf:8.3} | {}/{}",
                c.gold, c.pred, c.cases_ok, c.cases
            )?;
            cases += c.cases;
            cases_ok += c.cases_ok;
        }
        for e in self.errors.iter().take(self.show_errors) {
            let mut line = format!(
                "ERR [{}, {}",
                serde_json::to_string(&e.span_type).unwrap_or_default(),
                py_repr(&Some(e.doc.clone()))
            );
            let part = |x: &Option<(String, Option<String>)>| match x {
                Some((text, value)) => {
                    format!("{}, {}", py_repr(&Some(text.clone())), py_repr(value))
                }
                None => "null, null".to_owned(),
            };
            let _ = write!(line, ", {}, {}]", part(&e.gold), part(&e.pred));
            writeln!(f, "{line}")?;
        }
        let (sf, vf) = self.micro();
        write!(f, "micro strict F1 {sf:.3}, value F1 {vf:.3}, cases ok {cases_ok}/{cases}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, t: &str, v: &str) -> ScoredSpan {
        ScoredSpan { start, end, span_type: t.to_owned(), value: Some(v.to_owned()), subtype: None }
    }

    #[test]
    fn strict_relaxed_and_value() {
        let gold = vec![GoldDoc {
            id: "a".into(),
            text: "It cost USD 5 million in 2024 and 3% more.".into(),
            dct: None,
            spans: vec![
                span(8, 21, "MONEY", "USD 5000000"),
                span(25, 29, "DATE", "2024"),
                span(34, 36, "PERCENT", "3"),
            ],
            not_supported: false,
        }];
        let mut pred = HashMap::new();
        pred.insert(
            "a".to_owned(),
            vec![span(8, 21, "MONEY", "USD 5000000"), span(22, 29, "TIMEX", "2023"), span(37, 41, "PERCENT", "9")],
        );
        let report = score(&gold, &pred, None, false);
        assert_eq!(report.f1("MONEY"), Some((1.0, 1.0, 1.0)));
        assert_eq!(report.f1("TIMEX"), Some((0.0, 1.0, 0.0)));
        assert_eq!(report.f1("PERCENT"), Some((0.0, 0.0, 0.0)));
        assert_eq!(report.errors.len(), 3);
    }

    #[test]
    fn money_compares_iso_codes_only() {
        assert!(value_ok("MONEY", Some("Dollar 75000000"), Some("USD 75000000")));
        assert!(!value_ok("MONEY", Some("EUR 75"), Some("USD 75")));
        assert!(value_ok("PERCENT", Some("4.4"), Some("4.4")));
        assert!(value_ok("TIMEX", None, None));
        assert_eq!(parse_num("USD 1,178.5e3"), Some(1_178_500.0));
    }
}
