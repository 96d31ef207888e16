//! Time expressions (TIMEX3): dates, times, durations and sets, following the TimeML
//! annotation guidelines as TimeBank applies them: a span leaves out a leading preposition
//! ("on", "in", "at") and keeps determiners and modifiers ("the", "last", "early", "about").
//! Data: rules/time/. Examples: tests/examples/time.txt.
//!
//! Recognition writes a value that needs no document date ("2024-12-25", "P3Y") or an
//! underspecified one ("XXXX-WXX-2") together with a [`Relative`] reading that
//! `resolve::time` anchors to the document date or to a date in context.

mod calendar;
mod grammar;
mod lexicon;
mod runs;

use std::cell::Cell;

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;

pub(crate) use calendar::{Relative, Shift, shift_value as calendar_shift};
pub(crate) use lexicon::Unit;

/// The TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period (`2024-12-25`, `2024`, `2025-Q1`).
    Date,
    /// A time of day (`2024-12-25T10:35`).
    Time,
    /// A length of time (`P3Y`).
    Duration,
    /// A recurrence (`P1Y` for "annually").
    Set,
}

impl TimexType {
    /// The TIMEX3 name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// The value of a time mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeValue {
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    /// TIMEX3 value (`2024-12-25`, `XXXX-12-25`, `P3Y`, `PRESENT_REF`).
    pub timex: String,
    /// TIMEX3 modifier (APPROX, START, MID, END, LESS_THAN, MORE_THAN…).
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The reading still to be anchored to the document date or to a date in context;
    /// `None` once the value is final.
    #[serde(skip)]
    pub(crate) relative: Option<Relative>,
}

impl TimeValue {
    /// `DATE 2024-12-25` (with ` mod=APPROX` when modified).
    pub fn summary(&self) -> String {
        match &self.modifier {
            Some(m) => format!("{} {} mod={m}", self.timex_type.as_str(), self.timex),
            None => format!("{} {}", self.timex_type.as_str(), self.timex),
        }
    }
}

/// The time recognizer.
#[derive(Debug)]
pub(crate) struct Time {
    lexicon: lexicon::Lexicon,
}

impl Time {
    /// Loads the tables of `rules/time/`; fails on the first bad line.
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        Ok(Time { lexicon: lexicon::Lexicon::new(rules)? })
    }

    /// Pushes every time expression of the sentence, left to right, longest first.
    pub(crate) fn find(&self, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        let text = cx.sentence_text();
        // Prefilter: a digit or a trigger word, or nothing to do.
        if !has_digit(text.as_bytes()) && !self.lexicon.has_trigger(text) {
            return;
        }
        let mut toks = recycle(TOKENS.take());
        let mut anchors = ANCHORS.take();
        anchors.clear();
        self.lexicon.tokenize(text, &mut toks, &mut anchors);
        grammar::Grammar::new(&self.lexicon, &toks, text, cx.sentence.span.start).find_all(&anchors, out);
        // A freak sentence (a table, a list without stops) may need a huge buffer; the
        // thread does not keep that one.
        if toks.capacity() <= KEPT_TOKENS {
            TOKENS.set(recycle(toks));
        }
        if anchors.capacity() <= KEPT_TOKENS {
            ANCHORS.set(anchors);
        }
    }
}

/// The most tokens whose room a thread keeps between sentences (32 bytes each).
const KEPT_TOKENS: usize = 1 << 14;

thread_local! {
    /// The token buffer of the thread, lent to one sentence at a time: growing a fresh
    /// vector for every sentence cost more than reading its tokens.
    static TOKENS: Cell<Vec<lexicon::Tok<'static>>> = const { Cell::new(Vec::new()) };
    /// The indices of the anchors among the tokens ([`lexicon::Tok::anchor`]), kept as
    /// the tokens are.
    static ANCHORS: Cell<Vec<usize>> = const { Cell::new(Vec::new()) };
}

/// `tokens` emptied, as a vector for tokens of another sentence: the allocation is kept
/// (an in-place collect), the borrows of the old sentence are not.
// `filter` would keep the old lifetime; the point is a vector of another type.
#[expect(clippy::unnecessary_filter_map)]
fn recycle<'b>(mut tokens: Vec<lexicon::Tok<'_>>) -> Vec<lexicon::Tok<'b>> {
    tokens.clear();
    tokens.into_iter().filter_map(|_| None).collect()
}

/// Whether `bytes` hold an ASCII digit; tests a block at a time, without a branch per
/// byte, so the compiler can vectorize it.
fn has_digit(bytes: &[u8]) -> bool {
    bytes.chunks(32).any(|block| block.iter().fold(false, |any, b| any | b.is_ascii_digit()))
}
