//! The command line (clap derive); the doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use orgtables::config::{CsvDialect, Options};
use orgtables::reconcile::Severity;
use orgtables::source::{Dialect, Format, ReadAs};

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
    /// raw text, clean text, list items, span origin and source line); the
    /// records as CSV and JSON; the findings as JSON, CSV and SARIF; the
    /// reports (report.md, report.html); tables.csv and datapackage.json.
    /// See the README for every file and column.
    ///
    /// Exit status: 0 when every document was read and written; 2 when any
    /// input was unreadable or invalid, or an output could not be written (the
    /// other documents are still processed).
    Extract(ExtractArgs),
    /// Check each document for contradictions and print the findings.
    ///
    /// Runs the whole pipeline and prints every finding as rustc prints a
    /// diagnostic: severity[rule], the message with its arithmetic, the
    /// document's line with the wrong cell underlined, expected and found,
    /// the places grouped by table and row, notes; fitted to the terminal's
    /// width (or 80 columns) and coloured when standard output is a
    /// terminal. Findings the reviewers accepted (orgtables.toml, or
    /// --accepted) are listed on one line each and fail nothing; entries
    /// that no longer hold are reported as stale. Writes no files unless
    /// --output is given, in which case it writes what `extract` writes.
    ///
    /// Exit status: 0 when no open finding is at or above --fail-on (a stale
    /// acceptance counts as a warning); 1 when one is; 2 when an input or
    /// the accepted-findings file is unreadable or invalid (which wins over
    /// 1).
    Check(CheckArgs),
    /// Compare two revisions fact by fact.
    ///
    /// OLD and NEW are documents (any supported format) or output folders of
    /// an earlier run (read from their records.json and findings.json).
    /// Facts are matched by what they are about, never by where they stand:
    /// members by level and name (moved, added, removed), positions by
    /// level, source, group, sub-group and fascia, offices, stated totals and
    /// overall rows by their keys, functions and missions by structure and
    /// area (added, removed, reworded, case-only, punctuation-only), tables by
    /// kind and level (caption changed, copies that diverged), findings by id
    /// (new, resolved, changed, persisting). Prints a line per change; with
    /// --output also writes diff.md, diff.html, diff.json and changes.csv.
    ///
    /// Exit status: 0, or 1 when --fail-on's condition is met; 2 when a side
    /// is unreadable or invalid, or the output cannot be written.
    Diff(DiffArgs),
    /// Print a document's facts as sorted text, one a line, without line
    /// numbers: a git `textconv` driver, so that `git diff` of two commits of
    /// a document shows what changed in its facts.
    ///
    /// FILE is a document or an output folder of an earlier run. Exit
    /// status: 0, or 2 when it is unreadable or invalid.
    Records(RecordsArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier revision: a document or an output folder.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later revision: a document or an output folder.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Write diff.md, diff.html, diff.json and changes.csv into DIR (a folder
    /// orgtables writes whole, as a document's output folder), with the
    /// reports of sides that are documents (old-report.html,
    /// new-report.html) for diff.html's links.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// What makes the exit status 1: `new-error` (a finding of severity
    /// error that OLD did not have), `new-warning` (a new warning or error),
    /// `any-change` (any change of a fact or a finding). By default, none.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOnArg>,

    /// The format of both documents (as for `extract`).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// The Markdown the pipe tables are written in: `gfm` (GitHub's),
    /// `pandoc` (pandoc's Markdown), or `auto`: pandoc's where the document
    /// shows pandoc's own tables or syntax, else GFM's.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub dialect: DialectArg,

    /// When to colour the changes (as for `check`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(flatten)]
    pub writing: WritingArgs,

    #[command(flatten)]
    pub words: WordsArgs,

    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    NewError,
    NewWarning,
    AnyChange,
}

#[derive(Debug, Args)]
pub struct RecordsArgs {
    /// A document or an output folder.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,

    /// The format of the document (as for `extract`).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// The Markdown the pipe tables are written in: `gfm` (GitHub's),
    /// `pandoc` (pandoc's Markdown), or `auto`: pandoc's where the document
    /// shows pandoc's own tables or syntax, else GFM's.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub dialect: DialectArg,

    #[command(flatten)]
    pub words: WordsArgs,
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

    /// The Markdown the pipe tables are written in: `gfm` (GitHub's),
    /// `pandoc` (pandoc's Markdown), or `auto`: pandoc's where the document
    /// shows pandoc's own tables or syntax, else GFM's.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub dialect: DialectArg,

    /// When to colour the findings: `auto` (when standard output is a
    /// terminal and NO_COLOR is not set), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// How to print each finding: `full` (the message, the document's
    /// line with the wrong cell underlined and the cells it was checked
    /// against marked, the places grouped by table and row, fitted to the
    /// terminal's width or 80 columns) or `short` (one line a finding:
    /// file:line:column: severity[rule]: message).
    #[arg(long, value_enum, default_value_t = OutputFormatArg::Full, value_name = "FORM")]
    pub output_format: OutputFormatArg,

    #[command(flatten)]
    pub workbook: WorkbookArgs,

    #[command(flatten)]
    pub writing: WritingArgs,

    #[command(flatten)]
    pub words: WordsArgs,

    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    Full,
    Short,
}

impl OutputFormatArg {
    pub fn form(self) -> orgtables::write::terminal::Form {
        match self {
            OutputFormatArg::Full => orgtables::write::terminal::Form::Full,
            OutputFormatArg::Short => orgtables::write::terminal::Form::Short,
        }
    }
}

/// Which findings the reviewers have accepted.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The reviewers' accepted findings (TOML: `[[accepted]]` entries with
    /// the finding's id, expected and found values, reason, by and date; see
    /// the README), for every document. By default each document's own
    /// folder's orgtables.toml, when there is one. An accepted finding is
    /// shown as accepted and fails no check; an entry whose finding changed
    /// or is gone is reported as stale.
    #[arg(long, value_name = "FILE")]
    pub accepted: Option<PathBuf>,
}

impl ReviewArgs {
    pub fn lookup(&self) -> orgtables::accepted::Lookup<'_> {
        match &self.accepted {
            Some(path) => orgtables::accepted::Lookup::File(path),
            None => orgtables::accepted::Lookup::Beside,
        }
    }
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
    /// and for standard input or other extensions from the content (a zip
    /// archive holding word/document.xml is a Word file, one holding
    /// content.xml an OpenDocument text; a document that opens with a tag
    /// and holds <table> or <html> is HTML).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// The Markdown the pipe tables are written in: `gfm` (GitHub's),
    /// `pandoc` (pandoc's Markdown), or `auto`: pandoc's where the document
    /// shows pandoc's own tables or syntax, else GFM's.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub dialect: DialectArg,

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

    #[command(flatten)]
    pub workbook: WorkbookArgs,

    #[command(flatten)]
    pub writing: WritingArgs,

    #[command(flatten)]
    pub words: WordsArgs,

    #[command(flatten)]
    pub review: ReviewArgs,
}

/// Whether a document's outputs include its workbook (`extract`, `check`).
#[derive(Debug, Args)]
pub struct WorkbookArgs {
    /// Also write <document-stem>.xlsx: a workbook that keeps the data's
    /// types (numbers, codes with their zeros, booleans), every table laid
    /// out as the document writes it with the findings' cells highlighted,
    /// and a findings sheet linking to them. It costs several times what the
    /// rest of a document's outputs cost, so it is written when asked.
    #[arg(long)]
    pub xlsx: bool,
}

/// How files are written, for every command that writes them.
#[derive(Debug, Args)]
pub struct WritingArgs {
    /// How to write CSV: `excel` (UTF-8 with BOM, comma, CRLF: opens with
    /// accents intact in Excel and LibreOffice), `excel-it` (the same with `;`,
    /// for Excel on Italian-locale machines), `plain` (UTF-8, comma, LF).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Excel, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,

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
}

impl WritingArgs {
    fn options(&self, out_dir: PathBuf, inputs: orgtables::config::Protected) -> Options {
        Options {
            out_dir,
            csv: self.csv_dialect.dialect(),
            formula_guard: !self.no_formula_guard,
            inputs,
            sync: !self.no_sync,
            xlsx: false,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
    /// A Word file (Office Open XML).
    Docx,
    /// An OpenDocument text file (LibreOffice).
    Odt,
}

/// The Markdown a document's pipe tables are written in.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DialectArg {
    /// pandoc's where the document shows pandoc's own tables or syntax
    /// (a grid, multiline or simple table, `:::`, `{=html}`), else GFM's.
    Auto,
    /// GitHub's (cmark-gfm's reading).
    Gfm,
    /// pandoc's Markdown: a pipe inside a code span stays in its cell,
    /// org-mode separators (`|---+---|`), a caption right under a table.
    Pandoc,
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
        FormatArg::Docx => Format::Docx,
        FormatArg::Odt => Format::Odt,
    })
}

/// How to read the inputs, from `--format` and `--dialect`.
fn read_as(format_arg: Option<FormatArg>, dialect: DialectArg) -> ReadAs {
    ReadAs {
        format: format(format_arg),
        dialect: match dialect {
            DialectArg::Auto => Dialect::Auto,
            DialectArg::Gfm => Dialect::Gfm,
            DialectArg::Pandoc => Dialect::Pandoc,
        },
    }
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
        let inputs = orgtables::config::Protected::new(&input_files(&self.inputs()));
        Options {
            xlsx: self.workbook.xlsx,
            ..self.writing.options(self.output.clone(), inputs)
        }
    }

    pub fn read_as(&self) -> ReadAs {
        read_as(self.format, self.dialect)
    }

    pub fn inputs(&self) -> Vec<PathBuf> {
        inputs(&self.inputs)
    }
}

impl CheckArgs {
    pub fn options(&self) -> Option<Options> {
        let inputs = || orgtables::config::Protected::new(&input_files(&self.inputs()));
        self.output.as_ref().map(|out_dir| Options {
            xlsx: self.workbook.xlsx,
            ..self.writing.options(out_dir.clone(), inputs())
        })
    }

    pub fn read_as(&self) -> ReadAs {
        read_as(self.format, self.dialect)
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
        self.color.choice()
    }
}

impl ColorArg {
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        }
    }
}

impl DiffArgs {
    /// The options to write with, the files of both sides protected.
    pub fn options(&self, protected: &[PathBuf]) -> Options {
        let inputs = orgtables::config::Protected::new(protected);
        self.writing
            .options(self.output.clone().unwrap_or_default(), inputs)
    }

    pub fn read_as(&self) -> ReadAs {
        read_as(self.format, self.dialect)
    }
}

impl RecordsArgs {
    pub fn read_as(&self) -> ReadAs {
        read_as(self.format, self.dialect)
    }
}
