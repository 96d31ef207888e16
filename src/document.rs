//! A document to read, byte spans into its text, and the conversion of byte offsets to
//! the Unicode code point offsets written in the output.

use crate::date::Date;

/// A document as the stages after segmentation read it: its text and its date, which
/// may be its dateline's rather than its own. A view rather than a changed copy of the
/// document, which would copy its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dated<'a> {
    pub text: &'a str,
    pub dct: Option<Date>,
}

impl<'a> Dated<'a> {
    /// `doc` as it is.
    pub(crate) fn of(doc: &'a Document) -> Self {
        Dated { text: &doc.text, dct: doc.dct }
    }
}

/// One article: an id, its text and, when known, the document creation time (dct).
#[derive(Debug, Clone)]
pub struct Document {
    /// The id written in the output (a file stem, a JSONL `id`).
    pub id: String,
    /// Where the text came from (a path), when it came from a file.
    pub source: Option<String>,
    /// The whole text.
    pub text: String,
    /// The date the article was written, which relative times are resolved against.
    pub dct: Option<Date>,
}

impl Document {
    /// A document with no source and no dct.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), source: None, text: text.into(), dct: None }
    }

    /// The same document with its document date set.
    pub fn with_dct(mut self, dct: Option<Date>) -> Self {
        self.dct = dct;
        self
    }

    /// The same document with its source path set.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// A half-open byte range into a document's text, always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies within this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers; empty if it does not lie on char boundaries of `text`.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Maps byte offsets of one text to code point offsets.
pub(crate) struct CodePoints {
    /// Per 64-byte block, for O(64) lookups: the code point offset at its start, shifted
    /// up a bit, with the low bit set when the block holds as many chars as bytes. Most
    /// blocks of news text do, and there a char is a byte, with nothing to count; one
    /// read tells both.
    blocks: Vec<usize>,
    ascii: bool,
}

impl CodePoints {
    const BLOCK: usize = 64;

    pub(crate) fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CodePoints { blocks: Vec::new(), ascii: true };
        }
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / Self::BLOCK + 2);
        let mut count = 0;
        for chunk in bytes.chunks(Self::BLOCK) {
            let chars = chars_in(chunk);
            blocks.push(count << 1 | usize::from(chars == chunk.len()));
            count += chars;
        }
        // The end of the text, where no bytes are left to count.
        blocks.push(count << 1 | 1);
        CodePoints { blocks, ascii: false }
    }

    /// The code point offset of byte offset `byte` (which must be a char boundary).
    pub(crate) fn of(&self, text: &str, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let block = byte / Self::BLOCK;
        let from = block * Self::BLOCK;
        let upto = byte.min(text.len());
        let packed = self.blocks.get(block).copied().unwrap_or(0);
        let base = packed >> 1;
        if packed & 1 == 1 {
            return base + upto.saturating_sub(from);
        }
        base + text.as_bytes().get(from.min(upto)..upto).map_or(0, chars_in)
    }
}

/// The number of chars that start in `bytes`, at most [`CodePoints::BLOCK`] long. Summing
/// in a byte, which cannot overflow for a block, lets the loop run on vector registers.
fn chars_in(bytes: &[u8]) -> usize {
    const _: () = assert!(CodePoints::BLOCK <= u8::MAX as usize);
    usize::from(bytes.iter().fold(0u8, |n, &b| n.wrapping_add(u8::from(!is_continuation(b)))))
}

fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_count_chars_not_bytes() {
        let text = "Azerbaijan’s 25 December — Türkiye ₼ 5".repeat(5);
        let map = CodePoints::new(&text);
        for (byte, _) in text.char_indices() {
            assert_eq!(map.of(&text, byte), text[..byte].chars().count());
        }
        assert_eq!(map.of(&text, text.len()), text.chars().count());
    }

    proptest::proptest! {
        /// Blocks all in ASCII and blocks with other characters count alike.
        #[test]
        fn code_points_agree_with_counting_chars(text in "(abc|é|’|₼|😀| |\\n){0,200}") {
            let map = CodePoints::new(&text);
            for (byte, _) in text.char_indices() {
                proptest::prop_assert_eq!(map.of(&text, byte), text[..byte].chars().count());
            }
            proptest::prop_assert_eq!(map.of(&text, text.len()), text.chars().count());
        }
    }
}
