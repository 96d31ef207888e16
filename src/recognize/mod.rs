//! Recognizers: one module per kind, each reading its own rules and proposing
//! candidates for one sentence at a time. Recognizers never call each other;
//! `resolve` alone decides between overlapping candidates.

pub mod actor;
pub mod money;
pub mod percent;
pub mod quantity;
pub mod time;

use std::borrow::Cow;

use crate::document::Span;
use crate::error::Error;
use crate::number::Figure;
use crate::rules::Rules;
use crate::segment::{Sentence, Token};
use rust_decimal::Decimal;

use crate::value::{Amount, Kind, Value};

/// A reading of a span proposed by one rule, before overlaps are resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Where it is in the document (bytes).
    pub span: Span,
    /// The id of the rule that found it (`money/code-before-amount`).
    pub rule: Cow<'static, str>,
    /// What it means.
    pub value: Value,
    /// A weak reading (a bare number as a year) kept only if nothing better covers it
    /// and a cue confirms it; recognizers set the cue check themselves and mark the rest.
    pub latent: bool,
}

impl Candidate {
    /// A firm candidate.
    pub fn new(span: Span, rule: impl Into<Cow<'static, str>>, value: Value) -> Self {
        Candidate { span, rule: rule.into(), value, latent: false }
    }
}

/// The candidates of one document: every kind's after the one before it in
/// [`Recognizers::ORDER`], each kind's in the order its recognizer found them.
///
/// Each recognizer reads every sentence before the next one starts, so this is not the
/// order a sentence-by-sentence reading gives (sentence, then recognizer). Only
/// resolution could tell, when it breaks a tie between equal readings by that order; it
/// reads it off `marks` ([`Found::read_at`]) rather than having every candidate moved
/// into place.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) candidates: Vec<Candidate>,
    /// For each run of candidates one kind found in one sentence: the index one past its
    /// last candidate, and where a sentence-by-sentence reading finds it (the ordinal of
    /// the sentence times the number of kinds, plus the kind's place in
    /// [`Recognizers::ORDER`]). Ascending in both.
    pub(crate) marks: Vec<(usize, usize)>,
}

impl Found {
    /// Room for about as many candidates as the text of `len` bytes usually gives (one
    /// every 45 bytes or so in news), so that the candidates, a couple of hundred bytes
    /// each, are seldom moved to a larger buffer while they are found.
    pub(crate) fn for_text(len: usize) -> Self {
        let room = len / 32 + 8;
        Found { candidates: Vec::with_capacity(room), marks: Vec::with_capacity(room / 2) }
    }

    /// Pushes the candidates of one kind found in one sentence: `kind` is the kind's place
    /// in [`Recognizers::ORDER`], `sentence` the ordinal of the sentence among those read.
    pub(crate) fn find(&mut self, recognizers: &Recognizers, kind: usize, sentence: usize, cx: &SentenceContext<'_>) {
        let Some(&which) = Recognizers::ORDER.get(kind) else { return };
        let before = self.candidates.len();
        recognizers.find_kind(which, cx, &mut self.candidates);
        if self.candidates.len() > before {
            self.marks.push((self.candidates.len(), sentence * Recognizers::ORDER.len() + kind));
        }
    }

    /// Where a sentence-by-sentence reading finds candidate `i`, by the `marks` of
    /// [`Found`]: with the candidates' indices, which keep the order within one sentence
    /// and kind, it orders them as that reading would.
    pub(crate) fn read_at(marks: &[(usize, usize)], i: usize) -> Option<usize> {
        marks.get(marks.partition_point(|&(end, _)| end <= i)).map(|&(_, at)| at)
    }
}

/// What every figure (money, percent, quantity) takes from the words around its number:
/// the start of its span, widened over a hedge before it ("about", "more than"), whether
/// that hedge makes it approximate, the modifier it sets, and the bounds of a range.
pub(crate) struct FigureFrame {
    pub(crate) start: usize,
    pub(crate) approx: bool,
    pub(crate) modifier: Option<String>,
    pub(crate) min: Option<Amount>,
    pub(crate) max: Option<Amount>,
}

impl FigureFrame {
    /// The frame of a figure starting at byte `start` of the sentence `text`.
    pub(crate) fn new(text: &str, start: usize, range: Option<(Decimal, Decimal)>) -> Self {
        let hedge = crate::number::hedge_before(text, start);
        let (min, max) = match range {
            Some((lo, hi)) => (Some(Amount(lo).normalized()), Some(Amount(hi).normalized())),
            None => (None, None),
        };
        FigureFrame {
            start: hedge.map_or(start, |h| h.start),
            approx: hedge.is_some_and(|h| h.approx),
            modifier: hedge.and_then(|h| h.modifier).map(str::to_owned),
            min,
            max,
        }
    }
}

/// What a recognizer sees of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceContext<'a> {
    /// The whole document text (spans index into it).
    pub text: &'a str,
    /// The sentence being read.
    pub sentence: &'a Sentence,
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// Every figure of the sentence (`number::scan_figures` over its text, offsets
    /// relative to it): scanned once here rather than once by each of money, percent and
    /// quantity, as the scan costs more than any of them.
    pub figures: &'a [Figure],
}

impl<'a> SentenceContext<'a> {
    /// The sentence's text.
    pub fn sentence_text(&self) -> &'a str {
        self.sentence.span.text(self.text)
    }
}

/// All recognizers, compiled once and shared by every thread.
#[derive(Debug)]
pub(crate) struct Recognizers {
    time: time::Time,
    money: money::Money,
    percent: percent::Percent,
    quantity: quantity::Quantity,
    actor: actor::Actor,
}

impl Recognizers {
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        Ok(Recognizers {
            time: time::Time::new(rules)?,
            money: money::Money::new(rules)?,
            percent: percent::Percent::new(rules)?,
            quantity: quantity::Quantity::new(rules)?,
            actor: actor::Actor::new(rules)?,
        })
    }

    /// Pushes the candidates of one kind found in one sentence.
    pub(crate) fn find_kind(&self, kind: Kind, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        match kind {
            Kind::Time => self.time.find(cx, out),
            Kind::Money => self.money.find(cx, out),
            Kind::Percent => self.percent.find(cx, out),
            Kind::Quantity => self.quantity.find(cx, out),
            Kind::Actor => self.actor.find(cx, out),
            Kind::Name => {}
        }
    }

    /// The order the recognizers read a sentence in, which is the order their candidates
    /// of one sentence are listed in.
    pub(crate) const ORDER: [Kind; 5] = [Kind::Time, Kind::Money, Kind::Percent, Kind::Quantity, Kind::Actor];
}
