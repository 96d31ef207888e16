//! Claims: one assertion per sentence or clause, with its trigger, time, actors,
//! figures, attribution and modality. Data: rules/claims/.

use serde::Serialize;

use crate::document::{Document, Span};
use crate::error::Error;
use crate::resolve::Mention;
use crate::rules::Rules;
use crate::segment::Segmented;
use crate::value::Kind;

/// What sort of assertion a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// Something happened or was done.
    Event,
    /// A figure is stated.
    Statistic,
    /// Someone said, alleged or suggested something.
    Statement,
    /// The author's judgement or forecast.
    Assessment,
}

/// How firmly a claim is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the author.
    Asserted,
    /// Attributed to someone other than the author.
    Reported,
    /// Qualified ("likely", "may", "appears").
    Hedged,
    /// About the future ("will", "is expected to").
    Forecast,
    /// Denied or refrained from.
    Negated,
    /// Demanded or called for.
    Demanded,
}

/// The role of an actor in a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Who acts or states.
    Agent,
    /// Who is acted upon.
    Target,
    /// Mentioned.
    Other,
}

/// Where a claim's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeFrom {
    /// The claim's own text.
    Sentence,
    /// An earlier sentence of the same topic.
    Context,
    /// The document date.
    Dct,
}

/// The main verb or event noun of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// Where it is.
    pub span: Span,
    /// Its coarse event class (statement, demand, accident…).
    pub class: String,
}

/// The time of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimTime {
    /// The TIMEX3 value.
    pub timex: String,
    /// The time mention (index into the mentions), absent for the dct.
    pub mention: Option<usize>,
    /// Where it came from.
    pub from: TimeFrom,
    /// For `context`: how many sentences back.
    pub back: Option<usize>,
}

/// Who a claim is attributed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The source actor mention (index into the mentions).
    pub source: Option<usize>,
    /// The reporting words ("alleged", "according to").
    pub cue: String,
    /// The inner source of a nested attribution.
    pub inner: Option<usize>,
}

/// One claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Index of its sentence.
    pub sentence: usize,
    /// The sentence or clause it covers.
    pub span: Span,
    /// What sort of assertion it is.
    pub kind: ClaimKind,
    /// Its main verb or event noun.
    pub trigger: Option<Trigger>,
    /// When.
    pub time: Option<ClaimTime>,
    /// Actor mentions with their roles.
    pub actors: Vec<(usize, Role)>,
    /// Money, percent and quantity mentions.
    pub figures: Vec<usize>,
    /// Who says so, when not the author.
    pub attribution: Option<Attribution>,
    /// How firmly it is claimed.
    pub modality: Modality,
}

/// The compiled claim assembler.
#[derive(Debug)]
pub(crate) struct Claims {}

impl Claims {
    pub(crate) fn new(_rules: &Rules) -> Result<Self, Error> {
        Ok(Claims {})
    }

    /// Assembles the claims of one document from its sentences and mentions.
    pub(crate) fn assemble(
        &self,
        _doc: &Document,
        seg: &Segmented,
        mentions: &[Mention],
    ) -> Vec<Claim> {
        let mut claims = Vec::new();
        for sentence in seg.sentences.iter().filter(|s| s.part.has_claims()) {
            let own: Vec<usize> = (0..mentions.len())
                .filter(|&i| mentions[i].sentence == sentence.index)
                .collect();
            if own.is_empty() {
                continue;
            }
            let figures: Vec<usize> = own
                .iter()
                .copied()
                .filter(|&i| {
                    matches!(
                        mentions[i].kind(),
                        Kind::Money | Kind::Percent | Kind::Quantity
                    )
                })
                .collect();
            let actors = own
                .iter()
                .copied()
                .filter(|&i| mentions[i].kind() == Kind::Actor)
                .map(|i| (i, Role::Other))
                .collect();
            let time = own
                .iter()
                .copied()
                .find(|&i| mentions[i].kind() == Kind::Time)
                .and_then(|i| match &mentions[i].value {
                    crate::value::Value::Time(t) => Some(ClaimTime {
                        timex: t.timex.clone(),
                        mention: Some(i),
                        from: TimeFrom::Sentence,
                        back: None,
                    }),
                    _ => None,
                });
            claims.push(Claim {
                sentence: sentence.index,
                span: sentence.span,
                kind: if figures.is_empty() {
                    ClaimKind::Event
                } else {
                    ClaimKind::Statistic
                },
                trigger: None,
                time,
                actors,
                figures,
                attribution: None,
                modality: Modality::Asserted,
            });
        }
        claims
    }
}
