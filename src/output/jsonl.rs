//! A `claimex/1` record as one compact JSON line, written field by field.
//!
//! The keys of the schema are fixed, so each is written as one constant run of bytes
//! with the punctuation around it, which the compiler turns into a few stores; going
//! through `Serialize` instead costs a call, a check and a copy per key, and keys are
//! most of a record's tokens. Enums and mention values are written the same way
//! (`values`). The bytes are exactly what `serde_json::to_vec` writes for the record,
//! which tests hold over whole documents and over records of arbitrary strings and numbers.

mod digits;
mod values;

use super::compact::{self, Error};
use super::json::{ClaimOut, DocOut, Extraction, MentionOut, SentenceOut};
use digits::write_number;

impl Extraction {
    /// Appends the record as compact JSON (no newline), byte for byte what
    /// `serde_json::to_writer` writes for it.
    ///
    /// # Errors
    /// Only if a value's `Serialize` fails, which claimex's own values never do.
    pub fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.extend_from_slice(b"{\"schema\":");
        compact::write_str(out, self.schema);
        out.extend_from_slice(b",\"doc\":");
        write_doc(out, &self.doc);
        out.extend_from_slice(b",\"sentences\":[");
        // The comma between elements is copied with the element's first key, and each
        // arm copies a constant: a copy of either length would be a `memcpy` call.
        for (i, sentence) in self.sentences.iter().enumerate() {
            match i {
                0 => out.extend_from_slice(b"{\"i\":"),
                _ => out.extend_from_slice(b",{\"i\":"),
            }
            write_sentence(out, sentence);
        }
        out.extend_from_slice(b"],\"mentions\":[");
        for (i, mention) in self.mentions.iter().enumerate() {
            open_with_id(out, i);
            write_mention(out, mention)?;
        }
        out.extend_from_slice(b"],\"claims\":[");
        for (i, claim) in self.claims.iter().enumerate() {
            open_with_id(out, i);
            write_claim(out, claim);
        }
        out.extend_from_slice(b"]}");
        Ok(())
    }
}

/// `{"id":` opening the `i`th element of an array, after a comma but for the first.
fn open_with_id(out: &mut Vec<u8>, i: usize) {
    match i {
        0 => out.extend_from_slice(b"{\"id\":"),
        _ => out.extend_from_slice(b",{\"id\":"),
    }
}

fn comma_unless_first(out: &mut Vec<u8>, i: usize) {
    if i > 0 {
        out.push(b',');
    }
}

fn write_optional_number(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => write_number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_optional_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => compact::write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_doc(out: &mut Vec<u8>, doc: &DocOut) {
    out.extend_from_slice(b"{\"id\":");
    compact::write_str(out, &doc.id);
    out.extend_from_slice(b",\"source\":");
    write_optional_str(out, doc.source.as_deref());
    out.extend_from_slice(b",\"dct\":");
    write_optional_str(out, doc.dct.as_deref());
    out.extend_from_slice(b",\"title\":");
    write_optional_str(out, doc.title.as_deref());
    out.extend_from_slice(b",\"authors\":[");
    for (i, author) in doc.authors.iter().enumerate() {
        comma_unless_first(out, i);
        compact::write_str(out, author);
    }
    out.extend_from_slice(b"]}");
}

/// A sentence, after its opening `{"i":`.
fn write_sentence(out: &mut Vec<u8>, sentence: &SentenceOut) {
    write_number(out, sentence.i);
    out.extend_from_slice(b",\"start\":");
    write_number(out, sentence.start);
    out.extend_from_slice(b",\"end\":");
    write_number(out, sentence.end);
    values::write_part(out, sentence.part);
    compact::write_str(out, &sentence.text);
    out.push(b'}');
}

/// A mention, after its opening `{"id":`.
fn write_mention(out: &mut Vec<u8>, mention: &MentionOut) -> Result<(), Error> {
    write_number(out, mention.id);
    values::write_mention_kind(out, mention.kind);
    write_number(out, mention.start);
    out.extend_from_slice(b",\"end\":");
    write_number(out, mention.end);
    out.extend_from_slice(b",\"text\":");
    compact::write_str(out, &mention.text);
    out.extend_from_slice(b",\"sentence\":");
    write_number(out, mention.sentence);
    out.extend_from_slice(b",\"rule\":");
    compact::write_str(out, &mention.rule);
    out.extend_from_slice(b",\"value\":");
    values::write_value(out, &mention.value)?;
    out.push(b'}');
    Ok(())
}

/// A claim, after its opening `{"id":`.
fn write_claim(out: &mut Vec<u8>, claim: &ClaimOut) {
    write_number(out, claim.id);
    out.extend_from_slice(b",\"sentence\":");
    write_number(out, claim.sentence);
    out.extend_from_slice(b",\"start\":");
    write_number(out, claim.start);
    out.extend_from_slice(b",\"end\":");
    write_number(out, claim.end);
    out.extend_from_slice(b",\"text\":");
    compact::write_str(out, &claim.text);
    values::write_claim_kind(out, claim.kind);
    match &claim.trigger {
        Some(trigger) => {
            out.extend_from_slice(b"{\"start\":");
            write_number(out, trigger.start);
            out.extend_from_slice(b",\"end\":");
            write_number(out, trigger.end);
            out.extend_from_slice(b",\"text\":");
            compact::write_str(out, &trigger.text);
            out.extend_from_slice(b",\"class\":");
            compact::write_str(out, &trigger.class);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"time\":");
    match &claim.time {
        Some(time) => {
            out.extend_from_slice(b"{\"timex\":");
            compact::write_str(out, &time.timex);
            out.extend_from_slice(b",\"mention\":");
            write_optional_number(out, time.mention);
            values::write_time_from(out, time.from);
            if let Some(back) = time.back {
                out.extend_from_slice(b",\"back\":");
                write_number(out, back);
            }
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"actors\":[");
    for (i, actor) in claim.actors.iter().enumerate() {
        comma_unless_first(out, i);
        out.extend_from_slice(b"{\"mention\":");
        write_number(out, actor.mention);
        values::write_role(out, actor.role);
    }
    out.extend_from_slice(b"],\"figures\":[");
    for (i, &figure) in claim.figures.iter().enumerate() {
        comma_unless_first(out, i);
        write_number(out, figure);
    }
    out.extend_from_slice(b"],\"attribution\":");
    match &claim.attribution {
        Some(attribution) => {
            out.extend_from_slice(b"{\"source\":");
            write_optional_number(out, attribution.source);
            out.extend_from_slice(b",\"cue\":");
            compact::write_str(out, &attribution.cue);
            if let Some(inner) = attribution.inner {
                out.extend_from_slice(b",\"inner\":");
                write_number(out, inner);
            }
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    values::write_modality(out, claim.modality);
}

#[cfg(test)]
mod tests;
