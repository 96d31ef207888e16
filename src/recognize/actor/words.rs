//! Word lists of the lexicon (first names, stopwords, context words), looked up by the
//! words of a sentence.

use rustc_hash::FxHashMap as HashMap;

/// How many bytes a word packed into one number may have.
const PACKED: usize = 7;

/// Words with a value each, looked up by their bytes. A word of up to [`PACKED`] bytes, as most are, is keyed by
/// one number (its bytes and length), which hashes in a step and compares in one, where a
/// string is hashed in several and compared by a call.
#[derive(Debug)]
pub(super) struct WordMap<V> {
    short: HashMap<u64, V>,
    long: HashMap<Box<[u8]>, V>,
}

impl<V: Copy> WordMap<V> {
    pub(super) fn new() -> Self {
        WordMap { short: HashMap::default(), long: HashMap::default() }
    }

    /// Adds `word` with `value`, replacing any value it had.
    pub(super) fn insert(&mut self, word: &str, value: V) {
        match packed(word.as_bytes()) {
            Some(key) => self.short.insert(key, value),
            None => self.long.insert(word.as_bytes().into(), value),
        };
    }

    // Forced inline, as a call costs as much as the look-up of a packed word.
    #[inline(always)]
    pub(super) fn get(&self, word: &[u8]) -> Option<V> {
        match packed(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }
}

impl<'a> FromIterator<&'a str> for WordMap<()> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(words: I) -> Self {
        let mut map = WordMap::new();
        for word in words {
            map.insert(word, ());
        }
        map
    }
}

/// The bytes of `word` little-endian with its length in the top byte, when it has at most
/// [`PACKED`] bytes: two words pack alike only if they are equal.
#[inline(always)]
fn packed(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > PACKED {
        return None;
    }
    Some(bytes.iter().rev().fold(0, |acc, &b| (acc << 8) | u64::from(b)) | (bytes.len() as u64) << 56)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn finds_what_a_string_map_finds(
            words in prop::collection::vec("[ab\\x00é]{0,9}", 0..20),
            asked in "[ab\\x00é]{0,9}",
        ) {
            let mut map = WordMap::new();
            let mut reference = std::collections::HashMap::new();
            for (i, w) in words.iter().enumerate() {
                map.insert(w, i);
                reference.insert(w.clone(), i);
            }
            for w in words.iter().chain([&asked]) {
                prop_assert_eq!(map.get(w.as_bytes()), reference.get(w).copied());
            }
        }
    }
}
