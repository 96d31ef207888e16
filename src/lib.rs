//! claimex reads English news and analysis articles and writes what they claim as
//! structured data: dated events, monetary amounts, percentages, other quantities and
//! the actors involved, each tied to its exact span of text and to the rule that found
//! it, assembled into claims — who did what, when, for how much, and who says so.
//!
//! ```
//! # fn main() -> Result<(), claimex::Error> {
//! let extractor = claimex::Extractor::new(&claimex::Rules::embedded())?;
//! let doc = claimex::Document::new("example", "In 2024, exports to Russia totaled USD 1.178 billion.");
//! let out = extractor.extract(&doc);
//! assert_eq!(out.schema, "claimex/1");
//! println!("{}", serde_json::to_string_pretty(&out).unwrap());
//! # Ok(())
//! # }
//! ```
//!
//! Offsets in the output are half-open Unicode code point offsets (as Python slices
//! strings), each written beside the `text` it covers. The data flows one way:
//! document → segment → recognize → resolve → claims → output.
#![warn(missing_docs)]

pub mod allocator;
mod ascii;
mod bits;
pub mod claims;
pub mod date;
pub mod document;
pub mod error;
pub mod eval;
pub mod number;
pub mod output;
pub mod recognize;
pub mod resolve;
pub mod rules;
pub mod segment;
pub mod value;

pub use date::Date;
pub use document::{Document, Span};
pub use error::Error;
pub use output::Extraction;
pub use rules::Rules;
pub use value::{Kind, Value};

use document::Dated;
use recognize::{Found, Recognizers, SentenceContext};

/// The compiled extractor: build it once, then share it across threads.
#[derive(Debug)]
pub struct Extractor {
    segmenter: segment::Segmenter,
    recognizers: Recognizers,
    resolver: resolve::Resolver,
    claims: claims::Claims,
}

impl Extractor {
    /// Compiles every rule of `rules`.
    ///
    /// # Errors
    /// [`Error::Rule`] or [`Error::MissingRuleFile`] for the first bad or missing rule file.
    pub fn new(rules: &Rules) -> Result<Self, Error> {
        Ok(Extractor {
            segmenter: segment::Segmenter::new(rules)?,
            recognizers: Recognizers::new(rules)?,
            resolver: resolve::Resolver::new(rules)?,
            claims: claims::Claims::new(rules)?,
        })
    }

    /// Extracts everything from one document. Its text is read up to 4 GiB
    /// ([`segment::MAX_TEXT`]); the command line refuses longer documents.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let seg = self.segmenter.segment(&doc.text);
        let dated = dated(doc, &seg);
        let found = stages::found_in_all(self, &[(dated, &seg)]).pop().unwrap_or_default();
        self.record(doc, &seg, dated, found)
    }

    /// What follows recognition for one document: resolution, claims and the record.
    fn record(&self, doc: &Document, seg: &segment::Segmented, dated: Dated<'_>, found: Found) -> Extraction {
        let mentions = self.resolver.resolve(dated, seg, found);
        let claims = self.claims.assemble(dated, seg, &mentions);
        Extraction::build(doc, seg, dated.dct, mentions, claims)
    }

    /// Extracts everything from each document, in order: the same records as
    /// [`Extractor::extract`] on each, faster for many short documents.
    ///
    /// Each stage reads every document before the next stage starts. A stage's tables
    /// are large next to the caches, and a news article is short: taken one article at a
    /// time, the stages evict each other's tables several times per article, which makes
    /// recognition run about half as fast as it does over a few hundred kilobytes of text.
    pub fn extract_all(&self, docs: &[Document]) -> Vec<Extraction> {
        self.extract_each(docs).collect()
    }

    /// [`Extractor::extract_all`] one record at a time. Segmentation and recognition read
    /// all the documents at once; resolution, claims and the record follow for each
    /// document as it is taken, so a caller that writes each record before taking the
    /// next reads it while it is still in cache, and holds one record at a time.
    pub fn extract_each<'e, 'd>(&'e self, docs: &'d [Document]) -> Extractions<'e, 'd> {
        let segmented: Vec<segment::Segmented> = docs.iter().map(|doc| self.segmenter.segment(&doc.text)).collect();
        let read: Vec<(Dated<'_>, &segment::Segmented)> =
            docs.iter().zip(&segmented).map(|(doc, seg)| (dated(doc, seg), seg)).collect();
        let found = stages::found_in_all(self, &read).into_iter();
        Extractions { extractor: self, docs: docs.iter(), segmented: segmented.into_iter(), found }
    }
}

/// The records of [`Extractor::extract_each`], in the order of the documents.
#[must_use = "the records are extracted as they are taken"]
pub struct Extractions<'e, 'd> {
    extractor: &'e Extractor,
    docs: std::slice::Iter<'d, Document>,
    segmented: std::vec::IntoIter<segment::Segmented>,
    found: std::vec::IntoIter<Found>,
}

impl Iterator for Extractions<'_, '_> {
    type Item = Extraction;

    fn next(&mut self) -> Option<Extraction> {
        let (doc, seg, found) = (self.docs.next()?, self.segmented.next()?, self.found.next()?);
        Some(self.extractor.record(doc, &seg, dated(doc, &seg), found))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.found.size_hint()
    }
}

impl ExactSizeIterator for Extractions<'_, '_> {}

/// The document as later stages read it: with the dateline's date as its dct when it has
/// none.
fn dated<'d>(doc: &'d Document, seg: &segment::Segmented) -> Dated<'d> {
    Dated { text: &doc.text, dct: doc.dct.or(seg.dateline) }
}

/// One stage at a time, for the per-stage benchmarks; not a stable API.
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// Segmentation alone.
    pub fn segment(ex: &Extractor, text: &str) -> segment::Segmented {
        ex.segmenter.segment(text)
    }

    /// One recognizer over every sentence; returns the number of candidates.
    pub fn recognize(ex: &Extractor, kind: Kind, text: &str, seg: &segment::Segmented) -> usize {
        let mut candidates = Vec::new();
        let mut figures = Vec::new();
        // Only the figure kinds read figures; the others are timed without the scan.
        let needs_figures = matches!(kind, Kind::Money | Kind::Percent | Kind::Quantity);
        for sentence in seg.sentences.iter().filter(|s| s.part.has_mentions()) {
            figures.clear();
            if needs_figures {
                number::scan_figures(sentence.span.text(text), &mut figures);
            }
            let cx = SentenceContext { text, sentence, tokens: seg.tokens_of(sentence), figures: &figures };
            ex.recognizers.find_kind(kind, &cx, &mut candidates);
        }
        candidates.len()
    }

    /// Every recognizer, then resolution: the mentions of a segmented document.
    ///
    /// Each recognizer reads every sentence before the next one starts, rather than every
    /// recognizer reading one sentence: their tables together are several times the
    /// cache, and taking the sentences one recognizer at a time keeps one set of tables
    /// hot. Where the order the candidates were found in matters (a tie between equal
    /// readings), resolution takes the order a sentence-by-sentence reading gives
    /// (sentence, then recognizer), so nothing downstream can tell the difference.
    pub fn mentions(ex: &Extractor, doc: &Document, seg: &segment::Segmented) -> Vec<resolve::Mention> {
        let found = found_in_all(ex, &[(Dated::of(doc), seg)]).pop().unwrap_or_default();
        ex.resolver.resolve(Dated::of(doc), seg, found)
    }

    /// What the recognizers found in each of several documents, each recognizer reading
    /// all of them before the next one starts.
    pub(crate) fn found_in_all(ex: &Extractor, docs: &[(Dated<'_>, &segment::Segmented)]) -> Vec<Found> {
        let mut readings: Vec<Reading<'_>> = docs.iter().map(|&(doc, seg)| Reading::new(doc, seg)).collect();
        for kind in 0..Recognizers::ORDER.len() {
            for reading in &mut readings {
                reading.find(ex, kind);
            }
        }
        readings.into_iter().map(|reading| reading.found).collect()
    }

    /// What the recognizers read of one document: its sentences that may hold mentions, and
    /// the figures of each; and what they found there.
    struct Reading<'a> {
        doc: Dated<'a>,
        seg: &'a segment::Segmented,
        sentences: Vec<&'a segment::Sentence>,
        figures: Vec<number::Figure>,
        figures_of: Vec<std::ops::Range<usize>>,
        found: Found,
    }

    impl<'a> Reading<'a> {
        fn new(doc: Dated<'a>, seg: &'a segment::Segmented) -> Self {
            let mut sentences: Vec<&segment::Sentence> = Vec::with_capacity(seg.sentences.len());
            sentences.extend(seg.sentences.iter().filter(|s| s.part.has_mentions()));
            // About one figure per 170 bytes of news text: sized once, not grown by doubling.
            let mut figures = Vec::with_capacity(doc.text.len() / 128 + 1);
            let mut figures_of = Vec::with_capacity(sentences.len());
            for sentence in &sentences {
                let from = figures.len();
                number::scan_figures(sentence.span.text(doc.text), &mut figures);
                figures_of.push(from..figures.len());
            }
            Reading { doc, seg, sentences, figures, figures_of, found: Found::for_text(doc.text.len()) }
        }

        /// Finds the candidates of the kind at `kind` in [`Recognizers::ORDER`].
        fn find(&mut self, ex: &Extractor, kind: usize) {
            for (k, (sentence, range)) in self.sentences.iter().zip(&self.figures_of).enumerate() {
                let cx = SentenceContext {
                    text: self.doc.text,
                    sentence,
                    tokens: self.seg.tokens_of(sentence),
                    figures: self.figures.get(range.clone()).unwrap_or_default(),
                };
                self.found.find(&ex.recognizers, kind, k, &cx);
            }
        }
    }

    /// Claim assembly alone; returns the number of claims.
    pub fn claims(ex: &Extractor, doc: &Document, seg: &segment::Segmented, mentions: &[resolve::Mention]) -> usize {
        ex.claims.assemble(Dated::of(doc), seg, mentions).len()
    }
}
