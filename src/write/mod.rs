//! The sinks: every output file of a document, written into a staging folder
//! beside the target and moved into place only when complete (see `folder`),
//! so that a failure leaves the previous output untouched.

mod csv;
pub mod diff;
pub mod excerpt;
pub mod findings;
pub mod folder;
mod json;
pub mod package;
mod records;
pub mod report_html;
pub mod report_md;
pub mod sarif;
pub mod sheets;
mod slug;
pub mod terminal;
pub mod xlsx;

pub use self::csv::{CsvSink, CsvStyle};
pub use self::json::to_writer as json_to_writer;
pub use self::records::write_sheet;
pub use self::slug::slug;

use std::path::{Path, PathBuf};

use crate::Extraction;
use crate::config::{CsvDialect, Options};
use crate::error::{Error, Result};
use crate::grid::Grid;
use crate::source::Document;

/// Where a document's output went, and what the writer has to say about it
/// (it waited for another run; the previous output could not be removed).
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub notes: Vec<String>,
}

/// Writes `output/<stem>/`: `tables/NN-<slug>.csv`, `tables.json`, the record
/// CSVs and `records.json`, the findings and the reports; returns the
/// document's output folder. Refuses, before writing anything, a target it
/// did not write (see `folder::check_target`).
pub fn write_outputs(doc: &Document, extraction: &Extraction, opts: &Options) -> Result<Written> {
    let staged = stage_outputs(doc, extraction, opts)?;
    commit_all(vec![staged], opts).pop().unwrap_or_else(|| {
        Err(Error::write(
            &opts.out_dir,
            std::io::ErrorKind::Other.into(),
        ))
    })
}

/// A document's files, written into a staging folder, waiting to take its
/// output folder's place.
pub struct Staged {
    staging: folder::Staging,
}

/// Puts staged outputs in place, in order: the files of them all flushed
/// to disk first in one call (unless `opts.sync` is off), then each folder
/// swapped in.
pub fn commit_all(staged: Vec<Staged>, opts: &Options) -> Vec<Result<Written>> {
    let flushed = if opts.sync && !staged.is_empty() {
        folder::flush(&opts.out_dir)
    } else {
        Ok(())
    };
    // Each swap waits on its own folder's lock and file system calls: they
    // run side by side, in input order.
    use rayon::prelude::*;
    let results: Vec<Result<Written>> = staged
        .into_par_iter()
        .map(|s| {
            flushed
                .as_ref()
                .map_err(|e| Error::write(&opts.out_dir, std::io::Error::other(e.to_string())))?;
            let mut notes = Vec::new();
            let dir = s.staging.commit(&opts.inputs, &mut notes)?;
            Ok(Written { dir, notes })
        })
        .collect();
    if opts.sync {
        // The renames themselves, on disk.
        let _ = std::fs::File::open(&opts.out_dir).and_then(|d| d.sync_all());
    }
    results
}

/// Writes the document's files into a staging folder (see [`commit_all`]).
pub fn stage_outputs(doc: &Document, extraction: &Extraction, opts: &Options) -> Result<Staged> {
    let target = opts.out_dir.join(slug(&doc.stem));
    folder::check_target(&target, &opts.inputs)?;
    folder::set_writeback(opts.sync);
    remove_stale_once(&opts.out_dir);
    let staging = folder::Staging::new(&opts.out_dir, target)?;
    let style = CsvStyle {
        dialect: opts.csv,
        formula_guard: opts.formula_guard,
    };
    let dir = staging.path();
    let sheets = sheets::record_sheets(&extraction.records);
    let index = sheets::tables_sheet(extraction);
    let described: Vec<&sheets::Sheet> = sheets.iter().chain([&index]).collect();
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).map_err(|e| Error::write(&tables, e))?;
    // The files are independent: written side by side on the cores rayon
    // has (a batch of documents shares them through work stealing). The
    // first error in output order is reported.
    let workbook = dir.join(format!("{}.xlsx", slug(&doc.stem)));
    let writers: [&(dyn Fn() -> Result<()> + Sync); 10] = [
        // One after another: files created in one folder from two threads
        // wait on the folder's lock, and the kernel spins on it, which costs
        // more than the other writers gain from the second core.
        &|| {
            extraction
                .grids
                .iter()
                .try_for_each(|grid| write_table_csv(&tables, grid, style))
        },
        &|| json::write_tables(&dir.join("tables.json"), doc, extraction),
        &|| records::write_records(dir, &extraction.records, &sheets, style),
        &|| findings::write_findings(dir, &extraction.reconciliation, style),
        &|| report_md::write_report(&dir.join("report.md"), &doc.name, extraction),
        &|| report_html::write_report(&dir.join("report.html"), &doc.name, extraction),
        &|| sarif::write_sarif(&dir.join("findings.sarif"), &doc.name, extraction),
        &|| match opts.xlsx {
            true => xlsx::write_workbook(&workbook, &doc.name, extraction, &sheets),
            false => Ok(()),
        },
        &|| records::write_sheet(dir, &index, style),
        &|| {
            package::write_package(
                dir,
                &slug(&doc.stem),
                &doc.name,
                extraction,
                &described,
                style,
            )
        },
    ];
    let results: Vec<Result<()>> = {
        use rayon::prelude::*;
        writers.par_iter().map(|write| write()).collect()
    };
    results.into_iter().collect::<Result<()>>()?;
    Ok(Staged { staging })
}

/// Removes what interrupted runs left in `out_dir`, once per output folder
/// and process (a batch of a thousand documents lists it once).
fn remove_stale_once(out_dir: &Path) {
    use std::sync::Mutex;
    static DONE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if !done.iter().any(|d| d == out_dir) {
        done.push(out_dir.to_path_buf());
        folder::remove_stale(out_dir);
    }
}

/// `tables/NN-<slug>.csv`: the flattened header paths, then the body rows
/// with merged cells filled.
fn write_table_csv(dir: &Path, grid: &Grid, style: CsvStyle) -> Result<()> {
    let mut sink = CsvSink::create(&dir.join(table_file_name(grid)), style)?;
    sink.row(table_columns(grid))?;
    // `1.000` is a thousand where the document is read, and one in an
    // English-locale spreadsheet: the `excel` dialect writes `1000`.
    let ungroup = style.dialect == CsvDialect::Excel;
    for (r, _) in grid.body() {
        let row = (0..grid.width).map(|c| {
            let text = grid.csv_text(r, c);
            match ungroup
                .then(|| crate::interpret::values::ungrouped(text))
                .flatten()
            {
                Some(plain) => std::borrow::Cow::Owned(plain),
                None => std::borrow::Cow::Borrowed(text),
            }
        });
        sink.row(row)?;
    }
    sink.finish()
}

/// The names of a table CSV's columns: the flattened header paths,
/// `Column N` where a column has none, and ` (2)` after a name an earlier
/// column has (a data package's fields, pandas and spreadsheets' filters
/// need them unique).
pub fn table_columns(grid: &Grid) -> Vec<String> {
    let mut seen: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    grid.columns
        .iter()
        .enumerate()
        .map(|(c, path)| {
            let name = if path.is_empty() {
                format!("Column {}", c + 1)
            } else {
                path.to_string()
            };
            let n = seen.entry(name.to_lowercase()).or_default();
            *n += 1;
            if *n == 1 {
                name
            } else {
                format!("{name} ({n})")
            }
        })
        .collect()
}

/// The buffer of each output file: most outputs of a document are tens of
/// kilobytes, written in a few calls instead of one per 8 KB (a batch of a
/// thousand documents makes tens of thousands of files).
pub const FILE_BUFFER: usize = 64 * 1024;

/// Lets the report renderers (written against `fmt::Write`, so that they can
/// also render into a `String`) stream into a file, keeping the first I/O
/// error for the caller.
pub struct FileText {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    error: Option<std::io::Error>,
}

impl FileText {
    pub fn create(path: &Path) -> Result<FileText> {
        let file = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
        Ok(FileText {
            path: path.to_path_buf(),
            out: std::io::BufWriter::with_capacity(FILE_BUFFER, file),
            error: None,
        })
    }

    pub fn finish(mut self) -> Result<()> {
        use std::io::Write;
        if let Some(e) = self.error.take() {
            return Err(Error::write(&self.path, e));
        }
        self.out.flush().map_err(|e| Error::write(&self.path, e))?;
        folder::start_writeback(self.out.get_ref());
        Ok(())
    }
}

impl std::fmt::Write for FileText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        use std::io::Write;
        if self.error.is_some() {
            return Err(std::fmt::Error);
        }
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// `NN-<slug>.csv`: the table's position, then its caption made safe as a
/// file name.
pub fn table_file_name(grid: &Grid) -> String {
    let caption = grid.caption.as_ref().map_or("table", |c| c.text.as_str());
    format!("{:02}-{}.csv", grid.index, slug(caption))
}

#[cfg(test)]
mod tests {
    use super::folder::{MARKER, Staging, check_target, remove_stale};
    use crate::config::Protected;

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staging_folder_dropped_before_commit_leaves_the_old_output() {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("doc");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("tables.json"), "old").unwrap();
        {
            let staging = Staging::new(out.path(), target.clone()).unwrap();
            std::fs::write(staging.path().join("report.md"), "half").unwrap();
            // A write failing here returns early: the staging folder is dropped.
        }
        assert_eq!(names(out.path()), vec!["doc"]);
        assert_eq!(
            std::fs::read_to_string(target.join("tables.json")).unwrap(),
            "old"
        );

        let staging = Staging::new(out.path(), target.clone()).unwrap();
        std::fs::write(staging.path().join("tables.json"), "new").unwrap();
        let mut notes = Vec::new();
        assert_eq!(
            staging.commit(&Protected::default(), &mut notes).unwrap(),
            target
        );
        assert_eq!(names(&target), vec![MARKER, "tables.json"]);
        assert_eq!(
            std::fs::read_to_string(target.join("tables.json")).unwrap(),
            "new"
        );
        assert_eq!(names(out.path()), vec![".orgtables-lock-doc", "doc"]);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn only_a_folder_the_tool_wrote_is_replaced() {
        let out = tempfile::tempdir().unwrap();
        let t = |name: &str| out.path().join(name);
        let none = Protected::default();
        assert!(check_target(&t("new"), &none).is_ok(), "nothing there");
        std::fs::create_dir_all(t("old/tables")).unwrap();
        std::fs::write(t("old/tables/01-a.csv"), "").unwrap();
        std::fs::write(t("old/report.md"), "").unwrap();
        assert!(
            check_target(&t("old"), &none).is_err(),
            "a report.md alone may be anyone's"
        );
        std::fs::write(t("old/tables.json"), "{}").unwrap();
        assert!(
            check_target(&t("old"), &none).is_ok(),
            "an output of an earlier version"
        );
        std::fs::create_dir(t("docs")).unwrap();
        std::fs::write(t("docs/thesis.txt"), "x").unwrap();
        let e = check_target(&t("docs"), &none).unwrap_err().to_string();
        assert!(
            e.contains("was not written by orgtables") && e.contains("thesis.txt"),
            "{e}"
        );
        std::fs::write(t("docs/.orgtables"), "").unwrap();
        assert!(check_target(&t("docs"), &none).is_ok(), "marked");
        std::fs::write(t("file"), "x").unwrap();
        assert!(
            check_target(&t("file"), &none)
                .unwrap_err()
                .to_string()
                .contains("is a file")
        );
        assert!(
            check_target(&t("file"), &Protected::new(&[t("file")]))
                .unwrap_err()
                .to_string()
                .contains("would replace the input")
        );
        std::fs::create_dir(t("held")).unwrap();
        std::fs::write(t("held/.orgtables"), "").unwrap();
        std::fs::write(t("held/in.md"), "").unwrap();
        assert!(
            check_target(&t("held"), &Protected::new(&[t("held/in.md")])).is_err(),
            "an input inside it"
        );
    }

    #[test]
    fn what_a_dead_run_left_is_removed_and_nothing_else() {
        let out = tempfile::tempdir().unwrap();
        let make = |name: &str, marked: bool| {
            let dir = out.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            if marked {
                std::fs::write(dir.join(MARKER), "").unwrap();
            }
        };
        // A process id that is not running: the largest one Linux gives.
        make(".orgtables-staging-4194304-a1", true);
        make(".orgtables-old-4194304-b2", true);
        make(".orgtables-staging-4194304-c3", false);
        std::fs::write(out.path().join(".orgtables-staging-4194304-c3/x"), "").unwrap();
        make(".orgtables-staging-4194304-e5", false);
        make(
            &format!(".orgtables-staging-{}-d4", std::process::id()),
            true,
        );
        make("doc", true);
        assert_eq!(remove_stale(out.path()), 3, "marked, or empty");
        let mut kept = vec![
            ".orgtables-staging-4194304-c3".to_string(),
            format!(".orgtables-staging-{}-d4", std::process::id()),
            "doc".to_string(),
        ];
        kept.sort();
        assert_eq!(names(out.path()), kept);
    }
}
