//! The word lists claims are assembled with: phrases matched as lower-case word
//! sequences, and the trigger table with its inflected forms. Every word the lists name
//! gets a small id and a set of classes when the rules load, so each word of a sentence
//! is looked up once and every later question about it compares integers.

use std::ops::{BitOr, Range};

use rustc_hash::FxHashMap as HashMap;

use crate::document::Span;
use crate::error::Error;
use crate::rules::{Rules, Table};

/// A word some list names; words no list names have none.
pub(crate) type WordId = usize;

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
}

impl BitOr for Classes {
    type Output = Classes;

    fn bitor(self, other: Classes) -> Classes {
        Classes(self.0 | other.0)
    }
}

/// Every word the lists name, with its id and classes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    /// Each word's id and classes, keyed by the lower-case word's bytes, as sentence
    /// words are lowered into bytes.
    words: HashMap<Box<[u8]>, (WordId, Classes)>,
}

impl Vocabulary {
    /// The id of `word` (lower case), given one if it is new.
    pub(crate) fn intern(&mut self, word: &str) -> WordId {
        if let Some(&(id, _)) = self.words.get(word.as_bytes()) {
            return id;
        }
        let id = self.words.len();
        self.words.insert(word.as_bytes().into(), (id, Classes::default()));
        id
    }

    /// Puts each of `words` (lower case) into `class`.
    pub(crate) fn mark(&mut self, words: &[&str], class: Classes) {
        for word in words {
            self.mark_word(word, class);
        }
    }

    fn mark_word(&mut self, word: &str, class: Classes) {
        self.intern(word);
        if let Some((_, classes)) = self.words.get_mut(word.as_bytes()) {
            *classes = *classes | class;
        }
    }

    fn lookup(&self, word: &[u8]) -> Option<(WordId, Classes)> {
        self.words.get(word).copied()
    }
}

/// Bytes that are ASCII but not capitals: a word of them is its own lower case. A table,
/// as one load per byte is cheaper than two comparisons.
const LOWER_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    while b < 128 {
        table[b as usize] = !b.is_ascii_uppercase();
        b += 1;
    }
    table
};

/// What is known of one word of a sentence.
#[derive(Debug, Clone, Copy)]
struct Word {
    id: Option<WordId>,
    classes: Classes,
    capitalised: bool,
    /// Ends in "'s" or "s'" (either apostrophe).
    possessive: bool,
}

/// The words of one sentence, each lower-cased once, with typographic apostrophes made
/// plain so "Azerbaijan’s" reads as "azerbaijan's", and looked up in the vocabulary.
/// Cleared and refilled sentence after sentence, so its buffers are allocated once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    words: Vec<Word>,
    /// The word being pushed, lower case.
    lower: Vec<u8>,
}

impl Words {
    pub(crate) fn clear(&mut self) {
        self.words.clear();
    }

    /// Appends the word at `span` of `text`.
    pub(crate) fn push(&mut self, text: &str, span: Span, vocabulary: &Vocabulary) {
        let bytes = text.as_bytes().get(span.start..span.end).unwrap_or_default();
        // Most words are already lower-case ASCII (so their bytes are their text): look
        // those up as they are.
        let (lower, capitalised) = if bytes.iter().all(|&b| LOWER_ASCII[usize::from(b)]) {
            (bytes, false)
        } else {
            let word = span.text(text);
            self.lower_into_buffer(word);
            (self.lower.as_slice(), word.chars().next().is_some_and(char::is_uppercase))
        };
        let known = vocabulary.lookup(lower);
        let possessive = lower.ends_with(b"'s") || lower.ends_with(b"s'");
        self.words.push(Word {
            id: known.map(|(id, _)| id),
            classes: known.map(|(_, classes)| classes).unwrap_or_default(),
            capitalised,
            possessive,
        });
    }

    fn lower_into_buffer(&mut self, text: &str) {
        self.lower.clear();
        if text.is_ascii() {
            self.lower.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            let mut utf8 = [0; 4];
            for c in text.chars() {
                match c {
                    '’' => self.lower.push(b'\''),
                    c => {
                        for lower in c.to_lowercase() {
                            self.lower.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The vocabulary's id of the word at `i`, if it has one.
    pub(crate) fn id(&self, i: usize) -> Option<WordId> {
        self.words.get(i)?.id
    }

    /// Whether the word at `i` is in one of `classes`; false past the end.
    pub(crate) fn is(&self, i: usize, classes: Classes) -> bool {
        self.words.get(i).is_some_and(|w| w.classes.meets(classes))
    }

    /// The indices in `range` of the words in one of `classes`, in order.
    pub(crate) fn indices_in(
        &self,
        range: Range<usize>,
        classes: Classes,
    ) -> impl DoubleEndedIterator<Item = usize> + '_ {
        let start = range.start;
        let words = self.words.get(range).unwrap_or_default();
        words.iter().enumerate().filter(move |(_, w)| w.classes.meets(classes)).map(move |(k, _)| start + k)
    }

    pub(crate) fn capitalised(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.capitalised)
    }

    /// Whether the word at `i` is a possessive ("Azerbaijan's", "ministers'").
    pub(crate) fn possessive(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.possessive)
    }
}

/// Phrases (word sequences) mapped to a value, matched at a word position.
#[derive(Debug, Clone)]
pub(crate) struct Phrases<T> {
    /// The class of the words that open a phrase, so that most words are passed over
    /// after one bit test.
    opener: Classes,
    /// Indexed by the id of the first word.
    by_first: Vec<Vec<(Vec<WordId>, T)>>,
}

impl<T: Clone> Phrases<T> {
    /// No phrases yet; the first word of each will be put into `opener`.
    pub(crate) fn new(opener: Classes) -> Self {
        Phrases { opener, by_first: Vec::new() }
    }

    pub(crate) fn insert(&mut self, vocabulary: &mut Vocabulary, phrase: &str, value: T) {
        let lower: Vec<String> = phrase.split_whitespace().map(|w| w.to_lowercase().replace('’', "'")).collect();
        let words: Vec<WordId> = lower.iter().map(|w| vocabulary.intern(w)).collect();
        if let (Some(&first), Some(first_word)) = (words.first(), lower.first()) {
            vocabulary.mark_word(first_word, self.opener);
            if self.by_first.len() <= first {
                self.by_first.resize_with(first + 1, Vec::new);
            }
            if let Some(entries) = self.by_first.get_mut(first) {
                entries.push((words, value));
                // Longest phrases first, so "is expected to" wins over "expected".
                entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
            }
        }
    }

    /// The longest phrase starting at `words[at]`: its length in words and value.
    pub(crate) fn at(&self, words: &Words, at: usize) -> Option<(usize, &T)> {
        if !words.is(at, self.opener) {
            return None;
        }
        let entries = self.by_first.get(words.id(at)?)?;
        entries.iter().find_map(|(phrase, value)| {
            let fits = phrase.iter().enumerate().all(|(k, &w)| words.id(at + k) == Some(w));
            fits.then_some((phrase.len(), value))
        })
    }
}
/// Part of speech of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Verb,
    Noun,
}

/// What a trigger word means.
#[derive(Debug, Clone)]
pub(crate) struct TriggerEntry {
    pub(crate) pos: Pos,
    pub(crate) class: String,
    pub(crate) claim: super::ClaimKind,
    /// Whether this form is a past participle or past tense (-ed and irregulars), which
    /// after a form of "be" makes the clause passive.
    pub(crate) participle: bool,
    /// Whether this form is present tense ("says", "totals").
    pub(crate) present: bool,
}

/// Regular inflections of a verb lemma: the lemma, +s, +ed, +ing.
fn regular_verb_forms(lemma: &str) -> Vec<(String, bool, bool)> {
    let consonant_y = lemma.ends_with('y') && !lemma.ends_with(['a', 'e', 'o', 'u']) && lemma.len() > 1 && {
        let before = lemma.as_bytes()[lemma.len() - 2];
        !matches!(before, b'a' | b'e' | b'i' | b'o' | b'u')
    };
    let (s, ed, ing) = if consonant_y {
        let stem = &lemma[..lemma.len() - 1];
        (format!("{stem}ies"), format!("{stem}ied"), format!("{lemma}ing"))
    } else if let Some(stem) = lemma.strip_suffix('e') {
        (format!("{lemma}s"), format!("{lemma}d"), format!("{stem}ing"))
    } else if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
        (format!("{lemma}es"), format!("{lemma}ed"), format!("{lemma}ing"))
    } else {
        (format!("{lemma}s"), format!("{lemma}ed"), format!("{lemma}ing"))
    };
    vec![(lemma.to_owned(), false, true), (s, false, true), (ed, true, false), (ing, false, false)]
}

/// Trigger words by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Triggers {
    /// The class every trigger word is put into, so that most words are passed over
    /// after one bit test.
    class: Classes,
    /// Indexed by id.
    by_id: Vec<Option<TriggerEntry>>,
}

impl Triggers {
    /// What the word at `i` means as a trigger, if it is one.
    pub(crate) fn at(&self, words: &Words, i: usize) -> Option<&TriggerEntry> {
        if !words.is(i, self.class) {
            return None;
        }
        self.by_id.get(words.id(i)?)?.as_ref()
    }
}

/// Builds the trigger lexicon: every form of every row, each put into `class`.
pub(crate) fn triggers(rules: &Rules, vocabulary: &mut Vocabulary, class: Classes) -> Result<Triggers, Error> {
    let table: Table = rules.table("claims/triggers.tsv", &["lemma", "pos", "forms", "class", "claim"])?;
    let mut out: HashMap<String, TriggerEntry> = HashMap::default();
    for row in &table.rows {
        let lemma = row.cell(0).to_lowercase();
        let pos = table.choice(row, 1, &[("verb", Pos::Verb), ("noun", Pos::Noun)])?;
        let claim = table.choice(
            row,
            4,
            &[
                ("event", super::ClaimKind::Event),
                ("statistic", super::ClaimKind::Statistic),
                ("statement", super::ClaimKind::Statement),
            ],
        )?;
        let listed: Vec<String> = row.alternatives(2).map(str::to_lowercase).collect();
        let forms: Vec<(String, bool, bool)> = match (pos, listed.is_empty()) {
            (Pos::Verb, true) => regular_verb_forms(&lemma),
            (Pos::Noun, true) => vec![(lemma.clone(), false, false), (format!("{lemma}s"), false, false)],
            (Pos::Verb, false) => listed
                .iter()
                .map(|f| {
                    let participle = f.ends_with("ed") || (f != &lemma && !f.ends_with('s') && !f.ends_with("ing"));
                    let present = f == &lemma || (f.ends_with('s') && f.len() > lemma.len());
                    (f.clone(), participle, present)
                })
                .collect(),
            (Pos::Noun, false) => listed.iter().map(|f| (f.clone(), false, false)).collect(),
        };
        for (form, participle, present) in forms {
            let entry = TriggerEntry { pos, class: row.cell(3).to_owned(), claim, participle, present };
            // A verb reading wins over a noun reading of the same form ("attack").
            match out.get(&form) {
                Some(existing) if existing.pos == Pos::Verb => {}
                _ => {
                    out.insert(form, entry);
                }
            }
        }
    }
    let mut triggers = Triggers { class, by_id: Vec::new() };
    for (form, entry) in out {
        let id = vocabulary.intern(&form);
        vocabulary.mark_word(&form, class);
        if triggers.by_id.len() <= id {
            triggers.by_id.resize_with(id + 1, || None);
        }
        if let Some(slot) = triggers.by_id.get_mut(id) {
            *slot = Some(entry);
        }
    }
    Ok(triggers)
}

/// Loads a `cue\tvalue` table into phrases, the value parsed by `parse`, their first
/// words put into `opener`.
pub(crate) fn phrase_table<T: Clone>(
    rules: &Rules,
    vocabulary: &mut Vocabulary,
    opener: Classes,
    file: &str,
    columns: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Phrases<T>, Error> {
    let table = rules.table(file, columns)?;
    let mut phrases = Phrases::new(opener);
    for row in &table.rows {
        let value = parse(row.cell(1)).ok_or_else(|| table.error(row, format!("unknown value {:?}", row.cell(1))))?;
        phrases.insert(vocabulary, row.cell(0), value);
    }
    Ok(phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_forms() {
        let forms = |l: &str| regular_verb_forms(l).into_iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(forms("allege"), ["allege", "alleges", "alleged", "alleging"]);
        assert_eq!(forms("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(forms("impose"), ["impose", "imposes", "imposed", "imposing"]);
        assert_eq!(forms("reach"), ["reach", "reaches", "reached", "reaching"]);
        assert_eq!(forms("say")[1], "says");
    }

    #[test]
    fn longest_phrase_wins() {
        let mut vocabulary = Vocabulary::default();
        let mut p = Phrases::new(Classes::bit(0));
        p.insert(&mut vocabulary, "expected", 1);
        p.insert(&mut vocabulary, "is expected to", 2);
        let mut words = Words::default();
        let text = "It is expected to rise";
        let mut start = 0;
        for w in text.split(' ') {
            words.push(text, Span::new(start, start + w.len()), &vocabulary);
            start += w.len() + 1;
        }
        assert_eq!(p.at(&words, 1), Some((3, &2)));
        assert_eq!(p.at(&words, 2), Some((1, &1)));
        assert_eq!(p.at(&words, 0), None);
    }
}
