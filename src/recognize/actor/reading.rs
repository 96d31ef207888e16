//! Reading one sentence: words, lexicon hits, runs of capitalised words, and the rules
//! that type a run by its parts and its neighbours.

use std::cell::Cell;
use std::sync::Arc;

use crate::document::Span;
use crate::recognize::{Candidate, SentenceContext};
use crate::segment::Part;
use crate::value::Value;

use super::ActorValue;
use super::lexicon::{HeadKind, Lexicon, Role, Sense, slug_into};

/// A word of the sentence (a token, with a possessive "'s" split off).
#[derive(Debug, Clone, Copy)]
struct Word {
    span: Span,
    case: Case,
}

impl Word {
    fn cap(&self) -> bool {
        self.case.0 & Case::CAP != 0
    }

    fn upper(&self) -> bool {
        self.case.0 & Case::UPPER != 0
    }

    fn lower(&self) -> bool {
        self.case.0 & Case::LOWER != 0
    }
}

/// A word's case, as bits. A whole machine word rather than three `bool`s, and worked
/// out apart from the word's span: a word's case is settled in one of several branches
/// and the word then pushed onto the sentence's list, and fields stored piecemeal on the
/// stack and read back whole for the push stall the read until the stores retire (store
/// forwarding fails), which cost more than the rest of the word's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case(u64);

impl Case {
    /// Starts with an upper-case letter.
    const CAP: u64 = 1;
    /// Has letters and no lower-case letter.
    const UPPER: u64 = 2;
    /// Starts with a lower-case letter.
    const LOWER: u64 = 4;

    #[inline(always)]
    fn new(cap: bool, upper: bool, lower: bool) -> Self {
        Case((u64::from(cap) * Case::CAP) | (u64::from(upper) * Case::UPPER) | (u64::from(lower) * Case::LOWER))
    }
}

/// A lexicon match aligned on words.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// One past its last word.
    end: usize,
    /// Its senses that agree with its spelling: a range of `Reading::senses`.
    senses_from: usize,
    senses_to: usize,
}

/// The buffers of a reading, kept from one sentence to the next so that a reading does
/// not allocate them anew. A reading borrows them, rather than moving them in and out,
/// as a move of them all costs more than a short sentence's reading.
#[derive(Default)]
pub(super) struct Buffers {
    words: Vec<Word>,
    /// The longest match accepted as spelled, per first word that has one, in order;
    /// `hit_at` points into it.
    longest: Vec<(usize, Hit)>,
    /// The hit starting at each word: its index in `longest`, or [`NONE`].
    hit_at: Vec<u32>,
    /// The first word of the hit ending just before each word (index = end), or [`NONE`].
    hit_end: Vec<u32>,
    /// The senses of the hits, each hit's in one range.
    senses: Vec<Sense>,
    /// The pieces of the run being classified (taken while in use).
    run_pieces: Cell<Vec<Piece>>,
    /// The keys spelled from one word: (index of its last word after the first, key).
    spelled: Vec<(usize, usize)>,
    /// The capitalised words, in order.
    capitalised: Vec<u32>,
    /// The first words of the accepted hits, in order.
    hit_starts: Vec<u32>,
    /// Where a slug is spelled before it is shared (taken while in use).
    slug: Cell<String>,
}

/// One part of a run: a lexicon hit, a plain capitalised word, or glue (connector,
/// particle, hyphen, initial's dot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Hit(usize, usize),
    Word(usize),
    Glue(usize),
}

/// What the words of a sentence say of its case.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Words that start with a capital or are in capitals.
    letters: usize,
    /// Words of more than one byte in capitals.
    upper: usize,
}

/// The roles of the words either side of a name.
#[derive(Debug, Clone, Copy)]
struct Roles {
    before: Option<Role>,
    after: Option<Role>,
}

/// What the words around a name say about it.
#[derive(Debug, Clone, Copy, Default)]
struct Cue {
    person: bool,
    country: Option<u16>,
}

pub(super) struct Reading<'a, 'b> {
    lex: &'a Lexicon,
    text: &'a str,
    /// The words, hits and senses of the sentence.
    b: &'b Buffers,
    /// Where the sentence starts, which a first word is glued to.
    start: usize,
    /// A headline in capitals: only gazetteer hits are read.
    caps: bool,
}

/// The possessive "’s", as bytes.
const POSSESSIVE: &[u8] = "\u{2019}s".as_bytes();

/// No hit, in `hit_at` and `hit_end`.
const NONE: u32 = u32::MAX;

const RULE_COUNTRY: &str = "actor/country-name";
const RULE_DEMONYM_GROUP: &str = "actor/demonym-group";
const RULE_CAPITAL_METONYM: &str = "actor/capital-metonym";
const RULE_CAPITAL_CITY: &str = "actor/capital-city";
const RULE_SEAT: &str = "actor/seat-metonym";
const RULE_CITY: &str = "actor/city-name";
const RULE_REGION: &str = "actor/region-name";
const RULE_ORG: &str = "actor/org-name";
const RULE_ORG_HEAD: &str = "actor/org-head";
const RULE_MEDIA_EDITION: &str = "actor/media-edition";
const RULE_ACRONYM: &str = "actor/acronym-defined";
const RULE_TITLE_PERSON: &str = "actor/title-person";
const RULE_CUE_PERSON: &str = "actor/cue-person";
const RULE_FIRST_NAME: &str = "actor/first-name-person";
const RULE_REPORTED: &str = "actor/reported-person";
/// A lone capitalised word: kept only when resolve links it to a name of the document.
pub(crate) const RULE_BARE_NAME: &str = "actor/bare-name";
/// Capitalised words with no cue: a weak person reading.
const RULE_NAME_RUN: &str = "actor/name-run";
const RULE_SHIELD: &str = "actor/proper-name";
const RULE_TEAM: &str = "actor/team";

impl<'a, 'b> Reading<'a, 'b> {
    pub(super) fn new(lex: &'a Lexicon, cx: &SentenceContext<'a>, buffers: &'b mut Buffers) -> Self {
        let Buffers { words, longest, hit_at, hit_end, senses, spelled, capitalised, hit_starts, .. } = buffers;
        let text = cx.text;
        let bytes = text.as_bytes();
        let sentence = cx.sentence_text();
        let base = cx.sentence.span.start;
        words.clear();
        capitalised.clear();
        words.reserve(cx.tokens.len() + 1);
        let mut counts = Counts::default();
        for token in cx.tokens {
            let span = token.span();
            let t = bytes.get(span.start..span.end).unwrap_or_default();
            // Most words do not end in "s", and need no look at the possessives.
            let split = match t.last() {
                Some(b's' | b'S') => possessive(t),
                _ => None,
            };
            match split {
                Some(cut) => {
                    let mid = span.start + cut;
                    let (a, b) = t.split_at_checked(cut).unwrap_or_default();
                    let (first, second) = (Span::new(span.start, mid), Span::new(mid, span.end));
                    push_word(words, capitalised, &mut counts, Word { span: first, case: case(text, a, first) });
                    push_word(words, capitalised, &mut counts, Word { span: second, case: case(text, b, second) });
                }
                None => push_word(words, capitalised, &mut counts, Word { span, case: case(text, t, span) }),
            }
        }
        let Counts { letters, upper } = counts;
        let n = words.len();
        // A headline in capitals, or a title in title case: capitalisation says nothing there.
        let title_case = cx.sentence.part == Part::Title && {
            let alpha = words.iter().filter(|w| alphabetic(w.span.text(text))).count();
            letters * 10 >= alpha * 6
        };
        let caps = (letters >= 3 && upper * 10 >= letters * 7) || title_case;
        // The longest match accepted as spelled, per first word that has one. Every key
        // spelled from a word's start is tried, so that a longer form rejected by its
        // spelling does not hide a shorter one.
        longest.clear();
        senses.clear();
        // The words from the one read on, taken from the front as the loop goes.
        let (mut later, mut next) = (words.as_slice(), 0);
        while let [w, rest @ ..] = later {
            let (first, here) = (next, later);
            (next, later) = (first + 1, rest);
            let Some(start) = w.span.start.checked_sub(base) else { continue };
            let ends = here.iter().map(|w| w.span.end.wrapping_sub(base));
            let mut lengths = ends.clone().map(|e| e.wrapping_sub(start));
            // Most words open no key, which a look at their first bytes tells; a word in
            // lower case, most of all, spells only forms written as it is.
            let opens = if w.lower() {
                lex.lower_may_spell(sentence, start, lengths)
            } else {
                let (len, after) = (lengths.next().unwrap_or(0), lengths.next().unwrap_or(usize::MAX));
                lex.may_open(sentence, start, false, len, after)
            };
            if !opens {
                continue;
            }
            spelled.clear();
            lex.keys_at(sentence, start, w.lower(), ends, spelled);
            // The keys come shortest first: the longest with a sense is the hit, and the
            // shorter ones need no look at their senses.
            for &(i, key) in spelled.iter().rev() {
                let last = first + i;
                let Some(e) = words.get(last).map(|w| w.span.end) else { continue };
                let senses_from = senses.len();
                lex.senses(key, bytes.get(w.span.start..e).unwrap_or_default(), caps, senses);
                if senses.len() > senses_from {
                    longest.push((first, Hit { end: last + 1, senses_from, senses_to: senses.len() }));
                    break;
                }
            }
        }
        // Leftmost first, then longest; hits do not overlap.
        hit_at.clear();
        hit_at.resize(n, NONE);
        hit_end.clear();
        hit_end.resize(n + 1, NONE);
        hit_starts.clear();
        // The first word not covered by an accepted hit.
        let mut next = 0;
        for (k, &(i, h)) in longest.iter().enumerate() {
            if i < next {
                continue;
            }
            // A name that takes its article ("the Caspian") yields to one that starts on
            // its next word and reaches further ("the Caspian Sea" is "Caspian Sea").
            let yields = words
                .get(i)
                .and_then(|w| bytes.get(w.span.start..w.span.end))
                .is_some_and(|w| w.eq_ignore_ascii_case(b"the"))
                && longest
                    .get(k + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(j, _)| *j < h.end)
                    .any(|(_, g)| g.end > h.end);
            if yields {
                continue;
            }
            if let Some(slot) = hit_at.get_mut(i) {
                *slot = u32::try_from(k).unwrap_or(NONE);
            }
            if let Some(slot) = hit_end.get_mut(h.end) {
                *slot = u32::try_from(i).unwrap_or(NONE);
            }
            hit_starts.push(u32::try_from(i).unwrap_or(NONE));
            next = h.end.max(i + 1);
        }
        Reading { lex, text, b: buffers, start: base, caps }
    }

    /// Reads the sentence.
    pub(super) fn find(&self, out: &mut Vec<Candidate>) {
        // Only a capitalised word or a hit starts anything; the words between are passed
        // over by walking the two lists of them together.
        let (mut caps_from, mut hits_from) = (0, 0);
        let mut i = 0;
        loop {
            let next = |list: &[u32], from: &mut usize| {
                while list.get(*from).is_some_and(|&k| (k as usize) < i) {
                    *from += 1;
                }
                list.get(*from).map_or(usize::MAX, |&k| k as usize)
            };
            i = next(&self.b.capitalised, &mut caps_from).min(next(&self.b.hit_starts, &mut hits_from));
            let Some(w) = self.b.words.get(i).copied() else { break };
            if let Some(h) = self.hit(i)
                && (self.caps || !w.cap())
            {
                self.single(i, h.end, out);
                i = h.end;
                continue;
            }
            if self.caps || !w.cap() {
                i += 1;
                continue;
            }
            let end = self.run_end(i);
            self.classify(i, end, out);
            i = end.max(i + 1);
        }
    }

    /// "A." in "A. Smith": one capital letter and a glued dot.
    fn initial(&self, i: usize) -> bool {
        one_char(self.word(i)) && self.word(i + 1) == b"." && self.glued(i + 1)
    }

    fn hit(&self, i: usize) -> Option<Hit> {
        let k = *self.b.hit_at.get(i)?;
        self.b.longest.get(usize::try_from(k).ok()?).map(|&(_, h)| h)
    }

    /// The first word of the hit ending just before word `k`.
    fn hit_ending(&self, k: usize) -> Option<usize> {
        self.b.hit_end.get(k).copied().filter(|&i| i != NONE).and_then(|i| usize::try_from(i).ok())
    }

    /// The bytes of word `i` (none past the sentence): compared and looked up as bytes,
    /// which a `str` would check for char boundaries each time it is sliced.
    fn word(&self, i: usize) -> &'a [u8] {
        let w = self.b.words.get(i).and_then(|w| self.text.as_bytes().get(w.span.start..w.span.end));
        w.unwrap_or_default()
    }

    /// Whether word `i` follows the one before it (or the sentence's start) with no space.
    fn glued(&self, i: usize) -> bool {
        let prev_end = match i.checked_sub(1) {
            Some(p) => self.b.words.get(p).map(|w| w.span.end),
            None => Some(self.start),
        };
        self.b.words.get(i).is_some_and(|w| prev_end == Some(w.span.start))
    }

    fn is_cap(&self, i: usize) -> bool {
        self.b.words.get(i).is_some_and(|w| w.cap())
    }

    fn span(&self, a: usize, b: usize) -> Span {
        match (self.b.words.get(a), b.checked_sub(1).and_then(|l| self.b.words.get(l))) {
            (Some(x), Some(y)) if a < b => Span::new(x.span.start, y.span.end),
            _ => Span::default(),
        }
    }

    /// The senses of the hit at `i` that agree with its spelling.
    fn senses(&self, i: usize) -> impl Iterator<Item = Sense> + '_ {
        let senses = self.hit(i).and_then(|h| self.b.senses.get(h.senses_from..h.senses_to));
        senses.unwrap_or_default().iter().copied()
    }

    fn has(&self, i: usize, pred: impl Fn(Sense) -> bool) -> bool {
        self.senses(i).any(pred)
    }

    /// The end of the run of capitalised words from `i`.
    fn run_end(&self, i: usize) -> usize {
        let n = self.b.words.len();
        let mut j = i;
        let mut org_head = false;
        while j < n {
            if let Some(h) = self.hit(j) {
                if j > i && !self.is_cap(j) {
                    break;
                }
                org_head |= self.has(j, |s| matches!(s, Sense::OrgHead { .. }));
                j = h.end;
                continue;
            }
            let Some(w) = self.b.words.get(j) else { break };
            if w.cap() {
                j += 1;
                continue;
            }
            let next_cap = self.is_cap(j + 1) && !self.b.words.get(j + 1).is_some_and(|x| x.upper() && self.caps);
            if j == i || !next_cap {
                break;
            }
            let t = self.word(j);
            let glued = self.glued(j) && self.glued(j + 1);
            let initial = t == b"." && self.glued(j) && one_char(self.word(j - 1));
            let joins = match self.lex.role(t) {
                Some(Role::Particle) => true,
                Some(Role::Connector) => org_head,
                _ => false,
            };
            if (t == b"-" && glued) || initial || joins {
                j += 1;
            } else {
                break;
            }
        }
        j
    }

    fn pieces(&self, a: usize, b: usize, out: &mut Vec<Piece>) {
        out.clear();
        let mut i = a;
        while i < b {
            match self.hit(i) {
                Some(h) if h.end <= b => {
                    out.push(Piece::Hit(i, h.end));
                    i = h.end;
                }
                _ => {
                    out.push(if self.is_cap(i) { Piece::Word(i) } else { Piece::Glue(i) });
                    i += 1;
                }
            }
        }
    }

    /// Types the run of capitalised words `[a, b)`.
    fn classify(&self, mut a: usize, b: usize, out: &mut Vec<Candidate>) {
        while a < b && self.hit(a).is_none() && self.lex.is_stopword(self.word(a)) && !self.initial(a) {
            a += 1;
        }
        if a >= b {
            return;
        }
        let mut pieces = self.b.run_pieces.take();
        self.pieces(a, b, &mut pieces);
        self.classify_pieces(a, b, &pieces, out);
        self.b.run_pieces.set(pieces);
    }

    /// Types the run `[a, b)` made of `pieces`.
    fn classify_pieces(&self, a: usize, b: usize, pieces: &[Piece], out: &mut Vec<Candidate>) {
        // A hyphenated compound of places naming a route or facility: not an actor.
        let hyphen = pieces.iter().any(|p| matches!(p, Piece::Glue(g) if self.word(*g) == b"-"));
        let after = if self.word(b) == b"(" && self.word(b + 2) == b")" { b + 3 } else { b };
        if hyphen && self.lex.role(self.word(after)) == Some(Role::CompoundHead) {
            let next = after + 1;
            let end = if self.lex.role(self.word(next)) == Some(Role::CompoundHead) { next + 1 } else { next };
            out.push(Candidate::new(self.span(a, end), RULE_SHIELD, Value::Name("route".to_owned())));
            return;
        }
        if hyphen {
            return self.split(pieces, out);
        }
        let words = pieces.iter().filter(|p| !matches!(p, Piece::Glue(_))).count();
        // An organisation head ending the run ("Azerbaijan Airlines", "Finance Ministry").
        if let Some(Piece::Hit(h, _)) = pieces.last()
            && words >= 2
            && let Some(kind) = self.head_kind(*h, false)
            && !(self.whole_org(a, b))
        {
            return self.org_run(a, b, pieces, kind, out);
        }
        // An organisation head opening it ("Ministry of Defence", "Bank of England").
        if let Some(Piece::Hit(h, _)) = pieces.first()
            && words >= 2
            && let Some(kind) = self.head_kind(*h, true)
        {
            return self.org_run(a, b, pieces, kind, out);
        }
        // A medium with its edition ("Sputnik Azerbaijan").
        if let Some(Piece::Hit(h, _)) = pieces.first()
            && let Some(org) =
                self.org_sense(*h).filter(|o| self.lex.orgs.get(*o as usize).is_some_and(|o| o.kind == "media"))
            && pieces.len() >= 2
            && pieces[1..].iter().all(|p| matches!(p, Piece::Hit(x, _) if self.country_sense(*x).is_some()))
        {
            let country = pieces.last().and_then(|p| match p {
                Piece::Hit(x, _) => self.country_sense(*x),
                _ => None,
            });
            let span = self.span(a, b);
            let name = span.text(self.text);
            let value = self.named(name, "media", country.or(self.org_country(org)), "name");
            out.push(Candidate::new(span, RULE_MEDIA_EDITION, value));
            return;
        }
        if let Some(done) = self.title_person(a, b, pieces, out)
            && done
        {
            return;
        }
        if let [Piece::Hit(s, e)] = pieces {
            return self.single(*s, *e, out);
        }
        if pieces.iter().all(|p| matches!(p, Piece::Word(_) | Piece::Glue(_))) {
            return self.plain(a, b, out);
        }
        // A first name before other words, none a country or organisation: a person.
        if let Some(Piece::Word(first)) = pieces.first()
            && self.lex.is_first_name(self.word(*first))
            && pieces.iter().skip(1).all(|p| match p {
                Piece::Hit(x, _) => self.country_sense(*x).is_none() && self.org_sense(*x).is_none(),
                _ => true,
            })
        {
            let cue = self.cue_before(a).or(self.cue_after(b));
            return self.person(a, b, cue.country, RULE_FIRST_NAME, "name", out);
        }
        self.split(pieces, out)
    }

    /// Reads each part of a run on its own.
    fn split(&self, pieces: &[Piece], out: &mut Vec<Candidate>) {
        let mut plain: Option<(usize, usize)> = None;
        for piece in pieces {
            match *piece {
                Piece::Word(w) => {
                    plain = Some(plain.map_or((w, w + 1), |(s, _)| (s, w + 1)));
                }
                Piece::Hit(s, e) => {
                    if let Some((ps, pe)) = plain.take() {
                        self.classify_plain(ps, pe, out);
                    }
                    self.single(s, e, out);
                }
                Piece::Glue(_) => {
                    if let Some((ps, pe)) = plain.take() {
                        self.classify_plain(ps, pe, out);
                    }
                }
            }
        }
        if let Some((ps, pe)) = plain {
            self.classify_plain(ps, pe, out);
        }
    }

    fn classify_plain(&self, mut a: usize, b: usize, out: &mut Vec<Candidate>) {
        while a < b && self.lex.is_stopword(self.word(a)) {
            a += 1;
        }
        if a < b {
            self.plain(a, b, out);
        }
    }

    fn head_kind(&self, i: usize, prefix: bool) -> Option<HeadKind> {
        self.senses(i).find_map(|s| match s {
            Sense::OrgHead { kind, prefix: p } if p == prefix => Some(kind),
            _ => None,
        })
    }

    fn org_sense(&self, i: usize) -> Option<u32> {
        self.senses(i).find_map(|s| match s {
            Sense::Org { org, .. } => Some(org),
            _ => None,
        })
    }

    /// Whether `[a, b)` is one organisation of the gazetteer.
    fn whole_org(&self, a: usize, b: usize) -> bool {
        self.hit(a).is_some_and(|h| h.end == b) && self.org_sense(a).is_some()
    }

    /// The country a hit names, by name, alias, demonym, capital or as a city's country.
    fn country_sense(&self, i: usize) -> Option<u16> {
        self.senses(i).find_map(|s| match s {
            Sense::Country { country, .. } | Sense::Demonym { country, .. } | Sense::Capital { country, .. } => {
                Some(country)
            }
            Sense::Seat(country) => Some(country),
            _ => None,
        })
    }

    fn org_country(&self, org: u32) -> Option<u16> {
        self.lex.orgs.get(org as usize).and_then(|o| o.country)
    }

    fn code(&self, country: Option<u16>) -> Option<Arc<str>> {
        country.and_then(|c| self.lex.countries.get(c as usize)).map(|c| c.id.clone())
    }

    fn value(
        &self,
        id: Arc<str>,
        name: Arc<str>,
        kind: &'static str,
        country: Option<u16>,
        via: &'static str,
    ) -> Value {
        Value::Actor(ActorValue { id, name, actor_type: kind, country: self.code(country), via: Some(via) })
    }

    /// An actor no gazetteer lists, named by its text: its id is the slug of `name`.
    fn named(&self, name: &str, kind: &'static str, country: Option<u16>, via: &'static str) -> Value {
        self.value(self.slug(name), name.into(), kind, country, via)
    }

    /// The slug of `name`, spelled in the reading's buffer so that only the shared copy
    /// is allocated.
    fn slug(&self, name: &str) -> Arc<str> {
        let mut buffer = self.b.slug.take();
        slug_into(name, &mut buffer);
        let id = Arc::from(buffer.as_str());
        self.b.slug.set(buffer);
        id
    }

    /// An organisation named by a head word: its type from the head, its country from a
    /// country word inside it ("Azerbaijan Airlines" is Azerbaijani).
    fn org_run(&self, a: usize, b: usize, pieces: &[Piece], kind: HeadKind, out: &mut Vec<Candidate>) {
        let span = self.span(a, b);
        if kind == HeadKind::Name {
            out.push(Candidate::new(span, RULE_SHIELD, Value::Name("facility".to_owned())));
            return;
        }
        let country = pieces.iter().find_map(|p| match p {
            Piece::Hit(x, _) => self.country_sense(*x),
            _ => None,
        });
        let text = span.text(self.text);
        let (id, name) = (self.slug(text), Arc::from(text));
        let value = self.value(id.clone(), Arc::clone(&name), kind.actor_type(), country, "name");
        out.push(Candidate::new(span, RULE_ORG_HEAD, value));
        self.acronym(b, &id, &name, kind.actor_type(), country, out);
    }

    /// "Azerbaijan Airlines (AZAL)": the acronym in brackets is the same organisation.
    fn acronym(
        &self,
        b: usize,
        id: &Arc<str>,
        name: &Arc<str>,
        kind: &'static str,
        country: Option<u16>,
        out: &mut Vec<Candidate>,
    ) {
        if self.word(b) != b"(" || self.word(b + 2) != b")" {
            return;
        }
        let Some(w) = self.b.words.get(b + 1) else { return };
        let text = w.span.text(self.text);
        if w.upper() && (2..=8).contains(&text.len()) {
            let value = self.value(Arc::clone(id), Arc::clone(name), kind, country, "acronym");
            out.push(Candidate::new(w.span, RULE_ACRONYM, value));
        }
    }

    /// "Russian President Vladimir Putin", "Mr. Smith": country words, titles, then a name.
    /// Returns `Some(true)` when the run was read this way.
    fn title_person(&self, a: usize, b: usize, pieces: &[Piece], out: &mut Vec<Candidate>) -> Option<bool> {
        let mut k = 0;
        let mut country = None;
        while let Some(Piece::Hit(s, _)) = pieces.get(k)
            && let Some(c) = self.country_sense(*s)
            && !self.has(*s, |x| matches!(x, Sense::Title { .. }))
        {
            country = Some(c);
            k += 1;
        }
        // The country words are the pieces before the titles.
        let countries = pieces.get(..k).unwrap_or_default();
        let mut titled = false;
        while let Some(Piece::Hit(s, _)) = pieces.get(k)
            && let Some(tc) = self.senses(*s).find_map(|x| match x {
                Sense::Title { country, .. } => Some(country),
                _ => None,
            })
        {
            titled = true;
            country = country.or(tc);
            k += 1;
        }
        if !titled {
            return None;
        }
        let start = match pieces.get(k)? {
            Piece::Word(w) | Piece::Hit(w, _) => *w,
            Piece::Glue(_) => return None,
        };
        if start >= b || !self.is_cap(start) {
            return None;
        }
        for piece in countries {
            if let Piece::Hit(s, e) = *piece
                && self.has(s, |x| matches!(x, Sense::Country { .. }))
            {
                self.single(s, e, out);
            }
        }
        let cue = self.cue_before(a);
        self.person(start, b, country.or(cue.country), RULE_TITLE_PERSON, "title", out);
        Some(true)
    }

    fn person(
        &self,
        a: usize,
        b: usize,
        country: Option<u16>,
        rule: &'static str,
        via: &'static str,
        out: &mut Vec<Candidate>,
    ) {
        let span = self.span(a, b);
        let value = self.named(span.text(self.text), "person", country, via);
        out.push(Candidate::new(span, rule, value));
    }

    /// A run of plain capitalised words.
    fn plain(&self, a: usize, b: usize, out: &mut Vec<Candidate>) {
        let cue = self.cue_before(a).or(self.cue_after(b));
        if cue.person {
            return self.person(a, b, cue.country, RULE_CUE_PERSON, "name", out);
        }
        if b - a >= 2 {
            if self.lex.is_first_name(self.word(a)) {
                return self.person(a, b, cue.country, RULE_FIRST_NAME, "name", out);
            }
            let span = self.span(a, b);
            let name = span.text(self.text);
            let mut c = Candidate::new(span, RULE_NAME_RUN, self.named(name, "person", None, "name"));
            c.latent = true;
            out.push(c);
            return;
        }
        // The words around are asked for their roles once, for a team and for a report.
        let roles = self.roles_around(a, b);
        if self.team(a, b, roles) {
            return self.org(self.span(a, b), RULE_TEAM, out);
        }
        if self.reported(a, roles) {
            return self.person(a, b, None, RULE_REPORTED, "name", out);
        }
        let span = self.span(a, b);
        let name = span.text(self.text);
        let mut c = Candidate::new(span, RULE_BARE_NAME, self.named(name, "person", None, "surname"));
        c.latent = true;
        out.push(c);
    }

    /// "said Ahmed", "Ahmed said", "Ahmed, who …, said" is out of reach; `roles` are those
    /// of the words around the name ([`Reading::roles_around`]).
    fn reported(&self, a: usize, roles: Roles) -> bool {
        a > 0 && (roles.before == Some(Role::Reporting) || roles.after == Some(Role::Reporting))
    }

    /// The roles of the words before (the empty word at the sentence's start) and after
    /// the name at `[a, b)`.
    fn roles_around(&self, a: usize, b: usize) -> Roles {
        let before = a.checked_sub(1).map_or(&b""[..], |p| self.word(p));
        Roles { before: self.lex.role(before), after: self.lex.role(self.word(b)) }
    }

    /// Cues before a name: a title or a singular head noun ("legislator", "his Azerbaijani
    /// counterpart,"), with the country word before it.
    fn cue_before(&self, a: usize) -> Cue {
        let mut k = a;
        if self.word(k.wrapping_sub(1)) == b"," && k > 0 {
            k -= 1;
        }
        let Some(s) = self.hit_ending(k) else { return Cue::default() };
        let title = self.senses(s).find_map(|x| match x {
            Sense::Title { country, .. } => Some(country),
            _ => None,
        });
        let country = self.country_before(s).or_else(|| title.and_then(|_| self.country_before_title(s)));
        let head = self.has(s, |x| x == Sense::GroupHead) && !self.word(k - 1).ends_with(b"s") && country.is_some();
        if title.is_none() && !head {
            return Cue::default();
        }
        Cue { person: true, country: title.flatten().or(country) }
    }

    /// The country of a title further back: "Finland's deputy finance minister, Dr. X"
    /// reaches "Finland's" over an honorific, a comma, another title and the modifiers
    /// of a title ("deputy", "former").
    fn country_before_title(&self, s: usize) -> Option<u16> {
        let mut k = s;
        for _ in 0..4 {
            while k > 0
                && matches!(
                    self.word(k - 1),
                    b"," | b"deputy"
                        | b"former"
                        | b"acting"
                        | b"interim"
                        | b"then"
                        | b"outgoing"
                        | b"incoming"
                        | b"senior"
                        | b"chief"
                        | b"top"
                        | b"first"
                )
            {
                k -= 1;
            }
            let Some(t) = self.hit_ending(k) else { return self.country_before(k) };
            if !self.senses(t).any(|x| matches!(x, Sense::Title { .. })) {
                return self.country_sense(t);
            }
            if let Some(country) = self.country_before(t) {
                return Some(country);
            }
            k = t;
        }
        None
    }

    /// The country word right before `k`: a demonym or country, or "Azerbaijan's".
    fn country_before(&self, k: usize) -> Option<u16> {
        if let Some(s) = self.hit_ending(k) {
            return self.country_sense(s);
        }
        let p = k.checked_sub(1)?;
        if matches!(self.word(p), b"'s" | POSSESSIVE) {
            let s = self.hit_ending(p)?;
            return self.country_sense(s);
        }
        None
    }

    /// Cues after a name: ", Azerbaijan's president", ", a Russian legislator".
    fn cue_after(&self, b: usize) -> Cue {
        if self.word(b) != b"," {
            return Cue::default();
        }
        let mut k = b + 1;
        if matches!(self.word(k), b"the" | b"a" | b"an" | b"his" | b"her" | b"its" | b"their") {
            k += 1;
        }
        let mut country = None;
        if let Some(h) = self.hit(k)
            && let Some(c) = self.country_sense(k)
        {
            country = Some(c);
            k = h.end;
            if matches!(self.word(k), b"'s" | POSSESSIVE) {
                k += 1;
            }
        }
        let Some(h) = self.hit(k) else { return Cue::default() };
        let title = self.senses(k).find_map(|x| match x {
            Sense::Title { country, .. } => Some(country),
            _ => None,
        });
        let head = self.has(k, |x| x == Sense::GroupHead) && !self.word(h.end - 1).ends_with(b"s") && country.is_some();
        if title.is_none() && !head {
            return Cue::default();
        }
        Cue { person: true, country: country.or(title.flatten()) }
    }

    /// One lexicon hit `[a, b)` read alone.
    fn single(&self, a: usize, b: usize, out: &mut Vec<Candidate>) {
        let senses = self.hit(a).and_then(|h| self.b.senses.get(h.senses_from..h.senses_to)).unwrap_or_default();
        // Most hits read alone are titles and head words ("president", "officials"), which
        // name no actor by themselves.
        if senses.iter().all(|s| matches!(s, Sense::Title { .. } | Sense::GroupHead | Sense::OrgHead { .. })) {
            return;
        }
        let span = self.span(a, b);
        let pick = |f: &dyn Fn(&Sense) -> bool| senses.iter().copied().find(|s| f(s));
        if let Some(Sense::Org { org, alias }) = pick(&|s| matches!(s, Sense::Org { .. })) {
            let Some(o) = self.lex.orgs.get(org as usize) else { return };
            let via = if alias { "alias" } else { "name" };
            let value = self.value(o.id.clone(), o.name.clone(), o.kind, o.country, via);
            out.push(Candidate::new(span, RULE_ORG, value));
            self.acronym(b, &o.id, &o.name, o.kind, o.country, out);
            return;
        }
        if let Some(Sense::Country { country, alias }) = pick(&|s| matches!(s, Sense::Country { .. })) {
            return self.country(span, country, if alias { "alias" } else { "name" }, RULE_COUNTRY, out);
        }
        if let Some(Sense::Seat(country)) = pick(&|s| matches!(s, Sense::Seat(_))) {
            return self.country(span, country, "capital", RULE_SEAT, out);
        }
        if senses.iter().any(|s| matches!(s, Sense::Capital { .. } | Sense::City(_) | Sense::Region(_)))
            && self.team(a, b, self.roles_around(a, b))
        {
            return self.org(span, RULE_TEAM, out);
        }
        // Read where they lie rather than gathered, as a capital is a common hit.
        let capitals = senses.iter().filter_map(|s| match *s {
            Sense::Capital { country, city } => Some((country, city)),
            _ => None,
        });
        if let Some((first, _)) = capitals.clone().next() {
            if self.is_place(a, b) {
                let city = capitals.clone().find_map(|c| c.1);
                return self.city(span, city, Some(first), RULE_CAPITAL_CITY, out);
            }
            let state = capitals
                .map(|c| c.0)
                .find(|c| self.lex.countries.get(*c as usize).is_some_and(|c| c.kind == "union"))
                .unwrap_or(first);
            return self.country(span, state, "capital", RULE_CAPITAL_METONYM, out);
        }
        if let Some(Sense::City(city)) = pick(&|s| matches!(s, Sense::City(_))) {
            return self.city(span, Some(city), None, RULE_CITY, out);
        }
        if let Some(Sense::Region(r)) = pick(&|s| matches!(s, Sense::Region(_))) {
            let Some(region) = self.lex.regions.get(r as usize) else { return };
            let value = self.value(region.id.clone(), region.name.clone(), region.kind, region.country, "name");
            return out.push(Candidate::new(span, RULE_REGION, value));
        }
        if let Some(Sense::Demonym { country, people }) = pick(&|s| matches!(s, Sense::Demonym { .. })) {
            let end = match self.hit(b) {
                Some(h) if self.has(b, |s| s == Sense::GroupHead) => h.end,
                _ if people => b,
                _ => return,
            };
            let span = self.span(a, end);
            let name = span.text(self.text);
            out.push(Candidate::new(span, RULE_DEMONYM_GROUP, self.named(name, "group", Some(country), "demonym")));
        }
    }

    fn org(&self, span: Span, rule: &'static str, out: &mut Vec<Candidate>) {
        let name = span.text(self.text);
        out.push(Candidate::new(span, rule, self.named(name, "org", None, "name")));
    }

    /// Whether the name at `[a, b)` is a team in sports results: next to a results word
    /// ("Leeds beat Hull", "Ajax v PSV") or a score ("Newcastle 2 Southampton 1").
    fn team(&self, a: usize, b: usize, roles: Roles) -> bool {
        let before = a.checked_sub(1).map_or(&b""[..], |p| self.word(p));
        let after = self.word(b);
        let number = |w: &[u8]| !w.is_empty() && w.iter().all(u8::is_ascii_digit);
        let score = number(after)
            && after.len() <= 2
            && !matches!(self.word(b + 1), b"-" | b"." | b"," | b"%")
            && (a == 0 || before == b"," || number(before));
        roles.before == Some(Role::Match) || roles.after == Some(Role::Match) || score
    }

    fn country(&self, span: Span, country: u16, via: &'static str, rule: &'static str, out: &mut Vec<Candidate>) {
        let Some(c) = self.lex.countries.get(country as usize) else { return };
        out.push(Candidate::new(span, rule, self.value(c.id.clone(), c.name.clone(), c.kind, Some(country), via)));
    }

    fn city(&self, span: Span, city: Option<u32>, country: Option<u16>, rule: &'static str, out: &mut Vec<Candidate>) {
        let value = match city.and_then(|c| self.lex.cities.get(c as usize)) {
            Some(c) => self.value(c.id.clone(), c.name.clone(), "city", c.country.or(country), "name"),
            None => self.named(span.text(self.text), "city", country, "name"),
        };
        out.push(Candidate::new(span, rule, value));
    }

    /// Whether a capital at `[a, b)` is a place, not its government: after a preposition of
    /// place ("in Baku", "from Baku to Grozny"), before a date (a dateline), or "-based".
    fn is_place(&self, a: usize, b: usize) -> bool {
        let before = a.checked_sub(1).map(|p| self.word(p));
        let locative = before.is_some_and(|w| self.lex.role(w) == Some(Role::Locative));
        let dated = self.word(b).first().is_some_and(u8::is_ascii_digit) && a == 0;
        let based = self.word(b) == b"-" && self.word(b + 1) == b"based";
        locative || dated || based
    }
}

impl Cue {
    fn or(self, other: Cue) -> Cue {
        Cue { person: self.person || other.person, country: self.country.or(other.country) }
    }
}

/// Whether the bytes `t` of a word (UTF-8) are one character: as long as the UTF-8
/// sequence its first byte opens (`chars().count() == 1` without decoding).
fn one_char(t: &[u8]) -> bool {
    let sequence = match t.first() {
        None => return false,
        Some(0..0x80) => 1,
        Some(0xF0..) => 4,
        Some(0xE0..) => 3,
        Some(_) => 2,
    };
    t.len() == sequence
}

/// Where the possessive "'s" of word `t` starts, if it has one and more before it.
fn possessive(t: &[u8]) -> Option<usize> {
    [&b"'s"[..], "\u{2019}s".as_bytes(), b"'S"]
        .iter()
        .find_map(|p| t.strip_suffix(*p).filter(|rest| !rest.is_empty()).map(<[u8]>::len))
}

/// Pushes `w` onto the words, counting it.
#[inline(always)]
fn push_word(words: &mut Vec<Word>, capitalised: &mut Vec<u32>, counts: &mut Counts, w: Word) {
    // A word starting in lower case is not in capitals, and rarely capitalised.
    if w.cap() || !w.lower() {
        counts.letters += usize::from(w.cap() || w.upper());
        counts.upper += usize::from(w.upper() && w.span.len() > 1);
        if w.cap() {
            capitalised.push(u32::try_from(words.len()).unwrap_or(NONE));
        }
    }
    words.push(w);
}

/// The case of the word of `text` at `span`, whose bytes are `bytes` (none when `span`
/// is not in `text`).
// Forced inline: called for every token, and the call cost as much as the common case.
#[inline(always)]
fn case(text: &str, bytes: &[u8], span: Span) -> Case {
    match *bytes {
        // Most words start with an ASCII lower-case letter, which settles the rest.
        [a, ..] if a.is_ascii_lowercase() => return Case::new(false, false, true),
        // Most others are a capital before a small letter ("Baku"), which settles the rest
        // without a look at the other bytes, or one byte ("," or "A"), which is ASCII.
        [a, b, ..] if a.is_ascii_uppercase() && b.is_ascii_lowercase() => {
            return Case::new(true, false, false);
        }
        [a] => return Case::new(a.is_ascii_uppercase(), a.is_ascii_uppercase(), false),
        // A quote, dash or ellipsis of general punctuation (U+2000 to U+203F), common in
        // news, has no letter, which the Unicode tables would be searched to tell; nor
        // has it case, so a possessive "’s" after it is read as ASCII.
        [0xE2, 0x80, _, ref rest @ ..] if rest.is_ascii() => {
            let upper = rest.iter().any(u8::is_ascii_alphabetic) && !rest.iter().any(u8::is_ascii_lowercase);
            return Case::new(false, upper, false);
        }
        _ => {}
    }
    case_in_general(text, bytes, span)
}

/// [`case`] without its shortcuts.
fn case_in_general(text: &str, bytes: &[u8], span: Span) -> Case {
    // Most are ASCII, where a byte is a character.
    if bytes.is_ascii() {
        let upper = bytes.iter().any(u8::is_ascii_alphabetic) && !bytes.iter().any(u8::is_ascii_lowercase);
        let cap = bytes.first().is_some_and(u8::is_ascii_uppercase);
        return Case::new(cap, upper, bytes.first().is_some_and(u8::is_ascii_lowercase));
    }
    let t = span.text(text);
    let first = t.chars().next();
    let cap = first.is_some_and(char::is_uppercase);
    // One pass, ended as soon as both are known.
    let (mut alphabetic, mut lower) = (false, false);
    for c in t.chars() {
        alphabetic |= c.is_alphabetic();
        lower |= c.is_lowercase();
        if alphabetic && lower {
            break;
        }
    }
    Case::new(cap, alphabetic && !lower, first.is_some_and(char::is_lowercase))
}

/// Whether `t` has a letter; read only in titles, where it weighs title case.
fn alphabetic(t: &str) -> bool {
    if t.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return true;
    }
    if t.is_ascii() {
        return t.bytes().any(|b| b.is_ascii_alphabetic());
    }
    t.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn general_punctuation_has_no_letter() {
        for c in ('\u{2000}'..='\u{203F}').chain(['“', '—']) {
            let t = c.to_string();
            let span = Span::new(0, t.len());
            assert_eq!(case(&t, t.as_bytes(), span), case_in_general(&t, t.as_bytes(), span), "{c:?}");
            assert!(!c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase(), "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn one_char_is_a_count_of_one(t in "[a.é€😀]{0,3}") {
            prop_assert_eq!(one_char(t.as_bytes()), t.chars().count() == 1);
        }

        #[test]
        fn word_shortcuts_agree_with_the_general_reading(t in "[aAzZ09 ,.'éÉßİ\u{2019}\u{201C}\u{2014}\u{2071}]{0,6}") {
            let text = format!("x {t} y");
            let span = Span::new(2, 2 + t.len());
            let bytes = &text.as_bytes()[2..2 + t.len()];
            let fast = case(&text, bytes, span);
            prop_assert_eq!(fast, case_in_general(&text, bytes, span));
            let first = t.chars().next();
            let upper = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
            prop_assert_eq!(
                fast,
                Case::new(first.is_some_and(char::is_uppercase), upper, first.is_some_and(char::is_lowercase))
            );
        }
    }
}
