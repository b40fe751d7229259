//! The extraction that `make bench` compares with `pandas.read_html`: decoding,
//! the reader and the grids of every table, on one thread (as pandas runs), on
//! the allocator the binary ships with. The benchmark process itself runs on
//! the system allocator, on which the parsers' own baseline is fastest, so this
//! runs in a process of its own.
//!
//! `extraction FILE [RUNS]` prints the number of tables and the best of RUNS
//! (default 3) wall times in seconds.

use std::time::{Duration, Instant};

use orgtables::grid::Grid;
use orgtables::source::{Document, Format};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn extraction_only(text: &str, format: Format) -> usize {
    let doc = Document::from_bytes("bench", "bench", text.as_bytes(), Some(format))
        .expect("the input decodes");
    let extracted = orgtables::extract::extract(&doc).expect("the input extracts");
    extracted
        .tables
        .into_iter()
        .filter_map(|t| Grid::build(t).ok())
        .count()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: extraction FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 input");
    let format = if path.ends_with(".html") {
        Format::Html
    } else {
        Format::Markdown
    };
    let mut best = Duration::MAX;
    let mut tables = 0;
    for _ in 0..runs {
        let start = Instant::now();
        tables = extraction_only(&text, format);
        best = best.min(start.elapsed());
    }
    println!("{tables} {:.6}", best.as_secs_f64());
}
