//! Quantities: an amount with a unit, and rates ("20,000 barrels per day").
//! Data: rules/quantity/. Examples: tests/examples/quantity.txt.
//!
//! A figure (`number::scan_figures`) followed by a unit of `units.tsv` (one anchored
//! Aho-Corasick search, ASCII case-insensitive, leftmost-longest), then optionally a short
//! "of X" filler and a rate of `rates.tsv` ("300 million cubic meters of natural gas per
//! day"); ranges ("10 to 12 billion cubic metres") and hedges ("about 250 employees").

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::bits::{BYTE_PAIRS, Bits, byte_pair};
use crate::document::Span;
use crate::error::Error;
use crate::number::{self, Figure, Join, Scale};
use crate::recognize::{Candidate, FigureFrame, SentenceContext};
use crate::rules::Rules;
use crate::value::{Amount, Value};

/// The value of a quantity mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantityValue {
    /// The amount; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Lower bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// The unit, singular and normalised ("barrel", "cubic meter", "employee").
    pub unit: String,
    /// The unit of a rate ("day" in "per day").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Whether the text hedges the amount.
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the amount.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl QuantityValue {
    /// `20000 barrel/day`, `38 life`.
    pub fn summary(&self) -> String {
        let mut out = match (&self.amount, &self.min, &self.max) {
            (Some(a), _, _) => format!("{a} {}", self.unit),
            (None, Some(lo), Some(hi)) => format!("{lo}..{hi} {}", self.unit),
            _ => self.unit.clone(),
        };
        if let Some(per) = &self.per {
            out.push_str(&format!("/{per}"));
        }
        if self.approx {
            out.push_str(" ~");
        }
        if let Some(m) = &self.modifier {
            out.push_str(&format!(" mod={m}"));
        }
        out
    }
}

/// How a unit may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A measure: any case, after a space, glued or hyphenated.
    Measure,
    /// A counted thing: any case, after a space only.
    Count,
    /// An abbreviation: exact case, after a space or glued.
    Abbrev,
}

/// One surface form of a unit.
#[derive(Debug, Clone)]
struct UnitForm {
    surface: String,
    unit: String,
    factor: Decimal,
    per: Option<String>,
    class: Class,
}

/// A unit found after a figure.
#[derive(Debug, Clone, Copy)]
struct UnitAt<'a> {
    end: usize,
    form: &'a UnitForm,
}

/// The quantity recognizer.
#[derive(Debug)]
pub(crate) struct Quantity {
    units: AhoCorasick,
    /// The first two bytes of each unit pattern (see `Heads`).
    unit_heads: Heads,
    forms: Vec<Vec<UnitForm>>,
    rates: AhoCorasick,
    rate_units: Vec<String>,
}

fn anchored(patterns: &[String]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(patterns)
}

impl Quantity {
    /// Compiles the quantity rules; fails on the first bad rule line.
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        let table = rules.table("quantity/units.tsv", &["forms", "unit", "factor", "per", "class"])?;
        let mut patterns: Vec<String> = Vec::new();
        let mut forms: Vec<Vec<UnitForm>> = Vec::new();
        for row in &table.rows {
            let factor: Decimal = row
                .cell(2)
                .parse()
                .map_err(|_| table.error(row, format!("factor {:?} is not a decimal number", row.cell(2))))?;
            let class = table.choice(
                row,
                4,
                &[("measure", Class::Measure), ("count", Class::Count), ("abbrev", Class::Abbrev)],
            )?;
            for surface in row.alternatives(0) {
                let form = UnitForm {
                    surface: surface.to_owned(),
                    unit: row.cell(1).to_owned(),
                    factor,
                    per: Some(row.cell(3)).filter(|p| !p.is_empty()).map(str::to_owned),
                    class,
                };
                let key = surface.to_lowercase();
                match patterns.iter().position(|p| *p == key) {
                    Some(i) => {
                        if let Some(list) = forms.get_mut(i) {
                            list.push(form);
                        }
                    }
                    None => {
                        patterns.push(key);
                        forms.push(vec![form]);
                    }
                }
            }
        }
        let units =
            anchored(&patterns).map_err(|e| table.error(&table.rows[0], format!("cannot compile units: {e}")))?;
        let unit_heads = Heads::new(&patterns);
        let rate_table = rules.table("quantity/rates.tsv", &["form", "per"])?;
        let mut rate_patterns = Vec::new();
        let mut rate_units = Vec::new();
        for row in &rate_table.rows {
            for form in row.alternatives(0) {
                rate_patterns.push(form.to_lowercase());
                rate_units.push(row.cell(1).to_owned());
            }
        }
        let rates = anchored(&rate_patterns)
            .map_err(|e| Error::rule("quantity/rates.tsv", 1, 1, format!("cannot compile rates: {e}")))?;
        Ok(Quantity { units, unit_heads, forms, rates, rate_units })
    }

    /// Pushes each quantity candidate in the sentence onto `out`, tagged with its rule id.
    pub(crate) fn find(&self, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        let text = cx.sentence_text();
        let base = cx.sentence.span.start;
        let figures = cx.figures;
        for (k, f) in figures.iter().enumerate() {
            if f.glued_left || f.hyphen_left {
                continue;
            }
            let Some((unit, hyphen)) = self.unit_after(text, f) else {
                continue;
            };
            if number::in_url(text, f.start) {
                continue;
            }
            if unit.form.class == Class::Count && looks_like_year(text, f) || model_number(text, f) {
                continue;
            }
            let value_end = if f.scale == Scale::Abbrev && unit_starts_at_scale(text, f) { f.base_end } else { f.end };
            let base_value = if value_end == f.base_end { f.base_value } else { f.value };
            let Some(amount) = base_value.checked_mul(unit.form.factor) else {
                continue;
            };
            let (end, per) = match &unit.form.per {
                Some(per) => (unit.end, Some(per.clone())),
                None => self.rate_after(text, unit.end).map_or((unit.end, None), |(e, p)| (e, Some(p))),
            };
            let rule = match (hyphen, unit.form.class, per.is_some()) {
                (true, _, _) => "quantity/hyphen-unit",
                (false, _, true) => "quantity/unit-per-rate",
                (false, Class::Count, false) => "quantity/count",
                (false, _, false) => "quantity/unit",
            };
            emit(out, base, text, f.start, end, &unit.form.unit, per.clone(), Some(amount), None, rule);
            // A range ending in this figure: "10 to 12 billion cubic metres", "eight to 10 feet".
            if hyphen || k == 0 {
                continue;
            }
            let Some(left) = figures.get(k - 1) else {
                continue;
            };
            if left.glued_left || left.hyphen_left {
                continue;
            }
            let Some((join, next)) = number::join_after(text, left.end) else {
                continue;
            };
            if next != f.start {
                continue;
            }
            let intro = number::range_intro_before(text, left.start);
            let start = match (join, intro) {
                (Join::And, Some((s, Join::And))) | (Join::Dash, Some((s, Join::And))) => s,
                (Join::And, _) | (Join::To, Some((_, Join::To))) => continue,
                _ => left.start,
            };
            let lo = if left.scale == Scale::None && f.scale != Scale::None && value_end == f.end {
                left.value.checked_mul(scale_of(f))
            } else {
                Some(left.value)
            };
            let Some(lo) = lo.and_then(|lo| lo.checked_mul(unit.form.factor)) else {
                continue;
            };
            if lo >= amount {
                continue;
            }
            emit(out, base, text, start, end, &unit.form.unit, per, None, Some((lo, amount)), "quantity/range");
        }
    }

    /// The unit right after a figure: glued ("75ml", "1.8m"), after a space ("20,000
    /// barrels") or a hyphen ("six-mile"); the bool says hyphenated.
    fn unit_after(&self, text: &str, f: &Figure) -> Option<(UnitAt<'_>, bool)> {
        let bytes = text.as_bytes();
        // "1.8m tall": a glued "m" read as a scale is a meter when a unit is wanted.
        if f.scale == Scale::Abbrev && unit_starts_at_scale(text, f) {
            return self.unit_at(text, f.base_end, Glue::Glued).map(|u| (u, false));
        }
        if let Some(u) = self.unit_at(text, f.end, Glue::Glued) {
            return Some((u, false));
        }
        if bytes.get(f.end) == Some(&b'-') {
            return self.unit_at(text, f.end + 1, Glue::Hyphen).map(|u| (u, true));
        }
        let next = number::skip_spaces(text, f.end);
        if next > f.end && next - f.end <= 2 {
            return self.unit_at(text, next, Glue::Spaced).map(|u| (u, false));
        }
        None
    }

    fn unit_at(&self, text: &str, i: usize, glue: Glue) -> Option<UnitAt<'_>> {
        // Most places start no unit, which two bytes show before a search is set up.
        if i >= text.len() || !self.unit_heads.may_start(text.as_bytes(), i) {
            return None;
        }
        let m = self.units.find(Input::new(text).range(i..).anchored(Anchored::Yes))?;
        let surface = text.get(m.start()..m.end())?;
        let end = m.end();
        // "24703m212", "24703 L-202": a unit runs on into a code.
        if number::alnum_after(text, end)
            || text
                .get(end..)
                .is_some_and(|t| t.starts_with('-') && t.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
        {
            return None;
        }
        let form = self.forms.get(m.pattern().as_usize())?.iter().find(|form| {
            let case_ok = form.class != Class::Abbrev || form.surface == surface;
            let glue_ok = match glue {
                Glue::Spaced => true,
                Glue::Glued => form.class != Class::Count,
                Glue::Hyphen => form.class == Class::Measure,
            };
            case_ok && glue_ok
        })?;
        Some(UnitAt { end, form })
    }

    /// A rate after a unit: "per day", "a year", "of natural gas per day", "/day",
    /// "annually". Returns its end and the rate's unit.
    fn rate_after(&self, text: &str, i: usize) -> Option<(usize, String)> {
        if let Some(found) = self.rate_here(text, i) {
            return Some(found);
        }
        // A short filler: "of natural gas", "of crude", "of LNG".
        let p = number::skip_spaces(text, i);
        let of_end = number::phrase_after(text, p, "of").filter(|_| p > i)?;
        let mut pos = of_end;
        for _ in 0..3 {
            let next = number::skip_spaces(text, pos);
            if next == pos {
                return None;
            }
            let word = number::word_at(text, next)?;
            if ["per", "a", "an", "each", "every", "and", "or", "to", "in", "the"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
            {
                return None;
            }
            pos = next + word.len();
            if let Some(found) = self.rate_here(text, pos) {
                return Some(found);
            }
        }
        None
    }

    fn rate_here(&self, text: &str, i: usize) -> Option<(usize, String)> {
        if text.get(i..).is_some_and(|t| t.starts_with('/')) {
            return self.rate_word(text, i + 1);
        }
        let p = number::skip_spaces(text, i);
        if p == i {
            return None;
        }
        for connector in ["per", "a", "an", "each", "every"] {
            if let Some(e) = number::phrase_after(text, p, connector) {
                let s = number::skip_spaces(text, e);
                if s > e
                    && let Some(found) = self.rate_word(text, s)
                {
                    return Some(found);
                }
            }
        }
        // Adverbs alone: "annually", "daily".
        let word = number::word_at(text, p)?;
        if word.len() > 4 && word.to_ascii_lowercase().ends_with("ly") {
            return self.rate_word(text, p);
        }
        None
    }

    fn rate_word(&self, text: &str, i: usize) -> Option<(usize, String)> {
        if i >= text.len() {
            return None;
        }
        let m = self.rates.find(Input::new(text).range(i..).anchored(Anchored::Yes))?;
        if number::alnum_after(text, m.end()) {
            return None;
        }
        Some((m.end(), self.rate_units.get(m.pattern().as_usize())?.clone()))
    }
}

/// The first two bytes of a set of patterns, ASCII letters lower-cased as an ASCII
/// case-insensitive automaton matches them: a pattern starts at a place only if its
/// head is there.
#[derive(Debug)]
struct Heads {
    /// Whether some pattern starts with the byte; whether some pattern is that byte alone.
    first: [(bool, bool); 256],
    /// One bit for each pair of first two bytes.
    pairs: Bits,
}

impl Heads {
    fn new(patterns: &[String]) -> Self {
        let mut first = [(false, false); 256];
        let mut pairs = Bits::new(BYTE_PAIRS);
        for pattern in patterns {
            match *pattern.as_bytes() {
                [a] => {
                    for b in [a.to_ascii_lowercase(), a.to_ascii_uppercase()] {
                        first[usize::from(b)] = (true, true);
                    }
                }
                [a, b, ..] => {
                    for a in [a.to_ascii_lowercase(), a.to_ascii_uppercase()] {
                        first[usize::from(a)].0 = true;
                    }
                    pairs.insert(byte_pair(a, b));
                }
                [] => {}
            }
        }
        Heads { first, pairs }
    }

    /// Whether some pattern may start at byte `i` of `bytes`.
    fn may_start(&self, bytes: &[u8], i: usize) -> bool {
        let Some(&a) = bytes.get(i) else {
            return false;
        };
        let (starts, alone) = self.first[usize::from(a)];
        if !starts || alone {
            return starts;
        }
        bytes.get(i + 1).is_some_and(|&b| self.pairs.contains(byte_pair(a, b)))
    }
}

/// How a unit is attached to its figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    Spaced,
    Glued,
    Hyphen,
}

/// Whether a figure's glued abbreviation scale is a lower-case "m" (metres, not millions).
fn unit_starts_at_scale(text: &str, f: &Figure) -> bool {
    f.base_end < f.end && text.get(f.base_end..f.end) == Some("m") && f.base_value < Decimal::from(10_000)
}

/// A bare year before a counted noun after "in", "since", "by"… ("in 2024 people …").
fn looks_like_year(text: &str, f: &Figure) -> bool {
    f.bare_integer
        && (Decimal::from(1000)..=Decimal::from(2100)).contains(&f.value)
        && ["in", "since", "by", "until", "before", "after", "during", "of", "from"]
            .iter()
            .any(|w| number::phrase_before(text, f.start, w).is_some())
}

/// A plain number right after a capitalised word inside the sentence is a model or a
/// name ("Embraer 190 aircraft", "Boeing 737 deliveries", "Vision 2030"), not an amount.
fn model_number(text: &str, f: &Figure) -> bool {
    if !f.bare_integer {
        return false;
    }
    let before = number::skip_spaces_back(text, f.start);
    if before == f.start || f.start - before > 1 {
        return false;
    }
    let Some((start, word)) = number::word_before(text, before) else {
        return false;
    };
    let capitalised = word.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    capitalised && start > 0 && number::hedge_before(text, f.start).is_none()
}

/// The multiplier a figure's scale applied.
fn scale_of(f: &Figure) -> Decimal {
    if f.base_value.is_zero() {
        return Decimal::ONE;
    }
    f.value.checked_div(f.base_value).unwrap_or(Decimal::ONE)
}

/// Pushes one candidate, with the hedge before it in its span.
#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut Vec<Candidate>,
    base: usize,
    text: &str,
    start: usize,
    end: usize,
    unit: &str,
    per: Option<String>,
    amount: Option<Decimal>,
    range: Option<(Decimal, Decimal)>,
    rule: &'static str,
) {
    let frame = FigureFrame::new(text, start, range);
    out.push(Candidate::new(
        Span::new(base + frame.start, base + end),
        rule,
        Value::Quantity(QuantityValue {
            amount: amount.map(|a| Amount(a).normalized()),
            min: frame.min,
            max: frame.max,
            unit: unit.to_owned(),
            per,
            approx: frame.approx,
            modifier: frame.modifier,
        }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn quantity() -> &'static Quantity {
        static QUANTITY: OnceLock<Quantity> = OnceLock::new();
        QUANTITY.get_or_init(|| Quantity::new(&Rules::embedded()).expect("embedded rules compile"))
    }

    /// Whether the unit automaton matches at byte `i`, asked without the heads.
    fn unit_matches_at(text: &str, i: usize) -> bool {
        quantity().units.find(Input::new(text).range(i..).anchored(Anchored::Yes)).is_some()
    }

    #[test]
    fn heads_pass_every_unit() {
        let text = "5 km, 3kg, 20 barrels, 7 M, 2 l, 9 °C, 4 people, 12 MW, 6 tonnes";
        let mut matched = 0;
        for i in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
            if unit_matches_at(text, i) {
                matched += 1;
                assert!(quantity().unit_heads.may_start(text.as_bytes(), i), "{i}: {:?}", &text[i..]);
            }
        }
        assert!(matched >= 8);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "5", "1.8", " ", "-", "m", "M", "km", "KM", "Km", "kg", "l", "L", "ml", "barrels", "Barrels", "bpd",
            "tonnes", "people", "°", "°C", "℃", "µg", "é", "日本", "per day", "a year", "cubic", "meters", "x", ",",
            "mw", "MW", "ft", "feet", "sq", "square", "%",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn heads_never_hide_a_unit(pieces in prop::collection::vec(piece(), 0..16)) {
            let text: String = pieces.concat();
            for i in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
                if unit_matches_at(&text, i) {
                    prop_assert!(quantity().unit_heads.may_start(text.as_bytes(), i));
                }
            }
        }
    }
}
