//! The word lists claims are assembled with: phrases matched as lower-case word
//! sequences, and the trigger table with its inflected forms, their words in the
//! vocabulary (see `vocabulary.rs`).

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::vocabulary::{Classes, Vocabulary, WordId, Words};
use crate::error::Error;
use crate::rules::{Rules, Table};

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
            let first = first as usize;
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
        let entries = self.by_first.get(words.id(at)? as usize)?;
        // Each phrase here opens with the word at `at`: only the words after it are read.
        entries.iter().find_map(|(phrase, value)| {
            let fits = words.are(at + 1, phrase.get(1..).unwrap_or_default());
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
    /// Shared by every claim it triggers (see [`super::Trigger::class`]).
    pub(crate) class: Arc<str>,
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
        self.by_id.get(words.id(i)? as usize)?.as_ref()
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
        let class: Arc<str> = Arc::from(row.cell(3));
        for (form, participle, present) in forms {
            let entry = TriggerEntry { pos, class: Arc::clone(&class), claim, participle, present };
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
        let id = vocabulary.intern(&form) as usize;
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
    use crate::claims::vocabulary::Lookups;
    use crate::document::Span;
    use crate::segment::Token;

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
        let mut lookups = Lookups::indexing(Classes::bit(0));
        let text = "It is expected to rise";
        let mut tokens = Vec::new();
        let mut start = 0;
        for w in text.split(' ') {
            tokens.push(Token::new(Span::new(start, start + w.len())));
            start += w.len() + 1;
        }
        let placed = lookups.push(text, &tokens, &vocabulary);
        let words = lookups.of(&placed);
        assert_eq!(p.at(&words, 1), Some((3, &2)));
        assert_eq!(p.at(&words, 2), Some((1, &1)));
        assert_eq!(p.at(&words, 0), None);
    }
}
