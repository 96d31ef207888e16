//! The `claimex/1` schema: one object per document. Offsets are half-open Unicode code
//! point offsets, each span written with its `text`; field order is fixed.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::snippet::Snippet;

use crate::claims::{Claim, ClaimKind, Modality, Role, TimeFrom};
use crate::document::{CodePoints, Document, Span};
use crate::resolve::Mention;
use crate::segment::{Part, Segmented};
use crate::value::{Kind, Value};

/// The schema name written in every record.
pub const SCHEMA: &str = "claimex/1";

/// Everything claimex found in one document.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// About the document.
    pub doc: DocOut,
    /// Every sentence.
    pub sentences: Vec<SentenceOut>,
    /// Every mention, in text order; `id` is the index.
    pub mentions: Vec<MentionOut>,
    /// Every claim, in text order; `id` is the index.
    pub claims: Vec<ClaimOut>,
}

/// The `doc` object.
#[derive(Debug, Clone, Serialize)]
pub struct DocOut {
    /// The document id.
    pub id: String,
    /// The path it was read from.
    pub source: Option<String>,
    /// The document date used, `YYYY-MM-DD`.
    pub dct: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Authors from the byline.
    pub authors: Vec<String>,
}

/// One sentence.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceOut {
    /// Index from 0.
    pub i: usize,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// title, byline, body or debris.
    pub part: Part,
    /// The sentence text.
    pub text: Snippet,
}

/// One mention.
#[derive(Debug, Clone, Serialize)]
pub struct MentionOut {
    /// Index from 0.
    pub id: usize,
    /// time, money, percent, quantity or actor.
    pub kind: Kind,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text.
    pub text: Snippet,
    /// Index of its sentence.
    pub sentence: usize,
    /// The rule that found it: a rule id of the embedded rules is borrowed, not copied.
    pub rule: Cow<'static, str>,
    /// What it means.
    pub value: Value,
}

/// One claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimOut {
    /// Index from 0.
    pub id: usize,
    /// Index of its sentence.
    pub sentence: usize,
    /// First code point of the sentence or clause.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// Its text.
    pub text: Snippet,
    /// event, statistic, statement or assessment.
    pub kind: ClaimKind,
    /// Main verb or event noun.
    pub trigger: Option<TriggerOut>,
    /// When.
    pub time: Option<ClaimTimeOut>,
    /// Actors with roles.
    pub actors: Vec<ClaimActor>,
    /// Mention ids of its money, percent and quantity figures.
    pub figures: Vec<usize>,
    /// Who says so.
    pub attribution: Option<AttributionOut>,
    /// asserted, reported, hedged, forecast, negated or demanded.
    pub modality: Modality,
}

/// A claim's trigger.
#[derive(Debug, Clone, Serialize)]
pub struct TriggerOut {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The words.
    pub text: Snippet,
    /// Coarse event class.
    pub class: Arc<str>,
}

/// A claim's time.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimTimeOut {
    /// TIMEX3 value.
    pub timex: String,
    /// The time mention's id (null for the dct).
    pub mention: Option<usize>,
    /// sentence, context or dct.
    pub from: TimeFrom,
    /// For `context`: how many sentences back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back: Option<usize>,
}

/// An actor of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimActor {
    /// The actor mention's id.
    pub mention: usize,
    /// agent, target or other.
    pub role: Role,
}

/// A claim's attribution.
#[derive(Debug, Clone, Serialize)]
pub struct AttributionOut {
    /// The source actor mention's id.
    pub source: Option<usize>,
    /// The reporting words.
    pub cue: String,
    /// The inner source of a nested attribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner: Option<usize>,
}

impl Extraction {
    /// Builds the output record of one document. Mentions and claims are taken by value
    /// so that their rules, values and strings move into the record instead of being copied.
    pub(crate) fn build(
        doc: &Document,
        seg: &Segmented,
        dct: Option<crate::date::Date>,
        mentions: Vec<Mention>,
        claims: Vec<Claim>,
    ) -> Extraction {
        let text = doc.text.as_str();
        let points = CodePoints::new(text);
        // One copy of the text for every quote of the record to share.
        let shared: Arc<str> = Arc::from(text);
        let at = |span: Span| {
            (points.of(text, span.start), points.of(text, span.end), Snippet::new(&shared, span.start, span.end))
        };
        let sentences = seg
            .sentences
            .iter()
            .map(|s| {
                let (start, end, text) = at(s.span);
                SentenceOut { i: s.index, start, end, part: s.part, text }
            })
            .collect();
        let mentions_out = mentions
            .into_iter()
            .enumerate()
            .map(|(id, m)| {
                let (start, end, text) = at(m.span);
                MentionOut { id, kind: m.kind(), start, end, text, sentence: m.sentence, rule: m.rule, value: m.value }
            })
            .collect();
        let claims_out = claims
            .into_iter()
            .enumerate()
            .map(|(id, c)| {
                let (start, end, text) = at(c.span);
                ClaimOut {
                    id,
                    sentence: c.sentence,
                    start,
                    end,
                    text,
                    kind: c.kind,
                    trigger: c.trigger.map(|t| {
                        let (start, end, text) = at(t.span);
                        TriggerOut { start, end, text, class: t.class }
                    }),
                    time: c.time.map(|t| ClaimTimeOut {
                        timex: t.timex,
                        mention: t.mention,
                        from: t.from,
                        back: t.back,
                    }),
                    actors: c.actors.into_iter().map(|(mention, role)| ClaimActor { mention, role }).collect(),
                    figures: c.figures,
                    attribution: c.attribution.map(|a| AttributionOut { source: a.source, cue: a.cue, inner: a.inner }),
                    modality: c.modality,
                }
            })
            .collect();
        Extraction {
            schema: SCHEMA,
            doc: DocOut {
                id: doc.id.clone(),
                source: doc.source.clone(),
                dct: dct.map(|d| d.to_string()),
                title: seg.title.map(|t| t.text(text).to_owned()),
                authors: seg.authors.clone(),
            },
            sentences,
            mentions: mentions_out,
            claims: claims_out,
        }
    }
}
