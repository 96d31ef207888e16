//! The forms a word starting in lower case may spell.
//!
//! A spelling starting in lower case agrees only with a form written exactly as it is
//! (see [`Lexicon::senses`](super::lexicon::Lexicon::senses)), so these forms are compared
//! byte for byte, case included. That turns away most lower-case words of news, which
//! the ASCII case insensitive [`Spellings`](super::spellings::Spellings) let through
//! ("the" opens "the West"; "the cost" opens nothing here).

use super::spellings::Bitset;

/// How many bytes of a form make its opening.
const OPENING: usize = 8;

/// How many bytes of a form make its short opening.
const SHORT_OPENING: usize = 4;

/// The forms not starting with a capital, as sets of their bytes.
#[derive(Debug)]
pub(super) struct LowerForms {
    /// The first [`SHORT_OPENING`] bytes of each form at least that long: most words of
    /// news open none ("said", "a co"), which one probe tells.
    short_openings: Bitset,
    /// The first [`OPENING`] bytes of each form at least that long.
    openings: Bitset,
    /// Each shorter form: its bytes with its length.
    short: Bitset,
    /// Bit `l` set when a form of `l` bytes is shorter than an opening.
    short_lengths: u8,
}

impl LowerForms {
    /// The forms of `forms` that do not start with a capital (the others agree with no
    /// spelling starting in lower case).
    pub(super) fn new<'a>(forms: impl Iterator<Item = &'a str>) -> Self {
        let mut lower = LowerForms {
            short_openings: Bitset::new(14),
            openings: Bitset::new(14),
            short: Bitset::new(14),
            short_lengths: 0,
        };
        for form in forms {
            let mut chars = form.chars();
            let Some(first) = chars.next() else { continue };
            if first.is_uppercase() {
                continue;
            }
            lower.insert(form.as_bytes());
            // A spelling may also agree with a form by its first letter in upper case
            // (`first_upper_equals`); where that letter is itself in lower case, the
            // spelling starts in lower case too.
            let mut upper = first.to_uppercase();
            if let (Some(u), None) = (upper.next(), upper.next())
                && u != first
                && u.is_lowercase()
            {
                let mut variant = String::from(u);
                variant.push_str(chars.as_str());
                lower.insert(variant.as_bytes());
            }
        }
        lower
    }

    fn insert(&mut self, form: &[u8]) {
        if let Some(opening) = form.first_chunk::<SHORT_OPENING>() {
            self.short_openings.insert(u64::from(u32::from_le_bytes(*opening)));
        }
        match form.first_chunk::<OPENING>() {
            Some(opening) => self.openings.insert(u64::from_le_bytes(*opening)),
            None => {
                self.short_lengths |= 1 << form.len();
                self.short.insert(packed(form));
            }
        }
    }

    /// Whether a form may be `text[..len]` for one of `lengths` (ascending): when not,
    /// none is.
    #[inline(always)]
    pub(super) fn may_spell(&self, text: &[u8], lengths: impl Iterator<Item = usize>) -> bool {
        let short_opening = text.first_chunk::<SHORT_OPENING>().map(|o| u64::from(u32::from_le_bytes(*o)));
        if short_opening.is_some_and(|o| !self.short_openings.contains(o)) {
            // Only a form shorter than a short opening is left, ending at one of the
            // lengths.
            return lengths.take_while(|&len| len < SHORT_OPENING).any(|len| {
                self.short_lengths & (1 << len) != 0 && text.get(..len).is_some_and(|s| self.short.contains(packed(s)))
            });
        }
        let opening = text.first_chunk::<OPENING>().map(|o| u64::from_le_bytes(*o));
        if opening.is_some_and(|o| self.openings.contains(o)) {
            return true;
        }
        for len in lengths {
            if len >= OPENING {
                return false;
            }
            if self.short_lengths & (1 << len) == 0 {
                continue;
            }
            // The opening at hand holds the spelling; only near the text's end is it read
            // byte by byte.
            let spelled = match opening {
                Some(o) => o & low_bytes(len) | (len as u64) << 56,
                None => match text.get(..len) {
                    Some(spelled) => packed(spelled),
                    None => return false,
                },
            };
            if self.short.contains(spelled) {
                return true;
            }
        }
        false
    }
}

/// The mask of the low `len` bytes of a number (`len` below [`OPENING`]).
#[inline]
fn low_bytes(len: usize) -> u64 {
    const MASKS: [u64; OPENING] = {
        let mut masks = [0; OPENING];
        let mut len = 1;
        while len < OPENING {
            masks[len] = u64::MAX >> (8 * (OPENING - len));
            len += 1;
        }
        masks
    };
    MASKS.get(len).copied().unwrap_or(0)
}

/// The bytes of `form` (shorter than an opening), little-endian, with its length in the
/// top byte, as one number.
#[inline]
fn packed(form: &[u8]) -> u64 {
    form.iter().rev().fold(0, |acc, &b| (acc << 8) | u64::from(b)) | (form.len() as u64) << 56
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_forms_as_written_and_not_capitalised() {
        let lower = LowerForms::new(["the West", "president", "Azerbaijan", "mps"].into_iter());
        let may = |text: &str| {
            let lengths: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).chain([text.len()]).collect();
            lower.may_spell(text.as_bytes(), lengths.into_iter())
        };
        assert!(may("the West said"));
        assert!(!may("the west said"));
        assert!(may("president Aliyev"));
        assert!(may("mps"));
        assert!(!may("mp said"));
        assert!(!may("azerbaijan"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn says_no_only_where_no_form_is_spelled(
            forms in prop::collection::vec("[abAB .éÉ]{1,12}", 1..30),
            text in "[abAB .éÉ]{0,30}",
        ) {
            let lower = LowerForms::new(forms.iter().map(String::as_str));
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let rest = &text[start..];
                let lengths: Vec<usize> = (1..=rest.len()).filter(|&i| rest.is_char_boundary(i)).collect();
                let spelled = lengths.iter().any(|&len| {
                    forms.iter().any(|f| {
                        let found = &rest[..len];
                        let agrees = f == found || {
                            let (mut a, mut b) = (f.chars(), found.chars());
                            match (a.next(), b.next()) {
                                (Some(x), Some(y)) => {
                                    x.is_lowercase() && x.to_uppercase().eq(std::iter::once(y)) && a.as_str() == b.as_str()
                                }
                                _ => false,
                            }
                        };
                        agrees && found.chars().next().is_some_and(char::is_lowercase)
                    })
                });
                prop_assert!(!spelled || lower.may_spell(rest.as_bytes(), lengths.iter().copied()));
            }
        }
    }
}
