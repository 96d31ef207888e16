//! Document structure: title, byline, body paragraphs and page debris; then sentences
//! and word tokens.
//!
//! Data: `rules/segment/abbreviations.tsv`, `rules/segment/openers.txt`.

use std::ops::Range;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Serialize;
mod words;

use crate::date::Date;
use crate::document::Span;
use crate::error::Error;
use crate::rules::Rules;

/// Which part of an article a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The headline (first line).
    Title,
    /// Author names, roles and affiliations, at the top or in a closing bio line.
    Byline,
    /// The article itself.
    Body,
    /// Page furniture after the article ("Share", "close", "Notifications").
    Debris,
}

impl Part {
    /// Whether recognizers read sentences of this part.
    pub fn has_mentions(self) -> bool {
        self != Part::Debris
    }

    /// Whether sentences of this part can make claims.
    pub fn has_claims(self) -> bool {
        self == Part::Body
    }
}

/// A word or punctuation token (whitespace is not a token).
///
/// Its offsets are held in 32 bits: the recognizers and the claims each read the tokens
/// of a whole run of articles, which do not fit in the caches, and tokens of half the
/// size cut the last-level misses of the whole extraction by an eighth (cachegrind,
/// 1 MB last level, 1 MB runs). A document is segmented up to 4 GiB (see
/// [`Segmenter::segment`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
}

impl Token {
    /// The token at `span`; an offset past [`MAX_TEXT`] is held as `MAX_TEXT`, which
    /// [`Segmenter::segment`] never reaches.
    #[inline]
    pub fn new(span: Span) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        Token { start: offset(span.start), end: offset(span.end) }
    }

    /// Where it is in the document.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// The most bytes of a document that are segmented: a token's offsets are 32 bits.
pub const MAX_TEXT: usize = u32::MAX as usize;

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index in the document, from 0.
    pub index: usize,
    /// Where it is, trimmed of surrounding whitespace.
    pub span: Span,
    /// The part of the article it is in.
    pub part: Part,
    /// Index of its paragraph, from 0.
    pub paragraph: usize,
    /// Its tokens, as a range into [`Segmented::tokens`].
    pub tokens: Range<usize>,
}

/// The structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// The headline's span, when the first line is one.
    pub title: Option<Span>,
    /// Author names from the byline, as written ("Dr. Zheer Ahmed").
    pub authors: Vec<String>,
    /// The date a dateline at the start of the body states ("BRUSSELS, March 3, 2025 –").
    pub dateline: Option<Date>,
    /// Where that dateline is: its date says when the article was filed, not when what
    /// the first sentence reports happened.
    pub dateline_span: Option<Span>,
    /// Sentences in text order; together with whitespace they tile the text.
    pub sentences: Vec<Sentence>,
    /// All tokens of all sentences, in text order.
    pub tokens: Vec<Token>,
}

impl Segmented {
    /// The tokens of one sentence.
    pub fn tokens_of(&self, sentence: &Sentence) -> &[Token] {
        self.tokens.get(sentence.tokens.clone()).unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbreviationKind {
    /// A name always follows ("Dr.").
    Title,
    /// Ends a sentence only before an opener ("Inc.").
    Other,
}

/// Splits documents into parts, sentences and tokens.
#[derive(Debug)]
pub struct Segmenter {
    abbreviations: FxHashMap<String, AbbreviationKind>,
    /// The byte length of the longest abbreviation: a longer word is none, unhashed.
    longest_abbreviation: usize,
    openers: Vec<String>,
    dateline: Regex,
}

/// A block of consecutive non-blank lines.
#[derive(Debug, Clone)]
struct Block {
    span: Span,
    lines: Vec<Span>,
}

impl Segmenter {
    /// Loads the abbreviation and opener lists.
    ///
    /// # Errors
    /// [`Error::Rule`] on a malformed line of either file.
    pub fn new(rules: &Rules) -> Result<Self, Error> {
        let table = rules.table("segment/abbreviations.tsv", &["abbr", "kind"])?;
        let mut abbreviations = FxHashMap::default();
        for row in &table.rows {
            let kind =
                table.choice(row, 1, &[("title", AbbreviationKind::Title), ("other", AbbreviationKind::Other)])?;
            if abbreviations.insert(row.cell(0).to_owned(), kind).is_some() {
                return Err(table.error(row, format!("duplicate abbreviation {:?}", row.cell(0))));
            }
        }
        let openers = rules.list("segment/openers.txt", "opener")?.iter().map(|r| r.cell(0).to_owned()).collect();
        const MONTH: &str = "(?:Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|Mar(?:ch|\\.)?|Apr(?:il|\\.)?|May|June?|July?|Aug(?:ust|\\.)?|Sep(?:tember|t\\.|\\.)?|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?)";
        let dateline = Regex::new(&format!(
            // ASCII classes: a dateline's place name is written in capitals, and Unicode
            // classes would make this one regex cost more to compile than all the rules.
            r"^[A-Z][A-Za-z .'-]{{1,40}}?,?[ \t]+(?:(?P<m1>{MONTH})[ \t]+(?P<d1>[0-9]{{1,2}}),[ \t]+(?P<y1>[0-9]{{4}})|(?P<d2>[0-9]{{1,2}})[ \t]+(?P<m2>{MONTH})[ \t]+(?P<y2>[0-9]{{4}})|(?P<y3>[0-9]{{4}})-(?P<m3>[0-9]{{2}})-(?P<d3>[0-9]{{2}}))(?-u:\b)"
        ))
        .map_err(|e| Error::rule("segment", 0, 0, e.to_string()))?;
        let longest_abbreviation = abbreviations.keys().map(String::len).max().unwrap_or(0);
        Ok(Segmenter { abbreviations, longest_abbreviation, openers, dateline })
    }

    /// Splits `text` into parts, sentences and tokens. Only its first [`MAX_TEXT`] bytes
    /// (4 GiB) are read, as far as a token's offsets reach; the command line refuses a
    /// longer document rather than read part of it.
    pub fn segment(&self, text: &str) -> Segmented {
        let text = text.get(..text.floor_char_boundary(MAX_TEXT)).unwrap_or_default();
        let blocks = blocks(text);
        let (parts, authors) = self.classify(text, &blocks);
        // About one token per five bytes of news text, and a sentence per hundred or so:
        // sized once, not grown by doubling.
        let mut out = Segmented {
            tokens: Vec::with_capacity(text.len() / 5),
            sentences: Vec::with_capacity(text.len() / 96 + 1),
            ..Segmented::default()
        };
        let title_block = parts.iter().position(|p| *p == Part::Title);
        out.title = title_block.and_then(|i| blocks.get(i)).map(|b| b.span);
        out.authors = authors;
        if let Some(first_body) = parts.iter().position(|p| *p == Part::Body) {
            let block = blocks[first_body].span;
            if let Some((date, len)) = self.dateline(block.text(text)) {
                out.dateline = Some(date);
                out.dateline_span = Some(Span::new(block.start, block.start + len));
            }
        }
        // Both kept across paragraphs, each as long as the longest paragraph needs.
        let mut ends = Vec::new();
        let mut ranges = Vec::new();
        for (paragraph, (block, part)) in blocks.iter().zip(&parts).enumerate() {
            let offset = out.tokens.len();
            ends.clear();
            words::tokenize(text, block.span, &mut out.tokens, &mut ends);
            let tokens = out.tokens.get(offset..).unwrap_or_default();
            self.sentences(text, block, tokens, &ends, &mut ranges);
            for range in ranges.drain(..) {
                let (Some(first), Some(last)) = (tokens.get(range.start), tokens.get(range.end - 1)) else {
                    continue;
                };
                let span = Span::new(first.span().start, last.span().end);
                out.sentences.push(Sentence {
                    index: out.sentences.len(),
                    span,
                    part: *part,
                    paragraph,
                    tokens: offset + range.start..offset + range.end,
                });
            }
        }
        out
    }

    /// Decides the part of every block: a title line, byline lines after it, trailing
    /// debris, an author bio line at the end, and body for the rest. Returns the authors
    /// too: marking the bio line a byline cannot change them, as only the first byline
    /// block that names anyone counts.
    fn classify(&self, text: &str, blocks: &[Block]) -> (Vec<Part>, Vec<String>) {
        let mut parts = vec![Part::Body; blocks.len()];
        if blocks.len() < 2 {
            return (parts, Vec::new());
        }
        let mut next = 0;
        if is_title(blocks[0].span.text(text)) && blocks[0].lines.len() == 1 {
            parts[0] = Part::Title;
            next = 1;
        }
        while next < blocks.len() - 1 && next <= 2 && blocks[next].lines.iter().all(|l| is_byline_line(l.text(text))) {
            parts[next] = Part::Byline;
            next += 1;
        }
        let mut end = blocks.len();
        while end > next + 1 && blocks[end - 1].lines.iter().all(|l| is_debris_line(l.text(text))) {
            parts[end - 1] = Part::Debris;
            end -= 1;
        }
        let authors = authors(text, blocks, &parts);
        if end > next + 1 {
            let last = blocks[end - 1].span.text(text);
            if authors.iter().any(|a| starts_with_name(last, a)) {
                parts[end - 1] = Part::Byline;
            }
        }
        (parts, authors)
    }

    /// The date a dateline opening `paragraph` states, and the dateline's length in bytes.
    fn dateline(&self, paragraph: &str) -> Option<(Date, usize)> {
        let caps = self.dateline.captures(paragraph)?;
        let len = caps.get(0)?.end();
        let pick = |names: [&str; 3]| Some((caps.name(names[0])?, caps.name(names[1])?, caps.name(names[2])?));
        let date = if let Some((y, m, d)) = pick(["y3", "m3", "d3"]) {
            Date::new(y.as_str().parse().ok()?, m.as_str().parse().ok()?, d.as_str().parse().ok()?)
        } else {
            let (y, m, d) = pick(["y1", "m1", "d1"]).or_else(|| pick(["y2", "m2", "d2"]))?;
            Date::new(y.as_str().parse().ok()?, month_number(m.as_str())?, d.as_str().parse().ok()?)
        };
        date.map(|d| (d, len))
    }

    /// Sentences of one block as ranges of its tokens. A sentence may end at a line break
    /// or after a terminal mark (. ! ? …) with its closing quotes and brackets, when
    /// whitespace follows; it does end there unless an abbreviation, an initial, a
    /// lower-case continuation or a hard line wrap says otherwise (`continues`). This is
    /// the Unicode sentence-boundary rule for ATerm/STerm, taken in the same pass as the
    /// words, plus the abbreviation list. `ends` lists, in order, the tokens that may end
    /// one (`words::may_end_sentence`); no other token needs a look.
    fn sentences(&self, text: &str, block: &Block, tokens: &[Token], ends: &[usize], out: &mut Vec<Range<usize>>) {
        // Token marks are compared as bytes: tokens lie on char boundaries, and byte
        // slices skip the boundary checks of `str` slicing on every token.
        let bytes = text.as_bytes();
        let token_bytes = |span: Span| bytes.get(span.start..span.end).unwrap_or_default();
        let span_at = |i: usize| tokens.get(i).map(|t| t.span());
        let mut start = 0;
        let may_end = |span: Span| bytes.get(span.start).is_some_and(|b| matches!(b, b'.' | b'!' | b'?' | 0xE2));
        let mut i = 0;
        let mut ends = ends.iter();
        while let Some(&end) = ends.find(|&&end| end >= i) {
            i = end;
            let (Some(token), Some(following)) = (span_at(i), span_at(i + 1)) else { break };
            let line_break = has_line_break(bytes, token.end, following.start);
            let mut last = i;
            let mut candidate = line_break;
            if !candidate && may_end(token) && is_terminal(token_bytes(token)) {
                while let (Some(mark), Some(after)) = (span_at(last), span_at(last + 1)) {
                    if after.start != mark.end || !(is_closer(token_bytes(after)) || is_terminal(token_bytes(after))) {
                        break;
                    }
                    last += 1;
                }
                candidate =
                    matches!((span_at(last), span_at(last + 1)), (Some(mark), Some(after)) if after.start > mark.end);
            }
            if candidate
                && let (Some(first), Some(mark), Some(after)) = (span_at(start), span_at(last), span_at(last + 1))
            {
                let open = Span::new(first.start, mark.end).text(text);
                let next = Span::new(after.start, block.span.end).text(text);
                let line_break = line_break || has_line_break(bytes, mark.end, after.start);
                if !self.continues(open, next, line_break) {
                    out.push(start..last + 1);
                    start = last + 1;
                }
            }
            i = last + 1;
        }
        if start < tokens.len() {
            out.push(start..tokens.len());
        }
    }

    /// Whether `next` continues the sentence `open` rather than starting a new one.
    fn continues(&self, open: &str, next: &str, line_break: bool) -> bool {
        // The character sets are functions rather than arrays of chars: the same sets,
        // tested without a loop over an array for every character.
        let trimmed = open.trim_end();
        // `next` is the rest of the block; only its first word is read, and all of it
        // only when an abbreviation asks for it.
        let next = next.trim_start();
        let Some(first) = next.chars().next() else {
            return true;
        };
        let next_starts_lower = first.is_lowercase() || first.is_ascii_digit();
        if line_break {
            // A hard-wrapped line: it goes on when the line has no final punctuation and
            // the next line starts in lower case.
            let ends_sentence = trimmed.ends_with(ends_a_line);
            return !ends_sentence && next_starts_lower;
        }
        // Closing quotes and brackets after the mark do not change the decision.
        let trimmed = trimmed.trim_end_matches(closes_sentence);
        if !trimmed.ends_with(is_final_mark) {
            return false;
        }
        let last_word = last_word(trimmed);
        let last_word = last_word.trim_start_matches(opens_word);
        if is_initial(last_word) {
            return true;
        }
        let abbreviation =
            if last_word.len() > self.longest_abbreviation { None } else { self.abbreviations.get(last_word) };
        match abbreviation {
            Some(AbbreviationKind::Title) => true,
            Some(AbbreviationKind::Other) => {
                let first_word = next.split_whitespace().next().unwrap_or(next);
                let word = first_word.trim_end_matches(|c: char| !c.is_alphanumeric());
                next_starts_lower || !self.openers.iter().any(|o| o == word)
            }
            None => next_starts_lower,
        }
    }
}

/// Marks that end a hard-wrapped line as a sentence.
fn ends_a_line(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ':' | '"' | '”' | '’' | '\'')
}

/// Closing quotes and brackets that may follow a sentence's final mark.
fn closes_sentence(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '»')
}

/// A period or an ellipsis.
fn is_final_mark(c: char) -> bool {
    matches!(c, '.' | '…')
}

/// What follows the last whitespace of `text` (all of it when it has none), read a byte
/// at a time while the bytes are ASCII, as sentence-final words nearly always are.
fn last_word(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while let Some(&b) = start.checked_sub(1).and_then(|k| bytes.get(k)) {
        if !b.is_ascii() {
            return text.rsplit(char::is_whitespace).next().unwrap_or("");
        }
        // The ASCII characters `char::is_whitespace` accepts.
        if matches!(b, b' ' | b'\t'..=b'\r') {
            break;
        }
        start -= 1;
    }
    // An ASCII byte or the end precedes `start`, so it is a char boundary.
    text.get(start..).unwrap_or("")
}

/// Opening quotes and brackets before a word.
fn opens_word(c: char) -> bool {
    matches!(c, '(' | '[' | '"' | '“' | '‘' | '\'')
}

/// "F." in "John F. Kennedy".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.to_ascii_lowercase();
    MONTHS.iter().position(|m| lower.starts_with(m)).and_then(|i| u32::try_from(i + 1).ok())
}

/// Splits text into blocks of non-blank lines.
fn blocks(text: &str) -> Vec<Block> {
    // A paragraph every couple of hundred bytes of news text.
    let mut out: Vec<Block> = Vec::with_capacity(text.len() / 128 + 1);
    let mut current: Option<Block> = None;
    let mut line_ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|newline| newline + 1);
    let mut start = 0;
    while start < text.len() {
        let end = line_ends.next().unwrap_or(text.len());
        match trim(text, Span::new(start, end)) {
            None => out.extend(current.take()),
            Some(span) => match current.as_mut() {
                Some(block) => {
                    block.span.end = span.end;
                    block.lines.push(span);
                }
                None => current = Some(Block { span, lines: vec![span] }),
            },
        }
        start = end;
    }
    out.extend(current);
    out
}

/// The span without leading and trailing whitespace; `None` when nothing is left.
fn trim(text: &str, span: Span) -> Option<Span> {
    let s = span.text(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    (start < end).then_some(Span::new(start, end))
}

/// Whether the gap between two tokens holds a line break.
fn has_line_break(text: &[u8], from: usize, to: usize) -> bool {
    match text.get(from..to) {
        // Gaps are mostly one space: one compare beats the setup of a search.
        Some(&[byte]) => byte == b'\n',
        Some(gap) => gap.contains(&b'\n'),
        None => false,
    }
}

/// A mark that can end a sentence: . ! ? … ?! !?
fn is_terminal(token: &[u8]) -> bool {
    matches!(token, b"." | b"!" | b"?" | b"\xE2\x80\xA6" | b"?!" | b"!?")
}

/// Closing quotes and brackets that stay with the sentence they end: ” " ’ ' ) ] »
fn is_closer(token: &[u8]) -> bool {
    matches!(token, b"\xE2\x80\x9D" | b"\"" | b"\xE2\x80\x99" | b"'" | b")" | b"]" | b"\xC2\xBB")
}

/// Whether `line` has no more than `limit` words; stops counting past the limit, as
/// body paragraphs run to hundreds of words.
fn has_at_most_words(line: &str, limit: usize) -> bool {
    // A byte at a time while the line is ASCII, whose whitespace is these six bytes; the
    // general rule from the first other byte on.
    let mut words = 0;
    let mut in_word = false;
    for &b in line.as_bytes() {
        if !b.is_ascii() {
            return line.split_whitespace().nth(limit).is_none();
        }
        let space = matches!(b, b' ' | b'\t'..=b'\r');
        if !space && !in_word {
            words += 1;
            if words > limit {
                return false;
            }
        }
        in_word = !space;
    }
    true
}

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ':', ';'])
}

/// A headline: one line, not too long, not ending like a sentence in a period.
fn is_title(line: &str) -> bool {
    let line = line.trim();
    has_at_most_words(line, 30) && !line.ends_with('.') || line.ends_with(" .") && has_at_most_words(line, 20)
}

/// "By Maria Kowalczyk", "Dr. Zheer Ahmed", "Senior Energy Correspondent, Northbridge Review".
fn is_byline_line(line: &str) -> bool {
    let line = line.trim();
    if line.starts_with("By ") || line.starts_with("by ") {
        return has_at_most_words(line, 12);
    }
    // Eleven words are enough to tell that the line has too many.
    let words: Vec<&str> = line.split_whitespace().take(11).collect();
    if words.is_empty() || words.len() > 10 || line.ends_with(['!', '?', ':', ';']) {
        return false;
    }
    if line.ends_with('.') && words.last().is_none_or(|w| w.len() > 4) {
        return false;
    }
    let capitalised = words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    capitalised * 3 >= words.len() * 2
}

/// "Path W", "close", "Share this article": short and without sentence punctuation.
fn is_debris_line(line: &str) -> bool {
    has_at_most_words(line, 4) && line.chars().count() <= 40 && !ends_like_sentence(line)
}

/// Author names from the top byline block(s).
fn authors(text: &str, blocks: &[Block], parts: &[Part]) -> Vec<String> {
    let mut out = Vec::new();
    for (block, part) in blocks.iter().zip(parts) {
        if *part != Part::Byline {
            continue;
        }
        let Some(first) = block.lines.first() else {
            continue;
        };
        let line = first.text(text).trim();
        let names = line.strip_prefix("By ").or_else(|| line.strip_prefix("by ")).unwrap_or(line);
        for name in names.split([',', '&']).flat_map(|n| n.split(" and ")) {
            let name = name.trim();
            if !name.is_empty() && has_at_most_words(name, 5) {
                out.push(name.to_owned());
            }
        }
        // Only the first byline block names authors; later ones give roles.
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// Whether `block` opens with `author` (ignoring an honorific), as a closing bio does.
fn starts_with_name(block: &str, author: &str) -> bool {
    let bare = author.rsplit_once(". ").map_or(author, |(_, rest)| rest);
    let head: String = block.chars().take(author.chars().count() + 4).collect();
    head.contains(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmenter() -> Segmenter {
        Segmenter::new(&Rules::embedded()).unwrap()
    }

    fn sentence_texts(text: &str) -> Vec<String> {
        let seg = segmenter().segment(text);
        seg.sentences.iter().map(|s| s.span.text(text).to_owned()).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Dr. Smith met U.S. officials on Jan. 5 at Acme Inc. headquarters. They talked.";
        assert_eq!(
            sentence_texts(text),
            ["Dr. Smith met U.S. officials on Jan. 5 at Acme Inc. headquarters.", "They talked."]
        );
    }

    #[test]
    fn an_abbreviation_before_an_opener_ends_the_sentence() {
        let text = "The deal went to Acme Inc. The board agreed.";
        assert_eq!(sentence_texts(text), ["The deal went to Acme Inc.", "The board agreed."]);
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(sentence_texts("John F. Kennedy spoke."), ["John F. Kennedy spoke."]);
    }

    #[test]
    fn title_byline_body_debris() {
        let text = "A Headline About Oil\n\nBy Ana Ruiz\nEnergy Correspondent, Northbridge\n\nOil rose. Gas fell.\n\nAna Ruiz is a fellow at the Institute, Madrid.\n\nShare this article\nclose\n\nNotifications\n";
        let seg = segmenter().segment(text);
        let parts: Vec<(String, Part)> = seg.sentences.iter().map(|s| (s.span.text(text).to_owned(), s.part)).collect();
        assert_eq!(seg.authors, ["Ana Ruiz"]);
        assert_eq!(seg.title.map(|t| t.text(text)), Some("A Headline About Oil"));
        assert_eq!(parts[0].1, Part::Title);
        assert_eq!(parts[1].1, Part::Byline);
        assert_eq!(parts[3], ("Oil rose.".to_owned(), Part::Body));
        assert_eq!(parts[5].1, Part::Byline);
        assert!(parts[6..].iter().all(|(_, p)| *p == Part::Debris));
    }

    #[test]
    fn datelines_give_the_date() {
        let seg = segmenter().segment("Title\n\nBRUSSELS, March 3, 2025 (Wire) – The EU met.\n\nMore text here.");
        assert_eq!(seg.dateline, Date::new(2025, 3, 3));
        let seg = segmenter().segment("Title\n\nNAIROBI, 14 October 2024 – Talks began.\n\nMore.");
        assert_eq!(seg.dateline, Date::new(2024, 10, 14));
    }

    #[test]
    fn last_word_is_what_follows_the_last_whitespace() {
        for text in [
            "",
            "word",
            "two words.",
            "tab\tsep",
            "line\nbreak.",
            "vt\x0bff\x0ccr\r",
            "café.",
            "Ж word",
            "a\u{a0}b",
            "end \u{2003}x",
            "  ",
            "U.S.",
            "x \u{85}y",
        ] {
            assert_eq!(last_word(text), text.rsplit(char::is_whitespace).next().unwrap_or(""), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn word_counts_agree_with_split_whitespace(
            line in "[a-z. \t\n\r\x0b\x0c\u{a0}\u{85}\u{2003}\u{e9}]{0,24}|\\PC{0,12}",
            limit in 0_usize..6,
        ) {
            proptest::prop_assert_eq!(has_at_most_words(&line, limit), line.split_whitespace().nth(limit).is_none());
        }

        #[test]
        fn last_word_agrees_with_rsplit(text in "[a-z. \t\n\r\x0b\x0c\u{a0}\u{85}\u{2003}\u{e9}]{0,12}|\\PC{0,8}") {
            proptest::prop_assert_eq!(last_word(&text), text.rsplit(char::is_whitespace).next().unwrap_or(""));
        }
    }

    #[test]
    fn tokens_skip_whitespace() {
        let text = "Oil rose 4.4% in 2024.";
        let seg = segmenter().segment(text);
        let tokens: Vec<&str> = seg.tokens.iter().map(|t| t.span().text(text)).collect();
        assert_eq!(tokens, ["Oil", "rose", "4.4", "%", "in", "2024", "."]);
    }
}
