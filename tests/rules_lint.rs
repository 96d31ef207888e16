//! Keeps the rule data canonical: every `*.tsv` and `*.txt` table under `rules/` has a
//! header comment naming its source, a header line, rows with the header's number of
//! cells, no stray whitespace, first-column keys sorted (byte order) and unique, and no
//! alternative repeated inside a cell. A file whose order carries meaning says
//! `# order: significant` in its header comment and is exempt from sorting; a file whose
//! key spans several columns says `# key: N columns`.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable rules dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tsv" || e == "txt") {
            out.push(path);
        }
    }
}

fn lint(path: &Path) -> Vec<String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).expect("UTF-8 rule file");
    let mut problems = Vec::new();
    let comments: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    if comments.is_empty() {
        problems.push(format!("{name}: no header comment stating what the file is and its source"));
    }
    let significant_order = comments.iter().any(|c| c.contains("order: significant"));
    let key_columns =
        comments.iter().find_map(|c| c.split("key: ").nth(1)?.split(' ').next()?.parse::<usize>().ok()).unwrap_or(1);
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        problems.push(format!("{name}: no header line"));
        return problems;
    };
    let columns = header.split('\t').count();
    let mut previous: Option<String> = None;
    for (index, line) in lines {
        let at = format!("{name}:{}", index + 1);
        if line != line.trim() {
            problems.push(format!("{at}: leading or trailing whitespace"));
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != columns {
            problems.push(format!("{at}: {} cells, header has {columns}", cells.len()));
            continue;
        }
        for cell in &cells {
            let alternatives: Vec<&str> = cell.split('|').collect();
            for (i, a) in alternatives.iter().enumerate() {
                if alternatives[..i].contains(a) {
                    problems.push(format!("{at}: {a:?} repeated in one cell"));
                }
            }
        }
        let key = cells[..key_columns.min(cells.len())].join("\t");
        if let Some(prev) = &previous {
            if *prev == key {
                problems.push(format!("{at}: duplicate key {key:?}"));
            } else if !significant_order && *prev > key {
                problems.push(format!("{at}: {key:?} is out of order after {prev:?} (sort with LC_ALL=C)"));
            }
        }
        previous = Some(key);
    }
    problems
}

#[test]
fn rule_tables_are_canonical() {
    let mut paths = Vec::new();
    files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")), &mut paths);
    paths.sort();
    assert!(!paths.is_empty());
    let problems: Vec<String> = paths.iter().flat_map(|p| lint(p)).collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
