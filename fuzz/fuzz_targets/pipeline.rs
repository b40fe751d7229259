//! The whole pipeline, bytes to findings and rendered reports, format sniffed
//! from the content as for standard input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgtables::source::Document;
use orgtables::write::{report_html, report_md};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes("fuzz", "fuzz", data, None) else {
        return;
    };
    if let Ok(extraction) = orgtables::process(&doc) {
        let _ = report_md::render(&doc.name, &extraction);
        let _ = report_html::render(&doc.name, &extraction);
    }
});
