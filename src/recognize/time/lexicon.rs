//! The words the time grammar knows, read from `rules/time/*.tsv`, and the tokenizer that
//! looks them up. A word's key is its lower-case bytes packed into an integer, so reading
//! a sentence allocates one token vector and nothing per token.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use super::runs::LetterRuns;
use crate::ascii::{HIGH_BITS, letter_bits, letters_len};
use crate::error::Error;
use crate::rules::{Rules, Table};

/// A unit of time, as `rules/time/units.tsv` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[cfg(test)]
impl Unit {
    /// Every unit, for tests that try each.
    pub(crate) const ALL: [Unit; 12] = [
        Unit::Second,
        Unit::Minute,
        Unit::Hour,
        Unit::Day,
        Unit::Week,
        Unit::Weekend,
        Unit::Fortnight,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::Decade,
        Unit::Century,
    ];
}

/// What a relative word does ("last", "this", "next").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    Last,
    This,
    Next,
}

/// The role of a cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cues {
    /// A four-digit number right after it is a year.
    pub year: bool,
    /// The clause speaks of the future ("will", "scheduled").
    pub future: bool,
    /// The clause speaks of the past (an irregular past tense: "said", "was").
    pub past: bool,
}

/// Everything the lexicon knows about one word (lower case).
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub month: Option<u32>,
    /// Whether the form is an abbreviation ("Sept", "Tue.").
    pub abbreviation: bool,
    pub weekday: Option<u32>,
    pub unit: Option<(Unit, bool)>,
    pub season: Option<&'static str>,
    pub daypart: Option<&'static str>,
    pub ordinal: Option<i64>,
    pub relation: Option<Relation>,
    pub set: Option<String>,
    pub cues: Cues,
    pub zone: bool,
    /// Index of phrases (refs, modifiers, vague counts) that start with this word.
    pub phrases: Vec<usize>,
    /// [`Entry::phrases`] by [`PhraseKind::class`], in the same order: each parser reads
    /// only its own kind, and "the" begins eleven phrases.
    pub phrases_by_kind: [Vec<usize>; 3],
    /// For each list of [`Entry::phrases_by_kind`], the [`second_word_bit`] of the
    /// second word of each of its phrases, or every bit when one of them may follow with
    /// any token (a phrase of one word, or a second word without a key): a phrase is tried
    /// at every "the", and the token after it rules out nearly all at once.
    pub second_words: [u64; 3],
    /// The word may begin an expression (every word but the pure cues).
    pub starts: bool,
    /// The word marks a time (a trigger: a month, a unit, "today"): every expression
    /// holds one, or a number.
    pub anchor: bool,
    /// The value of a number word ("seven"), as `number::word_value` gives it: read here
    /// once rather than by a scan of the number words at every test.
    pub number: Option<u64>,
    /// The grammar's parsers that may match from this word, one bit each.
    pub parsers: u16,
    /// A parser tests for this word right after "the" ([`super::grammar::AFTER_THE`]).
    pub after_the: bool,
}

/// What a multi-word phrase means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Ref(String),
    /// A TIMEX3 mod; `length` when it may only precede a duration.
    Modifier { tag: String, length: bool },
    /// A count word: `None` for an unknown count (X).
    Count(Option<u64>),
}

impl PhraseKind {
    /// [`PhraseKind::class`] of a reference.
    pub(crate) const REF: usize = 0;
    /// [`PhraseKind::class`] of a modifier.
    pub(crate) const MODIFIER: usize = 1;
    /// [`PhraseKind::class`] of a count.
    pub(crate) const COUNT: usize = 2;

    /// The index of its kind's phrases in [`Entry::phrases_by_kind`].
    pub(crate) fn class(&self) -> usize {
        match self {
            PhraseKind::Ref(_) => PhraseKind::REF,
            PhraseKind::Modifier { .. } => PhraseKind::MODIFIER,
            PhraseKind::Count(_) => PhraseKind::COUNT,
        }
    }
}

/// A phrase: its lower-case words and meaning.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub words: Vec<String>,
    /// [`word_key`] of each of `words`: a phrase is tried at every "the", and a key
    /// compare is cheaper than one of bytes.
    pub keys: Vec<u64>,
    pub kind: PhraseKind,
}

impl Phrase {
    fn new(text: &str, kind: PhraseKind) -> Self {
        let words = split_words(text);
        let keys = words.iter().map(|w| word_key(w)).collect();
        Phrase { words, keys, kind }
    }
}

/// The compiled word tables.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// Words of up to [`MAX_SHORT`] bytes, keyed by their lower-case bytes packed into an
    /// integer ([`short_key`]): no copy, no byte-slice hash.
    short: ShortWords<u128>,
    /// The words of [`Lexicon::short`] of up to eight bytes, nearly every word a sentence
    /// looks up, keyed by a `u64`: half the work of a `u128` key at each step.
    tiny: ShortWords<u64>,
    /// For each length up to [`MAX_SHORT`] and first letter, the last letters of the
    /// short words (one bit each): most words of a sentence are ruled out by their shape
    /// without a hash lookup.
    shapes: Box<Shapes>,
    /// [`Lexicon::shapes`] of the short trigger words alone: the sentence prefilter rules
    /// out nearly every word by its shape.
    trigger_shapes: Box<Shapes>,
    /// Longer words, up to [`MAX_WORD`] bytes.
    long: FxHashMap<Box<[u8]>, Entry>,
    pub phrases: Vec<Phrase>,
    /// Trigger words (every word that can start or head a time expression) for the
    /// sentence prefilter; ASCII case-insensitive.
    triggers: AhoCorasick,
    /// The bytes other than ASCII letters that triggers hold ("-" of a table's empty
    /// form), when they are at most three and no trigger is a word too long to look up. A
    /// sentence with none of them can only hold triggers that are words of ASCII letters,
    /// which a lookup of its words finds for a fraction of the automaton's cost.
    odd_bytes: Option<Vec<u8>>,
}

const MAX_WORD: usize = 24;
/// The longest word whose bytes fit a `u128` key.
const MAX_SHORT: usize = 16;

/// [`short_key`] of the first `len` bytes of `bytes`, all of them ASCII letters, in any
/// case: one load and a shift rather than a step a letter.
fn letters_key(bytes: &[u8], len: usize) -> u128 {
    let Some(&block) = bytes.first_chunk::<MAX_SHORT>() else {
        // Near the end of the sentence: a step a letter (a padded copy cost more).
        return bytes.iter().take(len).fold(0, |key, &b| key << 8 | u128::from(b | 0x20));
    };
    let unused = 8 * (MAX_SHORT - len) as u32;
    // Setting bit 5 lower-cases an ASCII letter.
    let lower = u128::from_le_bytes([0x20; MAX_SHORT]) >> unused;
    u128::from_be_bytes(block).checked_shr(unused).unwrap_or(0) | lower
}

/// [`letters_key`] of a word of at most eight letters, as a `u64` ([`MAX_TINY`]).
fn tiny_letters_key(bytes: &[u8], len: usize) -> u64 {
    let Some(&block) = bytes.first_chunk::<MAX_TINY>() else {
        return bytes.iter().take(len).fold(0, |key, &b| key << 8 | u64::from(b | 0x20));
    };
    let unused = 8 * (MAX_TINY - len) as u32;
    let lower = u64::from_le_bytes([0x20; MAX_TINY]) >> unused;
    u64::from_be_bytes(block).checked_shr(unused).unwrap_or(0) | lower
}

/// The longest word whose bytes fit a `u64` key.
const MAX_TINY: usize = 8;

/// The length of the run of ASCII letters that `bytes` start with, and its
/// [`word_key`]: the eight bytes that tell where a short word ends are its key too,
/// so they are read once.
#[inline(always)]
fn word_len_key(bytes: &[u8]) -> (usize, u64) {
    const LOWER: u64 = u64::from_le_bytes([0x20; MAX_TINY]);
    if let Some(&block) = bytes.first_chunk::<MAX_TINY>() {
        let others = !letter_bits(u64::from_le_bytes(block)) & HIGH_BITS;
        let len = if others != 0 { (others.trailing_zeros() / 8) as usize } else { letters_len(bytes) };
        let key = match len {
            0 => 0,
            1..MAX_TINY => {
                let unused = 8 * (MAX_TINY - len) as u32;
                u64::from_be_bytes(block) >> unused | LOWER >> unused
            }
            MAX_TINY => u64::from_be_bytes(block) | LOWER,
            _ => 0,
        };
        return (len, key);
    }
    let len = letters_len(bytes);
    (len, if len <= MAX_TINY { tiny_letters_key(bytes, len) } else { 0 })
}

/// The key of a word of one to [`MAX_TINY`] ASCII letters, in any case, as
/// [`Tok::key`] holds it; 0 (the key of no such word) for any other text. A `const fn`,
/// so that the grammar's words are keys it need not compute at each test.
pub(crate) const fn word_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_TINY {
        return 0;
    }
    let mut key = 0;
    let mut k = 0;
    while k < bytes.len() {
        if !bytes[k].is_ascii_alphabetic() {
            return 0;
        }
        key = key << 8 | (bytes[k] | 0x20) as u64;
        k += 1;
    }
    key
}

/// The bit of [`Entry::second_words`] of a word of [`word_key`] `key`; the token after a
/// phrase's first word can only begin it when its bit is set.
pub(crate) fn second_word_bit(key: u64) -> u64 {
    1 << (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

/// A slot for each length up to [`MAX_SHORT`] and each value of the low five bits of a
/// first letter ([`shape`]); a fixed size, so that a slot needs no bounds check.
const SHAPES: usize = (MAX_SHORT + 1) * 32;
type Shapes = [u32; SHAPES];

/// Where a word of ASCII letters (any case, at most [`MAX_SHORT`]) sits in
/// [`Lexicon::shapes`]: the slot of its length and first letter, the bit of its last.
fn shape(word: &[u8]) -> Option<(usize, u32)> {
    // The low five bits tell the letters apart in either case (and keep any other byte in
    // bounds), with no subtraction.
    let (first, last) = (word.first()?, word.last()?);
    Some((word.len() * 32 + usize::from(first & 31), 1 << (last & 31)))
}

/// The key of a word of at most [`MAX_SHORT`] lower-case bytes: distinct words get
/// distinct keys, as no word holds a zero byte.
fn short_key(lower: &[u8]) -> u128 {
    lower.iter().fold(0, |key, &b| key << 8 | u128::from(b))
}

type Words = FxHashMap<Vec<u8>, Entry>;

/// The short words by their [`short_key`]: open addressing with linear probing in a table
/// at most a quarter full, so a lookup is a multiply and about one compare; a general
/// hash map cost several times that, at every word of every sentence.
#[derive(Debug)]
struct ShortWords<K> {
    /// The key in each slot; 0 (no word's key) marks an empty one.
    keys: Box<[K]>,
    /// The index in `entries` of each slot's word.
    slots: Box<[u32]>,
    entries: Vec<Entry>,
    /// How far right a hash is shifted to give a slot (64 less the table's bits).
    shift: u32,
}

/// A key of [`ShortWords`]: a word's bytes packed into an integer.
trait WordKey: Copy + Eq {
    /// The key of no word.
    const EMPTY: Self;
    /// The first slot to try, in a table of `64 - shift` bits.
    fn home(self, shift: u32) -> usize;
}

impl WordKey for u128 {
    const EMPTY: Self = 0;
    fn home(self, shift: u32) -> usize {
        // Fold the high half in, then a multiplicative hash: the top bits of the product.
        let folded = (self as u64) ^ ((self >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (folded.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> shift) as usize
    }
}

impl WordKey for u64 {
    const EMPTY: Self = 0;
    fn home(self, shift: u32) -> usize {
        (self.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> shift) as usize
    }
}

impl<K: WordKey> ShortWords<K> {
    fn new(words: Vec<(K, Entry)>) -> Self {
        let bits = (words.len().max(1) * 4).next_power_of_two().trailing_zeros();
        let size = 1_usize << bits;
        let shift = 64 - bits;
        let mut keys = vec![K::EMPTY; size].into_boxed_slice();
        let mut slots = vec![0_u32; size].into_boxed_slice();
        let mut entries = Vec::with_capacity(words.len());
        for (key, entry) in words {
            let mut s = key.home(shift);
            while keys.get(s).is_some_and(|&k| k != K::EMPTY) {
                s = (s + 1) & (size - 1);
            }
            if let (Some(k), Some(slot), Ok(index)) = (keys.get_mut(s), slots.get_mut(s), u32::try_from(entries.len()))
            {
                *k = key;
                *slot = index;
                entries.push(entry);
            }
        }
        ShortWords { keys, slots, entries, shift }
    }

    #[inline(always)]
    fn get(&self, key: K) -> Option<&Entry> {
        let mask = self.keys.len() - 1;
        let mut s = key.home(self.shift);
        loop {
            let k = *self.keys.get(s)?;
            if k == key {
                return self.entries.get(*self.slots.get(s)? as usize);
            }
            if k == K::EMPTY {
                return None;
            }
            s = (s + 1) & mask;
        }
    }
}

/// Words that can begin a time expression although no table lists them: articles,
/// keywords of the grammar; the cardinal number words come from `number`.
const STARTERS: [&str; 24] = [
    "the",
    "a",
    "an",
    "noon",
    "midnight",
    "fiscal",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "earlier",
    "later",
    "recent",
    "once",
    "twice",
    "every",
    "each",
    "per",
    "final",
    "latest",
    "initial",
    "following",
    "preceding",
    "year",
];

fn code_of(table: &Table, row: &crate::rules::Row, col: usize) -> Result<&'static str, Error> {
    let code = row.cell(col);
    // Codes are a closed set in TIMEX3; leak-free static strings keep tokens allocation-free.
    const CODES: [&str; 8] = ["AF", "EV", "MO", "NI", "FA", "SP", "SU", "WI"];
    CODES.iter().find(|c| **c == code).copied().ok_or_else(|| table.error(row, format!("unknown TIMEX3 code {code:?}")))
}

impl Lexicon {
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        let mut words = Words::default();
        let mut triggers: Vec<String> = Vec::new();
        fn slot<'m>(words: &'m mut Words, w: &str) -> &'m mut Entry {
            words.entry(w.to_ascii_lowercase().into_bytes()).or_default()
        }
        macro_rules! entry {
            ($w:expr) => {
                slot(&mut words, $w)
            };
        }

        let months = rules.table("time/months.tsv", &["month", "number", "forms"])?;
        for row in &months.rows {
            let n = number_cell(&months, row, 1, 1, 12)?;
            triggers.push(row.cell(0).to_owned());
            entry!(row.cell(0)).month = Some(n);
            for form in row.alternatives(2) {
                let e = entry!(form.trim_end_matches('.'));
                e.month = Some(n);
                e.abbreviation = true;
                triggers.push(form.trim_end_matches('.').to_owned());
            }
        }
        let weekdays = rules.table("time/weekdays.tsv", &["weekday", "number", "forms"])?;
        for row in &weekdays.rows {
            let n = number_cell(&weekdays, row, 1, 1, 7)?;
            triggers.push(row.cell(0).to_owned());
            entry!(row.cell(0)).weekday = Some(n);
            for form in row.alternatives(2) {
                let e = entry!(form.trim_end_matches('.'));
                e.weekday = Some(n);
                e.abbreviation = true;
            }
        }
        let units = rules.table("time/units.tsv", &["unit", "code", "forms"])?;
        for row in &units.rows {
            let unit = match row.cell(1) {
                "S" => Unit::Second,
                "MIN" => Unit::Minute,
                "H" => Unit::Hour,
                "D" => Unit::Day,
                "W" => Unit::Week,
                "WE" => Unit::Weekend,
                "F" => Unit::Fortnight,
                "M" => Unit::Month,
                "Q" => Unit::Quarter,
                "Y" => Unit::Year,
                "E" => Unit::Decade,
                "C" => Unit::Century,
                other => return Err(units.error(row, format!("unknown unit code {other:?}"))),
            };
            triggers.push(row.cell(0).to_owned());
            entry!(row.cell(0)).unit = Some((unit, false));
            for form in row.alternatives(2) {
                entry!(form).unit = Some((unit, true));
                triggers.push(form.to_owned());
            }
        }
        for (file, is_season) in [("time/seasons.tsv", true), ("time/dayparts.tsv", false)] {
            let header = if is_season { ["season", "code", "forms"] } else { ["part", "code", "forms"] };
            let table = rules.table(file, &header)?;
            for row in &table.rows {
                let code = code_of(&table, row, 1)?;
                let forms: Vec<&str> = std::iter::once(row.cell(0)).chain(row.alternatives(2)).collect();
                for form in forms {
                    triggers.push(form.to_owned());
                    triggers.push(format!("{form}s"));
                    let e = entry!(form);
                    if is_season {
                        e.season = Some(code);
                    } else {
                        e.daypart = Some(code);
                    }
                }
            }
        }
        let ordinals = rules.table("time/ordinals.tsv", &["ordinal", "value"])?;
        for row in &ordinals.rows {
            let value: i64 = row.cell(1).parse().map_err(|_| ordinals.error(row, "value must be a whole number"))?;
            entry!(row.cell(0)).ordinal = Some(value);
        }
        let relatives = rules.table("time/relatives.tsv", &["word", "meaning"])?;
        for row in &relatives.rows {
            let relation = relatives.choice(
                row,
                1,
                &[("last", Relation::Last), ("this", Relation::This), ("next", Relation::Next)],
            )?;
            entry!(row.cell(0)).relation = Some(relation);
        }
        let sets = rules.table("time/sets.tsv", &["word", "value"])?;
        for row in &sets.rows {
            triggers.push(row.cell(0).to_owned());
            entry!(row.cell(0)).set = Some(row.cell(1).to_owned());
        }
        let cues = rules.table("time/cues.tsv", &["word", "role"])?;
        for row in &cues.rows {
            let e = entry!(row.cell(0));
            match row.cell(1) {
                "year" => e.cues.year = true,
                "future" => e.cues.future = true,
                "past" => e.cues.past = true,
                other => {
                    return Err(cues.error(row, format!("role must be year, future or past, not {other:?}")));
                }
            }
        }
        let zones = rules.table("time/timezones.tsv", &["zone", "offset"])?;
        for row in &zones.rows {
            entry!(row.cell(0)).zone = true;
        }
        // Words the grammar itself names (rules/time/ holds the tables; these are its
        // keywords): they head expressions, so the prefilter must see them.
        for w in [
            "today",
            "tonight",
            "yesterday",
            "tomorrow",
            "noon",
            "midnight",
            "ago",
            "earlier",
            "recent",
            "current",
            "every",
            "each",
            "per",
            "century",
            "fiscal",
            "quarter",
            "half",
            "overnight",
            "period",
            "nineteen",
            "eighteen",
            "thousand",
        ]
        .iter()
        .chain(&super::grammar::DECADES)
        {
            triggers.push((*w).to_owned());
        }

        let mut phrases = Vec::new();
        let refs = rules.table("time/refs.tsv", &["phrase", "value"])?;
        for row in &refs.rows {
            phrases.push(Phrase::new(row.cell(0), PhraseKind::Ref(row.cell(1).to_owned())));
        }
        let mods = rules.table("time/modifiers.tsv", &["phrase", "mod", "before"])?;
        for row in &mods.rows {
            let length = mods.choice(row, 2, &[("length", true), ("point", false), ("any", false)])?;
            let point_only = row.cell(2) == "point";
            let tag = row.cell(1).to_owned();
            let tag = if point_only { format!("{tag}/point") } else { tag };
            phrases.push(Phrase::new(row.cell(0), PhraseKind::Modifier { tag, length }));
        }
        let vague = rules.table("time/vague.tsv", &["phrase", "count"])?;
        for row in &vague.rows {
            let count = match row.cell(1) {
                "X" => None,
                n => Some(n.parse().map_err(|_| vague.error(row, "count must be X or a whole number"))?),
            };
            phrases.push(Phrase::new(row.cell(0), PhraseKind::Count(count)));
        }
        for (i, phrase) in phrases.iter().enumerate() {
            if let Some(first) = phrase.words.first() {
                let e = words.entry(first.clone().into_bytes()).or_default();
                e.phrases.push(i);
                if let Some(list) = e.phrases_by_kind.get_mut(phrase.kind.class()) {
                    list.push(i);
                }
                if let Some(bits) = e.second_words.get_mut(phrase.kind.class()) {
                    *bits |= match phrase.keys.get(1) {
                        Some(&key) if key != 0 => second_word_bit(key),
                        _ => u64::MAX,
                    };
                }
                if matches!(phrase.kind, PhraseKind::Ref(_)) {
                    triggers.push(phrase.words.last().cloned().unwrap_or_default());
                }
            }
        }
        // Every word of a table may begin an expression, except the pure cues and zones;
        // so may a few words no table lists.
        for e in words.values_mut() {
            e.starts = e.month.is_some()
                || e.weekday.is_some()
                || e.unit.is_some()
                || e.season.is_some()
                || e.daypart.is_some()
                || e.ordinal.is_some()
                || e.relation.is_some()
                || e.set.is_some()
                || !e.phrases.is_empty();
        }
        for w in STARTERS.into_iter().chain(crate::number::cardinal_words()) {
            words.entry(w.as_bytes().to_vec()).or_default().starts = true;
        }
        triggers.sort();
        triggers.dedup();
        for t in &triggers {
            let e = words.entry(t.to_ascii_lowercase().into_bytes()).or_default();
            e.anchor = true;
            e.starts = true;
        }
        triggers.retain(|t| !t.is_empty());
        for w in crate::number::cardinal_words() {
            words.entry(w.to_ascii_lowercase().into_bytes()).or_default().number = crate::number::word_value(w);
        }
        // The grammar's first words get an entry even when no table lists them, so that
        // a word without one begins no parse.
        for (w, _) in super::grammar::FIRST_WORDS {
            words.entry(w.as_bytes().to_vec()).or_default();
        }
        for w in super::grammar::AFTER_THE.iter().chain(&super::grammar::DECADES) {
            words.entry(w.as_bytes().to_vec()).or_default().after_the = true;
        }
        for (w, e) in &mut words {
            e.parsers = super::grammar::first_parsers(w, e, &phrases);
        }
        let mut short = Vec::new();
        let mut tiny = Vec::new();
        let mut long = FxHashMap::default();
        let mut shapes = Box::new([0_u32; SHAPES]);
        let mut trigger_shapes = shapes.clone();
        for (word, entry) in words {
            if word.len() <= MAX_SHORT {
                if word.iter().all(u8::is_ascii_alphabetic)
                    && let Some((slot, bit)) = shape(&word)
                {
                    if let Some(last_letters) = shapes.get_mut(slot) {
                        *last_letters |= bit;
                    }
                    if let Some(last_letters) = trigger_shapes.get_mut(slot).filter(|_| entry.anchor) {
                        *last_letters |= bit;
                    }
                }
                let key = short_key(&word);
                match u64::try_from(key) {
                    Ok(key) if word.len() <= MAX_TINY => tiny.push((key, entry)),
                    _ => short.push((key, entry)),
                }
            } else if word.len() <= MAX_WORD {
                long.insert(word.into_boxed_slice(), entry);
            }
        }
        let mut odd_bytes: Vec<u8> =
            triggers.iter().flat_map(|t| t.bytes()).filter(|b| !b.is_ascii_alphabetic()).collect();
        odd_bytes.sort_unstable();
        odd_bytes.dedup();
        let odd_bytes = (odd_bytes.len() <= 3 && triggers.iter().all(|t| t.len() <= MAX_WORD)).then_some(odd_bytes);
        let triggers = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&triggers)
            .map_err(|e| Error::rule("time", 0, 0, e.to_string()))?;
        let (short, tiny) = (ShortWords::new(short), ShortWords::new(tiny));
        Ok(Lexicon { short, tiny, shapes, trigger_shapes, long, phrases, triggers, odd_bytes })
    }

    /// Whether `text` holds a trigger word as a whole word ("now", not "known"): the
    /// sentence prefilter. The Aho-Corasick automaton defines the answer; a lookup of each
    /// word gives the same one for less wherever it can.
    pub(crate) fn has_trigger(&self, text: &str) -> bool {
        self.has_trigger_word(text.as_bytes()).unwrap_or_else(|| self.has_trigger_automaton(text))
    }

    fn has_trigger_automaton(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        self.triggers.find_iter(text).any(|m| {
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(m.end());
            !before.is_some_and(u8::is_ascii_alphanumeric) && !after.is_some_and(u8::is_ascii_alphanumeric)
        })
    }

    /// Whether `bytes` hold none of [`Lexicon::odd_bytes`]; `None` when those are unknown.
    fn only_words_match(&self, bytes: &[u8]) -> Option<bool> {
        let odd = match self.odd_bytes.as_deref()? {
            [] => false,
            &[a] => memchr::memchr(a, bytes).is_some(),
            &[a, b] => memchr::memchr2(a, b, bytes).is_some(),
            &[a, b, c] => memchr::memchr3(a, b, c, bytes).is_some(),
            _ => true,
        };
        Some(!odd)
    }

    /// [`Lexicon::has_trigger`] by a lookup of each run of ASCII letters, or `None` when
    /// `bytes` hold one of [`Lexicon::odd_bytes`] (or those are unknown). Without them,
    /// every match of the automaton is a trigger of ASCII letters; one that is a whole word
    /// is a whole run of letters, and no earlier match overlaps it (a match before it ends
    /// at a non-letter), so the automaton reports it too. Hence the same answer.
    fn has_trigger_word(&self, bytes: &[u8]) -> Option<bool> {
        if !self.only_words_match(bytes)? {
            return None;
        }
        for (start, len) in LetterRuns::new(bytes) {
            let rest = bytes.get(start..).unwrap_or_default();
            // The lookup rules out nearly every word, so it goes before the digit test.
            if self.trigger_word(rest, len).is_some_and(|e| e.anchor) {
                let digit_before = start.checked_sub(1).and_then(|p| bytes.get(p)).is_some_and(u8::is_ascii_digit);
                let digit_after = bytes.get(start + len).is_some_and(u8::is_ascii_digit);
                if !digit_before && !digit_after {
                    return Some(true);
                }
            }
        }
        Some(false)
    }

    /// The entry of the word of ASCII letters (any case) that fills the first `len` bytes
    /// of `rest`.
    fn word(&self, rest: &[u8], len: usize) -> Option<&Entry> {
        self.word_of_shape(rest, len, &self.shapes)
    }

    /// [`Lexicon::word`] where a trigger may be, else `None`.
    fn trigger_word(&self, rest: &[u8], len: usize) -> Option<&Entry> {
        self.word_of_shape(rest, len, &self.trigger_shapes)
    }

    // Inlined: the shape test rules out most words, and a call around it cost as much as
    // the test.
    #[inline(always)]
    fn word_of_shape(&self, rest: &[u8], len: usize, shapes: &Shapes) -> Option<&Entry> {
        if len <= MAX_SHORT {
            if self.has_shape(rest, len, shapes) { self.get_short(rest, len) } else { None }
        } else {
            self.get_long(rest.get(..len)?)
        }
    }

    /// Whether `shapes` hold the shape of the word of ASCII letters that fills the first
    /// `len` bytes (at most [`MAX_SHORT`]) of `rest`.
    #[inline(always)]
    fn has_shape(&self, rest: &[u8], len: usize, shapes: &Shapes) -> bool {
        rest.get(..len).and_then(shape).is_some_and(|(slot, bit)| shapes.get(slot).is_some_and(|last| last & bit != 0))
    }

    /// The entry of the word of ASCII letters that fills the first `len` bytes of `rest`,
    /// at most [`MAX_SHORT`].
    #[inline(always)]
    fn get_short(&self, rest: &[u8], len: usize) -> Option<&Entry> {
        if len <= MAX_TINY {
            self.tiny.get(tiny_letters_key(rest, len))
        } else {
            self.short.get(letters_key(rest, len))
        }
    }

    /// The entry of a word longer than [`MAX_SHORT`] bytes, any case.
    #[inline(never)]
    fn get_long(&self, bytes: &[u8]) -> Option<&Entry> {
        if bytes.len() > MAX_WORD {
            return None;
        }
        let mut buf = [0_u8; MAX_WORD];
        let lower = buf.get_mut(..bytes.len())?;
        for (d, s) in lower.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        self.long.get(&*lower)
    }
}

fn split_words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_ascii_lowercase).collect()
}

fn number_cell(table: &Table, row: &crate::rules::Row, col: usize, lo: u32, hi: u32) -> Result<u32, Error> {
    row.cell(col)
        .parse::<u32>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| table.error(row, format!("expected a number from {lo} to {hi}")))
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits (the grammar reads its value when it asks for it).
    Num,
    /// One punctuation character (ASCII, or a stand-in: `'` for ’, `~` for dashes, 0 else).
    Punct(u8),
}

/// A token of a sentence: its byte span in the sentence and what the lexicon knows of it.
/// No text and no value: a parser reads those from the sentence when it asks, and most
/// tokens are never asked (half the size, and no work a token beyond finding its end).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub entry: Option<&'a Entry>,
    pub kind: Kind,
    /// Whitespace right before it.
    pub space: bool,
    /// A number, an apostrophe ("'90s") or a trigger word: every expression holds one.
    pub anchor: bool,
    /// A number, an apostrophe or a word that may begin an expression ([`Entry::starts`]):
    /// the only tokens a parse is tried from.
    pub starts: bool,
    /// [`word_key`] of a word of ASCII letters, 0 for any other token: the grammar tests
    /// a word by its key.
    pub key: u64,
}

impl<'a> Tok<'a> {
    /// The word at `range` of the sentence, of [`word_key`] `key`.
    fn word(range: std::ops::Range<usize>, space: bool, entry: Option<&'a Entry>, key: u64) -> Self {
        Tok {
            start: range.start,
            end: range.end,
            kind: Kind::Word,
            space,
            entry,
            anchor: entry.is_some_and(|e| e.anchor),
            starts: entry.is_some_and(|e| e.starts),
            key,
        }
    }
}

impl Lexicon {
    /// Splits a sentence into tokens, with offsets in the sentence, and pushes the index
    /// of each anchor among them ([`Tok::anchor`]) onto `anchors`, in order: the grammar
    /// goes from anchor to anchor.
    pub(crate) fn tokenize<'a>(&'a self, sentence: &'a str, out: &mut Vec<Tok<'a>>, anchors: &mut Vec<usize>) {
        let bytes = sentence.as_bytes();
        let mut i = 0;
        let mut space = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                space = true;
                i += 1;
                continue;
            }
            let start = i;
            let kind;
            if b.is_ascii_alphabetic() {
                // ASCII letters lower-case by setting bit 5.
                let rest = &bytes[start..];
                let (len, key) = word_len_key(rest);
                i += len;
                let entry = if len <= MAX_TINY {
                    // The key is the token's whatever its shape; the lookup only for a
                    // shape the lexicon has.
                    self.has_shape(rest, len, &self.shapes).then(|| self.tiny.get(key)).flatten()
                } else {
                    self.word(rest, len)
                };
                let tok = Tok::word(start..i, space, entry, key);
                if tok.anchor {
                    anchors.push(out.len());
                }
                out.push(tok);
                // Most words are followed by one space and the next token: the space is
                // read here rather than by another turn of the loop.
                space = bytes.get(i) == Some(&b' ');
                i += usize::from(space);
                continue;
            } else if b.is_ascii_digit() {
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                kind = Kind::Num;
            } else if b.is_ascii() {
                i += 1;
                kind = Kind::Punct(b);
            } else {
                let ch = sentence[i..].chars().next().unwrap_or(' ');
                i += ch.len_utf8();
                // Curly quotes and dashes, nearly every non-ASCII character of news, are
                // neither space nor letter: no search of the Unicode tables for them.
                if let Some(stand_in) = punct_stand_in(ch) {
                    kind = Kind::Punct(stand_in);
                } else if ch.is_whitespace() {
                    space = true;
                    continue;
                } else if ch.is_alphabetic() {
                    while let Some(c) = sentence.get(i..).and_then(|s| s.chars().next()) {
                        if !c.is_alphanumeric() {
                            break;
                        }
                        i += c.len_utf8();
                    }
                    // A word with non-ASCII letters never matches the lexicon.
                    out.push(Tok::word(start..i, space, None, 0));
                    space = false;
                    continue;
                } else {
                    kind = Kind::Punct(0);
                }
            }
            let anchor = matches!(kind, Kind::Num | Kind::Punct(b'\''));
            if anchor {
                anchors.push(out.len());
            }
            out.push(Tok { start, end: i, kind, space, entry: None, anchor, starts: anchor, key: 0 });
            space = false;
        }
    }
}

/// The byte a punctuation token of a curly quote, a dash or another common mark other
/// than a space or a letter stands for (`'` for ’, `~` for dashes, 0 else); `None` for any
/// other character.
fn punct_stand_in(ch: char) -> Option<u8> {
    match ch {
        '\u{2019}' | '\u{2018}' => Some(b'\''),
        '\u{2013}' | '\u{2014}' => Some(b'~'),
        '\u{201c}' | '\u{201d}' | '\u{20ac}' | '\u{a3}' | '\u{2026}' => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punct_stand_ins_are_neither_space_nor_letter() {
        let mut stood_in = 0;
        for ch in (0..=0x10ffff_u32).filter_map(char::from_u32).filter(|c| !c.is_ascii()) {
            if let Some(b) = punct_stand_in(ch) {
                stood_in += 1;
                assert!(!ch.is_whitespace() && !ch.is_alphabetic() && !ch.is_alphanumeric(), "{ch:?}");
                let expected = match ch {
                    '\u{2019}' | '\u{2018}' => b'\'',
                    '\u{2013}' | '\u{2014}' => b'~',
                    _ => 0,
                };
                assert_eq!(b, expected, "{ch:?}");
            }
        }
        assert_eq!(stood_in, 9);
    }

    #[test]
    fn tiny_keys_are_the_short_keys() {
        let text = b"a Jan DECEMBER yesterday eighteen x";
        for start in 0..text.len() {
            let rest = &text[start..];
            for len in 1..=rest.len().min(MAX_TINY) {
                if rest[..len].iter().all(u8::is_ascii_alphabetic) {
                    let lower = rest[..len].to_ascii_lowercase();
                    assert_eq!(u128::from(tiny_letters_key(rest, len)), short_key(&lower), "{rest:?} {len}");
                    assert_eq!(letters_key(rest, len), short_key(&lower), "{rest:?} {len}");
                }
            }
        }
    }

    /// The lexicon of the shipped rules, loaded once for all cases.
    fn shipped() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::new(&Rules::embedded()).expect("embedded rules load"))
    }

    /// Each token's key is [`word_key`] of its text, and the anchors listed are the
    /// tokens flagged as anchors.
    fn check_tokens(lexicon: &Lexicon, text: &str) {
        let mut toks = Vec::new();
        let mut anchors = Vec::new();
        lexicon.tokenize(text, &mut toks, &mut anchors);
        for t in &toks {
            let expected = if t.kind == Kind::Word { word_key(&text[t.start..t.end]) } else { 0 };
            assert_eq!(t.key, expected, "{text:?} {t:?}");
        }
        let flagged: Vec<usize> = toks.iter().enumerate().filter(|(_, t)| t.anchor).map(|(k, _)| k).collect();
        assert_eq!(anchors, flagged, "{text:?}");
    }

    #[test]
    fn token_keys_and_anchors_agree_with_the_tokens() {
        for text in [
            "",
            "On Monday, 12 March 2024, the talks  resumed in\tBrussels.",
            "the 1990s and the '90s; caf\u{e9}s na\u{ef}ve \u{2014} \u{201c}DECEMBER\u{201d}",
            "abcdefgh abcdefghi A Z aZ yesterday YESTERDAY twenty-five",
            "x",
        ] {
            check_tokens(shipped(), text);
        }
    }

    proptest::proptest! {
        #[test]
        fn token_keys_agree_on_any_text(text in "\\PC{0,200}") {
            check_tokens(shipped(), &text);
        }

        #[test]
        fn token_keys_agree_on_ascii(text in "[a-zA-Z0-9 ,.'\\-]{0,200}") {
            check_tokens(shipped(), &text);
        }
    }

    #[test]
    fn word_len_key_agrees_with_letters_len_and_word_key() {
        let text = b"a Jan DECEMBER yesterday eighteen abcdefgh abcdefg x1 caf\xc3\xa9 z";
        for start in 0..text.len() {
            let rest = &text[start..];
            let len = letters_len(rest);
            let key = std::str::from_utf8(&rest[..len]).map_or(0, word_key);
            assert_eq!(word_len_key(rest), (len, key), "{rest:?}");
        }
    }

    #[test]
    fn word_keys_tell_words_apart() {
        let words = ["a", "A", "the", "The", "thE", "th", "them", "abcdefgh", "abcdefghi", "o'clock", "", "\u{e9}"];
        for a in words {
            for b in words {
                let (ka, kb) = (word_key(a), word_key(b));
                let short =
                    |w: &str| !w.is_empty() && w.len() <= MAX_TINY && w.bytes().all(|c| c.is_ascii_alphabetic());
                assert_eq!(ka != 0, short(a), "{a:?}");
                if ka != 0 && kb != 0 {
                    assert_eq!(ka == kb, a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn trigger_lookup_agrees_with_the_automaton() {
        let lexicon = Lexicon::new(&Rules::embedded()).expect("embedded rules load");
        assert!(lexicon.odd_bytes.is_some(), "the shipped triggers take the lookup");
        let texts = [
            "The talks resumed on Monday.",
            "Nothing here at all",
            "known issues remain",
            "a \u{e9}may b",
            "may\u{e9} and Mayor",
            "-spring came - and went",
            "this -spring",
            "x-s summer",
            "Summers' end",
            "DECEMBER",
            "tonight",
            "per",
            "quarterly reports",
            "Nineteen eighty-four",
            "pre-war",
            "",
        ];
        for text in texts {
            let expected = lexicon.has_trigger_automaton(text);
            assert_eq!(lexicon.has_trigger(text), expected, "{text:?}");
            if let Some(found) = lexicon.has_trigger_word(text.as_bytes()) {
                assert_eq!(found, expected, "{text:?}");
            }
        }
    }
}
