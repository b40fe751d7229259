//! Helpers shared by the integration tests: running the library on text, and
//! running the real binary in a temporary work folder (xsv's `Workdir` idea).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use orgtables::grid::Grid;
use orgtables::source::{Document, Format};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_markdown() -> String {
    std::fs::read_to_string(repo().join("input/missioni-istituzionali.md")).expect("seed in input/")
}

pub fn seed_html() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/missioni-istituzionali.html"))
        .expect("html fixture")
}

/// The grids of a document given as text.
pub fn grids(text: &str, format: Format) -> Vec<Grid> {
    let doc =
        Document::from_bytes("test", "test", text.as_bytes(), Some(format)).expect("readable");
    orgtables::process(&doc).expect("processed").grids
}

pub fn md(text: &str) -> Vec<Grid> {
    grids(text, Format::Markdown)
}

pub fn html(text: &str) -> Vec<Grid> {
    grids(text, Format::Html)
}

/// The filled view of a grid, row by row.
pub fn filled(grid: &Grid) -> Vec<Vec<String>> {
    (0..grid.rows.len())
        .map(|r| {
            (0..grid.width)
                .map(|c| grid.text(r, c).to_string())
                .collect()
        })
        .collect()
}

pub fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary in `dir` with `args`, feeding `stdin` if given.
pub fn orgtables(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgtables"))
        .args(args)
        .current_dir(dir)
        // `check` fits the terminal's COLUMNS: the tests read it at 80.
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            input.write_all(bytes).expect("stdin written");
        }
    }
    let out = child.wait_with_output().expect("binary ends");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary work folder with files written into it.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::write(&path, bytes).expect("file written");
        path
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    pub fn run(&self, args: &[&str]) -> Output {
        orgtables(self.path(), args, None)
    }
}
