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

mod ascii;
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

use std::borrow::Cow;

use recognize::{Candidate, Recognizers, SentenceContext};

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

    /// Extracts everything from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let seg = self.segmenter.segment(&doc.text);
        let dct = doc.dct.or(seg.dateline);
        // Later stages read the dct from the document; it is copied only when the dateline
        // gives it one.
        let dated = if dct == doc.dct { Cow::Borrowed(doc) } else { Cow::Owned(Document { dct, ..doc.clone() }) };
        let mentions = stages::mentions(self, &dated, &seg);
        let claims = self.claims.assemble(&dated, &seg, &mentions);
        Extraction::build(doc, &seg, dct, mentions, claims)
    }
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
    /// hot. The candidates are then put back in the order a sentence-by-sentence reading
    /// gives (sentence, then recognizer), so nothing downstream can tell the difference.
    pub fn mentions(ex: &Extractor, doc: &Document, seg: &segment::Segmented) -> Vec<resolve::Mention> {
        let sentences: Vec<&segment::Sentence> = seg.sentences.iter().filter(|s| s.part.has_mentions()).collect();
        let mut figures = Vec::new();
        let mut figures_of = Vec::with_capacity(sentences.len());
        for sentence in &sentences {
            let from = figures.len();
            number::scan_figures(sentence.span.text(&doc.text), &mut figures);
            figures_of.push(from..figures.len());
        }
        let mut by_kind: Vec<(Vec<Candidate>, Vec<usize>)> = Vec::with_capacity(Recognizers::ORDER.len());
        for kind in Recognizers::ORDER {
            let mut found = Vec::new();
            let mut counts = Vec::with_capacity(sentences.len());
            for (sentence, range) in sentences.iter().zip(&figures_of) {
                let before = found.len();
                let cx = SentenceContext {
                    text: &doc.text,
                    sentence,
                    tokens: seg.tokens_of(sentence),
                    figures: figures.get(range.clone()).unwrap_or_default(),
                };
                ex.recognizers.find_kind(kind, &cx, &mut found);
                counts.push(found.len() - before);
            }
            by_kind.push((found, counts));
        }
        let total = by_kind.iter().map(|(found, _)| found.len()).sum();
        let mut candidates = Vec::with_capacity(total);
        let mut streams: Vec<(std::vec::IntoIter<Candidate>, Vec<usize>)> =
            by_kind.into_iter().map(|(found, counts)| (found.into_iter(), counts)).collect();
        for k in 0..sentences.len() {
            for (found, counts) in &mut streams {
                candidates.extend(found.by_ref().take(counts.get(k).copied().unwrap_or(0)));
            }
        }
        ex.resolver.resolve(doc, seg, candidates)
    }

    /// Claim assembly alone; returns the number of claims.
    pub fn claims(ex: &Extractor, doc: &Document, seg: &segment::Segmented, mentions: &[resolve::Mention]) -> usize {
        ex.claims.assemble(doc, seg, mentions).len()
    }
}
