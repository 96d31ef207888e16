//! Actors: countries, cities, regions, people, organisations, media and groups.
//! Data: rules/actor/. Examples: tests/examples/actor.txt.
//!
//! A look-up from each word of the sentence finds every gazetteer form, title and head
//! word ending at a later word's end ([`lexicon`]); the sentence is then read as runs of capitalised
//! words, and each run is typed by what it holds and what stands around it ([`reading`]).

mod lexicon;
mod lower;
mod reading;
mod spellings;
mod words;

use std::cell::RefCell;
use std::sync::Arc;

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;

/// The value of an actor mention.
///
/// Every actor candidate makes one, and most name a gazetteer entry: the strings are
/// shared with the lexicon (`Arc<str>`) or drawn from fixed sets (`&'static str`), so a
/// candidate and its copies in resolution and output allocate nothing for them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorValue {
    /// A stable id: ISO 3166 alpha-3 for states, a slug of the canonical name otherwise.
    pub id: Arc<str>,
    /// The canonical name.
    pub name: Arc<str>,
    /// country, territory, union, city, region, person, org, group, media or company.
    #[serde(rename = "type")]
    pub actor_type: &'static str,
    /// The country it belongs to, where known (alpha-3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Arc<str>>,
    /// How the text names it: name, alias, demonym, capital, title, acronym, surname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'static str>,
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
pub(crate) struct Actor {
    lexicon: lexicon::Lexicon,
}

impl Actor {
    /// Compiles `rules/actor/`; fails on the first bad line.
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        Ok(Actor { lexicon: lexicon::Lexicon::load(rules)? })
    }

    /// Pushes each actor candidate of the sentence onto `out`, and shields (kind Name) over
    /// proper names that hold actor words but are not actors.
    pub(crate) fn find(&self, cx: &SentenceContext<'_>, out: &mut Vec<Candidate>) {
        BUFFERS.with_borrow_mut(|buffers| {
            reading::Reading::new(&self.lexicon, cx, buffers).find(out);
        });
    }
}

thread_local! {
    /// The buffers of the thread's last reading, for its next sentence: the recognizer is
    /// shared by threads, so it cannot hold them.
    static BUFFERS: RefCell<reading::Buffers> = RefCell::new(reading::Buffers::default());
}
