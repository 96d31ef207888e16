//! The allocator the command line and the benchmarks install: mimalloc, asked for
//! memory the cheapest way each request allows.
//!
//! The `mimalloc` crate passes every request to `mi_malloc_aligned`, which checks the
//! alignment and the free block's address before it takes the path `mi_malloc` takes
//! at once. Nearly every request claimex makes wants an alignment of 8 or 16 bytes,
//! which mimalloc gives every block at least that large anyway: sending those to
//! `mi_malloc` saves about 0.7 % of the instructions of an extraction (callgrind).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc (v2), for `#[global_allocator]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allocator;

/// The alignment `mi_malloc` gives every block at least as large as the alignment:
/// mimalloc's `MI_MAX_ALIGN_SIZE` on 64-bit targets.
const NATURAL: usize = 16;

/// Whether `mi_malloc` of `size` bytes is aligned to `align`: mimalloc's own test
/// (`mi_malloc_is_naturally_aligned` in alloc-aligned.c), which lets its aligned calls
/// take the plain path. A block smaller than 16 bytes is aligned only to its size.
#[inline(always)]
fn natural(size: usize, align: usize) -> bool {
    align <= NATURAL && align <= size
}

/// Asks `plain` for a block mimalloc aligns anyway, and `aligned` for any other.
///
/// # Safety
/// `plain` and `aligned` are mimalloc's allocation calls, without and with alignment.
#[inline(always)]
unsafe fn request(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: the caller passes mimalloc's calls, which take any size and alignment.
    unsafe {
        if natural(layout.size(), layout.align()) {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: every block comes from mimalloc and goes back to it; a request `natural` turns
// away keeps mimalloc's aligned calls, which honour any power-of-two alignment.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain calls into mimalloc; a null return reports the failure.
        unsafe { request(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { request(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator; the new block keeps the alignment.
        unsafe {
            if natural(new_size, layout.align()) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Allocates `size` bytes aligned to `align`, fills them, grows or shrinks them to
    /// `new_size`, and checks the alignment and the bytes kept at every step.
    fn round_trip(size: usize, align: usize, new_size: usize, zeroed: bool) {
        let layout = Layout::from_size_align(size, align).expect("a valid layout");
        let allocator = Allocator;
        // SAFETY: the block is used within its size and freed once, with its layout.
        unsafe {
            let p = if zeroed { allocator.alloc_zeroed(layout) } else { allocator.alloc(layout) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
            if zeroed {
                assert!((0..size).all(|i| *p.add(i) == 0), "zeroed");
            }
            for i in 0..size {
                *p.add(i) = i as u8;
            }
            let q = allocator.realloc(p, layout, new_size);
            assert!(!q.is_null());
            assert_eq!(q as usize % align, 0, "{size} → {new_size} bytes aligned to {align}");
            assert!((0..size.min(new_size)).all(|i| *q.add(i) == i as u8), "the bytes kept");
            allocator.dealloc(q, Layout::from_size_align(new_size, align).expect("a valid layout"));
        }
    }

    #[test]
    fn small_blocks_keep_the_alignment_asked_for() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 2, 3, 7, 8, 12, 16, 24, 40, 48, 100, 1000, 1 << 16, 1 << 20] {
                round_trip(size.max(align) - size.max(align) % align, align, size * 3 + 5, false);
                round_trip(size, align, size / 2 + 1, true);
            }
        }
    }

    proptest! {
        #[test]
        fn any_layout_keeps_its_alignment_and_bytes(
            size in 1usize..70_000,
            align_bits in 0u32..13,
            new_size in 1usize..70_000,
            zeroed: bool,
        ) {
            round_trip(size, 1 << align_bits, new_size, zeroed);
        }
    }
}
