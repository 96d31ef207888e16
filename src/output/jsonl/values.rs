//! The enums and the mention values of a record, written without `Serialize`.
//!
//! An enum is one of a few names, so each is written as one constant with the key
//! before it and the punctuation around it; through `Serialize` each cost a hundred
//! instructions for a handful of bytes. Each arm copies its own constant: a constant
//! picked by the match and then copied would be a copy of unknown length, a `memcpy`
//! call. The values' fields are written the way `#[derive(Serialize)]` writes them:
//! in declaration order, skipped fields left out, a comma before all but the first.

use super::super::compact::{self, Error};
use super::write_number;
use crate::claims::{ClaimKind, Modality, Role, TimeFrom};
use crate::recognize::time::TimexType;
use crate::segment::Part;
use crate::value::{ActorValue, Amount, Kind, MoneyValue, PercentValue, QuantityValue, TimeValue, Value};

/// `$before"name"$after` for each `Enum::Variant => "name"`, one constant copy per arm.
macro_rules! write_constant {
    ($out:expr, $value:expr, $before:literal, $after:literal; $($variant:path => $name:literal),* $(,)?) => {
        match $value {
            $($variant => $out.extend_from_slice(concat!($before, "\"", $name, "\"", $after).as_bytes()),)*
        }
    };
}

/// `,"kind":"actor","start":` in a mention.
pub(super) fn write_mention_kind(out: &mut Vec<u8>, kind: Kind) {
    write_constant!(out, kind, ",\"kind\":", ",\"start\":";
        Kind::Time => "time", Kind::Money => "money", Kind::Percent => "percent",
        Kind::Quantity => "quantity", Kind::Actor => "actor", Kind::Name => "name");
}

/// `,"part":"body","text":` in a sentence.
pub(super) fn write_part(out: &mut Vec<u8>, part: Part) {
    write_constant!(out, part, ",\"part\":", ",\"text\":";
        Part::Title => "title", Part::Byline => "byline", Part::Body => "body", Part::Debris => "debris");
}

/// `,"kind":"event","trigger":` in a claim.
pub(super) fn write_claim_kind(out: &mut Vec<u8>, kind: ClaimKind) {
    write_constant!(out, kind, ",\"kind\":", ",\"trigger\":";
        ClaimKind::Event => "event", ClaimKind::Statistic => "statistic",
        ClaimKind::Statement => "statement", ClaimKind::Assessment => "assessment");
}

/// `,"from":"sentence"` in a claim's time.
pub(super) fn write_time_from(out: &mut Vec<u8>, from: TimeFrom) {
    write_constant!(out, from, ",\"from\":", "";
        TimeFrom::Sentence => "sentence", TimeFrom::Context => "context", TimeFrom::Dct => "dct");
}

/// `,"role":"agent"}`, which closes a claim's actor.
pub(super) fn write_role(out: &mut Vec<u8>, role: Role) {
    write_constant!(out, role, ",\"role\":", "}";
        Role::Agent => "agent", Role::Target => "target", Role::Other => "other");
}

/// `,"modality":"asserted"}`, which closes a claim.
pub(super) fn write_modality(out: &mut Vec<u8>, modality: Modality) {
    write_constant!(out, modality, ",\"modality\":", "}";
        Modality::Asserted => "asserted", Modality::Reported => "reported", Modality::Hedged => "hedged",
        Modality::Forecast => "forecast", Modality::Negated => "negated", Modality::Demanded => "demanded");
}

/// `{"type":"DATE","timex":`, which opens a time value.
fn write_timex_type(out: &mut Vec<u8>, timex_type: TimexType) {
    write_constant!(out, timex_type, "{\"type\":", ",\"timex\":";
        TimexType::Date => "DATE", TimexType::Time => "TIME", TimexType::Duration => "DURATION", TimexType::Set => "SET");
}

/// A mention's value (`Value` is untagged: each is written as its content alone).
pub(super) fn write_value(out: &mut Vec<u8>, value: &Value) -> Result<(), Error> {
    match value {
        Value::Time(time) => write_time(out, time),
        Value::Money(money) => write_money(out, money)?,
        Value::Percent(percent) => write_percent(out, percent)?,
        Value::Quantity(quantity) => write_quantity(out, quantity)?,
        Value::Actor(actor) => write_actor(out, actor),
        Value::Name(what) => compact::write_str(out, what),
    }
    Ok(())
}

fn write_actor(out: &mut Vec<u8>, actor: &ActorValue) {
    out.extend_from_slice(b"{\"id\":");
    compact::write_str(out, &actor.id);
    out.extend_from_slice(b",\"name\":");
    compact::write_str(out, &actor.name);
    out.extend_from_slice(b",\"type\":");
    compact::write_str(out, actor.actor_type);
    if let Some(country) = &actor.country {
        out.extend_from_slice(b",\"country\":");
        compact::write_str(out, country);
    }
    if let Some(via) = actor.via {
        out.extend_from_slice(b",\"via\":");
        compact::write_str(out, via);
    }
    out.push(b'}');
}

fn write_time(out: &mut Vec<u8>, time: &TimeValue) {
    write_timex_type(out, time.timex_type);
    compact::write_str(out, &time.timex);
    write_modifier(out, time.modifier.as_deref());
    out.push(b'}');
}

fn write_money(out: &mut Vec<u8>, money: &MoneyValue) -> Result<(), Error> {
    out.extend_from_slice(b"{\"currency\":");
    compact::write_str(out, &money.currency);
    let mut fields = Fields { first: false };
    fields.amount(out, b"\"amount\":", money.amount)?;
    fields.amount(out, b"\"min\":", money.min)?;
    fields.amount(out, b"\"max\":", money.max)?;
    write_approx(out, money.approx);
    write_modifier(out, money.modifier.as_deref());
    if let Some(per) = &money.per {
        out.extend_from_slice(b",\"per\":");
        compact::write_str(out, per);
    }
    out.push(b'}');
    Ok(())
}

fn write_percent(out: &mut Vec<u8>, percent: &PercentValue) -> Result<(), Error> {
    out.push(b'{');
    let mut fields = Fields { first: true };
    fields.amount(out, b"\"percent\":", percent.percent)?;
    fields.amount(out, b"\"points\":", percent.points)?;
    fields.amount(out, b"\"min\":", percent.min)?;
    fields.amount(out, b"\"max\":", percent.max)?;
    fields.separate(out);
    out.extend_from_slice(b"\"approx\":");
    out.extend_from_slice(if percent.approx { b"true" } else { b"false" });
    write_modifier(out, percent.modifier.as_deref());
    out.push(b'}');
    Ok(())
}

fn write_quantity(out: &mut Vec<u8>, quantity: &QuantityValue) -> Result<(), Error> {
    out.push(b'{');
    let mut fields = Fields { first: true };
    fields.amount(out, b"\"amount\":", quantity.amount)?;
    fields.amount(out, b"\"min\":", quantity.min)?;
    fields.amount(out, b"\"max\":", quantity.max)?;
    fields.separate(out);
    out.extend_from_slice(b"\"unit\":");
    compact::write_str(out, &quantity.unit);
    if let Some(per) = &quantity.per {
        out.extend_from_slice(b",\"per\":");
        compact::write_str(out, per);
    }
    write_approx(out, quantity.approx);
    write_modifier(out, quantity.modifier.as_deref());
    out.push(b'}');
    Ok(())
}

/// `,"approx":false`, never the first field where it is written this way.
fn write_approx(out: &mut Vec<u8>, approx: bool) {
    out.extend_from_slice(if approx { b",\"approx\":true" } else { b",\"approx\":false" });
}

/// `,"mod":"APPROX"`, left out when there is none.
fn write_modifier(out: &mut Vec<u8>, modifier: Option<&str>) {
    if let Some(modifier) = modifier {
        out.extend_from_slice(b",\"mod\":");
        compact::write_str(out, modifier);
    }
}

/// The fields of an object whose first fields may all be left out.
struct Fields {
    first: bool,
}

impl Fields {
    fn separate(&mut self, out: &mut Vec<u8>) {
        if !std::mem::take(&mut self.first) {
            out.push(b',');
        }
    }

    /// `"key":amount`, left out when there is none; `key` comes with its quotes and colon.
    #[inline]
    fn amount(&mut self, out: &mut Vec<u8>, key: &[u8], amount: Option<Amount>) -> Result<(), Error> {
        if let Some(amount) = amount {
            self.separate(out);
            out.extend_from_slice(key);
            write_amount(out, amount)?;
        }
        Ok(())
    }
}

/// Most amounts are whole and not negative, written here as `Amount` writes them: a
/// normalized decimal has no fraction exactly when its scale is 0, and an `i64` is
/// what it writes. The rest are left to `Amount`'s own `Serialize`.
fn write_amount(out: &mut Vec<u8>, amount: Amount) -> Result<(), Error> {
    // An amount read without a fraction has scale 0 and is its own normal form.
    if amount.0.scale() == 0
        && let Some(n) = i64::try_from(amount.0.mantissa()).ok().and_then(|n| usize::try_from(n).ok())
    {
        write_number(out, n);
        return Ok(());
    }
    let value = amount.0.normalize();
    match i64::try_from(value).ok().and_then(|n| usize::try_from(n).ok()) {
        Some(n) if value.scale() == 0 => {
            write_number(out, n);
            Ok(())
        }
        _ => compact::to_vec_into(&amount, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json writes for `value`, between `before` and `after`.
    fn serde_json_between(before: &str, value: &impl serde::Serialize, after: &str) -> String {
        format!("{before}{}{after}", serde_json::to_string(value).expect("serde_json writes it"))
    }

    fn ours(write: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        write(&mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn every_enum_variant_is_written_as_serde_json_writes_it() {
        for kind in [Kind::Time, Kind::Money, Kind::Percent, Kind::Quantity, Kind::Actor, Kind::Name] {
            assert_eq!(
                ours(|out| write_mention_kind(out, kind)),
                serde_json_between(",\"kind\":", &kind, ",\"start\":")
            );
        }
        for part in [Part::Title, Part::Byline, Part::Body, Part::Debris] {
            assert_eq!(ours(|out| write_part(out, part)), serde_json_between(",\"part\":", &part, ",\"text\":"));
        }
        for kind in [ClaimKind::Event, ClaimKind::Statistic, ClaimKind::Statement, ClaimKind::Assessment] {
            assert_eq!(
                ours(|out| write_claim_kind(out, kind)),
                serde_json_between(",\"kind\":", &kind, ",\"trigger\":")
            );
        }
        for from in [TimeFrom::Sentence, TimeFrom::Context, TimeFrom::Dct] {
            assert_eq!(ours(|out| write_time_from(out, from)), serde_json_between(",\"from\":", &from, ""));
        }
        for role in [Role::Agent, Role::Target, Role::Other] {
            assert_eq!(ours(|out| write_role(out, role)), serde_json_between(",\"role\":", &role, "}"));
        }
        for modality in Modality::ALL {
            assert_eq!(ours(|out| write_modality(out, modality)), serde_json_between(",\"modality\":", &modality, "}"));
        }
        for timex_type in [TimexType::Date, TimexType::Time, TimexType::Duration, TimexType::Set] {
            assert_eq!(
                ours(|out| write_timex_type(out, timex_type)),
                serde_json_between("{\"type\":", &timex_type, ",\"timex\":")
            );
        }
    }
}
