//! The HTML reader and the grid stage on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgtables::grid::Grid;
use orgtables::source::{Document, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes("fuzz.html", "fuzz", data, Some(Format::Html)) else {
        return;
    };
    if let Ok(extracted) = orgtables::extract::extract(&doc) {
        for table in extracted.tables {
            let _ = Grid::build(table);
        }
    }
});
