//! The value a mention carries, one type per kind, and exact decimal amounts.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

pub use crate::recognize::actor::ActorValue;
pub use crate::recognize::money::MoneyValue;
pub use crate::recognize::percent::PercentValue;
pub use crate::recognize::quantity::QuantityValue;
pub use crate::recognize::time::TimeValue;

/// What kind of thing a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A TIMEX3 time expression.
    Time,
    /// An amount of money.
    Money,
    /// A percentage or percentage points.
    Percent,
    /// An amount with a unit.
    Quantity,
    /// A country, city, region, person, organisation, medium or group.
    Actor,
    /// A proper name that is not an actor (a pipeline, an aircraft model, a plan): it
    /// shields its inside from other readings and is never written out.
    Name,
}

impl Kind {
    /// The lower-case name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Time => "time",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Quantity => "quantity",
            Kind::Actor => "actor",
            Kind::Name => "name",
        }
    }
}

/// The value of a mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// See [`TimeValue`].
    Time(TimeValue),
    /// See [`MoneyValue`].
    Money(MoneyValue),
    /// See [`PercentValue`].
    Percent(PercentValue),
    /// See [`QuantityValue`].
    Quantity(QuantityValue),
    /// See [`ActorValue`].
    Actor(ActorValue),
    /// A shielding proper name; the string says what it is ("facility", "model").
    Name(String),
}

impl Value {
    /// The kind this value belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Time(_) => Kind::Time,
            Value::Money(_) => Kind::Money,
            Value::Percent(_) => Kind::Percent,
            Value::Quantity(_) => Kind::Quantity,
            Value::Actor(_) => Kind::Actor,
            Value::Name(_) => Kind::Name,
        }
    }

    /// A one-line human summary (`DATE 2024-12-25`, `USD 1178000000`, `country RUS`),
    /// used by snapshots, the `mentions` table and the example tables.
    pub fn summary(&self) -> String {
        match self {
            Value::Time(v) => v.summary(),
            Value::Money(v) => v.summary(),
            Value::Percent(v) => v.summary(),
            Value::Quantity(v) => v.summary(),
            Value::Actor(v) => v.summary(),
            Value::Name(what) => format!("name {what}"),
        }
    }
}

/// An exact decimal number read from text, written to JSON as a number
/// (an integer when it has no fraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub Decimal);

impl Amount {
    /// The amount with trailing fractional zeros removed (`1.50` → `1.5`).
    pub fn normalized(self) -> Amount {
        Amount(self.0.normalize())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0.normalize();
        if value.fract().is_zero()
            && let Ok(int) = i64::try_from(value)
        {
            return serializer.serialize_i64(int);
        }
        // The shortest float that reads back as this decimal ("4.4", not 4.4000000000000004).
        let float: f64 = value.to_string().parse().map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(float)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn amounts_serialize_exactly() {
        let json = |s: &str| serde_json::to_string(&Amount(Decimal::from_str(s).unwrap())).unwrap();
        assert_eq!(json("1178000000.000"), "1178000000");
        assert_eq!(json("4.4"), "4.4");
        assert_eq!(json("0.1"), "0.1");
        assert_eq!(json("-12.50"), "-12.5");
    }
}
