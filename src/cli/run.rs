//! Running the subcommands: a batch of inputs through the extractor in parallel, written
//! in input order.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use claimex::output::table;
use claimex::{Date, Document, Extraction, Extractor, Rules};
use rayon::prelude::*;

use super::input::{self, InputError};
use super::{EvalArgs, ExtractArgs, InputFormat, OutputFormat};

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

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err("--threads must be at least 1".to_owned());
        }
        builder = builder.num_threads(n);
    }
    builder
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

fn extractor_for(rules: Option<&Path>) -> Result<Extractor, String> {
    let rules = load_rules(rules).map_err(|e| e.to_string())?;
    Extractor::new(&rules).map_err(|e| e.to_string())
}

/// `claimex eval`.
pub fn eval(args: &EvalArgs) -> ExitCode {
    use claimex::eval::{GoldDoc, ScoredSpan, score, spans_of};
    use std::collections::HashMap;
    let (extractor, pool) = match (
        extractor_for(args.rules.as_deref()),
        thread_pool(args.threads),
    ) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(m), _) | (_, Err(m)) => return usage_error(&m),
    };
    let text = match std::fs::read_to_string(&args.gold) {
        Ok(text) => text,
        Err(e) => {
            return usage_error(&format!(
                "{}: cannot read gold file: {e}",
                args.gold.display()
            ));
        }
    };
    let mut gold = Vec::new();
    for (index, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<GoldDoc>(line) {
            Ok(doc) => gold.push(doc),
            Err(e) => {
                return usage_error(&format!(
                    "{}:{}: not a gold record: {e}",
                    args.gold.display(),
                    index + 1
                ));
            }
        }
    }
    let predicted: Vec<(String, Vec<ScoredSpan>)> = pool.install(|| {
        gold.par_iter()
            .map(|g| {
                let dct = g.dct.as_deref().and_then(Date::parse_iso);
                let doc = Document::new(g.id.clone(), g.text.clone()).with_dct(dct);
                (g.id.clone(), spans_of(&extractor.extract(&doc), args.conll))
            })
            .collect()
    });
    let predicted: HashMap<String, Vec<ScoredSpan>> = predicted.into_iter().collect();
    let mut report = score(
        &gold,
        &predicted,
        args.types.as_deref(),
        args.supported_only,
    );
    report.show_errors = args.errors;
    println!("{report}");
    ExitCode::SUCCESS
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
    let (extractor, pool) = match (
        extractor_for(args.rules.as_deref()),
        thread_pool(args.threads),
    ) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(m), _) | (_, Err(m)) => return usage_error(&m),
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
    if let Err(e) = sink.out.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("claimex: writing output: {e}");
        sink.failed += 1;
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
