//! Resolve: the one place where mentions of different kinds meet. It settles overlaps,
//! anchors relative times, and gives actors their ids.

pub mod actor;
pub mod time;

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::document::{Dated, Span};
use crate::error::Error;
use crate::recognize::{Candidate, Found};
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

    /// Turns the candidates of one document into its mentions, in text order. The
    /// candidates are settled and linked where they lie, by index, and each one kept is
    /// moved once, into its mention.
    pub(crate) fn resolve(&self, doc: Dated<'_>, seg: &Segmented, found: Found) -> Vec<Mention> {
        let Found { mut candidates, marks } = found;
        let mut kept = settle_overlaps(&candidates, &marks);
        // A shielding name has done its work once overlaps are settled: neither resolver
        // below reads one.
        kept.retain(|&i| candidates.get(i).is_some_and(|c| c.value.kind() != Kind::Name));
        self.actor.resolve(doc, &mut candidates, &mut kept);
        let mut mentions = into_mentions(seg, &mut candidates, &kept);
        self.time.resolve(doc, seg, &mut mentions);
        mentions
    }
}

/// Moves the candidates at `kept` (in text order) out into mentions, each with the index
/// of its sentence; what is left in their place is empty.
fn into_mentions(seg: &Segmented, candidates: &mut [Candidate], kept: &[usize]) -> Vec<Mention> {
    let mut mentions = Vec::with_capacity(kept.len());
    let mut sentence = 0;
    for &i in kept {
        let Some(c) = candidates.get_mut(i) else { continue };
        while seg.sentences.get(sentence + 1).is_some_and(|s| s.span.start <= c.span.start) {
            sentence += 1;
        }
        let rule = std::mem::take(&mut c.rule);
        let value = std::mem::replace(&mut c.value, Value::Name(String::new()));
        mentions.push(Mention { span: c.span, sentence, rule, value });
    }
    mentions
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
///
/// Whether a candidate is taken depends only on the candidates it overlaps, so the
/// policy is applied to each cluster of overlapping candidates on its own. Most
/// candidates overlap nothing and are taken without being ranked at all.
///
/// `marks` order the candidates, with their indices, as a sentence-by-sentence reading
/// would have found them ([`Found::read_at`]); that order breaks the last ties. Returns
/// the indices of the candidates kept, in text order.
fn settle_overlaps(candidates: &[Candidate], marks: &[(usize, usize)]) -> Vec<usize> {
    let mut by_start = Vec::with_capacity(candidates.len());
    by_start.extend(candidates.iter().enumerate().filter(|(_, c)| !c.span.is_empty()).map(|(i, c)| (c.span.start, i)));
    let by_start = in_text_order(by_start);
    let span_of = |i: usize| candidates.get(i).map_or(Span::new(0, 0), |c| c.span);
    // The kept candidates' indices in text order: clusters follow each other in text
    // order, and the kept ones of a cluster are put in order before the next one starts.
    let mut taken: Vec<usize> = Vec::with_capacity(by_start.len());
    let mut cluster: Vec<(u128, usize)> = Vec::new();
    let mut rest = by_start.as_slice();
    while let [(_, first), ..] = *rest {
        let mut end = span_of(first).end;
        let mut len = 1;
        while let Some(&(start, i)) = rest.get(len)
            && start < end
        {
            end = end.max(span_of(i).end);
            len += 1;
        }
        let (members, after) = rest.split_at(len);
        rest = after;
        if let [(_, only)] = *members {
            taken.push(only);
            continue;
        }
        cluster.clear();
        cluster.extend(members.iter().map(|&(_, i)| (candidates.get(i).map_or(0, rank), i)));
        let from = taken.len();
        let start = span_of(first).start;
        settle_cluster(candidates, marks, Span::new(start, end), &mut cluster, &mut taken);
        if let Some(kept) = taken.get_mut(from..) {
            kept.sort_unstable_by_key(|&i| span_of(i).start);
        }
    }
    taken
}

/// More ascending runs than this and [`in_text_order`] sorts rather than merges.
const MERGE_RUNS: usize = 8;

/// Puts pairs of (start, index), which come with their indices ascending, in order of
/// start, then index. Each kind's candidates are found in text order, or nearly, so the
/// pairs come as a few ascending runs, which are merged one into the next rather than
/// sorted; more runs than [`MERGE_RUNS`] are sorted.
fn in_text_order(mut pairs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut runs = [0; MERGE_RUNS];
    let mut count = 0;
    let mut from = 0;
    let descents = pairs.windows(2).map(|w| matches!(w, [a, b] if b.0 < a.0));
    for (at, descends) in (1..).zip(descents.chain([true])) {
        if descends {
            let Some(run) = runs.get_mut(count) else {
                pairs.sort_unstable();
                return pairs;
            };
            *run = at - from;
            count += 1;
            from = at;
        }
    }
    if count <= 1 {
        return pairs;
    }
    // Each run is merged into the merged runs before it, in place: only those are
    // copied out first, which is cheaper than filling a second buffer of them all.
    let mut left = Vec::with_capacity(pairs.len());
    let mut done = 0;
    for &len in runs.get(..count).unwrap_or_default() {
        let end = (done + len).min(pairs.len());
        if done > 0 {
            left.clear();
            left.extend_from_slice(pairs.get(..done).unwrap_or_default());
            merge_into(&left, pairs.get_mut(..end).unwrap_or_default());
        }
        done = end;
    }
    pairs
}

/// Merges the ascending `left` with the ascending run that fills `out` after its first
/// `left.len()` places, into `out`. No place is written before the run's element there
/// is read: what is merged so far is never longer than what was taken of both.
fn merge_into(left: &[(usize, usize)], out: &mut [(usize, usize)]) {
    let (mut i, mut j) = (0, left.len());
    for w in 0..out.len() {
        let next = match (left.get(i), out.get(j)) {
            (Some(&x), Some(&y)) if y < x => {
                j += 1;
                y
            }
            (Some(&x), _) => {
                i += 1;
                x
            }
            (None, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        if let Some(slot) = out.get_mut(w) {
            *slot = next;
        }
    }
}

/// The greedy policy over one cluster of overlapping candidates, each with its packed
/// rank, that together cover `extent`: appends the indices of those taken, best first.
fn settle_cluster(
    candidates: &[Candidate],
    marks: &[(usize, usize)],
    extent: Span,
    cluster: &mut [(u128, usize)],
    taken: &mut Vec<usize>,
) {
    // Equal keys are rare (the same span found twice as one kind), so the pairs are sorted
    // as integers, and only runs of an equal key are sorted again by their strings.
    cluster.sort_unstable();
    for tied in cluster.chunk_by_mut(|(a, _), (b, _)| a == b).filter(|run| run.len() > 1) {
        tied.sort_by(|(_, i), (_, j)| {
            match (candidates.get(*i), candidates.get(*j)) {
                (Some(a), Some(b)) => a.rule.cmp(&b.rule).then_with(|| a.value.summary().cmp(&b.value.summary())),
                _ => Ordering::Equal,
            }
            .then_with(|| Found::read_at(marks, *i).cmp(&Found::read_at(marks, *j)))
            .then(i.cmp(j))
        });
    }
    let from = taken.len();
    // A few members are checked against each other; a long chain of overlaps (a run of
    // figures, say) against a bit per byte of the cluster, so no input makes it quadratic.
    let mut covered = (cluster.len() > SMALL_CLUSTER).then(|| Coverage::new(extent.len()));
    for &(_, i) in cluster.iter() {
        let Some(span) = candidates.get(i).map(|c| c.span) else { continue };
        let within = Span::new(span.start - extent.start, span.end - extent.start);
        let blocked = match &covered {
            Some(covered) => covered.any(within),
            None => taken
                .get(from..)
                .unwrap_or_default()
                .iter()
                .filter_map(|&t| candidates.get(t))
                .any(|t| t.span.overlaps(span)),
        };
        if !blocked {
            if let Some(covered) = &mut covered {
                covered.cover(within);
            }
            taken.push(i);
        }
    }
}

/// Clusters up to this size are settled by comparing spans pairwise.
const SMALL_CLUSTER: usize = 16;

/// The part of the overlap order that needs no strings, packed so that one comparison
/// of integers orders it: firm before latent, longer before shorter, then the kind
/// rank, then the earlier start. Lengths and offsets get 60 bits each, more than any
/// text can need.
fn rank(c: &Candidate) -> u128 {
    const FIELD: u128 = (1 << 60) - 1;
    let shorter = FIELD - (c.span.len() as u128 & FIELD);
    (u128::from(c.latent) << 127)
        | (shorter << 64)
        | (u128::from(kind_rank(c.value.kind())) << 60)
        | (c.span.start as u128 & FIELD)
}

/// The bytes of the text covered by the spans taken so far, a bit each.
struct Coverage {
    words: Vec<u64>,
}

impl Coverage {
    /// For a text of `len` bytes; spans beyond it grow the set.
    fn new(len: usize) -> Self {
        Coverage { words: vec![0; len / 64 + 1] }
    }

    /// Whether any byte of `span` is covered.
    fn any(&self, span: Span) -> bool {
        (span.start / 64..=(span.end - 1) / 64).any(|w| {
            let bits = self.words.get(w).copied().unwrap_or(0);
            bits & Self::mask(w, span) != 0
        })
    }

    fn cover(&mut self, span: Span) {
        let last = (span.end - 1) / 64;
        if self.words.len() <= last {
            self.words.resize(last + 1, 0);
        }
        for w in span.start / 64..=last {
            if let Some(bits) = self.words.get_mut(w) {
                *bits |= Self::mask(w, span);
            }
        }
    }

    /// The bits of word `w` that `span` (not empty) covers.
    fn mask(w: usize, span: Span) -> u64 {
        let from = span.start.saturating_sub(w * 64).min(64);
        let to = (span.end - w * 64).min(64);
        let upto = if to == 64 { u64::MAX } else { (1u64 << to) - 1 };
        let below = if from == 64 { u64::MAX } else { (1u64 << from) - 1 };
        upto & !below
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Recognizers;
    use proptest::prelude::*;

    proptest! {
        /// Merging the runs orders as sorting does, for any number of runs.
        #[test]
        fn runs_merge_as_a_sort_orders(starts in proptest::collection::vec(0usize..60, 0..80)) {
            let pairs: Vec<(usize, usize)> = starts.into_iter().enumerate().map(|(i, start)| (start, i)).collect();
            let mut sorted = pairs.clone();
            sorted.sort_unstable();
            prop_assert_eq!(in_text_order(pairs), sorted);
        }

        /// A few long runs, as the recognizers give, are merged, and merge as a sort orders.
        #[test]
        fn few_runs_merge_as_a_sort_orders(runs in proptest::collection::vec(proptest::collection::vec(0usize..500, 0..40), 0..MERGE_RUNS)) {
            let pairs: Vec<(usize, usize)> = runs
                .into_iter()
                .flat_map(|mut run| { run.sort_unstable(); run })
                .enumerate()
                .map(|(i, start)| (start, i))
                .collect();
            let mut sorted = pairs.clone();
            sorted.sort_unstable();
            prop_assert_eq!(in_text_order(pairs), sorted);
        }
    }

    proptest! {
        /// Coverage answers as a plain search of the taken spans does.
        #[test]
        fn coverage_finds_exactly_the_overlaps(spans in proptest::collection::vec((0usize..300, 1usize..140), 1..40), len in 0usize..200) {
            let mut covered = Coverage::new(len);
            let mut taken: Vec<Span> = Vec::new();
            for (start, length) in spans {
                let span = Span::new(start, start + length);
                let overlaps = taken.iter().any(|t| t.start < span.end && span.start < t.end);
                prop_assert_eq!(covered.any(span), overlaps);
                if !overlaps {
                    covered.cover(span);
                    taken.push(span);
                }
            }
        }
    }

    /// The policy as written: every candidate ranked in one order, each taken unless it
    /// overlaps one taken before it.
    fn settle_overlaps_reference(seg: &Segmented, candidates: Vec<Candidate>) -> Vec<Mention> {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&i, &j| {
            let (a, b) = (&candidates[i], &candidates[j]);
            rank(a)
                .cmp(&rank(b))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.value.summary().cmp(&b.value.summary()))
                .then(i.cmp(&j))
        });
        let mut taken: Vec<usize> = Vec::new();
        for i in order {
            let span = candidates[i].span;
            if !span.is_empty() && !taken.iter().any(|&t| candidates[t].span.overlaps(span)) {
                taken.push(i);
            }
        }
        taken.sort_by_key(|&i| candidates[i].span.start);
        taken
            .into_iter()
            .map(|i| {
                let c = &candidates[i];
                let sentence = seg.sentences.iter().rposition(|s| s.span.start <= c.span.start).unwrap_or(0);
                Mention { span: c.span, sentence, rule: c.rule.clone(), value: c.value.clone() }
            })
            .collect()
    }

    /// Settles candidates found in the order given, as if all in one sentence by one
    /// recognizer.
    fn settle(seg: &Segmented, mut candidates: Vec<Candidate>) -> Vec<Mention> {
        let kept = settle_overlaps(&candidates, &[(candidates.len(), 0)]);
        into_mentions(seg, &mut candidates, &kept)
    }

    proptest! {
        /// Candidates found kind after kind, with where a sentence-by-sentence reading
        /// would have found them, settle as the same candidates found in that reading's
        /// order do, ties and all, wherever their spans lie.
        #[test]
        fn reading_order_breaks_ties_as_a_sentence_by_sentence_reading(
            found in proptest::collection::vec((0usize..4, 0usize..3, 0usize..40, 1usize..12, any::<bool>(), 0u8..2, 0u8..2), 0..50),
        ) {
            let seg = Segmented::default();
            let kinds = Recognizers::ORDER.len();
            let candidate = |&(_, _, start, len, latent, rule, name): &(usize, usize, usize, usize, bool, u8, u8)| Candidate {
                span: Span::new(start, start + len),
                rule: ["test/a", "test/b"][usize::from(rule)].into(),
                value: Value::Name(["x", "y"][usize::from(name)].to_owned()),
                latent,
            };
            // As found: kind after kind, each kind sentence after sentence.
            let mut by_kind = found.clone();
            by_kind.sort_by_key(|&(sentence, kind, ..)| (kind, sentence));
            let mut in_kind_order = Found::default();
            for f in &by_kind {
                in_kind_order.candidates.push(candidate(f));
                in_kind_order.marks.push((in_kind_order.candidates.len(), f.0 * kinds + f.1));
            }
            // As a sentence-by-sentence reading finds them.
            let mut by_sentence = found;
            by_sentence.sort_by_key(|&(sentence, kind, ..)| (sentence, kind));
            let in_reading_order: Vec<Candidate> = by_sentence.iter().map(candidate).collect();
            let Found { mut candidates, marks } = in_kind_order;
            let kept = settle_overlaps(&candidates, &marks);
            prop_assert_eq!(into_mentions(&seg, &mut candidates, &kept), settle_overlaps_reference(&seg, in_reading_order));
        }
    }

    proptest! {
        /// Settling cluster by cluster keeps exactly what the one global greedy order keeps.
        #[test]
        fn clusters_settle_as_the_whole_does(
            found in proptest::collection::vec((0usize..120, 0usize..30, any::<bool>(), 0u8..3, 0u8..3), 0..60),
        ) {
            let seg = Segmented::default();
            let candidates: Vec<Candidate> = found
                .into_iter()
                .map(|(start, len, latent, rule, name)| Candidate {
                    span: Span::new(start, start + len),
                    rule: ["test/a", "test/b", "test/c"][usize::from(rule)].into(),
                    value: Value::Name(["x", "y", "z"][usize::from(name)].to_owned()),
                    latent,
                })
                .collect();
            prop_assert_eq!(settle(&seg, candidates.clone()), settle_overlaps_reference(&seg, candidates));
        }
    }

    #[test]
    fn equal_ranks_fall_to_the_rule_id_whatever_the_order_found() {
        let seg = Segmented::default();
        let candidate = |rule: &'static str| Candidate {
            span: Span::new(4, 9),
            rule: rule.into(),
            value: Value::Name("facility".to_owned()),
            latent: false,
        };
        for found in [vec![candidate("test/b"), candidate("test/a")], vec![candidate("test/a"), candidate("test/b")]] {
            let kept = settle(&seg, found);
            assert_eq!(kept.iter().map(|m| m.rule.as_ref()).collect::<Vec<_>>(), ["test/a"]);
        }
    }

    #[test]
    fn rank_orders_as_the_overlap_policy_says() {
        let candidate = |start: usize, end: usize, latent: bool, value: Value| Candidate {
            span: Span::new(start, end),
            rule: "test/rule".into(),
            value,
            latent,
        };
        let name = || Value::Name("facility".to_owned());
        let firm_short = candidate(10, 12, false, name());
        let latent_long = candidate(0, 50, true, name());
        let firm_long = candidate(20, 40, false, name());
        let firm_long_earlier = candidate(5, 25, false, name());
        assert!(rank(&firm_short) < rank(&latent_long), "firm before latent");
        assert!(rank(&firm_long) < rank(&firm_short), "longer first");
        assert!(rank(&firm_long_earlier) < rank(&firm_long), "earlier start breaks a tie");
    }
}
