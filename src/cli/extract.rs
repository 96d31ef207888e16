//! `claimex extract`: inputs through the extractor in parallel batches, written in input
//! order to stdout or, with `--out`, to one file per input, atomically.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;
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

/// The most documents sent to the workers at a time, however short: memory stays bounded
/// on endless JSONL input of tiny documents.
const BATCH_DOCUMENTS: usize = 4096;

/// The largest output buffer kept for reuse (bytes).
const SPARE_CAPACITY: usize = 128 * 1024;

/// Where the extractions of one input go.
enum Target {
    /// The shared stdout stream.
    Stdout,
    /// A temporary file beside `path`, renamed onto it when the input is done, so an
    /// interrupted run never leaves a half-written output. The file is created at the
    /// first document written to it: inputs read ahead of the writing hold no file open.
    File { path: PathBuf, temp: PathBuf, out: Option<io::BufWriter<File>>, broken: bool },
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

    /// Moves the progress bar to `taken`, the bytes of input read up to the end of the
    /// document just written or reported.
    fn reached(&self, taken: u64) {
        if let Some(bar) = &self.progress {
            // The first batch takes a while to come, and nothing moves meanwhile: the rate
            // is estimated from when documents start coming out.
            if bar.position() == 0 {
                bar.reset_eta();
            }
            bar.set_position(taken);
            bar.set_message(format!("{} docs", self.written));
        }
    }

    fn write(&mut self, rendered: &[u8], target: &mut Target) {
        let result = match target {
            Target::Stdout if self.closed => return,
            Target::Stdout => self.stdout.write_all(rendered),
            Target::File { broken: true, .. } => return,
            Target::File { out, temp, .. } => match out {
                Some(out) => out.write_all(rendered),
                None => File::create(&*temp).and_then(|file| out.insert(io::BufWriter::new(file)).write_all(rendered)),
            },
        };
        self.written += 1;
        if let Err(e) = result {
            match target {
                Target::Stdout if e.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
                Target::Stdout => {
                    self.report(&InputError { place: "stdout".into(), problem: format!("cannot write: {e}") });
                    self.closed = true;
                }
                Target::File { temp, broken, .. } => {
                    // The input's output would be incomplete: it is not written at all.
                    *broken = true;
                    let place = temp.display().to_string();
                    self.report(&InputError { place, problem: format!("cannot write: {e}") });
                }
            }
        }
    }

    /// Closes a per-input file: flushed, then renamed over its final name; an input
    /// that yielded no document, or whose output could not all be written, leaves no file.
    fn finish(&mut self, target: Target) {
        let Target::File { path, temp, out, broken, .. } = target else { return };
        let Some(mut out) = out else { return };
        if broken {
            drop(out);
            let _ = std::fs::remove_file(&temp);
            return;
        }
        let result = out.flush().and_then(|()| out.get_ref().sync_all()).and_then(|()| std::fs::rename(&temp, &path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            self.report(&InputError { place: path.display().to_string(), problem: format!("cannot write: {e}") });
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
        .map(|()| rendered)
        .map_err(|e| InputError { place: doc.id.clone(), problem: format!("cannot render output: {e}") })
}

fn write_one(out: &mut Vec<u8>, format: OutputFormat, ex: &Extraction) -> io::Result<()> {
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, ex)?;
            out.push(b'\n');
        }
        OutputFormat::Jsonl => {
            ex.write_json(out).map_err(io::Error::other)?;
            out.push(b'\n');
        }
        OutputFormat::Mentions => {
            for mention in &ex.mentions {
                compact(&table::MentionLine { doc: &ex.doc.id, mention }, out)?;
                out.push(b'\n');
            }
        }
        OutputFormat::Claims => {
            for line in table::claim_lines(ex) {
                compact(&line, out)?;
                out.push(b'\n');
            }
        }
    }
    Ok(())
}

/// Appends the JSON line body of `value`: the compact writer, which writes what
/// serde_json would, faster.
fn compact(value: &impl serde::Serialize, out: &mut Vec<u8>) -> io::Result<()> {
    claimex::output::compact::to_vec_into(value, out).map_err(io::Error::other)
}

/// A document read, or why it could not be, with the slot of its target.
type Item = (usize, Result<Document, InputError>);

/// The fewest and most bytes of text a worker extracts together (see
/// [`Extractor::extract_each`]). Stages run faster over more text at once, since each
/// reads all of a run before the next stage starts: in-process rounds on one thread gave
/// runs of 512 KB 0.93-0.96 times the speed of runs of 1 MB, and two threads gain more
/// still (`cargo bench --bench scaling`). Not longer: runs of 2 MB ran 1.07-1.09 times as
/// fast as 1 MB in such rounds, but those rounds read `corpus/` over and over, and a stage
/// reading the same 45 KB again finds its tables in cache. On the news texts, which do not
/// repeat within a run, the command line ran no faster with them (wall-time ratio 0.996 on
/// one thread and on two, the order swapped every round), and its peak memory on two
/// threads went from 138 MiB to 200 MiB, as a run takes about 16 bytes of working memory
/// per byte of text.
const RUN_BYTES: std::ops::RangeInclusive<usize> = (32 << 10)..=(1 << 20);

/// The text a batch gathers before it is sent: a run as long as allowed for each worker.
fn batch_bytes(threads: usize) -> usize {
    threads.max(1) * RUN_BYTES.end()
}

/// Cuts a batch into runs of documents extracted together: as long as allowed, so that
/// each stage reads a good stretch of text at once, but one for each worker at least
/// while they can be of the shortest length allowed.
fn chunks(items: Vec<Item>, buffers: Vec<Vec<u8>>, threads: usize) -> Vec<Vec<(Item, Vec<u8>)>> {
    let text = |item: &Item| item.1.as_ref().map_or(0, |doc| doc.text.len());
    let total: usize = items.iter().map(text).sum();
    let target = (total / threads.max(1)).clamp(*RUN_BYTES.start(), *RUN_BYTES.end());
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for (item, buffer) in items.into_iter().zip(buffers) {
        bytes += text(&item);
        chunk.push((item, buffer));
        if bytes >= target {
            chunks.push(std::mem::take(&mut chunk));
            bytes = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// Extracts a run of documents together and renders each, errors kept in their place.
fn render_chunk(extractor: &Extractor, format: OutputFormat, chunk: Vec<(Item, Vec<u8>)>) -> Vec<(usize, Rendered)> {
    let mut docs = Vec::with_capacity(chunk.len());
    let mut places = Vec::with_capacity(chunk.len());
    for ((slot, item), buffer) in chunk {
        match item {
            Ok(doc) => {
                docs.push(doc);
                places.push((slot, Ok(buffer)));
            }
            Err(error) => places.push((slot, Err(error))),
        }
    }
    let mut extracted = docs.iter().zip(extractor.extract_each(&docs));
    places
        .into_iter()
        .map(|(slot, place)| {
            let rendered = place.and_then(|buffer| match extracted.next() {
                Some((doc, extraction)) => render(doc, format, &extraction, buffer),
                None => Err(InputError { place: "extract".into(), problem: "a document was lost".into() }),
            });
            (slot, rendered)
        })
        .collect()
}

/// A document's rendered output, or why it failed.
type Rendered = Result<Vec<u8>, InputError>;

/// A batch being extracted: its results arrive in input order, each with the slot of its
/// target.
struct InFlight {
    results: mpsc::Receiver<Vec<(usize, Rendered)>>,
    /// The bytes of input read up to the end of each document of the batch, in order.
    taken: Vec<u64>,
    /// The targets before this slot had their inputs read to the end before the batch
    /// was sent: once it is written, they are complete.
    complete_before: usize,
}

/// Documents waiting to be extracted together, errors kept in their place so they are
/// reported in input order, and the targets their outputs go to.
///
/// Batches are pipelined: while the workers extract one, the main thread reads the next,
/// then writes the one before, so reading does not leave the workers idle. (A second
/// batch in flight, so that the workers need not wait while the main thread writes,
/// measured no faster on two cores, twice; the second time, on 300 MB of JSONL, its peak
/// memory went from 100 MiB to 146 MiB.) A batch spans inputs, also with `--out`, so that a
/// folder of short articles keeps every worker busy.
struct Batch<'e, 's> {
    extractor: &'e Extractor,
    scope: &'s rayon::Scope<'e>,
    threads: usize,
    items: Vec<Item>,
    /// The text of `items`, in bytes.
    bytes: usize,
    /// The bytes of input read up to the end of each of `items`, for progress.
    taken: Vec<u64>,
    in_flight: Option<InFlight>,
    /// The open targets, oldest first; `first` is the slot of the oldest.
    targets: VecDeque<Target>,
    first: usize,
    /// The targets before this slot have had their inputs read to the end.
    read_before: usize,
    /// Output buffers already written, for the next batch to render into.
    spare: Vec<Vec<u8>>,
}

impl<'e, 's> Batch<'e, 's> {
    fn new(extractor: &'e Extractor, scope: &'s rayon::Scope<'e>, threads: usize) -> Self {
        Batch {
            extractor,
            scope,
            threads,
            items: Vec::new(),
            bytes: 0,
            taken: Vec::new(),
            in_flight: None,
            targets: VecDeque::new(),
            first: 0,
            read_before: 0,
            spare: Vec::new(),
        }
    }

    /// Opens a target for the documents pushed next; returns its slot.
    fn open(&mut self, target: Target) -> usize {
        self.targets.push_back(target);
        self.first + self.targets.len() - 1
    }

    /// Marks every open target as read to the end: each is finished once its documents
    /// are written.
    fn inputs_done(&mut self) {
        self.read_before = self.first + self.targets.len();
    }

    /// Adds a document, or why it could not be read, to the batch; `taken` is the bytes
    /// of input read up to its end.
    fn push(&mut self, slot: usize, item: Result<Document, InputError>, taken: u64, sink: &mut Sink<'_>) {
        self.bytes += item.as_ref().map_or(0, |doc| doc.text.len());
        self.items.push((slot, item));
        self.taken.push(taken);
        if self.items.len() >= BATCH_DOCUMENTS || self.bytes >= batch_bytes(self.threads) {
            self.dispatch(sink);
        }
    }

    /// Starts extracting the documents pushed so far, once the batch before them is written.
    fn dispatch(&mut self, sink: &mut Sink<'_>) {
        self.wait(sink);
        let items = std::mem::take(&mut self.items);
        let taken = std::mem::take(&mut self.taken);
        self.bytes = 0;
        let buffers: Vec<Vec<u8>> = (0..items.len()).map(|_| self.spare.pop().unwrap_or_default()).collect();
        let (extractor, format, threads) = (self.extractor, sink.format, self.threads);
        let (sender, results) = mpsc::sync_channel(1);
        self.scope.spawn(move |_| {
            let rendered: Vec<(usize, Rendered)> = chunks(items, buffers, threads)
                .into_par_iter()
                .map(|chunk| render_chunk(extractor, format, chunk))
                .collect::<Vec<_>>()
                .into_iter()
                .flatten()
                .collect();
            // The receiver is gone only when the main thread stopped waiting; nothing is
            // left to write then.
            let _ = sender.send(rendered);
        });
        self.in_flight = Some(InFlight { results, taken, complete_before: self.read_before });
    }

    /// Writes the batch in flight, if any, waiting for it to be extracted, then finishes
    /// the targets it completed.
    fn wait(&mut self, sink: &mut Sink<'_>) {
        let Some(InFlight { results, taken, complete_before }) = self.in_flight.take() else { return };
        match results.recv() {
            Ok(results) => {
                for ((slot, result), taken) in results.into_iter().zip(taken) {
                    match (result, slot.checked_sub(self.first).and_then(|i| self.targets.get_mut(i))) {
                        (Ok(rendered), Some(target)) => {
                            sink.write(&rendered, target);
                            // A buffer grown by an unusually long document is let go, so
                            // that the spares stay a few megabytes.
                            if rendered.capacity() <= SPARE_CAPACITY {
                                self.spare.push(rendered);
                            }
                        }
                        (Ok(_), None) => sink.report(&InputError {
                            place: "extract".into(),
                            problem: "an output was rendered for an input already finished".into(),
                        }),
                        (Err(error), _) => sink.report(&error),
                    }
                    sink.reached(taken);
                }
            }
            // A worker that panicked drops the sender; say so rather than lose the batch quietly.
            Err(_) => {
                sink.report(&InputError { place: "extract".into(), problem: "a batch of documents was lost".into() })
            }
        }
        while self.first < complete_before {
            let Some(target) = self.targets.pop_front() else { break };
            sink.finish(target);
            self.first += 1;
        }
    }

    /// Extracts and writes everything pushed so far, and finishes every target.
    fn finish(&mut self, sink: &mut Sink<'_>) {
        self.inputs_done();
        self.dispatch(sink);
        self.wait(sink);
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

/// When the output of an input file under `out` was written, if that is no earlier than
/// the input's last change: then the input is up to date and, without `--force`, skipped.
fn up_to_date_since(out: &Path, format: OutputFormat, found: &Found) -> Option<SystemTime> {
    let Source::File(input) = &found.source else { return None };
    let output_time = modified(&output_path(out, found, format))?;
    (output_time >= modified(input)?).then_some(output_time)
}

/// Whether the run that started at `started` skips the input: it is up to date by an
/// output older than the run, which the run itself did not write.
fn skipped_by_run(out: &Path, format: OutputFormat, found: &Found, started: SystemTime) -> bool {
    up_to_date_since(out, format, found).is_some_and(|written| written < started)
}

/// Opens the target of one input; `None` when it is skipped (see [`up_to_date_since`]).
fn open_target(out: &Path, args: &ExtractArgs, found: &Found) -> Result<Option<Target>, InputError> {
    if !args.force && up_to_date_since(out, args.format, found).is_some() {
        return Ok(None);
    }
    let path = output_path(out, found, args.format);
    let fail = |e: io::Error| InputError { place: path.display().to_string(), problem: format!("cannot write: {e}") };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    Ok(Some(Target::File { path, temp, out: None, broken: false }))
}

/// The progress bar on a terminal: documents and input bytes done, the rate, and once
/// the inputs' total size is known (see [`size_inputs`]), a bar and the time left.
fn progress_bar(args: &ExtractArgs) -> Option<ProgressBar> {
    if args.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(progress_style(false));
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// The progress line while the inputs' total size is unknown.
const PROGRESS_UNSIZED: &str = "{spinner} {msg}, {bytes} read, {bytes_per_sec}, {elapsed}";

/// The progress line once the inputs' total size is known.
const PROGRESS_SIZED: &str = "{spinner} {msg} [{bar:24}] {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left";

/// How the progress bar looks, knowing the inputs' total size or not.
fn progress_style(sized: bool) -> ProgressStyle {
    let template = if sized { PROGRESS_SIZED } else { PROGRESS_UNSIZED };
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Works out the inputs' total size on a thread of its own, walking the folders a second
/// time, so that extraction starts at once however many files there are; then gives the
/// bar its length. Inputs without a size known beforehand (stdin, a pipe) leave it a
/// spinner.
fn size_inputs(args: &ExtractArgs, extension: &str, bar: &ProgressBar) -> std::thread::JoinHandle<()> {
    let (bar, paths, extension) = (bar.clone(), args.paths.clone(), extension.to_owned());
    let (out, format, force) = (args.out.clone(), args.format, args.force);
    let started = SystemTime::now();
    std::thread::spawn(move || {
        let skipped =
            |found: &Found| !force && out.as_deref().is_some_and(|out| skipped_by_run(out, format, found, started));
        if let Some(total) = input::input_bytes(&paths, &extension, |found| !skipped(found))
            && !bar.is_finished()
        {
            bar.set_length(total);
            bar.set_style(progress_style(true));
        }
    })
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
    let sizing = sink.progress.as_ref().map(|bar| size_inputs(args, extension, bar));
    // The bytes of input read so far, for progress.
    let mut taken = 0u64;
    pool.in_place_scope(|scope| {
        let mut batch = Batch::new(&extractor, scope, pool.current_num_threads());
        // Without --out every document goes to stdout, through this one target.
        let stdout = batch.open(Target::Stdout);
        for found in Sources::new(&args.paths, extension) {
            let found = match found {
                Ok(found) => found,
                Err(error) => {
                    sink.report(&error);
                    continue;
                }
            };
            let slot = match &args.out {
                None => stdout,
                Some(out) => match open_target(out, args, &found) {
                    Ok(Some(target)) => batch.open(target),
                    Ok(None) => continue,
                    Err(error) => {
                        sink.report(&error);
                        continue;
                    }
                },
            };
            match args.input {
                InputFormat::Text => {
                    let (item, bytes) = input::read_text(&found.source, dct);
                    taken += bytes;
                    batch.push(slot, item, taken, &mut sink);
                }
                InputFormat::Jsonl => input::read_jsonl(&found.source, dct, |item, bytes| {
                    taken += bytes;
                    batch.push(slot, item, taken, &mut sink);
                    // A closed stdout ends the run: the rest would be read for nothing.
                    if sink.closed { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
                }),
            }
            if args.out.is_some() {
                batch.inputs_done();
            }
            if sink.closed {
                break;
            }
        }
        batch.finish(&mut sink);
    });
    if let Some(bar) = sink.progress.take() {
        // The walk has seen no more than extraction read, so it is done by now or nearly;
        // a run cut short by a closed output does not wait for it.
        if let Some(sizing) = sizing.filter(|_| !sink.closed) {
            let _ = sizing.join();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_progress_lines_are_valid_templates() {
        for template in [PROGRESS_UNSIZED, PROGRESS_SIZED] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }

    #[test]
    fn an_input_is_skipped_by_a_run_only_for_an_output_older_than_the_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (inputs, out) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(&inputs).and_then(|()| std::fs::create_dir_all(&out)).expect("mkdir");
        let input = inputs.join("a.txt");
        std::fs::write(&input, "Talks resumed.").expect("write");
        let found = Found { source: Source::File(input.clone()), root: Some(inputs) };
        let output = output_path(&out, &found, OutputFormat::Jsonl);
        assert!(up_to_date_since(&out, OutputFormat::Jsonl, &found).is_none(), "no output yet");
        std::fs::write(&output, "{}\n").expect("write");
        let set = |path: &Path, seconds_ago: u64| {
            let time = SystemTime::now() - std::time::Duration::from_secs(seconds_ago);
            File::options().write(true).open(path).and_then(|f| f.set_modified(time)).expect("set time");
        };
        set(&input, 20);
        set(&output, 10);
        let before_output = SystemTime::now() - std::time::Duration::from_secs(15);
        assert!(up_to_date_since(&out, OutputFormat::Jsonl, &found).is_some());
        assert!(skipped_by_run(&out, OutputFormat::Jsonl, &found, SystemTime::now()));
        // Written since the run started: the run read the input.
        assert!(!skipped_by_run(&out, OutputFormat::Jsonl, &found, before_output));
        set(&input, 5);
        assert!(up_to_date_since(&out, OutputFormat::Jsonl, &found).is_none(), "the input changed since");
        assert!(!skipped_by_run(&out, OutputFormat::Jsonl, &found, SystemTime::now()));
    }

    /// Documents of several batches, with a failure among them, through two workers: the bar
    /// ends where the input read ends, each document's bytes counted once.
    #[test]
    fn progress_follows_the_input_read_through_every_batch() {
        let extractor = extractor_for(None).expect("rules");
        let pool = thread_pool(Some(2)).expect("pool");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.jsonl");
        let temp = dir.path().join(".out.jsonl.tmp");
        let stdout = io::stdout();
        let mut sink = Sink {
            stdout: io::BufWriter::new(stdout.lock()),
            format: OutputFormat::Jsonl,
            failed: 0,
            written: 0,
            closed: false,
            progress: Some(ProgressBar::hidden()),
        };
        let text = "Ministers met in Baku on Monday and agreed a $2 billion loan. ".repeat(2000);
        let mut taken = 0;
        pool.in_place_scope(|scope| {
            let mut batch = Batch::new(&extractor, scope, 2);
            let slot = batch.open(Target::File { path: path.clone(), temp, out: None, broken: false });
            for k in 0..40u64 {
                taken += 1000 + k;
                let item = match k {
                    7 => Err(InputError { place: "in:8".into(), problem: "malformed".into() }),
                    _ => Ok(Document::new(k.to_string(), text.clone())),
                };
                batch.push(slot, item, taken, &mut sink);
            }
            batch.inputs_done();
            batch.finish(&mut sink);
        });
        assert_eq!((sink.written, sink.failed), (39, 1));
        assert_eq!(sink.progress.as_ref().map(ProgressBar::position), Some(taken));
        assert_eq!(std::fs::read_to_string(&path).map(|out| out.lines().count()).ok(), Some(39));
    }
}
