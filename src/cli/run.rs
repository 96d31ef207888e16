//! Running `eval` and `rules check`, and what every subcommand shares.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use claimex::{Date, Document, Extractor, Rules};
use rayon::prelude::*;

use super::EvalArgs;

pub(super) fn usage_error(message: &str) -> ExitCode {
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

pub(super) fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err("--threads must be at least 1".to_owned());
        }
        builder = builder.num_threads(n);
    }
    builder.build().map_err(|e| format!("cannot start worker threads: {e}"))
}

pub(super) fn extractor_for(rules: Option<&Path>) -> Result<Extractor, String> {
    let rules = load_rules(rules).map_err(|e| e.to_string())?;
    Extractor::new(&rules).map_err(|e| e.to_string())
}

/// `claimex eval`.
pub fn eval(args: &EvalArgs) -> ExitCode {
    use claimex::eval::{GoldDoc, ScoredSpan, score, spans_of};
    use std::collections::HashMap;
    let (extractor, pool) = match (extractor_for(args.rules.as_deref()), thread_pool(args.threads)) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(m), _) | (_, Err(m)) => return usage_error(&m),
    };
    let text = match std::fs::read_to_string(&args.gold) {
        Ok(text) => text,
        Err(e) => {
            return usage_error(&format!("{}: cannot read gold file: {e}", args.gold.display()));
        }
    };
    let mut gold = Vec::new();
    for (index, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match serde_json::from_str::<GoldDoc>(line) {
            Ok(doc) => gold.push(doc),
            Err(e) => {
                return usage_error(&format!("{}:{}: not a gold record: {e}", args.gold.display(), index + 1));
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
    let mut report = score(&gold, &predicted, args.types.as_deref(), args.supported_only);
    report.show_errors = args.errors;
    // `claimex eval … | head` closes the pipe early: that is not an error.
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{report}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => usage_error(&format!("writing output: {e}")),
        _ => ExitCode::SUCCESS,
    }
}
