//! The runs of ASCII letters of a text, found 64 bytes at a time: the time prefilter reads
//! every word of half the sentences of an article, and a step a byte between words (and a
//! scan per word for its end) cost more than the lookup of the word.

use crate::ascii::letter_bits;

/// One bit per byte of a chunk.
const CHUNK: usize = 64;

/// Bit `k` set when byte `k` of `chunk` (at most [`CHUNK`] bytes) is an ASCII letter.
fn letter_mask(chunk: &[u8]) -> u64 {
    let mut mask = 0;
    let mut blocks = chunk.chunks_exact(8);
    for (k, block) in blocks.by_ref().enumerate() {
        let mut word = [0_u8; 8];
        word.copy_from_slice(block);
        // The high bit of byte j moves to bit j of the low byte.
        let gathered = ((letter_bits(u64::from_le_bytes(word)) >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= gathered << (8 * k);
    }
    let done = chunk.len() - blocks.remainder().len();
    for (k, b) in blocks.remainder().iter().enumerate() {
        mask |= u64::from(b.is_ascii_alphabetic()) << (done + k);
    }
    mask
}

/// The maximal runs of ASCII letters of a text, left to right, as (start, length).
pub(super) struct LetterRuns<'b> {
    bytes: &'b [u8],
    /// Where the current chunk starts.
    at: usize,
    /// The letters of the current chunk.
    letters: u64,
    /// The bits of `letters` that begin a run and are not yet reported.
    starts: u64,
}

impl<'b> LetterRuns<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> Self {
        let letters = letter_mask(bytes.get(..CHUNK).unwrap_or(bytes));
        LetterRuns { bytes, at: 0, letters, starts: letters & !(letters << 1) }
    }

    /// The length of the run from `start` of the current chunk (bit `s`) on.
    #[inline(always)]
    fn run_len(&self, s: u32) -> usize {
        let others = !self.letters >> s;
        if others != 0 {
            return others.trailing_zeros() as usize;
        }
        // The run reaches the end of the chunk and may go on into the next.
        let end = self.at + CHUNK;
        let rest = self.bytes.get(end..).unwrap_or_default();
        CHUNK - s as usize + rest.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len())
    }
}

impl Iterator for LetterRuns<'_> {
    type Item = (usize, usize);

    // Inlined into the caller's loop: a call a word cost as much as finding the word.
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        while self.starts == 0 {
            self.at += CHUNK;
            let chunk = self.bytes.get(self.at..)?;
            if chunk.is_empty() {
                return None;
            }
            let carried = self.letters >> (CHUNK - 1);
            self.letters = letter_mask(chunk.get(..CHUNK).unwrap_or(chunk));
            self.starts = self.letters & !(self.letters << 1 | carried);
        }
        let s = self.starts.trailing_zeros();
        self.starts &= self.starts - 1;
        // Within the chunk the run's bits end before the text does: `letters` has no bit
        // past the end of the text, so a run never reads as longer than the text.
        let len = self.run_len(s);
        Some((self.at + s as usize, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The runs by a step a byte.
    fn slow(bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphabetic() {
                let len = bytes[i..].iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(bytes.len() - i);
                runs.push((i, len));
                i += len;
            } else {
                i += 1;
            }
        }
        runs
    }

    #[test]
    fn runs_agree_with_a_step_a_byte() {
        let long = "a".repeat(200);
        let texts = [
            String::new(),
            "a".to_owned(),
            " ".to_owned(),
            "The talks resumed on Monday, 12 March 2024.".to_owned(),
            long.clone(),
            format!("{long} {long}x {}", "y".repeat(63)),
            format!("{} abc", "-".repeat(63)),
            format!("{}abcdef", "-".repeat(62)),
            "caf\u{e9}s and na\u{ef}ve \u{2014} \u{201c}quoted\u{201d} @[`{AZaz\x7f".to_owned(),
        ];
        for text in &texts {
            for start in 0..text.len().min(70) {
                let bytes = &text.as_bytes()[start..];
                assert_eq!(LetterRuns::new(bytes).collect::<Vec<_>>(), slow(bytes), "{bytes:?}");
            }
        }
        for b in 0..=255_u8 {
            assert_eq!(letter_mask(&[b; 8]) != 0, b.is_ascii_alphabetic(), "{b:#x}");
        }
    }

    proptest! {
        #[test]
        fn runs_agree_on_any_text(text in "\\PC{0,300}") {
            prop_assert_eq!(LetterRuns::new(text.as_bytes()).collect::<Vec<_>>(), slow(text.as_bytes()));
        }

        #[test]
        fn runs_agree_on_ascii(text in "[a-zA-Z0-9 ,.'\\-]{0,300}") {
            prop_assert_eq!(LetterRuns::new(text.as_bytes()).collect::<Vec<_>>(), slow(text.as_bytes()));
        }
    }
}
