//! Actors: countries, cities, regions, people, organisations, media and groups.
//! Data: rules/actor/. Examples: tests/examples/actor.txt.

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;

/// The value of an actor mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorValue {
    /// A stable id: ISO 3166 alpha-3 for states, a slug of the canonical name otherwise.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// country, territory, union, city, region, person, org, group, media or company.
    #[serde(rename = "type")]
    pub actor_type: String,
    /// The country it belongs to, where known (alpha-3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// How the text names it: name, alias, demonym, capital, title, acronym, surname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

impl ActorValue {
    /// `country RUS`, `person vladimir-putin RUS`.
    pub fn summary(&self) -> String {
        let mut out = format!("{} {}", self.actor_type, self.id);
        if let Some(country) = self.country.as_ref().filter(|c| **c != self.id) {
            out.push_str(&format!(" {country}"));
        }
        if let Some(via) = &self.via {
            out.push_str(&format!(" via={via}"));
        }
        out
    }
}

/// The actor recognizer.
#[derive(Debug)]
pub(crate) struct Actor {}

impl Actor {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Actor {})
    }

    pub(crate) fn find(&self, _cx: &SentenceContext<'_>, _out: &mut Vec<Candidate>) {}
}
