//! The command line: bad input is named on stderr, the rest of the batch is still
//! written, and exit codes follow the contract (0 ok, 1 some inputs failed, 2 usage or
//! rules error).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn claimex(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimex"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimex runs");
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // claimex may exit before reading (a usage error), closing the pipe: not a failure.
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().expect("claimex finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn doc_ids(stdout: &[u8]) -> Vec<String> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON document a line"))
        .map(|v| v["doc"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

const GOOD: &str =
    "Oil Exports Rise\n\nBy Ana Ruiz\n\nIn 2024, Azerbaijan's exports to Russia totaled USD 1.178 billion.\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path.display().to_string()
}

#[test]
fn a_bad_batch_names_each_failure_and_still_writes_the_good_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = write(dir.path(), "good.txt", GOOD.as_bytes());
    let invalid = write(dir.path(), "latin1.txt", b"Caf\xe9 prices rose 4%.\n");
    let empty = write(dir.path(), "empty.txt", b"");
    let missing = dir.path().join("missing.txt").display().to_string();
    let no_txt = dir.path().join("nothing-here");
    std::fs::create_dir(&no_txt).expect("mkdir");
    let no_txt = no_txt.display().to_string();
    let out = claimex(&["extract", "--format", "jsonl", &missing, &invalid, &good, &empty, &no_txt], None);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(doc_ids(&out.stdout), ["good"]);
    assert!(stderr.contains(&format!("{missing}: cannot read")), "{stderr}");
    assert!(stderr.contains(&format!("{invalid}: not valid UTF-8")), "{stderr}");
    assert!(stderr.contains(&format!("{empty}: empty file")), "{stderr}");
    assert!(stderr.contains(&format!("{no_txt}: folder has no .txt files")), "{stderr}");
}

#[test]
fn a_malformed_jsonl_line_is_named_and_the_others_are_written() {
    let input = b"{\"id\": \"a\", \"text\": \"Prices rose 4% in 2024.\"}\n{\"id\": \"b\", \"text\": \n{\"id\": 7, \"text\": \"Oil fell.\", \"dct\": \"2024-01-02\", \"extra\": 1}\n";
    let out = claimex(&["extract", "--input", "jsonl", "--format", "jsonl", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(doc_ids(&out.stdout), ["a", "7"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("-:2: malformed JSONL record"), "{stderr}");
}

#[test]
fn a_bad_jsonl_dct_is_named() {
    let input = b"{\"id\": \"a\", \"text\": \"Oil fell.\", \"dct\": \"March 3\"}\n";
    let out = claimex(&["extract", "--input", "jsonl", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("-:1: \"dct\" \"March 3\" is not YYYY-MM-DD"));
}

#[test]
fn stdin_text_is_one_document() {
    let out = claimex(&["extract", "--format", "jsonl", "-", "--dct", "2025-03-03"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["doc"]["id"], "stdin");
    assert_eq!(doc["doc"]["dct"], "2025-03-03");
    assert_eq!(doc["doc"]["title"], "Oil Exports Rise");
}

#[test]
fn a_bad_dct_flag_is_a_usage_error() {
    let out = claimex(&["extract", "--dct", "yesterday", "-"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--dct \"yesterday\""));
}

#[test]
fn a_malformed_rule_file_stops_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("segment")).expect("mkdir");
    write(dir.path(), "segment/abbreviations.tsv", b"# broken\nabbr\tkind\nDr.\ttitle\nInc.\n");
    let rules = dir.path().display().to_string();
    let out = claimex(&["extract", "--rules", &rules, "-"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("segment/abbreviations.tsv:4:"), "{stderr}");
    let out = claimex(&["rules", "check", &rules], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("segment/abbreviations.tsv:4:5: expected 2 tab-separated fields, found 1"));
}

#[test]
fn the_embedded_rules_check_clean() {
    let out = claimex(&["rules", "check"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let one = claimex(&["extract", "--format", "jsonl", "--threads", "1", corpus], None);
    let four = claimex(&["extract", "--format", "jsonl", "--threads", "4", corpus], None);
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert!(one.stdout == four.stdout, "--threads 1 and --threads 4 differ");
}

#[test]
fn a_folder_is_walked_in_sorted_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    write(dir.path(), "b.txt", GOOD.as_bytes());
    write(dir.path(), "sub/a.txt", GOOD.as_bytes());
    write(dir.path(), "notes.md", b"not an article");
    let out = claimex(&["extract", "--format", "jsonl", &dir.path().display().to_string()], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(doc_ids(&out.stdout), ["b", "a"]);
}

#[test]
fn mentions_format_writes_one_mention_a_line_with_its_doc() {
    let out = claimex(&["extract", "--format", "mentions", "-"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    for line in text(&out.stdout).lines() {
        let m: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(m["doc"], "stdin");
        assert!(m["rule"].is_string() && m["kind"].is_string());
    }
}

#[test]
fn out_dir_gets_one_file_per_input_and_skips_fresh_outputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("sub")).expect("mkdir");
    write(&inputs, "a.txt", GOOD.as_bytes());
    write(&inputs, "sub/b.txt", GOOD.as_bytes());
    write(&inputs, "bad.txt", b"\xff\xfe");
    let out = dir.path().join("out");
    let args = |extra: &[&str]| {
        let mut v = vec!["extract".to_owned(), inputs.display().to_string(), "--out".into(), out.display().to_string()];
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        v
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        claimex(&a.iter().map(String::as_str).collect::<Vec<_>>(), None)
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(1), "the bad file fails");
    assert!(first.stdout.is_empty(), "nothing on stdout with --out");
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("a.json")).expect("a.json")).expect("JSON");
    assert_eq!(a["doc"]["id"], "a");
    assert!(out.join("sub/b.json").exists());
    assert!(!out.join("bad.json").exists());
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    std::fs::remove_file(inputs.join("bad.txt")).expect("rm");
    std::fs::write(out.join("a.json"), "kept").expect("mark");
    let second = run(&[]);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(out.join("a.json")).expect("a.json"), "kept", "fresh output skipped");
    let forced = run(&["--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(out.join("a.json")).expect("a.json"), "kept", "--force rewrites");
}

#[test]
fn out_dir_files_match_stdout_whatever_the_thread_count() {
    // More text than one batch holds, a megabyte for each worker, so outputs of several
    // inputs are in flight at once; and more JSONL documents than one batch holds, 4,096,
    // so that a JSONL input spans batches.
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    for i in 0..300 {
        let paragraphs: String = (0..170)
            .map(|p| format!("On day {i}, item {p}: exports to Russia rose 4% to USD 1.2 billion in May.\n\n"))
            .collect();
        write(&inputs, &format!("d{i:03}.txt"), format!("{GOOD}{paragraphs}").as_bytes());
    }
    let lines: String =
        (0..4200).map(|i| format!("{{\"id\":\"j{i}\",\"text\":\"Prices rose {i}% in May.\"}}\n")).collect();
    let jsonl = write(dir.path(), "many.jsonl", lines.as_bytes());
    let read_all = |out: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(out)
            .expect("out")
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("read")))
            .collect();
        files.sort();
        files
    };
    let mut runs = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("out{threads}"));
        let (o, i) = (out.display().to_string(), inputs.display().to_string());
        let text_run = claimex(&["extract", "--threads", threads, "--format", "jsonl", &i, "--out", &o], None);
        assert_eq!(text_run.status.code(), Some(0), "{}", text(&text_run.stderr));
        let jsonl_run = claimex(
            &["extract", "--threads", threads, "--input", "jsonl", "--format", "jsonl", &jsonl, "--out", &o],
            None,
        );
        assert_eq!(jsonl_run.status.code(), Some(0), "{}", text(&jsonl_run.stderr));
        runs.push(read_all(&out));
    }
    assert_eq!(runs[0].len(), 301, "one file per input, none left over");
    assert!(runs[0] == runs[1], "--threads 1 and --threads 4 write different files");
    let stdout = claimex(&["extract", "--format", "jsonl", &inputs.display().to_string()], None);
    let from_files: Vec<u8> =
        runs[0].iter().filter(|(name, _)| name.starts_with('d')).flat_map(|(_, bytes)| bytes.clone()).collect();
    assert!(from_files == stdout.stdout, "each file holds what stdout gives for its input");
    let from_jsonl = &runs[0].iter().find(|(name, _)| name == "many.jsonl").expect("many.jsonl").1;
    assert_eq!(doc_ids(from_jsonl).len(), 4200);
}

#[test]
fn eval_scores_a_gold_file_as_the_reference_scorer_prints_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = r#"{"id": "a", "text": "Exports totaled USD 1.178 billion in 2024.", "dct": null, "spans": [{"start": 16, "end": 33, "type": "MONEY", "value": "USD 1178000000", "text": "USD 1.178 billion"}]}"#;
    let path = write(dir.path(), "gold.jsonl", format!("{gold}\n").as_bytes());
    let out = claimex(&["eval", "--gold", &path, "--types", "MONEY"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("MONEY         1     1 |    1.000  1.000  1.000 |"), "{stdout}");
    assert!(stdout.trim_end().ends_with("micro strict F1 1.000, value F1 1.000, cases ok 1/1"), "{stdout}");
    let missing = claimex(&["eval", "--gold", "no-such-gold.jsonl"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no-such-gold.jsonl: cannot read gold file"));
}
