//! The word lists claims are assembled with: phrases matched as lower-case word
//! sequences, and the trigger table with its inflected forms.

use rustc_hash::FxHashMap as HashMap;

use crate::error::Error;
use crate::rules::{Rules, Table};

/// The words of one sentence, lower-cased into one buffer (no allocation per word), with
/// typographic apostrophes made plain so "Azerbaijan’s" reads as "azerbaijan's".
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    buffer: String,
    /// Byte range of each word in `buffer`, and whether it starts with a capital.
    words: Vec<(u32, u32, bool)>,
}

impl Words {
    pub(crate) fn push(&mut self, text: &str) {
        let start = self.buffer.len();
        for c in text.chars() {
            match c {
                '’' => self.buffer.push('\''),
                c if c.is_ascii() => self.buffer.push(c.to_ascii_lowercase()),
                c => self.buffer.extend(c.to_lowercase()),
            }
        }
        let capitalised = text.chars().next().is_some_and(char::is_uppercase);
        self.words.push((
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(self.buffer.len()).unwrap_or(u32::MAX),
            capitalised,
        ));
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The lower-case word at `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let &(start, end, _) = self.words.get(i)?;
        self.buffer.get(start as usize..end as usize)
    }

    /// The lower-case word at `i`, or "" past the end.
    pub(crate) fn lower(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }

    pub(crate) fn capitalised(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.2)
    }
}

/// Phrases (word sequences) mapped to a value, matched at a word position.
#[derive(Debug, Clone)]
pub(crate) struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Clone> Phrases<T> {
    pub(crate) fn new() -> Self {
        Phrases { by_first: HashMap::default() }
    }

    pub(crate) fn insert(&mut self, phrase: &str, value: T) {
        let words: Vec<String> = phrase.split_whitespace().map(|w| w.to_lowercase().replace('’', "'")).collect();
        if let Some(first) = words.first().cloned() {
            let entries = self.by_first.entry(first).or_default();
            entries.push((words, value));
            // Longest phrases first, so "is expected to" wins over "expected".
            entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
    }

    /// The longest phrase starting at `words[at]`: its length in words and value.
    pub(crate) fn at(&self, words: &Words, at: usize) -> Option<(usize, &T)> {
        let entries = self.by_first.get(words.get(at)?)?;
        entries.iter().find_map(|(phrase, value)| {
            let fits = phrase.iter().enumerate().all(|(k, w)| words.get(at + k) == Some(w.as_str()));
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

/// Builds the trigger lexicon: every form of every row.
pub(crate) fn triggers(rules: &Rules) -> Result<HashMap<String, TriggerEntry>, Error> {
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
    Ok(out)
}

/// Loads a `cue\tvalue` table into phrases, the value parsed by `parse`.
pub(crate) fn phrase_table<T: Clone>(
    rules: &Rules,
    file: &str,
    columns: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Phrases<T>, Error> {
    let table = rules.table(file, columns)?;
    let mut phrases = Phrases::new();
    for row in &table.rows {
        let value = parse(row.cell(1)).ok_or_else(|| table.error(row, format!("unknown value {:?}", row.cell(1))))?;
        phrases.insert(row.cell(0), value);
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
        let mut p = Phrases::new();
        p.insert("expected", 1);
        p.insert("is expected to", 2);
        let mut words = Words::default();
        for w in ["It", "is", "expected", "to", "rise"] {
            words.push(w);
        }
        assert_eq!(p.at(&words, 1), Some((3, &2)));
        assert_eq!(p.at(&words, 2), Some((1, &1)));
        assert_eq!(p.at(&words, 0), None);
    }
}
