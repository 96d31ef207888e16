//! Flags and subcommands.

mod extract;
mod input;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Reads English news articles and writes what they claim as JSON: dated events, money,
/// percentages, quantities and actors, each tied to its span and the rule that found it.
#[derive(Debug, Parser)]
#[command(name = "claimex", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract mentions and claims from files, folders (recursively, *.txt) or stdin (-).
    #[command(after_help = "Examples:
  claimex extract corpus/russia-azerbaijan.txt
  claimex extract corpus/ --format jsonl > out.jsonl
  claimex extract --input jsonl --format mentions articles.jsonl | jq .text
  cat article.txt | claimex extract - --dct 2025-03-03")]
    Extract(ExtractArgs),
    /// Score the extractor against a gold JSONL file (the format of shared/eval/README.md),
    /// exactly as shared/tools/score_spans.py scores: strict and relaxed P/R/F1, value
    /// accuracy and value F1 per type.
    #[command(after_help = "Examples:
  claimex eval --gold ../shared/eval/timebank/gold.jsonl --types TIMEX
  claimex eval --gold ../shared/eval/recognizers-text/money.jsonl --types MONEY --errors 20
  claimex eval --gold ../shared/eval/conll2003/dev.jsonl --conll --types PERSON,ORG,LOC")]
    Eval(EvalArgs),
    /// Work with rule sets.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Validate a rule set (the embedded one, or DIR overriding it) and report
    /// every problem as file:line:column: problem.
    Check {
        /// A rule directory whose files replace the embedded files of the same path.
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// Each file is one article; its id is the file name without extension.
    Text,
    /// Each line is {"id", "text", "dct"?}; other fields are ignored.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One pretty-printed claimex/1 object per document.
    Json,
    /// One claimex/1 object per line, one line per document.
    Jsonl,
    /// One mention per line, with its document id.
    Mentions,
    /// One claim per line, its time, actors, figures and source inlined.
    Claims,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files, folders (searched recursively for *.txt) or - for stdin.
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    /// How inputs are read.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input: InputFormat,
    /// What is written to stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Document date (YYYY-MM-DD) that relative times are resolved against; it overrides a
    /// dateline in the text, and a JSONL record's own "dct" overrides it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    dct: Option<String>,
    /// A rule directory whose files replace the embedded files of the same path.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Worker threads (default: all cores). Output is identical whatever the number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Write one file per input under DIR (its path relative to the folder it was found
    /// in, extension .json or .jsonl), atomically; inputs whose output is newer are skipped.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// With --out: rewrite outputs even when they are newer than their input.
    #[arg(long)]
    force: bool,
    /// No progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// Gold file: one {"id", "text", "dct", "spans": [...]} document a line.
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Only these types, comma-separated (TIMEX, MONEY, PERCENT, QUANTITY, PERSON, ORG, LOC…).
    #[arg(long, value_delimiter = ',')]
    types: Option<Vec<String>>,
    /// List this many misses, spurious spans and wrong values after the table.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Skip cases the gold marks `not_supported`.
    #[arg(long)]
    supported_only: bool,
    /// Type actors as CoNLL-2003 does: countries and cities as LOC, groups as MISC.
    #[arg(long)]
    conll: bool,
    /// A rule directory whose files replace the embedded files of the same path.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// Parses the command line and runs it; the exit code is 0 when all went well, 1 when
/// some inputs failed, 2 for a usage or rules error.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract::extract(&args),
        Command::Eval(args) => run::eval(&args),
        Command::Rules { command: RulesCommand::Check { dir } } => run::rules_check(dir.as_deref()),
    }
}
