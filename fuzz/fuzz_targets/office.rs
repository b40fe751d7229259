//! The Word and OpenDocument readers on arbitrary bytes: as a whole file
//! (a zip archive or not), and as the XML of each format's document entry,
//! then through the HTML reader and the grid stage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgtables::grid::Grid;
use orgtables::source::{Document, Format};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Docx, Format::Odt] {
        if let Ok(doc) = Document::from_bytes("fuzz.docx", "fuzz", data, Some(format))
            && let Ok(extracted) = orgtables::extract::extract(&doc)
        {
            for table in extracted.tables {
                let _ = Grid::build(table);
            }
        }
    }
    if let Ok(xml) = std::str::from_utf8(data) {
        let _ = orgtables::office::xml_to_html(xml, orgtables::office::Kind::Docx);
        let _ = orgtables::office::xml_to_html(xml, orgtables::office::Kind::Odt);
    }
});
