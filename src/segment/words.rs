//! Word tokens by the Unicode word-boundary rules (UAX #29), with a fast path.
//!
//! Nearly all news text is ASCII plus a few Latin letters, typographic quotes, dashes and
//! currency signs. For text made only of those characters, the word-boundary rules reduce
//! to a small table, applied here in one pass without allocation; any other character
//! sends the whole block to `unicode-segmentation`. A property test checks that the fast
//! path splits exactly as `unicode-segmentation` does.

use unicode_segmentation::UnicodeSegmentation;

use super::Token;
use crate::document::Span;

/// Word-break property of the characters the fast path knows. The three word classes
/// come first so that `is_word_class` is one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    ALetter,
    Numeric,
    ExtendNumLet,
    Cr,
    Lf,
    Newline,
    WSegSpace,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    Other,
}

/// Classes of the ASCII characters, looked up by byte.
static ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'A'..=b'Z' | b'a'..=b'z' => Class::ALetter,
            b'0'..=b'9' => Class::Numeric,
            b' ' => Class::WSegSpace,
            b'\n' => Class::Lf,
            b'\r' => Class::Cr,
            0x0B | 0x0C => Class::Newline,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' => Class::MidNumLet,
            b'\'' => Class::SingleQuote,
            b'_' => Class::ExtendNumLet,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// Bytes that are a whole word character: ASCII letters, digits and `_`.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_word_class(ASCII[b]);
        b += 1;
    }
    table
};

/// The class of `c`, or `None` when the fast path does not know it.
fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(ASCII[c as usize]);
    }
    Some(match c {
        '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{17F}' => Class::ALetter,
        '\u{A3}' | '\u{A5}' | '\u{A7}' | '\u{A9}' | '\u{AB}' | '\u{B0}' | '\u{B1}' | '\u{BB}' | '\u{D7}' | '\u{F7}' => {
            Class::Other
        }
        '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{2026}' | '\u{20AC}' | '\u{20B9}' | '\u{20BD}'
        | '\u{20BC}' | '\u{20A6}' | '\u{20BA}' | '\u{20A9}' | '\u{20B4}' | '\u{20B8}' => Class::Other,
        _ => return None,
    })
}

/// The class and length of the character at byte `i` of `s` (a char boundary), `None`
/// at the end of `s` or for a character the fast path does not know.
// Inlined into the tokenizer's loops: called once per character, the call would cost
// more than the lookup.
#[inline(always)]
fn class_at(s: &str, i: usize) -> Option<(Class, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((ASCII[usize::from(b)], 1));
    }
    let c = s.get(i..)?.chars().next()?;
    class(c).map(|k| (k, c.len_utf8()))
}

/// The class of the character that ends at byte `i` of `s`.
fn class_before(s: &str, i: usize) -> Option<Class> {
    match s.as_bytes().get(i.checked_sub(1)?) {
        Some(&b) if b.is_ascii() => Some(ASCII[usize::from(b)]),
        _ => class(s.get(..i)?.chars().next_back()?),
    }
}

const fn is_word_class(c: Class) -> bool {
    matches!(c, Class::ALetter | Class::Numeric | Class::ExtendNumLet)
}

/// A character the fast path does not know: the block needs the full rules.
struct Unknown;

/// Pushes the spans of the non-whitespace word tokens of `span` onto `out`.
///
/// A word is a run of letters, digits and `_` (WB5, WB8–WB10, WB13a/b), through a
/// medial mark between two letters (WB6/7: "don't", "U.S", "Azerbaijan’s") or between
/// two digits (WB11/12: "1,178", "4.4"); any other character is a token of its own, and
/// whitespace is dropped.
pub(crate) fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let slice = span.text(text);
    let first = out.len();
    // Checking the block for unknown characters up front would cost a second pass over
    // every block; meeting one is rare, so the fast path runs and is undone instead.
    if fast_tokens(slice, span.start, out).is_err() {
        out.truncate(first);
        for (offset, word) in slice.split_word_bound_indices() {
            if !word.chars().all(char::is_whitespace) {
                out.push(Token { span: Span::new(span.start + offset, span.start + offset + word.len()) });
            }
        }
    }
}

/// The fast path of [`tokenize`] over `slice`, which starts at byte `base` of the text;
/// fails on the first character it does not know, leaving a partial list in `out`.
fn fast_tokens(slice: &str, base: usize, out: &mut Vec<Token>) -> Result<(), Unknown> {
    let bytes = slice.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        if matches!(b, b' ' | b'\t'..=b'\r') {
            i += 1;
            continue;
        }
        let (class, len) = class_at(slice, i).ok_or(Unknown)?;
        i += len;
        if is_word_class(class) {
            // An unknown character ends the word here and fails the outer loop next.
            loop {
                // ASCII letters and digits, the bulk of every word, go by a byte table.
                let rest = bytes.get(i..).unwrap_or_default();
                i += rest.iter().take_while(|&&b| ASCII_WORD[usize::from(b)]).count();
                let Some((next, next_len)) = class_at(slice, i) else { break };
                if is_word_class(next) {
                    i += next_len;
                    continue;
                }
                // WB6/7 and WB11/12: the mark joins only the same class on both sides. Most
                // words end at a space, which no mark test needs to look behind for.
                if !matches!(next, Class::MidLetter | Class::MidNum | Class::MidNumLet | Class::SingleQuote) {
                    break;
                }
                let joined = match (class_before(slice, i), next) {
                    (Some(Class::ALetter), Class::MidLetter | Class::MidNumLet | Class::SingleQuote) => Class::ALetter,
                    (Some(Class::Numeric), Class::MidNum | Class::MidNumLet | Class::SingleQuote) => Class::Numeric,
                    _ => break,
                };
                match class_at(slice, i + next_len) {
                    Some((after, after_len)) if after == joined => i += next_len + after_len,
                    _ => break,
                }
            }
        } else if len > 1 && slice.get(start..i).is_some_and(|c| c.chars().all(char::is_whitespace)) {
            continue;
        }
        out.push(Token { span: Span::new(base + start, base + i) });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<&str> {
        text.split_word_bounds().filter(|w| !w.chars().all(char::is_whitespace)).collect()
    }

    fn fast(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|t| t.span.text(text)).collect()
    }

    #[test]
    fn news_words() {
        let text =
            "In 2024, Azerbaijan’s exports totaled USD 1.178 billion (4.4%); U.S. don't A320neo 10:35 a.m. e-mail";
        assert_eq!(fast(text), reference(text));
    }

    #[test]
    fn an_unknown_character_sends_the_whole_block_to_the_full_rules() {
        for text in
            ["In 2024, Azerbaijan’s exports rose 4.4% Ж", "don't Ж 1,178 U.S.", "Ж", "a.Ж", "1,Ж2", "a\u{300}b c"]
        {
            assert_eq!(fast(text), reference(text), "{:?}", text);
        }
    }

    #[test]
    fn every_fast_path_character_splits_as_unicode_segmentation() {
        let known: Vec<char> = (0..0x2100u32).filter_map(char::from_u32).filter(|c| class(*c).is_some()).collect();
        for &c in &known {
            for context in ["a{}b", "1{}2", "{}{}", " {} ", "a{}1", "x.{}", "{}'s", "_{}_", "\r{}\n"] {
                let text = context.replace("{}", &c.to_string());
                assert_eq!(fast(&text), reference(&text), "{:?} in {:?}", c, text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_path_splits_as_unicode_segmentation(
            text in "[a-zA-Z0-9 \\n\\r\\t.,;:'_\"()$%\\-!?\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{2026}\u{20AC}\u{A3}\u{E9}\u{FC}\u{C7}\u{11F}\u{D7}\u{0B}\u{0}]{0,40}"
        ) {
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }
}
