//! `tables.json`: the full model of every table (caption, header rows and
//! paths, rows with their lines and kinds, every slot, every cell).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::Extraction;
use crate::error::{Error, Result};
use crate::source::Document;

#[derive(serde::Serialize)]
struct TablesFile<'a> {
    document: &'a str,
    format: crate::source::Format,
    tables: &'a [crate::grid::Grid],
    diagnostics: &'a [crate::error::Diagnostic],
}

pub fn write_tables(path: &Path, doc: &Document, extraction: &Extraction) -> Result<()> {
    let value = TablesFile {
        document: &doc.name,
        format: doc.format,
        tables: &extraction.grids,
        diagnostics: &extraction.diagnostics,
    };
    write_json(path, &value)
}

pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::write(path, e))?;
    let mut out = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| Error::write(path, e.into()))?;
    out.write_all(b"\n").map_err(|e| Error::write(path, e))?;
    out.flush().map_err(|e| Error::write(path, e))
}
