//! The `orgtables` binary: parse the command line, run the library, decide the
//! exit status in one place.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Dump, ExtractArgs};
use orgtables::error::{Error, Level};
use orgtables::source;

/// How a run ended; `exit_code` is the only place that turns it into a status.
#[derive(Debug, Default)]
struct Outcome {
    failed_inputs: usize,
}

fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.failed_inputs > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Extract(args) => extract(args),
    };
    exit_code(&outcome)
}

fn report(error: &Error) {
    eprintln!("orgtables: {error}");
}

fn extract(args: &ExtractArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let inputs = match source::discover(&args.inputs()) {
        Ok(inputs) => inputs,
        Err(e) => {
            report(&e);
            outcome.failed_inputs += 1;
            return outcome;
        }
    };
    let options = args.options();
    let mut dumps = Vec::new();
    for input in &inputs {
        let result = source::read(input, args.format()).and_then(|doc| {
            if args.dump == Some(Dump::Raw) {
                dumps.push(
                    serde_json::to_value(orgtables::extract::extract(&doc)?).unwrap_or_default(),
                );
                return Ok(());
            }
            let extraction = orgtables::process(&doc)?;
            for d in &extraction.diagnostics {
                eprintln!("orgtables: {d}");
                if d.level == Level::Error {
                    outcome.failed_inputs += 1;
                }
            }
            match args.dump {
                Some(Dump::Grid) => {
                    dumps.push(serde_json::to_value(&extraction.grids).unwrap_or_default());
                    return Ok(());
                }
                Some(Dump::Records) => {
                    dumps.push(serde_json::to_value(&extraction.records).unwrap_or_default());
                    return Ok(());
                }
                _ => {}
            }
            let dir = orgtables::write::write_outputs(&doc, &extraction, &options)?;
            if !args.quiet {
                eprintln!(
                    "orgtables: {}: {} tables -> {}",
                    doc.name,
                    extraction.grids.len(),
                    dir.display()
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            report(&e);
            outcome.failed_inputs += 1;
        }
    }
    if args.dump.is_some() {
        let value = if dumps.len() == 1 {
            dumps.remove(0)
        } else {
            serde_json::Value::Array(dumps)
        };
        let mut out = std::io::stdout().lock();
        let _ = serde_json::to_writer_pretty(&mut out, &value);
        let _ = writeln!(out);
    }
    outcome
}
