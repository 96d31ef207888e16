//! Throughput: end to end over a ~20 MB news corpus built by repeating `corpus/`, and
//! each stage on its own so regressions show where they come from. Also rule-load time.
//!
//! Run: `cargo bench --bench throughput` (reports MB/s; medians in target/criterion).

use std::time::Duration;

mod common;

use claimex::{Extractor, Kind, Rules, stages};
use common::{RUN_BYTES, bytes, corpus, extract_and_serialize, runs};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

/// The allocator the claimex binary uses, so figures match what users run.
#[global_allocator]
static GLOBAL: claimex::allocator::Allocator = claimex::allocator::Allocator;

fn end_to_end(c: &mut Criterion) {
    let extractor = Extractor::new(&Rules::embedded()).expect("rules");
    let docs = corpus(20 << 20);
    let runs = runs(&docs, RUN_BYTES);
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).throughput(Throughput::Bytes(bytes(&docs)));
    group.bench_function("extract_one_at_a_time_20MB_1_thread", |b| {
        b.iter(|| docs.iter().map(|d| extractor.extract(d).mentions.len()).sum::<usize>())
    });
    group.bench_function("extract_20MB_1_thread", |b| {
        b.iter(|| runs.iter().flat_map(|run| extractor.extract_each(run)).map(|e| e.mentions.len()).sum::<usize>())
    });
    group.bench_function("extract_and_serialize_20MB_1_thread", |b| {
        let mut json = Vec::new();
        b.iter(|| runs.iter().map(|run| extract_and_serialize(&extractor, run, &mut json)).sum::<usize>())
    });
    // As `claimex extract --threads 2` runs: runs of documents spread over a two-thread
    // pool, each extracted and serialised on its worker, results collected in input order.
    // `--bench scaling` sets this against one thread and against what the machine's second
    // core gives at all.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("thread pool");
    group.bench_function("extract_and_serialize_20MB_2_threads", |b| {
        b.iter(|| {
            pool.install(|| {
                runs.par_iter()
                    .map_init(Vec::new, |json, run| extract_and_serialize(&extractor, run, json))
                    .collect::<Vec<_>>()
                    .len()
            })
        })
    });
    group.finish();
}

fn per_stage(c: &mut Criterion) {
    let extractor = Extractor::new(&Rules::embedded()).expect("rules");
    let docs = corpus(2 << 20);
    let segmented: Vec<_> = docs.iter().map(|d| stages::segment(&extractor, &d.text)).collect();
    let mentions: Vec<_> = docs.iter().zip(&segmented).map(|(d, s)| stages::mentions(&extractor, d, s)).collect();
    let mut group = c.benchmark_group("stage");
    group.sample_size(10).measurement_time(Duration::from_secs(5)).throughput(Throughput::Bytes(bytes(&docs)));
    group.bench_function("segment", |b| {
        b.iter(|| docs.iter().map(|d| stages::segment(&extractor, &d.text).sentences.len()).sum::<usize>())
    });
    for kind in [Kind::Time, Kind::Money, Kind::Percent, Kind::Quantity, Kind::Actor] {
        group.bench_function(format!("recognize_{}", kind.as_str()), |b| {
            b.iter(|| {
                docs.iter().zip(&segmented).map(|(d, s)| stages::recognize(&extractor, kind, &d.text, s)).sum::<usize>()
            })
        });
    }
    group.bench_function("recognize_and_resolve", |b| {
        b.iter(|| docs.iter().zip(&segmented).map(|(d, s)| stages::mentions(&extractor, d, s).len()).sum::<usize>())
    });
    group.bench_function("claims", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&segmented)
                .zip(&mentions)
                .map(|((d, s), m)| stages::claims(&extractor, d, s, m))
                .sum::<usize>()
        })
    });
    group.finish();
}

fn rule_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.bench_function("compile_embedded", |b| b.iter(|| Extractor::new(&Rules::embedded()).is_ok()));
    group.finish();
}

criterion_group!(benches, end_to_end, per_stage, rule_load);
criterion_main!(benches);
