//! The sinks: every output file of a document, written into a staging folder
//! beside the target and moved into place only when complete, so that a
//! failure leaves the previous output untouched.

mod csv;
pub mod findings;
mod json;
mod records;
pub mod report_html;
pub mod report_md;
mod slug;

pub use self::csv::{CsvSink, CsvStyle};
pub use self::slug::slug;

use std::path::{Path, PathBuf};

use crate::Extraction;
use crate::config::Options;
use crate::error::{Error, Result};
use crate::grid::Grid;
use crate::source::Document;

/// Writes `output/<stem>/`: `tables/NN-<slug>.csv`, `tables.json`, the record
/// CSVs and `records.json`, the findings and the reports; returns the
/// document's output folder.
pub fn write_outputs(doc: &Document, extraction: &Extraction, opts: &Options) -> Result<PathBuf> {
    let staging = Staging::new(&opts.out_dir, &doc.stem)?;
    let style = CsvStyle {
        dialect: opts.csv,
        formula_guard: opts.formula_guard,
    };
    let dir = staging.path();
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).map_err(|e| Error::write(&tables, e))?;
    // The files are independent: written side by side on the cores rayon
    // has (a batch of documents shares them through work stealing). The
    // first error in output order is reported.
    let writers: [&(dyn Fn() -> Result<()> + Sync); 6] = [
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
        &|| records::write_records(dir, &extraction.records, style),
        &|| findings::write_findings(dir, &extraction.reconciliation, style),
        &|| report_md::write_report(&dir.join("report.md"), &doc.name, extraction),
        &|| report_html::write_report(&dir.join("report.html"), &doc.name, extraction),
    ];
    let results: Vec<Result<()>> = {
        use rayon::prelude::*;
        writers.par_iter().map(|write| write()).collect()
    };
    results.into_iter().collect::<Result<()>>()?;
    staging.commit()
}

/// `tables/NN-<slug>.csv`: the flattened header paths, then the body rows
/// with merged cells filled.
fn write_table_csv(dir: &Path, grid: &Grid, style: CsvStyle) -> Result<()> {
    let mut sink = CsvSink::create(&dir.join(table_file_name(grid)), style)?;
    let header: Vec<String> = grid
        .columns
        .iter()
        .enumerate()
        .map(|(c, path)| {
            if path.is_empty() {
                format!("Column {}", c + 1)
            } else {
                path.to_string()
            }
        })
        .collect();
    sink.row(&header)?;
    for (r, _) in grid.body() {
        let row: Vec<&str> = (0..grid.width).map(|c| grid.text(r, c)).collect();
        sink.row(&row)?;
    }
    sink.finish()
}

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
            out: std::io::BufWriter::new(file),
            error: None,
        })
    }

    pub fn finish(mut self) -> Result<()> {
        use std::io::Write;
        if let Some(e) = self.error.take() {
            return Err(Error::write(&self.path, e));
        }
        self.out.flush().map_err(|e| Error::write(&self.path, e))
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

/// A temporary folder inside the output folder that becomes
/// `<out_dir>/<stem>` on `commit`.
struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    fn new(out_dir: &Path, stem: &str) -> Result<Staging> {
        std::fs::create_dir_all(out_dir).map_err(|e| Error::write(out_dir, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".orgtables-")
            .tempdir_in(out_dir)
            .map_err(|e| Error::write(out_dir, e))?;
        Ok(Staging {
            dir,
            target: out_dir.join(slug(stem)),
        })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Swaps the finished folder in for the old one.
    fn commit(self) -> Result<PathBuf> {
        let Staging { dir, target } = self;
        let old = target.with_file_name(format!(
            ".orgtables-old-{}-{}",
            std::process::id(),
            target
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let had_old = target.exists();
        if had_old {
            std::fs::rename(&target, &old).map_err(|e| Error::write(&target, e))?;
        }
        let staged = dir.keep();
        if let Err(e) = std::fs::rename(&staged, &target) {
            // Put the previous output back; the staged files go.
            if had_old {
                let _ = std::fs::rename(&old, &target);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::write(&target, e));
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))?;
        }
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::Staging;

    #[test]
    fn a_staging_folder_dropped_before_commit_leaves_the_old_output() {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("doc");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.csv"), "old").unwrap();
        {
            let staging = Staging::new(out.path(), "doc").unwrap();
            std::fs::write(staging.path().join("half.csv"), "half").unwrap();
            // A write failing here returns early: the staging folder is dropped.
        }
        let names: Vec<_> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["doc"]);
        assert_eq!(
            std::fs::read_to_string(target.join("old.csv")).unwrap(),
            "old"
        );

        let staging = Staging::new(out.path(), "doc").unwrap();
        std::fs::write(staging.path().join("new.csv"), "new").unwrap();
        assert_eq!(staging.commit().unwrap(), target);
        let names: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["new.csv"]);
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
    }
}
