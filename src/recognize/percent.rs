//! Percentages and percentage points.
//! Data: rules/percent/. Examples: tests/examples/percent.txt.

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;
use crate::value::Amount;

/// The value of a percent mention: either `percent` or `points`, or a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PercentValue {
    /// A percentage ("4.4%" → 4.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Amount>,
    /// Percentage points ("3 percentage points" → 3; "300 basis points" → 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Amount>,
    /// Lower bound of a range ("5-7%" → 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// Whether the text hedges the figure.
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the figure.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl PercentValue {
    /// `4.4%`, `3 points`, `5..7%`.
    pub fn summary(&self) -> String {
        let mut out = match (&self.percent, &self.points, &self.min, &self.max) {
            (Some(p), _, _, _) => format!("{p}%"),
            (None, Some(p), _, _) => format!("{p} points"),
            (None, None, Some(lo), Some(hi)) => format!("{lo}..{hi}%"),
            _ => "%".to_owned(),
        };
        if self.approx {
            out.push_str(" ~");
        }
        if let Some(m) = &self.modifier {
            out.push_str(&format!(" mod={m}"));
        }
        out
    }
}

/// The percent recognizer.
#[derive(Debug)]
pub(crate) struct Percent {}

impl Percent {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Percent {})
    }

    pub(crate) fn find(&self, _cx: &SentenceContext<'_>, _out: &mut Vec<Candidate>) {}
}
