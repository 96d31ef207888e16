//! `claimex extract`: inputs through the extractor in parallel batches, written in input
//! order to stdout or, with `--out`, to one file per input, atomically.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::SystemTime;

use claimex::output::table;
use claimex::{Date, Document, Extraction, Extractor};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::input::{self, Found, InputError, Source, Sources};
use super::run::{extractor_for, thread_pool, usage_error};
use super::{ExtractArgs, InputFormat, OutputFormat};

/// Documents processed in parallel at a time: enough to keep every core busy, few enough
/// that memory stays bounded on endless JSONL input.
const BATCH: usize = 256;

/// The largest output buffer kept for reuse (bytes).
const SPARE_CAPACITY: usize = 128 * 1024;

/// Where the extractions of one input go.
enum Target {
    /// The shared stdout stream.
    Stdout,
    /// A temporary file beside `path`, renamed onto it when the input is done, so an
    /// interrupted run never leaves a half-written output.
    File { path: PathBuf, temp: PathBuf, out: io::BufWriter<File>, documents: usize },
}

/// Writes extractions in input order, reports failures, ends quietly on a closed pipe.
struct Sink<'a> {
    stdout: io::BufWriter<io::StdoutLock<'a>>,
    format: OutputFormat,
    failed: usize,
    written: usize,
    closed: bool,
    progress: Option<ProgressBar>,
}

impl Sink<'_> {
    fn report(&mut self, error: &InputError) {
        self.failed += 1;
        let line = format!("claimex: {}: {}", error.place, error.problem);
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn write(&mut self, rendered: &[u8], target: &mut Target, bytes: usize) {
        if let Some(bar) = &self.progress {
            bar.inc(bytes as u64);
            bar.set_message(format!("{} docs", self.written + 1));
        }
        let result = match target {
            Target::Stdout if self.closed => return,
            Target::Stdout => self.stdout.write_all(rendered),
            Target::File { out, documents, .. } => {
                *documents += 1;
                out.write_all(rendered)
            }
        };
        self.written += 1;
        if let Err(e) = result {
            match target {
                Target::Stdout if e.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
                Target::Stdout => {
                    self.report(&InputError { place: "stdout".into(), problem: format!("cannot write: {e}") });
                    self.closed = true;
                }
                Target::File { temp, .. } => {
                    let place = temp.display().to_string();
                    self.report(&InputError { place, problem: format!("cannot write: {e}") });
                }
            }
        }
    }

    /// Closes a per-input file: flushed, then renamed over its final name; an input
    /// that yielded no document leaves no file.
    fn finish(&mut self, target: Target) {
        if let Target::File { temp, documents: 0, .. } = &target {
            let _ = std::fs::remove_file(temp);
        } else if let Target::File { path, temp, mut out, .. } = target {
            let result =
                out.flush().and_then(|()| out.get_ref().sync_all()).and_then(|()| std::fs::rename(&temp, &path));
            if let Err(e) = result {
                let _ = std::fs::remove_file(&temp);
                self.report(&InputError { place: path.display().to_string(), problem: format!("cannot write: {e}") });
            }
        }
    }
}

/// One document's output, rendered on the worker thread that extracted it into a buffer
/// handed back from an earlier document, so that only the ordered write is left to the
/// main thread and steady-state output allocates nothing.
fn render(doc: &Document, format: OutputFormat, ex: &Extraction, mut rendered: Vec<u8>) -> Rendered {
    rendered.clear();
    // JSON output runs to several times the input: claims and mentions quote their text.
    rendered.reserve(doc.text.len() * 8);
    write_one(&mut rendered, format, ex)
        .map(|()| (rendered, doc.text.len()))
        .map_err(|e| InputError { place: doc.id.clone(), problem: format!("cannot render output: {e}") })
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
                serde_json::to_writer(&mut *out, &table::MentionLine { doc: &ex.doc.id, mention })?;
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

/// A document's rendered output and its input size in bytes, or why it failed.
type Rendered = Result<(Vec<u8>, usize), InputError>;

/// Documents waiting to be extracted together, errors kept in their place so they are
/// reported in input order.
///
/// Batches are pipelined: while the workers extract one, the main thread reads the next
/// and writes the one before, so reading and writing do not leave the workers idle.
struct Batch<'e, 's> {
    extractor: &'e Extractor,
    scope: &'s rayon::Scope<'e>,
    items: Vec<Result<Document, InputError>>,
    /// The batch being extracted, if any: its results arrive in input order.
    in_flight: Option<mpsc::Receiver<Vec<Rendered>>>,
    /// Output buffers already written, for the next batch to render into.
    spare: Vec<Vec<u8>>,
}

impl<'e> Batch<'e, '_> {
    fn push(&mut self, item: Result<Document, InputError>, sink: &mut Sink<'_>, target: &mut Target) {
        self.items.push(item);
        if self.items.len() >= BATCH {
            self.dispatch(sink, target);
        }
    }

    /// Starts extracting the documents pushed so far, once the batch before them is written.
    fn dispatch(&mut self, sink: &mut Sink<'_>, target: &mut Target) {
        self.wait(sink, target);
        if self.items.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.items);
        let buffers: Vec<Vec<u8>> = (0..items.len()).map(|_| self.spare.pop().unwrap_or_default()).collect();
        let (extractor, format) = (self.extractor, sink.format);
        let (sender, receiver) = mpsc::sync_channel(1);
        self.scope.spawn(move |_| {
            let results: Vec<Rendered> = items
                .into_par_iter()
                .zip(buffers)
                .map(|(item, buffer)| item.and_then(|doc| render(&doc, format, &extractor.extract(&doc), buffer)))
                .collect();
            // The receiver is gone only when the main thread stopped waiting; nothing is
            // left to write then.
            let _ = sender.send(results);
        });
        self.in_flight = Some(receiver);
    }

    /// Writes the batch in flight, if any, waiting for it to be extracted.
    fn wait(&mut self, sink: &mut Sink<'_>, target: &mut Target) {
        let Some(receiver) = self.in_flight.take() else { return };
        let Ok(results) = receiver.recv() else {
            // A worker that panicked drops the sender; say so rather than lose the batch quietly.
            sink.report(&InputError { place: "extract".into(), problem: "a batch of documents was lost".into() });
            return;
        };
        for result in results {
            match result {
                Ok((rendered, bytes)) => {
                    sink.write(&rendered, target, bytes);
                    // A buffer grown by an unusually long document is let go, so that
                    // the spares stay a few megabytes.
                    if rendered.capacity() <= SPARE_CAPACITY {
                        self.spare.push(rendered);
                    }
                }
                Err(error) => sink.report(&error),
            }
        }
    }

    /// Extracts and writes everything pushed so far.
    fn finish(&mut self, sink: &mut Sink<'_>, target: &mut Target) {
        self.dispatch(sink, target);
        self.wait(sink, target);
    }
}

/// The output file of one input under `out`: its path relative to the folder it was
/// found in (or its file name), with the format's extension.
fn output_path(out: &Path, found: &Found, format: OutputFormat) -> PathBuf {
    let extension = if format == OutputFormat::Json { "json" } else { "jsonl" };
    let relative = match (&found.source, &found.root) {
        (Source::Stdin, _) => PathBuf::from("stdin"),
        (Source::File(path), Some(root)) => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
        (Source::File(path), None) => PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
    };
    out.join(relative).with_extension(extension)
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Opens the target of one input; `None` when its output is newer than the input and
/// `--force` is not given.
fn open_target(args: &ExtractArgs, found: &Found) -> Result<Option<Target>, InputError> {
    let Some(out) = &args.out else {
        return Ok(Some(Target::Stdout));
    };
    let path = output_path(out, found, args.format);
    if let (Source::File(input), false) = (&found.source, args.force)
        && let (Some(input_time), Some(output_time)) = (modified(input), modified(&path))
        && output_time >= input_time
    {
        return Ok(None);
    }
    let fail = |e: io::Error| InputError { place: path.display().to_string(), problem: format!("cannot write: {e}") };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let file = File::create(&temp).map_err(fail)?;
    Ok(Some(Target::File { path, temp, out: io::BufWriter::new(file), documents: 0 }))
}

fn progress_bar(args: &ExtractArgs) -> Option<ProgressBar> {
    if args.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template("{spinner} {msg}, {bytes} read, {bytes_per_sec}, {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
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
    let (extractor, pool) = match (extractor_for(args.rules.as_deref()), thread_pool(args.threads)) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(m), _) | (_, Err(m)) => return usage_error(&m),
    };
    let extension = match args.input {
        InputFormat::Text => "txt",
        InputFormat::Jsonl => "jsonl",
    };
    let stdout = io::stdout();
    let mut sink = Sink {
        stdout: io::BufWriter::new(stdout.lock()),
        format: args.format,
        failed: 0,
        written: 0,
        closed: false,
        progress: progress_bar(args),
    };
    pool.in_place_scope(|scope| {
        let mut batch = Batch { extractor: &extractor, scope, items: Vec::new(), in_flight: None, spare: Vec::new() };
        let mut shared = Target::Stdout;
        for found in Sources::new(&args.paths, extension) {
            let found = match found {
                Ok(found) => found,
                Err(error) => {
                    sink.report(&error);
                    continue;
                }
            };
            let mut target = match open_target(args, &found) {
                Ok(Some(target)) => target,
                Ok(None) => continue,
                Err(error) => {
                    sink.report(&error);
                    continue;
                }
            };
            let per_input = matches!(target, Target::File { .. });
            // Documents bound for stdout share batches across inputs; a per-input file is
            // finished (its batches written) before the next input starts.
            let current = if per_input { &mut target } else { &mut shared };
            match args.input {
                InputFormat::Text => batch.push(input::read_text(&found.source, dct), &mut sink, current),
                InputFormat::Jsonl => {
                    input::read_jsonl(&found.source, dct, |item| batch.push(item, &mut sink, current));
                }
            }
            if per_input {
                batch.finish(&mut sink, &mut target);
                sink.finish(target);
            }
            if sink.closed {
                break;
            }
        }
        batch.finish(&mut sink, &mut shared);
    });
    if let Some(bar) = sink.progress.take() {
        bar.finish_and_clear();
    }
    if let Err(e) = sink.stdout.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("claimex: writing output: {e}");
        sink.failed += 1;
    }
    if sink.failed > 0 {
        eprintln!("claimex: {} input(s) failed, {} document(s) written", sink.failed, sink.written);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
