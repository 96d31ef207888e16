//! A span's text in an output record, shared with the record's other spans.
//!
//! A record quotes its document several times over (every sentence, then claims and
//! mentions inside them). Copying each quote into a `String` of its own cost an
//! allocation and a copy per span, more than writing the JSON line itself; a snippet
//! is a counted reference to one copy of the document's text and a byte range in it.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A stretch of a document's text, read as a `&str` (it derefs to one), written in JSON
/// as a string.
#[derive(Clone, Eq)]
pub struct Snippet {
    source: Arc<str>,
    start: usize,
    end: usize,
}

impl Snippet {
    /// The bytes `start..end` of `source`.
    pub fn new(source: &Arc<str>, start: usize, end: usize) -> Snippet {
        Snippet { source: Arc::clone(source), start, end }
    }

    /// The text; empty where `start..end` is not a stretch of the source on its char
    /// boundaries, which the spans the pipeline finds always are.
    pub fn as_str(&self) -> &str {
        self.source.get(self.start..self.end).unwrap_or_default()
    }
}

impl Deref for Snippet {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Snippet {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Snippet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq for Snippet {
    fn eq(&self, other: &Snippet) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Comparisons with the string types, both ways round, so that a snippet is compared
/// with a literal or a slice as a `String` was.
macro_rules! compare_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Snippet {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<Snippet> for $other {
            fn eq(&self, other: &Snippet) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

compare_with!(str, &str, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_reads_its_stretch_of_the_source() {
        let source: Arc<str> = Arc::from("Türkiye said $5bn");
        let snippet = Snippet::new(&source, 0, 8);
        assert_eq!(snippet, "Türkiye");
        assert_eq!("Türkiye", snippet);
        assert_eq!(snippet.len(), 8);
        assert_eq!(format!("{snippet:?}"), "\"Türkiye\"");
        assert_eq!(serde_json::to_string(&snippet).ok().as_deref(), Some("\"Türkiye\""));
    }

    #[test]
    fn a_range_off_the_source_or_its_char_boundaries_is_empty() {
        let source: Arc<str> = Arc::from("Türkiye");
        assert_eq!(Snippet::new(&source, 0, 2), "");
        assert_eq!(Snippet::new(&source, 3, 40), "");
        assert_eq!(Snippet::new(&Arc::from("Baku"), 0, 4), Snippet::new(&Arc::from("in Baku"), 3, 7));
    }
}
