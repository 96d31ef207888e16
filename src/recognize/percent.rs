//! Percentages and percentage points.
//! Data: rules/percent/. Examples: tests/examples/percent.txt.
//!
//! A figure (`number::scan_figures`) followed by a percent word ("%", "per cent",
//! "basis points"); ranges ("5-7%", "3.25% to 3.50%", "between 5 and 7 percent"); the
//! reversed "percent of 10"; hedges before ("about 12%"). A percent word with no figure
//! is a latent mention with no value.

use serde::Serialize;

use rust_decimal::Decimal;

use crate::document::Span;
use crate::error::Error;
use crate::number::{self, Figure, Join};
use crate::recognize::{Candidate, FigureFrame, SentenceContext};
use crate::rules::Rules;
use crate::value::{Amount, Value};

/// The value of a percent mention: either `percent` or `points`, or a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PercentValue {
    /// A percentage ("4.4%" → 4.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Amount>,
    /// Percentage points ("3 percentage points" → 3; "300 basis points" → 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Amount>,
    /// Lower bound of a range ("5-7%" → 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// Whether the text hedges the figure.
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the figure.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl PercentValue {
    /// `4.4%`, `3 points`, `5..7%`.
    pub fn summary(&self) -> String {
        let mut out = match (&self.percent, &self.points, &self.min, &self.max) {
            (Some(p), _, _, _) => format!("{p}%"),
            (None, Some(p), _, _) => format!("{p} points"),
            (None, None, Some(lo), Some(hi)) => format!("{lo}..{hi}%"),
            _ => "%".to_owned(),
        };
        if self.approx {
            out.push_str(" ~");
        }
        if let Some(m) = &self.modifier {
            out.push_str(&format!(" mod={m}"));
        }
        out
    }
}

/// One percent word.
#[derive(Debug, Clone)]
struct Word {
    form: String,
    points: bool,
    factor: Decimal,
}

/// A figure read as a percentage (offsets relative to the sentence).
#[derive(Debug, Clone, Copy)]
struct Reading {
    start: usize,
    end: usize,
    value: Decimal,
    points: bool,
    figure: Figure,
}

/// The percent recognizer.
#[derive(Debug)]
pub(crate) struct Percent {
    /// Percent words, longest first.
    words: Vec<Word>,
    /// Whether some percent word starts with the byte (ASCII letters in either case).
    first_bytes: [bool; 256],
}

impl Percent {
    /// Compiles the percent rules; fails on the first bad rule line.
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        let table = rules.table("percent/words.tsv", &["form", "measure", "factor"])?;
        let mut words = Vec::new();
        for row in &table.rows {
            let points = table.choice(row, 1, &[("percent", false), ("points", true)])?;
            let factor: Decimal = row
                .cell(2)
                .parse()
                .map_err(|_| table.error(row, format!("factor {:?} is not a decimal number", row.cell(2))))?;
            for form in row.alternatives(0) {
                words.push(Word { form: form.to_lowercase(), points, factor });
            }
        }
        words.sort_by(|a, b| b.form.len().cmp(&a.form.len()).then(a.form.cmp(&b.form)));
        let mut first_bytes = [false; 256];
        for word in &words {
            if let Some(&b) = word.form.as_bytes().first() {
                for b in [b, b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                    first_bytes[usize::from(b)] = true;
                }
            }
        }
        Ok(Percent { words, first_bytes })
    }

    /// Pushes each percent candidate in the sentence onto `out`, tagged with its rule id.
    pub(crate) fn find(&self, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        self.find_in(cx.sentence_text(), cx.sentence.span.start, cx.figures, Scan::Fast, out);
    }

    /// `find` on a sentence's text, which starts at byte `base` of the document; `scan`
    /// chooses how `reversed` looks for percent words, for the tests that compare the two.
    fn find_in(&self, text: &str, base: usize, figures: &[Figure], scan: Scan, out: &mut Vec<Candidate>) {
        // Every reading has a figure; most sentences have none.
        if figures.is_empty() {
            return;
        }
        let mut readings = Vec::new();
        for f in figures {
            if f.glued_left || f.hyphen_left {
                continue;
            }
            if let Some((end, word)) = self.word_after(text, f.end).filter(|_| !number::in_url(text, f.start)) {
                let Some(value) = f.value.checked_mul(word.factor) else {
                    continue;
                };
                readings.push(Reading { start: f.start, end, value, points: word.points, figure: *f });
            }
        }
        for r in &readings {
            let rule = match (r.points, text.get(r.figure.end..r.end).is_some_and(|w| w.trim_start().starts_with('%')))
            {
                (true, _) if r.value != r.figure.value => "percent/basis-points",
                (true, _) => "percent/points",
                (false, true) => "percent/sign",
                (false, false) => "percent/word",
            };
            emit(out, base, text, r.start, r.end, Some((r.value, r.points)), None, rule);
        }
        self.ranges(text, base, figures, &readings, out);
        let bound = match scan {
            Scan::Fast => self.last_percent_of(text, figures),
            Scan::Whole => Some(text.len()),
        };
        if let Some(bound) = bound {
            self.reversed(text, base, figures, &readings, bound, out);
        }
    }

    /// The percent word right after byte `i` ("%", " per cent"), with its end.
    fn word_after(&self, text: &str, i: usize) -> Option<(usize, &Word)> {
        let next = number::skip_spaces(text, i);
        if next - i > 1 {
            return None;
        }
        // Most figures are followed by a byte no percent word starts with.
        if !text.as_bytes().get(next).is_some_and(|&b| self.first_bytes[usize::from(b)]) {
            return None;
        }
        for word in &self.words {
            if word.form == "%" {
                if text.get(next..).is_some_and(|t| t.starts_with('%')) {
                    return Some((next + 1, word));
                }
                continue;
            }
            // Words need a space, except glued abbreviations ("50bp", "25bps").
            if next == i && word.form.len() > 3 {
                continue;
            }
            if let Some(end) = number::phrase_after(text, next, &word.form) {
                return Some((end, word));
            }
        }
        None
    }

    /// "5-7%", "between 5 and 7 percent", "3.25% to 3.50%".
    fn ranges(&self, text: &str, base: usize, figures: &[Figure], readings: &[Reading], out: &mut Vec<Candidate>) {
        for right in readings {
            // A bare figure on the left ("5-7%") or a full reading ("5% to 7%").
            let near = number::figures_ending_near(figures, right.start, 32);
            let lefts = near.iter().filter(|f| !f.glued_left && !f.hyphen_left).map(|f| {
                let at = readings.partition_point(|r| r.start < f.start);
                let reading = readings.get(at).filter(|r| r.start == f.start);
                (
                    f.start,
                    reading.map_or(f.end, |r| r.end),
                    reading.map_or(
                        f.value.checked_mul(right.value.checked_div(right.figure.value).unwrap_or(Decimal::ONE)),
                        |r| Some(r.value),
                    ),
                    reading.is_some_and(|r| r.points) || reading.is_none() && right.points,
                )
            });
            for (start, end, lo, points) in lefts {
                let Some(lo) = lo else { continue };
                let Some((join, next)) = number::join_after(text, end) else {
                    continue;
                };
                if next != right.start || points != right.points {
                    continue;
                }
                let intro = number::range_intro_before(text, start);
                let start = match (join, intro) {
                    (Join::And, Some((s, Join::And))) => s,
                    (Join::And, _) | (Join::To, Some((_, Join::To))) => continue,
                    (Join::Dash, Some((s, Join::And))) => s,
                    _ => start,
                };
                if lo >= right.value {
                    continue;
                }
                emit(out, base, text, start, right.end, None, Some((lo, right.value)), "percent/range");
            }
        }
    }

    /// "percent of 10": a percent word before its figure, with nothing after the figure;
    /// only words starting before `bound` are looked for.
    fn reversed(
        &self,
        text: &str,
        base: usize,
        figures: &[Figure],
        readings: &[Reading],
        bound: usize,
        out: &mut Vec<Candidate>,
    ) {
        let bytes = text.as_bytes();
        let mut i = 0;
        // Percent words start with "%" or "p"; nothing else is worth a look.
        while let Some(skip) = bytes.get(i..bound).and_then(|rest| memchr::memchr3(b'%', b'p', b'P', rest)) {
            i += skip;
            let at_word = !number::alnum_before(text, i);
            let matched = if at_word {
                self.words.iter().find_map(|w| {
                    if w.form == "%" {
                        text.get(i..).filter(|t| t.starts_with('%')).map(|_| (i + 1, w))
                    } else {
                        number::phrase_after(text, i, &w.form).map(|e| (e, w))
                    }
                })
            } else {
                None
            };
            let Some((end, word)) = matched else {
                i += 1;
                continue;
            };
            let taken = readings.get(readings.partition_point(|r| r.end <= i)).is_some_and(|r| r.start < end);
            if !taken && !number::in_url(text, i) {
                let after_of = number::phrase_after(text, number::skip_spaces(text, end), "of")
                    .map(|e| number::skip_spaces(text, e));
                let figure = after_of.and_then(|s| number::figure_at(figures, s));
                let clause_end = figure.is_some_and(|f| {
                    text.get(f.end..).is_some_and(|rest| {
                        let rest = rest.trim_start();
                        rest.is_empty() || rest.starts_with([',', '.', ';', ')', '!', '?'])
                    })
                });
                let preceded_by_number =
                    number::figures_ending_near(figures, i, 8).iter().any(|f| number::skip_spaces(text, f.end) >= i);
                match figure {
                    Some(f) if clause_end && !word.points && !preceded_by_number => {
                        emit(out, base, text, i, f.end, Some((f.value, false)), None, "percent/percent-of");
                    }
                    _ => {}
                }
            }
            i = end.max(i + 1);
        }
    }
}

impl Percent {
    /// Where the last "of" starts that stands between a percent word and a figure ("percent
    /// of 10"), if any: a reversed reading needs one, and its percent word starts before
    /// it, so `reversed` need look no further (nor at all without one). Its scan looks at
    /// every "p" of the sentence, while this looks only at the few bytes before each figure.
    fn last_percent_of(&self, text: &str, figures: &[Figure]) -> Option<usize> {
        let bytes = text.as_bytes();
        figures.iter().rev().find_map(|f| {
            let of_end = number::skip_spaces_back(text, f.start);
            let of_start = of_end.checked_sub(2)?;
            if !bytes.get(of_start..of_end)?.eq_ignore_ascii_case(b"of") {
                return None;
            }
            let word_end = number::skip_spaces_back(text, of_start);
            let before = bytes.get(..word_end)?;
            // The last word of each form only: the words of "per cent" may be spaced any way.
            let ends_with_word = self.words.iter().filter_map(|w| w.form.rsplit(' ').next()).any(|last| {
                before.len() >= last.len()
                    && before.get(before.len() - last.len()..).is_some_and(|t| t.eq_ignore_ascii_case(last.as_bytes()))
            });
            ends_with_word.then_some(of_start)
        })
    }
}

/// How far `reversed` looks for percent words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Up to the last "of" between a percent word and a figure (`last_percent_of`).
    Fast,
    /// The whole sentence: the reference the fast scan is tested against.
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

/// Pushes one candidate, with the hedge before it in its span.
#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut Vec<Candidate>,
    base: usize,
    text: &str,
    start: usize,
    end: usize,
    value: Option<(Decimal, bool)>,
    range: Option<(Decimal, Decimal)>,
    rule: &'static str,
) {
    let frame = FigureFrame::new(text, start, range);
    let amount = |d: Decimal| Some(Amount(d).normalized());
    let (percent, points) = match value {
        Some((v, false)) => (amount(v), None),
        Some((v, true)) => (None, amount(v)),
        None => (None, None),
    };
    out.push(Candidate::new(
        Span::new(base + frame.start, base + end),
        rule,
        Value::Percent(PercentValue {
            percent,
            points,
            min: frame.min,
            max: frame.max,
            approx: frame.approx,
            modifier: frame.modifier,
        }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn percent() -> Percent {
        Percent::new(&Rules::embedded()).expect("embedded rules compile")
    }

    fn find(p: &Percent, text: &str, scan: Scan) -> Vec<Candidate> {
        let mut figures = Vec::new();
        number::scan_figures(text, &mut figures);
        let mut out = Vec::new();
        p.find_in(text, 7, &figures, scan, &mut out);
        out
    }

    #[test]
    fn percent_of_is_found_by_the_fast_scan() {
        let p = percent();
        for text in ["It was 40 percent of 10.", "per  cent of 12", "Percent\u{a0}of 3", "a pct of 4"] {
            let fast = find(&p, text, Scan::Fast);
            assert_eq!(fast, find(&p, text, Scan::Whole), "{text:?}");
        }
        assert!(find(&p, "per  cent of 12", Scan::Fast).iter().any(|c| c.rule == "percent/percent-of"));
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "5",
            "12.5",
            "ten",
            "1,000",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            "%",
            "percent",
            "per cent",
            "per  cent",
            "Percent",
            "PER CENT",
            "of",
            "OF",
            "Of",
            "basis points",
            "bps",
            "bp",
            "pct",
            "percentage",
            "percentage points",
            ",",
            ".",
            "é",
            "€",
            "日本",
            "p",
            "pp",
            "about",
            "-",
            "–",
            "to",
            "between",
            "and",
            "http://x.y/a?b=1",
            "%20",
            "some",
            "(",
            ")",
            "x",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_scan_reads_as_the_whole_scan(pieces in prop::collection::vec(piece(), 0..24)) {
            let p = percent();
            let text: String = pieces.concat();
            prop_assert_eq!(find(&p, &text, Scan::Fast), find(&p, &text, Scan::Whole));
        }
    }
}
