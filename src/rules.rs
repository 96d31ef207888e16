//! The rule set: plain data files under `rules/`, embedded at build time,
//! optionally overridden file by file from a directory at run time.
//!
//! File formats shared by every recognizer:
//! - `*.tsv`: `#` comment lines, then one header line naming the columns, then rows of
//!   tab-separated cells; `|` separates alternatives inside a cell; `-` is an empty cell.
//! - `*.txt`: `#` comment lines, one header word, then one entry a line.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A complete rule set: every data file a recognizer reads, by path relative to `rules/`.
#[derive(Debug, Clone)]
pub struct Rules {
    files: BTreeMap<String, String>,
}

impl Rules {
    /// The rule set compiled into the binary.
    pub fn embedded() -> Self {
        let files = EMBEDDED.iter().map(|(path, text)| ((*path).to_owned(), (*text).to_owned())).collect();
        Rules { files }
    }

    /// The embedded rule set with every file found under `dir` replacing the embedded file
    /// of the same relative path (new files are added), so a user can override one table
    /// without copying the rest.
    ///
    /// # Errors
    /// [`Error::RuleDir`] when `dir` or a file under it cannot be read, or is not UTF-8.
    pub fn with_overrides(dir: &Path) -> Result<Self, Error> {
        let mut rules = Rules::embedded();
        let mut found = Vec::new();
        walk(dir, &mut found).map_err(|source| Error::RuleDir { path: dir.to_owned(), source })?;
        for path in found {
            let text =
                std::fs::read_to_string(&path).map_err(|source| Error::RuleDir { path: path.clone(), source })?;
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            rules.files.insert(rel, text);
        }
        Ok(rules)
    }

    /// Paths of every file in the set, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The text of one file.
    ///
    /// # Errors
    /// [`Error::MissingRuleFile`] when the set has no such file.
    pub fn text(&self, file: &str) -> Result<&str, Error> {
        self.files.get(file).map(String::as_str).ok_or_else(|| Error::MissingRuleFile { file: file.to_owned() })
    }

    /// Parses a TSV table whose header must be exactly `columns`.
    ///
    /// # Errors
    /// [`Error::Rule`] naming the line of a bad header or a row with the wrong number of cells.
    pub fn table(&self, file: &str, columns: &[&str]) -> Result<Table, Error> {
        Table::parse(file, self.text(file)?, columns)
    }

    /// Reads a one-column list (`*.txt`), skipping comments and the header line.
    ///
    /// # Errors
    /// [`Error::Rule`] when the header is not `header`.
    pub fn list(&self, file: &str, header: &str) -> Result<Vec<Row>, Error> {
        Ok(Table::parse(file, self.text(file)?, &[header])?.rows)
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            out.push(path);
        }
    }
    Ok(())
}

/// One data row of a rule table, with its place in the file for error messages.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file.
    pub line: usize,
    cells: Vec<String>,
}

impl Row {
    /// The cell in column `i`; `-` reads as empty.
    pub fn cell(&self, i: usize) -> &str {
        match self.cells.get(i).map(String::as_str) {
            Some("-") | None => "",
            Some(cell) => cell,
        }
    }

    /// The `|`-separated alternatives of column `i`, empty cells skipped.
    pub fn alternatives(&self, i: usize) -> impl Iterator<Item = &str> {
        self.cell(i).split('|').map(str::trim).filter(|s| !s.is_empty())
    }
}

/// A parsed TSV rule table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file the table came from, relative to the rule set's root.
    pub file: String,
    /// Data rows in file order.
    pub rows: Vec<Row>,
    columns: Vec<String>,
}

impl Table {
    /// Parses `text` as a table of `file` with the given header.
    ///
    /// # Errors
    /// [`Error::Rule`] at the first malformed line.
    pub fn parse(file: &str, text: &str, columns: &[&str]) -> Result<Table, Error> {
        let mut rows = Vec::new();
        let mut header_seen = false;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.starts_with('#') || raw.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = raw.split('\t').collect();
            if !header_seen {
                if cells != columns {
                    return Err(Error::rule(
                        file,
                        line,
                        1,
                        format!("expected header {:?}, found {:?}", columns.join("\t"), raw),
                    ));
                }
                header_seen = true;
                continue;
            }
            if cells.len() != columns.len() {
                let column = raw.chars().count() + 1;
                return Err(Error::rule(
                    file,
                    line,
                    column,
                    format!("expected {} tab-separated fields, found {}", columns.len(), cells.len()),
                ));
            }
            if let Some(pos) = cells.iter().position(|c| c.trim().is_empty()) {
                let column = cells[..pos].iter().map(|c| c.chars().count() + 1).sum::<usize>() + 1;
                return Err(Error::rule(
                    file,
                    line,
                    column,
                    format!("empty field {:?}: write - for none", columns[pos]),
                ));
            }
            rows.push(Row { line, cells: cells.into_iter().map(str::to_owned).collect() });
        }
        if !header_seen {
            return Err(Error::rule(file, 1, 1, format!("no header line; expected {:?}", columns.join("\t"))));
        }
        Ok(Table { file: file.to_owned(), rows, columns: columns.iter().map(|c| (*c).to_owned()).collect() })
    }

    /// What column `i` of `row` names among `choices` (word, value); when it names none
    /// of them, an error that lists them ("kind must be title or other, not \"x\"").
    ///
    /// # Errors
    /// [`Error::Rule`] at `row` when the cell is not one of the choices.
    pub fn choice<T: Copy>(&self, row: &Row, i: usize, choices: &[(&str, T)]) -> Result<T, Error> {
        let cell = row.cell(i);
        if let Some(&(_, value)) = choices.iter().find(|(word, _)| *word == cell) {
            return Ok(value);
        }
        let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
        let list = match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.join(""),
        };
        let column = self.columns.get(i).map_or("value", String::as_str);
        Err(self.error(row, format!("{column} must be {list}, not {cell:?}")))
    }

    /// An error pointing at `row` of this table.
    pub fn error(&self, row: &Row, problem: impl Into<String>) -> Error {
        Error::rule(&self.file, row.line, 1, problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_reports_file_line_and_column() {
        let err =
            Table::parse("money/codes.tsv", "# c\ncode\tnames\nUSD\tdollar\nEUR\n", &["code", "names"]).unwrap_err();
        assert_eq!(err.to_string(), "money/codes.tsv:4:4: expected 2 tab-separated fields, found 1");
    }

    #[test]
    fn dash_is_an_empty_cell() {
        let table = Table::parse("t.tsv", "a\tb\nx\t-\n", &["a", "b"]).unwrap();
        assert_eq!(table.rows[0].cell(1), "");
        assert_eq!(table.rows[0].alternatives(1).count(), 0);
    }

    #[test]
    fn choice_names_the_column_and_its_words() {
        let table = Table::parse("t.tsv", "word\tkind\nDr.\ttitle\nInc.\tthing\n", &["word", "kind"]).unwrap();
        let kinds = [("title", 1), ("other", 2)];
        assert_eq!(table.choice(&table.rows[0], 1, &kinds).unwrap(), 1);
        let err = table.choice(&table.rows[1], 1, &kinds).unwrap_err();
        assert_eq!(err.to_string(), "t.tsv:3:1: kind must be title or other, not \"thing\"");
    }

    #[test]
    fn wrong_header_is_an_error() {
        let err = Table::parse("t.tsv", "a\tc\n", &["a", "b"]).unwrap_err();
        assert!(err.to_string().starts_with("t.tsv:1:1: expected header"));
    }
}
