//! Running the subcommands: a batch of inputs through the extractor in parallel, written
//! in input order.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use claimex::output::table;
use claimex::{Date, Document, Extraction, Extractor, Rules};
use rayon::prelude::*;

use super::input::{self, InputError};
use super::{ExtractArgs, InputFormat, OutputFormat};

/// Documents processed in parallel at a time: enough to keep every core busy, few enough
/// that memory stays bounded on endless JSONL input.
const BATCH: usize = 256;

fn usage_error(message: &str) -> ExitCode {
    eprintln!("claimex: {message}");
    ExitCode::from(2)
}

fn load_rules(dir: Option<&Path>) -> Result<Rules, claimex::Error> {
    match dir {
        Some(dir) => Rules::with_overrides(dir),
        None => Ok(Rules::embedded()),
    }
}

/// `claimex rules check [DIR]`.
pub fn rules_check(dir: Option<&Path>) -> ExitCode {
    let checked = load_rules(dir).and_then(|rules| Extractor::new(&rules).map(|_| rules));
    match checked {
        Ok(rules) => {
            println!("rules ok: {} files", rules.paths().count());
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

/// Writes extractions in order, tracking failures, ending quietly on a closed pipe.
struct Sink<'a> {
    out: io::BufWriter<io::StdoutLock<'a>>,
    format: OutputFormat,
    failed: usize,
    written: usize,
    closed: bool,
}

impl Sink<'_> {
    fn report(&mut self, error: &InputError) {
        self.failed += 1;
        eprintln!("claimex: {}: {}", error.place, error.problem);
    }

    fn write(&mut self, extraction: &Extraction) {
        if self.closed {
            return;
        }
        self.written += 1;
        let result = write_one(&mut self.out, self.format, extraction);
        if let Err(e) = result {
            if e.kind() == io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                eprintln!("claimex: writing output: {e}");
                self.failed += 1;
                self.closed = true;
            }
        }
    }
}

fn write_one(out: &mut impl Write, format: OutputFormat, ex: &Extraction) -> io::Result<()> {
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, ex)?;
            out.write_all(b"\n")
        }
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut *out, ex)?;
            out.write_all(b"\n")
        }
        OutputFormat::Mentions => {
            for mention in &ex.mentions {
                serde_json::to_writer(
                    &mut *out,
                    &table::MentionLine {
                        doc: &ex.doc.id,
                        mention,
                    },
                )?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        OutputFormat::Claims => {
            for line in table::claim_lines(ex) {
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// A batch of documents in input order, errors kept in place so they are reported in
/// the order the inputs came.
struct Batch<'e> {
    extractor: &'e Extractor,
    pool: &'e rayon::ThreadPool,
    items: Vec<Result<Document, InputError>>,
}

impl Batch<'_> {
    fn push(&mut self, item: Result<Document, InputError>, sink: &mut Sink<'_>) {
        self.items.push(item);
        if self.items.len() >= BATCH {
            self.flush(sink);
        }
    }

    fn flush(&mut self, sink: &mut Sink<'_>) {
        let items = std::mem::take(&mut self.items);
        let extractor = self.extractor;
        let results: Vec<Result<Extraction, InputError>> = self.pool.install(|| {
            items
                .into_par_iter()
                .map(|item| item.map(|doc| extractor.extract(&doc)))
                .collect()
        });
        for result in results {
            match result {
                Ok(extraction) => sink.write(&extraction),
                Err(error) => sink.report(&error),
            }
        }
    }
}

/// `claimex extract`.
pub fn extract(args: &ExtractArgs) -> ExitCode {
    let dct = match args.dct.as_deref().map(|d| Date::parse_iso(d).ok_or(d)) {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err(text)) => {
            return usage_error(&format!("--dct {text:?} is not a date in YYYY-MM-DD form"));
        }
    };
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(rules) => rules,
        Err(e) => return usage_error(&e.to_string()),
    };
    let extractor = match Extractor::new(&rules) {
        Ok(extractor) => extractor,
        Err(e) => return usage_error(&e.to_string()),
    };
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        if n == 0 {
            return usage_error("--threads must be at least 1");
        }
        builder = builder.num_threads(n);
    }
    let pool = match builder.build() {
        Ok(pool) => pool,
        Err(e) => return usage_error(&format!("cannot start worker threads: {e}")),
    };
    let extension = match args.input {
        InputFormat::Text => "txt",
        InputFormat::Jsonl => "jsonl",
    };
    let (sources, expand_errors) = input::expand(&args.paths, extension);
    let stdout = io::stdout();
    let mut sink = Sink {
        out: io::BufWriter::new(stdout.lock()),
        format: args.format,
        failed: 0,
        written: 0,
        closed: false,
    };
    for error in &expand_errors {
        sink.report(error);
    }
    let mut batch = Batch {
        extractor: &extractor,
        pool: &pool,
        items: Vec::new(),
    };
    for source in &sources {
        match args.input {
            InputFormat::Text => batch.push(input::read_text(source, dct), &mut sink),
            InputFormat::Jsonl => {
                input::read_jsonl(source, dct, |item| batch.push(item, &mut sink))
            }
        }
        if sink.closed {
            break;
        }
    }
    batch.flush(&mut sink);
    if let Err(e) = sink.out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("claimex: writing output: {e}");
            sink.failed += 1;
        }
    }
    if sink.failed > 0 {
        eprintln!(
            "claimex: {} input(s) failed, {} document(s) written",
            sink.failed, sink.written
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
