//! Time expressions (TIMEX3): dates, times, durations and sets.
//! Data: rules/time/. Examples: tests/examples/time.txt.

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;

/// The TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period (`2024-12-25`, `2024`, `2025-Q1`).
    Date,
    /// A time of day (`2024-12-25T10:35`).
    Time,
    /// A length of time (`P3Y`).
    Duration,
    /// A recurrence (`P1Y` for "annually").
    Set,
}

impl TimexType {
    /// The TIMEX3 name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// The value of a time mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeValue {
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    /// TIMEX3 value (`2024-12-25`, `XXXX-12-25`, `P3Y`, `PRESENT_REF`).
    pub timex: String,
    /// TIMEX3 modifier (APPROX, START, MID, END, LESS_THAN, MORE_THAN…).
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl TimeValue {
    /// `DATE 2024-12-25` (with ` mod=APPROX` when modified).
    pub fn summary(&self) -> String {
        match &self.modifier {
            Some(m) => format!("{} {} mod={m}", self.timex_type.as_str(), self.timex),
            None => format!("{} {}", self.timex_type.as_str(), self.timex),
        }
    }
}

/// The time recognizer.
#[derive(Debug)]
pub(crate) struct Time {}

impl Time {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Time {})
    }

    pub(crate) fn find(&self, _cx: &SentenceContext<'_>, _out: &mut Vec<Candidate>) {}
}
