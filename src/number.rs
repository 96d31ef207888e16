//! Numbers in digits and words, scales, ranges and hedges; shared by every kind.
//!
//! Values are exact decimals: "1.178 billion" is 1178 × 10^6, never a float product.
//! Everything here reads plain `&str` at byte offsets, allocates nothing, and returns
//! `None` rather than overflow: a number too long for a 96-bit decimal has no value.

use rust_decimal::Decimal;

use crate::ascii::letters_len;

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

/// Builds an exact decimal from ASCII digits with at most one `.`; `None` when it has
/// no digit or more digits than a decimal holds.
fn decimal_of(bytes: &[u8]) -> Option<Decimal> {
    // Nineteen digits or fewer fit a u64 with no check on the way, and most numbers are
    // that short; `decimal_of_any` reads the rest.
    if bytes.len() > 19 {
        return decimal_of_any(bytes.iter().copied());
    }
    let mut mantissa: u64 = 0;
    let mut scale: u32 = 0;
    let mut fraction = false;
    let mut any = false;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                any = true;
                scale += u32::from(fraction);
            }
            b'.' => fraction = true,
            _ => {}
        }
    }
    if !any {
        return None;
    }
    Decimal::try_from_i128_with_scale(i128::from(mantissa), scale).ok()
}

/// `decimal_of` for inputs of any length, with every step checked.
fn decimal_of_any(bytes: impl Iterator<Item = u8>) -> Option<Decimal> {
    let mut mantissa: i128 = 0;
    let mut scale: u32 = 0;
    let mut fraction = false;
    let mut any = false;
    for b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
                if mantissa > 79_228_162_514_264_337_593_543_950_335 {
                    return None;
                }
                any = true;
                if fraction {
                    scale += 1;
                    if scale > 28 {
                        return None;
                    }
                }
            }
            b'.' => fraction = true,
            _ => {}
        }
    }
    if !any {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

fn digit_run(bytes: &[u8], from: usize) -> usize {
    bytes.get(from..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// Reads a number in digits at the start of `text`: `1,178`, `20000`, `4.4`, `1,178.50`,
/// `.5`. Comma groups must be three digits long, so "1,17" reads as 1.
pub fn read_digits(text: &str) -> Option<ParsedNumber> {
    let bytes = text.as_bytes();
    let head = digit_run(bytes, 0);
    let mut i = head;
    if head > 0 && head <= 3 {
        // Thousands groups: ",ddd" repeated, each followed by a non-digit.
        while bytes.get(i) == Some(&b',') && digit_run(bytes, i + 1) == 3 {
            i += 4;
        }
    }
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1 + digit_run(bytes, i + 1);
    }
    if i == 0 {
        return None;
    }
    let value = decimal_of(bytes.get(..i)?)?;
    Some(ParsedNumber { len: i, value, words: false })
}

/// Reads digits with any of the separators news uses: `1,178`, `1 178` (space or
/// no-break space groups of three), Indian `12,34,567`, and a decimal part.
fn read_digits_grouped(text: &str) -> Option<ParsedNumber> {
    let bytes = text.as_bytes();
    let head = digit_run(bytes, 0);
    if head == 0 {
        return read_digits(text);
    }
    // Indian grouping: 1-2 digits, then ",dd" groups, then a final ",ddd".
    if head <= 2 {
        let mut i = head;
        let mut pairs = 0;
        while bytes.get(i) == Some(&b',') && digit_run(bytes, i + 1) == 2 {
            i += 3;
            pairs += 1;
        }
        if pairs > 0 && bytes.get(i) == Some(&b',') && digit_run(bytes, i + 1) == 3 {
            i += 4;
            if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 1 + digit_run(bytes, i + 1);
            }
            let value = decimal_of(bytes.get(..i)?)?;
            return Some(ParsedNumber { len: i, value, words: false });
        }
    }
    // Space groups ("1 178", "20 000"): every group exactly three digits.
    if head <= 3 {
        let mut i = head;
        let mut groups = 0;
        loop {
            let sep = match text.get(i..) {
                Some(rest) if rest.starts_with(' ') => 1,
                Some(rest) if rest.starts_with('\u{a0}') || rest.starts_with('\u{202f}') => {
                    rest.chars().next().map_or(1, char::len_utf8)
                }
                _ => 0,
            };
            if sep == 0 || digit_run(bytes, i + sep) != 3 {
                break;
            }
            let after = i + sep + 3;
            // "1 178,5" or "1 178/..." are not ours; a comma or point must not follow.
            if matches!(bytes.get(after), Some(b',' | b'/')) && bytes.get(after + 1).is_some_and(u8::is_ascii_digit) {
                break;
            }
            i = after;
            groups += 1;
        }
        if groups > 0 {
            let mut end = i;
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1 + digit_run(bytes, end + 1);
            }
            let value = decimal_of(bytes.get(..end)?)?;
            return Some(ParsedNumber { len: end, value, words: false });
        }
    }
    read_digits(text)
}

/// The cardinal number words and their values.
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

/// Every cardinal number word ("one" … "ninety", "dozen"), for recognizers that
/// need to know where a number in words may start.
pub fn cardinal_words() -> impl Iterator<Item = &'static str> {
    WORDS.iter().map(|(w, _)| *w)
}

/// The value of one number word ("seven", "twenty", "dozen"); `None` for other words.
pub fn word_value(word: &str) -> Option<u64> {
    // Most words asked about are none: the index rules them out without the list.
    if !is_indexed(word.as_bytes()) {
        return None;
    }
    // Only the few cardinals with the word's first letter are compared, in list order.
    let first = word.as_bytes().first()?.to_ascii_lowercase();
    let mut candidates = WORDS_BY_FIRST_LETTER.get(usize::from(first.checked_sub(b'a')?)).copied()?;
    while candidates != 0 {
        let (w, value) = WORDS.get(candidates.trailing_zeros() as usize)?;
        if w.eq_ignore_ascii_case(word) {
            return Some(*value);
        }
        candidates &= candidates - 1;
    }
    None
}

/// For each first letter, the positions in `WORDS` of the cardinals starting with it, as
/// bits.
const WORDS_BY_FIRST_LETTER: [u32; 26] = {
    let mut table = [0_u32; 26];
    let mut k = 0;
    while k < WORDS.len() {
        table[(WORDS[k].0.as_bytes()[0] - b'a') as usize] |= 1 << k;
        k += 1;
    }
    table
};

/// The multiplier of a scale word: hundred, thousand, million, billion, trillion, the
/// Indian lakh and crore, and their news abbreviations (k, m, mn, bn, tn).
pub fn scale_value(word: &str) -> Option<Decimal> {
    let exponent = scale_exponent(word)?;
    Some(Decimal::from(10_u64.pow(exponent)))
}

/// The scale words and abbreviations with their powers of ten.
const SCALES: [(&str, u32); 22] = [
    ("hundred", 2),
    ("thousand", 3),
    ("k", 3),
    ("lakh", 5),
    ("lakhs", 5),
    ("lac", 5),
    ("million", 6),
    ("m", 6),
    ("mn", 6),
    ("mln", 6),
    ("mil", 6),
    ("crore", 7),
    ("crores", 7),
    ("billion", 9),
    ("bn", 9),
    ("b", 9),
    ("bln", 9),
    ("trillion", 12),
    ("tn", 12),
    ("trn", 12),
    ("tr", 12),
    ("bil", 9),
];

/// For each first byte, the lengths (as bits) of the `SCALES` words that start with it,
/// in either case: the word after every number is looked up, and is seldom a scale.
static SCALE_LENGTHS: [u16; 256] = {
    let mut table = [0_u16; 256];
    let mut k = 0;
    while k < SCALES.len() {
        let word = SCALES[k].0.as_bytes();
        table[word[0] as usize] |= 1 << word.len();
        table[word[0].to_ascii_uppercase() as usize] |= 1 << word.len();
        k += 1;
    }
    table
};

fn scale_exponent(word: &str) -> Option<u32> {
    if !has_length(SCALE_LENGTHS[usize::from(*word.as_bytes().first()?)], word.len()) {
        return None;
    }
    SCALES.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|&(_, e)| e)
}

/// Reads a number in words at the start of `text`: "twenty-five", "one hundred and
/// twenty", "a dozen", "three thousand". Stops before a word that is not part of it.
pub fn read_words(text: &str) -> Option<ParsedNumber> {
    read_words_with(text, false)
}

/// `read_words`, and with `hyphen_prefix` also a number word that opens a hyphenated
/// compound ("one-yen", "six-mile" read as 1 and 6, ending at the hyphen).
fn read_words_with(text: &str, hyphen_prefix: bool) -> Option<ParsedNumber> {
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut end = 0;
    let mut any = false;
    let mut pos = 0;
    let mut pending_and = false;
    let mut pending_a = false;
    for (offset, word) in word_spans(text) {
        if !text.get(pos..offset).is_some_and(|gap| gap.trim().is_empty()) {
            break;
        }
        if is_and(word) && any && !pending_and && (group > 0 && group.is_multiple_of(100) || total > 0 && group == 0) {
            pending_and = true;
            pos = offset + word.len();
            continue;
        }
        if (word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an")) && !any {
            pending_a = true;
            pos = offset + word.len();
            continue;
        }
        let mut value_here = None;

        if let Some((left, right)) = split_at_hyphen(word) {
            if let (Some(tens), Some(units)) = (word_value(left), word_value(right))
                && (20..=90).contains(&tens)
                && tens % 10 == 0
                && (1..=9).contains(&units)
            {
                value_here = Some(tens + units);
            }
            if value_here.is_none() {
                if !hyphen_prefix {
                    break;
                }
                // "one-yen", "six-mile": the number ends at the hyphen, and so does the reading.
                let Some(v) = word_value(left).filter(|_| !left.eq_ignore_ascii_case("dozen")) else {
                    break;
                };
                if any || pending_a {
                    break;
                }
                group = v;
                any = true;
                end = offset + left.len();
                break;
            }
        } else if let Some(v) = word_value(word) {
            value_here = Some(v);
        }
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        if let Some(v) = value_here {
            if is("dozen") {
                if !(any || pending_a) {
                    break;
                }
                group = group.max(1).checked_mul(12)?;
            } else {
                if any && !group.is_multiple_of(10) && v < 10 {
                    break;
                }
                if any && group != 0 && v >= 10 && group % 100 >= 10 && !pending_and {
                    break;
                }
                if pending_a && !any {
                    break;
                }
                group = group.checked_add(v)?;
            }
        } else if is("hundred") && (any || pending_a) {
            group = group.max(1).checked_mul(100)?;
        } else if let Some(scale) = ["thousand", "million", "billion", "trillion"].iter().position(|s| is(s)) {
            if !(any || pending_a) {
                break;
            }
            let multiplier = 1000_u64.checked_pow(u32::try_from(scale + 1).ok()?)?;
            total = total.checked_add(group.max(1).checked_mul(multiplier)?)?;
            group = 0;
        } else {
            break;
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

fn is_and(word: &str) -> bool {
    word.eq_ignore_ascii_case("and")
}

/// Words (letters, digits, hyphens) with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let start = find_from(text, rest, |b| b.is_ascii_alphanumeric(), char::is_alphanumeric)?;
        let len = find_from(
            text,
            start,
            |b| !(b.is_ascii_alphanumeric() || b == b'-'),
            |c| !(c.is_alphanumeric() || c == '-'),
        )
        .map_or(text.len() - start, |end| end - start);
        rest = start + len;
        Some((start, text.get(start..start + len)?))
    })
}

/// The first character at or after byte `from` (a char boundary) of `text` that `pred`
/// accepts. `ascii` is `pred` for ASCII characters, tested on bytes while they last; the
/// first other byte hands the rest over to `pred`.
#[inline(always)]
fn find_from(text: &str, from: usize, ascii: impl Fn(u8) -> bool, pred: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii() {
            return text.get(i..)?.find(pred).map(|k| i + k);
        }
        if ascii(b) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `word.split_once('-')`, by bytes: a hyphen is one ASCII byte, so its position is a
/// char boundary on both sides.
fn split_at_hyphen(word: &str) -> Option<(&str, &str)> {
    let k = word.bytes().position(|b| b == b'-')?;
    Some((word.get(..k)?, word.get(k + 1..)?))
}

// ---------------------------------------------------------------------------------------
// Figures: numbers with their scale, found anywhere in a sentence.

/// How the scale of a figure was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// No scale ("500").
    None,
    /// A scale word ("3.6 billion", "two million", "35 lakh").
    Word,
    /// A news abbreviation ("4bn", "$5m", "€300 bn", "10K").
    Abbrev,
}

/// A number found in a text, with its scale: the shared reading every kind builds on.
/// Offsets are bytes into the text that was scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// First byte (the sign or "minus" included).
    pub start: usize,
    /// One past the last byte, scale included.
    pub end: usize,
    /// The value, scale applied.
    pub value: Decimal,
    /// Where the number ends before its scale.
    pub base_end: usize,
    /// The value before the scale.
    pub base_value: Decimal,
    /// How the scale was written.
    pub scale: Scale,
    /// Written in words ("twenty-five", "half a million").
    pub words: bool,
    /// Plain digits with no separator, point, fraction or scale ("2024", "190").
    pub bare_integer: bool,
    /// Glued to a letter before it ("USD115", "A320", "F-16").
    pub glued_left: bool,
    /// A hyphen joins it to a word before it ("F-16", "scp-173"), as in model names (a
    /// digit before the hyphen makes a range instead: "20-30").
    pub hyphen_left: bool,
}

impl Figure {
    /// Whether the value has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.value.fract().is_zero()
    }
}

// The helpers below answer from the byte alone when it is ASCII (an ASCII byte is a
// whole character, and the byte after it starts one) and decode a character only
// otherwise: they run at nearly every word of every sentence.

fn is_alnum_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text.get(i..).and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric),
    }
}

/// The byte before `i` when it is ASCII.
fn ascii_before(text: &str, i: usize) -> Option<u8> {
    text.as_bytes().get(i.checked_sub(1)?).copied().filter(u8::is_ascii)
}

/// Whether the character ending at byte `i` is a letter or digit.
pub fn alnum_before(text: &str, i: usize) -> bool {
    match ascii_before(text, i) {
        Some(b) => b.is_ascii_alphanumeric(),
        None => text.get(..i).and_then(|t| t.chars().next_back()).is_some_and(char::is_alphanumeric),
    }
}

/// Whether the character starting at byte `i` is a letter or digit.
pub fn alnum_after(text: &str, i: usize) -> bool {
    is_alnum_at(text, i)
}

/// The byte length of the run of ASCII letters at `i`.
fn alpha_run(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).map_or(0, letters_len)
}

/// Skips spaces (and no-break spaces) from `i`.
pub fn skip_spaces(text: &str, mut i: usize) -> usize {
    loop {
        match text.as_bytes().get(i) {
            Some(b' ' | b'\t') => {
                i += 1;
                continue;
            }
            Some(b) if b.is_ascii() => return i,
            _ => {}
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        if c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Skips spaces backwards from `i`.
pub fn skip_spaces_back(text: &str, mut i: usize) -> usize {
    loop {
        match ascii_before(text, i) {
            Some(b' ' | b'\t') => {
                i -= 1;
                continue;
            }
            Some(_) => return i,
            None => {}
        }
        let Some(c) = text.get(..i).and_then(|t| t.chars().next_back()) else {
            break;
        };
        if c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t' {
            i -= c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The word (ASCII letters, inner dots and hyphens excluded) starting at `i`, if any.
pub fn word_at(text: &str, i: usize) -> Option<&str> {
    let n = alpha_run(text.as_bytes(), i);
    if n == 0 || alnum_after(text, i + n) {
        return None;
    }
    text.get(i..i + n)
}

/// The word ending at `i` (letters only), with its start.
pub fn word_before(text: &str, i: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut s = i;
    while s > 0 && bytes.get(s - 1).is_some_and(u8::is_ascii_alphabetic) {
        s -= 1;
    }
    if s == i || alnum_before(text, s) {
        return None;
    }
    Some((s, text.get(s..i)?))
}

/// Whether `text[..i]` ends with the word sequence `phrase` (words separated by single
/// spaces in `phrase`, any spacing in the text), case-insensitively; returns its start.
#[inline]
pub fn phrase_before(text: &str, i: usize, phrase: &str) -> Option<usize> {
    let pos = skip_spaces_back(text, i);
    if pos == i && i > 0 && alnum_before(text, i) {
        return None;
    }
    // Most calls fail on the last byte; checked inline, it spares them a call and
    // splitting the phrase.
    if let Some(last) = phrase.as_bytes().last().filter(|b| **b != b' ')
        && !text.as_bytes().get(pos.wrapping_sub(1)).is_some_and(|b| b.eq_ignore_ascii_case(last))
    {
        return None;
    }
    phrase_ending_at(text, pos, phrase)
}

/// `phrase_before` once the spaces before the phrase are skipped, up to `pos`. Compared
/// a byte at a time from the end, each space of the phrase matching one or more spaces of
/// the text: most comparisons fail within a byte or two (this runs for every figure, from
/// [`hedge_before`]).
fn phrase_ending_at(text: &str, mut pos: usize, phrase: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let phrase = phrase.as_bytes();
    // A match of a whole UTF-8 word up to ASCII case starts and ends on character
    // boundaries, and spaces are skipped a character at a time; only an empty last word
    // (an empty phrase, or one that ends in a space) can leave `pos` inside a character.
    if phrase.last().is_none_or(|&b| b == b' ') && !text.is_char_boundary(pos) {
        return None;
    }
    for &b in phrase.iter().rev() {
        if b == b' ' {
            let back = skip_spaces_back(text, pos);
            if back == pos {
                return None;
            }
            pos = back;
        } else if bytes.get(pos.wrapping_sub(1)).is_some_and(|t| t.eq_ignore_ascii_case(&b)) {
            pos -= 1;
        } else {
            return None;
        }
    }
    (!alnum_before(text, pos)).then_some(pos)
}

/// Whether `text[i..]` starts with the word sequence `phrase` (case-insensitive, any
/// spacing, whole words); returns the end.
#[inline]
pub fn phrase_after(text: &str, i: usize, phrase: &str) -> Option<usize> {
    // As in `phrase_before`, with the first byte.
    if let Some(first) = phrase.as_bytes().first().filter(|b| **b != b' ')
        && !text.as_bytes().get(i).is_some_and(|b| b.eq_ignore_ascii_case(first))
    {
        return None;
    }
    phrase_starting_at(text, i, phrase)
}

/// `phrase_after` once its first byte matched.
fn phrase_starting_at(text: &str, i: usize, phrase: &str) -> Option<usize> {
    // Phrases often share a first letter with the words they are tried on: when the first
    // word has two bytes, the second tells most apart before the phrase is split.
    let wanted = phrase.as_bytes();
    if wanted.first().is_some_and(|b| *b != b' ')
        && let Some(second) = wanted.get(1).filter(|b| **b != b' ')
        && !text.as_bytes().get(i + 1).is_some_and(|b| b.eq_ignore_ascii_case(second))
    {
        return None;
    }
    phrase_compared_at(text, i, phrase)
}

/// `phrase_after` with no filter: every word of the phrase compared, as bytes (as in
/// `phrase_before`).
fn phrase_compared_at(text: &str, i: usize, phrase: &str) -> Option<usize> {
    let mut pos = i;
    for (k, word) in phrase.as_bytes().split(|b| *b == b' ').enumerate() {
        if k > 0 {
            let next = skip_spaces(text, pos);
            if next == pos {
                return None;
            }
            pos = next;
        }
        let candidate = text.as_bytes().get(pos..pos + word.len())?;
        if !candidate.eq_ignore_ascii_case(word) || word.is_empty() && !text.is_char_boundary(pos) {
            return None;
        }
        pos += word.len();
    }
    if phrase.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric()) && alnum_after(text, pos) {
        return None;
    }
    Some(pos)
}

/// Words besides the cardinals a number in words can start with; "a"/"an" only before
/// one of them or a cardinal.
const WORD_STARTS: [&str; 9] =
    ["hundred", "thousand", "million", "billion", "trillion", "half", "quarter", "minus", "negative"];

/// The longest word `NUMBER_WORD_INDEX` knows; longer words start no number.
const INDEXED_LEN: usize = 15;

/// For each first letter and length, the second and the third letters of the cardinals
/// and `WORD_STARTS` of that shape, as two bit sets: most words of a sentence fail this
/// one lookup, so only a few ever reach the comparisons with the word lists.
const NUMBER_WORD_INDEX: [[(u32, u32); INDEXED_LEN + 1]; 26] = {
    let mut index = [[(0_u32, 0_u32); INDEXED_LEN + 1]; 26];
    let mut k = 0;
    while k < WORDS.len() + WORD_STARTS.len() {
        let word = if k < WORDS.len() { WORDS[k].0 } else { WORD_STARTS[k - WORDS.len()] }.as_bytes();
        assert!(word.len() >= 3 && word.len() <= INDEXED_LEN, "a number word outside the index");
        let shape = &mut index[(word[0] - b'a') as usize][word.len()];
        shape.0 |= 1 << (word[1] - b'a');
        shape.1 |= 1 << (word[2] - b'a');
        k += 1;
    }
    index
};

/// Whether the ASCII letters `word` are a cardinal or one of `WORD_STARTS`, any case.
#[inline]
fn is_number_word_start(word: &[u8]) -> bool {
    is_indexed(word) && std::str::from_utf8(word).is_ok_and(is_listed_number_word_start)
}

/// Whether `NUMBER_WORD_INDEX` lets `word` through: true for every cardinal and every
/// word of `WORD_STARTS` in any case, and for few other words.
#[inline]
fn is_indexed(word: &[u8]) -> bool {
    let [first, second, third, ..] = *word else {
        return false;
    };
    // Below 26 exactly for ASCII letters, whose bits alone the index sets.
    let letter = |b: u8| b.to_ascii_lowercase().wrapping_sub(b'a');
    let has = |set: u32, b: u8| 1_u32.checked_shl(u32::from(letter(b))).is_some_and(|bit| set & bit != 0);
    NUMBER_WORD_INDEX
        .get(usize::from(letter(first)))
        .and_then(|by_len| by_len.get(word.len()))
        .is_some_and(|&(seconds, thirds)| has(seconds, second) && has(thirds, third))
}

/// The exact test behind the index: few words get this far.
#[inline(never)]
fn is_listed_number_word_start(word: &str) -> bool {
    word_value(word).is_some() || WORD_STARTS.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Whether a number-word reading may start at the word `text[i..i + n]` (a cheap first
/// filter, so most words of a sentence cost one table lookup and no parsing).
fn may_start_words(text: &str, i: usize, n: usize) -> bool {
    // Bytes, not `str`: a run of ASCII letters starts and ends on character boundaries.
    let bytes = text.as_bytes();
    let Some(word) = bytes.get(i..i + n) else {
        return false;
    };
    // Hyphenated numbers ("twenty-five", "one-yen") start with a number word too.
    if is_number_word_start(word) {
        return true;
    }
    if word.eq_ignore_ascii_case(b"a") || word.eq_ignore_ascii_case(b"an") {
        let next = skip_spaces(text, i + n);
        let m = alpha_run(bytes, next);
        return next > i + n && bytes.get(next..next + m).is_some_and(is_number_word_start);
    }
    false
}

/// What a byte can start, for `scan_figures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScanByte {
    /// An ASCII byte that starts nothing: spaces and most punctuation.
    Gap,
    /// An ASCII letter: a word, maybe a number in words.
    Letter,
    /// Anything else: a digit, a sign or point, a non-ASCII character.
    Other,
}

static SCAN_BYTES: [ScanByte; 256] = {
    let mut table = [ScanByte::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            ScanByte::Letter
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            ScanByte::Other
        } else {
            ScanByte::Gap
        };
        b += 1;
    }
    table
};

/// For each first byte, the lengths (as bits) of the words `may_start_words` can accept
/// that start with it: the cardinals and `WORD_STARTS` in any case, and "a" and "an".
/// Most words of a sentence fail this one test before any other.
static NUMBER_WORD_LENGTHS: [u16; 256] = {
    let mut table = [0_u16; 256];
    let mut k = 0;
    while k < WORDS.len() + WORD_STARTS.len() {
        let word = if k < WORDS.len() { WORDS[k].0 } else { WORD_STARTS[k - WORDS.len()] }.as_bytes();
        let first = word[0] as usize;
        table[first] |= 1 << word.len();
        table[first - 32] |= 1 << word.len();
        k += 1;
    }
    table[b'a' as usize] |= 0b110;
    table[b'A' as usize] |= 0b110;
    table
};

/// Whether `may_start_words` can accept a word of `n` letters that starts with `first`.
#[inline(always)]
fn may_be_number_word(first: u8, n: usize) -> bool {
    has_length(NUMBER_WORD_LENGTHS[usize::from(first)], n)
}

/// Whether the set of lengths `lengths` (one bit per length) holds `n`.
#[inline(always)]
fn has_length(lengths: u16, n: usize) -> bool {
    u32::try_from(n).ok().and_then(|n| lengths.checked_shr(n)).is_some_and(|bits| bits & 1 != 0)
}

/// Finds every figure in `text`, left to right, none overlapping.
pub fn scan_figures(text: &str, out: &mut Vec<Figure>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match SCAN_BYTES[usize::from(c)] {
            ScanByte::Gap => {
                i += 1;
                continue;
            }
            // Words first: they are most of a sentence, and most are skipped whole after
            // one table lookup.
            ScanByte::Letter => {
                let n = alpha_run(bytes, i);
                if may_be_number_word(c, n)
                    && may_start_words(text, i, n)
                    && !alnum_before(text, i)
                    && let Some(figure) = read_figure(text, i)
                {
                    i = figure.end.max(i + 1);
                    out.push(figure);
                } else {
                    i += n;
                    // Most words are followed by one space and the next word: the space
                    // is passed here rather than by another turn of the loop.
                    if bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                continue;
            }
            ScanByte::Other => {}
        }
        i = step_past_other(text, i, c, out);
    }
}

/// From byte `i` (`c`), which is not an ASCII letter: reads the figure that starts there
/// or steps past what does not start one; returns where the scan goes on.
#[inline(always)]
fn step_past_other(text: &str, i: usize, c: u8, out: &mut Vec<Figure>) -> usize {
    let bytes = text.as_bytes();
    let starts_number = c.is_ascii_digit()
        || ((c == b'-' || c == b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        || (!c.is_ascii() && text.get(i..).is_some_and(|t| t.starts_with('\u{2212}')));
    if starts_number {
        if let Some(figure) = read_figure(text, i) {
            let next = figure.end.max(i + 1);
            out.push(figure);
            return next;
        }
        // A dash that is not a sign ("20-30"): the number after it is read next.
        if !c.is_ascii_digit() {
            return i + 1;
        }
        // Not a number we read (a time, an ordinal, a part of a code): skip the run.
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'.' | b',' | b':' | b'/')) {
            if matches!(bytes[j], b'.' | b',' | b':' | b'/') && !bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                break;
            }
            j += 1;
        }
        return j;
    }
    i + if c.is_ascii() { 1 } else { text.get(i..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8) }
}

/// Reads one figure starting exactly at byte `at`: a sign, digits or words, a
/// fraction, then a scale.
pub fn read_figure(text: &str, at: usize) -> Option<Figure> {
    let bytes = text.as_bytes();
    let mut p = at;
    let mut negative = false;
    // Sign: "-5" (not "20-30": a digit before the hyphen makes it a range dash).
    if bytes.get(p) == Some(&b'-') || text.get(p..).is_some_and(|t| t.starts_with('\u{2212}')) {
        let sign_len = if bytes.get(p) == Some(&b'-') { 1 } else { 3 };
        if alnum_before(text, p) || !bytes.get(p + sign_len).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        negative = true;
        p += sign_len;
    } else if let Some(end) = phrase_after(text, p, "minus").or_else(|| phrase_after(text, p, "negative")) {
        let next = skip_spaces(text, end);
        if next > end {
            let inner = read_figure(text, next)?;
            if inner.value.is_sign_negative() {
                return None;
            }
            return Some(Figure { start: at, value: -inner.value, base_value: -inner.base_value, ..inner });
        }
        return None;
    }
    let glued_left = alnum_before(text, at);
    let hyphen_left = at > 0
        && bytes.get(at - 1) == Some(&b'-')
        && text.get(..at - 1).and_then(|t| t.chars().next_back()).is_some_and(char::is_alphabetic);
    let mut own_scale = false;
    let (mut base_end, mut base_value, words) = if bytes.get(p).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
        let number = read_digits_grouped(text.get(p..)?)?;
        (p + number.len, number.value, false)
    } else if let Some((end, value)) = read_fraction_words(text, p) {
        (end, value, true)
    } else {
        let number = read_words_with(text.get(p..)?, true)?;
        own_scale = true;
        (p + number.len, number.value, true)
    };
    if !words {
        // Times ("10:35"), ordinals ("21st"), and decades ("1990s") are not amounts.
        if bytes.get(base_end) == Some(&b':') && bytes.get(base_end + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let suffix = text.get(base_end..base_end + alpha_run(bytes, base_end)).unwrap_or("");
        if ["st", "nd", "rd", "th", "s"].iter().any(|s| s.eq_ignore_ascii_case(suffix)) {
            return None;
        }
        // A date or score with slashes or a dotted date ("3/4/2020", "12.03.2024").
        if bytes.get(base_end) == Some(&b'.') && bytes.get(base_end + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        // Fractions: "1/4", "7 3/4", "10 1/2".
        if let Some((end, fraction)) = read_fraction(text, base_end) {
            if base_value.fract().is_zero() {
                base_value = base_value.checked_add(fraction)?;
                base_end = end;
            }
        } else if bytes.get(base_end) == Some(&b'/') && bytes.get(base_end + 1).is_some_and(u8::is_ascii_digit) {
            let numerator = base_value;
            let (end, value) = read_fraction(text, p).filter(|_| numerator.fract().is_zero())?;
            base_end = end;
            base_value = value;
        }
    }
    let bare_integer = !words && text.get(p..base_end).is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()));
    // Scale.
    let (end, value, scale) = match read_scale(text, base_end, words, own_scale) {
        Some((end, exponent, kind)) => {
            let multiplier = Decimal::from(10_u64.checked_pow(exponent)?);
            (end, base_value.checked_mul(multiplier)?, kind)
        }
        None => (base_end, base_value, Scale::None),
    };
    let sign = |v: Decimal| if negative { -v } else { v };
    Some(Figure {
        start: at,
        end,
        value: sign(value),
        base_end,
        base_value: sign(base_value),
        scale,
        words,
        bare_integer,
        glued_left,
        hyphen_left,
    })
}

/// A fraction at `i`: "/d" after a whole number ("3/4" read from its numerator) or
/// " d/d" after one ("7 3/4"). Denominators are the ones news writes (2, 3, 4, 8, 10…).
fn read_fraction(text: &str, i: usize) -> Option<(usize, Decimal)> {
    let bytes = text.as_bytes();
    let mut p = i;
    if bytes.get(p) == Some(&b' ') {
        p += 1;
    }
    let n = digit_run(bytes, p);
    if n == 0 || n > 2 || bytes.get(p + n) != Some(&b'/') {
        return None;
    }
    let d = digit_run(bytes, p + n + 1);
    if d == 0 || d > 2 {
        return None;
    }
    let end = p + n + 1 + d;
    if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'/') {
        return None;
    }
    let numerator = decimal_of(bytes.get(p..p + n)?)?;
    let denominator = decimal_of(bytes.get(p + n + 1..end)?)?;
    if denominator.is_zero()
        || numerator >= denominator
        || ![2, 3, 4, 5, 8, 10, 16].contains(&i64::try_from(denominator).ok()?)
    {
        return None;
    }
    Some((end, numerator.checked_div(denominator)?.round_dp(12).normalize()))
}

/// "half", "a half", "a quarter", "three quarters": only as a multiplier of a scale word
/// ("half a million"), never alone ("half" is not 0.5 of anything we report).
fn read_fraction_words(text: &str, at: usize) -> Option<(usize, Decimal)> {
    // Static, not const: a const array is copied onto the stack at every call.
    static FORMS: [(&str, &str); 12] = [
        ("one and a half", "1.5"),
        ("half a", "0.5"),
        ("half an", "0.5"),
        ("a half", "0.5"),
        ("half", "0.5"),
        ("a quarter of a", "0.25"),
        ("a quarter", "0.25"),
        ("quarter of a", "0.25"),
        ("quarter", "0.25"),
        ("three quarters of a", "0.75"),
        ("three quarters", "0.75"),
        ("three-quarters", "0.75"),
    ];
    for &(form, value) in &FORMS {
        if let Some(end) = phrase_after(text, at, form) {
            let next = skip_spaces(text, end);
            let word = word_at(text, next)?;
            let exponent = scale_exponent(word)?;
            if exponent < 3 || word.len() < 5 {
                return None;
            }
            return Some((end, value.parse().ok()?));
        }
    }
    None
}

/// A scale after a number ending at `i`: a word after a space ("million", "lakh"), or an
/// abbreviation glued on or after a space ("4bn", "$5m", "€300 bn"). Returns the end, the
/// power of ten and how it was written.
fn read_scale(text: &str, i: usize, words: bool, own_scale: bool) -> Option<(usize, u32, Scale)> {
    let bytes = text.as_bytes();
    let glued = alpha_run(bytes, i);
    if glued > 0 {
        if words {
            return None;
        }
        let word = text.get(i..i + glued)?;
        if alnum_after(text, i + glued) {
            return None;
        }
        let exponent = match word {
            "k" | "K" => 3,
            "m" | "M" | "mn" | "Mn" | "MN" | "mln" => 6,
            "b" | "B" | "bn" | "Bn" | "BN" | "bln" => 9,
            "tn" | "Tn" | "TN" | "trn" => 12,
            _ => {
                let exponent = scale_exponent(word)?;
                if word.len() < 4 {
                    return None;
                }
                exponent
            }
        };
        return Some((i + glued, exponent, Scale::Abbrev));
    }
    let next = skip_spaces(text, i);
    if next == i || next - i > 3 {
        return None;
    }
    let word = word_at(text, next)?;
    let exponent = scale_exponent(word)?;
    if own_scale
        && exponent >= 3
        && ["thousand", "million", "billion", "trillion"].iter().any(|w| w.eq_ignore_ascii_case(word))
    {
        // read_words already took its own scale words.
        return None;
    }
    let kind = if word.len() >= 4 {
        if exponent == 2 {
            return None;
        }
        Scale::Word
    } else {
        match word.to_ascii_lowercase().as_str() {
            "bn" | "mn" | "mln" | "bln" | "tn" | "trn" | "lac" => Scale::Abbrev,
            _ => return None,
        }
    };
    Some((next + word.len(), exponent, kind))
}

/// The figure starting exactly at byte `start` (`figures` in text order, as
/// `scan_figures` leaves them): a binary search, so long sentences stay linear.
pub fn figure_at(figures: &[Figure], start: usize) -> Option<&Figure> {
    let i = figures.partition_point(|f| f.start < start);
    figures.get(i).filter(|f| f.start == start)
}

/// The figure ending exactly at byte `end`.
pub fn figure_ending_at(figures: &[Figure], end: usize) -> Option<&Figure> {
    let i = figures.partition_point(|f| f.end < end);
    figures.get(i).filter(|f| f.end == end)
}

/// The figures ending within `window` bytes before `pos` (`pos` included), nearest last.
pub fn figures_ending_near(figures: &[Figure], pos: usize, window: usize) -> &[Figure] {
    let hi = figures.partition_point(|f| f.end <= pos);
    let lo = figures.partition_point(|f| f.end < pos.saturating_sub(window));
    figures.get(lo..hi).unwrap_or(&[])
}

// ---------------------------------------------------------------------------------------
// Hedges and ranges.

/// A hedge or bound before a figure ("about", "more than", "up to").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hedge {
    /// Where the hedge words start.
    pub start: usize,
    /// Whether the figure is approximate.
    pub approx: bool,
    /// The TIMEX3-style modifier, if the words bound the figure.
    pub modifier: Option<&'static str>,
}

/// Hedge phrases, longest first within each group of shared endings. A static, not a
/// const: a const array is copied at every use.
static HEDGES: [(&str, bool, Option<&str>); 28] = [
    ("an estimated", true, None),
    ("approximately", true, None),
    ("approx.", true, None),
    ("about", true, None),
    ("around", true, None),
    ("roughly", true, None),
    ("some", true, None),
    ("circa", true, None),
    ("an approximate", true, None),
    ("nearly", true, Some("LESS_THAN")),
    ("almost", true, Some("LESS_THAN")),
    ("close to", true, Some("LESS_THAN")),
    ("just under", true, Some("LESS_THAN")),
    ("just over", true, Some("MORE_THAN")),
    ("more than", false, Some("MORE_THAN")),
    ("in excess of", false, Some("MORE_THAN")),
    ("upwards of", false, Some("MORE_THAN")),
    ("at least", false, Some("EQUAL_OR_MORE")),
    ("no less than", false, Some("EQUAL_OR_MORE")),
    ("not less than", false, Some("EQUAL_OR_MORE")),
    ("less than", false, Some("LESS_THAN")),
    ("fewer than", false, Some("LESS_THAN")),
    ("up to", false, Some("EQUAL_OR_LESS")),
    ("at most", false, Some("EQUAL_OR_LESS")),
    ("no more than", false, Some("EQUAL_OR_LESS")),
    ("as much as", false, Some("EQUAL_OR_LESS")),
    ("as many as", false, Some("EQUAL_OR_LESS")),
    ("as high as", false, Some("EQUAL_OR_LESS")),
];

/// The hedge that ends right before byte `i` (spaces between allowed), if any.
pub fn hedge_before(text: &str, i: usize) -> Option<Hedge> {
    // Every hedge ends at the last byte before the spaces before `i`. That byte picks
    // the few hedges to compare, and rules them all out after most figures: this runs
    // for every figure found, and comparing each hedge in turn cost over a thousand
    // instructions a figure.
    let end = skip_spaces_back(text, i);
    let last = *text.as_bytes().get(end.checked_sub(1)?)?;
    let mut ending_here = HEDGES_ENDING_IN[usize::from(last)];
    // A word glued to the figure ("about5") is no hedge of it.
    if ending_here == 0 || end == i && alnum_before(text, i) {
        return None;
    }
    // Nor can a hedge be there whose last word is not as long as the run of letters that
    // ends there (with the dot of "approx."): the run is one word, and a hedge's last
    // word is a whole word.
    let dot = usize::from(last == b'.');
    let letters = text.as_bytes().get(..end - dot).map_or(0, |before| {
        before.iter().rev().take(MAX_HEDGE_WORD + 1).take_while(|b| b.is_ascii_alphabetic()).count()
    });
    let last_word = letters + dot;
    let mut best: Option<Hedge> = None;
    while ending_here != 0 {
        let k = ending_here.trailing_zeros() as usize;
        ending_here &= ending_here - 1;
        if HEDGE_LAST_WORD_LENGTHS.get(k) == Some(&last_word)
            && let Some(&(phrase, approx, modifier)) = HEDGES.get(k)
            && let Some(start) = phrase_ending_at(text, end, phrase)
            && best.is_none_or(|b| start < b.start)
        {
            best = Some(Hedge { start, approx, modifier });
        }
    }
    best
}

/// The longest last word of a hedge, in bytes, or longer.
const MAX_HEDGE_WORD: usize = "approximately".len();

/// The length of each hedge's last word, in bytes.
static HEDGE_LAST_WORD_LENGTHS: [usize; HEDGES.len()] = {
    let mut lengths = [0; HEDGES.len()];
    let mut k = 0;
    while k < HEDGES.len() {
        let phrase = HEDGES[k].0.as_bytes();
        let mut n = 0;
        while n < phrase.len() && phrase[phrase.len() - 1 - n] != b' ' {
            n += 1;
        }
        assert!(n <= MAX_HEDGE_WORD, "a hedge's last word longer than MAX_HEDGE_WORD");
        lengths[k] = n;
        k += 1;
    }
    lengths
};

/// For each byte, the hedges that end in it, ASCII case aside: bit `k` for `HEDGES[k]`.
static HEDGES_ENDING_IN: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut k = 0;
    while k < HEDGES.len() {
        let phrase = HEDGES[k].0.as_bytes();
        let last = phrase[phrase.len() - 1];
        table[last.to_ascii_lowercase() as usize] |= 1 << k;
        table[last.to_ascii_uppercase() as usize] |= 1 << k;
        k += 1;
    }
    table
};

/// How two figures of a range are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// "20-30", "20 – 30".
    Dash,
    /// "20 to 30".
    To,
    /// "between 20 and 30".
    And,
}

/// The join between byte `i` (end of the first part) and the next part, and where the
/// next part starts.
pub fn join_after(text: &str, i: usize) -> Option<(Join, usize)> {
    let p = skip_spaces(text, i);
    let rest = text.get(p..)?;
    for dash in ["-", "\u{2013}", "\u{2014}", "\u{2212}"] {
        if let Some(after) = rest.strip_prefix(dash) {
            if after.starts_with(dash) {
                return None;
            }
            return Some((Join::Dash, skip_spaces(text, p + dash.len())));
        }
    }
    if p == i {
        return None;
    }
    for (word, join) in [("to", Join::To), ("and", Join::And)] {
        if let Some(end) = phrase_after(text, p, word) {
            let next = skip_spaces(text, end);
            if next > end {
                return Some((join, next));
            }
        }
    }
    None
}

/// "between" or "from" right before byte `i`, with its start.
pub fn range_intro_before(text: &str, i: usize) -> Option<(usize, Join)> {
    if let Some(start) = phrase_before(text, i, "between") {
        return Some((start, Join::And));
    }
    if let Some(start) = phrase_before(text, i, "from") {
        return Some((start, Join::To));
    }
    None
}

/// Whether every ASCII letter of `text` is lower case (the tokenised, lower-cased style
/// of some corpora, where codes such as "usd" lose their capitals).
pub fn is_lowercased(text: &str) -> bool {
    !text.bytes().any(|b| b.is_ascii_uppercase())
}

/// Whether byte `i` of `text` lies inside a URL or e-mail address: its whitespace-delimited
/// chunk holds "://", "www." or "@", a path with a query ("/x?q=1"), or percent-encoding
/// ("%20…%29"; a sentence splitter may have cut the URL's scheme away).
pub fn in_url(text: &str, i: usize) -> bool {
    url_chunk(text, i).is_some_and(|chunk| {
        // A pass over the bytes of the chunk ("$5bn,", "40%") rules most out: it holds
        // none of the bytes the tests below look for.
        let mut seen = [false; 256];
        let mut percents = 0;
        for &b in chunk.as_bytes() {
            seen[usize::from(b)] = true;
            percents += usize::from(b == b'%');
        }
        (seen[usize::from(b':')] && chunk.contains("://"))
            || (seen[usize::from(b'w')] && chunk.contains("www."))
            || seen[usize::from(b'@')]
            || seen[usize::from(b'/')]
                && (seen[usize::from(b'?')] || seen[usize::from(b'=')] || seen[usize::from(b'&')])
            || percents >= 2
    })
}

/// The whitespace-delimited chunk of `text` around byte `i`. Nearly every chunk a figure
/// is in is short and ASCII: it is found by bytes, and by characters only where a byte
/// next to it is not ASCII, as some whitespace is not.
fn url_chunk(text: &str, i: usize) -> Option<&str> {
    // The ASCII characters `char::is_whitespace` takes (`u8::is_ascii_whitespace` leaves
    // out the vertical tab).
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if text.is_char_boundary(i) {
        let stop = |b: &u8| !b.is_ascii() || space(*b);
        let start = bytes.get(..i)?.iter().rposition(stop).map_or(0, |s| s + 1);
        let end = bytes.get(i..)?.iter().position(stop).map_or(bytes.len(), |e| i + e);
        let starts_clean = start == 0 || bytes.get(start - 1).copied().is_some_and(space);
        let ends_clean = bytes.get(end).copied().is_none_or(space);
        if starts_clean && ends_clean {
            return text.get(start..end);
        }
    }
    let start = text
        .get(..i)
        .and_then(|t| t.char_indices().rfind(|&(_, c)| c.is_whitespace()))
        .map_or(0, |(s, c)| s + c.len_utf8());
    let end = text.get(i..).and_then(|t| t.find(char::is_whitespace)).map_or(text.len(), |e| i + e);
    text.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// `scan_figures` as it was before its byte table and length prefilter: every word
    /// through the general tests (the other bytes take the same step in both).
    fn scan_figures_reference(text: &str, out: &mut Vec<Figure>) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&c) = bytes.get(i) {
            if c.is_ascii_alphabetic() {
                let n = alpha_run(bytes, i);
                if may_start_words(text, i, n)
                    && !alnum_before(text, i)
                    && let Some(figure) = read_figure(text, i)
                {
                    i = figure.end.max(i + 1);
                    out.push(figure);
                    continue;
                }
                i += n;
                continue;
            }
            i = step_past_other(text, i, c, out);
        }
    }

    /// Pieces of news text around numbers, to be strung together at random.
    const PIECES: &[&str] = &[
        "one",
        "Two",
        "THREE",
        "twenty-five",
        "ninety",
        "dozen",
        "a",
        "A",
        "An",
        "half",
        "quarter",
        "quarters",
        "three-quarters",
        "of",
        "and",
        "hundred",
        "thousand",
        "million",
        "Billion",
        "trillion",
        "bn",
        "m",
        "k",
        "lakh",
        "crore",
        "minus",
        "negative",
        "the",
        "then",
        "ones",
        "often",
        "tone",
        "one-yen",
        "fifty-fifty",
        "4",
        "12",
        "2024",
        "1,178",
        "3.5",
        ".5",
        "1/2",
        "7 3/4",
        "3/4/2020",
        "10:35",
        "21st",
        "1990s",
        "4bn",
        "$5m",
        "A320",
        "F-16",
        "USD115",
        "-5",
        "\u{2212}5",
        "20-30",
        "%",
        "per cent",
        ".",
        ",",
        "-",
        "–",
        "’",
        "é",
        "café",
        "Ж",
        "ten\u{300}",
        "\u{a0}",
        "\u{202f}",
        "www.x.com/a?b=1",
        "seventeen",
        "eighty",
    ];

    fn news_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![4 => proptest::sample::select(PIECES).prop_map(str::to_owned), 1 => "\\PC{0,3}"];
        let gap = prop_oneof![6 => Just(" "), 1 => Just(""), 1 => Just("  "), 1 => Just("-"), 1 => Just("\u{a0}")];
        proptest::collection::vec((piece, gap), 0..14).prop_map(|parts| parts.into_iter().map(|(p, g)| p + g).collect())
    }

    /// Every list word in three cases, its prefixes and a few extensions, and some
    /// words that are in no list.
    fn lookup_words() -> Vec<String> {
        let lists = WORDS.iter().map(|(w, _)| *w).chain(SCALES.iter().map(|(w, _)| *w)).chain(WORD_STARTS);
        let mut out: Vec<String> = ["the", "The", "of", "and", "a", "", "é", "ten\u{300}", "bn-", "K", "M2"]
            .iter()
            .map(|w| (*w).to_owned())
            .collect();
        for word in lists {
            let title = word[..1].to_ascii_uppercase() + &word[1..];
            for form in [word.to_owned(), word.to_ascii_uppercase(), title] {
                for end in 0..=form.len() {
                    out.push(form[..end].to_owned());
                }
                for tail in ["s", "-", "é", "x", "1"] {
                    out.push(form.clone() + tail);
                }
            }
        }
        out
    }

    #[test]
    fn word_and_scale_lookups_agree_with_their_lists() {
        for word in lookup_words() {
            let listed = WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(&word)).map(|&(_, v)| v);
            assert_eq!(word_value(&word), listed, "{word:?}");
            let listed = SCALES.iter().find(|(w, _)| w.eq_ignore_ascii_case(&word)).map(|&(_, e)| e);
            assert_eq!(scale_exponent(&word), listed, "{word:?}");
        }
    }

    /// `word_spans` as it was, by `str::find` throughout.
    fn word_spans_reference(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut rest = 0;
        while let Some(tail) = text.get(rest..) {
            let Some(skip) = tail.find(|c: char| c.is_alphanumeric()) else { break };
            let start = rest + skip;
            let len = text[start..].find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(text.len() - start);
            rest = start + len;
            out.push((start, &text[start..start + len]));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn word_spans_and_hyphens_agree_with_str_search(
            text in "[a-zA-Z0-9 ,.\\-\u{e9}\u{2013}\u{a0}\u{300}\u{660}Ж]{0,24}|\\PC{0,12}"
        ) {
            prop_assert_eq!(word_spans(&text).collect::<Vec<_>>(), word_spans_reference(&text));
            prop_assert_eq!(split_at_hyphen(&text), text.split_once('-'));
        }

        #[test]
        fn short_decimals_read_as_the_checked_reading_does(number in "[0-9.,\u{a0} ]{0,19}|[0-9]{15,20}(\\.[0-9]{0,3})?") {
            // Compared by representation: equal values may differ in scale.
            let exact = |d: Option<Decimal>| d.map(|d| d.serialize());
            prop_assert_eq!(exact(decimal_of(number.as_bytes())), exact(decimal_of_any(number.bytes())));
        }

        #[test]
        fn phrase_after_agrees_with_the_full_comparison(
            text in "[a-zA-Z \u{a0}\u{e9}-]{0,12}",
            phrase in "[a-z ]{0,8}|(a|an|half|three|quarters?|of|to|per cent)( (a|of|cent|quarter))?",
            i in 0_usize..6,
        ) {
            prop_assert_eq!(phrase_after(&text, i, &phrase), phrase_compared_at(&text, i, &phrase));
        }

        #[test]
        fn lookups_agree_with_their_lists_on_any_word(word in "[a-zA-Z\u{e9}\u{300}-]{0,9}|\\PC{0,4}") {
            let listed = WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(&word)).map(|&(_, v)| v);
            prop_assert_eq!(word_value(&word), listed);
            let listed = SCALES.iter().find(|(w, _)| w.eq_ignore_ascii_case(&word)).map(|&(_, e)| e);
            prop_assert_eq!(scale_exponent(&word), listed);
        }


        #[test]
        fn scan_finds_what_the_byte_by_byte_scan_finds(text in prop_oneof![news_like(), "\\PC{0,40}"]) {
            let (mut fast, mut reference) = (Vec::new(), Vec::new());
            scan_figures(&text, &mut fast);
            scan_figures_reference(&text, &mut reference);
            prop_assert_eq!(fast, reference);
        }
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn figure(s: &str) -> Option<(String, Decimal)> {
        let mut out = Vec::new();
        scan_figures(s, &mut out);
        out.first().map(|f| (s[f.start..f.end].to_owned(), f.value.normalize()))
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
        assert_eq!(read("two dozen"), Some(dec("24")));
        assert_eq!(read("one-yen"), None);
        assert_eq!(read_words_with("one-yen", true).map(|n| (n.len, n.value)), Some((3, dec("1"))));
    }

    #[test]
    fn scales() {
        assert_eq!(scale_value("bn"), Some(dec("1000000000")));
        assert_eq!(scale_value("Million"), Some(dec("1000000")));
        assert_eq!(scale_value("millions"), None);
        assert_eq!(scale_value("lakh"), Some(dec("100000")));
    }

    #[test]
    fn figures_with_scales_are_exact() {
        assert_eq!(figure("USD 1.178 billion"), Some(("1.178 billion".into(), dec("1178000000"))));
        assert_eq!(figure("$3.6bn"), Some(("3.6bn".into(), dec("3600000000"))));
        assert_eq!(figure("€300m in"), Some(("300m".into(), dec("300000000"))));
        assert_eq!(figure("1.2tn"), Some(("1.2tn".into(), dec("1200000000000"))));
        assert_eq!(figure("€300 bn"), Some(("300 bn".into(), dec("300000000000"))));
        assert_eq!(figure("35 lakh rupees"), Some(("35 lakh".into(), dec("3500000"))));
        assert_eq!(figure("half a million"), Some(("half a million".into(), dec("500000"))));
        assert_eq!(figure("a quarter million"), Some(("a quarter million".into(), dec("250000"))));
        assert_eq!(figure("three quarters billion"), Some(("three quarters billion".into(), dec("750000000"))));
        assert_eq!(figure("10K"), Some(("10K".into(), dec("10000"))));
    }

    #[test]
    fn separators_fractions_and_signs() {
        assert_eq!(figure("1 178 tonnes"), Some(("1 178".into(), dec("1178"))));
        assert_eq!(figure("12,34,567.89 rupees"), Some(("12,34,567.89".into(), dec("1234567.89"))));
        assert_eq!(figure("7 3/4"), Some(("7 3/4".into(), dec("7.75"))));
        assert_eq!(figure("1/4 mile"), Some(("1/4".into(), dec("0.25"))));
        assert_eq!(figure("-504"), Some(("-504".into(), dec("-504"))));
        assert_eq!(figure("minus five"), Some(("minus five".into(), dec("-5"))));
        assert_eq!(figure("one hundred and twenty"), Some(("one hundred and twenty".into(), dec("120"))));
    }

    #[test]
    fn not_amounts() {
        assert_eq!(figure("at 10:35"), None);
        assert_eq!(figure("the 21st"), None);
        assert_eq!(figure("the 1990s"), None);
        assert_eq!(figure("half of them"), None);
        assert_eq!(figure("the report"), None);
        let mut out = Vec::new();
        scan_figures("20-30", &mut out);
        assert_eq!(out.len(), 2);
        out.clear();
        scan_figures("an F-16 and an A320neo", &mut out);
        assert!(out.iter().all(|f| f.glued_left || f.hyphen_left));
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let long = "9".repeat(100_000);
        assert_eq!(read_digits(&long), None);
        let mut out = Vec::new();
        scan_figures(&format!("${long} billion"), &mut out);
        assert!(out.is_empty());
        scan_figures(&format!("{long}.{long} trillion"), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn number_word_starts_in_any_case() {
        for word in cardinal_words().chain(WORD_STARTS) {
            assert!(is_number_word_start(word.as_bytes()), "{word}");
            assert!(is_number_word_start(word.to_ascii_uppercase().as_bytes()), "{word}");
        }
        for word in ["the", "have", "since", "first", "several", "a", "an", "onee", "fiftyfive", ""] {
            assert!(!is_number_word_start(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn phrases_next_to_other_scripts() {
        let text = "café about\u{a0}5 per cent";
        let five = text.find('5').unwrap();
        assert_eq!(phrase_before(text, five, "about"), Some(6));
        assert_eq!(hedge_before(text, five).map(|h| h.start), Some(6));
        assert_eq!(phrase_after(text, five + 2, "per cent"), Some(text.len()));
        assert_eq!(phrase_after("é", 0, "e"), None);
        assert_eq!(phrase_before("é", 2, "e"), None);
        assert_eq!(phrase_after("é", 1, ""), None);
    }

    /// `in_url` a character at a time, as it was before its byte scans.
    fn in_url_reference(text: &str, i: usize) -> bool {
        let start = text
            .get(..i)
            .and_then(|t| t.char_indices().rfind(|&(_, c)| c.is_whitespace()))
            .map_or(0, |(s, c)| s + c.len_utf8());
        let end = text.get(i..).and_then(|t| t.find(char::is_whitespace)).map_or(text.len(), |e| i + e);
        text.get(start..end).is_some_and(|chunk| {
            chunk.contains("://")
                || chunk.contains("www.")
                || chunk.contains('@')
                || chunk.contains('/') && chunk.contains(['?', '=', '&'])
                || chunk.matches('%').count() >= 2
        })
    }

    proptest! {
        #[test]
        fn in_url_agrees_with_its_reference(text in "[ a-z0-9:/.?=&@%w\t\n\u{b}\u{c}\r\u{1c}\u{a0}\u{2009}é]{0,40}", at in 0usize..48) {
            let i = at.min(text.len());
            prop_assert_eq!(in_url(&text, i), in_url_reference(&text, i), "{:?} at {}", text, i);
        }
    }

    #[test]
    fn urls() {
        assert!(in_url("see https://x.org/a?b=5 now", 20));
        assert!(in_url("mail a@b.com 5", 5));
        assert!(!in_url("rose 5% to $40bn.", 5));
        assert!(!in_url("a\u{2009}https://x 5", 14));
        // After whitespace that is not ASCII, the chunk starts past the whole character.
        assert!(in_url("at\u{a0}www.x.org/5 now", 12));
        assert!(in_url("go\u{2009}x.org/a?b=5", 15));
    }

    /// `phrase_ending_at` as it was before it compared bytes: word by word.
    fn phrase_ending_at_reference(text: &str, mut pos: usize, phrase: &str) -> Option<usize> {
        for (k, word) in phrase.as_bytes().rsplit(|b| *b == b' ').enumerate() {
            if k > 0 {
                let back = skip_spaces_back(text, pos);
                if back == pos {
                    return None;
                }
                pos = back;
            }
            let start = pos.checked_sub(word.len())?;
            let candidate = text.as_bytes().get(start..pos)?;
            if !candidate.eq_ignore_ascii_case(word) || word.is_empty() && !text.is_char_boundary(pos) {
                return None;
            }
            pos = start;
        }
        if alnum_before(text, pos) {
            return None;
        }
        Some(pos)
    }

    proptest! {
        /// Any phrase, empty words and all, at any byte of any text.
        #[test]
        fn phrases_end_as_they_did_word_by_word(
            text in "[ aAbé\u{a0}\u{2009}\t(.x]{0,16}",
            phrase in "[ abé.]{0,6}",
            at in 0usize..24,
        ) {
            let i = at.min(text.len());
            let pos = skip_spaces_back(&text, i);
            prop_assert_eq!(phrase_ending_at(&text, pos, &phrase), phrase_ending_at_reference(&text, pos, &phrase));
            prop_assert_eq!(phrase_ending_at(&text, i, &phrase), phrase_ending_at_reference(&text, i, &phrase));
        }
    }

    #[test]
    fn hedges_end_as_they_did_word_by_word() {
        let texts =
            ["rose by more than  5", "more\u{a0}than 5", "Up To 5", "(about 5", "x.approx. 5", "no less\tthan 5"];
        for (hedge, ..) in &HEDGES {
            for text in texts.iter().map(|t| t.to_string()).chain([format!("x {hedge} 5"), format!("{hedge}  5")]) {
                let end = skip_spaces_back(&text, text.len() - 1);
                assert_eq!(
                    phrase_ending_at(&text, end, hedge),
                    phrase_ending_at_reference(&text, end, hedge),
                    "{hedge:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn hedges_and_joins() {
        let h = hedge_before("approximately USD", 14).unwrap();
        assert_eq!((h.start, h.approx, h.modifier), (0, true, None));
        let h = hedge_before("rose more than 5", 15).unwrap();
        assert_eq!((h.start, h.modifier), (5, Some("MORE_THAN")));
        assert_eq!(hedge_before("whereabout 5", 11), None);
        // Any case; the longest of the hedges that end at the same word; none glued on.
        assert_eq!(hedge_before("UP TO 5", 6).map(|h| (h.start, h.modifier)), Some((0, Some("EQUAL_OR_LESS"))));
        assert_eq!(hedge_before("Roughly 40", 8).map(|h| h.start), Some(0));
        assert_eq!(hedge_before("no less than 3", 13).map(|h| (h.start, h.modifier)), Some((0, Some("EQUAL_OR_MORE"))));
        assert_eq!(hedge_before("some approx.4", 12).map(|h| h.start), Some(5));
        assert_eq!(hedge_before("about5", 5), None);
        assert_eq!(hedge_before("the 5", 4), None);
        assert_eq!(join_after("20-30", 2), Some((Join::Dash, 3)));
        assert_eq!(join_after("20 to 30", 2), Some((Join::To, 6)));
        assert_eq!(range_intro_before("between 20", 8), Some((0, Join::And)));
    }
}
