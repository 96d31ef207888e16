//! The claimex command line: flags, input and output, exit codes. All extraction logic
//! lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
