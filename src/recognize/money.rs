//! Money: an amount next to a currency code, symbol or name.
//! Data: rules/money/. Examples: tests/examples/money.txt.
//!
//! One Aho-Corasick automaton (ASCII case-insensitive, leftmost-longest) finds every
//! currency code, symbol, name and minor unit of a sentence; each is then checked
//! against its case policy and word boundaries, and joined to the figure right before
//! or after it (`number::scan_figures`). Around that core: a hedge before ("about",
//! "more than"), a range ("between $1 and $2 billion"), cents after whole units
//! ("3 dollars 50 cents") and a unit price ("$44.10 a barrel").

use std::cell::OnceCell;
use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::bits::{BYTE_PAIRS, Bits, byte_pair};
use crate::document::Span;
use crate::error::Error;
use crate::number::{self, Figure, Join, Scale};
use crate::recognize::{Candidate, FigureFrame, SentenceContext};
use crate::rules::Rules;
use crate::value::{Amount, Value};

/// The value of a money mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyValue {
    /// ISO 4217 code (or XBT/ETH for crypto).
    pub currency: String,
    /// The amount in whole currency units; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Lower bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// Whether the text hedges the amount ("about", "nearly", "approximately").
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the amount.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The unit a price is per ("barrel", "share").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
}

impl MoneyValue {
    /// `USD 1178000000`, `USD 1000000000..2000000000`, with `~` for approximations.
    pub fn summary(&self) -> String {
        let mut out = match (&self.amount, &self.min, &self.max) {
            (Some(a), _, _) => format!("{} {a}", self.currency),
            (None, Some(lo), Some(hi)) => format!("{} {lo}..{hi}", self.currency),
            (None, Some(lo), None) => format!("{} {lo}..", self.currency),
            (None, None, Some(hi)) => format!("{} ..{hi}", self.currency),
            (None, None, None) => self.currency.clone(),
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

/// What a currency surface form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    /// A name, any case, whole words ("euros", "swiss francs").
    Name,
    /// An ISO code, upper case ("USD"); lower case only in lower-cased text.
    Code,
    /// A code with the financial "M" prefix for millions ("MUSD", "MEUR").
    MillionCode,
    /// A symbol, exact case ("$", "US$", "Rs.").
    Symbol,
    /// A minor unit with its power of ten ("cents" = 2).
    Minor(u32),
}

/// One reading of a surface form.
#[derive(Debug, Clone)]
struct Form {
    code: String,
    kind: FormKind,
    /// The form as written in the table (for exact-case checks).
    surface: String,
    /// Whether the code may be read in lower-cased text.
    lower_ok: bool,
}

/// What a byte of a sentence can be, as far as finding where a currency form may start:
/// some pattern starts with it, in some case;
const STARTS_FORM: u8 = 1;
/// an ASCII letter or digit;
const ALPHANUMERIC: u8 = 2;
/// an ASCII letter.
const LETTER: u8 = 4;

/// The last three bytes of `pattern`, or all of a shorter one, ASCII letters lower-cased
/// as the automaton matches them in any case, with the length in the top byte: a
/// pattern ends at a place only if its tail is the tail of the text's bytes there.
fn tail(pattern: &[u8]) -> Option<u32> {
    let n = pattern.len().min(3);
    let last = pattern.get(pattern.len().checked_sub(n)?..)?;
    let lower = last.iter().fold(0_u32, |key, b| key << 8 | u32::from(b.to_ascii_lowercase()));
    (n > 0).then_some((n as u32) << 24 | lower)
}

/// The size of the table of tail hashes, in bits.
const TAIL_BITS: usize = 1 << 15;

/// Where a tail falls in the table of tail hashes.
fn tail_bit(tail: u32) -> usize {
    (tail.wrapping_mul(0x9E37_79B1) >> 17) as usize % TAIL_BITS
}

/// A currency form found in a sentence (offsets relative to the sentence).
#[derive(Debug, Clone, Copy)]
struct Found<'a> {
    start: usize,
    end: usize,
    code: &'a str,
    kind: FormKind,
}

/// Where `Money::find_in` looks for currency forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// In a window around each figure (`Money::currencies_near`).
    NearFigures,
    /// From a little before the first figure to the end (`Money::currencies`): the
    /// reference the windows are tested against.
    #[cfg_attr(not(test), allow(dead_code))]
    FromFirstFigure,
}

/// A money reading before ranges and extensions.
#[derive(Debug, Clone, Copy)]
struct Core<'a> {
    start: usize,
    end: usize,
    code: &'a str,
    value: Decimal,
    figure: Figure,
    /// Whether the currency came before the amount ("$5" rather than "5 dollars").
    currency_first: bool,
    rule: &'static str,
}

/// The money recognizer.
#[derive(Debug)]
pub(crate) struct Money {
    /// Every surface form, lower case, matched anchored where a form may start.
    automaton: NFA,
    /// The automaton's anchored start state.
    start: StateID,
    /// What each byte of a sentence can be (`STARTS_FORM`, `ALPHANUMERIC`, `LETTER`).
    bytes: [u8; 256],
    /// One bit for each pair of bytes (ASCII letters lower-cased) that follow each other
    /// in some pattern.
    pairs: Bits,
    /// The length of the longest pattern, in bytes.
    longest: usize,
    /// The last three bytes of each pattern (all of a shorter one), sorted (see `tail`),
    /// with the length of the longest pattern of each.
    tails: Vec<(u32, usize)>,
    /// One bit for each tail's hash (`tail_bit`): most places fail this first look.
    tail_bits: Bits,
    /// Readings of each automaton pattern.
    forms: Vec<Vec<Form>>,
    /// Words that say which dollar a "$" is: symbol prefixes ("c", "hk", "us"), codes
    /// ("aud") and the qualifiers of dollar names ("australian", "hong kong").
    dollar_prefixes: HashMap<String, String>,
    /// Units of unit prices ("barrel"), by lower-case form.
    per_units: Vec<(String, String)>,
}

fn push_form(
    index: &mut HashMap<String, usize>,
    patterns: &mut Vec<String>,
    forms: &mut Vec<Vec<Form>>,
    key: &str,
    form: Form,
) {
    let key = key.to_lowercase();
    let slot = *index.entry(key.clone()).or_insert_with(|| {
        patterns.push(key);
        forms.push(Vec::new());
        forms.len() - 1
    });
    if let Some(list) = forms.get_mut(slot) {
        list.push(form);
    }
}

impl Money {
    /// Compiles the money rules; fails on the first bad rule line.
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        let columns = ["code", "names", "symbols", "minor", "countries"];
        let code_words = rules.table("money/code-words.tsv", &["code", "policy"])?;
        let mut never = Vec::new();
        let mut upper_only = Vec::new();
        for row in &code_words.rows {
            let list = if code_words.choice(row, 1, &[("never", true), ("upper", false)])? {
                &mut never
            } else {
                &mut upper_only
            };
            list.push(row.cell(0).to_owned());
        }
        let mut index = HashMap::new();
        let mut patterns = Vec::new();
        let mut forms = Vec::new();
        let mut dollar_prefixes = HashMap::new();
        for file in ["money/currencies.tsv", "money/historic.tsv"] {
            let table = rules.table(file, &columns)?;
            for row in &table.rows {
                let code = row.cell(0);
                if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(table.error(row, format!("{code:?} is not a three-letter upper-case code")));
                }
                let form = |kind: FormKind, surface: &str| Form {
                    code: code.to_owned(),
                    kind,
                    surface: surface.to_owned(),
                    lower_ok: !upper_only.iter().any(|c| c == code),
                };
                if !never.iter().any(|c| c == code) {
                    push_form(&mut index, &mut patterns, &mut forms, code, form(FormKind::Code, code));
                    let million = format!("M{code}");
                    push_form(&mut index, &mut patterns, &mut forms, &million, form(FormKind::MillionCode, &million));
                    dollar_prefixes.entry(code.to_ascii_lowercase()).or_insert_with(|| code.to_owned());
                }
                for name in row.alternatives(1) {
                    push_form(&mut index, &mut patterns, &mut forms, name, form(FormKind::Name, name));
                    for suffix in [" dollar", " dollars"] {
                        if let Some(qualifier) = name.strip_suffix(suffix) {
                            dollar_prefixes.entry(qualifier.to_owned()).or_insert_with(|| code.to_owned());
                        }
                    }
                }
                for symbol in row.alternatives(2) {
                    push_form(&mut index, &mut patterns, &mut forms, symbol, form(FormKind::Symbol, symbol));
                    if let Some(prefix) = symbol.strip_suffix('$')
                        && !prefix.is_empty()
                    {
                        let key: String = prefix.chars().filter(|c| *c != '.').collect::<String>().to_lowercase();
                        dollar_prefixes.entry(key).or_insert_with(|| code.to_owned());
                    }
                }
                let minor = row.cell(3);
                if !minor.is_empty() {
                    let (names, exponent) = minor
                        .rsplit_once('=')
                        .and_then(|(names, e)| Some((names, e.parse::<u32>().ok()?)))
                        .ok_or_else(|| table.error(row, format!("minor {minor:?} is not \"names=exponent\"")))?;
                    for name in names.split('|').filter(|n| !n.is_empty()) {
                        push_form(&mut index, &mut patterns, &mut forms, name, form(FormKind::Minor(exponent), name));
                    }
                }
            }
        }
        let per_table = rules.table("money/per-units.tsv", &["form", "unit"])?;
        let mut per_units = Vec::new();
        for row in &per_table.rows {
            for form in row.alternatives(0) {
                per_units.push((form.to_lowercase(), row.cell(1).to_owned()));
            }
        }
        // Longest first, so "metric ton" is tried before "ton".
        per_units.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        // A form shared by several currencies reads as USD first ("cents"), as the table says.
        for list in &mut forms {
            list.sort_by_key(|f| f.code != "USD");
        }
        // An automaton walked by hand from the few places a form may start (see
        // `currencies`), one transition per byte, with no search set up for each place.
        // A contiguous NFA rather than a DFA: the forms are walked only next to figures,
        // where the DFA's speed does not show, and building its 2.4 MB of tables cost a
        // fifth of the rule load.
        let compile_error = |e: &dyn std::fmt::Display| {
            Error::rule("money/currencies.tsv", 1, 1, format!("cannot compile currency forms: {e}"))
        };
        let automaton = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&patterns)
            .map_err(|e| compile_error(&e))?;
        let start = automaton.start_state(Anchored::Yes).map_err(|e| compile_error(&e))?;
        let mut bytes = [0; 256];
        for (b, kind) in (0..=u8::MAX).zip(bytes.iter_mut()) {
            if b.is_ascii_alphanumeric() {
                *kind |= ALPHANUMERIC;
            }
            if b.is_ascii_alphabetic() {
                *kind |= LETTER;
            }
        }
        for pattern in &patterns {
            if let Some(&first) = pattern.as_bytes().first() {
                for b in [first, first.to_ascii_lowercase(), first.to_ascii_uppercase()] {
                    bytes[usize::from(b)] |= STARTS_FORM;
                }
            }
        }
        let mut pairs = Bits::new(BYTE_PAIRS);
        for pattern in &patterns {
            for two in pattern.as_bytes().windows(2) {
                if let [a, b] = two {
                    pairs.insert(byte_pair(*a, *b));
                }
            }
        }
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        let mut tails: Vec<(u32, usize)> =
            patterns.iter().filter_map(|p| Some((tail(p.as_bytes())?, p.len()))).collect();
        // Longest first within a tail, so that dedup keeps it.
        tails.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        tails.dedup_by_key(|t| t.0);
        let mut tail_bits = Bits::new(TAIL_BITS);
        for (t, _) in &tails {
            tail_bits.insert(tail_bit(*t));
        }
        Ok(Money { automaton, start, bytes, pairs, longest, tails, tail_bits, forms, dollar_prefixes, per_units })
    }

    /// Pushes each money candidate in the sentence onto `out`, tagged with its rule id.
    pub(crate) fn find(&self, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        self.find_in(cx.sentence_text(), cx.sentence.span.start, cx.figures, Scan::NearFigures, out);
    }

    /// `find` on a sentence's text, which starts at byte `base` of the document; `scan`
    /// chooses how currency forms are looked for, for the tests that compare the two.
    fn find_in(&self, text: &str, base: usize, figures: &[Figure], scan: Scan, out: &mut Vec<Candidate>) {
        // Every reading joins a currency to a figure; most sentences have none.
        if figures.is_empty() {
            return;
        }
        let found = match scan {
            Scan::NearFigures => self.currencies_near(text, figures),
            Scan::FromFirstFigure => self.currencies(text, figures),
        };
        if found.is_empty() {
            return;
        }
        let mut cores = Vec::new();
        for cur in &found {
            // A code glued to the number after it ("USD50") is that number's.
            let glued_after = number::figure_at(figures, cur.end).is_some() && cur.kind != FormKind::Name;
            let amount_first = if glued_after { None } else { self.amount_first(text, cur, figures) };
            // A name takes the amount before it when there is one ("50 dollar 50 dollar").
            if amount_first.is_none() || cur.kind != FormKind::Name {
                cores.extend(self.currency_first(text, cur, figures, &found));
            }
            cores.extend(amount_first);
        }
        for core in &cores {
            let (end, value) = self.with_cents(text, core, figures, &found);
            let (end, per) = self.per_unit(text, end);
            let rule = if value == core.value { core.rule } else { "money/dollars-and-cents" };
            emit(out, base, text, core.start, end, core.code, Some(value), None, per, rule);
        }
        self.ranges(text, base, &cores, figures, out);
    }

    /// The currency forms the money readings can use, found near each figure only.
    ///
    /// A reading uses a form only when it touches a figure: it ends where the spaces
    /// before one start (or glued to it), or starts right after one, spaces or a hyphen
    /// between (a dollar prefix, "US $", "Hong Kong $", may move its start left of where
    /// the form was matched, over at most two words). So the search runs over a window
    /// around each figure, from the last place before it that no match can span (see
    /// `scan_start`), and finds there exactly the forms of `currencies`, which searches
    /// on from the first figure to the end. The readings look forms up by a binary
    /// search, which answers the same on both lists as long as the forms are in order
    /// of start; a dollar prefix could in principle undo that order, and when it might,
    /// `currencies` itself answers.
    fn currencies_near<'a>(&'a self, text: &str, figures: &[Figure]) -> Vec<Found<'a>> {
        if self.prefix_may_reorder(text) {
            return self.currencies(text, figures);
        }
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let lowercased = OnceCell::new();
        // Where the search stands; before the first window, nowhere.
        let mut pos: Option<usize> = None;
        for f in figures {
            let spaces_start = number::skip_spaces_back(text, f.start);
            let (before, after) = self.may_touch(text, f, spaces_start);
            // Most figures have no form next to them, which a look at a few bytes shows.
            let Some(last) = after.or(before.map(|_| f.end)) else {
                continue;
            };
            let first = before.unwrap_or(f.end);
            let from = match pos {
                Some(p) if p >= first => p,
                _ => self.split_before(bytes, first).max(pos.unwrap_or(0)),
            };
            pos = Some(self.search(text, from, last, &lowercased, &mut found));
        }
        found
    }

    /// Where the patterns that may end right before the figure `f` (at the start of its
    /// spaces, or anywhere in them) may start, the first place, if any may end there;
    /// and the last byte where one may start after it (see `last_start_after`), if
    /// one may: necessary conditions for a form to touch the figure, by the pattern
    /// tails and by the automaton at the few places after it.
    fn may_touch(&self, text: &str, f: &Figure, spaces_start: usize) -> (Option<usize>, Option<usize>) {
        let bytes = text.as_bytes();
        let mut first: Option<usize> = None;
        for end in spaces_start..=f.start {
            for n in 1..=3 {
                let Some(t) = end.checked_sub(n).and_then(|s| bytes.get(s..end)).and_then(tail) else {
                    break;
                };
                if !self.tail_bits.contains(tail_bit(t)) {
                    continue;
                }
                if let Ok(i) = self.tails.binary_search_by_key(&t, |(t, _)| *t)
                    && let Some((_, len)) = self.tails.get(i)
                {
                    let start = end.saturating_sub(*len);
                    first = Some(first.map_or(start, |s| s.min(start)));
                }
            }
        }
        let last = self.last_start_after(text, f);
        let after = (f.end..=last).any(|start| {
            bytes.get(start).is_some_and(|&b| self.bytes[usize::from(b)] & STARTS_FORM != 0)
                && self.form_at(bytes, start).is_some()
        });
        (first, after.then_some(last))
    }

    /// The last byte where a currency form the figure `f` can take after it may be
    /// matched: right after the figure and its spaces, or after a hyphen, or the "$" of
    /// a dollar prefix that starts there (one or two words, glued or spaced).
    fn last_start_after(&self, text: &str, f: &Figure) -> usize {
        let bytes = text.as_bytes();
        let spaced = number::skip_spaces(text, f.end);
        let mut i = spaced;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let last = i.max(f.end + 1);
        let run = |mut i: usize| {
            while bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'.') {
                i += 1;
            }
            i
        };
        // Word, spaces, word, spaces, "$": the longest shape of a dollar prefix; what
        // lies before its "$" is all letters, dots and spaces, so no other "$" can be it.
        for _ in 0..2 {
            i = number::skip_spaces(text, run(i));
        }
        if bytes.get(i) == Some(&b'$') { last.max(i) } else { last }
    }

    /// Whether a dollar prefix might put a form before the form matched ahead of it
    /// ("Hong Kong $" with "Kong" a currency form), leaving the list out of order: it
    /// would, were a form to start between the prefix and its "$".
    fn prefix_may_reorder(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        memchr::memchr_iter(b'$', bytes).any(|dollar| {
            let Some((start, _)) = self.dollar_prefix(text, dollar) else {
                return false;
            };
            (start + 1..dollar).any(|q| {
                let kind = bytes.get(q).map_or(0, |&b| self.bytes[usize::from(b)]);
                let after_letter = bytes.get(q - 1).is_some_and(u8::is_ascii_alphabetic);
                kind & STARTS_FORM != 0 && !(after_letter && kind & ALPHANUMERIC != 0)
            })
        })
    }

    /// The last place at or before `at` that no match can span (see `scan_start`).
    fn split_before(&self, bytes: &[u8], mut at: usize) -> usize {
        while at > 0 && !self.splits(bytes, at) {
            at -= 1;
        }
        at
    }

    /// Every currency form of the sentence that passes its case and boundary policy, as
    /// far as the money readings can use them: those from a little before the first
    /// figure on (see `scan_start`). The reference for `currencies_near`.
    fn currencies<'a>(&'a self, text: &str, figures: &[Figure]) -> Vec<Found<'a>> {
        let from = self.scan_start(text, figures);
        let found = self.currencies_from(text, from);
        // The readings look forms up by start (`found_at`) with a binary search, which
        // gives what it gives on all the forms only when those kept are in order of
        // start; a dollar prefix ("US $") could in principle undo that.
        if from > 0 && !found.is_sorted_by_key(|f| f.start) {
            return self.currencies_from(text, 0);
        }
        found
    }

    /// Where the search for currency forms may start without changing any money reading.
    ///
    /// A form is read only next to a figure: ending where the spaces before one start
    /// (or glued to it), or starting right after one (a dollar prefix may move its start
    /// left, never before the figure). So no form that starts more than the longest
    /// pattern before the first figure's spaces is read. The search is leftmost-longest
    /// from the start of the sentence, so where it stands at a given place depends on
    /// what came before, except at a place no match can span: between two bytes that
    /// follow each other in no pattern (the first ASCII, so the place is a character
    /// boundary). From the last such place before that bound the search finds exactly
    /// the forms the whole search finds there and after.
    fn scan_start(&self, text: &str, figures: &[Figure]) -> usize {
        let Some(first) = figures.iter().map(|f| f.start).min() else {
            return 0;
        };
        let spaces_start = text.get(..first).map_or(0, |t| t.trim_end().len());
        self.split_before(text.as_bytes(), spaces_start.saturating_sub(self.longest))
    }

    /// Whether no pattern can match across byte `at` of `bytes`, the byte before it ASCII.
    fn splits(&self, bytes: &[u8], at: usize) -> bool {
        let (Some(&before), Some(&after)) = (bytes.get(at.wrapping_sub(1)), bytes.get(at)) else {
            return false;
        };
        before.is_ascii() && !self.pairs.contains(byte_pair(before, after))
    }

    /// The forms of a leftmost-longest search from `pos` that `accept` takes: from `pos`,
    /// the longest form at the first place with one; if `accept` takes it, the search
    /// goes on from its end, else from the next character.
    fn currencies_from<'a>(&'a self, text: &str, pos: usize) -> Vec<Found<'a>> {
        let mut found = Vec::new();
        // Asked only of symbols in another case than the table's, so read only then.
        let lowercased = OnceCell::new();
        self.search(text, pos, usize::MAX, &lowercased, &mut found);
        found
    }

    /// `currencies_from` for the forms matched at or before byte `last`, pushed onto
    /// `found`; returns where the search stands after them.
    fn search<'a>(
        &'a self,
        text: &str,
        mut pos: usize,
        last: usize,
        lowercased: &OnceCell<bool>,
        found: &mut Vec<Found<'a>>,
    ) -> usize {
        while pos < text.len() {
            let Some((start, pattern, end)) = self.next_form(text.as_bytes(), pos, last) else {
                return pos.max(last.saturating_add(1)).min(text.len());
            };
            let accepted = self
                .forms
                .get(pattern)
                .and_then(|forms| forms.iter().find_map(|form| self.accept(text, start, end, form, lowercased)));
            match accepted {
                Some(f) => {
                    pos = end.max(pos + 1);
                    found.push(f);
                }
                None => {
                    pos = start + text.get(start..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                }
            }
        }
        pos
    }

    /// The first form starting at or after `pos` that `accept` may take: its start, its
    /// pattern and its end. Places are passed over where a form cannot start (the byte
    /// starts no pattern, in either case: continuation bytes among them) or where
    /// `accept` refuses every form whatever it is: a letter or digit right after an
    /// ASCII letter, as a form starting there starts with a letter or digit glued to
    /// one, which is not a digit. So most of a sentence, the inside of its words, is
    /// passed over a byte at a time without a look at the automaton. No pattern is
    /// empty, as codes have three letters and table alternatives are never empty.
    fn next_form(&self, bytes: &[u8], pos: usize, last: usize) -> Option<(usize, usize, usize)> {
        let mut start = pos;
        let mut after_letter = pos.checked_sub(1).and_then(|p| bytes.get(p)).is_some_and(u8::is_ascii_alphabetic);
        while let Some(&b) = bytes.get(start).filter(|_| start <= last) {
            let kind = self.bytes[usize::from(b)];
            if kind & STARTS_FORM != 0
                && !(after_letter && kind & ALPHANUMERIC != 0)
                && let Some((pattern, end)) = self.form_at(bytes, start)
            {
                return Some((start, pattern, end));
            }
            after_letter = kind & LETTER != 0;
            start += 1;
            if after_letter {
                // The rest of the word's letters.
                while bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
                    start += 1;
                }
            }
        }
        None
    }

    /// The longest form starting at `start` (the automaton is leftmost-longest): its
    /// pattern and end. As in the automaton's own anchored search, a match state reached
    /// through a failure transition holds a form that starts later, and is passed over.
    fn form_at(&self, bytes: &[u8], start: usize) -> Option<(usize, usize)> {
        let automaton = &self.automaton;
        let mut state = self.start;
        let mut longest = None;
        for (at, &b) in bytes.iter().enumerate().skip(start) {
            state = automaton.next_state(Anchored::Yes, state, b);
            if automaton.is_special(state) {
                if automaton.is_dead(state) {
                    break;
                }
                if automaton.is_match(state) {
                    let pattern = automaton.match_pattern(state, 0);
                    if at + 1 == start + automaton.pattern_len(pattern) {
                        longest = Some((pattern.as_usize(), at + 1));
                    }
                }
            }
        }
        longest
    }

    /// Checks one reading of a match; the returned span may grow to the left for a
    /// dollar prefix ("c $", "hk $", "Australian $").
    fn accept<'a>(
        &'a self,
        text: &str,
        start: usize,
        end: usize,
        form: &'a Form,
        lowercased: &OnceCell<bool>,
    ) -> Option<Found<'a>> {
        let surface = text.get(start..end)?;
        let first_alnum = surface.chars().next().is_some_and(char::is_alphanumeric);
        let last_alnum = surface.chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let before_digit = text.get(..start).and_then(|t| t.chars().next_back()).is_some_and(|c| c.is_ascii_digit());
        let after_digit = text.get(end..).and_then(|t| t.chars().next()).is_some_and(|c| c.is_ascii_digit());
        let glue_ok = matches!(form.kind, FormKind::Code | FormKind::Symbol | FormKind::MillionCode);
        if first_alnum && number::alnum_before(text, start) && !(glue_ok && before_digit) {
            return None;
        }
        if last_alnum && number::alnum_after(text, end) && !(glue_ok && after_digit) {
            return None;
        }
        match form.kind {
            FormKind::Code => {
                if surface != form.surface && !(form.lower_ok && surface == form.surface.to_ascii_lowercase()) {
                    return None;
                }
            }
            FormKind::MillionCode => {
                if surface != form.surface {
                    return None;
                }
            }
            FormKind::Symbol => {
                let letters_only = surface.chars().all(char::is_alphabetic);
                if surface != form.surface
                    && !(*lowercased.get_or_init(|| number::is_lowercased(text))
                        && !letters_only
                        && surface == form.surface.to_lowercase())
                {
                    return None;
                }
            }
            FormKind::Name | FormKind::Minor(_) => {}
        }
        let mut found = Found { start, end, code: &form.code, kind: form.kind };
        if surface == "$"
            && let Some((prefix_start, code)) = self.dollar_prefix(text, start)
        {
            found.start = prefix_start;
            found.code = code;
        }
        Some(found)
    }

    /// A word before a bare "$" that says which dollar it is.
    fn dollar_prefix(&self, text: &str, dollar: usize) -> Option<(usize, &str)> {
        let bytes = text.as_bytes();
        // Glued letters and dots: "usd$", "u.s$", "cad$".
        let mut s = dollar;
        while s > 0 && bytes.get(s - 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'.') {
            s -= 1;
        }
        if s < dollar
            && !number::alnum_before(text, s)
            && let Some(code) = self.prefix_code(&[bytes.get(s..dollar)?])
        {
            return Some((s, code));
        }
        // One or two words and a space: "c $", "hk $", "u.s. $", "Australian $", "Hong Kong $".
        let end = number::skip_spaces_back(text, dollar);
        if end == dollar {
            return None;
        }
        let mut s = end;
        while s > 0 && bytes.get(s - 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'.') {
            s -= 1;
        }
        if s == end || number::alnum_before(text, s) {
            return None;
        }
        let word = bytes.get(s..end)?;
        // A lone letter before a spaced "$" is the article "a" or an initial, except "c".
        let mut letters = word.iter().filter(|b| **b != b'.');
        if let (Some(letter), None) = (letters.next(), letters.next())
            && !letter.eq_ignore_ascii_case(&b'c')
        {
            return None;
        }
        if let Some(code) = self.prefix_code(&[word]) {
            return Some((s, code));
        }
        let (s2, first) = number::word_before(text, number::skip_spaces_back(text, s))?;
        self.prefix_code(&[first.as_bytes(), word]).map(|code| (s2, code))
    }

    /// The code of a dollar prefix of one or two words (ASCII letters and dots), read as
    /// the table keys are written: lower case, dots left out, words one space apart.
    /// Built on the stack, as it is asked at every "$" after a word.
    fn prefix_code(&self, words: &[&[u8]]) -> Option<&str> {
        let mut key = [0_u8; 64];
        let mut n = 0;
        for (k, word) in words.iter().enumerate() {
            let space = (k > 0).then_some(b' ');
            for b in space.into_iter().chain(word.iter().copied().filter(|b| *b != b'.')) {
                let Some(slot) = key.get_mut(n) else {
                    return self.prefix_code_long(words);
                };
                *slot = b.to_ascii_lowercase();
                n += 1;
            }
        }
        let key = std::str::from_utf8(key.get(..n)?).ok()?;
        self.dollar_prefixes.get(key).map(String::as_str)
    }

    /// `prefix_code` for a key too long for its buffer.
    fn prefix_code_long(&self, words: &[&[u8]]) -> Option<&str> {
        let mut key = String::new();
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                key.push(' ');
            }
            key.extend(word.iter().filter(|b| **b != b'.').map(|b| char::from(b.to_ascii_lowercase())));
        }
        self.dollar_prefixes.get(&key).map(String::as_str)
    }

    /// The amount right after a currency form: "$5m", "USD 500", "Rs20".
    fn currency_first<'a>(
        &self,
        text: &str,
        cur: &Found<'a>,
        figures: &[Figure],
        found: &[Found<'a>],
    ) -> Option<Core<'a>> {
        if matches!(cur.kind, FormKind::Code | FormKind::Symbol | FormKind::MillionCode | FormKind::Name) {
            let next = number::skip_spaces(text, cur.end);
            let spaced = next > cur.end;
            if let Some(f) = number::figure_at(figures, next) {
                let ok = !f.hyphen_left
                    && !f.value.is_sign_negative()
                    && (spaced || cur.kind != FormKind::Name)
                    && (cur.kind != FormKind::Name || (!f.words && !preceded_by_article(text, cur.start)))
                    && !followed_by_percent(text, f.end);
                if ok {
                    let mut value = f.value;
                    let mut end = f.end;
                    if cur.kind == FormKind::MillionCode {
                        value = value.checked_mul(Decimal::from(1_000_000))?;
                    }
                    // "$ 10 dollars": the name repeated after the amount.
                    if let Some(dup) = found_at(found, number::skip_spaces(text, f.end))
                        .filter(|d| d.code == cur.code && d.kind == FormKind::Name)
                    {
                        end = dup.end;
                    }
                    let rule = match cur.kind {
                        FormKind::Code | FormKind::MillionCode => "money/code-before-amount",
                        FormKind::Symbol => "money/symbol-before-amount",
                        _ => "money/name-before-amount",
                    };
                    return Some(Core {
                        start: cur.start,
                        end,
                        code: cur.code,
                        value,
                        figure: *f,
                        currency_first: true,
                        rule,
                    });
                }
            }
        }
        None
    }

    /// The amount right before a currency form: "500 USD", "420 million finnish markka",
    /// "12-cent", "20€".
    fn amount_first<'a>(&self, text: &str, cur: &Found<'a>, figures: &[Figure]) -> Option<Core<'a>> {
        let before = number::skip_spaces_back(text, cur.start);
        let hyphen = before == cur.start
            && cur.start > 0
            && text.as_bytes().get(cur.start - 1) == Some(&b'-')
            && matches!(cur.kind, FormKind::Name | FormKind::Minor(_));
        let f = if hyphen {
            number::figure_ending_at(figures, cur.start - 1)?
        } else {
            number::figure_ending_at(figures, before).filter(|_| {
                before < cur.start
                    || !matches!(cur.kind, FormKind::Name | FormKind::Minor(_))
                    || !cur_first_alnum(text, cur)
            })?
        };
        if f.hyphen_left || (f.glued_left && !glued_to_currency(text, f.start)) {
            return None;
        }
        let mut value = f.value;
        let mut end = cur.end;
        let rule = match cur.kind {
            FormKind::Code | FormKind::MillionCode => "money/amount-before-code",
            FormKind::Symbol => "money/amount-before-symbol",
            FormKind::Name => "money/amount-before-name",
            FormKind::Minor(_) => "money/minor-unit",
        };
        match cur.kind {
            FormKind::Minor(exponent) => {
                value = value.checked_div(Decimal::from(10_u64.checked_pow(exponent)?))?;
            }
            FormKind::MillionCode => value = value.checked_mul(Decimal::from(1_000_000))?,
            _ => {}
        }
        // "75 USD million": the scale after the code.
        if f.scale == Scale::None && matches!(cur.kind, FormKind::Code | FormKind::Symbol) {
            let next = number::skip_spaces(text, cur.end);
            if next > cur.end
                && let Some(word) = number::word_at(text, next)
                && let Some(multiplier) = number::scale_value(word).filter(|_| word.len() >= 5)
            {
                value = value.checked_mul(multiplier)?;
                end = next + word.len();
            }
        }
        Some(Core { start: f.start, end, code: cur.code, value, figure: *f, currency_first: false, rule })
    }

    /// Cents after whole units: "3 dollars 50 cents", "thirteen dollars and forty-five
    /// cents", "15 dollars 50" (a bare 1-99 at the end of the clause).
    fn with_cents(&self, text: &str, core: &Core<'_>, figures: &[Figure], found: &[Found<'_>]) -> (usize, Decimal) {
        let plain = (core.end, core.value);
        if !core.value.fract().is_zero()
            || core.figure.scale != Scale::None
            || number::range_intro_before(text, core.start).is_some()
        {
            return plain;
        }
        let mut next = number::skip_spaces(text, core.end);
        if next == core.end {
            return plain;
        }
        if let Some(end) = number::phrase_after(text, next, "and") {
            next = number::skip_spaces(text, end);
        }
        let Some(g) = number::figure_at(figures, next) else {
            return plain;
        };
        if g.scale != Scale::None
            || g.glued_left
            || !g.value.fract().is_zero()
            || g.value < Decimal::ONE
            || g.value > Decimal::from(99)
        {
            return plain;
        }
        let after = number::skip_spaces(text, g.end);
        if let Some(minor) = found_at(found, after).filter(|m| matches!(m.kind, FormKind::Minor(_))) {
            if let FormKind::Minor(exponent) = minor.kind
                && let Some(cents) = g.value.checked_div(Decimal::from(10_u64.pow(exponent.min(9))))
                && let Some(sum) = core.value.checked_add(cents)
            {
                return (minor.end, sum);
            }
            return plain;
        }
        // A bare number after the units only at the end of a clause.
        let clause_end = text.get(g.end..).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with([',', '.', ';', ')', '!', '?'])
        });
        // "rmb 10 usd 20": a number that already follows a currency is not a count of cents.
        let owned =
            found_ending_near(found, core.figure.start).any(|c| number::skip_spaces(text, c.end) == core.figure.start);
        if clause_end
            && !core.currency_first
            && !owned
            && let Some(sum) = g.value.checked_div(Decimal::from(100)).and_then(|c| core.value.checked_add(c))
        {
            return (g.end, sum);
        }
        if clause_end
            && core.currency_first
            && number::phrase_after(text, number::skip_spaces(text, core.end), "and").is_some()
            && let Some(sum) = g.value.checked_div(Decimal::from(100)).and_then(|c| core.value.checked_add(c))
        {
            return (g.end, sum);
        }
        plain
    }

    /// A unit price after the amount: "a barrel", "per share", "/bbl".
    fn per_unit(&self, text: &str, end: usize) -> (usize, Option<String>) {
        let next = number::skip_spaces(text, end);
        let unit_start = if text.get(next..).is_some_and(|t| t.starts_with('/')) && next == end {
            next + 1
        } else if next > end {
            let mut found = None;
            for word in ["per", "a", "an", "each"] {
                if let Some(e) = number::phrase_after(text, next, word) {
                    let s = number::skip_spaces(text, e);
                    if s > e {
                        found = Some(s);
                        break;
                    }
                }
            }
            match found {
                Some(s) => s,
                None => return (end, None),
            }
        } else {
            return (end, None);
        };
        for (form, unit) in &self.per_units {
            if let Some(e) = number::phrase_after(text, unit_start, form) {
                return (e, Some(unit.clone()));
            }
        }
        (end, None)
    }

    /// Ranges: two amounts joined by a dash, "to" or "between … and", sharing a currency
    /// and, when only the second has one, its scale ("between $1 and $2 billion").
    fn ranges(&self, text: &str, base: usize, cores: &[Core<'_>], figures: &[Figure], out: &mut Vec<Candidate>) {
        let mut by_end: Vec<&Core<'_>> = cores.iter().collect();
        by_end.sort_by_key(|c| c.end);
        let mut core_starts: Vec<usize> = cores.iter().map(|c| c.start).collect();
        core_starts.sort_unstable();
        for right in cores {
            // Left part: a money core with the same currency or a bare figure.
            for left_end_item in left_items(&by_end, figures, right) {
                let (left_start, left_end, left_figure, left_has_currency) = left_end_item;
                let Some((join, next)) = number::join_after(text, left_end) else {
                    continue;
                };
                if next != right.start {
                    continue;
                }
                if let Some(r) = self.make_range(
                    text,
                    base,
                    join,
                    left_start,
                    left_figure,
                    left_has_currency,
                    right.end,
                    right.figure,
                    right.value,
                    right.code,
                    "money/range",
                ) {
                    out.push(r);
                }
            }
        }
        // A money core followed by a bare figure: "$1-2 billion", "$10 to 20".
        for left in cores.iter().filter(|c| c.currency_first) {
            let Some((join, next)) = number::join_after(text, left.end) else {
                continue;
            };
            let Some(g) = number::figure_at(figures, next) else {
                continue;
            };
            if core_starts.binary_search(&g.start).is_ok()
                || followed_by_percent(text, g.end)
                || number::alnum_after(text, g.end)
            {
                continue;
            }
            // The bare figure must not be a unit of something else ("$5 to 10 people").
            let after = number::skip_spaces(text, g.end);
            if number::word_at(text, after).is_some_and(|w| number::scale_value(w).is_none()) {
                let ends = text.get(after..).is_some_and(|t| t.is_empty());
                if !ends && join != Join::Dash {
                    continue;
                }
            }
            let multiplier = scale_of(g);
            let left_value = if left.figure.scale == Scale::None && g.scale != Scale::None {
                left.value.checked_mul(multiplier)
            } else {
                Some(left.value)
            };
            let Some(left_value) = left_value else {
                continue;
            };
            if let Some(r) =
                self.range_candidate(text, base, join, left.start, left_value, g.end, g.value, left.code, "money/range")
            {
                out.push(r);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn make_range(
        &self,
        text: &str,
        base: usize,
        join: Join,
        left_start: usize,
        left: Figure,
        left_has_currency: Option<Decimal>,
        right_end: usize,
        right_figure: Figure,
        right_value: Decimal,
        code: &str,
        rule: &'static str,
    ) -> Option<Candidate> {
        let left_value = match left_has_currency {
            Some(v) if left.scale == Scale::None && right_figure.scale != Scale::None => {
                v.checked_mul(scale_of(&right_figure))?
            }
            Some(v) => v,
            None if left.scale == Scale::None && right_figure.scale != Scale::None => {
                left.value.checked_mul(scale_of(&right_figure))?
            }
            None => left.value,
        };
        // A minor unit on the right ("10-20 cents") applies to both.
        let left_value = if right_figure.value != right_value
            && right_figure.value != Decimal::ZERO
            && left_has_currency.is_none()
        {
            left_value.checked_mul(right_value.checked_div(right_figure.value)?)?
        } else {
            left_value
        };
        self.range_candidate(text, base, join, left_start, left_value, right_end, right_value, code, rule)
    }

    #[allow(clippy::too_many_arguments)]
    fn range_candidate(
        &self,
        text: &str,
        base: usize,
        join: Join,
        left_start: usize,
        lo: Decimal,
        right_end: usize,
        hi: Decimal,
        code: &str,
        rule: &'static str,
    ) -> Option<Candidate> {
        let intro = number::range_intro_before(text, left_start);
        let start = match (join, intro) {
            (Join::And, Some((s, Join::And))) => s,
            (Join::And, _) => return None,
            (Join::To, Some((_, Join::To))) => return None,
            (_, Some((s, Join::And))) if join == Join::Dash => s,
            _ => left_start,
        };
        if lo >= hi {
            return None;
        }
        let mut out = Vec::new();
        emit(&mut out, base, text, start, right_end, code, None, Some((lo, hi)), None, rule);
        out.pop()
    }
}

/// How far before the right part of a range its left part may end ("5 and ", " to ").
const JOIN_WINDOW: usize = 24;

/// Left parts a range can start with, ending just before `right`: (start, end, figure,
/// value when it carries the currency). `by_end` holds the cores sorted by end.
fn left_items(
    by_end: &[&Core<'_>],
    figures: &[Figure],
    right: &Core<'_>,
) -> Vec<(usize, usize, Figure, Option<Decimal>)> {
    let mut items = Vec::new();
    let hi = by_end.partition_point(|c| c.end <= right.start);
    let lo = by_end.partition_point(|c| c.end < right.start.saturating_sub(JOIN_WINDOW));
    let near = by_end.get(lo..hi).unwrap_or(&[]);
    if right.currency_first {
        for c in near {
            if c.code == right.code && c.currency_first {
                items.push((c.start, c.end, c.figure, Some(c.value)));
            }
        }
    } else {
        for f in number::figures_ending_near(figures, right.start, JOIN_WINDOW) {
            let inside_core = near.iter().any(|c| c.start <= f.start && f.end <= c.end);
            if !f.glued_left && !f.hyphen_left && !inside_core {
                items.push((f.start, f.end, *f, None));
            }
        }
    }
    items
}

/// The currency form starting at byte `start` (`found` is in text order).
fn found_at<'a, 'b>(found: &'b [Found<'a>], start: usize) -> Option<&'b Found<'a>> {
    let i = found.partition_point(|f| f.start < start);
    found.get(i).filter(|f| f.start == start)
}

/// The currency forms ending within a few bytes before `pos`.
fn found_ending_near<'a, 'b>(found: &'b [Found<'a>], pos: usize) -> impl Iterator<Item = &'b Found<'a>> {
    let hi = found.partition_point(|f| f.end <= pos);
    let lo = found.partition_point(|f| f.end < pos.saturating_sub(JOIN_WINDOW));
    found.get(lo..hi).unwrap_or(&[]).iter()
}

/// The multiplier a figure's scale applied.
fn scale_of(f: &Figure) -> Decimal {
    if f.base_value.is_zero() {
        return Decimal::ONE;
    }
    f.value.checked_div(f.base_value).unwrap_or(Decimal::ONE)
}

fn cur_first_alnum(text: &str, cur: &Found<'_>) -> bool {
    text.get(cur.start..).and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric)
}

/// Whether the letters glued before byte `i` are a currency code or symbol ("USD115",
/// "Rs20"): checked loosely here, as the currency form itself was matched already.
fn glued_to_currency(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let mut s = i;
    while s > 0 && bytes.get(s - 1).is_some_and(u8::is_ascii_alphabetic) {
        s -= 1;
    }
    i - s >= 2
        && i - s <= 4
        && text.get(s..i).is_some_and(|w| w.bytes().all(|b| b.is_ascii_uppercase()) || w == "Rs" || w == "Rp")
}

fn preceded_by_article(text: &str, i: usize) -> bool {
    number::phrase_before(text, i, "the").is_some()
}

fn followed_by_percent(text: &str, i: usize) -> bool {
    let next = number::skip_spaces(text, i);
    text.get(next..).is_some_and(|t| {
        t.starts_with('%')
            || ["percent", "per cent", "pct", "percentage"]
                .iter()
                .any(|w| number::phrase_after(text, next, w).is_some())
    })
}

/// Pushes one candidate, with the hedge before it ("about", "more than") in its span.
#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut Vec<Candidate>,
    base: usize,
    text: &str,
    start: usize,
    end: usize,
    code: &str,
    amount: Option<Decimal>,
    range: Option<(Decimal, Decimal)>,
    per: Option<String>,
    rule: &'static str,
) {
    let frame = FigureFrame::new(text, start, range);
    out.push(Candidate::new(
        Span::new(base + frame.start, base + end),
        rule,
        Value::Money(MoneyValue {
            currency: code.to_owned(),
            amount: amount.map(|a| Amount(a).normalized()),
            min: frame.min,
            max: frame.max,
            approx: frame.approx,
            modifier: frame.modifier,
            per,
        }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn money() -> &'static Money {
        static MONEY: OnceLock<Money> = OnceLock::new();
        MONEY.get_or_init(|| Money::new(&Rules::embedded()).expect("embedded rules compile"))
    }

    fn find(text: &str, scan: Scan) -> Vec<Candidate> {
        let mut figures = Vec::new();
        number::scan_figures(text, &mut figures);
        let mut out = Vec::new();
        money().find_in(text, 3, &figures, scan, &mut out);
        out
    }

    #[test]
    fn windows_find_what_the_whole_search_finds() {
        for text in [
            "It cost $5, or USD 40m, or 3 dollars 50 cents, or 12-cent stamps.",
            "between $1 and $2 billion; Hong Kong $ 40; US $5; about 20€ and Rs. 40",
            "trinidad and tobago dollars 7 and 8 swiss francs, 75 USD million, usd$ 4",
        ] {
            let windows = find(text, Scan::NearFigures);
            assert!(!windows.is_empty(), "{text:?}");
            assert_eq!(windows, find(text, Scan::FromFirstFigure), "{text:?}");
        }
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "5",
            "12.5",
            "ten",
            "1,000",
            "40m",
            "2 billion",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            "-",
            "–",
            "$",
            "US",
            "us",
            "US$",
            "HK$",
            "C",
            "c",
            "Hong",
            "Kong",
            "hong kong",
            "Australian",
            "usd",
            "USD",
            "MUSD",
            "EUR",
            "€",
            "£",
            "¥",
            "Rs.",
            "Rs",
            "dollar",
            "dollars",
            "euros",
            "swiss francs",
            "cents",
            "cent",
            "pence",
            "yen",
            "rand",
            "and",
            "to",
            "between",
            "about",
            "a barrel",
            "per share",
            "%",
            "percent",
            "the",
            "of",
            ",",
            ".",
            "(",
            ")",
            "é",
            "日本",
            "x",
            "U.S.",
            "u.s.",
            "A",
            "TRY",
            "top",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn windows_read_as_the_whole_search(pieces in prop::collection::vec(piece(), 0..24)) {
            let text: String = pieces.concat();
            prop_assert_eq!(find(&text, Scan::NearFigures), find(&text, Scan::FromFirstFigure));
        }
    }
}
