//! Gives actors their final ids: later surname mentions link to the full name, defined
//! acronyms to their organisation, and lone capitalised words that link to nothing are
//! dropped.

use rustc_hash::FxHashMap;

use crate::document::Document;
use crate::error::Error;
use crate::recognize::actor::ActorValue;
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;
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

    /// Links surnames and acronyms across the document; drops unlinked bare names.
    pub(crate) fn resolve(&self, doc: &Document, _seg: &Segmented, mentions: &mut Vec<Mention>) {
        // Full names by their last word, and names of organisations and acronyms by text,
        // each pointing at its mention: the first full mention in the text wins, so the
        // output does not depend on order beyond the text's own.
        let mut surnames: FxHashMap<&str, usize> = FxHashMap::default();
        let mut names: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let Value::Actor(v) = &m.value else { continue };
            let text = m.span.text(&doc.text);
            match v.actor_type {
                "person" if m.rule != "actor/name-run" && m.rule != "actor/bare-name" => {
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
        let actor_at = |i: usize| match mentions.get(i).map(|m| &m.value) {
            Some(Value::Actor(v)) => Some(v),
            _ => None,
        };
        // Links are all read from the mentions as recognized, then written.
        let mut linked: Vec<(usize, ActorValue)> = Vec::new();
        let mut dropped = vec![false; mentions.len()];
        for ((i, m), drop) in mentions.iter().enumerate().zip(&mut dropped) {
            if !SURNAME_RULES.contains(&m.rule.as_ref()) {
                continue;
            }
            let text = m.span.text(&doc.text);
            let Value::Actor(v) = &m.value else { continue };
            let single = !text.contains(' ');
            if single && let Some(full) = surnames.get(text).and_then(|&f| actor_at(f)).filter(|f| &*f.name != text) {
                let via = if m.rule == "actor/title-person" { "title" } else { "surname" };
                let value =
                    ActorValue { via: Some(via), country: v.country.clone().or(full.country.clone()), ..full.clone() };
                linked.push((i, value));
                continue;
            }
            if let Some(org) = names.get(text).and_then(|&o| actor_at(o)) {
                linked.push((i, ActorValue { via: Some("acronym"), ..org.clone() }));
                continue;
            }
            *drop = m.rule == "actor/bare-name";
        }
        for (i, value) in linked {
            if let Some(Mention { value: Value::Actor(v), .. }) = mentions.get_mut(i) {
                *v = value;
            }
        }
        let mut dropped = dropped.into_iter();
        mentions.retain(|_| !dropped.next().unwrap_or(false));
    }
}
