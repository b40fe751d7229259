//! orgtables: the tables of organisational documents, extracted, normalised and
//! written for spreadsheets, programs and reviewers.
//!
//! The pipeline, one module per stage, one noun handed between stages:
//!
//! ```text
//! source ──► extract ──► grid ──► interpret ──► reconcile ──► write
//! Document   RawTable    Grid     Records       Reconciliation  files
//! ```
//!
//! [`process`] runs the stages on one document; [`write::write_outputs`]
//! writes what they made (CSV, JSON and the reports). `main.rs` only parses the command line and maps the
//! outcome to an exit status.

pub mod accepted;
pub mod compare;
pub mod config;
pub mod error;
pub mod extract;
pub mod fold;
pub mod gazetteer;
pub mod grid;
pub mod interpret;
pub mod lexicon;
pub mod office;
pub mod reconcile;
pub mod source;
pub mod vocabulary;
pub mod write;

use error::{Diagnostic, Result};
use grid::Grid;
use source::Document;

/// Everything the pipeline learns from one document.
#[derive(Debug)]
pub struct Extraction {
    pub grids: Vec<Grid>,
    /// The document's headings, paragraphs and lists outside tables.
    pub blocks: Vec<extract::Block>,
    /// The facts read from the recognised tables.
    pub records: interpret::Records,
    /// Where the document disagrees with itself, and what was checked.
    pub reconciliation: reconcile::Reconciliation,
    /// Decoding and table-model problems; an `Error`-level one makes the run
    /// fail once everything else is written.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the stages on a decoded document with the built-in vocabulary and
/// gazetteer.
pub fn process(doc: &Document) -> Result<Extraction> {
    process_with(doc, lexicon::Lexicon::builtin())
}

/// Runs the stages from a decoded document to its findings, reading its
/// words with `lex`.
pub fn process_with(doc: &Document, lex: &lexicon::Lexicon) -> Result<Extraction> {
    let mut diagnostics = doc.warnings.clone();
    let mut extracted = extract::extract(doc)?;
    for note in &extracted.notes {
        diagnostics.push(Diagnostic {
            level: note.level,
            ..Diagnostic::warning(&doc.name, note.line, note.message.clone())
        });
    }
    let budget = grid::Budget::for_document(doc.text.len());
    let built = grid::build_all(std::mem::take(&mut extracted.tables), budget);
    let mut grids = Vec::new();
    for (index, line, grid) in built.tables {
        match grid {
            Ok(grid) => {
                diagnostics.extend(grid_diagnostics(doc, &grid, budget));
                grids.push(grid)
            }
            Err(refused) => diagnostics.push(refusal(doc, index, line, refused)),
        }
    }
    renumber_blocks(&mut extracted.blocks, &built.renumbered, &grids);
    grid::join_continued(&mut grids, &lex.vocabulary);
    let mut records = interpret::interpret(&grids, &extracted.blocks, lex);
    records.unit = doc.unit();
    let reconciliation = reconcile::reconcile(&records, &grids, lex);
    // Every message above is about this document: its numbers count its unit.
    for d in &mut diagnostics {
        d.unit = doc.unit();
    }
    Ok(Extraction {
        grids,
        blocks: extracted.blocks,
        records,
        reconciliation,
        diagnostics,
    })
}

/// What building a grid had to say: its notes, and a fill past the budget.
fn grid_diagnostics(doc: &Document, grid: &Grid, budget: grid::Budget) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = grid
        .notes
        .iter()
        .map(|(line, message)| Diagnostic::warning(&doc.name, Some(*line), message.clone()))
        .collect();
    if grid.fill_limited {
        out.push(Diagnostic::error(
            &doc.name,
            Some(grid.line),
            format!(
                "table {}: its merged cells would take the text they repeat past the document's budget of {} MB; in its CSV they are left blank (each cell's own slot keeps its text)",
                grid.index,
                budget.fill_bytes / (1024 * 1024)
            ),
        ));
    }
    out
}

/// Why table `index` was left out.
fn refusal(doc: &Document, index: usize, line: u32, refused: grid::Refused) -> Diagnostic {
    let message = match refused {
        grid::Refused::TooLarge { slots } => format!(
            "table {index} would need at least {slots} slots, more than the limit of {}; it is left out",
            grid::MAX_GRID_SLOTS
        ),
        grid::Refused::OverBudget { slots, budget } => format!(
            "table {index} would need up to {slots} slots, past the document's budget of {budget} for all its tables; it is left out"
        ),
    };
    Diagnostic::error(&doc.name, Some(line), message)
}

/// The document's table blocks numbered as the grids are, a table split in
/// several standing for each of its parts.
fn renumber_blocks(
    blocks: &mut Vec<extract::Block>,
    renumbered: &[(usize, usize, usize)],
    grids: &[Grid],
) {
    if renumbered
        .iter()
        .all(|&(old, new, parts)| old == new && parts == 1)
    {
        return;
    }
    let map: foldhash::HashMap<usize, (usize, usize)> = renumbered
        .iter()
        .map(|&(old, new, parts)| (old, (new, parts)))
        .collect();
    let line_of: foldhash::HashMap<usize, u32> = grids.iter().map(|g| (g.index, g.line)).collect();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        let extract::Block::Table { index, line } = block else {
            out.push(block);
            continue;
        };
        let (new, parts) = map.get(&index).copied().unwrap_or((index, 1));
        out.push(extract::Block::Table { index: new, line });
        for k in 1..parts {
            let index = new + k;
            let line = line_of.get(&index).copied().unwrap_or(line);
            out.push(extract::Block::Table { index, line });
        }
    }
    *blocks = out;
}
