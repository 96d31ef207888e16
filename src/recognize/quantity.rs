//! Quantities: an amount with a unit, and rates ("20,000 barrels per day").
//! Data: rules/quantity/. Examples: tests/examples/quantity.txt.

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;
use crate::value::Amount;

/// The value of a quantity mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantityValue {
    /// The amount; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Lower bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// The unit, singular and normalised ("barrel", "cubic meter", "employee").
    pub unit: String,
    /// The unit of a rate ("day" in "per day").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Whether the text hedges the amount.
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the amount.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl QuantityValue {
    /// `20000 barrel/day`, `38 life`.
    pub fn summary(&self) -> String {
        let mut out = match (&self.amount, &self.min, &self.max) {
            (Some(a), _, _) => format!("{a} {}", self.unit),
            (None, Some(lo), Some(hi)) => format!("{lo}..{hi} {}", self.unit),
            _ => self.unit.clone(),
        };
        if let Some(per) = &self.per {
            out.push_str(&format!("/{per}"));
        }
        if self.approx {
            out.push_str(" ~");
        }
        if let Some(m) = &self.modifier {
            out.push_str(&format!(" mod={m}"));
        }
        out
    }
}

/// The quantity recognizer.
#[derive(Debug)]
pub(crate) struct Quantity {}

impl Quantity {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Quantity {})
    }

    pub(crate) fn find(&self, _cx: &SentenceContext<'_>, _out: &mut Vec<Candidate>) {}
}
