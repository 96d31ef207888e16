//! Anchors relative time expressions ("last Tuesday", "a year earlier") to the document
//! date or to the last absolute date in context.

use crate::document::Document;
use crate::error::Error;
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;

/// The time part of resolution.
#[derive(Debug)]
pub(crate) struct TimeResolver {}

impl TimeResolver {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(TimeResolver {})
    }

    pub(crate) fn resolve(&self, _doc: &Document, _seg: &Segmented, _mentions: &mut Vec<Mention>) {}
}
