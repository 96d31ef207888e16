//! How far two threads go beyond one, set against how far this machine lets any work go.
//!
//! The machine is a shared virtual machine whose speed drifts by a quarter or more from
//! one second to the next, so two criterion runs taken minutes apart say little about a
//! ratio. Here each round times one thread and two threads back to back, on the same
//! 20 MB and in the same process, and the ratio is taken within the round; the median
//! over the rounds is reported. Each round also times two references that share nothing
//! between their threads, on one thread and on two: arithmetic that touches no memory,
//! and copying buffers too large for the caches. Their ratios are what the machine's
//! second core gave that round to work bound by the core and to work bound by memory;
//! the extraction, which does both, is read against them.
//!
//! Run: `cargo bench --bench scaling` (`ROUNDS=N` sets the rounds, 15 by default).

mod common;

use std::hint::black_box;
use std::time::Instant;

use claimex::{Extractor, Rules};
use common::{RUN_BYTES, bytes, corpus, extract_and_serialize, runs};
use rayon::prelude::*;

/// The allocator the claimex binary uses, so figures match what users run.
#[global_allocator]
static GLOBAL: claimex::allocator::Allocator = claimex::allocator::Allocator;

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

/// Bytes of each buffer the copying reference copies, well past the caches.
const COPY_BYTES: usize = 64 << 20;

/// Copies of the buffer, about a fifth of a second on this machine.
const COPIES: usize = 16;

/// Memory traffic with little arithmetic: one thread's buffer copied over and over.
fn copying((source, target): &mut (Vec<u8>, Vec<u8>)) -> u64 {
    for copy in 0..COPIES {
        target.copy_from_slice(source);
        source[copy] = source[copy].wrapping_add(1);
        black_box(&mut *target);
    }
    target.iter().step_by(4096).map(|&b| u64::from(b)).sum()
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
        runs.iter().map(|run| extract_and_serialize(&extractor, run, &mut json) as u64).sum()
    };
    let two_threads = || {
        pool.install(|| {
            runs.par_iter().map_init(Vec::new, |json, run| extract_and_serialize(&extractor, run, json) as u64).sum()
        })
    };
    // Both threads do the whole of a reference's work: twice the work in the time one
    // takes alone.
    let arithmetic_two = || pool.install(|| rayon::join(|| arithmetic(1), || arithmetic(2))).0;
    let buffers = || (vec![1u8; COPY_BYTES], vec![0u8; COPY_BYTES]);
    let (mut first, mut second) = (buffers(), buffers());
    black_box(one_thread());

    let mut ratios = [Vec::new(), Vec::new(), Vec::new()];
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let single = seconds(one_thread);
        let double = seconds(two_threads);
        let arithmetic_ratio = 2.0 * seconds(|| arithmetic(1)) / seconds(arithmetic_two);
        let copying_single = seconds(|| copying(&mut first));
        let copying_double =
            seconds(|| pool.install(|| rayon::join(|| copying(&mut first), || copying(&mut second))).0);
        let copying_ratio = 2.0 * copying_single / copying_double;
        println!(
            "round {round:2}: 1 thread {:5.1} MiB/s, 2 threads {:5.1} MiB/s, {:.2}×; arithmetic {arithmetic_ratio:.2}×, \
             copying {copying_ratio:.2}×",
            mebibytes / single,
            mebibytes / double,
            single / double,
        );
        for (list, ratio) in ratios.iter_mut().zip([single / double, arithmetic_ratio, copying_ratio]) {
            list.push(ratio);
        }
        one.push(mebibytes / single);
        two.push(mebibytes / double);
    }
    let [extraction, arithmetic, copying] = ratios.map(median);
    println!(
        "medians over {rounds} rounds: 1 thread {:.1} MiB/s, 2 threads {:.1} MiB/s; 2 threads / 1 thread {extraction:.2}×; \
         the machine's references, nothing shared: arithmetic {arithmetic:.2}×, copying {copying:.2}×",
        median(one),
        median(two),
    );
}
