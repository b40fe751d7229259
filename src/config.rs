//! The settings of a run, checked and documented, built once from the command
//! line (or by a program using the library).

use std::path::PathBuf;

/// How CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 with a BOM, comma, CRLF: Excel and LibreOffice open it with
    /// accents intact on a double click.
    #[default]
    Excel,
    /// As `Excel`, with `;` as Excel expects on Italian-locale machines.
    ExcelIt,
    /// UTF-8 without BOM, comma, LF: for programs.
    Plain,
}

impl CsvDialect {
    pub fn delimiter(self) -> u8 {
        match self {
            CsvDialect::ExcelIt => b';',
            _ => b',',
        }
    }

    pub fn bom(self) -> bool {
        self != CsvDialect::Plain
    }

    pub fn crlf(self) -> bool {
        self != CsvDialect::Plain
    }
}

/// What to write and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder; each document gets `<out_dir>/<stem>/`.
    pub out_dir: PathBuf,
    pub csv: CsvDialect,
    /// Neutralise CSV text cells that a spreadsheet would run as a formula
    /// (see `write::csv::guard`). JSON always keeps the exact text.
    pub formula_guard: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            out_dir: PathBuf::from("output"),
            csv: CsvDialect::default(),
            formula_guard: true,
        }
    }
}
