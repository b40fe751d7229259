//! CSV files in the chosen dialect (RFC 4180 quoting; BOM, delimiter and line
//! ends per dialect).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::config::CsvDialect;
use crate::error::{Error, Result};

pub struct CsvSink {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl CsvSink {
    pub fn create(path: &Path, dialect: CsvDialect) -> Result<CsvSink> {
        let mut file = BufWriter::new(File::create(path).map_err(|e| Error::write(path, e))?);
        if dialect.bom() {
            file.write_all("\u{FEFF}".as_bytes())
                .map_err(|e| Error::write(path, e))?;
        }
        let terminator = if dialect.crlf() {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter())
            .terminator(terminator)
            .flexible(true)
            .from_writer(file);
        Ok(CsvSink {
            path: path.to_path_buf(),
            writer,
        })
    }

    pub fn row<I, T>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(fields)
            .map_err(|e| Error::write(&self.path, e.into()))
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer.flush().map_err(|e| Error::write(&self.path, e))
    }
}
