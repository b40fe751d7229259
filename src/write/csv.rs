//! CSV files in the chosen dialect (RFC 4180 quoting; BOM, delimiter and line
//! ends per dialect).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::config::CsvDialect;
use crate::error::{Error, Result};

/// How a CSV is written: the dialect, and whether formulas are neutralised.
#[derive(Debug, Clone, Copy)]
pub struct CsvStyle {
    pub dialect: CsvDialect,
    pub formula_guard: bool,
}

pub struct CsvSink {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
    guard: bool,
}

/// A text cell that a spreadsheet would read as a formula (it starts with
/// `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as OWASP's
/// guidance on CSV injection says. Numbers, negative ones included, stay
/// numbers, and a lone dash (the documents' "not stated") stays a dash.
pub fn guard(field: &str) -> Option<String> {
    let first = field.chars().next()?;
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return None;
    }
    let trimmed = field.trim();
    if matches!(trimmed, "-" | "+") || crate::interpret::values::parse_italian(trimmed).is_some() {
        return None;
    }
    Some(format!("'{field}"))
}

impl CsvSink {
    pub fn create(path: &Path, style: CsvStyle) -> Result<CsvSink> {
        let dialect = style.dialect;
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
            guard: style.formula_guard,
        })
    }

    pub fn row<I, T>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for field in fields {
            let text = field.as_ref();
            let guarded = if self.guard { guard(text) } else { None };
            self.writer
                .write_field(guarded.as_deref().unwrap_or(text))
                .map_err(|e| Error::write(&self.path, e.into()))?;
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| Error::write(&self.path, e.into()))
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::write(&self.path, e))?;
        super::folder::start_writeback(self.writer.get_ref().get_ref());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            guard("=HYPERLINK(\"http://x\")").as_deref(),
            Some("'=HYPERLINK(\"http://x\")")
        );
        assert_eq!(guard("+39 06 1234").as_deref(), Some("'+39 06 1234"));
        assert_eq!(guard("@SUM(A1)").as_deref(), Some("'@SUM(A1)"));
        assert_eq!(
            guard("-2+3+cmd|' /C calc'!A0").as_deref(),
            Some("'-2+3+cmd|' /C calc'!A0")
        );
        assert_eq!(guard("\tx").as_deref(), Some("'\tx"));
        assert_eq!(guard("-3"), None);
        assert_eq!(guard("-1.234,5"), None);
        assert_eq!(guard("-"), None);
        assert_eq!(guard("Roma"), None);
        assert_eq!(guard(""), None);
    }
}
