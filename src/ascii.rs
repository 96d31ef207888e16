//! Byte-level scans of ASCII text shared by the recognizers.

/// The length of the run of ASCII letters that `bytes` start with. Eight bytes at a
/// time: a step a byte made the letters of every word the dearest part of reading it.
#[inline(always)]
pub(crate) fn letters_len(bytes: &[u8]) -> usize {
    // Nearly all words end within their first sixteen bytes: those two blocks are tested
    // before any loop is set up, the second only when the first is all letters.
    if let Some(block) = bytes.first_chunk::<8>() {
        let others = !letter_bits(u64::from_le_bytes(*block)) & HIGH_BITS;
        if others != 0 {
            return (others.trailing_zeros() / 8) as usize;
        }
        if let Some(block) = bytes.get(8..).and_then(<[u8]>::first_chunk::<8>) {
            let others = !letter_bits(u64::from_le_bytes(*block)) & HIGH_BITS;
            if others != 0 {
                return 8 + (others.trailing_zeros() / 8) as usize;
            }
            return letters_len_from(bytes, 16);
        }
        return letters_len_from(bytes, 8);
    }
    letters_len_from(bytes, 0)
}

/// `letters_len`, from byte `n` on.
#[inline(never)]
fn letters_len_from(bytes: &[u8], mut n: usize) -> usize {
    while let Some(block) = bytes.get(n..).and_then(<[u8]>::first_chunk::<8>) {
        let others = !letter_bits(u64::from_le_bytes(*block)) & HIGH_BITS;
        if others != 0 {
            return n + (others.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let tail = bytes.get(n..).unwrap_or_default();
    n + tail.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(tail.len())
}

/// Bit 7 of each byte of a u64.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is an ASCII letter. Lower-cased and without its
/// high bit, a byte is at most 0x7F, so adding to it carries into no other byte: adding
/// 0x1F sets the high bit from 'a' up, adding 0x05 from '{' up.
pub(crate) fn letter_bits(x: u64) -> u64 {
    let y = (x | 0x2020_2020_2020_2020) & !HIGH_BITS;
    let from_a = y + 0x1F1F_1F1F_1F1F_1F1F;
    let past_z = y + 0x0505_0505_0505_0505;
    from_a & !past_z & !x & HIGH_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_len_agrees_with_a_step_a_byte() {
        let texts: [&[u8]; 6] = [
            b"",
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            b"year-ago",
            b"@[`{AZaz\x7f\x80\xc3\xa9",
            "caf\u{e9}s and na\u{ef}ve".as_bytes(),
            b"Tuesday, 12 March",
        ];
        for text in texts {
            for start in 0..text.len() {
                let rest = &text[start..];
                let slow = rest.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len());
                assert_eq!(letters_len(rest), slow, "{rest:?}");
            }
        }
        for b in 0..=255_u8 {
            let block = u64::from_le_bytes([b; 8]);
            assert_eq!(letter_bits(block) != 0, b.is_ascii_alphabetic(), "{b:#x}");
        }
    }
}
