//! The claimex command line: flags, input and output, exit codes. All extraction logic
//! lives in the library.

mod cli;

use std::process::ExitCode;

/// Extraction allocates many small, short-lived vectors per sentence from every rayon
/// thread; mimalloc's thread-local free lists serve those far cheaper than glibc malloc.
#[global_allocator]
static GLOBAL: claimex::allocator::Allocator = claimex::allocator::Allocator;

/// mimalloc's `mi_option_purge_delay`, its place in the `mi_option_t` enum of the
/// mimalloc.h that libmimalloc-sys 0.1.49 builds (v2): the bindings name no constant
/// for it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    keep_freed_memory();
    cli::run()
}

/// Tells mimalloc never to hand freed memory back to the system. By default it does so
/// 10 ms after the memory was freed, and a batch's memory is free for longer than that
/// while the main thread writes the batch before: the next batch then faults the same
/// memory in again, and the kernel zeroes each page anew (8,400 page faults instead of
/// 230 on 79 MB of news JSONL). The peak grows by a few MiB at most, and is held to the
/// end.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; called before any other thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY;

    /// Guards the hand-written option number against a mimalloc whose options moved:
    /// mimalloc's defaults for the purge delay (10 ms) and, three places on, the OS tag
    /// (100) are set nowhere else in the enum at that distance. Assumes that no
    /// `MIMALLOC_*` variable is set.
    #[test]
    fn purge_delay_is_mimallocs_purge_delay() {
        // SAFETY: reads plain integer options.
        let default = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(default(PURGE_DELAY), 10, "mi_option_purge_delay defaults to 10 ms");
        assert_eq!(default(PURGE_DELAY + 3), 100, "mi_option_os_tag defaults to 100");
    }
}
