//! Anchors relative time expressions ("last Tuesday", "a year earlier") to the document
//! date or to the last absolute date in context. With no document date, values stay
//! underspecified (`XXXX-…`), as recognition wrote them: the clock is never read.

use crate::document::Dated;
use crate::error::Error;
use crate::recognize::time::{Shift, TimexType, Unit};
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;
use crate::value::Value;

/// How many sentences back a date in context may anchor "a year earlier".
const CONTEXT_SENTENCES: usize = 2;
/// How many sentences back a quarter may anchor "a year ago" in an earnings report.
const QUARTER_SENTENCES: usize = 6;

/// The time part of resolution.
#[derive(Debug)]
pub(crate) struct TimeResolver {}

/// A date value seen earlier in the document: the mention that holds it, which is not
/// changed once passed, rather than a copy of it.
#[derive(Debug, Clone, Copy)]
struct Seen {
    at: usize,
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
    pub(crate) fn resolve(&self, doc: Dated<'_>, _seg: &Segmented, mentions: &mut Vec<Mention>) {
        let mut last_date: Option<Seen> = None;
        let mut last_quarter: Option<Seen> = None;
        for at in 0..mentions.len() {
            let (before, rest) = mentions.split_at_mut(at);
            let Some(mention) = rest.first_mut() else { break };
            let timex_of = |seen: Seen| match before.get(seen.at).map(|m| &m.value) {
                Some(Value::Time(v)) => v.timex.as_str(),
                _ => "",
            };
            let sentence = mention.sentence;
            let Value::Time(value) = &mut mention.value else {
                continue;
            };
            let mut from_context = false;
            if let Some(relative) = value.relative.take() {
                let quarter_near =
                    last_quarter.filter(|s| sentence.saturating_sub(s.sentence) <= QUARTER_SENTENCES).map(timex_of);
                from_context = matches!(relative.shift, Shift::Context { .. } | Shift::YearQuarter { .. });
                let anchored = match (relative.shift, doc.dct) {
                    // "the 1988 period" after "the third quarter": 1988-Q3, with or without a dct.
                    (Shift::YearQuarter { year }, _) => Some(match quarter_near.and_then(|q| q.get(4..)) {
                        Some(q) => format!("{year:04}{q}"),
                        None => format!("{year:04}"),
                    }),
                    (_, None) => None,
                    // "the quarter", "the latest period": the quarter last mentioned.
                    (Shift::ReportingQuarter, Some(dct)) => {
                        quarter_near.map(str::to_owned).or_else(|| relative.anchor(dct))
                    }
                    (Shift::Context { unit, n, quarter_only }, Some(dct)) => {
                        // A quarter near by wins for a year back ("a year earlier" in an
                        // earnings report compares quarters).
                        let quarter = quarter_near.filter(|_| unit == Unit::Year);
                        let near = if quarter_only {
                            quarter
                        } else {
                            quarter.or(last_date
                                .filter(|s| sentence.saturating_sub(s.sentence) <= CONTEXT_SENTENCES)
                                .map(timex_of))
                        };
                        near.and_then(|s| crate::recognize::time::calendar_shift(s, unit, n))
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
                    (_, Some(dct)) => relative.anchor(dct),
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
                let seen = Seen { at, sentence };
                // Only a quarter over by the document date is a reporting quarter; "the
                // fourth quarter" in October is a forecast.
                if value.timex.get(4..6) == Some("-Q") && doc.dct.is_none_or(|dct| quarter_over(&value.timex, dct)) {
                    last_quarter = Some(seen);
                }
                last_date = Some(seen);
            }
        }
    }
}

/// Whether the quarter `value` (`1989-Q3`) ended before the quarter holding `dct` began.
fn quarter_over(value: &str, dct: crate::date::Date) -> bool {
    let (Some(Ok(year)), Some(Ok(q))) = (value.get(..4).map(str::parse::<i32>), value.get(6..7).map(str::parse::<u32>))
    else {
        return true;
    };
    (year, q) < (dct.year, (dct.month - 1) / 3 + 1)
}
