//! The keys of the lexicon by their spelling, ASCII case aside: which keys a sentence
//! spells from a word's start to a later word's end.
//!
//! An Aho-Corasick walk from every word start costs a dependent load into a large table
//! per byte, and most walks find nothing. Here small tables, which stay in cache, turn
//! most words away: a bitset of the openings (first bytes) of the keys, the length of
//! the longest key per opening, and a bitset of each opening with the length and last
//! byte of a key that has it. Only a word end that passes them is hashed and looked up,
//! and the key found there is compared byte for byte. As the caller keeps only keys
//! that end at a word's end, nothing else is looked for.

use crate::bits::Bits;

/// How many bytes of a key make its opening.
const OPENING: usize = 4;
/// How many bytes make the opening of a long key.
const LONG_OPENING: usize = 8;

/// The keys, and what spares most words a look-up.
#[derive(Debug)]
pub(super) struct Spellings {
    /// The ASCII-lowercased spellings, end to end.
    text: Vec<u8>,
    /// Open addressing by [`hash`]. A slot holds what a look-up needs, so that it costs
    /// one miss in the table and one in `text`.
    slots: Box<[Slot]>,
    /// The first bytes of the keys, folded as [`fold`] folds: a word starting with another
    /// byte ("," or "(") opens none.
    first_bytes: [u64; 4],
    /// Filters for words not starting in lower case (every key) and for those that do.
    any_case: Filter,
    lower_case: Filter,
}

/// A key in eight bytes: the look-up's miss in the table is its main cost, and a
/// smaller table misses less often.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The key plus one (0 for an empty slot), with [`LOWER`] set when a word starting in
    /// lower case may spell the key (it has such a form).
    key: u32,
    /// Where its spelling starts in `text`, shifted by [`LEN_BITS`], and its length.
    spelling: u32,
}

/// The bit of [`Slot::key`] for a key a word starting in lower case may spell.
const LOWER: u32 = 1 << 31;
/// The bits of [`Slot::spelling`] that hold the length.
const LEN_BITS: u32 = 10;

#[derive(Debug)]
struct Filter {
    /// The openings of the keys at least [`OPENING`] bytes long.
    openings: Bitset,
    /// The first [`LONG_OPENING`] bytes of the keys at least that long: most words that
    /// pass `openings` ("the") open no key that long.
    long_openings: Bitset,
    /// The length of the longest key per hash of its opening, so that a walk over the
    /// word ends stops where no key reaches.
    reach: Box<[u8]>,
    /// Each key's opening (the whole key when shorter) with its length and last byte.
    lengths: Bitset,
    /// Bit `l` set when a key of `l` bytes is shorter than an opening.
    short: u8,
}

impl Filter {
    fn new(opening_bits: u32, reach_bits: u32, length_bits: u32) -> Self {
        Filter {
            openings: Bitset::new(opening_bits),
            long_openings: Bitset::new(opening_bits),
            reach: vec![0; 1 << reach_bits].into_boxed_slice(),
            lengths: Bitset::new(length_bits),
            short: 0,
        }
    }

    fn insert(&mut self, opening: u32, key: &[u8]) {
        let len = key.len();
        if len < OPENING {
            self.short |= 1 << len;
        } else {
            self.openings.insert(u64::from(opening));
            let slot = reach_slot(opening, self.reach.len());
            if let Some(reach) = self.reach.get_mut(slot) {
                *reach = (*reach).max(u8::try_from(len).unwrap_or(u8::MAX));
            }
        }
        if len >= LONG_OPENING {
            self.long_openings.insert(fold_long(key));
        }
        self.lengths.insert(with_length(opening, key));
    }

    /// The longest a key opening with `opening` may be, given that `openings` holds
    /// it; unbounded past `u8::MAX`.
    #[inline]
    fn reach(&self, opening: u32) -> usize {
        // The bitset may let through an opening no long key has, whose slot says less.
        match self.reach.get(reach_slot(opening, self.reach.len())) {
            Some(&u8::MAX) | None => usize::MAX,
            Some(&reach) => usize::from(reach).max(OPENING - 1),
        }
    }
}

/// The slot of `opening` in a table of `len` (a power of two) entries.
#[inline]
fn reach_slot(opening: u32, len: usize) -> usize {
    (opening.wrapping_mul(0x85EB_CA6B) >> 16) as usize & (len - 1)
}

impl Spellings {
    /// The keys `patterns` (ASCII-lowercased), with whether a word starting in lower case
    /// may spell each. `None` when there are more keys, or longer ones, than a slot can
    /// number.
    pub(super) fn new<'a>(patterns: impl ExactSizeIterator<Item = (&'a str, bool)>) -> Option<Self> {
        let n = patterns.len();
        // Sizes in bits: about one bit in ten set for the full gazetteers, few enough
        // false positives that the look-ups cost little.
        let mut spellings = Spellings {
            text: Vec::new(),
            slots: vec![Slot::default(); (2 * n).next_power_of_two().max(2)].into_boxed_slice(),
            first_bytes: [0; 4],
            any_case: Filter::new(15, 12, 16),
            lower_case: Filter::new(12, 8, 13),
        };
        let mask = spellings.slots.len() - 1;
        for (k, (pattern, lower)) in patterns.enumerate() {
            let bytes = pattern.as_bytes();
            let from = u32::try_from(spellings.text.len()).ok()?;
            spellings.text.extend(bytes.iter().map(u8::to_ascii_lowercase));
            let opening = fold(bytes);
            if let Some(&b) = bytes.first()
                && let Some(word) = spellings.first_bytes.get_mut(usize::from(b | 0x20) / 64)
            {
                *word |= 1 << ((b | 0x20) % 64);
            }
            let filters = if lower {
                [Some(&mut spellings.any_case), Some(&mut spellings.lower_case)]
            } else {
                [Some(&mut spellings.any_case), None]
            };
            for filter in filters.into_iter().flatten() {
                filter.insert(opening, bytes);
            }
            let mut slot = hash(bytes) as usize & mask;
            while spellings.slots.get(slot).is_some_and(|s| s.key != 0) {
                slot = (slot + 1) & mask;
            }
            let key = u32::try_from(k + 1).ok().filter(|key| key & LOWER == 0)?;
            let len = u32::try_from(bytes.len()).ok().filter(|len| *len < 1 << LEN_BITS)?;
            let from = from.checked_mul(1 << LEN_BITS).filter(|f| f >> LEN_BITS == from)?;
            let entry = Slot { key: key | if lower { LOWER } else { 0 }, spelling: from | len };
            if let Some(s) = spellings.slots.get_mut(slot) {
                *s = entry;
            }
        }
        // Room to read the last key as eight bytes (see [`spelled_as`]).
        spellings.text.extend([0; 8]);
        Some(spellings)
    }

    /// Pushes `(i, key)` onto `found` for each key that `text[start..ends[i]]` spells,
    /// ASCII case aside (`ends` ascending, each after `start`); `lower` for a word starting
    /// in lower case, which spells only keys with a form starting so.
    #[inline(always)]
    pub(super) fn find(
        &self,
        text: &[u8],
        start: usize,
        lower: bool,
        ends: impl Iterator<Item = usize>,
        found: &mut Vec<(usize, usize)>,
    ) {
        let Some(rest) = text.get(start..) else { return };
        let filter = if lower { &self.lower_case } else { &self.any_case };
        let opening = fold(rest);
        let long = filter.openings.contains(u64::from(opening));
        if long {
            return self.walk(rest, start, lower, filter, opening, ends, found);
        }
        // Most words end here: no long key opens as they do, and they are too long for a
        // short one.
        for (i, end) in ends.enumerate() {
            let len = end.wrapping_sub(start);
            if len >= OPENING {
                return;
            }
            if filter.short & (1 << len) == 0 {
                continue;
            }
            let Some(spelled) = rest.get(..len) else { return };
            if filter.lengths.contains(with_length(opening & (u32::MAX >> (8 * (OPENING - len))), spelled)) {
                self.look_up(rest, len, i, lower, found);
            }
        }
    }

    /// Whether [`Spellings::find`] may find a key at `start`, given the first two of its
    /// `ends` as lengths from `start` (`usize::MAX` for none): its cheap tests, for a
    /// caller to pass most words over without more.
    #[inline(always)]
    pub(super) fn may_open(&self, text: &[u8], start: usize, lower: bool, len: usize, next: usize) -> bool {
        let Some(rest @ [first, ..]) = text.get(start..) else { return false };
        // Punctuation, most of the words not in lower case, starts no key.
        let first = first | 0x20;
        if self.first_bytes.get(usize::from(first / 64)).is_none_or(|w| w >> (first % 64) & 1 == 0) {
            return false;
        }
        let filter = if lower { &self.lower_case } else { &self.any_case };
        let opening = fold(rest);
        if filter.openings.contains(u64::from(opening)) {
            // A word as long as a long opening ends no key that has not got it.
            return len < LONG_OPENING || filter.long_openings.contains(fold_long(rest));
        }
        if len >= OPENING {
            return false;
        }
        // A short key ending at a later word as near is left to `find`.
        next < OPENING
            || filter.short & (1 << len) != 0
                && filter.lengths.contains(with_length(
                    opening & (u32::MAX >> (8 * (OPENING - len))),
                    rest.get(..len).unwrap_or_default(),
                ))
    }

    /// Pushes `(i, key)` onto `found` if `rest[..len]` is a key (that a word starting in
    /// lower case may spell, if `lower`).
    #[inline(never)]
    fn look_up(&self, rest: &[u8], len: usize, i: usize, lower: bool, found: &mut Vec<(usize, usize)>) {
        let Some(spelled) = rest.get(..len) else { return };
        if let Some(key) = self.key(hash(spelled), rest, len, lower) {
            found.push((i, key));
        }
    }

    /// [`Spellings::find`] for a word that may open a long key.
    // Forced inline: a call passes the word ends by value, which cost more than the walk.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        rest: &[u8],
        start: usize,
        lower: bool,
        filter: &Filter,
        opening: u32,
        ends: impl Iterator<Item = usize>,
        found: &mut Vec<(usize, usize)>,
    ) {
        // Past an opening's length, a key must also open as the text does over a long one.
        let reach = filter.reach(opening);
        let reach = if filter.long_openings.contains(fold_long(rest)) { reach } else { reach.min(LONG_OPENING - 1) };
        // The hash of `rest[..hashed]`, extended only when a length passes the filter.
        let (mut h, mut hashed) = (HASH_SEED, 0);
        for (i, end) in ends.enumerate() {
            let len = end.wrapping_sub(start);
            if len > reach {
                return;
            }
            let key_opening = if len >= OPENING { opening } else { opening & (u32::MAX >> (8 * (OPENING - len))) };
            let Some(spelled) = rest.get(..len) else { return };
            if !filter.lengths.contains(with_length(key_opening, spelled)) {
                continue;
            }
            h = spelled.get(hashed..).unwrap_or_default().iter().fold(h, |h, &b| hash_byte(h, b));
            hashed = len;
            if let Some(key) = self.key(finish(h, len), rest, len, lower) {
                found.push((i, key));
            }
        }
    }

    /// The key spelled `rest[..len]`, ASCII case aside, given the hash of those bytes;
    /// `lower` for a spelling starting in lower case, which spells only keys with such a
    /// form.
    fn key(&self, h: u64, rest: &[u8], len: usize, lower: bool) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            let s = self.slots.get(slot)?;
            let key = usize::try_from(s.key & !LOWER).ok()?.checked_sub(1)?;
            if (s.spelling & ((1 << LEN_BITS) - 1)) as usize == len {
                let from = (s.spelling >> LEN_BITS) as usize;
                if self.text.get(from..).is_some_and(|k| spelled_as(k, rest, len)) {
                    return (s.key & LOWER != 0 || !lower).then_some(key);
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Whether `rest[..len]` is the key of `len` bytes that `key` starts with
/// (ASCII-lowercased) but for ASCII case.
#[inline]
fn spelled_as(key: &[u8], rest: &[u8], len: usize) -> bool {
    // Eight bytes at a time: most keys are a word or two, and a byte at a time cost more
    // than the look-up around it. A shorter key is read as eight bytes, which the text
    // after it (or the padding after the last) makes up, and compared under a mask.
    let mask = u64::MAX.checked_shr(8 * 8usize.saturating_sub(len) as u32).unwrap_or(0);
    if len < 8
        && let (Some(k), Some(s)) = (key.first_chunk::<8>(), rest.first_chunk::<8>())
    {
        return (u64::from_le_bytes(*k) ^ lower8(u64::from_le_bytes(*s))) & mask == 0;
    }
    let (Some(key), Some(spelled)) = (key.get(..len), rest.get(..len)) else { return false };
    let (keys, key_tail) = key.as_chunks::<8>();
    let (spells, spelled_tail) = spelled.as_chunks::<8>();
    let same = |k: &[u8; 8], s: &[u8; 8]| u64::from_le_bytes(*k) == lower8(u64::from_le_bytes(*s));
    keys.iter().zip(spells).all(|(k, s)| same(k, s))
        && match (key.last_chunk::<8>(), spelled.last_chunk::<8>()) {
            // The last eight bytes, overlapping the chunks before, hold the tail.
            (Some(k), Some(s)) if !key_tail.is_empty() => same(k, s),
            _ => key_tail.iter().zip(spelled_tail).all(|(k, s)| *k == s.to_ascii_lowercase()),
        }
}

/// The eight bytes of `x` ASCII-lowercased, as [`u8::to_ascii_lowercase`] does each.
#[inline]
fn lower8(x: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    // Each byte's low seven bits plus an offset sets its high bit from a threshold on; no
    // sum carries into the next byte.
    let low = x & (0x7f * EACH);
    let from_a = low + (0x80 - u64::from(b'A')) * EACH;
    let past_z = low + (0x80 - u64::from(b'Z') - 1) * EACH;
    let upper = from_a & !past_z & !x & (0x80 * EACH);
    x | (upper >> 2)
}

/// A set of numbers, hashed into `1 << bits` bits: a number not in it is surely absent;
/// one in it may be (hashes collide).
#[derive(Debug)]
pub(super) struct Bitset {
    bits: Bits,
    shift: u32,
}

impl Bitset {
    pub(super) fn new(bits: u32) -> Self {
        Bitset { bits: Bits::new(1 << bits), shift: 64 - bits }
    }

    fn bit(&self, x: u64) -> usize {
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    pub(super) fn insert(&mut self, x: u64) {
        self.bits.insert(self.bit(x));
    }

    #[inline]
    pub(super) fn contains(&self, x: u64) -> bool {
        self.bits.contains(self.bit(x))
    }
}

/// The first [`OPENING`] bytes of `bytes` as a number, each with bit 5 set: the bit that
/// tells ASCII capitals from small letters, so the fold never parts two bytes that an
/// ASCII case insensitive comparison joins. Missing bytes are 0, which no folded byte is.
#[inline]
fn fold(bytes: &[u8]) -> u32 {
    match bytes.first_chunk::<OPENING>() {
        Some(chunk) => u32::from_le_bytes(*chunk) | 0x2020_2020,
        None => bytes.iter().rev().fold(0, |acc, &b| (acc << 8) | u32::from(b | 0x20)),
    }
}

/// The first [`LONG_OPENING`] bytes of `bytes` (at least that many), folded as [`fold`]
/// folds; 0 when there are fewer.
#[inline]
fn fold_long(bytes: &[u8]) -> u64 {
    bytes.first_chunk::<LONG_OPENING>().map_or(0, |chunk| u64::from_le_bytes(*chunk) | 0x2020_2020_2020_2020)
}

/// An opening with the length and the folded last byte of a spelling, as one number.
#[inline]
fn with_length(opening: u32, spelled: &[u8]) -> u64 {
    let last = spelled.last().map_or(0, |&b| b | 0x20);
    u64::from(opening) | (spelled.len() as u64) << 32 | u64::from(last) << 48
}

const HASH_SEED: u64 = 0xCBF2_9CE4_8422_2325;

/// FNV-1a over the folded byte (see [`fold`]), so that spellings equal but for ASCII
/// case hash alike.
#[inline]
fn hash_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b | 0x20)).wrapping_mul(0x0000_0100_0000_01B3)
}

/// The slot hash of a spelling of `len` bytes whose bytes hash to `h`.
#[inline]
fn finish(h: u64, len: usize) -> u64 {
    ((h ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 32
}

fn hash(bytes: &[u8]) -> u64 {
    finish(bytes.iter().fold(HASH_SEED, |h, &b| hash_byte(h, b)), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(spellings: &Spellings, text: &str, lower: bool) -> Vec<(usize, usize)> {
        let ends: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).chain([text.len()]).collect();
        let mut out = Vec::new();
        spellings.find(text.as_bytes(), 0, lower, ends.iter().copied(), &mut out);
        out
    }

    #[test]
    fn lower8_lowercases_each_byte_as_ascii() {
        for b in 0..=u8::MAX {
            for other in [0, b'A', b'z', 0xff] {
                let x = u64::from_le_bytes([b, other, b, other, b, b, other, b]);
                let want = x.to_le_bytes().map(|c| c.to_ascii_lowercase());
                assert_eq!(lower8(x).to_le_bytes(), want, "byte {b:#x} beside {other:#x}");
            }
        }
    }

    #[test]
    fn lower_case_words_spell_only_keys_with_such_a_form() {
        let keys = [("the west", true), ("the hague", false), ("west", false)];
        let spellings = Spellings::new(keys.into_iter()).unwrap_or_else(|| unreachable!());
        assert_eq!(found(&spellings, "the West said", true), vec![(1, 0)]);
        assert_eq!(found(&spellings, "the Hague said", true), vec![]);
        assert_eq!(found(&spellings, "The Hague said", false), vec![(1, 1)]);
        assert_eq!(found(&spellings, "West said", false), vec![(0, 2)]);
    }

    #[test]
    fn every_key_ending_at_a_word_end() {
        let keys = [("un", false), ("united nations", false), ("united", true), ("u.s.", false)];
        let spellings = Spellings::new(keys.into_iter()).unwrap_or_else(|| unreachable!());
        assert_eq!(found(&spellings, "United Nations staff", false), vec![(0, 2), (1, 1)]);
        assert_eq!(found(&spellings, "united nations staff", true), vec![(0, 2)]);
        assert_eq!(found(&spellings, "UN staff", false), vec![(0, 0)]);
        assert_eq!(found(&spellings, "U.S. staff", false), vec![(0, 3)]);
        assert_eq!(found(&spellings, "Unite staff", false), vec![]);
        assert_eq!(found(&spellings, "UN", false), vec![(0, 0)]);
    }

    /// Every key equal to `text[start..end]` but for ASCII case, at each of `ends`.
    fn reference(
        keys: &[(String, bool)],
        text: &str,
        start: usize,
        lower: bool,
        ends: &[usize],
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, &end) in ends.iter().enumerate() {
            let Some(spelled) = text.as_bytes().get(start..end) else { continue };
            if let Some(k) = keys.iter().position(|(k, l)| k.as_bytes().eq_ignore_ascii_case(spelled) && (*l || !lower))
            {
                out.push((i, k));
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn finds_what_a_comparison_with_every_key_finds(
            keys in prop::collection::hash_set("[abAB .é]{1,12}", 1..40),
            lower_keys in prop::collection::vec(any::<bool>(), 40),
            text in "[abAB .é]{0,30}",
            lower in any::<bool>(),
        ) {
            let keys: Vec<(String, bool)> = keys
                .into_iter()
                .map(|k| k.to_ascii_lowercase())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .zip(lower_keys)
                .collect();
            let spellings = Spellings::new(keys.iter().map(|(k, l)| (k.as_str(), *l))).unwrap_or_else(|| unreachable!());
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let ends: Vec<usize> = (start + 1..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                let mut got = Vec::new();
                spellings.find(text.as_bytes(), start, lower, ends.iter().copied(), &mut got);
                let want = reference(&keys, &text, start, lower, &ends);
                // The cheap test may say yes in vain, never no in vain.
                let (len, next) = (ends.first().map_or(0, |e| e - start), ends.get(1).map_or(usize::MAX, |e| e - start));
                prop_assert!(want.is_empty() || spellings.may_open(text.as_bytes(), start, lower, len, next));
                prop_assert_eq!(got, want);
            }
        }
    }
}
