//! The words the claim lists name, each with a small id and a set of classes given when
//! the rules load, and the words of a sentence looked up among them once, so that every
//! later question about a word compares integers.

use std::ops::{BitOr, Range};

use crate::document::Span;
use crate::segment::Token;

/// A word some list names; words no list names have none.
pub(crate) type WordId = u32;

/// The word sets ("prepositions", "forms of be") a word belongs to, one bit per set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Classes(u32);

impl Classes {
    /// The set numbered `n` (below 32).
    pub(crate) const fn bit(n: u32) -> Self {
        Classes(1 << n)
    }

    /// Whether any set of `other` is among these.
    pub(crate) fn meets(self, other: Classes) -> bool {
        self.0 & other.0 != 0
    }

    /// These sets and those of `other`, in a constant.
    pub(crate) const fn and(self, other: Classes) -> Self {
        Classes(self.0 | other.0)
    }

    /// Whether every set of `other` is among these.
    pub(crate) fn covers(self, other: Classes) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Classes {
    type Output = Classes;

    fn bitor(self, other: Classes) -> Classes {
        Classes(self.0 | other.0)
    }
}

/// Every word the lists name, with its id and classes.
///
/// Its own open-addressing table rather than a `HashMap`, built for the one question
/// asked of every word of every sentence: a word of up to sixteen ASCII bytes is read
/// from the text in one load, hashed and compared without being lowered first (see
/// [`Entry::letters`]); other words are lowered into a buffer and looked up as bytes.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// Indexed by id.
    entries: Vec<Entry>,
    /// The bytes after the first sixteen of every entry.
    tails: Vec<u8>,
    /// The first characters of its words that are marks of General Punctuation (see
    /// [`caseless_mark`]): a word that opens with another such mark, as quotation marks
    /// do, is not among them, which is known without lowering it.
    marks: Vec<char>,
    /// A power of two long, at most a quarter full (so that a word not in it, as most
    /// are, meets an empty slot soon), probed linearly from the top bits of a word's
    /// hash. Each slot holds the high half of the hash of its word, so that most other
    /// words are told apart without looking at the entry, and its id, or `EMPTY`.
    slots: Vec<(u32, WordId)>,
    /// 64 less the number of bits of a slot index.
    shift: u32,
    /// The words of up to eight ASCII bytes again, most words of a sentence, in a table
    /// of their own whose slots hold the words themselves (see [`Short`]), so that such
    /// a word is found with one load per probe.
    short: Vec<Short>,
    /// 64 less the number of bits of an index into `short`.
    short_shift: u32,
    /// How many words `short` holds: it is sized by them alone, at most a quarter full,
    /// as most words of the vocabulary are short and its slots are three times as large.
    short_words: usize,
}

/// A slot of [`Vocabulary::short`]: one word of up to eight ASCII bytes, or none.
#[derive(Debug, Clone, Copy)]
struct Short {
    /// The word in lower case, little-endian, its bytes past the word 0x80 (which no
    /// ASCII byte is), so that the key holds the word's length too; 0 in an empty slot.
    key: u64,
    /// 0x20 in each byte of `key` that is an ASCII letter, so that an ASCII word keyed
    /// the same way lowers to `key` exactly when `word | letters == key` (see
    /// [`Entry::letters`]). 0 in an empty slot, which only the word of eight NUL bytes
    /// matches, and finds no id or class there, as it should.
    letters: u64,
    id: WordId,
    classes: Classes,
}

/// The contents of an empty [`Short`] slot.
const NO_SHORT: Short = Short { key: 0, letters: 0, id: EMPTY, classes: Classes(0) };

/// One word of the vocabulary, in lower case.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Its first sixteen bytes, little-endian, zero-padded.
    head: u128,
    /// 0x20 in each byte of `head` that is an ASCII letter. An ASCII byte `b` lowers to a
    /// lower-case letter `k` exactly when `b | 0x20 == k`, and to any other byte only when
    /// it is that byte, so an ASCII word lowers to `head` exactly when
    /// `word | letters == head`.
    letters: u128,
    /// Where its bytes past the first sixteen start in [`Vocabulary::tails`].
    tail: usize,
    /// Its length in bytes.
    len: usize,
    classes: Classes,
}

/// The id of an empty slot.
const EMPTY: WordId = WordId::MAX;

impl Default for Vocabulary {
    fn default() -> Self {
        let mut vocabulary = Vocabulary {
            entries: Vec::new(),
            tails: Vec::new(),
            marks: Vec::new(),
            slots: Vec::new(),
            shift: 0,
            short: Vec::new(),
            short_shift: 0,
            short_words: 0,
        };
        vocabulary.rehash(64);
        vocabulary.rehash_short(64);
        vocabulary
    }
}

impl Vocabulary {
    /// The id of `word` (lower case), given one if it is new.
    pub(crate) fn intern(&mut self, word: &str) -> WordId {
        let bytes = word.as_bytes();
        if let Some((id, _)) = self.lookup(bytes) {
            return id;
        }
        let id = WordId::try_from(self.entries.len()).unwrap_or(EMPTY);
        if let Some(mark) = word.chars().next().filter(|&c| caseless_mark(c))
            && !self.marks.contains(&mark)
        {
            self.marks.push(mark);
        }
        let head = head(bytes);
        let letters = bytes
            .iter()
            .take(16)
            .enumerate()
            .fold(0, |letters, (k, b)| if b.is_ascii_alphabetic() { letters | 0x20 << (8 * k) } else { letters });
        let entry = Entry { head, letters, tail: self.tails.len(), len: bytes.len(), classes: Classes::default() };
        self.entries.push(entry);
        self.tails.extend_from_slice(bytes.get(16..).unwrap_or_default());
        if self.entries.len() * 4 > self.slots.len() {
            self.rehash(self.slots.len() * 2);
        } else {
            self.place(hash(head), id);
        }
        self.place_short(id);
        id
    }

    /// Puts each of `words` (lower case) into `class`.
    pub(crate) fn mark(&mut self, words: &[&str], class: Classes) {
        for word in words {
            self.mark_word(word, class);
        }
    }

    /// Puts `word` (lower case) into `class`.
    pub(crate) fn mark_word(&mut self, word: &str, class: Classes) {
        let id = self.intern(word);
        if let Some(entry) = self.entries.get_mut(id as usize) {
            entry.classes = entry.classes | class;
        }
        if let Some(slot) = self.short_slot(id).and_then(|slot| self.short.get_mut(slot))
            && slot.id == id
        {
            slot.classes = slot.classes | class;
        }
    }

    /// The id and classes of `word`, in lower case, if the vocabulary has it.
    fn lookup(&self, word: &[u8]) -> Option<(WordId, Classes)> {
        let head = head(word);
        let tail = word.get(16..).unwrap_or_default();
        self.find(hash(head), |entry| {
            entry.len == word.len()
                && entry.head == head
                && self.tails.get(entry.tail..entry.tail + tail.len()) == Some(tail)
        })
    }

    /// [`Vocabulary::lookup`] for `word`, ASCII bytes in any case, `len` (up to sixteen)
    /// of them, zero-padded.
    #[inline]
    fn lookup_short(&self, word: u128, len: usize) -> Option<(WordId, Classes)> {
        self.find(hash(word), |entry| entry.len == len && word | entry.letters == entry.head)
    }

    /// The id and classes of the word whose hash is `hash` and whose entry passes `same`.
    #[inline]
    fn find(&self, hash: u64, same: impl Fn(&Entry) -> bool) -> Option<(WordId, Classes)> {
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut slot = (hash >> self.shift) as usize;
        loop {
            let &(slot_tag, id) = self.slots.get(slot)?;
            if id == EMPTY {
                return None;
            }
            if slot_tag == tag
                && let Some(entry) = self.entries.get(id as usize)
                && same(entry)
            {
                return Some((id, entry.classes));
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Puts `id` into the first free slot from its hash's own.
    fn place(&mut self, hash: u64, id: WordId) {
        let mask = self.slots.len() - 1;
        let mut slot = (hash >> self.shift) as usize;
        while self.slots.get(slot).is_some_and(|&(_, taken)| taken != EMPTY) {
            slot = (slot + 1) & mask;
        }
        if let Some(free) = self.slots.get_mut(slot) {
            *free = ((hash >> 32) as u32, id);
        }
    }

    /// Rebuilds the slots, `len` (a power of two) of them.
    fn rehash(&mut self, len: usize) {
        self.slots = vec![(0, EMPTY); len];
        self.shift = 64 - len.trailing_zeros();
        for id in 0..self.entries.len() {
            if let Some(entry) = self.entries.get(id) {
                self.place(hash(entry.head), WordId::try_from(id).unwrap_or(EMPTY));
            }
        }
    }

    /// Rebuilds the short slots, `len` (a power of two) of them.
    fn rehash_short(&mut self, len: usize) {
        self.short = vec![NO_SHORT; len];
        self.short_shift = 64 - len.trailing_zeros();
        self.short_words = 0;
        for id in 0..self.entries.len() {
            self.place_short(WordId::try_from(id).unwrap_or(EMPTY));
        }
    }

    /// The short key of the word `id`, if it is short and ASCII.
    fn short_key(&self, id: WordId) -> Option<Short> {
        let entry = self.entries.get(id as usize)?;
        let &(_, padding) = SHORT_KEYS.get(entry.len)?;
        if entry.head & HIGH_BITS != 0 {
            return None;
        }
        let key = entry.head as u64 | padding;
        Some(Short { key, letters: entry.letters as u64, id, classes: entry.classes })
    }

    /// Where the short slots hold the word `id`, or where it would go.
    fn short_slot(&self, id: WordId) -> Option<usize> {
        let short = self.short_key(id)?;
        let mask = self.short.len().wrapping_sub(1);
        let mut slot = (hash_short(short.key) >> self.short_shift) as usize;
        while self.short.get(slot).is_some_and(|s| s.key != 0 && s.id != id) {
            slot = (slot + 1) & mask;
        }
        Some(slot)
    }

    /// Puts the word `id` into the short slots if it is short and ASCII.
    fn place_short(&mut self, id: WordId) {
        if let Some(short) = self.short_key(id)
            && let Some(slot) = self.short_slot(id)
            && let Some(free) = self.short.get_mut(slot)
        {
            if free.key == 0 {
                self.short_words += 1;
            }
            *free = short;
        }
        if self.short_words * 4 > self.short.len() {
            self.rehash_short(self.short.len() * 2);
        }
    }

    /// The word `key` (ASCII, any case, keyed as [`Short::key`] is) in the short slots.
    #[inline]
    fn lookup_eight(&self, key: u64) -> Word {
        let mask = self.short.len().wrapping_sub(1);
        let mut slot = (hash_short(key) >> self.short_shift) as usize;
        while let Some(short) = self.short.get(slot) {
            if key | short.letters == short.key {
                return Word { classes: short.classes, id: short.id };
            }
            if short.key == 0 {
                break;
            }
            slot = (slot + 1) & mask;
        }
        Word::NONE
    }
}

/// The first sixteen bytes of `word`, little-endian, zero-padded.
fn head(word: &[u8]) -> u128 {
    let mut padded = [0; 16];
    let len = word.len().min(16);
    if let (Some(to), Some(from)) = (padded.get_mut(..len), word.get(..len)) {
        to.copy_from_slice(from);
    }
    u128::from_le_bytes(padded)
}

/// Hashes the first sixteen bytes of a word with 0x20 set in each (the padding too), so
/// that a word hashes as its lower case does, whatever the case of its ASCII letters.
fn hash(head: u128) -> u64 {
    let folded = head | 0x2020_2020_2020_2020_2020_2020_2020_2020;
    ((folded as u64) ^ ((folded >> 64) as u64).rotate_left(29)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Hashes a short key with 0x20 set in each byte, so that a word hashes as its lower
/// case does.
#[inline]
fn hash_short(key: u64) -> u64 {
    (key | 0x2020_2020_2020_2020).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// For a short key of `n` bytes, `n` up to 8: its bytes that hold the word (the low `n`
/// set), and the padding of the others (see [`Short::key`]).
const SHORT_KEYS: [(u64, u64); 9] = {
    let mut keys = [(u64::MAX, 0); 9];
    let mut n = 0;
    while n < 8 {
        let keep = !(u64::MAX << (8 * n));
        keys[n] = (keep, !keep & HIGH_BITS_SHORT);
        n += 1;
    }
    keys
};

/// The low `n` bytes set, for `n` up to 16.
const LOW_BYTES: [u128; 17] = {
    let mut masks = [0; 17];
    let mut n = 1;
    while n <= 16 {
        masks[n] = u128::MAX >> (128 - 8 * n);
        n += 1;
    }
    masks
};

/// The top bit of every byte.
const HIGH_BITS: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;

/// The top bit of every byte of a short key.
const HIGH_BITS_SHORT: u64 = 0x8080_8080_8080_8080;

/// What is known of one word of a sentence: its classes and its id.
#[derive(Debug, Clone, Copy)]
struct Word {
    classes: Classes,
    id: WordId,
}

impl Word {
    /// A word the vocabulary does not have.
    const NONE: Word = Word { classes: Classes(0), id: EMPTY };
}

/// The words of a document's sentences, each lower-cased once (see [`lowered`]) and looked
/// up in the vocabulary, one sentence after another into the same buffers, so that all
/// the sentences of a document are read before any claim is built (and the claims can be
/// counted first) and the buffers are allocated once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookups {
    words: Vec<Word>,
    /// The classes looked for among the words (see [`Words::indices_in`]).
    indexed: Classes,
    /// The index in its sentence and classes of each word in one of the `indexed` classes,
    /// in order: a few words of a sentence, which a search for such words visits instead
    /// of every word, reading them one after the other.
    marked: Vec<(u32, Classes)>,
    /// The word being looked up the long way, lower case.
    lower: Vec<u8>,
}

/// Where the words of one sentence lie in [`Lookups`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Placed {
    words: Range<usize>,
    marked: Range<usize>,
}

impl Lookups {
    /// No words yet; `indexed` are the classes [`Words::indices_in`] will be asked for.
    #[cfg(test)]
    pub(crate) fn indexing(indexed: Classes) -> Self {
        Lookups { indexed, ..Lookups::default() }
    }

    /// How many words the buffers have room for.
    pub(crate) fn room(&self) -> usize {
        self.words.capacity()
    }

    /// No words, and `indexed` the classes [`Words::indices_in`] will be asked for, the
    /// buffers kept for reuse.
    pub(crate) fn reset(&mut self, indexed: Classes) {
        self.words.clear();
        self.marked.clear();
        self.indexed = indexed;
    }

    /// Room for `words` words in all, so that a document's words are stored without
    /// growing the buffer.
    pub(crate) fn reserve(&mut self, words: usize) {
        self.words.reserve(words);
    }

    /// Adds the words of `tokens` of `text`, one sentence's; returns where they lie.
    pub(crate) fn push(&mut self, text: &str, tokens: &[Token], vocabulary: &Vocabulary) -> Placed {
        let Lookups { words, indexed, marked, lower } = self;
        let first = words.len();
        let first_marked = marked.len();
        // Sized first and then written, so that writing a word is a store and not a push.
        words.resize(first + tokens.len(), Word::NONE);
        look_up(text, tokens, vocabulary, *indexed, words.get_mut(first..).unwrap_or_default(), marked, lower);
        Placed { words: first..words.len(), marked: first_marked..marked.len() }
    }

    /// The words of the sentence placed at `placed`.
    pub(crate) fn of(&self, placed: &Placed) -> Words<'_> {
        Words {
            words: self.words.get(placed.words.clone()).unwrap_or_default(),
            marked: self.marked.get(placed.marked.clone()).unwrap_or_default(),
            indexed: self.indexed,
        }
    }
}

/// The words of one sentence with what the vocabulary knows of them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Words<'a> {
    words: &'a [Word],
    /// Those in one of the `indexed` classes (see [`Lookups::marked`]).
    marked: &'a [(u32, Classes)],
    indexed: Classes,
}

impl<'a> Words<'a> {
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The vocabulary's id of the word at `i`, if it has one.
    pub(crate) fn id(&self, i: usize) -> Option<WordId> {
        self.words.get(i).map(|w| w.id).filter(|&id| id != EMPTY)
    }

    /// Whether the words from `at` on have the vocabulary's ids `ids`.
    pub(crate) fn are(&self, at: usize, ids: &[WordId]) -> bool {
        let Some(run) = self.words.get(at..at.saturating_add(ids.len())) else {
            return false;
        };
        run.iter().zip(ids).all(|(word, &id)| word.id == id && id != EMPTY)
    }

    /// Whether the word at `i` is in one of `classes`; false past the end.
    pub(crate) fn is(&self, i: usize, classes: Classes) -> bool {
        self.words.get(i).is_some_and(|w| w.classes.meets(classes))
    }

    /// The marked words (those in one of the indexed classes) among the words in `range`,
    /// found once for a clause that is searched several times.
    pub(crate) fn marked_in(&self, range: Range<usize>) -> Marked<'a> {
        // A clause is most often all of its sentence.
        let marked = if range.start == 0 && range.end >= self.words.len() {
            self.marked
        } else {
            let from = self.marked.partition_point(|&(i, _)| (i as usize) < range.start);
            let to = self.marked.partition_point(|&(i, _)| (i as usize) < range.end);
            self.marked.get(from..to).unwrap_or_default()
        };
        Marked {
            marked,
            words: self.words.get(range.clone()).unwrap_or_default(),
            first: range.start,
            indexed: self.indexed,
        }
    }

    /// The indices in `range` of the words in one of `classes`, in order. Fast for
    /// classes among those indexed, and right for any.
    pub(crate) fn indices_in(
        &self,
        range: Range<usize>,
        classes: Classes,
    ) -> impl DoubleEndedIterator<Item = usize> + 'a {
        // A range that is not all words of the sentence has none.
        let range = if self.words.get(range.clone()).is_some() { range } else { 0..0 };
        if !self.indexed.covers(classes) {
            return Candidates::All { range, words: *self, first: 0, classes };
        }
        Candidates::Marked { marked: self.marked.iter(), range, classes }
    }
}

/// The marked words of a run of a sentence's words (see [`Words::marked_in`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marked<'a> {
    marked: &'a [(u32, Classes)],
    /// All words of the run, for a search of classes not indexed.
    words: &'a [Word],
    /// The index in the sentence of the first of `words`.
    first: usize,
    indexed: Classes,
}

impl<'a> Marked<'a> {
    /// The indices in the sentence of the words of the run in one of `classes`, in order.
    /// Fast for classes among those indexed, and right for any.
    pub(crate) fn indices(self, classes: Classes) -> impl Iterator<Item = usize> + 'a {
        if !self.indexed.covers(classes) {
            let range = self.first..self.first + self.words.len();
            return Candidates::All {
                range,
                words: Words { words: self.words, ..Words::default() },
                first: self.first,
                classes,
            };
        }
        Candidates::Run { marked: self.marked.iter(), classes }
    }
}

/// The words a search visits: the marked ones, those outside its range passed over (a
/// sentence has so few that finding where the range starts would cost more), the marked
/// ones of a run, or all in its range.
enum Candidates<'a> {
    Marked {
        marked: std::slice::Iter<'a, (u32, Classes)>,
        range: Range<usize>,
        classes: Classes,
    },
    /// The marked words of a run, all of them in its range.
    Run {
        marked: std::slice::Iter<'a, (u32, Classes)>,
        classes: Classes,
    },
    /// `words` are those from index `first` on.
    All {
        range: Range<usize>,
        words: Words<'a>,
        first: usize,
        classes: Classes,
    },
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Candidates::Marked { marked, range, classes } => {
                for &(i, c) in marked.by_ref() {
                    let i = i as usize;
                    if i >= range.end {
                        break;
                    }
                    if i >= range.start && c.meets(*classes) {
                        return Some(i);
                    }
                }
                // The rest lie past the range too.
                *marked = Default::default();
                None
            }
            Candidates::Run { marked, classes } => marked.find(|(_, c)| c.meets(*classes)).map(|&(i, _)| i as usize),
            Candidates::All { range, words, first, classes } => range.find(|&i| words.is(i - *first, *classes)),
        }
    }
}

impl DoubleEndedIterator for Candidates<'_> {
    fn next_back(&mut self) -> Option<usize> {
        match self {
            Candidates::Marked { marked, range, classes } => {
                while let Some(&(i, c)) = marked.next_back() {
                    let i = i as usize;
                    if i < range.start {
                        break;
                    }
                    if i < range.end && c.meets(*classes) {
                        return Some(i);
                    }
                }
                *marked = Default::default();
                None
            }
            Candidates::Run { marked, classes } => marked.rfind(|(_, c)| c.meets(*classes)).map(|&(i, _)| i as usize),
            Candidates::All { range, words, first, classes } => range.rfind(|&i| words.is(i - *first, *classes)),
        }
    }
}

/// Looks up the words of `tokens` of `text` into `out`, as long, and puts the index and
/// classes of each that is in one of `indexed` onto `marked`; `lower` is a buffer. Out of
/// line, as the sentence's loop it replaces was, so that the loop is compiled on its own.
#[inline(never)]
fn look_up(
    text: &str,
    tokens: &[Token],
    vocabulary: &Vocabulary,
    indexed: Classes,
    out: &mut [Word],
    marked: &mut Vec<(u32, Classes)>,
    lower: &mut Vec<u8>,
) {
    let bytes = text.as_bytes();
    for (slot, token) in out.iter_mut().zip(tokens) {
        let Span { start, end } = token.span();
        let len = end.wrapping_sub(start);
        // Nearly every word is ASCII and at most eight bytes long: one load, masked to the
        // word. Others are looked up out of line, which leaves this loop the registers.
        *slot = if let Some(&(keep, padding)) = SHORT_KEYS.get(len)
            && let Some(eight) = bytes.get(start..).and_then(<[u8]>::first_chunk::<8>)
            && let eight = u64::from_le_bytes(*eight) & keep
            && eight & HIGH_BITS_SHORT == 0
        {
            vocabulary.lookup_eight(eight | padding)
        } else {
            longer_word(text, token.span(), vocabulary, lower)
        };
    }
    // Marked in a pass of their own, which keeps the lookups' loop short.
    for (k, word) in (0..).zip(out.iter()) {
        if word.classes.meets(indexed) {
            marked.push((k, word.classes));
        }
    }
}

/// The word at `span` of `text` when it is longer than eight bytes, not ASCII, or near
/// the end of the text, where eight bytes are not there to read: up to sixteen ASCII bytes
/// are read in one load, others take the long way.
#[inline(never)]
fn longer_word(text: &str, span: Span, vocabulary: &Vocabulary, lower: &mut Vec<u8>) -> Word {
    let len = span.end.wrapping_sub(span.start);
    let bytes = text.as_bytes();
    let known = if let Some(&mask) = LOW_BYTES.get(len)
        && let Some(sixteen) = bytes.get(span.start..span.start + 16)
        && let word = sixteen.try_into().map_or(0, u128::from_le_bytes) & mask
        && word & HIGH_BITS == 0
    {
        vocabulary.lookup_short(word, len)
    } else if let Some((word, len)) = bytes.get(span.start..span.end).and_then(plain_apostrophes) {
        vocabulary.lookup_short(word, len)
    } else {
        lookup_long_way(text, span, vocabulary, lower)
    };
    known.map_or(Word::NONE, |(id, classes)| Word { classes, id })
}

/// `word` with each typographic apostrophe made plain, zero-padded, and its length, when
/// that leaves from one to sixteen ASCII bytes: the lowered word but for the case of its
/// letters, as [`lower_char`] makes "Azerbaijan’s" "azerbaijan's", so that the most common
/// word that is not ASCII is looked up like one that is.
fn plain_apostrophes(word: &[u8]) -> Option<(u128, usize)> {
    const APOSTROPHE: &[u8] = "’".as_bytes();
    let mut plain = [0; 16];
    let mut len = 0;
    let mut rest = word;
    while let Some((&first, after)) = rest.split_first() {
        let (byte, after) = match rest.strip_prefix(APOSTROPHE) {
            Some(after) => (b'\'', after),
            None if first.is_ascii() => (first, after),
            None => return None,
        };
        *plain.get_mut(len)? = byte;
        len += 1;
        rest = after;
    }
    (len > 0).then(|| (u128::from_le_bytes(plain), len))
}

/// Looks up any word: one not ASCII, long, or near the end of the text.
#[inline(never)]
fn lookup_long_way(text: &str, span: Span, vocabulary: &Vocabulary, lower: &mut Vec<u8>) -> Option<(WordId, Classes)> {
    // A mark that lowers to itself opens the lowered word too.
    if let Some(mark) = span.text(text).chars().next().filter(|&c| caseless_mark(c))
        && !vocabulary.marks.contains(&mark)
    {
        return None;
    }
    lower.clear();
    match text.as_bytes().get(span.start..span.end) {
        Some(bytes) if bytes.is_ascii() => lower.extend(bytes.iter().map(u8::to_ascii_lowercase)),
        Some(_) => {
            let mut utf8 = [0; 4];
            for c in span.text(text).chars() {
                // Most characters of such a word are ASCII still, which lower to one byte.
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase() as u8);
                    continue;
                }
                for l in lower_char(c) {
                    lower.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        None => {}
    }
    vocabulary.lookup(lower)
}

/// Whether `c` is in General Punctuation (U+2000 to U+206F), which has no case, and is not
/// the typographic apostrophe, which [`lower_char`] makes plain: so it lowers to itself.
fn caseless_mark(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c) && c != '’'
}

/// Whether `word` starts with a capital. Out of line, as nearly every word asked about
/// starts with an ASCII byte (see [`capitalised_at`]).
#[inline(never)]
pub(crate) fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// [`capitalised`] for the word at `span` of `text`, read as bytes when its first byte is
/// ASCII (and so its first character), which spares slicing the text at char boundaries.
#[inline]
pub(crate) fn capitalised_at(text: &str, span: Span) -> bool {
    match text.as_bytes().get(span.start..span.end).and_then(<[u8]>::first) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => capitalised(span.text(text)),
    }
}

/// [`possessive`] for the word at `span` of `text`, read as bytes when its last two bytes
/// are ASCII (see [`possessive`]).
#[inline]
pub(crate) fn possessive_at(text: &str, span: Span) -> bool {
    match text.as_bytes().get(span.start..span.end).map(|word| (word.len(), word.last_chunk::<2>())) {
        Some((_, Some(&[a, b]))) if (a | b).is_ascii() => {
            matches!([a, b], [b'\'', s] | [s, b'\''] if s | 0x20 == b's')
        }
        // One byte is one ASCII character, which lowers to one: too short for "'s".
        Some((0 | 1, _)) => false,
        _ => possessive(span.text(text)),
    }
}

/// Whether `word` is a possessive ("Azerbaijan's", "ministers'", either apostrophe).
/// Out of line, as nearly every word asked about ends in ASCII (see [`possessive_at`]).
#[inline(never)]
pub(crate) fn possessive(word: &str) -> bool {
    // Two ASCII bytes at the end are the last two characters.
    if let [.., a, b] = word.as_bytes()
        && (a | b).is_ascii()
    {
        return matches!([a, b], [b'\'', s] | [s, b'\''] if s | 0x20 == b's');
    }
    // Every character lowers to one at least, so the last two bytes of the lowered word
    // come from its last two characters.
    let last_chars = word.char_indices().nth_back(1).map_or(0, |(i, _)| i);
    let mut last_two = [0; 2];
    for byte in lowered(word.get(last_chars..).unwrap_or_default()) {
        last_two = [last_two[1], byte];
    }
    &last_two == b"'s" || &last_two == b"s'"
}

/// The bytes of `word` lower-cased (see [`lower_char`]).
fn lowered(word: &str) -> impl Iterator<Item = u8> + '_ {
    word.chars().flat_map(lower_char).flat_map(|c| {
        let mut utf8 = [0; 4];
        let len = c.encode_utf8(&mut utf8).len();
        utf8.into_iter().take(len)
    })
}

/// `c` lower-cased, a typographic apostrophe made plain so "Azerbaijan’s" reads as
/// "azerbaijan's".
fn lower_char(c: char) -> std::char::ToLowercase {
    if c == '’' { '\'' } else { c }.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Vocabulary words of every length the fast paths treat apart: up to eight bytes,
    /// up to sixteen, longer, and not ASCII.
    const KNOWN: &[&str] = &[
        "a",
        "of",
        "the",
        "said",
        "alleged",
        "reported",
        "according",
        "announcement",
        "notwithstanding",
        "responsibilities",
        "counterproductively",
        ",",
        ";",
        "-",
        "–",
        "u.s.",
        "don't",
        "azerbaijan's",
        "é",
        "naïve",
        "@x",
        "`x",
        "[x",
        "{x",
        "x\0",
    ];

    fn vocabulary() -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for (k, word) in KNOWN.iter().enumerate() {
            vocabulary.mark_word(word, Classes::bit(k as u32 % 20));
        }
        vocabulary
    }

    /// The slow and general path: the word lowered character by character, then looked up
    /// as bytes.
    fn reference(text: &str, span: Span, vocabulary: &Vocabulary) -> Word {
        let lower: Vec<u8> = lowered(span.text(text)).collect();
        vocabulary.lookup(&lower).map_or(Word::NONE, |(id, classes)| Word { classes, id })
    }

    /// Every word of `text` split at spaces, looked up both ways, with the text padded
    /// after or not (so that both the one-load paths and the long way are taken).
    fn agree(text: &str, vocabulary: &Vocabulary) {
        for padding in ["", "                ", "xxxxxxxxxxxxxxxx"] {
            let padded = format!("{text} {padding}");
            let mut tokens = Vec::new();
            let mut start = 0;
            for word_text in text.split(' ') {
                tokens.push(Token::new(Span::new(start, start + word_text.len())));
                start += word_text.len() + 1;
            }
            let mut lookups = Lookups::indexing(Classes::bit(0));
            let placed = lookups.push(&padded, &tokens, vocabulary);
            let words = lookups.of(&placed);
            for (k, token) in tokens.iter().enumerate() {
                let fast = words.words.get(k).copied().unwrap_or(Word::NONE);
                let slow = reference(&padded, token.span(), vocabulary);
                let word_text = token.span().text(&padded);
                assert_eq!((fast.id, fast.classes), (slow.id, slow.classes), "{word_text:?} in {padded:?}");
            }
        }
    }

    /// The word at `span` of `text` as the claims look it up.
    fn word(text: &str, span: Span, vocabulary: &Vocabulary) -> Word {
        let mut lookups = Lookups::indexing(Classes::bit(0));
        let placed = lookups.push(text, &[Token::new(span)], vocabulary);
        lookups.of(&placed).words.first().copied().unwrap_or(Word::NONE)
    }

    #[test]
    fn known_words_in_any_case_are_found() {
        let vocabulary = vocabulary();
        for word in KNOWN {
            let upper = word.to_uppercase();
            let title: String = word.chars().take(1).flat_map(char::to_uppercase).chain(word.chars().skip(1)).collect();
            agree(&format!("{word} {upper} {title} x{word} {word}x"), &vocabulary);
        }
        for word_text in ["SAID", "Alleged", "RESPONSIBILITIES", "Azerbaijan’s", "NAÏVE"] {
            let text = format!("{word_text} and more words after it");
            let found = word(&text, Span::new(0, word_text.len()), &vocabulary);
            assert_ne!(found.id, EMPTY, "{word_text}");
        }
    }

    #[test]
    fn caseless_marks_lower_to_themselves() {
        for c in ('\u{1F00}'..='\u{2100}').filter(|&c| caseless_mark(c)) {
            assert_eq!(lower_char(c).collect::<String>(), c.to_string(), "{c:?}");
        }
        let vocabulary = vocabulary();
        agree("“said” –said – — “ ” ‘ ’ ’s –", &vocabulary);
    }

    #[test]
    fn typographic_apostrophes_read_as_plain_ones() {
        let vocabulary = vocabulary();
        agree("DON’T don’t Don’t AZERBAIJAN’S Azerbaijan’s azerbaijan’s’ ’s ’ ’’ é’s naïve’ x’ said’", &vocabulary);
        agree("responsibilities’ counterproductively’s ’notwithstanding", &vocabulary);
        assert_eq!(plain_apostrophes("Azerbaijan’s".as_bytes()).map(|(_, len)| len), Some(12));
        assert_eq!(plain_apostrophes("naïve’".as_bytes()), None);
        assert_eq!(plain_apostrophes("responsibilities’".as_bytes()), None);
        assert_eq!(plain_apostrophes(b""), None);
    }

    #[test]
    fn a_byte_that_only_looks_like_a_letter_when_folded_does_not_match() {
        // "@" | 0x20 is "`" and "[" | 0x20 is "{": they fold alike but are not letters.
        let vocabulary = vocabulary();
        agree("@X `X [X {X @x `x [x {x X\0 x\0 \0\0\0\0\0\0\0\0", &vocabulary);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn a_search_among_the_marked_words_finds_what_a_search_of_all_words_finds(
            text in "((said|the|of|a|,|;|é|don't|x|notwithstanding) ){0,70}", start in 0usize..80, len in 0usize..80
        ) {
            let vocabulary = vocabulary();
            let indexed = Classes::bit(0) | Classes::bit(1) | Classes::bit(3);
            let mut lookups = Lookups::indexing(indexed);
            let mut tokens = Vec::new();
            let mut at = 0;
            for w in text.split(' ') {
                tokens.push(Token::new(Span::new(at, at + w.len())));
                at += w.len() + 1;
            }
            // A sentence before it, so that its words are not the first in the buffers.
            let before = [Span::new(0, 2), Span::new(3, 4), Span::new(5, 9)].map(Token::new);
            lookups.push("of ; said", &before, &vocabulary);
            let placed = lookups.push(&text, &tokens, &vocabulary);
            let words = lookups.of(&placed);
            let n = words.len();
            for range in [0..n, start.min(n)..(start + len).min(n), start..start + len] {
                for classes in [Classes::bit(0), Classes::bit(1) | Classes::bit(3), indexed, Classes::bit(2)] {
                    let all: Vec<usize> = range.clone().filter(|&i| words.is(i, classes)).collect();
                    let all = if words.words.get(range.clone()).is_some() { all } else { Vec::new() };
                    let found: Vec<usize> = words.indices_in(range.clone(), classes).collect();
                    let mut backwards: Vec<usize> = words.indices_in(range.clone(), classes).rev().collect();
                    backwards.reverse();
                    prop_assert_eq!(&found, &all);
                    prop_assert_eq!(&backwards, &all);
                    if range.start <= range.end && range.end <= n {
                        let in_run: Vec<usize> = words.marked_in(range.clone()).indices(classes).collect();
                        prop_assert_eq!(&in_run, &all);
                    }
                }
            }
        }

        #[test]
        fn capitals_and_possessives_read_as_bytes_as_from_the_text(
            word in "[a-zA-Z'’sSÉéǅİ.]{0,5}", before in "[a ’É]{0,2}", after in "[ 's’]{0,2}"
        ) {
            let text = format!("{before}{word}{after}");
            let span = Span::new(before.len(), before.len() + word.len());
            prop_assert_eq!(capitalised_at(&text, span), capitalised(&word));
            prop_assert_eq!(possessive_at(&text, span), possessive(&word));
        }

        #[test]
        fn fast_paths_find_what_the_long_way_finds(
            text in "(said|SAID|Said|the|The|of|OF|alleged|according|notwithstanding|responsibilities|naïve|NAÏVE|é|É|–|,|;|-|u\\.s\\.|don't|azerbaijan's|Azerbaijan’s|[a-zA-Z0-9,;'.’“”—\u{2013}\u{E9}\u{C9}\u{CF}\u{EF}@`\\[{\u{0}\u{130}\u{212A}]{1,20})( (said|the|of|é|[a-zA-Z0-9,;'.’\u{2013}\u{E9}\u{C9}@`\\[{\u{0}\u{130}\u{212A}]{1,20})){0,6}"
        ) {
            agree(&text, &vocabulary());
        }
    }
}
