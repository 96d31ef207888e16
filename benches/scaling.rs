//! How far two threads go beyond one, set against how far this machine lets any work go.
//!
//! The machine is a shared virtual machine whose speed drifts by a quarter or more from
//! one second to the next, so two criterion runs taken minutes apart say little about a
//! ratio. Here each round times one thread and two threads back to back, on the same
//! 20 MB and in the same process, and the ratio is taken within the round; the median
//! over the rounds is reported. Each round also times a pure arithmetic loop that shares
//! nothing between its threads, on one thread and on two: its ratio is what the second
//! core gives at all, the ceiling for any code.
//!
//! Run: `cargo bench --bench scaling` (`ROUNDS=N` sets the rounds, 15 by default).

mod common;

use std::hint::black_box;
use std::time::Instant;

use claimex::{Extractor, Rules};
use common::{RUN_BYTES, bytes, corpus, json_line, runs};
use rayon::prelude::*;

/// The allocator the claimex binary uses, so figures match what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Steps of the arithmetic loop, about half a second on this machine.
const ARITHMETIC_STEPS: u64 = 400_000_000;

/// Integer work with no memory traffic: independent chains of multiplies, shifts and
/// xors, so that neither the caches nor the other thread can slow it, only the core.
fn arithmetic(seed: u64) -> u64 {
    let (mut a, mut b, mut c) = (seed, seed ^ 0x9E37_79B9_7F4A_7C15, seed.rotate_left(17));
    for step in 0..ARITHMETIC_STEPS {
        a = a.wrapping_mul(0x5851_F42D_4C95_7F2D).wrapping_add(step);
        b ^= b << 13;
        b ^= b >> 7;
        c = c.wrapping_add(a ^ b).rotate_left(5);
    }
    a ^ b ^ c
}

fn seconds(work: impl FnOnce() -> u64) -> f64 {
    let start = Instant::now();
    black_box(work());
    start.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that does not name this bench skips it.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    if filter.is_some_and(|f| !"scaling".contains(f.as_str())) {
        return;
    }
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15).max(1);
    let extractor = Extractor::new(&Rules::embedded()).expect("rules");
    let docs = corpus(20 << 20);
    let mebibytes = bytes(&docs) as f64 / f64::from(1 << 20);
    let runs = runs(&docs, RUN_BYTES);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("thread pool");
    let one_thread = || {
        let mut json = Vec::new();
        runs.iter().flat_map(|run| extractor.extract_all(run)).map(|e| json_line(&e, &mut json) as u64).sum()
    };
    let two_threads = || {
        pool.install(|| {
            runs.par_iter()
                .map_init(Vec::new, |json, run| {
                    extractor.extract_all(run).iter().map(|e| json_line(e, json) as u64).sum::<u64>()
                })
                .sum()
        })
    };
    // Both threads do the whole loop: twice the work in the time one takes alone.
    let arithmetic_two = || pool.install(|| rayon::join(|| arithmetic(1), || arithmetic(2))).0;
    black_box(one_thread());

    let (mut claimex_ratios, mut ceiling_ratios, mut one, mut two) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let single = seconds(one_thread);
        let double = seconds(two_threads);
        let arithmetic_single = seconds(|| arithmetic(1));
        let arithmetic_double = seconds(arithmetic_two);
        let (claimex_ratio, ceiling_ratio) = (single / double, 2.0 * arithmetic_single / arithmetic_double);
        println!(
            "round {round:2}: 1 thread {:5.1} MiB/s, 2 threads {:5.1} MiB/s, {claimex_ratio:.2}×; arithmetic {ceiling_ratio:.2}×",
            mebibytes / single,
            mebibytes / double,
        );
        claimex_ratios.push(claimex_ratio);
        ceiling_ratios.push(ceiling_ratio);
        one.push(mebibytes / single);
        two.push(mebibytes / double);
    }
    println!(
        "medians over {rounds} rounds: 1 thread {:.1} MiB/s, 2 threads {:.1} MiB/s; 2 threads / 1 thread {:.2}×; \
         the machine's own ceiling (arithmetic, nothing shared) {:.2}×",
        median(one),
        median(two),
        median(claimex_ratios),
        median(ceiling_ratios),
    );
}
