//! The `orgtables` binary: parse the command line, run the library on each
//! document, print, and decide the exit status in one place.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;

use cli::{CheckArgs, Cli, Command, Dump, ExtractArgs};
use orgtables::error::{Error, Level, Result};
use orgtables::reconcile::{Finding, Severity};
use orgtables::source::{self, Document, Format};
use orgtables::{Extraction, write};

/// How a run ended; `exit_code` is the only place that turns it into a status.
#[derive(Debug, Default)]
struct Outcome {
    /// Documents that could not be read, or had an error-level diagnostic.
    failed_inputs: usize,
    /// The most severe finding in any document.
    worst: Option<Severity>,
    /// The severity from which findings fail the run (`check` only).
    fail_on: Option<Severity>,
}

fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.failed_inputs > 0 {
        ExitCode::from(2)
    } else if outcome
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
    };
    exit_code(&outcome)
}

fn report(error: &Error) {
    eprintln!("orgtables: {error}");
}

/// Reads and processes every input, calling `each` on the documents that
/// could be read; reports the ones that could not and goes on.
fn for_each_document(
    paths: &[std::path::PathBuf],
    format: Option<Format>,
    outcome: &mut Outcome,
    mut each: impl FnMut(&Document, &Extraction) -> Result<()>,
) {
    let inputs = match source::discover(paths) {
        Ok(inputs) => inputs,
        Err(e) => {
            report(&e);
            outcome.failed_inputs += 1;
            return;
        }
    };
    for input in &inputs {
        let result = source::read(input, format).and_then(|doc| {
            let extraction = orgtables::process(&doc)?;
            for d in &extraction.diagnostics {
                eprintln!("orgtables: {d}");
                if d.level == Level::Error {
                    outcome.failed_inputs += 1;
                }
            }
            let worst = extraction
                .reconciliation
                .findings
                .iter()
                .map(|f| f.severity)
                .max();
            outcome.worst = outcome.worst.max(worst);
            each(&doc, &extraction)
        });
        if let Err(e) = result {
            report(&e);
            outcome.failed_inputs += 1;
        }
    }
}

fn extract(args: &ExtractArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let options = args.options();
    let mut dumps = Vec::new();
    if args.dump == Some(Dump::Raw) {
        // The readers' output alone: no later stage runs.
        let inputs = source::discover(&args.inputs());
        for input in inputs.iter().flatten() {
            match source::read(input, args.format())
                .and_then(|doc| orgtables::extract::extract(&doc))
            {
                Ok(raw) => dumps.push(serde_json::to_value(raw).unwrap_or_default()),
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
    for_each_document(
        &args.inputs(),
        args.format(),
        &mut outcome,
        |doc, extraction| {
            let value = match args.dump {
                Some(Dump::Grid) => Some(serde_json::to_value(&extraction.grids)),
                Some(Dump::Records) => Some(serde_json::to_value(&extraction.records)),
                Some(Dump::Findings) => Some(serde_json::to_value(&extraction.reconciliation)),
                _ => None,
            };
            if let Some(value) = value {
                dumps.push(value.unwrap_or_default());
                return Ok(());
            }
            let dir = write::write_outputs(doc, extraction, &options)?;
            if !args.quiet {
                eprintln!(
                    "orgtables: {}: {} tables, {} -> {}",
                    doc.name,
                    extraction.grids.len(),
                    write::report_md::summary_line(&extraction.reconciliation),
                    dir.display()
                );
            }
            Ok(())
        },
    );
    if args.dump.is_some() {
        print_dumps(dumps);
    }
    outcome
}

fn print_dumps(mut dumps: Vec<serde_json::Value>) {
    let value = if dumps.len() == 1 {
        dumps.remove(0)
    } else {
        serde_json::Value::Array(dumps)
    };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, &value);
    let _ = writeln!(out);
}

fn check(args: &CheckArgs) -> Outcome {
    let mut outcome = Outcome {
        fail_on: Some(args.fail_on()),
        ..Outcome::default()
    };
    let options = args.options();
    let mut out = anstream::AutoStream::new(std::io::stdout(), args.color());
    for_each_document(
        &args.inputs(),
        args.format(),
        &mut outcome,
        |doc, extraction| {
            for finding in &extraction.reconciliation.findings {
                let _ = print_finding(&mut out, &doc.name, finding);
            }
            let bold = Style::new().bold();
            let _ = writeln!(
                out,
                "{bold}{}: {}{bold:#}",
                doc.name,
                write::report_md::summary_line(&extraction.reconciliation)
            );
            if let Some(options) = &options {
                write::write_outputs(doc, extraction, options)?;
            }
            Ok(())
        },
    );
    let _ = out.flush();
    outcome
}

fn print_finding(out: &mut impl Write, document: &str, f: &Finding) -> std::io::Result<()> {
    let colour = match f.severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    let style = Style::new().fg_color(Some(colour.into())).bold();
    let line = f
        .locations
        .first()
        .map_or(String::new(), |l| format!(":{}", l.line));
    writeln!(
        out,
        "{document}{line}: {style}{}[{}]{style:#} {}",
        f.severity.as_str(),
        f.rule.as_str(),
        f.message
    )?;
    if f.expected.is_some() || f.found.is_some() {
        writeln!(
            out,
            "    expected {}, found {}",
            f.expected.as_deref().unwrap_or("-"),
            f.found.as_deref().unwrap_or("-")
        )?;
    }
    let places: Vec<String> = f
        .locations
        .iter()
        .map(|l| {
            format!(
                "{document}:{} ({})",
                l.line,
                write::findings::location_text(l)
            )
        })
        .collect();
    writeln!(out, "    at {}", places.join(", "))?;
    for note in &f.notes {
        writeln!(out, "    note: {note}")?;
    }
    Ok(())
}
