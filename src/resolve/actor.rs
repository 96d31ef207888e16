//! Gives actors their final ids: later surname mentions link to the full name, defined
//! acronyms to their organisation, and lone capitalised words that link to nothing are
//! dropped.

use rustc_hash::FxHashMap;

use crate::document::Dated;
use crate::error::Error;
use crate::recognize::Candidate;
use crate::recognize::actor::ActorValue;
use crate::rules::Rules;
use crate::value::Value;

/// Rules whose single-word persons may be a surname of a fuller name.
const SURNAME_RULES: [&str; 5] =
    ["actor/bare-name", "actor/reported-person", "actor/title-person", "actor/cue-person", "actor/name-run"];

/// The actor part of resolution.
#[derive(Debug)]
pub(crate) struct ActorResolver {}

impl ActorResolver {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(ActorResolver {})
    }

    /// Links surnames and acronyms across the document; drops unlinked bare names from
    /// `kept`, the indices of the candidates kept, in text order.
    pub(crate) fn resolve(&self, doc: Dated<'_>, candidates: &mut [Candidate], kept: &mut Vec<usize>) {
        // Full names by their last word, and names of organisations and acronyms by text,
        // each pointing at its candidate: the first full mention in the text wins, so the
        // output does not depend on order beyond the text's own.
        // Sized for the names of a news article, so that filling them seldom rehashes.
        let room = kept.len() / 4;
        let mut surnames: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(room, Default::default());
        let mut names: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(room, Default::default());
        for &i in kept.iter() {
            let Some(Candidate { span, rule, value: Value::Actor(v), .. }) = candidates.get(i) else { continue };
            let text = span.text(doc.text);
            match v.actor_type {
                "person" if rule != "actor/name-run" && rule != "actor/bare-name" => {
                    if let Some((_, last)) = v.name.rsplit_once(' ') {
                        surnames.entry(last).or_insert(i);
                    }
                }
                "org" | "company" | "media" if v.via == Some("acronym") || text.contains(' ') => {
                    names.entry(text).or_insert(i);
                }
                _ => {}
            }
        }
        let actor_at = |i: usize| match candidates.get(i).map(|c| &c.value) {
            Some(Value::Actor(v)) => Some(v),
            _ => None,
        };
        // Links are all read from the candidates as recognized, then written. Whether a
        // mention is dropped depends on it and the tables above alone, so it is decided
        // as `kept` is walked.
        let mut linked: Vec<(usize, ActorValue)> = Vec::new();
        kept.retain(|&i| {
            let Some(Candidate { span, rule, value: Value::Actor(v), .. }) = candidates.get(i) else { return true };
            if !SURNAME_RULES.contains(&rule.as_ref()) {
                return true;
            }
            let text = span.text(doc.text);
            let single = !text.contains(' ');
            if single && let Some(full) = surnames.get(text).and_then(|&f| actor_at(f)).filter(|f| &*f.name != text) {
                let via = if rule == "actor/title-person" { "title" } else { "surname" };
                let value =
                    ActorValue { via: Some(via), country: v.country.clone().or(full.country.clone()), ..full.clone() };
                linked.push((i, value));
                return true;
            }
            if let Some(org) = names.get(text).and_then(|&o| actor_at(o)) {
                linked.push((i, ActorValue { via: Some("acronym"), ..org.clone() }));
                return true;
            }
            rule != "actor/bare-name"
        });
        for (i, value) in linked {
            if let Some(Candidate { value: Value::Actor(v), .. }) = candidates.get_mut(i) {
                *v = value;
            }
        }
    }
}
