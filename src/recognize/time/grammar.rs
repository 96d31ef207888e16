//! The time grammar: hand-written recursive descent over the tokens of one sentence.
//! Each parser returns the longest expression starting at a token; `find_all` takes
//! them left to right, longest first, with no overlaps among time candidates.

use crate::document::Span;
use crate::number::read_words;
use crate::recognize::Candidate;
use crate::recognize::time::calendar::{Relative, Shift, date_text, period_value, push_padded, push_padded_signed};
use crate::recognize::time::lexicon::{
    Entry, Kind, Lexicon, Phrase, PhraseKind, Relation, Tok, Unit, second_word_bit, word_key,
};
use crate::recognize::time::{TimeValue, TimexType};
use crate::value::Value;

/// One parsed expression: tokens `start..end`, its value and rule. Its modifier, which
/// only [`Grammar::at`] reads, is kept apart: every parser moves hits around, and one of
/// at most 128 bytes is moved without a call to `memcpy`.
#[derive(Debug, Clone, PartialEq)]
struct Hit {
    end: usize,
    ty: TimexType,
    timex: String,
    relative: Option<Relative>,
    rule: &'static str,
    latent: bool,
    /// A length of time (or a date measured by one, "two years ago"): takes length mods.
    length: bool,
}

impl Hit {
    fn fixed(end: usize, ty: TimexType, timex: String, rule: &'static str) -> Hit {
        Hit { end, ty, timex, relative: None, rule, latent: false, length: ty == TimexType::Duration }
    }
}

/// A count before a unit: a number, or unknown (X).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Count {
    /// Tenths, so "2 1/2" is 25.
    Tenths(u64),
    Unknown,
}

impl Count {
    fn whole(self) -> Option<i64> {
        match self {
            Count::Tenths(t) if t % 10 == 0 => i64::try_from(t / 10).ok(),
            _ => None,
        }
    }

    /// Appends the count as a TIMEX3 value writes it: "2", "1.5", "X".
    fn push_text(self, out: &mut String) {
        match self {
            Count::Tenths(t) if t % 10 == 0 => push_padded(out, t / 10, 1),
            Count::Tenths(t) => {
                push_padded(out, t / 10, 1);
                out.push('.');
                push_padded(out, t % 10, 1);
            }
            Count::Unknown => out.push('X'),
        }
    }
}

pub(crate) struct Grammar<'a> {
    lx: &'a Lexicon,
    t: &'a [Tok<'a>],
    /// The sentence, whose bytes the tokens' offsets index.
    text: &'a str,
    /// Where the sentence starts in the document.
    base: usize,
}

/// The tense of the clause around an expression, as its nearest cue word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// How many tokens an expression may run before its anchor ("more than two thousand
/// years", "the comparable year-ago quarter").
const ANCHOR_REACH: usize = 8;

/// The most digits whose value a `u64` always holds.
const MAX_SAFE_DIGITS: usize = 19;

/// How far (in tokens) a tense cue may be from the expression it dates.
const TENSE_BEFORE: usize = 15;
const TENSE_AFTER: usize = 8;
/// How near a past tense must be to move a day ("ended March 31") to the year before.
const PAST_DAY_DISTANCE: usize = 2;

/// A word a parser tests for, with its [`word_key`] worked out when the grammar is
/// compiled: [`w!`] and [`ws!`] make them.
#[derive(Debug, Clone, Copy)]
struct Word {
    key: u64,
    text: &'static str,
}

impl Word {
    const fn new(text: &'static str) -> Word {
        Word { key: word_key(text), text }
    }
}

/// The [`Word`] of a literal, as a constant.
macro_rules! w {
    ($word:literal) => {
        const { Word::new($word) }
    };
}

/// The [`Word`]s of literals, as a constant array.
macro_rules! ws {
    ($($word:literal),* $(,)?) => {
        const { [$(Word::new($word)),*] }
    };
}

const SET_BEFORE: [Word; 14] = ws![
    "million", "billion", "thousand", "hundred", "dollars", "dollar", "cents", "percent", "times", "twice", "once",
    "euros", "pounds", "yen",
];

// One bit per parser of `Grammar::core`, in its order.
const REFS: u16 = 1 << 0;
const CLOCK: u16 = 1 << 1;
const WEEKDAY: u16 = 1 << 2;
const MONTH_DATE: u16 = 1 << 3;
const DAY_MONTH: u16 = 1 << 4;
const NUMERIC_DATE: u16 = 1 << 5;
const YEAR: u16 = 1 << 6;
const CENTURY: u16 = 1 << 7;
const RELATIVE: u16 = 1 << 8;
const PERIOD: u16 = 1 << 9;
const LENGTH: u16 = 1 << 10;
const SET: u16 = 1 << 11;

/// The parsers [`Grammar::after_a`] rules out after "a".
const AFTER_A: u16 = RELATIVE | LENGTH | SET;

/// The parsers that may match from a number in digits.
const FROM_NUMBER: u16 = CLOCK | DAY_MONTH | NUMERIC_DATE | YEAR | CENTURY | PERIOD | LENGTH | SET;

/// The words the parsers test for as their first token, with the parsers each may begin;
/// the rest begin with a word whose entry has a field for it (see [`first_parsers`]).
/// A parser that tests for a new first word must list it here.
pub(crate) const FIRST_WORDS: [(&str, u16); 29] = [
    ("the", REFS | NUMERIC_DATE | YEAR | CENTURY | RELATIVE | PERIOD | LENGTH),
    ("a", RELATIVE | LENGTH | SET),
    ("an", LENGTH | SET),
    ("one", LENGTH | SET),
    ("recent", REFS),
    ("coming", REFS),
    ("current", REFS),
    ("noon", CLOCK),
    ("midnight", CLOCK),
    ("fiscal", YEAR | PERIOD),
    ("nineteen", YEAR),
    ("eighteen", YEAR),
    ("twenty", YEAR),
    ("two", YEAR),
    ("today", RELATIVE),
    ("yesterday", RELATIVE),
    ("tomorrow", RELATIVE),
    ("tonight", RELATIVE),
    ("last", RELATIVE | LENGTH),
    ("earlier", RELATIVE),
    ("later", RELATIVE),
    ("past", LENGTH),
    ("next", LENGTH),
    ("first", LENGTH),
    ("once", SET),
    ("twice", SET),
    ("per", SET),
    ("every", SET),
    ("each", SET),
];

/// The words the parsers test for right after "the" (as in "the following year", "the
/// nineties"), besides the words whose entry has a field they read (see
/// [`Grammar::after_the`]), and the [`DECADES`]. A parser that tests for a new word there
/// must list it here.
pub(crate) const AFTER_THE: [&str; 34] = [
    "recent",
    "coming",
    "upcoming",
    "current",
    "year",
    "week",
    "weekend",
    "following",
    "previous",
    "preceding",
    "next",
    "full",
    "whole",
    "entire",
    "comparable",
    "corresponding",
    "same",
    "fiscal",
    "latest",
    "most",
    "quarter",
    "period",
    "past",
    "last",
    "first",
    "final",
    "initial",
    "a",
    "an",
    "one",
    "nineteen",
    "eighteen",
    "twenty",
    "two",
];

/// The decades in words ("the nineties"): words after "the" (besides [`AFTER_THE`]) and
/// words the time prefilter must see.
pub(crate) const DECADES: [&str; 8] =
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];

/// The parsers that may match from a word (lower case) with lexicon entry `e`, whose
/// phrases index `phrases`.
pub(crate) fn first_parsers(word: &[u8], e: &Entry, phrases: &[Phrase]) -> u16 {
    let mut may = FIRST_WORDS.iter().filter(|(w, _)| w.as_bytes() == word).fold(0, |may, (_, p)| may | p);
    // A modifier phrase is read by `at` before it calls `core`, so begins no parser.
    for phrase in e.phrases.iter().filter_map(|&p| phrases.get(p)) {
        may |= match phrase.kind {
            PhraseKind::Ref(_) => REFS,
            PhraseKind::Count(_) => LENGTH | SET,
            PhraseKind::Modifier { .. } => 0,
        };
    }
    let fields = [
        (e.weekday.is_some(), WEEKDAY),
        (e.month.is_some(), MONTH_DATE),
        (e.ordinal.is_some(), CENTURY | PERIOD),
        (e.number.is_some(), CENTURY | LENGTH | SET),
        (e.unit.is_some(), RELATIVE | LENGTH),
        (e.relation.is_some(), RELATIVE | PERIOD),
        (e.season.is_some(), PERIOD),
        (e.set.is_some(), SET),
    ];
    for (has, parsers) in fields {
        if has {
            may |= parsers;
        }
    }
    may
}

impl<'a> Grammar<'a> {
    pub(crate) fn new(lx: &'a Lexicon, t: &'a [Tok<'a>], text: &'a str, base: usize) -> Self {
        Grammar { lx, t, text, base }
    }

    /// Pushes the expressions of the sentence, tried from the tokens at most
    /// [`ANCHOR_REACH`] before each of `anchors` (the indices of the tokens that are
    /// anchors, in order) up to it: every expression holds an anchor (a number, an
    /// apostrophe or a trigger word) within its first tokens, so tokens far before the
    /// next one are skipped without parsing.
    pub(crate) fn find_all(&self, anchors: &[usize], out: &mut Vec<Candidate>) {
        let mut i = 0;
        'anchors: for &anchor in anchors {
            // An expression already read may hold the anchor.
            if anchor < i {
                continue;
            }
            i = i.max(anchor.saturating_sub(ANCHOR_REACH));
            while i <= anchor {
                match self.at(i) {
                    Some((mut hit, modifier)) if hit.end > i => {
                        if let Some(relative) = hit.relative.as_mut() {
                            let (tense, distance) = self.tense(i, hit.end);
                            relative.future = tense == Tense::Future;
                            // A day is placed by a past tense only when the verb governs it
                            // ("ended Sept. 30"), not a clause away ("declared …, payable Dec. 15").
                            let day = matches!(relative.shift, Shift::Month { day: Some(_), .. });
                            relative.past = tense == Tense::Past && (!day || distance <= PAST_DAY_DISTANCE);
                            // A bare weekday is the next one in a clause about the future.
                            if let Shift::Weekday { after, strict: false, .. } = &mut relative.shift {
                                *after = relative.future;
                            }
                        }
                        let (Some(first), Some(last)) = (self.t.get(i), self.t.get(hit.end - 1)) else {
                            break 'anchors;
                        };
                        out.push(Candidate {
                            span: Span::new(self.base + first.start, self.base + last.end),
                            rule: hit.rule.into(),
                            value: Value::Time(TimeValue {
                                timex_type: hit.ty,
                                timex: hit.timex,
                                modifier: modifier.map(str::to_owned),
                                relative: hit.relative,
                            }),
                            latent: hit.latent,
                        });
                        i = hit.end;
                    }
                    _ => i += 1,
                }
            }
        }
    }

    // ---- token helpers -------------------------------------------------------------

    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.t.get(i)
    }

    /// The text of a token, sliced only when a parser reads it.
    fn text_of(&self, t: &Tok<'_>) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or_default()
    }

    /// [`Grammar::text_of`] as bytes: no test of char boundaries.
    fn bytes_of(&self, t: &Tok<'_>) -> &'a [u8] {
        self.text.as_bytes().get(t.start..t.end).unwrap_or_default()
    }

    /// Whether token `i` is `word`, in any case.
    #[inline(always)]
    fn is(&self, i: usize, word: Word) -> bool {
        self.tok(i).is_some_and(|t| Self::tok_is(t, word.key, word.text, self.text))
    }

    #[inline(always)]
    fn is_any(&self, i: usize, words: &[Word]) -> bool {
        self.tok(i).is_some_and(|t| words.iter().any(|w| Self::tok_is(t, w.key, w.text, self.text)))
    }

    /// Whether `t` (of a sentence `text`) is `word`, whose [`word_key`] is `key`: a
    /// compare of keys, or of bytes for a word that has none.
    #[inline(always)]
    fn tok_is(t: &Tok<'_>, key: u64, word: &str, text: &str) -> bool {
        if key != 0 {
            return t.key == key;
        }
        t.kind == Kind::Word
            && text.as_bytes().get(t.start..t.end).is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    }

    fn entry(&self, i: usize) -> Option<&'a Entry> {
        self.tok(i).and_then(|t| t.entry)
    }

    fn punct(&self, i: usize, b: u8) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Punct(b))
    }

    /// Token `i` follows the one before it with no space.
    fn joined(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space)
    }

    fn capitalized(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| self.text.as_bytes().get(t.start).is_some_and(u8::is_ascii_uppercase))
    }

    /// A number in digits: its value and digit count.
    fn num(&self, i: usize) -> Option<(u64, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num {
            return None;
        }
        // Read here rather than by the tokenizer: most numbers are never asked for.
        let digits = self.text.as_bytes().get(t.start..t.end)?;
        Some((digits_value(digits)?, digits.len()))
    }

    fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// "st", "nd", "rd", "th" joined to a number.
    fn ordinal_suffix(&self, i: usize) -> bool {
        self.joined(i) && self.is_any(i, &ws!["st", "nd", "rd", "th"])
    }

    /// The token after a month or weekday abbreviation's dot, or after the word.
    fn after_name(&self, i: usize) -> usize {
        let abbreviation = self.entry(i).is_some_and(|e| e.abbreviation);
        if abbreviation && self.punct(i + 1, b'.') && self.joined(i + 1) { i + 2 } else { i + 1 }
    }

    /// Whether token `i` could be the first of the sentence (or follows a quote/dash).
    fn sentence_initial(&self, i: usize) -> bool {
        i == 0 || self.tok(i - 1).is_some_and(|t| matches!(t.kind, Kind::Punct(b'"' | b'\'' | b'(' | b'~' | b':' | 0)))
    }

    /// A phrase of the lexicon starting at `i` of [`PhraseKind::class`] `class`: the
    /// longest.
    #[inline(always)]
    fn phrase(&self, i: usize, class: usize) -> Option<(usize, &'a PhraseKind)> {
        let entry = self.entry(i)?;
        let next = self.tok(i + 1).map_or(0, |t| t.key);
        // A phrase whose second word has a key matches only a token of that key.
        if entry.second_words.get(class).is_some_and(|&bits| bits & second_word_bit(next) == 0) {
            return None;
        }
        self.phrase_of(i, class, entry, next)
    }

    /// [`Grammar::phrase`] once [`Entry::second_words`] allows it, of the entry of token
    /// `i` and the [`Tok::key`] of the token after it.
    #[inline(always)]
    fn phrase_of(&self, i: usize, class: usize, entry: &'a Entry, next: u64) -> Option<(usize, &'a PhraseKind)> {
        let mut best: Option<(usize, &PhraseKind)> = None;
        for &p in entry.phrases_by_kind.get(class)? {
            let Some(phrase) = self.lx.phrases.get(p) else {
                continue;
            };
            // The key of the second word rules out nearly every phrase at once ("the"
            // begins eleven, and is the commonest word before a number).
            if phrase.keys.get(1).is_some_and(|&key| key != 0 && key != next) {
                continue;
            }
            // The first word is the entry's own.
            let ok = phrase
                .words
                .iter()
                .zip(&phrase.keys)
                .enumerate()
                .skip(1)
                .all(|(k, (w, &key))| self.tok(i + k).is_some_and(|t| Self::tok_is(t, key, w, self.text)));
            if ok && best.is_none_or(|(end, _)| end < i + phrase.words.len()) {
                best = Some((i + phrase.words.len(), &phrase.kind));
            }
        }
        best
    }

    // ---- entry point ---------------------------------------------------------------

    /// The longest expression from token `i`, with its TIMEX3 modifier.
    fn at(&self, i: usize) -> Option<(Hit, Option<&'a str>)> {
        // Only a number, a word the lexicon knows or an apostrophe ("'90s") begins an
        // expression: the rest of the parsers are not worth trying.
        if !self.tok(i)?.starts {
            return None;
        }
        let mut best = self.core(i).map(|hit| (hit, None));
        // Modifier, optionally after "the" ("the late 1970s").
        let starts = if self.is(i, w!("the")) { i..i + 2 } else { i..i + 1 };
        for start in starts {
            // Few words begin a modifier; the rest need no search of phrases.
            let modifies = self.entry(start).and_then(|e| e.phrases_by_kind.get(PhraseKind::MODIFIER));
            if modifies.is_none_or(Vec::is_empty) {
                continue;
            }
            let Some((j, PhraseKind::Modifier { tag, length })) = self.phrase(start, PhraseKind::MODIFIER) else {
                continue;
            };
            if start > i && self.is(start, w!("the"))
                || *length
                    && self.is_any(j, &ws!["the", "a"])
                    && !self.is(j + 1, w!("few"))
                    && self.entry(j + 1).and_then(|e| e.unit).is_none()
            {
                continue;
            }
            if !tag.ends_with("/point") && self.is(j, w!("the")) {
                continue;
            }
            // "mid-1990s": the hyphen belongs to the modifier.
            let j = if self.punct(j, b'-') && self.joined(j) { j + 1 } else { j };
            let Some(mut hit) = self.core(j) else {
                continue;
            };
            let point_only = tag.ends_with("/point");
            let fits = if *length {
                hit.length
            } else if point_only {
                !hit.length && matches!(hit.ty, TimexType::Date | TimexType::Time) && !hit.timex.ends_with("_REF")
            } else {
                true
            };
            if fits && best.as_ref().is_none_or(|(b, _)| b.end <= hit.end) {
                hit.latent = false;
                best = Some((hit, Some(tag.trim_end_matches("/point"))));
            }
        }
        best
    }

    fn core(&self, i: usize) -> Option<Hit> {
        // Each parser needs a certain first token; those that cannot match here are not
        // called (most of them, at most tokens).
        let tok = self.tok(i)?;
        let may = match tok.kind {
            Kind::Num => self.number_parsers(i),
            Kind::Punct(b'\'') => YEAR,
            Kind::Punct(_) => return None,
            Kind::Word => tok.entry.map_or(0, |e| e.parsers),
        };
        let may = if may & !REFS != 0 && self.is(i, w!("the")) { self.after_the(i, may) } else { may };
        let may = if may & AFTER_A != 0 && self.is(i, w!("a")) { self.after_a(i, may) } else { may };
        self.best_of(i, may)
    }

    /// The best reading from token `i` of the parsers `may`.
    #[inline(always)]
    fn best_of(&self, i: usize, may: u16) -> Option<Hit> {
        // One parser at a time: the longest reading wins, a firm one over a latent one.
        let mut best: Option<Hit> = None;
        let mut may = may;
        while may != 0 {
            let parser = may & may.wrapping_neg();
            may &= may - 1;
            // A direct call each: a table of function pointers was built at every call.
            let hit = match parser {
                REFS => self.refs(i),
                CLOCK => self.clock(i),
                WEEKDAY => self.weekday(i),
                MONTH_DATE => self.month_date(i),
                DAY_MONTH => self.day_month(i),
                NUMERIC_DATE => self.numeric_date(i),
                YEAR => self.year(i),
                CENTURY => self.century(i),
                RELATIVE => self.relative(i),
                PERIOD => self.period(i),
                LENGTH => self.length(i),
                SET => self.set(i),
                _ => None,
            };
            if let Some(hit) = hit
                && best.as_ref().is_none_or(|b| hit.end > b.end || hit.end == b.end && b.latent && !hit.latent)
            {
                best = Some(hit);
            }
        }
        best
    }

    /// The parsers that may match from the number in digits at token `i`, by the token
    /// after it: most numbers in news are amounts, which none of them reads, and each of
    /// [`FROM_NUMBER`] tests several tokens before it gives up. Each condition here is one
    /// its parser needs; a parser that reads a number differently must change it.
    fn number_parsers(&self, i: usize) -> u16 {
        let digits = self.tok(i).map_or(0, |t| t.end - t.start);
        let next = self.tok(i + 1).map(|t| t.kind);
        if next == Some(Kind::Word) {
            return self.number_word_parsers(i, digits);
        }
        let mut may = 0;
        // "10:35".
        if next == Some(Kind::Punct(b':')) {
            may |= CLOCK;
        }
        // "2024-12-25", "12/25/2024".
        if matches!(next, Some(Kind::Punct(b'-' | b'/'))) {
            may |= NUMERIC_DATE;
        }
        // "2024"; "1980's".
        if digits == 4 || next == Some(Kind::Punct(b'\'')) {
            may |= YEAR;
        }
        // "1.5 years", "2 1/2 years", "10-year". After a point, `count` reads only one
        // decimal: "4.4 percent" and "1.25 billion" are no count.
        let one_decimal = || self.tok(i + 2).is_some_and(|t| t.kind == Kind::Num && t.end - t.start == 1);
        if matches!(next, Some(Kind::Num | Kind::Punct(b'-'))) || next == Some(Kind::Punct(b'.')) && one_decimal() {
            may |= LENGTH;
        }
        may & FROM_NUMBER
    }

    /// [`Grammar::number_parsers`] when a word follows the number (at `i`, of `digits`
    /// digits): the word each parser needs there ("million" is none of them).
    fn number_word_parsers(&self, i: usize, digits: usize) -> u16 {
        let entry = self.entry(i + 1);
        let suffix = self.is_any(i + 1, &ws!["st", "nd", "rd", "th"]);
        let mut may = 0;
        // "5 p.m.", "5 o'clock", "0735 GMT".
        if self.is_any(i + 1, &ws!["am", "pm", "a", "p", "o"]) || entry.is_some_and(|e| e.zone) {
            may |= CLOCK;
        }
        // "5th of May", "5 of May", "5 May".
        if suffix || self.is(i + 1, w!("of")) || entry.is_some_and(|e| e.month.is_some()) {
            may |= DAY_MONTH;
        }
        // "21st century"; "1st quarter".
        if suffix {
            may |= CENTURY | PERIOD;
        }
        // "3 times a year".
        if self.is(i + 1, w!("times")) {
            may |= SET;
        }
        // "2024 was", "1990s".
        if digits == 4 || self.is(i + 1, w!("s")) {
            may |= YEAR;
        }
        // "3 years".
        if entry.is_some_and(|e| e.unit.is_some()) {
            may |= LENGTH;
        }
        may & FROM_NUMBER
    }

    /// Of the parsers `may` from "a" at token `i`, those the tokens after it allow: "a"
    /// begins a time expression rarely and other phrases often. From "a", with no
    /// relation, set or unit of its own, `relative` reads only a unit after it ("a
    /// year-earlier quarter"), maybe after "comparable", "corresponding" or "same";
    /// `length` a count phrase ("a few") or a unit, maybe after a hyphen; `set` only
    /// "a times …". A parser that reads "a" differently must change this.
    fn after_a(&self, i: usize, may: u16) -> u16 {
        let plain = self.entry(i).is_some_and(|e| e.relation.is_none() && e.set.is_none() && e.unit.is_none());
        if !plain {
            return may;
        }
        let allows = self.entry(i + 1).is_some_and(|e| e.unit.is_some())
            || self.is_any(i + 1, &ws!["comparable", "corresponding", "same", "times"])
            || self.punct(i + 1, b'-')
            || self.phrase(i, PhraseKind::COUNT).is_some();
        if allows { may } else { may & !AFTER_A }
    }

    /// Of the parsers `may` from "the" at token `i`, those the word after it allows: "the"
    /// is the commonest word before a time expression and the commonest before anything
    /// else, and all but `refs` (whose phrases are data) need a word after it that
    /// [`AFTER_THE`] or [`DECADES`] list or whose entry has a unit, number, ordinal, relation, season or
    /// phrase; or a number or a mark.
    fn after_the(&self, i: usize, may: u16) -> u16 {
        let Some(next) = self.tok(i + 1) else {
            return may;
        };
        let the_relates = self.entry(i).is_some_and(|e| e.relation.is_some());
        let word_allows = next.entry.is_some_and(|e| {
            e.after_the
                || e.unit.is_some()
                || e.number.is_some()
                || e.ordinal.is_some()
                || e.relation.is_some()
                || e.season.is_some()
                || !e.phrases.is_empty()
        });
        if next.kind != Kind::Word || the_relates || word_allows { may } else { may & REFS }
    }

    /// The tense cue token `k` gives: a word of `rules/time/cues.tsv` ("will", "said"), or
    /// a regular past tense ("announced"). A participle after a form of "be" gives none
    /// ("is expected", "will be completed"), so the search goes on to the auxiliary.
    fn tense_cue(&self, k: usize) -> Tense {
        let Some(tok) = self.tok(k) else {
            return Tense::Unknown;
        };
        if tok.kind != Kind::Word {
            return Tense::Unknown;
        }
        // A participle after a form of "be" ("is expected", "will be held") leaves the
        // tense to the auxiliary. Asked only of a past form: most words are none.
        let passive = || k > 0 && self.is_any(k - 1, &ws!["be", "is", "are", "been", "being", "am"]);
        if let Some(e) = tok.entry {
            // "ll" is a cue only as "'ll".
            if e.cues.future && (tok.end - tok.start > 2 || k > 0 && self.punct(k - 1, b'\'')) {
                return Tense::Future;
            }
            if e.cues.past && !passive() {
                return Tense::Past;
            }
        }
        let b = self.bytes_of(tok);
        let regular = b.len() >= 5
            && b.first().is_some_and(u8::is_ascii_lowercase)
            && b.ends_with(b"ed")
            && !b.ends_with(b"eed")
            && b != b"hundred";
        if regular && !passive() {
            return Tense::Past;
        }
        Tense::Unknown
    }

    /// The tense around tokens `start..end` and how many tokens away its cue is: the
    /// nearest cue before the expression, else the nearest after it.
    fn tense(&self, start: usize, end: usize) -> (Tense, usize) {
        for k in (start.saturating_sub(TENSE_BEFORE)..start).rev() {
            let t = self.tense_cue(k);
            if t != Tense::Unknown {
                return (t, start - k);
            }
        }
        for k in end..end.saturating_add(TENSE_AFTER).min(self.t.len()) {
            let t = self.tense_cue(k);
            if t != Tense::Unknown {
                return (t, k + 1 - end);
            }
        }
        (Tense::Unknown, usize::MAX)
    }

    fn future_at(&self, start: usize, end: usize) -> bool {
        self.tense(start, end).0 == Tense::Future
    }

    /// A relative reading; `find_all` gives it the tense of its clause.
    fn rel(&self, end: usize, ty: TimexType, shift: Shift, suffix: Option<String>, rule: &'static str) -> Hit {
        let relative = Relative { shift, suffix, future: false, past: false };
        Hit { end, ty, timex: relative.underspecified(), relative: Some(relative), rule, latent: false, length: false }
    }

    // ---- references ----------------------------------------------------------------

    fn refs(&self, i: usize) -> Option<Hit> {
        if let Some((end, PhraseKind::Ref(value))) = self.phrase(i, PhraseKind::REF) {
            // "now" inside "now-defunct" or "by now" is still the present; "the past
            // decade" is a length, left to the longer reading. "soon after" and "as soon
            // as" are conjunctions ("as soon as possible" is a phrase of its own).
            if self.is(i, w!("soon"))
                && (self.is_any(i + 1, &ws!["after", "before", "thereafter"]) || i > 0 && self.is(i - 1, w!("as")))
            {
                return None;
            }
            return Some(Hit::fixed(end, TimexType::Date, value.clone(), "time/reference"));
        }
        // "recent years", "in recent weeks"; "the coming months".
        let j = if self.is(i, w!("the")) { i + 1 } else { i };
        if self.is_any(j, &ws!["recent", "coming"])
            && let Some((_, true)) = self.entry(j + 1).and_then(|e| e.unit)
        {
            let value = if self.is(j, w!("recent")) { "PAST_REF" } else { "FUTURE_REF" };
            return Some(Hit::fixed(j + 2, TimexType::Date, value.to_owned(), "time/reference"));
        }
        if j == i
            && self.is(i, w!("current"))
            && !self.is_any(i + 1, &ws!["account", "accounts", "affairs", "events", "prices", "dollars"])
        {
            return Some(Hit::fixed(i + 1, TimexType::Date, "PRESENT_REF".to_owned(), "time/reference"));
        }
        None
    }

    // ---- clock times ---------------------------------------------------------------

    /// "a.m.", "p.m.", "am", "PM": returns (end, is_pm).
    fn meridian(&self, i: usize) -> Option<(usize, bool)> {
        if self.is_any(i, &ws!["am", "pm"]) {
            let end = if self.punct(i + 1, b'.') && self.joined(i + 1) && !self.is_word(i + 2) { i + 2 } else { i + 1 };
            return Some((end, self.is(i, w!("pm"))));
        }
        if self.is_any(i, &ws!["a", "p"])
            && self.punct(i + 1, b'.')
            && self.joined(i + 1)
            && self.is(i + 2, w!("m"))
            && self.joined(i + 2)
        {
            let end = if self.punct(i + 3, b'.') && self.joined(i + 3) { i + 4 } else { i + 3 };
            return Some((end, self.is(i, w!("p"))));
        }
        None
    }

    fn clock(&self, i: usize) -> Option<Hit> {
        let (mut hour, minute, mut end, rule) = if self.is(i, w!("noon")) {
            (12, 0, i + 1, "time/noon")
        } else if self.is(i, w!("midnight")) {
            (24, 0, i + 1, "time/midnight")
        } else {
            let (h, hd) = self.num(i)?;
            if hd <= 2 && self.punct(i + 1, b':') && self.joined(i + 1) && self.joined(i + 2) {
                let (m, md) = self.num(i + 2)?;
                if h > 24 || m > 59 || md != 2 {
                    return None;
                }
                let mut end = i + 3;
                if self.punct(end, b':') && self.joined(end) && self.num(end + 1).is_some_and(|(_, d)| d == 2) {
                    end += 2;
                }
                (h, m, end, "time/clock")
            } else if hd == 4 && self.entry(i + 1).is_some_and(|e| e.zone) && self.capitalized(i + 1) {
                let (h, m) = (h / 100, h % 100);
                if h > 24 || m > 59 {
                    return None;
                }
                (h, m, i + 1, "time/military")
            } else if hd <= 2 && (1..=12).contains(&h) && self.meridian(i + 1).is_some() {
                (h, 0, i + 1, "time/clock")
            } else if hd <= 2
                && (1..=12).contains(&h)
                && self.is(i + 1, w!("o"))
                && self.punct(i + 2, b'\'')
                && self.is(i + 3, w!("clock"))
            {
                (h, 0, i + 4, "time/clock")
            } else {
                return None;
            }
        };
        if rule == "time/clock"
            && let Some((e, pm)) = self.meridian(end)
        {
            if hour > 12 {
                return None;
            }
            if pm && hour < 12 {
                hour += 12;
            } else if !pm && hour == 12 {
                hour = 0;
            }
            end = e;
        }
        if self.entry(end).is_some_and(|e| e.zone) && self.capitalized(end) {
            end += 1;
        }
        let suffix = format!("T{hour:02}:{minute:02}");
        // A day right after: "10 p.m. Wednesday", "noon Thursday", "midnight yesterday".
        let day_at = if self.punct(end, b',') { end + 1 } else { end };
        let day = self
            .weekday(day_at)
            .or_else(|| self.day_word(day_at))
            .or_else(|| self.month_date(day_at))
            .or_else(|| self.day_month(day_at));
        if let Some(mut day) = day.filter(|d| {
            d.relative.as_ref().is_some_and(|r| !matches!(r.shift, Shift::Month { day: None, .. }))
                || d.timex.len() == 10
        }) && day.ty == TimexType::Date
        {
            if let Some(rel) = day.relative.as_mut() {
                rel.suffix = Some(suffix);
                day.timex = rel.underspecified();
            } else {
                day.timex.push_str(&suffix);
            }
            day.ty = TimexType::Time;
            day.rule = rule;
            return Some(day);
        }
        Some(self.rel(end, TimexType::Time, Shift::Offset { unit: Unit::Day, n: 0 }, Some(suffix), rule))
    }

    // ---- calendar dates ------------------------------------------------------------

    fn weekday(&self, i: usize) -> Option<Hit> {
        let day = self.entry(i)?.weekday?;
        if !self.capitalized(i) {
            return None;
        }
        let abbreviation = self.entry(i).is_some_and(|e| e.abbreviation);
        let j = self.after_name(i);
        if abbreviation && j == i + 1 {
            return None;
        }
        let k = if self.punct(j, b',') { j + 1 } else { j };
        if let Some(mut date) = self.month_date(k).or_else(|| self.day_month(k))
            && (date.timex.len() >= 10
                || date.relative.as_ref().is_some_and(|r| matches!(r.shift, Shift::Month { day: Some(_), .. })))
        {
            date.rule = "time/weekday-date";
            return Some(date);
        }
        // "Tuesday nights" recur.
        if let Some(code) = self.entry(j).and_then(|e| e.daypart) {
            if self.tok(j).is_some_and(|t| self.text_of(t).ends_with('s')) {
                return Some(Hit::fixed(j + 1, TimexType::Set, format!("XXXX-WXX-{day}T{code}"), "time/weekday-set"));
            }
            let shift = Shift::Weekday { day, after: false, strict: false };
            return Some(self.rel(j + 1, TimexType::Time, shift, Some(format!("T{code}")), "time/weekday-part"));
        }
        let shift = Shift::Weekday { day, after: false, strict: false };
        Some(self.rel(j, TimexType::Date, shift, None, "time/weekday"))
    }

    /// today, yesterday, tomorrow, tonight (with a part of the day after them).
    fn day_word(&self, i: usize) -> Option<Hit> {
        let n = if self.is(i, w!("today")) {
            0
        } else if self.is(i, w!("yesterday")) {
            -1
        } else if self.is(i, w!("tomorrow")) {
            1
        } else if self.is(i, w!("tonight")) {
            return Some(self.rel(
                i + 1,
                TimexType::Time,
                Shift::Offset { unit: Unit::Day, n: 0 },
                Some("TNI".to_owned()),
                "time/tonight",
            ));
        } else {
            return None;
        };
        // "today's editions": TimeBank marks the day without the possessive.
        let shift = Shift::Offset { unit: Unit::Day, n };
        if let Some(code) = self.entry(i + 1).and_then(|e| e.daypart) {
            return Some(self.rel(i + 2, TimexType::Time, shift, Some(format!("T{code}")), "time/day-part"));
        }
        Some(self.rel(i + 1, TimexType::Date, shift, None, "time/day-word"))
    }

    /// A month name: its number and the token after it (and its dot).
    fn month_name(&self, i: usize) -> Option<(u32, usize, bool)> {
        let entry = self.entry(i)?;
        let month = entry.month?;
        if !self.capitalized(i) {
            return None;
        }
        let j = self.after_name(i);
        Some((month, j, entry.abbreviation && j == i + 1))
    }

    /// A day of the month in digits (with an ordinal suffix): (day, next token).
    fn day_number(&self, i: usize) -> Option<(u32, usize)> {
        let (d, digits) = self.num(i)?;
        if digits > 2 || !(1..=31).contains(&d) {
            return None;
        }
        let end = if self.ordinal_suffix(i + 1) { i + 2 } else { i + 1 };
        Some((u32::try_from(d).ok()?, end))
    }

    /// A four-digit year in digits (or in words: "nineteen ninety-six").
    fn year_number(&self, i: usize) -> Option<(i64, usize)> {
        if let Some((y, 4)) = self.num(i) {
            if (1000..=2999).contains(&y) && !(self.punct(i + 1, b'%') || self.is(i + 1, w!("s")) && self.joined(i + 1))
            {
                return Some((i64::try_from(y).ok()?, i + 1));
            }
            return None;
        }
        self.year_words(i)
    }

    fn year_words(&self, i: usize) -> Option<(i64, usize)> {
        let first = self.tok(i)?;
        if first.kind != Kind::Word {
            return None;
        }
        let word = self.text_of(first);
        let century = match () {
            () if word.eq_ignore_ascii_case("nineteen") => 19,
            () if word.eq_ignore_ascii_case("eighteen") => 18,
            () if word.eq_ignore_ascii_case("twenty")
                && (self.is(i + 1, w!("ten"))
                    || self.is_any(
                        i + 1,
                        &ws![
                            "eleven",
                            "twelve",
                            "thirteen",
                            "fourteen",
                            "fifteen",
                            "sixteen",
                            "seventeen",
                            "eighteen",
                            "nineteen",
                            "twenty",
                            "thirty",
                        ],
                    )) =>
            {
                20
            }
            () if word.eq_ignore_ascii_case("two") && self.is(i + 1, w!("thousand")) => {
                let mut end = i + 2;
                let mut rest = 0;
                let k = if self.is(end, w!("and")) { end + 1 } else { end };
                if let Some(n) =
                    self.tok(k).and_then(|t| read_words(self.text_of(t))).and_then(|n| u64::try_from(n.value).ok())
                    && (1..=99).contains(&n)
                {
                    rest = n;
                    end = k + 1;
                }
                return Some((2000 + i64::try_from(rest).ok()?, end));
            }
            _ => return None,
        };
        // The second part: a tens word, maybe hyphenated with a unit word, or a teen.
        let second = self.tok(i + 1)?;
        let mut value = second.entry.and_then(|e| e.number)?;
        let mut end = i + 2;
        if (20..=90).contains(&value) && value % 10 == 0 && self.punct(i + 2, b'-') && self.joined(i + 2) {
            let unit = self.entry(i + 3).and_then(|e| e.number).filter(|u| (1..=9).contains(u))?;
            value += unit;
            end = i + 4;
        }
        if !(10..=99).contains(&value) {
            return None;
        }
        Some((century * 100 + i64::try_from(value).ok()?, end))
    }

    fn month_date(&self, i: usize) -> Option<Hit> {
        let (month, j, bare_abbreviation) = self.month_name(i)?;
        if let Some((day, k)) = self.day_number(j) {
            if bare_abbreviation && self.punct(j, b'.') {
                return None;
            }
            return self.day_and_month(month, day, k, ["time/month-day-year", "time/month-day"]);
        }
        let c = if self.punct(j, b',') || self.is(j, w!("of")) { j + 1 } else { j };
        if let Some((year, e)) = self.year_number(c) {
            return Some(Hit::fixed(e, TimexType::Date, format!("{year:04}-{month:02}"), "time/month-year"));
        }
        if bare_abbreviation {
            return None;
        }
        // "May" alone is too often the verb: it needs a cue before it.
        if month == 5
            && !(i > 0
                && (self.entry(i - 1).is_some_and(|e| e.cues.year || e.relation.is_some()) || self.punct(i - 1, b'-')))
        {
            return None;
        }
        if self.sentence_initial(i)
            && !self.punct(j, b',')
            && self.is_word(j)
            && !self.is_any(j, &ws!["this", "last", "next"])
        {
            return None;
        }
        // "the March of the protesters".
        if i > 0 && self.is(i - 1, w!("the")) {
            return None;
        }
        // "January this year", "June last year".
        if let Some(relation) = self.entry(j).and_then(|e| e.relation)
            && self.is(j + 1, w!("year"))
        {
            let year = match relation {
                Relation::Last => -1,
                Relation::This => 0,
                Relation::Next => 1,
            };
            let shift = Shift::Month { month, day: None, dir: 0, year };
            return Some(self.rel(j + 2, TimexType::Date, shift, None, "time/month-relative-year"));
        }
        let shift = Shift::Month { month, day: None, dir: 2, year: 0 };
        Some(self.rel(j, TimexType::Date, shift, None, "time/month"))
    }

    fn day_month(&self, i: usize) -> Option<Hit> {
        let (day, j) = self.day_number(i)?;
        let j = if self.is(j, w!("of")) { j + 1 } else { j };
        let (month, k, _) = self.month_name(j)?;
        self.day_and_month(month, day, k, ["time/day-month-year", "time/day-month"])
    }

    /// A day of a month whose words end before token `k`, with the year after it when one
    /// follows ("March 5, 2024"), else anchored later (`rules`: with a year, without).
    fn day_and_month(&self, month: u32, day: u32, k: usize, rules: [&'static str; 2]) -> Option<Hit> {
        let c = if self.punct(k, b',') { k + 1 } else { k };
        if let Some((year, e)) = self.year_number(c) {
            let date = crate::date::Date::new(i32::try_from(year).ok()?, month, day)?;
            return Some(Hit::fixed(e, TimexType::Date, date_text(date), rules[0]));
        }
        crate::date::Date::new(2000, month, day)?;
        let shift = Shift::Month { month, day: Some(day), dir: 2, year: 0 };
        Some(self.rel(k, TimexType::Date, shift, None, rules[1]))
    }

    /// 2024-12-25, 25/12/2024, 12/25/2024 (only when the order is certain), "the 25th".
    fn numeric_date(&self, i: usize) -> Option<Hit> {
        if self.is(i, w!("the")) {
            let (day, end) = self.day_number(i + 1)?;
            if end == i + 2 || self.is_word(end) || self.num(end).is_some() {
                return None;
            }
            return Some(self.rel(end, TimexType::Date, Shift::DayOfMonth { day }, None, "time/day-of-month"));
        }
        let (a, ad) = self.num(i)?;
        let sep = match self.tok(i + 1)?.kind {
            Kind::Punct(b @ (b'-' | b'/')) => b,
            _ => return None,
        };
        if !(self.joined(i + 1)
            && self.joined(i + 2)
            && self.punct(i + 3, sep)
            && self.joined(i + 3)
            && self.joined(i + 4))
        {
            return None;
        }
        let (b, bd) = self.num(i + 2)?;
        let (c, cd) = self.num(i + 4)?;
        if self.joined(i + 5) && (self.num(i + 5).is_some() || self.punct(i + 5, sep)) {
            return None;
        }
        let (year, month, day) = if sep == b'-' && ad == 4 && bd == 2 && cd == 2 {
            (a, b, c)
        } else if sep == b'/' && cd == 4 && ad <= 2 && bd <= 2 {
            match (a > 12, b > 12) {
                (true, false) => (c, b, a),
                (false, true) => (c, a, b),
                _ if a == b => (c, a, b),
                _ => return None,
            }
        } else {
            return None;
        };
        let date =
            crate::date::Date::new(i32::try_from(year).ok()?, u32::try_from(month).ok()?, u32::try_from(day).ok()?)?;
        Some(Hit::fixed(i + 5, TimexType::Date, date_text(date), "time/numeric-date"))
    }

    /// Years, fiscal years, decades.
    fn year(&self, i: usize) -> Option<Hit> {
        // "fiscal 1998", "fiscal year 1998".
        if self.is(i, w!("fiscal")) {
            let j = if self.is(i + 1, w!("year")) { i + 2 } else { i + 1 };
            let (y, end) = self.year_number(j)?;
            return Some(Hit::fixed(end, TimexType::Date, year_text(y), "time/fiscal-year"));
        }
        // "the 1990s", "the '90s", "the 1980's".
        let the = self.is(i, w!("the"));
        let j = if the { i + 1 } else { i };
        let k = if self.punct(j, b'\'') { j + 1 } else { j };
        if let Some((y, d)) = self.num(k) {
            let (s_at, apostrophe) =
                if self.punct(k + 1, b'\'') && self.joined(k + 1) { (k + 2, true) } else { (k + 1, false) };
            if self.is(s_at, w!("s"))
                && self.joined(s_at)
                && y % 10 == 0
                && (d == 4 || d == 2 && k > j || d == 2 && the && !apostrophe)
            {
                let decade = if d == 4 { y / 10 } else { 190 + y / 10 };
                return Some(Hit::fixed(s_at + 1, TimexType::Date, format!("{decade:03}"), "time/decade"));
            }
        }
        // "the nineties", "the sixties": decades of the 1900s, in words.
        if the
            && let Some(tens) = self.tok(i + 1).and_then(|t| decade_word(self.text_of(t)))
            && !self.punct(i + 2, b'-')
        {
            return Some(Hit::fixed(i + 2, TimexType::Date, format!("19{tens}"), "time/decade"));
        }
        // "the year two thousand", "the year 2000".
        if the && self.is(i + 1, w!("year")) {
            let (y, end) = self.year_number(i + 2)?;
            return Some(Hit::fixed(end, TimexType::Date, year_text(y), "time/year"));
        }
        // "the 1988 period", "the 1988 quarter": that year's quarter in an earnings
        // report; "the 1988 third quarter".
        if the {
            let (y, end) = self.year_number(i + 1)?;
            if self.is(end, w!("season")) {
                return Some(Hit::fixed(end + 1, TimexType::Date, year_text(y), "time/year-period"));
            }
            if self.is_any(end, &ws!["period", "quarter"]) {
                return Some(self.rel(
                    end + 1,
                    TimexType::Date,
                    Shift::YearQuarter { year: y },
                    None,
                    "time/year-period",
                ));
            }
            if let Some((code, index, e)) = self.ordinal_period(end) {
                return Some(Hit::fixed(e, TimexType::Date, period_value(&year_text(y), code, index), "time/quarter"));
            }
            return None;
        }
        let (y, end) = self.year_number(i)?;
        let words = self.num(i).is_none();
        let prev = i.checked_sub(1);
        let cue = prev.is_some_and(|p| {
            self.entry(p).is_some_and(|e| e.cues.year || e.month.is_some())
                || self.is_any(p, &ws!["the", "year", "early", "late", "mid", "and", "or"])
        });
        if let Some(p) = prev {
            // A year right after a name is part of it ("Vision 2030", "Windows 2000"),
            // after a currency sign or a number sign it is not a year.
            if self.capitalized(p) && !cue && self.is_word(p) {
                return None;
            }
            if self.tok(p).is_some_and(|t| {
                matches!(t.kind, Kind::Punct(b'$' | b'#' | 0)) && !self.text_of(t).starts_with(['\u{2013}', '\u{2014}'])
            }) && self.joined(i)
            {
                return None;
            }
            if self.punct(p, b'.')
                || self.punct(p, b'/')
                || self.punct(p, b',') && self.num(p.wrapping_sub(1)).is_some()
            {
                return None;
            }
        }
        if (self.punct(end, b'-') || self.punct(end, b'.') || self.punct(end, b','))
            && self.joined(end)
            && self.joined(end + 1)
            && self.num(end + 1).is_some()
        {
            return None;
        }
        if prev.is_some_and(|p| self.is_any(p, &ws!["at", "to", "No", "number", "page", "flight", "route"])) {
            return None;
        }
        // Spoken years ("nineteen ninety-six") are years by their form; "two thousand"
        // needs a cue.
        if words && !cue && !self.is_any(i, &ws!["nineteen", "eighteen"]) {
            return None;
        }
        let mut hit = Hit::fixed(end, TimexType::Date, year_text(y), "time/year");
        hit.latent = !(cue || self.punct(end, b',') || self.punct(end, b'.') || end >= self.t.len());
        Some(hit)
    }

    /// "the 21st century", "20th century", "the twentieth century".
    fn century(&self, i: usize) -> Option<Hit> {
        let j = if self.is(i, w!("the")) { i + 1 } else { i };
        let (n, k) = if let Some((n, _)) = self.num(j) {
            if !self.ordinal_suffix(j + 1) {
                return None;
            }
            (i64::try_from(n).ok()?, j + 2)
        } else if let Some(n) = self.entry(j).and_then(|e| e.ordinal) {
            (n, j + 1)
        } else if let (Some(tens), true, Some(unit)) =
            (self.entry(j).and_then(|e| e.number), self.punct(j + 1, b'-'), self.entry(j + 2).and_then(|e| e.ordinal))
        {
            (i64::try_from(tens).ok()? + unit, j + 3)
        } else {
            return None;
        };
        if !self.is(k, w!("century")) || !(1..=30).contains(&n) {
            return None;
        }
        Some(Hit::fixed(k + 1, TimexType::Date, format!("{:02}", n - 1), "time/century"))
    }

    // ---- relative dates ------------------------------------------------------------

    fn relative(&self, i: usize) -> Option<Hit> {
        if let Some(hit) = self.day_word(i) {
            return Some(hit);
        }
        // "last night".
        if self.is(i, w!("last")) && self.is(i + 1, w!("night")) {
            return Some(self.rel(
                i + 2,
                TimexType::Time,
                Shift::Offset { unit: Unit::Day, n: -1 },
                Some("TNI".to_owned()),
                "time/day-part",
            ));
        }
        // "earlier this month", "later this week", "earlier Sunday".
        if self.is_any(i, &ws!["earlier", "later"]) {
            let hit = self.relative_core(i + 1).or_else(|| self.weekday(i + 1)).or_else(|| self.day_word(i + 1))?;
            if hit.ty == TimexType::Date || hit.ty == TimexType::Time {
                return Some(Hit { rule: "time/earlier-later", ..hit });
            }
            return None;
        }
        // "the following year", "the previous day".
        if self.is(i, w!("the"))
            && self.is_any(i + 1, &ws!["following", "previous", "preceding", "next"])
            && let Some((unit, false)) = self.entry(i + 2).and_then(|e| e.unit)
        {
            let n = if self.is_any(i + 1, &ws!["following", "next"]) { 1 } else { -1 };
            if !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
                let shift = Shift::Context { unit, n, quarter_only: false };
                // An empty suffix marks the coarse reading: the unit's own grain.
                return Some(self.rel(i + 3, TimexType::Date, shift, Some(String::new()), "time/context"));
            }
        }
        // "the year", "the full year", "the week": the one holding the document date.
        if self.is(i, w!("the")) {
            let k = if self.is_any(i + 1, &ws!["full", "whole", "entire", "current"]) { i + 2 } else { i + 1 };
            let k = if k > i + 1 && self.is(k, w!("fiscal")) { k + 1 } else { k };
            if self.is_any(k, &ws!["year", "week"])
                && !self.punct(k + 1, b'-')
                && !self.punct(k + 1, b'\'')
                && !self.is_any(k + 1, &ws!["before", "after", "earlier", "ago", "of", "that", "when", "in"])
            {
                let unit = if self.is(k, w!("year")) { Unit::Year } else { Unit::Week };
                if k == i + 1 && unit == Unit::Year && self.is_any(k + 1, &ws!["ended", "ending", "to", "through"]) {
                    // "the year ended Sept. 30" is a length of a year, not the current one.
                    return Some(Hit::fixed(k + 1, TimexType::Duration, "P1Y".to_owned(), "time/the-unit"));
                }
                return Some(self.rel(k + 1, TimexType::Date, Shift::Offset { unit, n: 0 }, None, "time/the-unit"));
            }
        }
        // "the weekend".
        if self.is(i, w!("the")) && self.is(i + 1, w!("weekend")) {
            return Some(self.rel(i + 2, TimexType::Date, Shift::Weekend { n: 0 }, None, "time/weekend"));
        }
        // "year-earlier", "the year-ago quarter", "the comparable year-ago quarter", "the
        // year-earlier third quarter".
        let the = self.is_any(i, &ws!["the", "a"]);
        let j = if the { i + 1 } else { i };
        let j = if the && self.is_any(j, &ws!["comparable", "corresponding", "same"]) { j + 1 } else { j };
        if let Some((unit, false)) = self.entry(j).and_then(|e| e.unit)
            && self.punct(j + 1, b'-')
            && self.joined(j + 1)
            && self.joined(j + 2)
            && self.is_any(j + 2, &ws!["earlier", "ago"])
        {
            let mut end = j + 3;
            if unit == Unit::Year
                && let Some((code, index, e)) = self.ordinal_period(end)
            {
                let shift = Shift::Period { code, index, year: -1, guess: false };
                return Some(self.rel(e, TimexType::Date, shift, None, "time/year-earlier"));
            }
            if self.is_any(end, &ws!["quarter", "period", "month", "year", "week", "day"]) {
                end += 1;
            }
            if the && end == j + 3 {
                return None;
            }
            let shift = Shift::Context { unit, n: -1, quarter_only: false };
            return Some(self.rel(end, TimexType::Date, shift, None, "time/year-earlier"));
        }
        // "the same period last year", "the corresponding quarter a year ago", "last
        // year's quarter": a quarter a year back.
        if let Some(hit) = self.comparable_period(i) {
            return Some(hit);
        }
        // "the current quarter", "the coming weekend".
        if self.is(i, w!("the"))
            && self.is_any(i + 1, &ws!["current", "coming", "upcoming"])
            && let Some(hit) = self.relative_core(i + 1)
        {
            return Some(hit);
        }
        self.relative_core(i)
    }

    fn comparable_period(&self, i: usize) -> Option<Hit> {
        let shift = Shift::Context { unit: Unit::Year, n: -1, quarter_only: true };
        if self.is(i, w!("last")) && self.is(i + 1, w!("year")) && self.punct(i + 2, b'\'') && self.is(i + 3, w!("s")) {
            let k = if self.is_any(i + 4, &ws!["comparable", "corresponding", "same"]) { i + 5 } else { i + 4 };
            if self.is_any(k, &ws!["quarter", "period"]) {
                return Some(self.rel(k + 1, TimexType::Date, shift, None, "time/comparable-period"));
            }
            return None;
        }
        if !(self.is(i, w!("the")) && self.is_any(i + 1, &ws!["comparable", "corresponding", "same"])) {
            return None;
        }
        let k = if self.is(i + 2, w!("fiscal")) { i + 3 } else { i + 2 };
        if !self.is_any(k, &ws!["quarter", "period"]) {
            return None;
        }
        let end = if self.is(k + 1, w!("last")) && self.is(k + 2, w!("year")) {
            k + 3
        } else if self.is(k + 1, w!("a")) && self.is(k + 2, w!("year")) && self.is_any(k + 3, &ws!["ago", "earlier"])
            || self.is(k + 1, w!("of")) && self.is(k + 2, w!("last")) && self.is(k + 3, w!("year"))
        {
            k + 4
        } else {
            return None;
        };
        Some(self.rel(end, TimexType::Date, shift, None, "time/comparable-period"))
    }

    /// last/this/next + unit, weekday, month, season, weekend, quarter.
    fn relative_core(&self, i: usize) -> Option<Hit> {
        let relation = self.entry(i)?.relation?;
        let n: i64 = match relation {
            Relation::Last => -1,
            Relation::This => 0,
            Relation::Next => 1,
        };
        let word = self.text_of(self.tok(i)?);
        let next = self.entry(i + 1)?;
        if let Some(day) = next.weekday {
            if !self.capitalized(i + 1) {
                return None;
            }
            let (after, strict) = match relation {
                Relation::Last => (false, true),
                Relation::Next => (true, true),
                Relation::This => (false, false),
            };
            let shift = Shift::Weekday { day, after, strict };
            let end = self.after_name(i + 1);
            if let Some(code) = self.entry(end).and_then(|e| e.daypart) {
                return Some(self.rel(
                    end + 1,
                    TimexType::Time,
                    shift,
                    Some(format!("T{code}")),
                    "time/relative-weekday",
                ));
            }
            return Some(self.rel(end, TimexType::Date, shift, None, "time/relative-weekday"));
        }
        if let Some(month) = next.month {
            if !self.capitalized(i + 1) {
                return None;
            }
            let dir = match relation {
                Relation::Last => -1,
                Relation::Next => 1,
                Relation::This => 0,
            };
            let shift = Shift::Month { month, day: None, dir, year: 0 };
            return Some(self.rel(self.after_name(i + 1), TimexType::Date, shift, None, "time/relative-month"));
        }
        if let Some(code) = next.season {
            let index = season_index(code);
            let shift = match relation {
                Relation::Last => Shift::Period { code, index, year: 0, guess: true },
                Relation::This => Shift::Period { code, index, year: 0, guess: false },
                Relation::Next => Shift::Period { code, index, year: 0, guess: false },
            };
            return Some(self.rel(i + 2, TimexType::Date, shift, None, "time/relative-season"));
        }
        if let Some(code) = next.daypart {
            if relation == Relation::This {
                let shift = Shift::Offset { unit: Unit::Day, n: 0 };
                return Some(self.rel(i + 2, TimexType::Time, shift, Some(format!("T{code}")), "time/day-part"));
            }
            return None;
        }
        let (unit, plural) = next.unit?;
        if plural || matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
            return None;
        }
        // "This Week" in mid-sentence is a title (a television programme).
        if self.capitalized(i + 1)
            && !self.tok(i + 1).is_some_and(|t| self.text_of(t).bytes().all(|b| b.is_ascii_uppercase()))
        {
            return None;
        }
        // "past week" without "the" is rare and usually "the past week", a length.
        if word.eq_ignore_ascii_case("past") {
            return None;
        }
        if unit == Unit::Weekend {
            return Some(self.rel(i + 2, TimexType::Date, Shift::Weekend { n }, None, "time/weekend"));
        }
        // "earnings of $33 million last year", "from last year's $1.55 billion": a figure
        // compared with the same quarter a year back in an earnings report.
        if unit == Unit::Year && relation == Relation::Last {
            let after_amount = i > 0 && (self.num(i - 1).is_some() || self.is_any(i - 1, &ws!["million", "billion"]));
            let before_amount = self.punct(i + 2, b'\'')
                && self.is(i + 3, w!("s"))
                && (self.punct(i + 4, b'$') || self.num(i + 4).is_some());
            if after_amount || before_amount {
                let shift = Shift::Context { unit, n: -1, quarter_only: true };
                return Some(self.rel(i + 2, TimexType::Date, shift, None, "time/relative"));
            }
        }
        Some(self.rel(i + 2, TimexType::Date, Shift::Offset { unit, n }, None, "time/relative"))
    }

    // ---- quarters, halves, seasons ---------------------------------------------------

    fn period(&self, i: usize) -> Option<Hit> {
        let the = self.is(i, w!("the"));
        let mut j = if the { i + 1 } else { i };
        // "this year's third quarter".
        let mut year_shift: Option<i64> = None;
        let mut fixed_year: Option<i64> = None;
        if let Some(rel) = self.entry(j).and_then(|e| e.relation)
            && self.is(j + 1, w!("year"))
            && self.punct(j + 2, b'\'')
            && self.is(j + 3, w!("s"))
        {
            year_shift = Some(match rel {
                Relation::Last => -1,
                Relation::This => 0,
                Relation::Next => 1,
            });
            j += 4;
        }
        if the && year_shift.is_none() && self.is(j, w!("fiscal")) && self.is(j + 1, w!("year")) {
            return Some(Hit::fixed(j + 2, TimexType::Duration, "P1Y".to_owned(), "time/fiscal-year"));
        }
        if self.is(j, w!("fiscal")) {
            j += 1;
        }
        // "the quarter", "the latest quarter", "the current quarter".
        if the && year_shift.is_none() {
            let k = if self.is_any(j, &ws!["latest", "recent", "most"]) { j + 1 } else { j };
            let k = if self.is(k, w!("recent")) { k + 1 } else { k };
            if self.is_any(k, &ws!["quarter", "period"])
                && (k > j || self.is(k, w!("quarter")))
                && !self.is(k + 1, w!("of"))
            {
                return Some(self.rel(k + 1, TimexType::Date, Shift::ReportingQuarter, None, "time/reporting-quarter"));
            }
            if self.is(k, w!("fiscal")) && self.is(k + 1, w!("year")) {
                return Some(Hit::fixed(k + 2, TimexType::Duration, "P1Y".to_owned(), "time/fiscal-year"));
            }
        }
        // Ordinal.
        let (index, k) = if let Some(n) = self.entry(j).and_then(|e| e.ordinal) {
            (n, j + 1)
        } else if let Some((n, 1)) = self.num(j) {
            if !self.ordinal_suffix(j + 1) {
                return self.season(i);
            }
            (i64::try_from(n).ok()?, j + 2)
        } else {
            return self.season(i);
        };
        let k = if self.is(k, w!("fiscal")) { k + 1 } else { k };
        let hyphen = self.punct(k, b'-') && self.joined(k);
        if hyphen && the && j == i + 1 {
            return None;
        }
        let k = if hyphen { k + 1 } else { k };
        let code = if self.is(k, w!("quarter")) {
            "Q"
        } else if self.is(k, w!("half")) {
            "H"
        } else {
            return None;
        };
        let max = if code == "Q" { 4 } else { 2 };
        let index = if index == -1 { max } else { index };
        if !(1..=max).contains(&index) {
            return None;
        }
        let index = u32::try_from(index).ok()?;
        let mut end = k + 1;
        // "of 2023", "2023", "of last year", "of fiscal 1990".
        let o = if self.is(end, w!("of")) { end + 1 } else { end };
        let o = if self.is(o, w!("fiscal")) { o + 1 } else { o };
        if let Some((y, e)) = self.year_number(o) {
            fixed_year = Some(y);
            end = e;
        } else if o > end && self.is(o, w!("the")) && self.is(o + 1, w!("year")) {
            // "the second half of the year": the document's year.
            year_shift = Some(0);
            end = o + 2;
        } else if o > end
            && let Some(rel) = self.entry(o).and_then(|e| e.relation)
            && self.is(o + 1, w!("year"))
        {
            year_shift = Some(match rel {
                Relation::Last => -1,
                Relation::This => 0,
                Relation::Next => 1,
            });
            end = o + 2;
        }
        if let Some(y) = fixed_year {
            return Some(Hit::fixed(end, TimexType::Date, period_value(&year_text(y), code, index), "time/quarter"));
        }
        // "fourth-quarter" without "the" still names the quarter; "the first half" too.
        let shift = Shift::Period { code, index, year: year_shift.unwrap_or(0), guess: year_shift.is_none() };
        Some(self.rel(end, TimexType::Date, shift, None, "time/quarter"))
    }

    /// "third quarter", "second half", "fourth fiscal quarter": (code, index, next token).
    fn ordinal_period(&self, j: usize) -> Option<(&'static str, u32, usize)> {
        let index = self.entry(j)?.ordinal?;
        let k = if self.is(j + 1, w!("fiscal")) { j + 2 } else { j + 1 };
        let (code, max) = if self.is(k, w!("quarter")) {
            ("Q", 4)
        } else if self.is(k, w!("half")) {
            ("H", 2)
        } else {
            return None;
        };
        let index = if index == -1 { max } else { index };
        if !(1..=max).contains(&index) {
            return None;
        }
        Some((code, u32::try_from(index).ok()?, k + 1))
    }

    fn season(&self, i: usize) -> Option<Hit> {
        let j = if self.is(i, w!("the")) { i + 1 } else { i };
        let code = self.entry(j)?.season?;
        let k = if self.is(j + 1, w!("of")) { j + 2 } else { j + 1 };
        let (y, end) = self.year_number(k)?;
        Some(Hit::fixed(end, TimexType::Date, period_value(&year_text(y), code, 0), "time/season"))
    }

    // ---- durations -----------------------------------------------------------------

    /// A count at `i`: (count, next token).
    fn count(&self, i: usize) -> Option<(Count, usize)> {
        if let Some((end, PhraseKind::Count(c))) = self.phrase(i, PhraseKind::COUNT) {
            return Some((c.map_or(Count::Unknown, |n| Count::Tenths(n.saturating_mul(10))), end));
        }
        if let Some((n, digits)) = self.num(i) {
            if digits > 6 {
                return None;
            }
            // "1.5", "2 1/2".
            if self.punct(i + 1, b'.') && self.joined(i + 1) && self.joined(i + 2) {
                if let Some((f, 1)) = self.num(i + 2) {
                    return Some((Count::Tenths(n.checked_mul(10)?.checked_add(f)?), i + 3));
                }
                return None;
            }
            if self.punct(i + 1, b',') && self.joined(i + 1) {
                return None;
            }
            if self.num(i + 1) == Some((1, 1)) && self.punct(i + 2, b'/') && self.num(i + 3) == Some((2, 1)) {
                return Some((Count::Tenths(n.checked_mul(10)?.checked_add(5)?), i + 4));
            }
            return Some((Count::Tenths(n.checked_mul(10)?), i + 1));
        }
        if self.is_any(i, &ws!["a", "an", "one"]) {
            return Some((Count::Tenths(10), i + 1));
        }
        self.number_words(i).map(|(v, end)| (Count::Tenths(v.saturating_mul(10)), end))
    }

    /// A number in words from token `i`: "twenty-five", "a hundred", "two thousand".
    /// Stops before a hyphen that does not join two number words ("two-year").
    fn number_words(&self, i: usize) -> Option<(u64, usize)> {
        let mut total: u64 = 0;
        let mut group: u64 = 0;
        let mut k = i;
        let mut end = i;
        while let Some(tok) = self.tok(k) {
            if tok.kind != Kind::Word {
                break;
            }
            if let Some(v) = tok.entry.and_then(|e| e.number) {
                if end == i
                    || group >= 20 && group.is_multiple_of(10) && v < 10
                    || group.is_multiple_of(100) && group > 0 && v < 100
                {
                    group = group.checked_add(v)?;
                } else {
                    break;
                }
            } else if self.is(k, w!("hundred")) && end > i {
                group = group.max(1).checked_mul(100)?;
            } else if self.is(k, w!("thousand")) && end > i {
                total = total.checked_add(group.max(1).checked_mul(1000)?)?;
                group = 0;
            } else {
                break;
            }
            end = k + 1;
            // Within a number, a hyphen joins "twenty-five"; "and" joins "hundred and five".
            let number_next = self.entry(k + 2).is_some_and(|e| e.number.is_some());
            let hyphen = self.punct(k + 1, b'-') && self.joined(k + 1);
            let and = self.is(k + 1, w!("and")) && group.is_multiple_of(100);
            k += if number_next && (hyphen || and) { 2 } else { 1 };
        }
        (end > i).then_some((total.checked_add(group)?, end))
    }

    fn duration_value(count: Count, unit: Unit) -> String {
        // A half: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S.
        if let Count::Tenths(t) = count
            && t % 10 == 5
        {
            let whole = t / 10;
            let half = match unit {
                Unit::Year => Some(format!("P{whole}Y6M")),
                Unit::Month => Some(format!("P{whole}M15D")),
                Unit::Day => Some(format!("P{whole}DT12H")),
                Unit::Hour => Some(format!("PT{whole}H30M")),
                Unit::Minute => Some(format!("PT{whole}M30S")),
                _ => None,
            };
            if let Some(v) = half {
                return v
                    .replace("P0Y", "P")
                    .replace("P0M", "P")
                    .replace("PT0H", "PT")
                    .replace("PT0M", "PT")
                    .replace("P0D", "P");
            }
        }
        let scaled = |factor: u64| match count {
            Count::Tenths(t) => Count::Tenths(t.saturating_mul(factor)),
            Count::Unknown => Count::Unknown,
        };
        let (prefix, count, designator) = match unit {
            Unit::Second => ("PT", count, "S"),
            Unit::Minute => ("PT", count, "M"),
            Unit::Hour => ("PT", count, "H"),
            Unit::Day => ("P", count, "D"),
            Unit::Week => ("P", count, "W"),
            Unit::Weekend => ("P", count, "WE"),
            Unit::Fortnight => ("P", scaled(2), "W"),
            Unit::Month => ("P", count, "M"),
            Unit::Quarter => ("P", count, "Q"),
            Unit::Year => ("P", count, "Y"),
            Unit::Decade if count == Count::Unknown => return "PXDE".to_owned(),
            Unit::Decade => ("P", scaled(10), "Y"),
            Unit::Century if count == Count::Unknown => return "PXCE".to_owned(),
            Unit::Century => ("P", scaled(100), "Y"),
        };
        // Written piece by piece: the formatting machinery cost several times the value.
        let mut value = String::with_capacity(16);
        value.push_str(prefix);
        count.push_text(&mut value);
        value.push_str(designator);
        value
    }

    fn length(&self, i: usize) -> Option<Hit> {
        let the = self.is(i, w!("the"));
        let mut j = if the { i + 1 } else { i };
        let lead = self.is_any(
            j,
            &ws!["past", "last", "next", "coming", "first", "final", "previous", "latest", "initial", "following"],
        );
        if lead {
            j += 1;
        }
        if lead && !the && !self.is_any(i, &ws!["past", "last", "next", "first"]) {
            return None;
        }
        // "the past year", "the next month": one unit.
        if the
            && lead
            && let Some((unit, false)) = self.entry(j).and_then(|e| e.unit)
            && !matches!(unit, Unit::Weekend | Unit::Quarter)
            && !self.is_any(i + 1, &ws!["first", "latest", "initial", "following", "previous"])
        {
            if self.is_any(i + 1, &ws!["next", "coming"]) && !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
                let shift = Shift::Offset { unit, n: 1 };
                return Some(self.rel(j + 1, TimexType::Date, shift, None, "time/relative"));
            }
            return Some(Hit::fixed(
                j + 1,
                TimexType::Duration,
                Self::duration_value(Count::Tenths(10), unit),
                "time/duration",
            ));
        }
        // A bare plural: "for centuries", "within weeks", "months of talks".
        if !the
            && !lead
            && let Some((unit, true)) = self.entry(i).and_then(|e| e.unit)
            && !matches!(unit, Unit::Weekend | Unit::Quarter)
            && self.tok(i).is_some_and(|t| self.text_of(t).ends_with('s'))
            && !self.capitalized(i)
        {
            let before =
                i > 0 && self.is_any(i - 1, &ws!["for", "within", "in", "over", "took", "take", "takes", "lasted"]);
            let of = self.is(i + 1, w!("of"))
                && !(i > 0
                    && (self.is(i - 1, w!("of"))
                        || self.is_word(i - 1) && !self.is_any(i - 1, &ws!["follows", "followed", "after"])));
            if (before || of) && !self.is_any(i + 1, &ws!["old", "ago", "earlier", "later", "before", "after"]) {
                // "weeks or months": the first unit's value.
                let end = if self.is(i + 1, w!("or")) && self.entry(i + 2).and_then(|e| e.unit).is_some_and(|(_, p)| p)
                {
                    i + 3
                } else {
                    i + 1
                };
                return Some(Hit::fixed(
                    end,
                    TimexType::Duration,
                    Self::duration_value(Count::Unknown, unit),
                    "time/duration",
                ));
            }
        }
        let (count, k) = self.count(j)?;
        // Hyphenated adjective: "two-year", "10-year", "8-month-old".
        let (unit, plural, mut end, adjective) = if self.punct(k, b'-') && self.joined(k) && self.joined(k + 1) {
            let (unit, plural) = self.entry(k + 1)?.unit?;
            if plural {
                return None;
            }
            let mut end = k + 2;
            if self.punct(end, b'-') && self.is(end + 1, w!("old")) {
                end += 2;
            }
            (unit, true, end, true)
        } else {
            let (unit, plural) = self.entry(k)?.unit?;
            (unit, plural, k + 1, false)
        };
        let single = k == j + 1 && self.is_any(j, &ws!["a", "an", "one"]);
        // "the nine months" is a reporting period; "the two-week" or "the two days"
        // leave the article out.
        if the && !lead && (adjective || unit != Unit::Month) {
            return None;
        }
        if unit == Unit::Weekend || single && plural && !adjective {
            return None;
        }
        // "a year-earlier" is "year-earlier"; ages ("52 years old") are not times.
        if !adjective && (self.punct(end, b'-') && self.joined(end) || self.is(end, w!("old"))) {
            return None;
        }
        // "a quarter of the market" is a fraction; "a second group" an ordinal.
        if !adjective && unit == Unit::Quarter && self.is(end, w!("of")) {
            return None;
        }
        if single
            && unit == Unit::Second
            && self.tok(end).is_some_and(|t| t.kind == Kind::Word)
            && !self.is_any(end, &ws!["later", "earlier", "ago", "or", "and", "of", "to", "in", "before", "after"])
        {
            return None;
        }
        let mut count = count;
        // "a year and a half", "two and a half years" handled by the count reader for the
        // second form only when written "2 1/2"; here the trailing form.
        if self.is(end, w!("and"))
            && self.is(end + 1, w!("a"))
            && self.is(end + 2, w!("half"))
            && let Count::Tenths(t) = count
        {
            count = Count::Tenths(t + 5);
            end += 3;
        }
        if !adjective {
            // "three years ago", "a year earlier", "two weeks from now".
            if self.is(end, w!("ago")) {
                let hit = match count.whole() {
                    Some(n) if !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) => {
                        let shift = if n == 1 && unit == Unit::Year {
                            Shift::Context { unit, n: -1, quarter_only: true }
                        } else {
                            Shift::Offset { unit, n: -n }
                        };
                        self.rel(end + 1, TimexType::Date, shift, None, "time/ago")
                    }
                    _ => Hit::fixed(end + 1, TimexType::Date, "PAST_REF".to_owned(), "time/ago"),
                };
                return Some(Hit { length: true, ..hit });
            }
            if self.is_any(end, &ws!["earlier", "later"]) && !the {
                let sign = if self.is(end, w!("earlier")) { -1 } else { 1 };
                if let Some(n) = count.whole()
                    && !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second)
                {
                    let shift = Shift::Context { unit, n: sign * n, quarter_only: false };
                    let hit = self.rel(end + 1, TimexType::Date, shift, None, "time/earlier-later");
                    return Some(Hit { length: true, ..hit });
                }
            }
            // "in three weeks" in a sentence about the future: a date.
            if !the
                && i > 0
                && self.is(i - 1, w!("in"))
                && self.future_at(i, i)
                && let Some(n) = count.whole().filter(|_| !matches!(unit, Unit::Hour | Unit::Minute | Unit::Second))
            {
                return Some(self.rel(end, TimexType::Date, Shift::Offset { unit, n }, None, "time/in-future"));
            }
            if self.is(end, w!("from"))
                && self.is(end + 1, w!("now"))
                && let Some(n) = count.whole()
            {
                let hit = self.rel(end + 2, TimexType::Date, Shift::Offset { unit, n }, None, "time/from-now");
                return Some(Hit { length: true, ..hit });
            }
            // "$5 million a year", "twice a week": a recurrence.
            if single && !the && i > 0 {
                let p = i - 1;
                if self.num(p).is_some() || self.punct(p, b'%') || self.is_any(p, &SET_BEFORE) {
                    return Some(Hit::fixed(
                        end,
                        TimexType::Set,
                        Self::duration_value(Count::Tenths(10), unit),
                        "time/set",
                    ));
                }
            }
        }
        Some(Hit::fixed(end, TimexType::Duration, Self::duration_value(count, unit), "time/duration"))
    }

    // ---- sets ----------------------------------------------------------------------

    fn set(&self, i: usize) -> Option<Hit> {
        if let Some(value) = self.entry(i).and_then(|e| e.set.as_ref()) {
            // As an adjective before a noun ("annual report", "daily flights") the word
            // classifies the noun; TimeML marks the adverb and the predicative use.
            let before_noun = self.tok(i + 1).is_some_and(|t| t.kind == Kind::Word && !self.capitalized(i + 1))
                && !self.tok(i).is_some_and(|t| {
                    self.text_of(t).to_ascii_lowercase().ends_with("ly")
                        && !self.text_of(t).eq_ignore_ascii_case("daily")
                        && !self.text_of(t).eq_ignore_ascii_case("weekly")
                        && !self.text_of(t).eq_ignore_ascii_case("monthly")
                        && !self.text_of(t).eq_ignore_ascii_case("yearly")
                        && !self.text_of(t).eq_ignore_ascii_case("quarterly")
                        && !self.text_of(t).eq_ignore_ascii_case("hourly")
                        && !self.text_of(t).eq_ignore_ascii_case("nightly")
                });
            if before_noun
                && !self.is_any(i + 1, &ws!["and", "or", "in", "at", "for", "since", "until", "from", "to", "by"])
            {
                return None;
            }
            return Some(Hit::fixed(i + 1, TimexType::Set, value.clone(), "time/set-word"));
        }
        // "twice a week", "three times a year", "once a month".
        let (j, freq) = if self.is_any(i, &ws!["once", "twice"]) {
            (i + 1, true)
        } else if self.is(i + 1, w!("times")) && self.count(i).is_some_and(|(_, e)| e == i + 1) {
            (i + 2, true)
        } else {
            (i, false)
        };
        if self.is_any(j, &ws!["a", "an", "per", "every", "each"])
            && let Some((unit, false)) = self.entry(j + 1).and_then(|e| e.unit)
        {
            if !freq && self.is_any(j, &ws!["a", "an"]) {
                return None;
            }
            return Some(Hit::fixed(j + 2, TimexType::Set, Self::duration_value(Count::Tenths(10), unit), "time/set"));
        }
        if !self.is_any(i, &ws!["every", "each"]) {
            return None;
        }
        let mut j = i + 1;
        let mut every = 1;
        if self.is(j, w!("other")) {
            every = 2;
            j += 1;
        }
        let entry = self.entry(j)?;
        if let Some(day) = entry.weekday {
            return Some(Hit::fixed(self.after_name(j), TimexType::Set, format!("XXXX-WXX-{day}"), "time/set"));
        }
        if let Some(month) = entry.month {
            return Some(Hit::fixed(self.after_name(j), TimexType::Set, format!("XXXX-{month:02}"), "time/set"));
        }
        if let Some(code) = entry.daypart {
            return Some(Hit::fixed(j + 1, TimexType::Set, format!("T{code}"), "time/set"));
        }
        if let Some((unit, false)) = entry.unit {
            return Some(Hit::fixed(
                j + 1,
                TimexType::Set,
                Self::duration_value(Count::Tenths(every * 10), unit),
                "time/set",
            ));
        }
        if let Some((count, k)) = self.count(j)
            && let Some((unit, true)) = self.entry(k).and_then(|e| e.unit)
        {
            return Some(Hit::fixed(k + 1, TimexType::Set, Self::duration_value(count, unit), "time/set"));
        }
        None
    }
}

/// A year as TIMEX3 writes it, four digits at least: `format!("{y:04}")` without the
/// formatting machinery.
fn year_text(y: i64) -> String {
    let mut text = String::with_capacity(16);
    push_padded_signed(&mut text, y, 4);
    text
}

/// The tens digit of a decade word ("nineties" 9), lower or title case.
/// The value of a run of ASCII digits, or `None` when a `u64` cannot hold it.
fn digits_value(digits: &[u8]) -> Option<u64> {
    let digit = |d: u8| u64::from(d.wrapping_sub(b'0'));
    // Nineteen digits cannot overflow: no check a digit for nearly every number.
    if digits.len() <= MAX_SAFE_DIGITS {
        Some(digits.iter().fold(0_u64, |v, &d| v.wrapping_mul(10).wrapping_add(digit(d))))
    } else {
        digits.iter().try_fold(0_u64, |v, &d| v.checked_mul(10)?.checked_add(digit(d)))
    }
}

fn decade_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 8] =
        ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];
    WORDS.iter().position(|w| w.eq_ignore_ascii_case(word)).and_then(|p| u32::try_from(p + 2).ok())
}

fn season_index(code: &str) -> u32 {
    match code {
        "SP" => 1,
        "SU" => 2,
        "FA" => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    /// `core` at every token of many sentences gives what every parser tried there
    /// gives: the parsers it passes over (by the token after a number, after "the" or
    /// "a", by a word's entry) could not have matched.
    #[test]
    fn core_agrees_with_every_parser_tried() {
        let lexicon = Lexicon::new(&Rules::embedded()).expect("embedded rules load");
        let mut texts = example_and_corpus_lines();
        for article in ["a", "A", "the", "an", "one"] {
            for next in ["year", "years", "-", "few", "couple of", "number of", "times", "same", "comparable", "x", ""]
            {
                for after in ["year", "years", "ago", "earlier", "quarter", "-year", "a year", "of", "day", "2024", ""]
                {
                    texts.push(format!("It was {article} {next} {after} 5 later."));
                }
            }
        }
        for number in ["4", "12", "2024", "1,178", "3.5", "4.25", "2 1/2", "10-year", "5:30", "1990s", "'90s"] {
            for next in ["years", "percent", "%", "billion", ".", "-", ":", "/", "of", "st", "times", "a", "s", ""] {
                texts.push(format!("By {number} {next} 7 days, on {number}{next} 2 weeks"));
            }
        }
        each_grammar(&lexicon, &texts, |text, g, tokens| {
            for i in 0..tokens {
                assert_eq!(g.core(i), g.best_of(i, u16::MAX >> 4), "{text:?} at token {i}");
            }
        });
    }

    /// The lines of the time examples, brackets dropped, and of every article of `corpus/`.
    fn example_and_corpus_lines() -> Vec<String> {
        let examples = include_str!("../../../tests/examples/time.txt");
        let mut lines: Vec<String> =
            examples.lines().filter(|l| !l.starts_with(['#', '@'])).map(|l| l.replace(['[', ']'], "")).collect();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            lines.extend(std::fs::read_to_string(entry.path()).unwrap_or_default().lines().map(str::to_owned));
        }
        lines
    }

    /// Tokenizes each of `texts` and hands `check` the text, its grammar and its number
    /// of tokens.
    fn each_grammar(lexicon: &Lexicon, texts: &[String], mut check: impl FnMut(&str, &Grammar<'_>, usize)) {
        let mut toks = Vec::new();
        let mut anchors = Vec::new();
        for text in texts {
            toks.clear();
            anchors.clear();
            lexicon.tokenize(text, &mut toks, &mut anchors);
            check(text, &Grammar::new(lexicon, &toks, text, 0), toks.len());
        }
    }

    /// [`Grammar::duration_value`] as the formatting machinery wrote it.
    fn formatted_duration(count: Count, unit: Unit) -> String {
        let text = |c: Count| match c {
            Count::Tenths(t) if t % 10 == 0 => (t / 10).to_string(),
            Count::Tenths(t) => format!("{}.{}", t / 10, t % 10),
            Count::Unknown => "X".to_owned(),
        };
        let scaled = |factor: u64| match count {
            Count::Tenths(t) => text(Count::Tenths(t.saturating_mul(factor))),
            Count::Unknown => "X".to_owned(),
        };
        match unit {
            Unit::Second => format!("PT{}S", text(count)),
            Unit::Minute => format!("PT{}M", text(count)),
            Unit::Hour => format!("PT{}H", text(count)),
            Unit::Day => format!("P{}D", text(count)),
            Unit::Week => format!("P{}W", text(count)),
            Unit::Weekend => format!("P{}WE", text(count)),
            Unit::Fortnight => format!("P{}W", scaled(2)),
            Unit::Month => format!("P{}M", text(count)),
            Unit::Quarter => format!("P{}Q", text(count)),
            Unit::Year => format!("P{}Y", text(count)),
            Unit::Decade if count == Count::Unknown => "PXDE".to_owned(),
            Unit::Decade => format!("P{}Y", scaled(10)),
            Unit::Century if count == Count::Unknown => "PXCE".to_owned(),
            Unit::Century => format!("P{}Y", scaled(100)),
        }
    }

    #[test]
    fn duration_values_are_the_formatted_ones() {
        let units = Unit::ALL;
        let mut counts = vec![Count::Unknown, Count::Tenths(u64::MAX), Count::Tenths(u64::MAX - 5)];
        counts.extend([0, 1, 5, 9, 10, 15, 20, 25, 33, 100, 105, 1230, 99_999_990].map(Count::Tenths));
        for unit in units {
            for &count in &counts {
                // Halves other than of the plain units keep their own path.
                if matches!(count, Count::Tenths(t) if t % 10 == 5)
                    && matches!(unit, Unit::Year | Unit::Month | Unit::Day | Unit::Hour | Unit::Minute)
                {
                    continue;
                }
                assert_eq!(Grammar::duration_value(count, unit), formatted_duration(count, unit), "{count:?} {unit:?}");
            }
        }
        for y in [-5, 0, 7, 999, 1988, 2024, 12_345] {
            assert_eq!(year_text(y), format!("{y:04}"));
        }
    }

    /// The test of the second word before a phrase is searched rules out only phrases
    /// that would not have matched.
    #[test]
    fn second_words_rule_out_no_phrase() {
        let lexicon = Lexicon::new(&Rules::embedded()).expect("embedded rules load");
        let mut texts = example_and_corpus_lines();
        let mut firsts: Vec<&str> = lexicon.phrases.iter().flat_map(|p| p.words.first()).map(String::as_str).collect();
        firsts.sort_unstable();
        firsts.dedup();
        for phrase in &lexicon.phrases {
            for first in &firsts {
                texts.push(format!("{first} {}", phrase.words.get(1..).unwrap_or_default().join(" ")));
                texts.push(format!("{} {}", phrase.words.join(" "), first));
                texts.push(phrase.words.join(" ").to_uppercase());
            }
        }
        let mut found = 0;
        each_grammar(&lexicon, &texts, |text, g, tokens| {
            for i in 0..tokens {
                for class in [PhraseKind::REF, PhraseKind::MODIFIER, PhraseKind::COUNT] {
                    let all = g.entry(i).and_then(|e| g.phrase_of(i, class, e, g.tok(i + 1).map_or(0, |t| t.key)));
                    found += usize::from(all.is_some());
                    assert_eq!(g.phrase(i, class), all, "{text:?} at token {i}");
                }
            }
        });
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn digits_value_agrees_with_checked_arithmetic() {
        let mut texts: Vec<String> = ["0", "7", "0042", "1998", "18446744073709551615", "18446744073709551616"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for len in 1..=24 {
            texts.push("9".repeat(len));
            texts.push(format!("1{}", "0".repeat(len - 1)));
        }
        for text in texts {
            let checked = text.bytes().try_fold(0_u64, |v, d| v.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            assert_eq!(digits_value(text.as_bytes()), checked, "{text}");
            assert_eq!(checked, text.parse::<u64>().ok(), "{text}");
        }
    }
}
