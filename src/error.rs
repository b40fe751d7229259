//! The one error type of the crate: what went wrong and where (file, line).
//!
//! Modelled on the csv crate: a boxed, non-exhaustive kind whose variants carry
//! the position, so that every message can say `input/x.md:52: ...`.

use std::fmt;
use std::path::PathBuf;

/// Where in the input something happened. `line` is 1-based; `None` when the
/// problem concerns the whole file (it is missing, empty, unreadable).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub file: String,
    pub line: Option<u32>,
}

impl Position {
    pub fn file(file: impl Into<String>) -> Self {
        Position {
            file: file.into(),
            line: None,
        }
    }

    pub fn line(file: impl Into<String>, line: u32) -> Self {
        Position {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// An error of orgtables. Boxed so that `Result<T, Error>` stays one word wide.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read at all (missing, permission, not a file).
    #[error("{pos}: cannot read: {source}")]
    Read {
        pos: Position,
        #[source]
        source: std::io::Error,
    },
    /// The input holds nothing but white space.
    #[error("{pos}: the document is empty")]
    Empty { pos: Position },
    /// The input is not text (it holds NUL bytes).
    #[error("{pos}: not a text document (NUL byte found); is it a binary file?")]
    Binary { pos: Position },
    /// A directory given as input holds no document of a format read.
    #[error("{pos}: no Markdown, HTML, Word or OpenDocument documents in this directory")]
    NoDocuments { pos: Position },
    /// The document is readable but cannot be processed as asked.
    #[error("{pos}: {message}")]
    Invalid { pos: Position, message: String },
    /// An output file or folder could not be written.
    #[error("{path}: cannot write: {source}", path = crate::source::display_path(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub fn read(pos: Position, source: std::io::Error) -> Self {
        ErrorKind::Read { pos, source }.into()
    }

    pub fn invalid(pos: Position, message: impl Into<String>) -> Self {
        ErrorKind::Invalid {
            pos,
            message: message.into(),
        }
        .into()
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ErrorKind::Write {
            path: path.into(),
            source,
        }
        .into()
    }

    /// True when the input is at fault (as opposed to the output side).
    pub fn is_input_error(&self) -> bool {
        !matches!(*self.0, ErrorKind::Write { .. })
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How serious a diagnostic is: a warning leaves the exit status alone; an
/// error (such as a table over the size limit) makes it non-zero, though the
/// rest of the document is still processed and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

/// A problem that does not stop the run: shown on standard error and kept in
/// `tables.json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
    /// What `line` counts (a Word file's paragraphs); said by the message,
    /// and by the document's `format` in the JSON.
    #[serde(skip)]
    pub unit: crate::source::Unit,
}

impl Diagnostic {
    pub fn warning(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            file: file.to_string(),
            line,
            message: message.into(),
            unit: crate::source::Unit::Line,
        }
    }

    pub fn error(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            ..Diagnostic::warning(file, line, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{}: {level}: {}",
                self.unit.place(&self.file, line),
                self.message
            ),
            None => write!(f, "{}: {level}: {}", self.file, self.message),
        }
    }
}

/// A piece of a user's file quoted in a message: its first 60 characters
/// (a line of a hostile file may be megabytes long), control characters
/// escaped.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let text = crate::source::escape_controls(text);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
