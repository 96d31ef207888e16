//! Claim assembly: clauses of body sentences, each with its trigger, time, actors and
//! roles, figures, attribution and modality.

use std::cell::RefCell;
use std::ops::Range;

use super::lexicon::{self, Phrases, Pos, TriggerEntry, Triggers};
use super::vocabulary::{self, Classes, Lookups, Marked, Placed, Vocabulary, Words};
use super::{Attribution, Claim, ClaimKind, ClaimTime, Modality, Role, TimeFrom, Trigger};
use crate::document::{Dated, Span};
use crate::error::Error;
use crate::recognize::time::TimexType;
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::{Part, Segmented, Sentence, Token};
use crate::value::{Kind, Value};

/// How an attribution cue finds its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// A verb of saying: "X said", "…, said X".
    Speech,
    /// A verb that reports only with a source or a "that" clause ("X found that").
    Verb,
    /// "according to X".
    Prefix,
    /// "X's assertion that".
    Noun,
}

/// Words before an actor that put it in a prepositional phrase, so it is not the subject.
const PREPOSITIONS: &[&str] = &[
    "about",
    "across",
    "against",
    "among",
    "amid",
    "at",
    "between",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "over",
    "than",
    "to",
    "toward",
    "towards",
    "under",
    "via",
    "with",
    "within",
    "without",
    "near",
    "like",
    "as",
    "including",
    "despite",
    "after",
    "before",
    "since",
    "during",
];

/// Words that open a noun phrase, so the verb-looking word after them is a noun.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our", "any", "each", "every",
    "no", "such", "some",
];

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] =
    &["when", "while", "whereas", "because", "although", "though", "which", "who", "that", "whether", "if", ";", "as"];

/// Forms of "be" that make a following participle passive.
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Words that mark a present-tense clause.
const PRESENT: &[&str] = &["is", "are", "am", "has", "have", "remains", "remain", "continues", "continue", "says"];

/// Words that can open the subject of a new clause after ", and".
const SUBJECT_OPENERS: &[&str] =
    &["the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "it", "they", "he", "she", "we", "i"];

/// Auxiliaries and copulas that give a clause its own finite verb.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may", "might", "should",
    "remains", "remain", "remained", "did", "does", "do",
];

// The word classes the assembler asks about. Marked in the vocabulary when the rules
// load, so asking whether a word is a preposition is one AND instead of a list search.
const PREPOSITION: Classes = Classes::bit(0);
const DETERMINER: Classes = Classes::bit(1);
const SUBORDINATOR: Classes = Classes::bit(2);
const FORM_OF_BE: Classes = Classes::bit(3);
const PRESENT_TENSE: Classes = Classes::bit(4);
const SUBJECT_OPENER: Classes = Classes::bit(5);
const AUXILIARY: Classes = Classes::bit(6);
const SEMICOLON: Classes = Classes::bit(7);
const COMMA: Classes = Classes::bit(8);
/// "while", "whereas": after a comma they open a clause of their own.
const CONTRAST: Classes = Classes::bit(9);
const AND: Classes = Classes::bit(10);
const THAT: Classes = Classes::bit(11);
const HYPHEN: Classes = Classes::bit(12);
/// A hyphen or an en dash: an actor after one is part of a compound, not a subject.
const DASH: Classes = Classes::bit(13);
const BY: Classes = Classes::bit(14);
/// "since 2022", "until March", "by 2030" bound a claim rather than date it.
const BOUND: Classes = Classes::bit(15);
const TRIGGER: Classes = Classes::bit(16);
/// The first words of modality, attribution and continuation phrases.
const MODALITY_CUE: Classes = Classes::bit(17);
const ATTRIBUTION_CUE: Classes = Classes::bit(18);
const CONTINUATION: Classes = Classes::bit(19);

/// The classes searched for (with `Words::indices_in` and `Marked::indices`) rather than
/// asked of one word.
const SEARCHED: Classes = SEMICOLON
    .and(CONTRAST)
    .and(AND)
    .and(SUBORDINATOR)
    .and(TRIGGER)
    .and(MODALITY_CUE)
    .and(ATTRIBUTION_CUE)
    .and(PRESENT_TENSE);

/// Each word class with its members.
const CLASSES: &[(&[&str], Classes)] = &[
    (PREPOSITIONS, PREPOSITION),
    (DETERMINERS, DETERMINER),
    (SUBORDINATORS, SUBORDINATOR),
    (BE, FORM_OF_BE),
    (PRESENT, PRESENT_TENSE),
    (SUBJECT_OPENERS, SUBJECT_OPENER),
    (AUXILIARIES, AUXILIARY),
    (&[";"], SEMICOLON),
    (&[","], COMMA),
    (&["while", "whereas"], CONTRAST),
    (&["and"], AND),
    (&["that"], THAT),
    (&["-"], HYPHEN),
    (&["-", "–"], DASH),
    (&["by"], BY),
    (&["since", "until", "till", "by", "before", "after"], BOUND),
];

/// The compiled claim assembler.
#[derive(Debug)]
pub(crate) struct Claims {
    vocabulary: Vocabulary,
    triggers: Triggers,
    modality: Phrases<Modality>,
    attribution: Phrases<CueKind>,
    continuations: Phrases<()>,
}

/// The words of one sentence with their spans.
struct SentenceWords<'t> {
    text: &'t str,
    /// Read where the segmenter keeps them rather than copied.
    tokens: &'t [Token],
    words: Words<'t>,
}

/// A body sentence as the first pass leaves it: where its words, mentions and clauses are.
#[derive(Debug, Clone, Default)]
struct ReadSentence {
    /// Its index among the segmenter's sentences.
    sentence: usize,
    placed: Placed,
    /// Its run of the document's mentions.
    mentions: Range<usize>,
    /// Whether it opens with a continuation ("Meanwhile,").
    continues: bool,
    /// Its clauses, a run of the document's clause spans.
    clauses: Range<usize>,
}

/// The buffers of one document's assembly, kept for the thread's next document: the
/// assembler is shared by threads, so it cannot hold them, and allocating them afresh
/// for every document cost more than the rest of its allocations together.
#[derive(Debug, Default)]
struct Buffers {
    lookups: Lookups,
    read: Vec<ReadSentence>,
    spans: Vec<Span>,
    paragraphs: Vec<usize>,
    clause: ClauseBuffers,
}

/// The buffers of a [`Clause`].
#[derive(Debug, Default)]
struct ClauseBuffers {
    own: Vec<usize>,
    actors: Vec<usize>,
    times: Vec<usize>,
    figures: Vec<usize>,
    own_spans: Vec<Span>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

/// The most words whose buffers a thread keeps between documents: an article of a few
/// hundred kilobytes.
const KEPT_WORDS: usize = 1 << 16;

/// One clause: its words and mentions, in buffers reused from clause to clause.
#[derive(Default)]
struct Clause<'w> {
    span: Span,
    /// The words that lie within it.
    words: Range<usize>,
    /// Those of them in a searched class, found once for the several searches.
    marked: Marked<'w>,
    /// The mentions of its sentence.
    sentence: Range<usize>,
    /// Those that lie within the clause.
    own: Vec<usize>,
    /// Those of them that are actors.
    actors: Vec<usize>,
    /// Those of them that are times, the only ones that can date it.
    times: Vec<usize>,
    /// Those of them that are money, percentages and quantities.
    figures: Vec<usize>,
    /// Where each of `own` is.
    own_spans: Vec<Span>,
}

impl Claims {
    pub(crate) fn new(rules: &Rules) -> Result<Self, Error> {
        let mut vocabulary = Vocabulary::default();
        for (members, class) in CLASSES {
            vocabulary.mark(members, *class);
        }
        let modality = lexicon::phrase_table(
            rules,
            &mut vocabulary,
            MODALITY_CUE,
            "claims/modality.tsv",
            &["cue", "modality"],
            |v| match v {
                "demanded" => Some(Modality::Demanded),
                "forecast" => Some(Modality::Forecast),
                "hedged" => Some(Modality::Hedged),
                "negated" => Some(Modality::Negated),
                _ => None,
            },
        )?;
        let attribution = lexicon::phrase_table(
            rules,
            &mut vocabulary,
            ATTRIBUTION_CUE,
            "claims/attribution.tsv",
            &["cue", "kind"],
            |v| match v {
                "speech" => Some(CueKind::Speech),
                "verb" => Some(CueKind::Verb),
                "prefix" => Some(CueKind::Prefix),
                "noun" => Some(CueKind::Noun),
                _ => None,
            },
        )?;
        let mut continuations = Phrases::new(CONTINUATION);
        for row in rules.list("claims/continuations.txt", "opener")? {
            continuations.insert(&mut vocabulary, row.cell(0), ());
        }
        let triggers = lexicon::triggers(rules, &mut vocabulary, TRIGGER)?;
        Ok(Claims { vocabulary, triggers, modality, attribution, continuations })
    }

    /// Assembles the claims of one document from its body sentences and mentions.
    pub(crate) fn assemble(&self, doc: Dated<'_>, seg: &Segmented, mentions: &[Mention]) -> Vec<Claim> {
        let mut buffers = BUFFERS.take();
        let claims = self.assemble_into(doc, seg, mentions, &mut buffers);
        // A freak document (a long table, a book) may need huge buffers; the thread does
        // not keep those. Every other buffer grows with the words, so theirs is the test.
        if buffers.lookups.room() <= KEPT_WORDS {
            BUFFERS.set(buffers);
        }
        claims
    }

    /// [`Claims::assemble`] with the thread's buffers, which it leaves holding nothing of
    /// this document that the next one would read.
    fn assemble_into(
        &self,
        doc: Dated<'_>,
        seg: &Segmented,
        mentions: &[Mention],
        buffers: &mut Buffers,
    ) -> Vec<Claim> {
        let text = doc.text;
        let Buffers { lookups, read, spans, paragraphs, clause: clause_buffers } = buffers;
        let tokens: usize = seg.sentences.iter().filter(|s| s.part == Part::Body).map(|s| s.tokens.len()).sum();
        // Every sentence is read, its words looked up and its clauses found, before any
        // claim is built: then the claims are counted, and their buffer, whose claims are
        // large, is allocated once and never moved.
        lookups.reset(SEARCHED);
        lookups.reserve(tokens);
        read.clear();
        spans.clear();
        paragraphs.clear();
        // Mentions are in text order, so a sentence's mentions are one run of them, and
        // the runs of sentences in order follow one another: one walk finds them all,
        // where searching the whole list for each sentence would jump through it.
        let mut next_mention = 0;
        for (index, sentence) in seg.sentences.iter().enumerate().filter(|(_, s)| s.part == Part::Body) {
            let sentence_tokens = seg.tokens_of(sentence);
            let placed = lookups.push(text, sentence_tokens, &self.vocabulary);
            let words = SentenceWords { text, tokens: sentence_tokens, words: lookups.of(&placed) };
            let first = run_end(mentions, next_mention, |m| m.sentence < sentence.index);
            let last = run_end(mentions, first, |m| m.sentence <= sentence.index);
            next_mention = last;
            let continues = self.continuations.at(&words.words, 0).is_some();
            let first_clause = spans.len();
            self.clauses(&words, sentence.span, mentions, first..last, spans);
            read.push(ReadSentence {
                sentence: index,
                placed,
                mentions: first..last,
                continues,
                clauses: first_clause..spans.len(),
            });
        }
        let mut claims: Vec<Claim> = Vec::with_capacity(spans.len());
        // The paragraph of each claim so far, for carrying a time over.
        paragraphs.reserve(spans.len());
        let mut clause = Clause::with_buffers(std::mem::take(clause_buffers));
        for ReadSentence { sentence, placed, mentions: in_sentence, continues, clauses } in read.iter() {
            let Some(sentence) = seg.sentences.get(*sentence) else {
                continue;
            };
            let words = SentenceWords { text, tokens: seg.tokens_of(sentence), words: lookups.of(placed) };
            for &span in spans.get(clauses.clone()).unwrap_or_default() {
                clause.fill(&words, span, mentions, in_sentence.clone());
                // Pushed first and completed in place, so the claim is moved once.
                claims.push(self.claim(text, seg.dateline_span, sentence, &clause, &words, mentions));
                let Some((claim, earlier)) = claims.split_last_mut() else {
                    continue;
                };
                if claim.time.is_none() {
                    claim.time = carried_time(claim, sentence, *continues, earlier, paragraphs);
                }
                if claim.time.is_none() {
                    claim.time = dct_time(doc, &clause, claim);
                }
                paragraphs.push(sentence.paragraph);
            }
        }
        *clause_buffers = clause.into_buffers();
        claims
    }

    /// Splits a sentence into clauses at ";", ", while", ", whereas", and ", and" when
    /// a new subject and finite verb follow. Adds the clauses' spans to `spans`.
    fn clauses(
        &self,
        words: &SentenceWords,
        sentence: Span,
        mentions: &[Mention],
        in_sentence: Range<usize>,
        spans: &mut Vec<Span>,
    ) {
        let first = spans.len();
        let mut push = |span: Span| {
            if !span.is_empty() {
                spans.push(span);
            }
        };
        let n = words.words.len();
        let mut start_word = 0;
        let mut begin = sentence.start;
        // No clause is cut at the first word.
        for cut in words.words.marked_in(0..n).indices(SEMICOLON | CONTRAST | AND).filter(|&cut| cut > 0) {
            // Both sides of a cut need some substance to be an assertion of their own.
            if cut.saturating_sub(start_word) < 4 || n.saturating_sub(cut) < 4 {
                continue;
            }
            // Whether the cut word itself is dropped, if a clause starts here.
            let drop = if words.words.is(cut, SEMICOLON) {
                true
            } else if words.words.is(cut - 1, COMMA)
                && (words.words.is(cut, CONTRAST)
                    || words.words.is(cut, AND) && self.opens_clause(words, cut + 1, mentions, in_sentence.clone()))
            {
                false
            } else {
                continue;
            };
            start_word = if drop { cut + 1 } else { cut };
            // The clause ends before the cut word, and before a comma in front of it.
            let last = if words.words.is(cut - 1, COMMA) { cut - 1 } else { cut };
            let end = words.tokens.get(last.wrapping_sub(1)).map_or(begin, |t| t.span().end).max(begin);
            push(Span::new(begin, end));
            let next = if drop { cut + 1 } else { cut };
            begin = words.tokens.get(next).map_or(sentence.end, |t| t.span().start);
        }
        push(Span::new(begin, sentence.end));
        if spans.len() == first {
            spans.push(sentence);
        }
    }

    /// Whether a clause with its own subject and finite verb starts at word `at`.
    fn opens_clause(&self, words: &SentenceWords, at: usize, mentions: &[Mention], own: Range<usize>) -> bool {
        if at >= words.words.len() {
            return false;
        }
        let capitalised = words.capitalised(at);
        let starts_actor = words.tokens.get(at).is_some_and(|t| {
            own.clone().any(|m| mentions[m].kind() == Kind::Actor && mentions[m].span.start == t.span().start)
        });
        if !(words.words.is(at, SUBJECT_OPENER) || starts_actor || capitalised) {
            return false;
        }
        (at + 1..(at + 7).min(words.words.len())).any(|k| {
            words.words.is(k, AUXILIARY)
                || self.triggers.at(&words.words, k).is_some_and(|t| t.pos == Pos::Verb && (t.participle || t.present))
        })
    }

    /// Builds the claim of one clause.
    fn claim(
        &self,
        text: &str,
        dateline: Option<Span>,
        sentence: &Sentence,
        clause: &Clause,
        words: &SentenceWords,
        mentions: &[Mention],
    ) -> Claim {
        let Clause { span, sentence: in_sentence, own, actors, times, figures, .. } = clause;
        let figures = figures.clone();

        let trigger = self.trigger(words, clause);
        let attribution = self.attribution(text, words, clause, mentions);
        let modality = self.modality(words, clause, attribution.is_some());
        let kind = match (&attribution, modality, &trigger) {
            (Some(_), _, _) => ClaimKind::Statement,
            (None, Modality::Hedged | Modality::Forecast, _) => ClaimKind::Assessment,
            (None, _, Some((_, entry))) if entry.claim == ClaimKind::Statistic => ClaimKind::Statistic,
            (None, _, None) if !figures.is_empty() => ClaimKind::Statistic,
            (None, _, Some((_, entry))) => entry.claim,
            (None, _, None) => ClaimKind::Event,
        };
        let roles = roles(text, words, trigger, mentions, actors, attribution.as_ref());
        // The time nearest the trigger dates the claim ("seized in September were released
        // last Tuesday"); a time elsewhere in the sentence dates every clause of it. A
        // dateline's date says when the article was filed, so it dates nothing.
        let anchor = trigger.map_or(span.start, |(i, _)| words.tokens[i].span().start);
        // The clause's mentions are some of the sentence's: when they are all of them,
        // the sentence has no time the clause lacks.
        let time = nearest_time(words, mentions, dateline, anchor, times.iter().copied()).or_else(|| {
            (own.len() < in_sentence.len())
                .then(|| nearest_time(words, mentions, dateline, anchor, in_sentence.clone()))
                .flatten()
        });
        Claim {
            sentence: sentence.index,
            span: *span,
            kind,
            trigger: trigger.map(|(i, entry)| Trigger { span: words.tokens[i].span(), class: entry.class.clone() }),
            time,
            actors: roles,
            figures,
            attribution,
            modality,
        }
    }

    /// The main verb of the clause, else its first event noun. News reports in the past
    /// tense, so a past form outranks a present one, which outranks an -ing form
    /// (often a gerund: "reducing its workforce"); a verb form right after a determiner
    /// or a possessive is read as a noun ("its plan", "Azerbaijan's exports").
    fn trigger<'a>(&'a self, words: &SentenceWords, clause: &Clause) -> Option<(usize, &'a TriggerEntry)> {
        let range = clause.words.clone();
        let mut best: Option<(u8, usize, &TriggerEntry)> = None;
        let first_subordinator = clause.marked.indices(SUBORDINATOR).next().unwrap_or(range.end);
        for i in clause.marked.indices(TRIGGER) {
            let Some(entry) = self.triggers.at(&words.words, i) else {
                continue;
            };
            // A verb of the main clause outranks one after "that", "when", "which"….
            let subordinate = first_subordinator < i;
            let floor = u8::from(subordinate) * 10
                + match entry.pos {
                    Pos::Verb => 0,
                    Pos::Noun => 4,
                };
            // Only a lower rank displaces the best so far: a word that cannot reach one
            // is passed over before its rank is known, and one that does not reach one
            // before the checks that read its text and neighbours.
            if best.is_some_and(|(r, _, _)| floor >= r) {
                continue;
            }
            let previous = i.checked_sub(1);
            // Asked of verbs only, as it reads the text for a possessive.
            let after_determiner = || previous.is_some_and(|p| words.words.is(p, DETERMINER) || words.possessive(p));
            // A verb after an auxiliary is surely finite ("were released", "has cut"),
            // where a bare participle may be a reduced relative ("a tanker seized in
            // September").
            let after_auxiliary = previous.is_some_and(|p| words.words.is(p, AUXILIARY | FORM_OF_BE));
            let base = u8::from(subordinate) * 10;
            let rank = match entry.pos {
                Pos::Verb => {
                    let finite = base
                        + if after_auxiliary {
                            0
                        } else if entry.participle {
                            1
                        } else if entry.present {
                            2
                        } else {
                            3
                        };
                    // After a determiner a verb form ranks below any finite reading, so
                    // one whose finite reading cannot displace the best is passed over
                    // before the text is read for a possessive.
                    if best.is_some_and(|(r, _, _)| finite >= r) {
                        continue;
                    }
                    if after_determiner() { base + 5 } else { finite }
                }
                Pos::Noun => base + 4,
            };
            if best.is_some_and(|(r, _, _)| rank >= r)
                || i > range.start && words.capitalised(i)
                || clause.inside_mention(words.tokens[i].span())
                || next_to_hyphen(words, i)
            {
                continue;
            }
            best = Some((rank, i, entry));
        }
        best.map(|(_, i, entry)| (i, entry))
    }

    /// The modality of the clause: reported when attributed to a source; else that of
    /// its first modality cue, which in news prose governs what follows it ("refrained
    /// from saying whether Moscow would…" is negated, not hedged); else asserted.
    fn modality(&self, words: &SentenceWords, clause: &Clause, attributed: bool) -> Modality {
        if attributed {
            return Modality::Reported;
        }
        clause
            .marked
            .indices(MODALITY_CUE)
            .find_map(|i| {
                let (_, modality) = self.modality.at(&words.words, i)?;
                (!clause.inside_mention(words.tokens[i].span())).then_some(*modality)
            })
            .unwrap_or(Modality::Asserted)
    }

    /// The reported-speech source of the clause, from the first attribution cue.
    fn attribution(
        &self,
        text: &str,
        words: &SentenceWords,
        clause: &Clause,
        mentions: &[Mention],
    ) -> Option<Attribution> {
        let actors = &clause.actors;
        for i in clause.marked.indices(ATTRIBUTION_CUE) {
            let Some((len, kind)) = self.attribution.at(&words.words, i) else {
                continue;
            };
            if clause.inside_mention(words.tokens[i].span()) || words.capitalised(i) && i > clause.words.start {
                continue;
            }
            let previous = i.checked_sub(1);
            let previous_is = |class: Classes| previous.is_some_and(|k| words.words.is(k, class));
            if matches!(kind, CueKind::Speech | CueKind::Verb) && previous_is(DETERMINER) {
                // "a confirmed attack", "the reported figure": an adjective, not a report.
                continue;
            }
            let cue_span = Span::new(words.tokens[i].span().start, words.tokens[i + len - 1].span().end);
            let cue = Anchor::new(words, cue_span, i, i + len);
            let cue_text = || cue_span.text(text).to_owned();
            let before = actors.iter().copied().filter(|&a| mentions[a].span.end <= cue_span.start);
            let mut after = actors.iter().copied().filter(|&a| mentions[a].span.start >= cue_span.end);
            match kind {
                CueKind::Prefix => {
                    let source = after.next().filter(|&a| words_after(words, cue, mentions[a].span.start) <= 4);
                    return Some(Attribution { source, cue: cue_text(), inner: None });
                }
                CueKind::Noun => {
                    if !words.words.is(i + len, THAT) {
                        continue;
                    }
                    let holder = before.clone().rev().find(|&a| {
                        possessive_after(text, mentions[a].span) && words_before(words, mentions[a].span.end, cue) <= 3
                    });
                    let outer = subject(words, mentions, before, holder, cue);
                    return Some(match (outer, holder) {
                        (Some(outer), inner) => Attribution { source: Some(outer), cue: cue_text(), inner },
                        (None, holder) => Attribution { source: holder, cue: cue_text(), inner: None },
                    });
                }
                CueKind::Speech | CueKind::Verb => {
                    // "…, the Russian Finance Ministry said": the actor right before the
                    // cue speaks; else the clause's subject; else "…, said X".
                    let adjacent = before.clone().rev().find(|&a| {
                        words_before(words, mentions[a].span.end, cue) <= 1
                            && !word_before(words, mentions[a].span.start)
                                .is_some_and(|k| words.words.is(k, PREPOSITION))
                    });
                    let right_after = after.next().filter(|&a| words_after(words, cue, mentions[a].span.start) <= 2);
                    // "X, chief economist at Y, said": after an apposition the subject
                    // speaks, not the actor the apposition ends with.
                    let after_apposition = previous_is(COMMA);
                    let adjacent = adjacent.filter(|_| !after_apposition);
                    let source = adjacent.or_else(|| subject(words, mentions, before, None, cue)).or(right_after);
                    let that_follows = words.words.is(i + len, THAT);
                    if *kind == CueKind::Verb && source.is_none() && !that_follows {
                        continue;
                    }
                    return Some(Attribution { source, cue: cue_text(), inner: None });
                }
            }
        }
        None
    }
}

impl<'t> SentenceWords<'t> {
    /// Whether the word at `i` starts with a capital; asked of few words, so read from
    /// the text only then.
    fn capitalised(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| vocabulary::capitalised_at(self.text, t.span()))
    }

    /// Whether the word at `i` is a possessive ("Azerbaijan's", "ministers'").
    fn possessive(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| vocabulary::possessive_at(self.text, t.span()))
    }

    /// The words that lie within `span`: one run, as words are in text order and do not
    /// overlap.
    fn within(&self, span: Span) -> Range<usize> {
        // Most clauses are whole sentences, which hold all their words.
        if let (Some(first), Some(last)) = (self.tokens.first(), self.tokens.last())
            && first.span().start >= span.start
            && last.span().end <= span.end
        {
            return 0..self.tokens.len();
        }
        let first = self.tokens.partition_point(|t| t.span().start < span.start);
        let count = self.tokens.get(first..).unwrap_or(&[]).partition_point(|t| t.span().end <= span.end);
        first..first + count
    }
}

impl<'w> Clause<'w> {
    /// An empty clause whose lists are written into `buffers`.
    fn with_buffers(buffers: ClauseBuffers) -> Self {
        let ClauseBuffers { own, actors, times, figures, own_spans } = buffers;
        Clause { own, actors, times, figures, own_spans, ..Clause::default() }
    }

    /// The clause's buffers, for the next document.
    fn into_buffers(self) -> ClauseBuffers {
        let Clause { own, actors, times, figures, own_spans, .. } = self;
        ClauseBuffers { own, actors, times, figures, own_spans }
    }

    /// Replaces the clause with the one at `span`, in the sentence whose words are `words`
    /// and whose mentions are `in_sentence`.
    fn fill(&mut self, words: &SentenceWords<'w>, span: Span, mentions: &[Mention], in_sentence: Range<usize>) {
        self.span = span;
        self.words = words.within(span);
        self.marked = words.words.marked_in(self.words.clone());
        self.sentence = in_sentence.clone();
        self.own.clear();
        self.actors.clear();
        self.times.clear();
        self.figures.clear();
        self.own_spans.clear();
        // One pass over the mentions, which are large, for all five lists.
        for (i, mention) in in_sentence.clone().zip(mentions.get(in_sentence).unwrap_or_default()) {
            if span.contains(mention.span) {
                self.own.push(i);
                self.own_spans.push(mention.span);
                match mention.kind() {
                    Kind::Actor => self.actors.push(i),
                    Kind::Time => self.times.push(i),
                    Kind::Money | Kind::Percent | Kind::Quantity => self.figures.push(i),
                    Kind::Name => {}
                }
            }
        }
    }

    /// Whether the word at `word` lies inside one of the clause's mentions. Mentions are
    /// in text order and do not overlap, so only the first one ending after the word's
    /// start can hold it.
    fn inside_mention(&self, word: Span) -> bool {
        let m = self.own_spans.partition_point(|s| s.end <= word.start);
        self.own_spans.get(m).is_some_and(|s| s.overlaps(word))
    }
}

/// The end of the run of mentions from `from` on that pass `before`.
fn run_end(mentions: &[Mention], from: usize, before: impl Fn(&Mention) -> bool) -> usize {
    from + mentions.get(from..).unwrap_or_default().iter().take_while(|m| before(m)).count()
}

/// The time nearest `anchor` among the mentions `ids`, not in the dateline; one that
/// bounds ("since 2022", "until March", "by 2030") rather than dates comes last.
fn nearest_time(
    words: &SentenceWords,
    mentions: &[Mention],
    dateline: Option<Span>,
    anchor: usize,
    ids: impl Iterator<Item = usize>,
) -> Option<ClaimTime> {
    let mut times = ids
        .filter(|&i| !dateline.is_some_and(|d| d.contains(mentions[i].span)))
        .filter(|&i| point_timex(mentions, i).is_some());
    let first = times.next()?;
    // A clause seldom has two times: one alone is the nearest without placing it.
    let Some(second) = times.next() else {
        return point_time(mentions, first);
    };
    [first, second]
        .into_iter()
        .chain(times)
        .min_by_key(|&i| {
            let bound = word_before(words, mentions[i].span.start).is_some_and(|k| words.words.is(k, BOUND));
            (bound, mentions[i].span.start.abs_diff(anchor))
        })
        .and_then(|i| point_time(mentions, i))
}

fn next_to_hyphen(words: &SentenceWords, i: usize) -> bool {
    let is_hyphen = |k: usize| words.words.is(k, HYPHEN);
    let touching_next = words.tokens.get(i + 1).is_some_and(|t| t.span().start == words.tokens[i].span().end);
    let touching_prev = i > 0 && words.tokens[i - 1].span().end == words.tokens[i].span().start;
    (is_hyphen(i + 1) && touching_next) || (i > 0 && is_hyphen(i - 1) && touching_prev)
}

/// Where a cue or trigger, words `first..end` of the sentence at `span`, falls among the
/// words, found by stepping from the words themselves (see
/// [`partition_near`]) so that counting the words between it and a mention bisects only
/// for the mention.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    /// The number of words that start before it.
    starts_before: usize,
    /// The number of words that start before its end.
    starts_before_end: usize,
    /// The number of words that end at or before its start.
    ends_before: usize,
}

impl Anchor {
    fn new(words: &SentenceWords, span: Span, first: usize, end: usize) -> Self {
        Anchor {
            starts_before: partition_near(words.tokens, first, |t| t.span().start < span.start),
            starts_before_end: partition_near(words.tokens, end, |t| t.span().start < span.end),
            ends_before: partition_near(words.tokens, first, |t| t.span().end <= span.start),
        }
    }
}

/// `tokens.partition_point(pred)`, searched from `hint` outwards: a step or two when the
/// hint is the word the point lies at.
fn partition_near(tokens: &[Token], hint: usize, pred: impl Fn(&Token) -> bool) -> usize {
    let mut at = hint.min(tokens.len());
    while at > 0 && tokens.get(at - 1).is_some_and(|t| !pred(t)) {
        at -= 1;
    }
    while tokens.get(at).is_some_and(&pred) {
        at += 1;
    }
    at
}

/// Number of words that start between the end of `anchor` and `to`.
fn words_after(words: &SentenceWords, anchor: Anchor, to: usize) -> usize {
    words.tokens.partition_point(|t| t.span().start < to).saturating_sub(anchor.starts_before_end)
}

/// Number of words that start between `from` and the start of `anchor`.
fn words_before(words: &SentenceWords, from: usize, anchor: Anchor) -> usize {
    anchor.starts_before.saturating_sub(words.tokens.partition_point(|t| t.span().start < from))
}

/// Whether the text right after `span` is a possessive "'s" / "’s" / "s'".
fn possessive_after(text: &str, span: Span) -> bool {
    let rest = text.get(span.end..).unwrap_or("");
    rest.starts_with("’s") || rest.starts_with("'s") || rest.starts_with('’') || rest.starts_with('\'')
}

/// The index of the word just before `start`.
fn word_before(words: &SentenceWords, start: usize) -> Option<usize> {
    let after = words.tokens.partition_point(|t| t.span().end <= start);
    after.checked_sub(1)
}

/// The subject among `candidates` (actors before a verb): the first one not inside a
/// prepositional phrase ("by" phrases count: "investigations by Kazakh authorities"),
/// skipping `except`.
fn subject(
    words: &SentenceWords,
    mentions: &[Mention],
    candidates: impl Iterator<Item = usize> + Clone,
    except: Option<usize>,
    verb: Anchor,
) -> Option<usize> {
    // Often no actor comes before the verb; then there is no opener to look for.
    candidates.clone().next()?;
    // The subject of a verb in a subordinate clause follows the word that opens it
    // ("…, when an Azerbaijan Airlines aircraft crashed"): look there first.
    let opener =
        words.words.indices_in(0..verb.ends_before, SUBORDINATOR).next_back().map(|i| words.tokens[i].span().end);
    let subject_like = |a: &usize| {
        let before = word_before(words, mentions[*a].span.start);
        Some(*a) != except && !before.is_some_and(|k| words.words.is(k, PREPOSITION | DASH))
    };
    let after_opener =
        opener.and_then(|o| candidates.clone().filter(|&a| mentions[a].span.start >= o).find(subject_like));
    after_opener.or_else(|| candidates.clone().find(subject_like))
}

/// Roles of the clause's actors around its trigger.
fn roles(
    text: &str,
    words: &SentenceWords,
    trigger: Option<(usize, &TriggerEntry)>,
    mentions: &[Mention],
    actors: &[usize],
    attribution: Option<&Attribution>,
) -> Vec<(usize, Role)> {
    let mut roles: Vec<(usize, Role)> = actors.iter().map(|&a| (a, Role::Other)).collect();
    let mut set = |id: usize, role: Role| {
        if let Some(slot) = roles.iter_mut().find(|(a, r)| *a == id && *r == Role::Other) {
            slot.1 = role;
        }
    };
    if let Some(source) = attribution.and_then(|a| a.source) {
        set(source, Role::Agent);
    }
    // Without actors there are no roles to give, and no need to place the trigger.
    let Some((index, entry)) = trigger.filter(|_| !actors.is_empty()) else {
        return roles;
    };
    let trigger_span = words.tokens[index].span();
    let verb = Anchor::new(words, trigger_span, index, index + 1);
    let before = actors.iter().copied().filter(|&a| mentions[a].span.end <= trigger_span.start);
    let after = actors.iter().copied().filter(|&a| mentions[a].span.start >= trigger_span.end);
    let passive = entry.pos == Pos::Verb
        && entry.participle
        && (1..=2).any(|k| index >= k && words.words.is(index - k, FORM_OF_BE));
    let is_by = |a: usize| word_before(words, mentions[a].span.start).is_some_and(|k| words.words.is(k, BY));
    let by_agent = after.clone().find(|&a| is_by(a) && words_after(words, verb, mentions[a].span.start) <= 5);
    // A possessive right before an event noun is its agent: "Moscow's outright rejection".
    let possessor = before.clone().rev().find(|&a| {
        entry.pos == Pos::Noun
            && possessive_after(text, mentions[a].span)
            && words_before(words, mentions[a].span.end, verb) <= 3
    });
    let object = after.clone().find(|&a| {
        let between = words_after(words, verb, mentions[a].span.start);
        let span = Span::new(trigger_span.end, mentions[a].span.start);
        // The marks are ASCII, so they are found among the bytes without decoding.
        between <= 6 && !span.text(text).bytes().any(|b| matches!(b, b',' | b';' | b'.')) && Some(a) != by_agent
    });
    let has_agent = attribution.and_then(|a| a.source).is_some();
    if passive {
        if let Some(agent) = by_agent.filter(|_| !has_agent) {
            set(agent, Role::Agent);
        }
        if let Some(target) = subject(words, mentions, before.clone(), None, verb) {
            set(target, Role::Target);
        }
    } else {
        let agent = possessor
            .or_else(|| subject(words, mentions, before.clone(), None, verb))
            .or_else(|| before.clone().find(|&a| is_by(a)));
        if let Some(agent) = agent.filter(|_| !has_agent) {
            set(agent, Role::Agent);
        }
        if let Some(target) = object {
            set(target, Role::Target);
        }
    }
    roles
}

/// A time mention that dates a claim: a DATE or TIME with a calendar value (not a
/// duration, a set, or a vague PRESENT_REF).
fn point_time(mentions: &[Mention], i: usize) -> Option<ClaimTime> {
    let timex = point_timex(mentions, i)?;
    Some(ClaimTime { timex: timex.to_owned(), mention: Some(i), from: TimeFrom::Sentence, back: None })
}

/// The TIMEX3 value of a time mention that dates a claim (see [`point_time`]).
fn point_timex(mentions: &[Mention], i: usize) -> Option<&str> {
    match &mentions[i].value {
        Value::Time(t) if matches!(t.timex_type, TimexType::Date | TimexType::Time) && !t.timex.ends_with("_REF") => {
            Some(&t.timex)
        }
        _ => None,
    }
}

/// A time carried over from an earlier claim of the same paragraph (or the one before)
/// when this claim continues its topic: it opens with a continuation ("Conversely,",
/// "Meanwhile,") or it is a statistic right after a dated statistic.
/// `earlier` are the claims before this one, `paragraphs` their paragraphs.
fn carried_time(
    claim: &Claim,
    sentence: &Sentence,
    continues: bool,
    earlier: &[Claim],
    paragraphs: &[usize],
) -> Option<ClaimTime> {
    let previous = earlier.last()?;
    let chained_statistic = claim.kind == ClaimKind::Statistic && previous.kind == ClaimKind::Statistic;
    if !(continues || chained_statistic) {
        return None;
    }
    let source = earlier
        .iter()
        .zip(paragraphs)
        .rev()
        .take_while(|&(_, &paragraph)| sentence.paragraph.saturating_sub(paragraph) <= 1)
        .find_map(|(e, _)| {
            let time = e.time.as_ref().filter(|t| t.from != TimeFrom::Dct)?;
            Some((e.sentence, time))
        })?;
    let back = sentence.index.checked_sub(source.0)?;
    (back <= 3).then(|| ClaimTime {
        timex: source.1.timex.clone(),
        mention: source.1.mention,
        from: TimeFrom::Context,
        back: Some(back),
    })
}

/// The document date for a present-tense event or statement, when the dct is known.
fn dct_time(doc: Dated<'_>, clause: &Clause, claim: &Claim) -> Option<ClaimTime> {
    let dct = doc.dct?;
    if claim.kind == ClaimKind::Assessment {
        return None;
    }
    let present = clause.marked.indices(PRESENT_TENSE).next().is_some();
    present.then(|| ClaimTime { timex: dct.to_string(), mention: None, from: TimeFrom::Dct, back: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn a_thread_keeps_the_buffers_of_an_article_but_not_of_a_huge_document() {
        std::thread::spawn(|| {
            let extractor = crate::Extractor::new(&crate::Rules::embedded()).expect("embedded rules load");
            let sentence = "Officials in Baku said on Monday that talks would resume. ";
            extractor.extract(&Document::new("article", format!("A headline\n\n{}", sentence.repeat(40))));
            let kept = BUFFERS.with_borrow(|b| b.lookups.room());
            assert!((1..=KEPT_WORDS).contains(&kept), "{kept}");
            extractor.extract(&Document::new("huge", format!("A headline\n\n{}", sentence.repeat(KEPT_WORDS / 8))));
            assert_eq!(BUFFERS.with_borrow(|b| b.lookups.room()), 0);
        })
        .join()
        .expect("the test thread finishes");
    }
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn a_partition_searched_from_a_hint_is_the_bisected_one(
            gaps in proptest::collection::vec((0usize..3, 0usize..4), 0..40), hint in 0usize..45, at in 0usize..150
        ) {
            // Words in order, not overlapping, some of them empty.
            let mut tokens = Vec::new();
            let mut end = 0;
            for (gap, len) in gaps {
                let start = end + gap;
                end = start + len;
                tokens.push(Token::new(Span::new(start, end)));
            }
            let starts_before = |t: &Token| t.span().start < at;
            let ends_before = |t: &Token| t.span().end <= at;
            prop_assert_eq!(partition_near(&tokens, hint, starts_before), tokens.partition_point(starts_before));
            prop_assert_eq!(partition_near(&tokens, hint, ends_before), tokens.partition_point(ends_before));
        }
    }
}
