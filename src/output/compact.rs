//! Compact JSON, byte for byte what `serde_json::to_writer` writes, at a fraction of the
//! cost for claimex's records.
//!
//! A record is mostly short keys and short strings: serde_json walks each one through
//! its escape table a byte at a time behind an `io::Write`, which made writing a record
//! cost half as much as extracting it. Here output goes straight into a `Vec<u8>`, and
//! strings are checked a block of bytes at a time for the few bytes JSON escapes. Floats are
//! rare and left to serde_json, so their shortest form is serde_json's own.

use std::fmt;

use serde::ser::{self, Serialize};

use crate::ascii::HIGH_BITS;

/// Appends the compact JSON of `value` to `out`, exactly as `serde_json::to_writer`
/// would write it.
///
/// # Errors
/// When `value`'s `Serialize` fails, or a map has a key JSON cannot hold (an array, an
/// object, a non-finite float), as serde_json refuses them. `out` may then hold part of
/// the value.
pub fn to_vec_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    value.serialize(&mut Writer { out })
}

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The `serialize_i8` … `serialize_u128` methods of a serializer, each handing its
/// value to the serializer's method `$write`.
macro_rules! integer_methods {
    ($write:ident) => {
        integer_methods!($write; serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
            serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
            serialize_u128: u128);
    };
    ($write:ident; $($method:ident: $int:ty),*) => {
        $(fn $method(self, v: $int) -> Result<(), Error> {
            self.$write(v)
        })*
    };
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn integer(&mut self, n: impl itoa::Integer) -> Result<(), Error> {
        self.out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        Ok(())
    }

    fn float<F: Serialize>(&mut self, value: F) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &value).map_err(|e| Error(e.to_string()))
    }

    /// `{"variant":` — what an enum variant with content opens with.
    fn open_variant(&mut self, variant: &str) {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether any byte of `block` is one JSON escapes: a control byte, `"` or `\`.
fn needs_escape(block: u64) -> bool {
    escape_bits(block) != 0
}

/// Bit 7 set in some byte of the result when a byte of `block` is one JSON escapes.
/// Flipping bit 1 takes `"` (0x22) to 0x20 and keeps the control bytes below it, while
/// no other byte lands in `0..=0x20`; then the classic tests for a byte below 0x21 and
/// for a zero byte (after an xor with `\`). Exact for a yes/no over the block.
fn escape_bits(block: u64) -> u64 {
    let flipped = block ^ (ONES * 2);
    let below = flipped.wrapping_sub(ONES * 0x21) & !flipped;
    let backslash = block ^ (ONES * u64::from(b'\\'));
    let zero = backslash.wrapping_sub(ONES) & !backslash;
    (below | zero) & HIGH_BITS
}

/// `s` quoted and escaped as serde_json escapes it. Always inlined where a record is
/// written: built with fat LTO, the compiler left a call per string. The long and
/// escaping cases stay out of line.
#[inline(always)]
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Most strings of a record are short: a copy of their exact length would be a
    // `memcpy` call, dearer than the string itself, so they are copied in pieces of a
    // fixed length instead.
    if bytes.len() > 32 || short_escapes(bytes) {
        write_long(out, bytes);
        return;
    }
    match bytes.len() {
        16.. => write_pieces::<16, 34>(out, bytes),
        8.. => write_pieces::<8, 18>(out, bytes),
        4.. => write_pieces::<4, 10>(out, bytes),
        _ => write_tiny(out, bytes),
    }
}

/// Whether a string of at most 32 bytes holds a byte JSON escapes: its first and its
/// last half, rounded up to a power of two (overlapping where it is shorter), tested as
/// one block.
#[inline(always)]
fn short_escapes(bytes: &[u8]) -> bool {
    if let (Some(first), Some(last)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        // Not `||`: both halves in one test, without a branch between them.
        return block_escapes(first) | block_escapes(last);
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        return escape_bits(u64::from_le_bytes(*first)) | escape_bits(u64::from_le_bytes(*last)) != 0;
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return needs_escape(u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32);
    }
    bytes.iter().any(|&b| ESCAPED.get(usize::from(b)).copied().unwrap_or_default())
}

/// Quotes enough for any string `write_pieces` or `write_tiny` writes.
const QUOTES: [u8; 34] = [b'"'; 34];

/// `bytes`, `N` to `2N` of them and none to escape, in quotes; `W` is `2N + 2`. A run of
/// quotes as long as the longest such string with its quotes is written first, then the
/// first and the last `N` bytes over it, overlapping where the string is shorter than
/// `2N`; the quote after the last byte is left standing, and what follows it cut off.
fn write_pieces<const N: usize, const W: usize>(out: &mut Vec<u8>, bytes: &[u8]) {
    let start = out.len();
    out.extend_from_slice(QUOTES.first_chunk::<W>().unwrap_or(&[b'"'; W]));
    if let Some(to) = out.get_mut(start + 1..start + 1 + bytes.len()) {
        if let (Some(to), Some(from)) = (to.first_chunk_mut::<N>(), bytes.first_chunk::<N>()) {
            *to = *from;
        }
        if let (Some(to), Some(from)) = (to.last_chunk_mut::<N>(), bytes.last_chunk::<N>()) {
            *to = *from;
        }
    }
    out.truncate(start + bytes.len() + 2);
}

/// `write_pieces` for up to three bytes, one at a time.
fn write_tiny(out: &mut Vec<u8>, bytes: &[u8]) {
    let start = out.len();
    out.extend_from_slice(QUOTES.first_chunk::<5>().unwrap_or(&[b'"'; 5]));
    // A byte at a time: `copy_from_slice` would call `memcpy`.
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(to) = out.get_mut(start + 1 + i) {
            *to = b;
        }
    }
    out.truncate(start + bytes.len() + 2);
}

/// `write_str` for a string too long for `write_pieces` or with a byte to escape. Out
/// of line: inlined, it made every short string save and restore registers it needs.
#[inline(never)]
fn write_long(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if any_escape(bytes) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether `bytes` hold a byte JSON escapes. Thirty-two at a time, a test the compiler
/// makes a few vector instructions of, the last block overlapping the ones before.
fn any_escape(bytes: &[u8]) -> bool {
    match bytes.as_chunks::<32>() {
        ([], _) => short_escapes(bytes),
        (blocks, _) => blocks.iter().any(block_escapes) || bytes.last_chunk::<32>().is_some_and(block_escapes),
    }
}

/// Whether any byte of `block` is one JSON escapes; written without a branch per byte,
/// so that it becomes a vector compare. Flipping bit 1 takes `"` (0x22) to 0x20 and
/// keeps the control bytes below it, while no other byte lands in `0..=0x20`: one
/// compare for both.
fn block_escapes<const N: usize>(block: &[u8; N]) -> bool {
    block.iter().fold(false, |any, &b| any | ((b ^ 2) <= 0x20) | (b == b'\\'))
}

// Out of line: news text seldom holds a byte to escape, and inlined, this loop made every
// call of `write_str` save and restore registers it only needs here.
#[cold]
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut clean = 0;
    let mut at = 0;
    while at < bytes.len() {
        // A text with a quote in it is still mostly clean: it is passed over a block at
        // a time, and only a block with a byte to escape (or the short tail) is read a
        // byte at a time.
        let block_end = at + 16;
        if bytes.get(at..block_end).and_then(<[u8]>::first_chunk::<16>).is_some_and(|block| !block_escapes(block)) {
            at = block_end;
            continue;
        }
        for (i, &byte) in bytes.iter().enumerate().take(block_end).skip(at) {
            if let Some(escaped) = escape(byte) {
                out.extend_from_slice(bytes.get(clean..i).unwrap_or_default());
                out.extend_from_slice(escaped.as_bytes());
                clean = i + 1;
            }
        }
        at = block_end;
    }
    out.extend_from_slice(bytes.get(clean..).unwrap_or_default());
}

/// The bytes [`escape`] escapes, as a table: a string is read a byte at a time where it
/// is short or holds an escape, and a lookup costs less there than the match.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// What serde_json writes for `byte`, when it escapes it.
fn escape(byte: u8) -> Option<EscapeText> {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0C => b'f',
        b'\r' => b'r',
        0x00..=0x1F => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
            return Some(EscapeText { bytes: [b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte & 0xF)], len: 6 });
        }
        _ => return None,
    };
    Some(EscapeText { bytes: [b'\\', short, 0, 0, 0, 0], len: 2 })
}

struct EscapeText {
    bytes: [u8; 6],
    len: usize,
}

impl EscapeText {
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// An array or object being written: whether a comma goes before the next element.
struct Compound<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    /// `}` or `]`, then `}` again when the compound is an enum variant's content.
    close: &'static [u8],
}

impl Compound<'_, '_> {
    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(b',');
        }
    }

    fn key(&mut self, key: &str) {
        self.separate();
        write_str(self.writer.out, key);
        self.writer.out.push(b':');
    }

    fn end(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integer_methods!(integer);
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // serde_json writes bytes as an array of numbers.
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        self.out.push(b'[');
        Ok(Compound { writer: self, first: true, close: b"]" })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        self.open_variant(variant);
        self.out.push(b'[');
        Ok(Compound { writer: self, first: true, close: b"]}" })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        self.out.push(b'{');
        Ok(Compound { writer: self, first: true, close: b"}" })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        self.open_variant(variant);
        self.out.push(b'{');
        Ok(Compound { writer: self, first: true, close: b"}}" })
    }
}

/// The compounds whose elements are written as an array's, each after a comma but the
/// first.
macro_rules! element_compounds {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.separate();
                value.serialize(&mut *self.writer)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

element_compounds!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The compounds whose fields are written as an object's, `"key":value`.
macro_rules! field_compounds {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.key(key);
                value.serialize(&mut *self.writer)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

field_compounds!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(MapKey { out: self.writer.out })?;
        self.writer.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map key: JSON keys are strings, so serde_json quotes numbers and booleans used as
/// keys and refuses what cannot be one.
struct MapKey<'a> {
    out: &'a mut Vec<u8>,
}

impl MapKey<'_> {
    fn quoted(self, text: impl fmt::Display) -> Result<(), Error> {
        write_str(self.out, &text.to_string());
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    integer_methods!(quoted);
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float_key(f64::from(v), serde_json::to_string(&v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float_key(v, serde_json::to_string(&v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

impl MapKey<'_> {
    /// serde_json writes a finite float key in quotes, as it writes the float itself.
    fn float_key(self, v: f64, written: serde_json::Result<String>) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite (got NaN or +/-inf)".to_owned()));
        }
        let written = written.map_err(|e| Error(e.to_string()))?;
        write_str(self.out, &written);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::ser::SerializeMap;
    use std::collections::BTreeMap;

    fn ours<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        to_vec_into(value, &mut out).map(|()| out)
    }

    fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        let theirs = serde_json::to_vec(value).expect("serde_json writes it");
        let ours = ours(value).expect("compact writes it");
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<bool>, b: Vec<f64> },
    }

    #[derive(serde::Serialize)]
    struct Record<'a> {
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<u8>,
        shapes: Vec<Shape>,
        unit: (),
        pair: (u64, i64),
        bytes: &'a [u8],
        letter: char,
        by_number: BTreeMap<i32, &'a str>,
        by_flag: BTreeMap<bool, u8>,
        empty: Vec<u8>,
    }

    #[test]
    fn every_serde_shape_is_written_as_serde_json_writes_it() {
        let record = Record {
            text: "a \"quoted\" \\ back\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f} é 𝄞 \u{202e}",
            skipped: None,
            none: None,
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "x".into()),
                Shape::Struct { a: Some(true), b: vec![0.1, -0.0, 1e300, 4.4, f64::NAN, f64::INFINITY, 12.0] },
            ],
            unit: (),
            pair: (u64::MAX, i64::MIN),
            bytes: &[0, 255],
            letter: '"',
            by_number: BTreeMap::from([(-1, "minus"), (2, "two")]),
            by_flag: BTreeMap::from([(false, 0), (true, 1)]),
            empty: Vec::new(),
        };
        same_as_serde_json(&record);
        same_as_serde_json(&FloatKeys(vec![(1.5, 'k'), (-0.25, 'n')]));
        assert!(ours(&FloatKeys(vec![(f64::NAN, 'x')])).is_err());
    }

    /// A map keyed by floats, which no standard map can be.
    struct FloatKeys(Vec<(f64, char)>);

    impl Serialize for FloatKeys {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (key, value) in &self.0 {
                map.serialize_entry(key, value)?;
            }
            map.end()
        }
    }

    #[test]
    fn the_escape_table_lists_the_bytes_escape_writes() {
        for byte in 0..=u8::MAX {
            assert_eq!(ESCAPED[usize::from(byte)], escape(byte).is_some(), "{byte:#x}");
        }
    }

    #[test]
    fn an_escaped_byte_is_found_at_every_place_of_every_length() {
        for len in 0..100 {
            let clean = vec![b'a'; len];
            assert!(!any_escape(&clean), "{len}");
            for at in 0..len {
                for byte in [0, 0x1f, b'"', b'\\'] {
                    let mut bytes = clean.clone();
                    bytes[at] = byte;
                    assert!(any_escape(&bytes), "{len} {at} {byte:#x}");
                }
                // The bytes next to the escaped ones are not taken for them.
                for byte in [b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xff] {
                    let mut bytes = clean.clone();
                    bytes[at] = byte;
                    assert!(!any_escape(&bytes), "{len} {at} {byte:#x}");
                }
            }
        }
    }

    #[test]
    fn a_word_needs_escaping_exactly_when_one_of_its_bytes_does() {
        let escaped = |b: u8| ESCAPED[usize::from(b)];
        for filler in [b'a', b' ', b'!', b'#', b']', 0x7f, 0x80, 0xa2, 0xff, 0] {
            for byte in 0..=u8::MAX {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = byte;
                    let expected = escaped(byte) || escaped(filler);
                    assert_eq!(needs_escape(u64::from_le_bytes(word)), expected, "{filler:#x} {byte:#x} at {at}");
                    let mut block = [filler; 32];
                    block[at * 4] = byte;
                    assert_eq!(block_escapes(&block), expected, "{filler:#x} {byte:#x} at {}", at * 4);
                }
            }
        }
    }

    #[test]
    fn short_strings_are_written_as_serde_json_writes_them_at_every_length() {
        for len in 0..40 {
            let clean: String = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH".chars().take(len).collect();
            same_as_serde_json(&clean);
            for at in 0..len {
                for replacement in ["\0", "\u{1f}", "\"", "\\", "\n", " ", "\u{7f}", "é"] {
                    let mut s = clean.clone();
                    s.replace_range(at..=at, replacement);
                    same_as_serde_json(&s);
                }
            }
        }
    }

    #[test]
    fn keys_json_cannot_hold_are_refused() {
        assert!(ours(&BTreeMap::from([((1, 2), 3)])).is_err());
        assert!(serde_json::to_vec(&BTreeMap::from([((1, 2), 3)])).is_err());
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "(?s).{0,80}", bytes in proptest::collection::vec(0u8..0x80, 0..64)) {
            same_as_serde_json(&s);
            // Control bytes are rare in arbitrary strings; ASCII bytes of every value
            // put them at every position of the eight-byte blocks.
            let ascii = String::from_utf8(bytes).expect("ASCII");
            same_as_serde_json(&ascii);
        }

        #[test]
        fn numbers_are_written_as_serde_json_writes_them(f in any::<f64>(), g in any::<f32>(), i in any::<i64>(), u in any::<u128>()) {
            same_as_serde_json(&(f, g, i, u));
        }
    }
}
