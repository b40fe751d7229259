//! The `orgtables` binary: parse the command line, run the library on each
//! document, print, and decide the exit status in one place.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use anstyle::{AnsiColor, Style};
use clap::Parser;

use cli::{CheckArgs, Cli, Command, DiffArgs, Dump, ExtractArgs, FailOnArg, RecordsArgs};
use orgtables::error::{Error, Level, Result};
use orgtables::reconcile::Severity;
use orgtables::source::{self, Document};
use orgtables::{Extraction, write};

// The pipeline makes and frees millions of small strings from two threads;
// glibc's allocator spent a seventh of the time in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How a run ended; `exit_code` is the only place that turns it into a status.
#[derive(Debug, Default)]
struct Outcome {
    /// Documents that could not be read, or had an error-level diagnostic.
    failed_inputs: usize,
    /// The most severe finding in any document.
    worst: Option<Severity>,
    /// The severity from which findings fail the run (`check` only).
    fail_on: Option<Severity>,
    /// `diff`: the condition of its --fail-on is met.
    diff_failed: bool,
}

fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.failed_inputs > 0 {
        ExitCode::from(2)
    } else if outcome.diff_failed
        || outcome
            .fail_on
            .is_some_and(|limit| outcome.worst.is_some_and(|w| w >= limit))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Extract(args) => extract(args),
        Command::Check(args) => check(args),
        Command::Diff(args) => diff(args),
        Command::Records(args) => records(args),
    };
    exit_code(&outcome)
}

fn report(error: &Error) {
    say(&format!("orgtables: {error}"));
}

/// Prints a line on standard error. A closed standard error (`2>&1 | head
/// -c1`) stops nothing: the run goes on and ends with the status it would
/// have had.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// What processing one document printed and how it ended, gathered so that
/// documents processed in parallel still report in input order.
#[derive(Default)]
struct DocReport {
    stderr: Vec<String>,
    stdout: String,
    failed: usize,
    worst: Option<Severity>,
    /// The document's files, written, waiting to take its output folder's
    /// place (all documents' are flushed to disk at once, then swapped in).
    staged: Option<write::Staged>,
    /// The line that says where the output went, once it is there.
    done: Option<String>,
}

/// Reads and processes every input (in parallel, on every core), calling
/// `each` on the documents that could be read; reports the ones that could
/// not and goes on. [`finish`] then puts the outputs in place and prints
/// each document's messages in input order.
fn for_each_document(
    paths: &[std::path::PathBuf],
    read_as: source::ReadAs,
    quiet: bool,
    words: &cli::WordsArgs,
    review: orgtables::accepted::Lookup,
    outcome: &mut Outcome,
    each: impl Fn(&Document, &Extraction, &mut DocReport) -> Result<()> + Sync,
) -> Vec<DocReport> {
    let Some(lex) = lexicon(words, outcome) else {
        return Vec::new();
    };
    let inputs = match source::discover(paths) {
        Ok(inputs) => inputs,
        Err(e) => {
            report(&e);
            outcome.failed_inputs += 1;
            return Vec::new();
        }
    };
    let Some((accepted_files, accepted)) = acceptances(&inputs, review, outcome) else {
        return Vec::new();
    };
    let progress = if !quiet && inputs.len() > 1 && std::io::stderr().is_terminal() {
        ProgressBar::new(inputs.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {elapsed} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let folders = source::output_folders(&inputs);
    let one = |((input, folder), accepted): ((&source::Input, &String), &Option<usize>)| {
        let mut doc_report = DocReport::default();
        let result = source::read(input, read_as).and_then(|mut doc| {
            if write::slug(&doc.stem) != *folder {
                doc_report.stderr.push(format!(
                    "orgtables: {}: warning: another input has the same name; its output folder is {folder}",
                    doc.name
                ));
            }
            doc.stem = folder.clone();
            let mut extraction = orgtables::process_with(&doc, &lex)?;
            if let Some(file) = accepted.and_then(|i| accepted_files.get(i)) {
                file.apply(&doc.name, &mut extraction.reconciliation);
            }
            for d in &extraction.diagnostics {
                doc_report.stderr.push(format!("orgtables: {d}"));
                if d.level == Level::Error {
                    doc_report.failed += 1;
                }
            }
            doc_report.worst = extraction.reconciliation.worst();
            each(&doc, &extraction, &mut doc_report)
        });
        if let Err(e) = result {
            doc_report.stderr.push(format!("orgtables: {e}"));
            doc_report.failed += 1;
        }
        progress.inc(1);
        doc_report
    };
    // Standard input can be read once only, and not from several threads.
    let reports: Vec<DocReport> = if inputs.contains(&source::Input::Stdin) {
        inputs
            .iter()
            .zip(&folders)
            .zip(&accepted)
            .map(one)
            .collect()
    } else {
        inputs
            .par_iter()
            .zip(&folders)
            .zip(&accepted)
            .map(one)
            .collect()
    };
    progress.finish_and_clear();
    reports
}

/// The accepted-findings files of the inputs, each read once, and for each
/// input the index of its file; none (an input failed) when a file cannot
/// be read: findings the reviewers accepted must not fail a run as new.
#[allow(clippy::type_complexity)]
fn acceptances(
    inputs: &[source::Input],
    review: orgtables::accepted::Lookup,
    outcome: &mut Outcome,
) -> Option<(Vec<orgtables::accepted::Acceptances>, Vec<Option<usize>>)> {
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let mut index: foldhash::HashMap<std::path::PathBuf, usize> = Default::default();
    let mut of_input = Vec::with_capacity(inputs.len());
    for input in inputs {
        let document = match input {
            source::Input::File(path) => Some(path.as_path()),
            source::Input::Stdin => None,
        };
        of_input.push(review.file_for(document).map(|file| {
            *index.entry(file.clone()).or_insert_with(|| {
                paths.push(file);
                paths.len() - 1
            })
        }));
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        match orgtables::accepted::Acceptances::read(path) {
            Ok(file) => files.push(file),
            Err(e) => {
                report(&e);
                outcome.failed_inputs += 1;
                return None;
            }
        }
    }
    Some((files, of_input))
}

/// Puts the staged outputs in place (flushed to disk in one call, then
/// swapped in, in input order), then prints each document's messages and
/// counts how the run went.
fn finish(
    reports: &mut [DocReport],
    options: Option<&orgtables::config::Options>,
    outcome: &mut Outcome,
) {
    if let Some(options) = options {
        let at: Vec<usize> = (0..reports.len())
            .filter(|&i| reports[i].staged.is_some())
            .collect();
        let staged: Vec<write::Staged> = at
            .iter()
            .filter_map(|&i| reports[i].staged.take())
            .collect();
        for (i, result) in at.into_iter().zip(write::commit_all(staged, options)) {
            let r = &mut reports[i];
            match result {
                Ok(written) => {
                    let name = r.done.take();
                    for note in written.notes {
                        r.stderr.push(format!("orgtables: note: {note}"));
                    }
                    if let Some(line) = name {
                        r.stderr
                            .push(format!("{line} -> {}", source::display_path(&written.dir)));
                    }
                }
                Err(e) => {
                    r.stderr.push(format!("orgtables: {e}"));
                    r.failed += 1;
                }
            }
        }
    }
    for r in reports.iter() {
        for line in &r.stderr {
            say(line);
        }
        outcome.failed_inputs += r.failed;
        outcome.worst = outcome.worst.max(r.worst);
    }
}

fn extract(args: &ExtractArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let options = args.options();
    if args.dump == Some(Dump::Raw) {
        // The readers' output alone: no later stage runs.
        let mut dumps = Vec::new();
        let inputs = source::discover(&args.inputs());
        for input in inputs.iter().flatten() {
            match source::read(input, args.read_as())
                .and_then(|doc| orgtables::extract::extract(&doc))
            {
                Ok(raw) => dumps.push(dump_text(&raw, 3)),
                Err(e) => {
                    report(&e);
                    outcome.failed_inputs += 1;
                }
            }
        }
        if let Err(e) = inputs {
            report(&e);
            outcome.failed_inputs += 1;
        }
        print_dumps(dumps);
        return outcome;
    }
    let mut reports = for_each_document(
        &args.inputs(),
        args.read_as(),
        args.quiet,
        &args.words,
        args.review.lookup(),
        &mut outcome,
        |doc, extraction, doc_report| {
            let value = match args.dump {
                Some(Dump::Grid) => Some(dump_text(&extraction.grids, 3)),
                Some(Dump::Records) => Some(dump_text(&extraction.records, 2)),
                Some(Dump::Findings) => Some(dump_text(&extraction.reconciliation, 2)),
                _ => None,
            };
            if let Some(value) = value {
                doc_report.stdout = value;
                return Ok(());
            }
            for stale in &extraction.reconciliation.stale {
                doc_report.stderr.push(format!(
                    "orgtables: {}:{}: warning: {} ({})",
                    stale.acceptance.file,
                    stale.acceptance.line,
                    stale.message(),
                    doc.name
                ));
            }
            doc_report.staged = Some(write::stage_outputs(doc, extraction, &options)?);
            if !args.quiet {
                doc_report.done = Some(format!(
                    "orgtables: {}: {}",
                    doc.name,
                    write::report_md::summary_line(&extraction.reconciliation),
                ));
            }
            Ok(())
        },
    );
    finish(&mut reports, Some(&options), &mut outcome);
    if args.dump.is_some() {
        print_dumps(
            reports
                .iter_mut()
                .filter(|r| !r.stdout.is_empty())
                .map(|r| std::mem::take(&mut r.stdout))
                .collect(),
        );
    }
    outcome
}

/// A stage's output as the dump prints it: JSON, one row or cell a line
/// below the top levels (the layout of the JSON files), written as it is
/// serialised, never held as a tree (a tree of a 20 MB document's grids
/// took a hundred times its size).
fn dump_text(value: &impl serde::Serialize, depth: usize) -> String {
    let mut out = Vec::new();
    let _ = write::json_to_writer(&mut out, value, depth);
    String::from_utf8(out).unwrap_or_default()
}

/// The dumps of the documents: the one, or an array of them.
fn print_dumps(dumps: Vec<String>) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = match dumps.as_slice() {
        [one] => writeln!(out, "{one}"),
        many => writeln!(out, "[\n{}\n]", many.join(",\n")),
    };
    let _ = out.flush();
}

fn check(args: &CheckArgs) -> Outcome {
    let mut outcome = Outcome {
        fail_on: Some(args.fail_on()),
        ..Outcome::default()
    };
    let options = args.options();
    let width = terminal_width();
    let mut reports = for_each_document(
        &args.inputs(),
        args.read_as(),
        false,
        &args.words,
        args.review.lookup(),
        &mut outcome,
        |doc, extraction, doc_report| {
            let mut text: Vec<u8> = Vec::new();
            let view = write::terminal::View {
                document: doc,
                width,
                styled: true,
                form: args.output_format.form(),
            };
            // The open findings first, then the accepted ones, then the
            // acceptances that no longer hold.
            let r = &extraction.reconciliation;
            for finding in r.open() {
                let _ = text.write_all(view.finding(finding).as_bytes());
            }
            for finding in r.findings.iter().filter(|f| f.accepted.is_some()) {
                let _ = text.write_all(view.accepted(finding).as_bytes());
            }
            for stale in &r.stale {
                let _ = text.write_all(view.stale(stale).as_bytes());
            }
            let bold = Style::new().bold();
            let summary = format!(
                "{}: {}",
                doc.name,
                write::report_md::summary_line(&extraction.reconciliation)
            );
            let summary = match args.output_format {
                cli::OutputFormatArg::Full => view.summary(&summary),
                cli::OutputFormatArg::Short => summary,
            };
            let _ = writeln!(text, "{bold}{summary}{bold:#}");
            doc_report.stdout = String::from_utf8_lossy(&text).into_owned();
            if let Some(options) = &options {
                doc_report.staged = Some(write::stage_outputs(doc, extraction, options)?);
            }
            Ok(())
        },
    );
    finish(&mut reports, options.as_ref(), &mut outcome);
    // The styles are stripped here when standard output is not a terminal.
    let mut out = anstream::AutoStream::new(std::io::stdout(), args.color());
    for r in &reports {
        let _ = out.write_all(r.stdout.as_bytes());
    }
    let _ = out.flush();
    outcome
}

/// The columns `check` fits its findings in: `COLUMNS` when it is set (as
/// shells set it for a terminal), else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(80)
}

/// A side of a comparison as loaded, with what reading it found printed
/// and counted.
fn accept_side(
    loaded: Result<orgtables::compare::Side>,
    outcome: &mut Outcome,
) -> Option<orgtables::compare::Side> {
    match loaded {
        Ok(side) => {
            for d in side.diagnostics() {
                say(&format!("orgtables: {d}"));
                if d.level == Level::Error {
                    outcome.failed_inputs += 1;
                }
            }
            Some(side)
        }
        Err(e) => {
            report(&e);
            outcome.failed_inputs += 1;
            None
        }
    }
}

/// The words to read tables by, or none (an input failed) when the user's
/// vocabulary or gazetteer cannot be read.
fn lexicon(words: &cli::WordsArgs, outcome: &mut Outcome) -> Option<orgtables::lexicon::Lexicon> {
    match words.lexicon() {
        Ok(lex) => Some(lex),
        Err(e) => {
            report(&e);
            outcome.failed_inputs += 1;
            None
        }
    }
}

fn diff(args: &DiffArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(lex) = lexicon(&args.words, &mut outcome) else {
        return outcome;
    };
    let (old, new) = rayon::join(
        || orgtables::compare::Side::load(&args.old, args.read_as(), &lex, args.review.lookup()),
        || orgtables::compare::Side::load(&args.new, args.read_as(), &lex, args.review.lookup()),
    );
    let (old, new) = (
        accept_side(old, &mut outcome),
        accept_side(new, &mut outcome),
    );
    let (Some(old), Some(new)) = (old, new) else {
        return outcome;
    };
    if outcome.failed_inputs > 0 {
        return outcome;
    }
    let diff = orgtables::compare::diff(&old, &new);
    if let Some(target) = &args.output {
        let files: Vec<std::path::PathBuf> = old.files.iter().chain(&new.files).cloned().collect();
        let options = args.options(&files);
        match write::diff::write_diff(target, &diff, &old, &new, &options) {
            Ok(written) => {
                for note in written.notes {
                    say(&format!("orgtables: note: {note}"));
                }
                say(&format!(
                    "orgtables: diff -> {}",
                    source::display_path(&written.dir)
                ));
            }
            Err(e) => {
                report(&e);
                outcome.failed_inputs += 1;
            }
        }
    }
    outcome.diff_failed = match args.fail_on {
        None => false,
        Some(FailOnArg::NewError) => diff.new_findings_at_least("error") > 0,
        Some(FailOnArg::NewWarning) => diff.new_findings_at_least("warning") > 0,
        Some(FailOnArg::AnyChange) => !diff.changes.is_empty(),
    };
    let text = diff.render_text(&|kind, word| {
        use orgtables::compare::ChangeKind as K;
        let colour = match kind {
            K::Added | K::New | K::Converged => AnsiColor::Green,
            K::Removed | K::Resolved => AnsiColor::Red,
            K::CaseOnly | K::PunctuationOnly => AnsiColor::Cyan,
            _ => AnsiColor::Yellow,
        };
        let style = Style::new().fg_color(Some(colour.into())).bold();
        format!("{style}{word}{style:#}")
    });
    let mut out = anstream::AutoStream::new(std::io::stdout(), args.color.choice());
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    outcome
}

fn records(args: &RecordsArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(lex) = lexicon(&args.words, &mut outcome) else {
        return outcome;
    };
    let loaded = orgtables::compare::Side::load(
        &args.input,
        args.read_as(),
        &lex,
        orgtables::accepted::Lookup::Off,
    );
    if let Some(side) = accept_side(loaded, &mut outcome) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(orgtables::compare::facts_text(&side).as_bytes());
        let _ = out.flush();
    }
    outcome
}
