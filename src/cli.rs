//! The command line (clap derive); the doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use orgtables::config::{CsvDialect, Options};
use orgtables::source::Format;

/// Extract the tables of organisational documents (Markdown or HTML), with
/// merged cells resolved and every cell's source line kept, and write them as
/// CSV and JSON.
#[derive(Debug, Parser)]
#[command(name = "orgtables", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every table of each document into <OUTPUT>/<document-stem>/.
    ///
    /// Writes tables/NN-<caption>.csv (one per table: a header row of
    /// flattened header paths, then the body rows with merged cells filled)
    /// and tables.json (the full model: captions, header rows, every cell with
    /// raw text, clean text, list items, span origin and source line).
    ///
    /// Exit status: 0 when every document was read and written; 2 when any
    /// input was unreadable or invalid, or an output could not be written (the
    /// other documents are still processed).
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Documents or directories to read; a directory stands for the .md,
    /// .markdown, .html, .htm and .xhtml files directly inside it; `-` reads
    /// standard input. With none, reads the directory `input`.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The output directory; each document is written to a folder named after
    /// it inside this one, replacing that folder only once complete.
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,

    /// The format of the input. By default it comes from the file extension,
    /// and for standard input or other extensions from the content (a
    /// document that opens with a tag and holds <table> or <html> is HTML).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// How to write CSV: `excel` (UTF-8 with BOM, comma, CRLF: opens with
    /// accents intact in Excel and LibreOffice), `excel-it` (the same with `;`,
    /// for Excel on Italian-locale machines), `plain` (UTF-8, comma, LF).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Excel, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,

    /// Print what a stage hands on as JSON on standard output, and write no
    /// files: `raw` (tables and outline as read), `grid` (spans resolved,
    /// headers and continuation rows found) or `records` (the facts read from
    /// the recognised tables).
    #[arg(long, value_enum, value_name = "STAGE")]
    pub dump: Option<Dump>,

    /// Print only warnings and errors, not a line per document.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CsvDialectArg {
    Excel,
    ExcelIt,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dump {
    Raw,
    Grid,
    Records,
}

impl ExtractArgs {
    pub fn options(&self) -> Options {
        Options {
            out_dir: self.output.clone(),
            csv: match self.csv_dialect {
                CsvDialectArg::Excel => CsvDialect::Excel,
                CsvDialectArg::ExcelIt => CsvDialect::ExcelIt,
                CsvDialectArg::Plain => CsvDialect::Plain,
            },
        }
    }

    pub fn format(&self) -> Option<Format> {
        self.format.map(|f| match f {
            FormatArg::Md => Format::Markdown,
            FormatArg::Html => Format::Html,
        })
    }

    pub fn inputs(&self) -> Vec<PathBuf> {
        if self.inputs.is_empty() {
            vec![PathBuf::from("input")]
        } else {
            self.inputs.clone()
        }
    }
}
