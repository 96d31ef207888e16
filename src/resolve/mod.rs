//! Resolve: the one place where mentions of different kinds meet. It settles overlaps,
//! anchors relative times, and gives actors their ids.

pub mod actor;
pub mod time;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::document::{Document, Span};
use crate::error::Error;
use crate::recognize::Candidate;
use crate::rules::Rules;
use crate::segment::Segmented;
use crate::value::{Kind, Value};

/// A resolved mention: a span, the rule that found it and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where it is (bytes).
    pub span: Span,
    /// Index of its sentence.
    pub sentence: usize,
    /// The rule that found it.
    pub rule: Cow<'static, str>,
    /// What it means.
    pub value: Value,
}

impl Mention {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        self.value.kind()
    }
}

/// The compiled resolution stage.
#[derive(Debug)]
pub(crate) struct Resolver {
    time: time::TimeResolver,
    actor: actor::ActorResolver,
}

impl Resolver {
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        Ok(Resolver { time: time::TimeResolver::new(rules)?, actor: actor::ActorResolver::new(rules)? })
    }

    /// Turns the candidates of one document into its mentions, in text order.
    pub(crate) fn resolve(&self, doc: &Document, seg: &Segmented, candidates: Vec<Candidate>) -> Vec<Mention> {
        let mut mentions = settle_overlaps(seg, candidates);
        self.time.resolve(doc, seg, &mut mentions);
        self.actor.resolve(doc, seg, &mut mentions);
        mentions.retain(|m| m.kind() != Kind::Name);
        mentions
    }
}

/// Rank of a kind when two candidates of the same length compete for the same text:
/// a shielding name first (it exists to block the readings inside it), then figures,
/// whose spans carry units, then times, then actors.
fn kind_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Name => 0,
        Kind::Money => 1,
        Kind::Percent => 2,
        Kind::Quantity => 3,
        Kind::Time => 4,
        Kind::Actor => 5,
    }
}

/// The overlap policy, the only one in claimex: no two mentions overlap. Candidates are
/// taken greedily, best first, and one that overlaps a taken candidate is dropped.
/// Best means: firm before latent; then the longer span; then the kind rank above;
/// then the earlier start; then the rule id — a total order, so the outcome never
/// depends on the order recognizers ran in.
fn settle_overlaps(seg: &Segmented, mut candidates: Vec<Candidate>) -> Vec<Mention> {
    candidates.sort_by(|a, b| {
        a.latent
            .cmp(&b.latent)
            .then(b.span.len().cmp(&a.span.len()))
            .then(kind_rank(a.value.kind()).cmp(&kind_rank(b.value.kind())))
            .then(a.span.start.cmp(&b.span.start))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.value.summary().cmp(&b.value.summary()))
    });
    // Taken spans never overlap, so the one starting last before a candidate's end is the
    // only one that can reach into it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        let span = candidate.span;
        let blocked = taken.range(..span.end).next_back().is_some_and(|(_, &end)| end > span.start);
        if span.is_empty() || blocked {
            continue;
        }
        taken.insert(span.start, span.end);
        kept.push(candidate);
    }
    kept.sort_by_key(|c| (c.span.start, c.span.end));
    let mut sentence = 0;
    kept.into_iter()
        .map(|c| {
            while seg.sentences.get(sentence + 1).is_some_and(|s| s.span.start <= c.span.start) {
                sentence += 1;
            }
            Mention { span: c.span, sentence, rule: c.rule, value: c.value }
        })
        .collect()
}
