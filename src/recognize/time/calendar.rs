//! Relative readings ("last Tuesday", "a year earlier") and how they become TIMEX3 values
//! once a document date is known; underspecified values (`XXXX-…`) when it is not.

use crate::date::{Date, put_padded};
use crate::recognize::time::lexicon::Unit;

/// Where a relative expression points, before anchoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shift {
    /// `n` units from the document date, at the unit's granularity ("last year": -1 Year).
    Offset { unit: Unit, n: i64 },
    /// A weekday: the nearest one on or before the document date (`after` false) or on or
    /// after it; `strict` skips the document date itself ("last Friday", "next Friday").
    Weekday { day: u32, after: bool, strict: bool },
    /// A month (and day) with no year: the document's year moved by `year` (`dir` 0),
    /// the latest one before it (-1), the next one after it (+1), or the nearest one,
    /// the next in a sentence about the future (2).
    Month { month: u32, day: Option<u32>, dir: i8, year: i64 },
    /// A day of the document's month ("the 25th").
    DayOfMonth { day: u32 },
    /// A quarter (Q), half (H) or season code with no year; `year` shifts the document's
    /// year; `guess` moves a period not yet begun back a year in past-tense reporting.
    Period { code: &'static str, index: u32, year: i64, guess: bool },
    /// `n` units from the date last mentioned ("a year earlier"), or from the document
    /// date when none is near; `quarter_only` restricts the context to quarters of the
    /// same sentence ("a year ago" in an earnings report).
    Context { unit: Unit, n: i64, quarter_only: bool },
    /// The reporting quarter: the last quarter mentioned, else the one before the
    /// document date's ("the quarter", "the latest quarter").
    ReportingQuarter,
    /// A period of a given year that context makes a quarter: "the 1988 period" is the
    /// 1988 quarter matching the quarter last mentioned, or the year 1988 when none is.
    YearQuarter { year: i64 },
    /// The weekend nearest the document date.
    Weekend { n: i64 },
}

/// A relative reading: where it points, and a time of day to append (`TMO`, `T10:35`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relative {
    pub shift: Shift,
    pub suffix: Option<String>,
    /// The clause speaks of the future (for bare weekdays and months).
    pub future: bool,
    /// The clause speaks of the past.
    pub past: bool,
}

/// Formats `date` at the granularity of `unit`.
pub(crate) fn format_at(date: Date, unit: Unit) -> String {
    // Written piece by piece: the formatting machinery cost several times the value.
    let mut value = String::with_capacity(16);
    let year = i64::from(date.year);
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => value.push_str(date.iso_text().as_str()),
        Unit::Week | Unit::Fortnight | Unit::Weekend => {
            let (y, w) = date.iso_week();
            push_padded_signed(&mut value, i64::from(y), 4);
            value.push_str("-W");
            push_padded(&mut value, u64::from(w), 2);
            if unit == Unit::Weekend {
                value.push_str("-WE");
            }
        }
        Unit::Month => {
            push_padded_signed(&mut value, year, 4);
            value.push('-');
            push_padded(&mut value, u64::from(date.month), 2);
        }
        Unit::Quarter => {
            push_padded_signed(&mut value, year, 4);
            value.push_str("-Q");
            push_padded(&mut value, u64::from((date.month - 1) / 3 + 1), 1);
        }
        Unit::Year => push_padded_signed(&mut value, year, 4),
        Unit::Decade => push_padded_signed(&mut value, year.div_euclid(10), 3),
        Unit::Century => push_padded_signed(&mut value, year.div_euclid(100), 2),
    }
    value
}

/// `date` as [`Date`]'s `Display` writes it (`2024-12-25`).
pub(crate) fn date_text(date: Date) -> String {
    date.iso_text().as_str().to_owned()
}

/// The underspecified value of a reading at the granularity of `unit`.
pub(crate) fn unknown_at(unit: Unit) -> &'static str {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week | Unit::Fortnight => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    }
}

/// `date` moved by `n` units.
pub(crate) fn add_units(date: Date, unit: Unit, n: i64) -> Option<Date> {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Some(date),
        Unit::Day => date.add_days(n),
        Unit::Week | Unit::Weekend => date.add_days(n.checked_mul(7)?),
        Unit::Fortnight => date.add_days(n.checked_mul(14)?),
        Unit::Month => date.add_months(n),
        Unit::Quarter => date.add_months(n.checked_mul(3)?),
        Unit::Year => date.add_months(n.checked_mul(12)?),
        Unit::Decade => date.add_months(n.checked_mul(120)?),
        Unit::Century => date.add_months(n.checked_mul(1200)?),
    }
}

impl Relative {
    /// The value with no document date.
    pub(crate) fn underspecified(&self) -> String {
        // Written piece by piece: the formatting machinery cost several times the value.
        let mut value = String::with_capacity(16);
        match self.shift {
            Shift::Offset { unit, .. } | Shift::Context { unit, .. } => value.push_str(unknown_at(unit)),
            Shift::Weekday { day, .. } => {
                value.push_str("XXXX-WXX-");
                push_padded(&mut value, u64::from(day), 1);
            }
            Shift::Month { month, day, .. } => {
                value.push_str("XXXX-");
                push_padded(&mut value, u64::from(month), 2);
                if let Some(d) = day {
                    value.push('-');
                    push_padded(&mut value, u64::from(d), 2);
                }
            }
            Shift::DayOfMonth { day } => {
                value.push_str("XXXX-XX-");
                push_padded(&mut value, u64::from(day), 2);
            }
            Shift::Period { code, index, .. } => push_period(&mut value, "XXXX", code, index),
            Shift::ReportingQuarter => value.push_str("XXXX-QX"),
            Shift::YearQuarter { year } => push_padded_signed(&mut value, year, 4),
            Shift::Weekend { .. } => value.push_str("XXXX-WXX-WE"),
        }
        if let Some(s) = &self.suffix {
            value.push_str(s);
        }
        value
    }

    fn with_suffix(&self, mut base: String) -> String {
        if let Some(s) = &self.suffix {
            base.push_str(s);
        }
        base
    }

    /// The value anchored to the document date `dct`; `None` when the arithmetic fails.
    pub(crate) fn anchor(&self, dct: Date) -> Option<String> {
        let base = match self.shift {
            Shift::Offset { unit, n } | Shift::Context { unit, n, .. } => format_at(add_units(dct, unit, n)?, unit),
            Shift::Weekday { day, after, strict } => {
                let today = i64::from(dct.weekday());
                let target = i64::from(day);
                let delta = if after {
                    let d = (target - today).rem_euclid(7);
                    if d == 0 && strict { 7 } else { d }
                } else {
                    let d = (today - target).rem_euclid(7);
                    -(if d == 0 && strict { 7 } else { d })
                };
                date_text(dct.add_days(delta)?)
            }
            Shift::Month { month, day, dir, year } => {
                let year = match dir {
                    -1 if month < dct.month => dct.year,
                    -1 => dct.year.checked_sub(1)?,
                    1 if month > dct.month => dct.year,
                    1 => dct.year.checked_add(1)?,
                    // No year: the next one in a clause about the future; in a clause
                    // about the past, the last one unless it is next month (news looks
                    // ahead a little even in the past tense: "gave them until
                    // mid-November"); else the nearest one (half a year ahead counts as
                    // the past).
                    2 => {
                        let d = i64::from(month) - i64::from(dct.month);
                        let shift = if self.future {
                            i32::from(d < 0)
                        } else if self.past {
                            -i32::from(d >= 2)
                        } else if d >= 6 {
                            -1
                        } else if d < -6 {
                            1
                        } else {
                            0
                        };
                        dct.year.checked_add(shift)?
                    }
                    _ => i32::try_from(i64::from(dct.year).checked_add(year)?).ok()?,
                };
                match day {
                    Some(d) => date_text(Date::new(year, month, d)?),
                    None => {
                        let mut value = year_text(i64::from(year));
                        value.push('-');
                        push_padded(&mut value, u64::from(month), 2);
                        value
                    }
                }
            }
            Shift::DayOfMonth { day } => date_text(Date::new(dct.year, dct.month, day)?),
            Shift::Period { code, index, year, guess } => {
                let mut y = i64::from(dct.year).checked_add(year)?;
                if guess && !self.future {
                    let current = match code {
                        "Q" => (dct.month - 1) / 3 + 1,
                        "H" => (dct.month - 1) / 6 + 1,
                        // Seasons in order SP, SU, FA, WI from March; January and February
                        // belong to the winter that began the year before, so every season
                        // of the year is still ahead ("last summer" in February is last year's).
                        _ if dct.month < 3 => 0,
                        _ => ((dct.month + 9) % 12) / 3 + 1,
                    };
                    if index > current {
                        y -= 1;
                    }
                }
                period_value(&year_text(y), code, index)
            }
            Shift::ReportingQuarter => format_at(dct.add_months(-3)?, Unit::Quarter),
            Shift::YearQuarter { year } => year_text(year),
            Shift::Weekend { n } => {
                // The weekend of the week that holds the dct, or the one before it when
                // the dct falls early in the week and the sentence is not about the future.
                let mut shift = n;
                if n == 0 && !self.future && dct.weekday() < 5 {
                    shift = -1;
                }
                format_at(dct.add_days(shift.checked_mul(7)?)?, Unit::Weekend)
            }
        };
        Some(self.with_suffix(base))
    }
}

/// `1998-Q1`, `1998-H2`, `1998-SU`.
pub(crate) fn period_value(year: &str, code: &str, index: u32) -> String {
    let mut value = String::with_capacity(16);
    push_period(&mut value, year, code, index);
    value
}

/// Appends [`period_value`] to `out`.
fn push_period(out: &mut String, year: &str, code: &str, index: u32) {
    out.push_str(year);
    out.push('-');
    out.push_str(code);
    if matches!(code, "Q" | "H") {
        push_padded(out, u64::from(index), 1);
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits, as `format!("{n:0width$}")`
/// writes it, without the formatting machinery.
pub(crate) fn push_padded(out: &mut String, n: u64, width: usize) {
    // The digits come from the date's writer; the zeros are pushed here, since `width`
    // may be wider than any number's digits.
    let mut digits = [0; 20];
    let len = put_padded(&mut digits, 0, n, 1);
    for _ in len..width {
        out.push('0');
    }
    out.extend(digits.get(..len).unwrap_or_default().iter().map(|&d| char::from(d)));
}

/// `year` as `format!("{year:04}")` writes it.
fn year_text(year: i64) -> String {
    let mut value = String::with_capacity(16);
    push_padded_signed(&mut value, year, 4);
    value
}

/// [`push_padded`] of a signed number: as `format!("{n:0width$}")` writes it (the sign
/// counts in the width).
pub(crate) fn push_padded_signed(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
        push_padded(out, n.unsigned_abs(), width.saturating_sub(1));
    } else {
        push_padded(out, n.unsigned_abs(), width);
    }
}

/// A context value moved by `n` units, keeping its granularity: `1989-Q3` → `1988-Q3`.
pub(crate) fn shift_value(value: &str, unit: Unit, n: i64) -> Option<String> {
    let months = match unit {
        Unit::Year => n.checked_mul(12)?,
        Unit::Quarter => n.checked_mul(3)?,
        Unit::Month => n,
        _ => return None,
    };
    let year: i32 = value.get(..4)?.parse().ok()?;
    let rest = value.get(4..)?;
    if rest.is_empty() {
        return (months % 12 == 0).then(|| year_text(i64::from(year) + months / 12));
    }
    if let Some(q) = rest.strip_prefix("-Q") {
        let q: u32 = q.parse().ok()?;
        let date = Date::new(year, (q.checked_sub(1)?) * 3 + 1, 1)?.add_months(months)?;
        return Some(format_at(date, Unit::Quarter));
    }
    if rest.len() == 3 {
        let m: u32 = rest.get(1..)?.parse().ok()?;
        return Some(format_at(Date::new(year, m, 1)?.add_months(months)?, Unit::Month));
    }
    let date = Date::parse_iso(value.get(..10)?)?;
    Some(date_text(date.add_months(months)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dct() -> Date {
        Date::new(2025, 3, 3).unwrap() // a Monday
    }

    fn rel(shift: Shift) -> Relative {
        Relative { shift, suffix: None, future: false, past: false }
    }

    #[test]
    fn offsets_keep_their_granularity() {
        let last_week = rel(Shift::Offset { unit: Unit::Week, n: -1 });
        assert_eq!(last_week.anchor(dct()).as_deref(), Some("2025-W09"));
        let quarter = rel(Shift::Offset { unit: Unit::Quarter, n: -1 });
        assert_eq!(quarter.anchor(dct()).as_deref(), Some("2024-Q4"));
        assert_eq!(last_week.underspecified(), "XXXX-WXX");
    }

    #[test]
    fn weekdays_look_back_unless_future() {
        let tuesday = rel(Shift::Weekday { day: 2, after: false, strict: false });
        assert_eq!(tuesday.anchor(dct()).as_deref(), Some("2025-02-25"));
        let monday = rel(Shift::Weekday { day: 1, after: false, strict: false });
        assert_eq!(monday.anchor(dct()).as_deref(), Some("2025-03-03"));
        let next = rel(Shift::Weekday { day: 1, after: true, strict: true });
        assert_eq!(next.anchor(dct()).as_deref(), Some("2025-03-10"));
    }

    #[test]
    fn context_values_shift() {
        assert_eq!(shift_value("1989-Q3", Unit::Year, -1).as_deref(), Some("1988-Q3"));
        assert_eq!(shift_value("1989", Unit::Year, -1).as_deref(), Some("1988"));
        assert_eq!(shift_value("1989-10-26", Unit::Year, -1).as_deref(), Some("1988-10-26"));
        assert_eq!(shift_value("1989-10", Unit::Month, 3).as_deref(), Some("1990-01"));
    }

    proptest::proptest! {
        #[test]
        fn padded_numbers_are_formatted_numbers(n in proptest::num::u64::ANY, small in 0_u64..100_000, width in 0_usize..24) {
            for n in [n, small] {
                let mut out = String::from("x");
                push_padded(&mut out, n, width);
                proptest::prop_assert_eq!(out, format!("x{n:0width$}"));
            }
        }

        #[test]
        fn padded_signed_numbers_are_formatted_numbers(n in proptest::num::i64::ANY, small in -10_000_i64..10_000, width in 0_usize..24) {
            for n in [n, small, i64::MIN, i64::MAX] {
                let mut out = String::new();
                push_padded_signed(&mut out, n, width);
                proptest::prop_assert_eq!(out, format!("{n:0width$}"));
            }
        }
    }

    #[test]
    fn underspecified_values_are_the_formatted_ones() {
        let suffixes = [None, Some("TNI".to_owned()), Some(String::new()), Some("T10:35".to_owned())];
        let mut shifts = vec![Shift::ReportingQuarter];
        for unit in
            [Unit::Day, Unit::Week, Unit::Weekend, Unit::Month, Unit::Quarter, Unit::Year, Unit::Decade, Unit::Century]
        {
            shifts.push(Shift::Offset { unit, n: -1 });
            shifts.push(Shift::Context { unit, n: 2, quarter_only: true });
        }
        for n in [0, 1, 7, 9, 10, 12, 31, 123] {
            shifts.push(Shift::Weekday { day: n, after: false, strict: true });
            shifts.push(Shift::Month { month: n, day: None, dir: 2, year: 0 });
            shifts.push(Shift::Month { month: n, day: Some(n + 3), dir: 0, year: 1 });
            shifts.push(Shift::DayOfMonth { day: n });
            shifts.push(Shift::Period { code: "Q", index: n, year: 0, guess: true });
            shifts.push(Shift::Period { code: "SU", index: n, year: 0, guess: false });
            shifts.push(Shift::Weekend { n: i64::from(n) });
        }
        for year in [-12, 0, 7, 88, 1988, 12_345] {
            shifts.push(Shift::YearQuarter { year });
        }
        for shift in shifts {
            for suffix in &suffixes {
                let relative = Relative { shift, suffix: suffix.clone(), future: false, past: false };
                let base = match shift {
                    Shift::Offset { unit, .. } | Shift::Context { unit, .. } => unknown_at(unit).to_owned(),
                    Shift::Weekday { day, .. } => format!("XXXX-WXX-{day}"),
                    Shift::Month { month, day: Some(d), .. } => format!("XXXX-{month:02}-{d:02}"),
                    Shift::Month { month, day: None, .. } => format!("XXXX-{month:02}"),
                    Shift::DayOfMonth { day } => format!("XXXX-XX-{day:02}"),
                    Shift::Period { code: code @ ("Q" | "H"), index, .. } => format!("XXXX-{code}{index}"),
                    Shift::Period { code, .. } => format!("XXXX-{code}"),
                    Shift::ReportingQuarter => "XXXX-QX".to_owned(),
                    Shift::YearQuarter { year } => format!("{year:04}"),
                    Shift::Weekend { .. } => "XXXX-WXX-WE".to_owned(),
                };
                let expected = format!("{base}{}", suffix.as_deref().unwrap_or_default());
                assert_eq!(relative.underspecified(), expected, "{shift:?} {suffix:?}");
            }
        }
    }

    /// [`format_at`] as the formatting machinery wrote it.
    fn formatted_at(date: Date, unit: Unit) -> String {
        match unit {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => date.to_string(),
            Unit::Week | Unit::Fortnight => {
                let (y, w) = date.iso_week();
                format!("{y:04}-W{w:02}")
            }
            Unit::Weekend => {
                let (y, w) = date.iso_week();
                format!("{y:04}-W{w:02}-WE")
            }
            Unit::Month => format!("{:04}-{:02}", date.year, date.month),
            Unit::Quarter => format!("{:04}-Q{}", date.year, (date.month - 1) / 3 + 1),
            Unit::Year => format!("{:04}", date.year),
            Unit::Decade => format!("{:03}", date.year.div_euclid(10)),
            Unit::Century => format!("{:02}", date.year.div_euclid(100)),
        }
    }

    #[test]
    fn years_are_the_formatted_ones() {
        for year in (-12_345..=12_345).chain([i64::MIN, i64::MIN + 1, -100_000, 100_000, i64::MAX]) {
            assert_eq!(year_text(year), format!("{year:04}"));
        }
    }

    #[test]
    fn dates_at_a_granularity_are_the_formatted_ones() {
        let units = Unit::ALL;
        let mut checked = 0;
        for year in [-1234, -50, -1, 0, 1, 9, 99, 999, 1988, 2024, 9999, 12_345] {
            for month in 1..=12 {
                for day in [1, 2, 7, 15, 28, 29, 30, 31] {
                    let Some(date) = Date::new(year, month, day) else {
                        continue;
                    };
                    checked += 1;
                    assert_eq!(date_text(date), date.to_string());
                    for unit in units {
                        assert_eq!(format_at(date, unit), formatted_at(date, unit), "{date:?} {unit:?}");
                    }
                }
            }
        }
        assert!(checked > 900, "{checked}");
    }
}
