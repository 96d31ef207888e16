//! A set of small numbers, a bit each: the tables of byte pairs and hashes that turn
//! most places of a text away before a search.

/// The numbers below a bound, a bit each.
#[derive(Debug, Clone)]
pub(crate) struct Bits {
    words: Box<[u64]>,
}

impl Bits {
    /// The empty set, with room for the numbers below `len` rounded up to a multiple of 64.
    pub(crate) fn new(len: usize) -> Self {
        Bits { words: vec![0; len.div_ceil(64)].into_boxed_slice() }
    }

    /// Adds `n`; a number past the room is not kept.
    pub(crate) fn insert(&mut self, n: usize) {
        if let Some(word) = self.words.get_mut(n / 64) {
            *word |= 1 << (n % 64);
        }
    }

    #[inline]
    pub(crate) fn contains(&self, n: usize) -> bool {
        self.words.get(n / 64).is_some_and(|word| word >> (n % 64) & 1 != 0)
    }
}

/// How many [`byte_pair`]s there are.
pub(crate) const BYTE_PAIRS: usize = 1 << 16;

/// The index of two bytes among all pairs, ASCII letters lower-cased as an ASCII
/// case-insensitive automaton matches them.
#[inline]
pub(crate) fn byte_pair(first: u8, second: u8) -> usize {
    usize::from(first.to_ascii_lowercase()) << 8 | usize::from(second.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_inserted_and_nothing_else() {
        let mut bits = Bits::new(200);
        for n in [0, 63, 64, 199, 255, 256, 5000] {
            bits.insert(n);
        }
        let held: Vec<usize> = (0..6000).filter(|&n| bits.contains(n)).collect();
        assert_eq!(held, [0, 63, 64, 199, 255]);
    }

    #[test]
    fn byte_pairs_ignore_ascii_case_only() {
        assert_eq!(byte_pair(b'U', b'S'), byte_pair(b'u', b's'));
        assert_ne!(byte_pair(b'u', b's'), byte_pair(b's', b'u'));
        assert_ne!(byte_pair(0xC3, 0x89), byte_pair(0xC3, 0xA9));
        assert!(byte_pair(0xFF, 0xFF) < BYTE_PAIRS);
    }
}
