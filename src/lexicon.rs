//! What the tool knows of the documents' language and country: the
//! vocabulary and the gazetteer, built in or loaded from the user's files,
//! and the patterns made from them once. Every stage that reads words takes
//! a `Lexicon`.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Position, Result};
use crate::gazetteer::Gazetteer;
use crate::vocabulary::{Vocabulary, concept};

/// The most a vocabulary file may be: the built-in one is a few KB.
pub const MAX_VOCABULARY_BYTES: u64 = 4 * 1024 * 1024;
/// The most a gazetteer file may be: Italy's is 8 KB, a country of a
/// hundred thousand places with their names some MB.
pub const MAX_GAZETTEER_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub vocabulary: Vocabulary,
    pub gazetteer: Gazetteer,
    patterns: Patterns,
}

/// Regular expressions built from the vocabulary's phrases.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    /// An offices entry: `Name (scope; scope) - (N)`, `Name - (fino a N)`.
    pub office: Regex,
    /// The prefix that names a structure's functions (`Le funzioni delle`).
    pub functions_of: Regex,
    /// A conjunction between two names (` e `, ` and `).
    pub conjunction: Regex,
}

impl Patterns {
    fn new(vocabulary: &Vocabulary) -> Patterns {
        let build = |pattern: String| Regex::new(&pattern).expect("patterns of escaped words");
        Patterns {
            office: build(format!(
                r"(?xi)^
                (?P<name>.+?) \s*
                (?: \( (?P<scope>[^()]*) \) )? \s*
                [-–—]? \s*
                \( \s* (?P<max> (?:{}) \s* )? (?P<n>\d{{1,6}}) \s* \)
                \s* [.;]? $",
                vocabulary.pattern(concept::UP_TO)
            )),
            functions_of: build(format!(
                r"(?i)^\s*(?:{})\s+",
                vocabulary.pattern(concept::FUNCTIONS_OF)
            )),
            conjunction: build(format!(
                r"(?i)\s+(?:{})\s+",
                vocabulary.pattern(concept::AND)
            )),
        }
    }
}

impl Lexicon {
    pub fn new(vocabulary: Vocabulary, gazetteer: Gazetteer) -> Lexicon {
        let patterns = Patterns::new(&vocabulary);
        Lexicon {
            vocabulary,
            gazetteer,
            patterns,
        }
    }

    /// The built-in vocabulary and gazetteer.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
            Lexicon::new(
                Vocabulary::builtin().clone(),
                crate::gazetteer::gazetteer().clone(),
            )
        });
        &BUILTIN
    }

    /// The built-in lexicon with a vocabulary file added to it and a
    /// gazetteer file in place of the built-in one, where given.
    pub fn load(vocabulary: Option<&Path>, gazetteer: Option<&Path>) -> Result<Lexicon> {
        let mut voc = Vocabulary::builtin().clone();
        if let Some(path) = vocabulary {
            let text =
                crate::source::read_bounded(path, MAX_VOCABULARY_BYTES, "a vocabulary file")?;
            voc.extend(&text).map_err(|e| {
                let name = crate::source::display_path(path);
                let pos = match e.line {
                    Some(line) => Position::line(name, line),
                    None => Position::file(name),
                };
                Error::invalid(pos, format!("not a vocabulary file: {}", e.message))
            })?;
        }
        let gaz = match gazetteer {
            Some(path) => Gazetteer::parse(&crate::source::read_bounded(
                path,
                MAX_GAZETTEER_BYTES,
                "a gazetteer file",
            )?)
            .map_err(|e| {
                Error::invalid(
                    Position::line(crate::source::display_path(path), e.line),
                    format!("not a gazetteer file: {}", e.message),
                )
            })?,
            None => crate::gazetteer::gazetteer().clone(),
        };
        Ok(Lexicon::new(voc, gaz))
    }

    pub(crate) fn patterns(&self) -> &Patterns {
        &self.patterns
    }
}
