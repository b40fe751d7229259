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

    /// The decimal character of numbers.
    pub fn decimal(self) -> char {
        match self {
            CsvDialect::ExcelIt => ',',
            _ => '.',
        }
    }

    /// True and false as the dialect's spreadsheets read them: Excel's and
    /// LibreOffice's words in the locale the dialect is for, so that a
    /// boolean opens as a boolean, not as text.
    pub fn boolean(self, value: bool) -> &'static str {
        match (self, value) {
            (CsvDialect::Excel, true) => "TRUE",
            (CsvDialect::Excel, false) => "FALSE",
            (CsvDialect::ExcelIt, true) => "VERO",
            (CsvDialect::ExcelIt, false) => "FALSO",
            (CsvDialect::Plain, true) => "true",
            (CsvDialect::Plain, false) => "false",
        }
    }
}

/// Paths no output folder may take or hold: a run's input files, each
/// resolved once (a batch of a thousand inputs checks each output folder
/// against them in constant time).
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// The input files, resolved.
    files: foldhash::HashSet<PathBuf>,
    /// Every folder that holds one of them, resolved.
    holders: foldhash::HashSet<PathBuf>,
}

impl Protected {
    pub fn new(files: &[PathBuf]) -> Protected {
        let mut protected = Protected::default();
        for file in files {
            let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.clone());
            protected
                .holders
                .extend(file.ancestors().skip(1).map(PathBuf::from));
            protected.files.insert(file);
        }
        protected
    }

    /// The input that a folder at `path` would replace or hold, if any.
    pub fn endangered_by(&self, path: &std::path::Path) -> Option<PathBuf> {
        let resolved = std::fs::canonicalize(path).ok()?;
        if self.files.contains(&resolved) {
            return Some(resolved);
        }
        if self.holders.contains(&resolved) {
            return self
                .files
                .iter()
                .find(|f| f.starts_with(&resolved))
                .cloned();
        }
        None
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
    /// The inputs of the run: an output folder never takes their place nor
    /// holds one of them.
    pub inputs: Protected,
    /// Flush the files to disk before the new folder takes the old one's
    /// place.
    pub sync: bool,
    /// Also write `<stem>.xlsx`, the typed workbook (several times the cost
    /// of the rest of a document's pipeline, so asked for).
    pub xlsx: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            out_dir: PathBuf::from("output"),
            csv: CsvDialect::default(),
            formula_guard: true,
            inputs: Protected::default(),
            sync: true,
            xlsx: false,
        }
    }
}
