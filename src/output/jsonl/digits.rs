//! Numbers of a record as decimal digits.
//!
//! Nearly every number in a record is an offset, an index or a count: under a hundred
//! million. Such a number is built as up to eight digit bytes in one `u64`, two digits a
//! step, and copied as eight bytes of which the ones past its last digit are cut off
//! again; a copy of the exact length would be a `memcpy` call, dearer than the digits.

/// The two ASCII digits of `0..100`, the tens in the low byte, as a `u64` holds them
/// when its bytes are read from the low end.
const PAIRS: [u16; 100] = {
    let mut pairs = [0; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = (b'0' as u16 + (i / 10) as u16) | ((b'0' as u16 + (i % 10) as u16) << 8);
        i += 1;
    }
    pairs
};

/// Appends `n` in decimal. Always inlined: built with fat LTO, the compiler kept it
/// out of line, and the call cost as much as the digits.
#[inline(always)]
pub(super) fn write_number(out: &mut Vec<u8>, n: usize) {
    match u32::try_from(n) {
        Ok(short) if short < 100_000_000 => write_short(out, short),
        _ => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// `n` (below 10⁸) in decimal, built from its last two digits up: each pair goes in
/// below the ones already there, so the first digit ends in the low byte.
#[inline(always)]
fn write_short(out: &mut Vec<u8>, mut n: u32) {
    let pair = |n: u32| u64::from(PAIRS.get(n as usize % 100).copied().unwrap_or_default());
    let mut digits = 0u64;
    let mut len = 0;
    while n >= 100 {
        digits = (digits << 16) | pair(n);
        n /= 100;
        len += 2;
    }
    if n >= 10 {
        digits = (digits << 16) | pair(n);
        len += 2;
    } else {
        digits = (digits << 8) | u64::from(b'0' + n as u8);
        len += 1;
    }
    let end = out.len() + len;
    out.extend_from_slice(&digits.to_le_bytes());
    out.truncate(end);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(n: usize) -> String {
        let mut out = b"x".to_vec();
        write_number(&mut out, n);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn every_length_of_short_number_is_written_in_full() {
        for n in [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10_000, 99_999, 100_000, 9_999_999, 10_000_000] {
            assert_eq!(written(n), format!("x{n}"));
        }
        for n in [99_999_999, 100_000_000, usize::MAX] {
            assert_eq!(written(n), format!("x{n}"));
        }
    }

    proptest! {
        #[test]
        fn numbers_are_written_as_display_writes_them(small in 0usize..100_000, short in 0usize..100_000_000, any in any::<usize>()) {
            for n in [small, short, any] {
                prop_assert_eq!(written(n), format!("x{n}"));
            }
        }
    }
}
