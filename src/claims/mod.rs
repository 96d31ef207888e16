//! Claims: one assertion per sentence or clause, with its trigger, time, actors,
//! figures, attribution and modality. Data: rules/claims/.

mod assemble;
mod lexicon;
mod vocabulary;

use std::sync::Arc;

use serde::Serialize;

use crate::document::Span;

pub(crate) use assemble::Claims;

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

#[cfg(test)]
impl Modality {
    /// Every modality, for tests that try each.
    pub(crate) const ALL: [Modality; 6] = [
        Modality::Asserted,
        Modality::Reported,
        Modality::Hedged,
        Modality::Forecast,
        Modality::Negated,
        Modality::Demanded,
    ];
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
    /// Its coarse event class (statement, demand, accident…), shared with the trigger
    /// lexicon rather than copied for every claim.
    pub class: Arc<str>,
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
