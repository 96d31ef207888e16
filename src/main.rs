//! The claimex command line: flags, input and output, exit codes. All extraction logic
//! lives in the library.

mod cli;

use std::process::ExitCode;

/// Extraction allocates many small, short-lived vectors per sentence from every rayon
/// thread; mimalloc's thread-local free lists serve those far cheaper than glibc malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
