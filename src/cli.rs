//! The command line (clap derive); the doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use orgtables::config::{CsvDialect, Options};
use orgtables::reconcile::Severity;
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
    /// Check each document for contradictions and print the findings.
    ///
    /// Runs the whole pipeline and prints every finding (rule, severity, the
    /// arithmetic, expected and found values, every place as file:line),
    /// coloured when standard output is a terminal. Writes no files unless
    /// --output is given, in which case it writes what `extract` writes.
    ///
    /// Exit status: 0 when no finding is at or above --fail-on; 1 when one is;
    /// 2 when an input is unreadable or invalid (which wins over 1).
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Documents or directories to check (as for `extract`); with none, the
    /// directory `input`.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Also write every output file (tables, records, findings, reports) into
    /// DIR/<document-stem>/.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = SeverityArg::Error, value_name = "SEVERITY")]
    pub fail_on: SeverityArg,

    /// The format of the input (as for `extract`).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// How to write CSV when --output is given (as for `extract`).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Excel, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,

    /// When to colour the findings: `auto` (when standard output is a
    /// terminal and NO_COLOR is not set), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// As for `extract`: write CSV cells that look like formulas as they are.
    #[arg(long)]
    pub no_formula_guard: bool,

    /// As for `extract`: do not flush the files to disk before the output
    /// folder is swapped in.
    #[arg(long)]
    pub no_sync: bool,

    #[command(flatten)]
    pub words: WordsArgs,
}

/// Where the words the tables are read by come from.
#[derive(Debug, Args)]
pub struct WordsArgs {
    /// A vocabulary file (TOML, as data/vocabulary.toml) whose words are
    /// added to the built-in ones: how a revision's new wording of a header
    /// is taught to the tool. A concept the file lists in `replace` takes the
    /// file's words alone.
    #[arg(long, value_name = "FILE")]
    pub vocabulary: Option<PathBuf>,

    /// A gazetteer file (tab-separated, as data/gazetteer.tsv) used instead
    /// of the built-in Italian one: another country's regions and provinces,
    /// or the Italian one with names of your own added.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

impl WordsArgs {
    pub fn lexicon(&self) -> orgtables::error::Result<orgtables::lexicon::Lexicon> {
        orgtables::lexicon::Lexicon::load(self.vocabulary.as_deref(), self.gazetteer.as_deref())
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
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
    /// headers and continuation rows found), `records` (the facts read from
    /// the recognised tables) or `findings` (the reconciliation: findings and
    /// checks per rule).
    #[arg(long, value_enum, value_name = "STAGE")]
    pub dump: Option<Dump>,

    /// Print only warnings and errors, not a line per document.
    #[arg(short, long)]
    pub quiet: bool,

    /// Write CSV text cells that start with =, +, -, @, tab or carriage
    /// return as they are. By default they get a leading ' so that a
    /// spreadsheet shows them as text instead of running them as formulas
    /// (numbers, negative ones included, are never changed).
    #[arg(long)]
    pub no_formula_guard: bool,

    /// Do not flush the files to disk before the new output folder takes
    /// the old one's place (faster; after a power loss the folder may hold
    /// empty files). By default they are flushed.
    #[arg(long)]
    pub no_sync: bool,

    #[command(flatten)]
    pub words: WordsArgs,
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
    Findings,
}

impl CsvDialectArg {
    fn dialect(self) -> CsvDialect {
        match self {
            CsvDialectArg::Excel => CsvDialect::Excel,
            CsvDialectArg::ExcelIt => CsvDialect::ExcelIt,
            CsvDialectArg::Plain => CsvDialect::Plain,
        }
    }
}

fn format(arg: Option<FormatArg>) -> Option<Format> {
    arg.map(|f| match f {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
    })
}

/// The files the inputs stand for (a directory's documents), which no
/// output folder may replace or hold.
fn input_files(given: &[PathBuf]) -> Vec<PathBuf> {
    orgtables::source::discover(given)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|input| match input {
            orgtables::source::Input::File(path) => Some(path),
            orgtables::source::Input::Stdin => None,
        })
        .collect()
}

fn inputs(given: &[PathBuf]) -> Vec<PathBuf> {
    if given.is_empty() {
        vec![PathBuf::from("input")]
    } else {
        given.to_vec()
    }
}

impl ExtractArgs {
    pub fn options(&self) -> Options {
        Options {
            out_dir: self.output.clone(),
            csv: self.csv_dialect.dialect(),
            formula_guard: !self.no_formula_guard,
            inputs: orgtables::config::Protected::new(&input_files(&self.inputs())),
            sync: !self.no_sync,
        }
    }

    pub fn format(&self) -> Option<Format> {
        format(self.format)
    }

    pub fn inputs(&self) -> Vec<PathBuf> {
        inputs(&self.inputs)
    }
}

impl CheckArgs {
    pub fn options(&self) -> Option<Options> {
        self.output.as_ref().map(|out_dir| Options {
            out_dir: out_dir.clone(),
            csv: self.csv_dialect.dialect(),
            formula_guard: !self.no_formula_guard,
            inputs: orgtables::config::Protected::new(&input_files(&self.inputs())),
            sync: !self.no_sync,
        })
    }

    pub fn format(&self) -> Option<Format> {
        format(self.format)
    }

    pub fn inputs(&self) -> Vec<PathBuf> {
        inputs(&self.inputs)
    }

    pub fn fail_on(&self) -> Severity {
        match self.fail_on {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }

    pub fn color(&self) -> anstream::ColorChoice {
        match self.color {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        }
    }
}
