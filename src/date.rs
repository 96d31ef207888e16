//! Calendar dates with no clock: the document date and the arithmetic that relative
//! time expressions need. Proleptic Gregorian, any year from -9999 to 9999.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, if the fields name a real calendar day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((-9999..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_from_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        Date::new(year, month, day)
    }

    /// This date moved by `days` (negative for earlier).
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.days_from_epoch().checked_add(days)?)
    }

    /// This date moved by whole months, the day clamped to the target month's length.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// ISO weekday: Monday 1 … Sunday 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        u32::try_from((self.days_from_epoch() + 3).rem_euclid(7)).map_or(1, |d| d + 1)
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday())).unwrap_or(self);
        let jan1 = Date { year: thursday.year, month: 1, day: 1 };
        let ordinal = thursday.days_from_epoch() - jan1.days_from_epoch();
        (thursday.year, u32::try_from(ordinal / 7 + 1).unwrap_or(1))
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, as `write!(f, "{:04}-{:02}-{:02}", year, month, day)` writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso_text().as_str())
    }
}

/// A date's `YYYY-MM-DD`, laid out on the stack.
pub(crate) struct IsoText {
    bytes: [u8; 34],
    len: usize,
}

impl IsoText {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl Date {
    /// The text [`Date`]'s `Display` writes, without the formatting machinery: padded
    /// fields through it cost several times the rest, and a claim in the present tense
    /// and many time values write a date.
    pub(crate) fn iso_text(&self) -> IsoText {
        let mut bytes = [0; 34];
        let mut len = 0;
        if self.year < 0 {
            len = put(&mut bytes, len, b'-');
            len = put_padded(&mut bytes, len, u64::from(self.year.unsigned_abs()), 3);
        } else {
            len = put_padded(&mut bytes, len, u64::from(self.year.unsigned_abs()), 4);
        }
        len = put(&mut bytes, len, b'-');
        len = put_padded(&mut bytes, len, u64::from(self.month), 2);
        len = put(&mut bytes, len, b'-');
        len = put_padded(&mut bytes, len, u64::from(self.day), 2);
        IsoText { bytes, len }
    }
}

/// Puts `byte` at `at` of `text`; returns where the next byte goes.
fn put(text: &mut [u8], at: usize, byte: u8) -> usize {
    if let Some(slot) = text.get_mut(at) {
        *slot = byte;
    }
    at + 1
}

/// Puts `n` in decimal at `at` of `text`, zero-padded to `width` digits; returns where
/// the next byte goes. Digits past the end of `text` are left out.
pub(crate) fn put_padded(text: &mut [u8], at: usize, n: u64, width: usize) -> usize {
    let digits = n.checked_ilog10().map_or(1, |log| log as usize + 1);
    let len = digits.max(width);
    let mut rest = n;
    for k in (0..len).rev() {
        put(text, at + k, b'0' + (rest % 10) as u8);
        rest /= 10;
    }
    at + len
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_writes_as_padded_formatting_does() {
        let years =
            [i32::MIN, -100_000, -9999, -1000, -999, -10, -1, 0, 7, 99, 999, 1000, 2024, 9999, 12_345, i32::MAX];
        for year in years.into_iter().chain(-1234..=1234) {
            for (month, day) in [(1, 1), (12, 31), (0, 0), (7, 100), (u32::MAX, 123_456)] {
                let date = Date { year, month, day };
                assert_eq!(date.to_string(), format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_082, 2_000_000] {
            let date = Date::from_days(days).unwrap();
            assert_eq!(date.days_from_epoch(), days);
        }
        assert_eq!(Date::new(2024, 12, 25).unwrap().days_from_epoch(), 20_082);
    }

    #[test]
    fn weekdays_and_weeks() {
        assert_eq!(Date::new(2024, 12, 25).unwrap().weekday(), 3);
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2024, 12, 30).unwrap().iso_week(), (2025, 1));
    }

    #[test]
    fn month_arithmetic_clamps_the_day() {
        assert_eq!(Date::new(2024, 3, 31).unwrap().add_months(-1), Date::new(2024, 2, 29));
        assert_eq!(Date::new(2024, 1, 15).unwrap().add_months(-13), Date::new(2022, 12, 15));
    }

    #[test]
    fn parse_iso_rejects_impossible_days() {
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_iso("24-02-29"), None);
    }
}
