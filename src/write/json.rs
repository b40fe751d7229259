//! `tables.json`: the full model of every table (caption, header rows and
//! paths, rows with their lines and kinds, every slot, every cell); and the
//! JSON layout shared by every JSON output.

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
    tables: Vec<Table<'a>>,
    diagnostics: &'a [crate::error::Diagnostic],
}

/// A table's grid, and how it was recognised.
#[derive(serde::Serialize)]
struct Table<'a> {
    #[serde(flatten)]
    grid: &'a crate::grid::Grid,
    recognition: Option<&'a crate::interpret::Recognition>,
}

pub fn write_tables(path: &Path, doc: &Document, extraction: &Extraction) -> Result<()> {
    let recognition: foldhash::HashMap<usize, &crate::interpret::Recognition> = extraction
        .records
        .tables
        .iter()
        .map(|t| (t.index, &t.recognition))
        .collect();
    let value = TablesFile {
        document: &doc.name,
        format: doc.format,
        tables: extraction
            .grids
            .iter()
            .map(|grid| Table {
                grid,
                recognition: recognition.get(&grid.index).copied(),
            })
            .collect(),
        diagnostics: &extraction.diagnostics,
    };
    // Root, `tables`, a table, its `rows`/`cells`: one row or cell a line.
    write_json(path, &value, 4)
}

/// Writes `value` indented down to `pretty_depth` levels of nesting and
/// compact below: one record, cell or finding per line. Fully indented JSON
/// of a large document is several times the size of this layout (a slot
/// object took four lines), while this one still diffs and greps line by
/// line.
pub fn write_json(path: &Path, value: &impl serde::Serialize, pretty_depth: usize) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::write(path, e))?;
    let mut out = BufWriter::with_capacity(super::FILE_BUFFER, file);
    to_writer(&mut out, value, pretty_depth).map_err(|e| Error::write(path, e))?;
    out.write_all(b"\n").map_err(|e| Error::write(path, e))?;
    out.flush().map_err(|e| Error::write(path, e))?;
    super::folder::start_writeback(out.get_ref());
    Ok(())
}

/// Writes `value` in the layered layout (indented down to `pretty_depth`
/// levels, compact below) into `out`, as it goes: no tree of the whole is
/// built (`--dump` of a large document writes as much as its files do).
pub fn to_writer(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    pretty_depth: usize,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Layered::new(pretty_depth));
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// serde_json's pretty formatter, cut off at a depth.
struct Layered {
    depth: usize,
    pretty_depth: usize,
    has_value: bool,
}

impl Layered {
    fn new(pretty_depth: usize) -> Layered {
        Layered {
            depth: 0,
            pretty_depth,
            has_value: false,
        }
    }

    fn pretty(&self) -> bool {
        self.depth <= self.pretty_depth
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        let pretty = self.pretty();
        self.depth -= 1;
        if pretty && self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if self.pretty() {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            self.indent(w)
        } else if first {
            Ok(())
        } else {
            w.write_all(b",")
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Layered {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.pretty() { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Layered;
    use serde::Serialize;

    fn layout(value: &serde_json::Value, depth: usize) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Layered::new(depth));
        value.serialize(&mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indents_down_to_the_depth_and_writes_compact_below() {
        let value = serde_json::json!({"a": [{"b": [1, 2], "c": {}}, []], "d": "x"});
        assert_eq!(
            layout(&value, 2),
            "{\n  \"a\": [\n    {\"b\":[1,2],\"c\":{}},\n    []\n  ],\n  \"d\": \"x\"\n}"
        );
        assert_eq!(
            layout(&value, 0),
            r#"{"a":[{"b":[1,2],"c":{}},[]],"d":"x"}"#
        );
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(layout(&value, 9), pretty);
    }
}
