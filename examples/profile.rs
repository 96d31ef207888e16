//! Runs one stage over the corpus a fixed number of times, for instruction counts that
//! do not depend on machine load: `perf stat -e instructions:u target/release/examples/profile segment 20`
//! or `valgrind --tool=callgrind`. Stages: segment, time, money, percent, quantity, actor,
//! mentions, claims, all (extraction, one article at a time), batch (extraction, `GROUP`
//! rounds of articles at a time, 8 by default), batch-serialize (the same and each record's
//! JSON line, as the command line runs), serialize (extraction and its JSON line, one
//! article at a time).

use claimex::{Document, Extractor, Kind, Rules, stages};

/// The allocator the claimex binary uses, so figures match what users run.
#[global_allocator]
static GLOBAL: claimex::allocator::Allocator = claimex::allocator::Allocator;

fn main() {
    let mut args = std::env::args().skip(1);
    let stage = args.next().unwrap_or_else(|| "all".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let extractor = match Extractor::new(&Rules::embedded()) {
        Ok(extractor) => extractor,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    let docs: Vec<Document> =
        paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).map(|text| Document::new("d", text)).collect();
    let segmented: Vec<_> = docs.iter().map(|d| stages::segment(&extractor, &d.text)).collect();
    let mentions: Vec<_> = docs.iter().zip(&segmented).map(|(d, s)| stages::mentions(&extractor, d, s)).collect();
    let kind = match stage.as_str() {
        "time" => Some(Kind::Time),
        "money" => Some(Kind::Money),
        "percent" => Some(Kind::Percent),
        "quantity" => Some(Kind::Quantity),
        "actor" => Some(Kind::Actor),
        _ => None,
    };
    let mut total = 0usize;
    let mut json = Vec::new();
    // As the command line extracts: a few hundred kilobytes of articles at a time.
    let group_rounds: usize = std::env::var("GROUP").ok().and_then(|g| g.parse().ok()).unwrap_or(8);
    let group: Vec<Document> = (0..group_rounds).flat_map(|_| docs.iter().cloned()).collect();
    let batched = stage.starts_with("batch");
    for _ in 0..if batched { rounds / group_rounds } else { 0 } {
        total += extractor
            .extract_each(&group)
            .map(|e| match stage.as_str() {
                "batch-serialize" => {
                    json.clear();
                    e.write_json(&mut json).map_or(0, |()| json.len())
                }
                _ => e.mentions.len(),
            })
            .sum::<usize>();
    }
    for _ in 0..if batched { 0 } else { rounds } {
        for (i, doc) in docs.iter().enumerate() {
            total += match (stage.as_str(), kind) {
                (_, Some(kind)) => stages::recognize(&extractor, kind, &doc.text, &segmented[i]),
                ("segment", None) => stages::segment(&extractor, &doc.text).tokens.len(),
                ("mentions", None) => stages::mentions(&extractor, doc, &segmented[i]).len(),
                ("claims", None) => stages::claims(&extractor, doc, &segmented[i], &mentions[i]),
                ("serialize", None) => {
                    json.clear();
                    extractor.extract(doc).write_json(&mut json).map_or(0, |()| json.len())
                }
                _ => extractor.extract(doc).mentions.len(),
            };
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum::<usize>() * rounds;
    println!("{stage}: {rounds} rounds over {bytes} bytes, checksum {total}");
}
