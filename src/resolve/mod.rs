//! Resolve: the one place where mentions of different kinds meet. It settles overlaps,
//! anchors relative times, and gives actors their ids.

pub mod actor;
pub mod time;

use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
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
fn settle_overlaps(seg: &Segmented, candidates: Vec<Candidate>) -> Vec<Mention> {
    // Candidates are large: the sort moves small keys, each with its candidate's index,
    // and reads the candidates only to break ties between equal keys. The index as the
    // last key keeps the order a stable sort gave.
    let mut ranked: Vec<(Rank, usize)> = candidates.iter().map(Rank::of).zip(0..).collect();
    ranked.sort_unstable_by(|(rank_a, i), (rank_b, j)| {
        rank_a
            .cmp(rank_b)
            .then_with(|| match (candidates.get(*i), candidates.get(*j)) {
                (Some(a), Some(b)) => a.rule.cmp(&b.rule).then_with(|| a.value.summary().cmp(&b.value.summary())),
                _ => Ordering::Equal,
            })
            .then(i.cmp(j))
    });
    // Taken spans never overlap, so the one starting last before a candidate's end is the
    // only one that can reach into it. Each maps its start to its end and candidate.
    let mut taken: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (_, i) in ranked {
        let Some(span) = candidates.get(i).map(|c| c.span) else {
            continue;
        };
        let blocked = taken.range(..span.end).next_back().is_some_and(|(_, &(end, _))| end > span.start);
        if span.is_empty() || blocked {
            continue;
        }
        taken.insert(span.start, (span.end, i));
    }
    // `taken` lists the kept candidates in text order: each goes straight to its place
    // rather than through a sort of large values.
    let mut place = vec![None; candidates.len()];
    for (slot, &(_, i)) in taken.values().enumerate() {
        if let Some(p) = place.get_mut(i) {
            *p = Some(slot);
        }
    }
    let mut kept: Vec<Option<Candidate>> = std::iter::repeat_with(|| None).take(taken.len()).collect();
    for (candidate, slot) in candidates.into_iter().zip(place) {
        if let Some(kept) = slot.and_then(|slot| kept.get_mut(slot)) {
            *kept = Some(candidate);
        }
    }
    let mut mentions = Vec::with_capacity(kept.len());
    let mut sentence = 0;
    for c in kept.into_iter().flatten() {
        while seg.sentences.get(sentence + 1).is_some_and(|s| s.span.start <= c.span.start) {
            sentence += 1;
        }
        mentions.push(Mention { span: c.span, sentence, rule: c.rule, value: c.value });
    }
    mentions
}

/// The part of the overlap order that needs no strings, compared field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    latent: bool,
    /// Longer spans first.
    length: Reverse<usize>,
    kind: u8,
    start: usize,
}

impl Rank {
    fn of(c: &Candidate) -> Rank {
        Rank { latent: c.latent, length: Reverse(c.span.len()), kind: kind_rank(c.value.kind()), start: c.span.start }
    }
}
