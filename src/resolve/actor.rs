//! Gives actors their final ids: later surname mentions link to the full name, defined
//! acronyms to their organisation, and lone capitalised words that link to nothing are
//! dropped.

use std::collections::HashMap;

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
        // Full names by their last word, and names of organisations and acronyms by text:
        // the first full mention in the text wins, so the output does not depend on order
        // beyond the text's own.
        let mut surnames: HashMap<&str, ActorValue> = HashMap::new();
        let mut names: HashMap<String, ActorValue> = HashMap::new();
        for m in mentions.iter() {
            let Value::Actor(v) = &m.value else { continue };
            let text = m.span.text(&doc.text);
            match v.actor_type.as_str() {
                "person" if m.rule != "actor/name-run" && m.rule != "actor/bare-name" => {
                    if let Some((_, last)) = v.name.rsplit_once(' ') {
                        surnames.entry(last).or_insert_with(|| v.clone());
                    }
                }
                "org" | "company" | "media" if v.via.as_deref() == Some("acronym") || text.contains(' ') => {
                    names.entry(text.to_owned()).or_insert_with(|| v.clone());
                }
                _ => {}
            }
        }
        let surnames: HashMap<String, ActorValue> = surnames.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        mentions.retain_mut(|m| {
            if !SURNAME_RULES.contains(&m.rule.as_ref()) {
                return true;
            }
            let text = m.span.text(&doc.text);
            let Value::Actor(v) = &mut m.value else { return true };
            let single = !text.contains(' ');
            if single && let Some(full) = surnames.get(text).filter(|f| f.name != text) {
                let via = if m.rule == "actor/title-person" { "title" } else { "surname" };
                *v = ActorValue {
                    via: Some(via.to_owned()),
                    country: v.country.clone().or(full.country.clone()),
                    ..full.clone()
                };
                return true;
            }
            if let Some(org) = names.get(text) {
                *v = ActorValue { via: Some("acronym".to_owned()), ..org.clone() };
                return true;
            }
            m.rule != "actor/bare-name"
        });
    }
}
