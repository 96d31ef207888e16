//! Money: an amount next to a currency code, symbol or name.
//! Data: rules/money/. Examples: tests/examples/money.txt.

use serde::Serialize;

use crate::error::Error;
use crate::recognize::{Candidate, SentenceContext};
use crate::rules::Rules;
use crate::value::Amount;

/// The value of a money mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyValue {
    /// ISO 4217 code (or XBT/ETH for crypto).
    pub currency: String,
    /// The amount in whole currency units; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Lower bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// Whether the text hedges the amount ("about", "nearly", "approximately").
    pub approx: bool,
    /// APPROX, LESS_THAN, MORE_THAN… when the text qualifies the amount.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The unit a price is per ("barrel", "share").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
}

impl MoneyValue {
    /// `USD 1178000000`, `USD 1000000000..2000000000`, with `~` for approximations.
    pub fn summary(&self) -> String {
        let mut out = match (&self.amount, &self.min, &self.max) {
            (Some(a), _, _) => format!("{} {a}", self.currency),
            (None, Some(lo), Some(hi)) => format!("{} {lo}..{hi}", self.currency),
            (None, Some(lo), None) => format!("{} {lo}..", self.currency),
            (None, None, Some(hi)) => format!("{} ..{hi}", self.currency),
            (None, None, None) => self.currency.clone(),
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

/// The money recognizer.
#[derive(Debug)]
pub(crate) struct Money {}

impl Money {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Money {})
    }

    pub(crate) fn find(&self, _cx: &SentenceContext<'_>, _out: &mut Vec<Candidate>) {}
}
