//! Numbers in digits and words, and scale words; shared by every kind.
//!
//! Values are exact decimals: "1.178 billion" is 1178 × 10^6, never a float product.

use rust_decimal::Decimal;

/// A number read from the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedNumber {
    /// Bytes consumed.
    pub len: usize,
    /// Its value.
    pub value: Decimal,
    /// Whether it was written in words ("twenty-five") rather than digits.
    pub words: bool,
}

/// Reads a number in digits at the start of `text`: `1,178`, `20000`, `4.4`, `1,178.50`,
/// `.5`. Comma groups must be three digits long, so "1,17" reads as 1.
pub fn read_digits(text: &str) -> Option<ParsedNumber> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut digits = String::new();
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        digits.push(char::from(bytes[i]));
        i += 1;
    }
    if !digits.is_empty() && digits.len() <= 3 {
        // Thousands groups: ",ddd" repeated, each followed by a non-digit.
        while i + 3 < bytes.len() + 1
            && bytes.get(i) == Some(&b',')
            && bytes.get(i + 1..i + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            digits.extend(bytes[i + 1..i + 4].iter().map(|&b| char::from(b)));
            i += 4;
        }
    }
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        digits.push('.');
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            digits.push(char::from(bytes[i]));
            i += 1;
        }
    }
    if digits.is_empty() || digits.starts_with('.') && digits.len() == 1 {
        return None;
    }
    let value = Decimal::from_str_exact(if digits.starts_with('.') { &digits[..] } else { &digits }).ok()?;
    Some(ParsedNumber { len: i, value, words: false })
}

/// The value of one number word ("seven", "twenty", "dozen"); `None` for other words.
pub fn word_value(word: &str) -> Option<u64> {
    const WORDS: [(&str, u64); 29] = [
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("dozen", 12),
    ];
    let lower = word.to_ascii_lowercase();
    WORDS.iter().find(|(w, _)| *w == lower).map(|&(_, v)| v)
}

/// The multiplier of a scale word: hundred, thousand, million, billion, trillion and
/// their news abbreviations (k, m, mn, bn, tn).
pub fn scale_value(word: &str) -> Option<Decimal> {
    let lower = word.to_ascii_lowercase();
    let exponent = match lower.as_str() {
        "hundred" => 2,
        "thousand" | "k" => 3,
        "million" | "m" | "mn" | "mln" | "mil" => 6,
        "billion" | "bn" | "b" | "bln" => 9,
        "trillion" | "tn" | "trn" | "tr" => 12,
        _ => return None,
    };
    Some(Decimal::from(10_u64.pow(exponent)))
}

/// Reads a number in words at the start of `text`: "twenty-five", "one hundred and
/// twenty", "a dozen", "three thousand". Stops before a word that is not part of it.
pub fn read_words(text: &str) -> Option<ParsedNumber> {
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut end = 0;
    let mut any = false;
    let mut pos = 0;
    let mut pending_and = false;
    let mut pending_a = false;
    for (offset, word) in word_spans(text) {
        let lower = word.to_ascii_lowercase();
        if !text[pos..offset].trim().is_empty() {
            break;
        }
        if lower == "and" && any && !pending_and && (group > 0 && group.is_multiple_of(100) || total > 0 && group == 0)
        {
            pending_and = true;
            pos = offset + word.len();
            continue;
        }
        if (lower == "a" || lower == "an") && !any {
            pending_a = true;
            pos = offset + word.len();
            continue;
        }
        let parts: Vec<&str> = word.split('-').collect();
        let mut value_here = None;
        if parts.len() == 2 {
            if let (Some(tens), Some(units)) = (word_value(parts[0]), word_value(parts[1]))
                && (20..=90).contains(&tens)
                && tens.is_multiple_of(10)
                && (1..=9).contains(&units)
            {
                value_here = Some(tens + units);
            }
        } else if let Some(v) = word_value(word) {
            value_here = Some(v);
        }
        if let Some(v) = value_here {
            if any && !group.is_multiple_of(10) && v < 10 {
                break;
            }
            if any && group != 0 && v >= 10 && group % 100 >= 10 && !pending_and {
                break;
            }
            group = group.checked_add(v)?;
        } else if lower == "hundred" && (any || pending_a) {
            group = group.max(1).checked_mul(100)?;
        } else if let Some(scale) = ["thousand", "million", "billion", "trillion"].iter().position(|s| *s == lower) {
            if !(any || pending_a) {
                break;
            }
            let multiplier = 1000_u64.checked_pow(u32::try_from(scale + 1).ok()?)?;
            total = total.checked_add(group.max(1).checked_mul(multiplier)?)?;
            group = 0;
        } else {
            break;
        }
        if lower == "dozen" && pending_a && !any {
            group = 12;
        }
        any = true;
        pending_and = false;
        end = offset + word.len();
        pos = end;
    }
    if !any {
        return None;
    }
    let value = total.checked_add(group)?;
    Some(ParsedNumber { len: end, value: Decimal::from(value), words: true })
}

/// Words (letters, digits, hyphens) with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let tail = text.get(rest..)?;
        let skip = tail.find(|c: char| c.is_alphanumeric())?;
        let start = rest + skip;
        let len = text[start..].find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(text.len() - start);
        rest = start + len;
        Some((start, &text[start..start + len]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn digits_with_separators_and_decimals() {
        assert_eq!(read_digits("1,178 tonnes").map(|n| (n.len, n.value)), Some((5, dec("1178"))));
        assert_eq!(read_digits("20,000 barrels").map(|n| n.value), Some(dec("20000")));
        assert_eq!(read_digits("4.4%").map(|n| (n.len, n.value)), Some((3, dec("4.4"))));
        assert_eq!(read_digits("1.178 billion").map(|n| n.value), Some(dec("1.178")));
        assert_eq!(read_digits("1,17").map(|n| n.len), Some(1));
        assert_eq!(read_digits("2024.").map(|n| n.len), Some(4));
        assert_eq!(read_digits("abc"), None);
    }

    #[test]
    fn words() {
        let read = |s: &str| read_words(s).map(|n| n.value);
        assert_eq!(read("twenty-five people"), Some(dec("25")));
        assert_eq!(read("one hundred and twenty"), Some(dec("120")));
        assert_eq!(read("a dozen"), Some(dec("12")));
        assert_eq!(read("three thousand troops"), Some(dec("3000")));
        assert_eq!(read("twenty four hours"), Some(dec("24")));
        assert_eq!(read("two million"), Some(dec("2000000")));
        assert_eq!(read("the"), None);
        assert_eq!(read("one two"), Some(dec("1")));
    }

    #[test]
    fn scales() {
        assert_eq!(scale_value("bn"), Some(dec("1000000000")));
        assert_eq!(scale_value("Million"), Some(dec("1000000")));
        assert_eq!(scale_value("millions"), None);
    }
}
