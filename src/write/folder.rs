//! The output folder of a document, `<out_dir>/<stem>`: what the tool may
//! replace (only a folder it wrote, marked as cargo marks its target folders
//! with `CACHEDIR.TAG`), where it writes first (a staging folder beside it),
//! and how the new folder takes the old one's place: flushed to disk, under a
//! lock that concurrent runs wait for, swapped atomically where the system
//! can (Linux `renameat2` with `RENAME_EXCHANGE`). Staging folders that an
//! interrupted run left are removed by a later run once their process is
//! gone. Nothing the tool did not write is ever moved or deleted.

use std::path::{Path, PathBuf};

use crate::config::Protected;
use crate::error::{Error, ErrorKind, Position, Result};

/// The file that marks a folder as written by orgtables.
pub const MARKER: &str = ".orgtables";

const MARKER_TEXT: &str = "Signature: orgtables output folder\n\
# This folder was written by orgtables.\n\
# A later run writing the same document replaces it whole: files added here\n\
# are lost then. Without this file, orgtables refuses to replace the folder.\n";

/// The names an output folder holds: a folder written before the marker
/// existed, holding nothing else, is taken as the tool's own.
const OUTPUT_NAMES: &[&str] = &[
    MARKER,
    "tables",
    "tables.json",
    "records.json",
    "findings.json",
    "findings.csv",
    "positions.csv",
    "members.csv",
    "offices.csv",
    "functions.csv",
    "missions.csv",
    "totals.csv",
    "report.md",
    "report.html",
];

/// Names of the folders a run writes beside the targets.
const STAGING: &str = ".orgtables-staging-";
const OLD: &str = ".orgtables-old-";
const LOCK: &str = ".orgtables-lock-";

fn refuse(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::from(ErrorKind::Invalid {
        pos: Position::file(crate::source::display_path(path)),
        message: format!("{why}"),
    })
}

/// Whether the folder at `path` is the tool's own: it carries the marker, or
/// holds `tables.json` and nothing but what the tool writes (`tables/` only
/// `.csv` files), as folders written before the marker existed do. Returns
/// the first name that is not the tool's.
fn is_ours(path: &Path) -> std::io::Result<Option<String>> {
    if path.join(MARKER).is_file() {
        return Ok(None);
    }
    if !path.join("tables.json").is_file() {
        return Ok(Some(
            std::fs::read_dir(path)?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .min()
                .unwrap_or_else(|| "no tables.json".to_string()),
        ));
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !OUTPUT_NAMES.contains(&name.as_str()) {
            return Ok(Some(name));
        }
        if name == "tables" {
            for table in std::fs::read_dir(entry.path())? {
                let table = table?.file_name().to_string_lossy().into_owned();
                if !table.ends_with(".csv") {
                    return Ok(Some(format!("tables/{table}")));
                }
            }
        }
    }
    Ok(None)
}

/// May the document's output go to `target`? It may when nothing is there,
/// or the tool's own folder is; never onto an input, nor around one.
pub fn check_target(target: &Path, inputs: &Protected) -> Result<()> {
    if let Some(input) = inputs.endangered_by(target) {
        return Err(refuse(
            target,
            format!(
                "the output folder would replace the input {}; choose another --output",
                crate::source::display_path(&input)
            ),
        ));
    }
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::write(target, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            target,
            "is a link, not a folder orgtables wrote: it is left alone; remove it or choose another --output",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            target,
            "is a file, not a folder orgtables wrote: it is left alone; move it or choose another --output",
        ));
    }
    match is_ours(target).map_err(|e| Error::write(target, e))? {
        None => Ok(()),
        Some(other) => Err(refuse(
            target,
            format!(
                "was not written by orgtables (it has no {MARKER} file and holds `{other}`): it is left alone; move it away or choose another --output"
            ),
        )),
    }
}

/// A process id in a staging or old folder's name, and whether that
/// process is gone.
fn owner_gone(name: &str) -> bool {
    let rest = name
        .strip_prefix(STAGING)
        .or_else(|| name.strip_prefix(OLD))
        .unwrap_or_default();
    let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
        return false;
    };
    if pid == std::process::id() as i32 {
        return false;
    }
    process_gone(pid)
}

#[cfg(unix)]
fn process_gone(pid: i32) -> bool {
    // SAFETY: `kill` with signal 0 only asks whether the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    !alive && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_gone(_pid: i32) -> bool {
    false
}

/// Removes the staging and old folders of runs that are gone (killed or
/// interrupted half way): folders named as the tool names them that carry
/// its marker, or are empty. Returns how many were removed.
pub fn remove_stale(out_dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !(name.starts_with(STAGING) || name.starts_with(OLD)) || !owner_gone(&name) {
            continue;
        }
        // A run killed between creating its folder and marking it leaves
        // it empty: an empty folder goes too (removing it loses nothing).
        let gone = if path.join(MARKER).is_file() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_dir(&path)
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// A folder beside the target where the document's files are written; it
/// becomes the target on [`Staging::commit`], and is removed if dropped
/// before (a write failed).
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    target: PathBuf,
    out_dir: PathBuf,
}

impl Staging {
    pub fn new(out_dir: &Path, target: PathBuf) -> Result<Staging> {
        std::fs::create_dir_all(out_dir).map_err(|e| Error::write(out_dir, e))?;
        let dir = tempfile::Builder::new()
            .prefix(&format!("{STAGING}{}-", std::process::id()))
            .tempdir_in(out_dir)
            .map_err(|e| Error::write(out_dir, e))?;
        let marker = dir.path().join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::write(&marker, e))?;
        Ok(Staging {
            dir: Some(dir),
            target,
            out_dir: out_dir.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(&self.target, |d| d.path())
    }

    /// Puts the finished folder in the target's place (flushed to disk
    /// before, by [`flush`]): under the target's lock, the target checked
    /// again, then swapped in one step. `notes` receives what went wrong
    /// after the new folder was in place (the old one not removed).
    pub fn commit(mut self, inputs: &Protected, notes: &mut Vec<String>) -> Result<PathBuf> {
        let Some(dir) = self.dir.take() else {
            return Ok(self.target.clone());
        };
        let name = self
            .target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let lock_path = self.out_dir.join(format!("{LOCK}{name}"));
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::write(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                notes.push(format!(
                    "waited for another orgtables run writing {}",
                    crate::source::display_path(&self.target)
                ));
                lock.lock().map_err(|e| Error::write(&lock_path, e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::write(&lock_path, e)),
        }
        check_target(&self.target, inputs)?;
        let staged = dir.keep();
        let result = swap(&staged, &self.target, &self.out_dir, notes);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        drop(lock);
        result.map(|()| self.target.clone())
    }
}

/// Whether files are handed to the disk as soon as they are written: off
/// for a run that does not flush its outputs (`--no-sync`), where starting
/// their writeback only costs the run (a quarter of its system time in a
/// batch of 500 revisions). Set by [`set_writeback`] for the run.
static WRITEBACK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Starts each written file's writeback (`true`, the default) or not.
pub fn set_writeback(on: bool) {
    WRITEBACK.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Asks the kernel to start writing a finished file to disk, without
/// waiting: the disk works while the next documents are read, and the flush
/// before the swap ([`flush`]) waits only for what is left. Linux only;
/// elsewhere the flush does it all.
pub fn start_writeback(file: &std::fs::File) {
    if !WRITEBACK.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a file descriptor the caller holds open for the call.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// Flushes what was written under `dir` to disk, before staged folders take
/// their targets' place, so that a power loss never leaves a "complete"
/// folder of empty files: the file system's pages, in one call (`syncfs`),
/// where the system can; else each file. One call serves a whole batch.
pub fn flush(dir: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let handle = std::fs::File::open(dir).map_err(|e| Error::write(dir, e))?;
        // SAFETY: a file descriptor this function owns, open for the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    sync_tree(dir).map_err(|e| Error::write(dir, e))
}

fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // Links are not followed: a link in the output folder may lead
        // anywhere, even back to it.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            sync_tree(&entry.path())?;
        } else if kind.is_file() {
            std::fs::File::open(entry.path())?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

/// Puts `staged` in the place of `target`: a plain rename where nothing is
/// there; otherwise an atomic exchange (the old folder then stands where the
/// staged one was, and is removed), or, where the system cannot exchange,
/// the old folder renamed aside first and put back if the second rename
/// fails.
fn swap(staged: &Path, target: &Path, out_dir: &Path, notes: &mut Vec<String>) -> Result<()> {
    if std::fs::symlink_metadata(target).is_err() {
        return rename_new(staged, target);
    }
    // The old folder is the tool's (checked under the lock): mark it, so
    // that if it cannot be removed a later run knows it for its own.
    let _ = std::fs::write(target.join(MARKER), MARKER_TEXT);
    let old = match exchange(staged, target) {
        Ok(()) => staged.to_path_buf(),
        Err(_) => {
            let aside = tempfile::Builder::new()
                .prefix(&format!("{OLD}{}-", std::process::id()))
                .tempdir_in(out_dir)
                .map_err(|e| Error::write(out_dir, e))?
                .keep();
            std::fs::remove_dir(&aside).map_err(|e| Error::write(&aside, e))?;
            std::fs::rename(target, &aside).map_err(|e| Error::write(target, e))?;
            if let Err(e) = std::fs::rename(staged, target) {
                let _ = std::fs::rename(&aside, target);
                return Err(Error::write(target, e));
            }
            aside
        }
    };
    if let Err(e) = std::fs::remove_dir_all(&old) {
        notes.push(format!(
            "the new output is in place, but the previous one could not be removed ({e}); a later run removes {}",
            crate::source::display_path(&old)
        ));
    }
    Ok(())
}

/// `rename` that never replaces what another process put at `target`
/// meanwhile.
fn rename_new(staged: &Path, target: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(result) = renameat2(staged, target, libc::RENAME_NOREPLACE) {
        return result.map_err(|e| Error::write(target, e));
    }
    std::fs::rename(staged, target).map_err(|e| Error::write(target, e))
}

/// Exchanges two paths in one step.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(result) = renameat2(a, b, libc::RENAME_EXCHANGE) {
        return result;
    }
    let _ = (a, b);
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Linux `renameat2`; `None` where the kernel or the file system does not
/// have it (the caller falls back to `rename`).
#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> Option<std::io::Result<()>> {
    use std::os::unix::ffi::OsStrExt;
    let from = std::ffi::CString::new(from.as_os_str().as_bytes()).ok()?;
    let to = std::ffi::CString::new(to.as_os_str().as_bytes()).ok()?;
    // SAFETY: two NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if done == 0 {
        return Some(Ok(()));
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => None,
        _ => Some(Err(e)),
    }
}
