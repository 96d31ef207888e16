//! Anchors relative time expressions ("last Tuesday", "a year earlier") to the document
//! date or to the last absolute date in context. With no document date, values stay
//! underspecified (`XXXX-…`), as recognition wrote them: the clock is never read.

use crate::document::Document;
use crate::error::Error;
use crate::recognize::time::{Shift, TimexType, Unit};
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;
use crate::value::Value;

/// How many sentences back a date in context may anchor "a year earlier".
const CONTEXT_SENTENCES: usize = 2;

/// The time part of resolution.
#[derive(Debug)]
pub(crate) struct TimeResolver {}

/// A date value seen earlier in the document.
#[derive(Debug, Clone)]
struct Seen {
    value: String,
    sentence: usize,
}

impl TimeResolver {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(TimeResolver {})
    }

    /// Gives every relative time mention its value, in text order, so that a reading
    /// anchored to context sees the values resolved before it.
    // The stage interface hands over the vector so that a stage may also drop mentions.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn resolve(&self, doc: &Document, _seg: &Segmented, mentions: &mut Vec<Mention>) {
        let mut last_date: Option<Seen> = None;
        let mut last_quarter: Option<Seen> = None;
        for mention in mentions.iter_mut() {
            let sentence = mention.sentence;
            let Value::Time(value) = &mut mention.value else {
                continue;
            };
            let mut from_context = false;
            if let (Some(relative), Some(dct)) = (value.relative.take(), doc.dct) {
                from_context = matches!(relative.shift, Shift::Context { .. });
                let anchored = match relative.shift {
                    Shift::Context { unit, n, quarter_only } => {
                        let near = if quarter_only { last_quarter.as_ref() } else { last_date.as_ref() }
                            .filter(|s| sentence.saturating_sub(s.sentence) <= CONTEXT_SENTENCES);
                        near.and_then(|s| crate::recognize::time::calendar_shift(&s.value, unit, n))
                            // "the following year" names a year, whatever the context's grain.
                            .map(|v| {
                                if unit == Unit::Year
                                    && !quarter_only
                                    && v.len() > 4
                                    && relative.suffix.as_deref() == Some("")
                                {
                                    v.chars().take(4).collect()
                                } else {
                                    v
                                }
                            })
                            .or_else(|| relative.anchor(dct))
                    }
                    _ => relative.anchor(dct),
                };
                if let Some(timex) = anchored {
                    value.timex = timex;
                }
            }
            // A value computed from context does not become context itself.
            if !from_context
                && value.timex_type == TimexType::Date
                && value.timex.bytes().next().is_some_and(|b| b.is_ascii_digit())
                && value.timex.len() >= 4
            {
                let seen = Seen { value: value.timex.clone(), sentence };
                if value.timex.get(4..6) == Some("-Q") {
                    last_quarter = Some(seen.clone());
                }
                last_date = Some(seen);
            }
        }
    }
}
