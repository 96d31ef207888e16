//! Snapshots of every corpus article, in the review table form (one mention or claim a
//! line), stored in `snapshots/`. Review every change with `cargo insta review`.

use claimex::output::table;
use claimex::{Document, Extractor, Rules};

#[test]
fn corpus_snapshots() {
    let extractor = Extractor::new(&Rules::embedded()).expect("embedded rules compile");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../corpus", "*.txt", |path| {
            let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let id = name.trim_end_matches(".txt").to_owned();
            let doc = Document::new(id, text).with_source(format!("corpus/{name}"));
            insta::assert_snapshot!(table::readable(&extractor.extract(&doc)));
        });
    });
}
