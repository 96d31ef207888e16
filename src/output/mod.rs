//! Output: the `claimex/1` schema and the formats it is written in.

pub mod compact;
pub mod json;
mod jsonl;
pub mod snippet;
pub mod table;

pub use json::{
    AttributionOut, ClaimActor, ClaimOut, ClaimTimeOut, DocOut, Extraction, MentionOut, SCHEMA, SentenceOut, TriggerOut,
};
pub use snippet::Snippet;
