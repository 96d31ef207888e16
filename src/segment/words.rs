//! Word tokens by the Unicode word-boundary rules (UAX #29), with a fast path.
//!
//! Nearly all news text is ASCII plus a few Latin letters, typographic quotes, dashes and
//! currency signs. For text made only of those characters, the word-boundary rules reduce
//! to a small table, applied here in one pass without allocation; any other character
//! sends the whole block to `unicode-segmentation`. A property test checks that the fast
//! path splits exactly as `unicode-segmentation` does.

use unicode_segmentation::UnicodeSegmentation;

use super::Token;
use crate::ascii::letters_len;
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

/// What the byte after a run of ASCII letters means for the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// A digit or `_`: the word goes on.
    WordByte,
    /// An ASCII byte that neither continues a word nor may join one (WB6/7, WB11/12).
    End,
    /// A medial mark or a non-ASCII byte: the full rules decide.
    Rules,
}

/// `Next` by byte: most words end at a space or a plain punctuation mark, and one
/// lookup settles that.
static NEXT: [Next; 256] = {
    let mut table = [Next::Rules; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match ASCII[b] {
            Class::ALetter | Class::Numeric | Class::ExtendNumLet => Next::WordByte,
            Class::MidLetter | Class::MidNum | Class::MidNumLet | Class::SingleQuote => Next::Rules,
            _ => Next::End,
        };
        b += 1;
    }
    table
};

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

/// Pushes the spans of the non-whitespace word tokens of `span` onto `out`, and onto
/// `ends` (counted from the span's first token) the tokens that may end a sentence, as
/// [`may_end_sentence`] defines them: the tokenizer sees every byte of the gaps and of
/// the marks anyway, so the sentence splitter need not read them again.
///
/// A word is a run of letters, digits and `_` (WB5, WB8–WB10, WB13a/b), through a
/// medial mark between two letters (WB6/7: "don't", "U.S", "Azerbaijan’s") or between
/// two digits (WB11/12: "1,178", "4.4"); any other character is a token of its own, and
/// whitespace is dropped.
pub(crate) fn tokenize(text: &str, span: Span, out: &mut Vec<Token>, ends: &mut Vec<usize>) {
    let slice = span.text(text);
    let first = out.len();
    let first_end = ends.len();
    // Checking the block for unknown characters up front would cost a second pass over
    // every block; meeting one is rare, so the fast path runs and is undone instead.
    if fast_tokens(slice, span.start, out, ends).is_err() {
        out.truncate(first);
        ends.truncate(first_end);
        for (offset, word) in slice.split_word_bound_indices() {
            if !word.chars().all(char::is_whitespace) {
                out.push(Token::new(Span::new(span.start + offset, span.start + offset + word.len())));
            }
        }
        let tokens = out.get(first..).unwrap_or_default();
        ends.extend((0..tokens.len()).filter(|&k| may_end_sentence(text.as_bytes(), tokens, k, span.end)));
    }
}

/// Whether token `k` of `tokens` (which lie in a span ending at byte `span_end`) may end
/// a sentence: it starts with `.`, `!`, `?` or the byte 0xE2 (… and the other marks of
/// U+2000–U+2FFF), or a line break follows it before the next token or the span's end.
pub(crate) fn may_end_sentence(text: &[u8], tokens: &[Token], k: usize, span_end: usize) -> bool {
    let Some(token) = tokens.get(k) else { return false };
    let gap_end = tokens.get(k + 1).map_or(span_end, |t| t.span().start);
    is_end_byte(text.get(token.span().start).copied())
        || text.get(token.span().end..gap_end).is_some_and(|gap| gap.contains(&b'\n'))
}

fn is_end_byte(b: Option<u8>) -> bool {
    matches!(b, Some(b'.' | b'!' | b'?' | 0xE2))
}

/// The fast path of [`tokenize`] over `slice`, which starts at byte `base` of the text;
/// fails on the first character it does not know, leaving partial lists in `out` and
/// `ends`.
fn fast_tokens(slice: &str, base: usize, out: &mut Vec<Token>, ends: &mut Vec<usize>) -> Result<(), Unknown> {
    let bytes = slice.as_bytes();
    let first = out.len();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        if ASCII_WORD[usize::from(b)] {
            i = word_end(slice, i + 1);
            out.push(Token::new(Span::new(base + start, base + i)));
            // Most words are followed by one space and the next word: the space is
            // skipped here rather than by another turn of the loop.
            if bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            continue;
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            i += 1;
            // The line break ends the token before it, once: a blank line is one break.
            if b == b'\n'
                && let Some(last) = out.len().checked_sub(first + 1)
                && ends.last() != Some(&last)
            {
                ends.push(last);
            }
            continue;
        } else {
            let (class, len) = class_at(slice, i).ok_or(Unknown)?;
            i += len;
            if is_word_class(class) {
                i = word_end(slice, i);
            } else if len > 1 && slice.get(start..i).is_some_and(|c| c.chars().all(char::is_whitespace)) {
                continue;
            } else if is_end_byte(Some(b)) {
                ends.push(out.len() - first);
            }
        }
        out.push(Token::new(Span::new(base + start, base + i)));
    }
    Ok(())
}

/// The end of the word whose characters before byte `i` of `slice` are known; an unknown
/// character ends the word there and fails the caller's loop next.
#[inline(always)]
fn word_end(slice: &str, mut i: usize) -> usize {
    let bytes = slice.as_bytes();
    loop {
        // Letters, the bulk of every word, go eight bytes at a time; digits and `_` a
        // byte at a time, as they are few.
        i += bytes.get(i..).map_or(0, letters_len);
        match bytes.get(i).map(|&b| NEXT[usize::from(b)]) {
            None | Some(Next::End) => return i,
            Some(Next::WordByte) => {
                i += 1;
                continue;
            }
            Some(Next::Rules) => {}
        }
        let Some((next, next_len)) = class_at(slice, i) else { return i };
        if is_word_class(next) {
            i += next_len;
            continue;
        }
        // WB6/7 and WB11/12: the mark joins only the same class on both sides.
        if !matches!(next, Class::MidLetter | Class::MidNum | Class::MidNumLet | Class::SingleQuote) {
            return i;
        }
        let joined = match (class_before(slice, i), next) {
            (Some(Class::ALetter), Class::MidLetter | Class::MidNumLet | Class::SingleQuote) => Class::ALetter,
            (Some(Class::Numeric), Class::MidNum | Class::MidNumLet | Class::SingleQuote) => Class::Numeric,
            _ => return i,
        };
        match class_at(slice, i + next_len) {
            Some((after, after_len)) if after == joined => i += next_len + after_len,
            _ => return i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<&str> {
        text.split_word_bounds().filter(|w| !w.chars().all(char::is_whitespace)).collect()
    }

    /// The tokens of `text`, after checking that the sentence ends the tokenizer marked
    /// are those `may_end_sentence` finds by reading the tokens again.
    fn fast(text: &str) -> Vec<&str> {
        let (mut out, mut ends) = (Vec::new(), Vec::new());
        tokenize(text, Span::new(0, text.len()), &mut out, &mut ends);
        let expected: Vec<usize> =
            (0..out.len()).filter(|&k| may_end_sentence(text.as_bytes(), &out, k, text.len())).collect();
        assert_eq!(ends, expected, "sentence ends in {text:?}");
        out.iter().map(|t| t.span().text(text)).collect()
    }

    #[test]
    fn news_words() {
        let text =
            "In 2024, Azerbaijan’s exports totaled USD 1.178 billion (4.4%); U.S. don't A320neo 10:35 a.m. e-mail";
        assert_eq!(fast(text), reference(text));
    }

    #[test]
    fn an_unknown_character_sends_the_whole_block_to_the_full_rules() {
        for text in [
            "In 2024, Azerbaijan’s exports rose 4.4% Ж",
            "don't Ж 1,178 U.S.",
            "Ж",
            "a.Ж",
            "1,Ж2",
            "a\u{300}b c",
            "Ж.\n\nNext! L\n",
            "a\u{A0}\n b. \u{300}\nc",
        ] {
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

        #[test]
        fn any_text_splits_as_unicode_segmentation(
            text in "\\PC{0,30}|[a-z .,\n\u{300}\u{A0}\u{2028}\u{5D0}]{0,30}|[a-zA-Z0-9_]{0,20}([ .,'\n][a-zA-Z0-9_\u{E9}]{0,20}){0,3}"
        ) {
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }
}
