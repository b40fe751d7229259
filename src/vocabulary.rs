//! The document's vocabulary as data: the words (Italian and English) that
//! name each concept the tables speak of, and the concepts a column header
//! must name to take each role. The default is `data/vocabulary.toml`,
//! compiled in; a user's file adds to it or replaces parts of it. The code
//! speaks of concepts and roles, never of words.

use foldhash::{HashMap, HashMapExt};

use crate::fold::fold;

const DEFAULT: &str = include_str!("../data/vocabulary.toml");

/// The concepts the code reads by. A vocabulary file may define others, for
/// its roles.
pub mod concept {
    pub const GROUP: &str = "group";
    pub const REGIONS: &str = "regions";
    pub const PROVINCES: &str = "provinces";
    pub const STRUCTURES: &str = "structures";
    pub const POSITIONS: &str = "positions";
    pub const OFFICES: &str = "offices";
    pub const TOTAL: &str = "total";
    pub const BAND: &str = "band";
    pub const FIRST: &str = "first";
    pub const SECOND: &str = "second";
    pub const REGIONAL: &str = "regional";
    pub const PROVINCIAL: &str = "provincial";
    pub const FUNCTIONS: &str = "functions";
    pub const FUNCTIONS_OF: &str = "functions-of";
    pub const STOP: &str = "stop";
    pub const MISSIONS: &str = "missions";
    pub const AND: &str = "and";
    pub const CAPITALS: &str = "capitals";
    pub const PROVINCE_AGGREGATE: &str = "province-aggregate";
    pub const REGION_AGGREGATE: &str = "region-aggregate";
    pub const NOT_STATED: &str = "not-stated";
    pub const UP_TO: &str = "up-to";
    pub const CONTINUED: &str = "continued";
    pub const MARK: &str = "mark";
    pub const HIGH: &str = "high";
    pub const MEDIUM: &str = "medium";
    pub const LOW: &str = "low";
    pub const COMPLEXITY: &str = "complexity";
    pub const METROPOLITAN: &str = "metropolitan";

    /// The concepts of the words a group's name is made of, which a
    /// translation renders in its own language (`Alta complessità`, `High
    /// complexity`): [`super::Vocabulary::name_identity`] writes each as its
    /// concept's first word.
    pub const NAMES: &[&str] = &[HIGH, MEDIUM, LOW, COMPLEXITY, METROPOLITAN];

    /// The concepts whose words are compared with a whole cell, as
    /// written (case aside), not folded: symbols have no letters to fold.
    pub const WHOLE: &[&str] = &[NOT_STATED, MARK];

    /// Every concept the code uses: a vocabulary without one of them reads
    /// less than it could, which `Vocabulary::check` reports.
    pub const ALL: &[&str] = &[
        GROUP,
        REGIONS,
        PROVINCES,
        STRUCTURES,
        POSITIONS,
        OFFICES,
        TOTAL,
        BAND,
        FIRST,
        SECOND,
        REGIONAL,
        PROVINCIAL,
        FUNCTIONS,
        FUNCTIONS_OF,
        STOP,
        MISSIONS,
        AND,
        CAPITALS,
        PROVINCE_AGGREGATE,
        REGION_AGGREGATE,
        NOT_STATED,
        UP_TO,
        CONTINUED,
        MARK,
        HIGH,
        MEDIUM,
        LOW,
        COMPLEXITY,
        METROPOLITAN,
    ];
}

/// The roles a column of a positions table can take, in the order that
/// breaks ties (see [`Vocabulary::role_of`]).
pub const ROLES: &[&str] = &[
    "group",
    "offices",
    "per-structure",
    "total",
    "structures",
    "members-regional",
    "members-provincial",
];

/// A word as matching sees it: folded (lower case, no accents, no
/// punctuation), with a final `s` and then final vowels set aside, so that
/// `strutture`, `struttura`, `structures` and `structure` meet. Short words
/// keep their vowels (`i`, `ii`, `1a`).
pub fn normal(word: &str) -> String {
    let w = word
        .strip_suffix('s')
        .filter(|w| w.len() >= 3)
        .unwrap_or(word);
    let stemmed = w.trim_end_matches(['a', 'e', 'i', 'o']);
    if stemmed.len() < 3 {
        w.to_string()
    } else {
        stemmed.to_string()
    }
}

/// The normal words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(normal)
        .collect()
}

/// One way of writing a concept: words in order, each whole or a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    words: Vec<(String, bool)>,
    /// As written in the vocabulary, for evidence and messages.
    written: String,
}

impl Term {
    fn parse(written: &str) -> Option<Term> {
        let words: Vec<(String, bool)> = written
            .split_whitespace()
            .filter_map(|w| {
                let prefix = w.ends_with('*');
                let folded = fold(w.trim_end_matches('*'));
                let folded: Vec<&str> = folded.split(' ').filter(|p| !p.is_empty()).collect();
                match folded.as_slice() {
                    [] => None,
                    parts => Some(
                        parts
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                let last = i + 1 == parts.len();
                                if prefix && last {
                                    (p.to_string(), true)
                                } else {
                                    (normal(p), false)
                                }
                            })
                            .collect::<Vec<_>>(),
                    ),
                }
            })
            .flatten()
            .collect();
        (!words.is_empty()).then(|| Term {
            words,
            written: written.to_string(),
        })
    }

    /// Where the term starts in `words`, if it is there.
    fn find(&self, words: &[String]) -> Option<usize> {
        let n = self.words.len();
        (0..words.len().saturating_sub(n - 1)).find(|&at| {
            self.words
                .iter()
                .zip(&words[at..at + n])
                .all(|((w, prefix), word)| {
                    if *prefix {
                        word.starts_with(w.as_str())
                    } else {
                        word == w
                    }
                })
        })
    }
}

/// The vocabulary: concepts and their terms, and the roles' concepts.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    concepts: HashMap<String, Vec<Term>>,
    /// The words of the [`concept::WHOLE`] concepts (values stated as
    /// nothing, marks that say yes), compared whole (folded case).
    whole: HashMap<String, Vec<String>>,
    roles: Vec<(String, Vec<String>)>,
}

/// A vocabulary file as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    words: HashMap<String, Vec<String>>,
    #[serde(default)]
    roles: HashMap<String, Vec<String>>,
    /// Concepts whose words in this file replace the ones before it.
    #[serde(default)]
    replace: Vec<String>,
}

/// Why a vocabulary file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyError {
    /// 1-based line of the problem, where the parser knows it.
    pub line: Option<u32>,
    pub message: String,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::parse(DEFAULT).expect("the built-in vocabulary is valid")
    }
}

impl Vocabulary {
    /// The built-in vocabulary.
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: std::sync::LazyLock<Vocabulary> =
            std::sync::LazyLock::new(Vocabulary::default);
        &BUILTIN
    }

    /// A vocabulary from the text of a file, alone.
    pub fn parse(text: &str) -> Result<Vocabulary, VocabularyError> {
        let mut vocabulary = Vocabulary {
            concepts: HashMap::new(),
            whole: HashMap::new(),
            roles: Vec::new(),
        };
        vocabulary.extend(text)?;
        Ok(vocabulary)
    }

    /// Adds a file's words (and roles) to this vocabulary: a concept the
    /// file lists in `replace` takes the file's words alone; a role the file
    /// defines takes the file's concepts.
    pub fn extend(&mut self, text: &str) -> Result<(), VocabularyError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| {
                let before = &text[..span.start.min(text.len())];
                u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX)
            });
            VocabularyError {
                line,
                message: e.message().to_string(),
            }
        })?;
        for name in &file.replace {
            if !file.words.contains_key(name) {
                return Err(VocabularyError {
                    line: None,
                    message: format!(
                        "`replace` names `{}`, which the file gives no words for",
                        crate::error::excerpt(name)
                    ),
                });
            }
        }
        self.add_words(&file)?;
        self.add_roles(&file)
    }

    /// A file's words, each concept's added to (or, listed in `replace`,
    /// replacing) this vocabulary's.
    fn add_words(&mut self, file: &File) -> Result<(), VocabularyError> {
        let mut names: Vec<&String> = file.words.keys().collect();
        names.sort();
        for name in names {
            let words = &file.words[name];
            let replace = file.replace.contains(name);
            if concept::WHOLE.contains(&name.as_str()) {
                let list = self.whole.entry(name.clone()).or_default();
                if replace {
                    list.clear();
                }
                list.extend(words.iter().map(|w| w.trim().to_lowercase()));
                continue;
            }
            let terms = self.concepts.entry(name.clone()).or_default();
            if replace {
                terms.clear();
            }
            for w in words {
                match Term::parse(w) {
                    Some(term) if !terms.contains(&term) => terms.push(term),
                    Some(_) => {}
                    None => {
                        return Err(VocabularyError {
                            line: None,
                            message: format!(
                                "`{}`: `{}` has no letters or digits to match",
                                crate::error::excerpt(name),
                                crate::error::excerpt(w)
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// A file's roles, each replacing this vocabulary's concepts for it.
    fn add_roles(&mut self, file: &File) -> Result<(), VocabularyError> {
        for (role, concepts) in &file.roles {
            if !ROLES.contains(&role.as_str()) {
                return Err(VocabularyError {
                    line: None,
                    message: format!(
                        "unknown role `{}`; the roles are {}",
                        crate::error::excerpt(role),
                        ROLES.join(", ")
                    ),
                });
            }
            if let Some(unknown) = concepts.iter().find(|c| !self.concepts.contains_key(*c)) {
                return Err(VocabularyError {
                    line: None,
                    message: format!(
                        "role `{}` names the concept `{}`, which has no words",
                        crate::error::excerpt(role),
                        crate::error::excerpt(unknown)
                    ),
                });
            }
            match self.roles.iter_mut().find(|(r, _)| r == role) {
                Some((_, list)) => *list = concepts.clone(),
                None => self.roles.push((role.clone(), concepts.clone())),
            }
        }
        self.roles
            .sort_by_key(|(r, _)| ROLES.iter().position(|x| x == r));
        Ok(())
    }

    /// The concepts the code uses that this vocabulary gives no words for.
    pub fn missing(&self) -> Vec<&'static str> {
        concept::ALL
            .iter()
            .copied()
            .filter(|c| {
                if concept::WHOLE.contains(c) {
                    self.whole.get(*c).is_none_or(Vec::is_empty)
                } else {
                    self.concepts.get(*c).is_none_or(Vec::is_empty)
                }
            })
            .collect()
    }

    fn terms(&self, concept: &str) -> &[Term] {
        self.concepts.get(concept).map_or(&[], Vec::as_slice)
    }

    /// Does `text` name `concept`? With the term that matched, as the
    /// vocabulary writes it.
    pub fn names(&self, concept: &str, text: &str) -> Option<&str> {
        self.names_words(concept, &words(text))
    }

    /// [`Vocabulary::names`] on words already made normal.
    pub fn names_words(&self, concept: &str, words: &[String]) -> Option<&str> {
        self.find(concept, words).map(|(_, _, written)| written)
    }

    /// Where in `words` a term of `concept` stands: its first word, its
    /// length in words, and the term as written.
    pub fn find(&self, concept: &str, words: &[String]) -> Option<(usize, usize, &str)> {
        self.terms(concept)
            .iter()
            .filter_map(|t| {
                t.find(words)
                    .map(|at| (at, t.words.len(), t.written.as_str()))
            })
            .min_by_key(|(at, len, _)| (*at, std::cmp::Reverse(*len)))
    }

    /// Is the whole of `word` (one normal word) a term of `concept`?
    pub fn is(&self, concept: &str, word: &str) -> bool {
        self.terms(concept).iter().any(|t| {
            t.words.len() == 1
                && if t.words[0].1 {
                    word.starts_with(&t.words[0].0)
                } else {
                    word == t.words[0].0
                }
        })
    }

    /// A group's name as the same in every language: folded, each word of
    /// a [`concept::NAMES`] concept written as that concept's first word
    /// (`High complexity` and `Alta complessità` are both `alta
    /// complessita`), other words as they fold. Finding ids and `diff` know
    /// a group by it, so that a translation's groups are the same groups; a
    /// name in the first words' language is its own fold, so ids made before
    /// these concepts existed stay as they were.
    pub fn name_identity(&self, name: &str) -> String {
        let folded = fold(name);
        let words: Vec<String> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let n = normal(w);
                concept::NAMES
                    .iter()
                    .find(|c| self.is(c, &n))
                    .and_then(|c| self.terms(c).first())
                    .map_or_else(|| w.to_string(), |t| fold(&t.written))
            })
            .collect();
        words.join(" ")
    }

    /// Does a value cell say that nothing is stated (`-`, `n.d.`)?
    pub fn is_not_stated(&self, text: &str) -> bool {
        let t = text.trim();
        t.is_empty() || self.is_whole(concept::NOT_STATED, t)
    }

    /// Does a cell hold only a mark that says yes (`●`, `✓`, `x`, `sì`):
    /// a tick in a matrix?
    pub fn is_mark(&self, text: &str) -> bool {
        let t = text.trim();
        !t.is_empty() && self.is_whole(concept::MARK, t)
    }

    /// Is `t` (trimmed) one of `concept`'s words, case aside?
    fn is_whole(&self, concept: &str, t: &str) -> bool {
        let lower = t.to_lowercase();
        self.whole
            .get(concept)
            .is_some_and(|list| list.contains(&lower))
    }

    /// The concepts of each role, in tie-breaking order.
    pub fn roles(&self) -> &[(String, Vec<String>)] {
        &self.roles
    }

    /// A regular expression alternation of a concept's phrases as written
    /// in a text (not folded): the words in order, white space between them,
    /// case aside. For the patterns that read offices cells and headers.
    pub fn pattern(&self, concept: &str) -> String {
        let mut alternatives: Vec<String> = self
            .terms(concept)
            .iter()
            .map(|t| {
                t.written
                    .split_whitespace()
                    .map(|w| {
                        let prefix = w.ends_with('*');
                        let escaped = regex::escape(w.trim_end_matches('*'));
                        if prefix {
                            format!("{escaped}\\w*")
                        } else {
                            escaped
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        // Longest first, so that `fino ad` is tried before `fino a`.
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
        if alternatives.is_empty() {
            // Matches nothing.
            return "[^\\s\\S]".to_string();
        }
        alternatives.join("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> &'static Vocabulary {
        Vocabulary::builtin()
    }

    #[test]
    fn the_builtin_vocabulary_names_every_concept_the_code_uses() {
        assert_eq!(v().missing(), Vec::<&str>::new());
        let roles: Vec<&str> = v().roles().iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(roles, ROLES);
    }

    #[test]
    fn words_meet_across_case_accents_dots_and_number() {
        assert_eq!(normal("strutture"), normal("struttura"));
        assert_eq!(normal("structures"), normal("structure"));
        assert_eq!(normal("province"), normal("provincia"));
        assert_eq!(normal("ii"), "ii");
        assert_eq!(normal("1a"), "1a");
        assert_eq!(words("N. Strutture"), vec!["n", "struttur"]);
        assert_eq!(
            v().names(concept::STRUCTURES, "Numero delle strutture"),
            Some("struttura")
        );
        assert_eq!(v().names(concept::STRUCTURES, "Numero Sedi"), Some("sede"));
        assert_eq!(
            v().names(concept::STRUCTURES, "Number of structures"),
            Some("structure")
        );
        assert_eq!(
            v().names(concept::POSITIONS, "Posizioni dirigenziali"),
            Some("posizione")
        );
        assert_eq!(v().names(concept::POSITIONS, "Dirigenti"), Some("dirigen*"));
        assert_eq!(v().names(concept::TOTAL, "Tot."), Some("tot"));
        assert_eq!(v().names(concept::TOTAL, "Totali"), Some("totale"));
        assert_eq!(
            v().names(concept::GROUP, "Raggruppamento"),
            Some("raggruppamento")
        );
        assert_eq!(v().names(concept::GROUP, "Numero Strutture"), None);
        assert!(v().is(concept::AND, "ed"));
        assert!(v().is_not_stated(" N.D. "));
        assert!(v().is_not_stated("—"));
        assert!(!v().is_not_stated("0"));
    }

    #[test]
    fn a_groups_name_is_the_same_in_every_language() {
        let id = |name| v().name_identity(name);
        assert_eq!(id("Alta complessità"), "alta complessita");
        assert_eq!(id("High complexity"), "alta complessita");
        assert_eq!(id("Medium Complexity"), "media complessita");
        assert_eq!(id("Intermediate complexity"), "media complessita");
        assert_eq!(id("Low complexity"), "bassa complessita");
        assert_eq!(id("Metropolitan"), "metropolitane");
        assert_eq!(id("Metropolitana"), "metropolitane");
        // Other words are left as they fold.
        assert_eq!(id("Gruppo A (nord)"), "gruppo a nord");
        assert_eq!(id("Very high"), "very alta");
    }

    #[test]
    fn phrases_match_in_order() {
        let words = words("Coordinamento fino a 7");
        assert_eq!(v().find(concept::UP_TO, &words), Some((1, 2, "fino a")));
        assert_eq!(v().find(concept::UP_TO, &super::words("a fino")), None);
        let re = regex::Regex::new(&format!("(?i)^(?:{})$", v().pattern(concept::UP_TO))).unwrap();
        assert!(re.is_match("Fino  ad"));
        assert!(re.is_match("up to"));
        assert!(!re.is_match("fino"));
    }

    #[test]
    fn a_file_adds_words_and_replaces_what_it_says() {
        let mut voc = Vocabulary::default();
        assert_eq!(voc.names(concept::STRUCTURES, "Numero Presidi"), None);
        voc.extend("[words]\nstructures = [\"presidio\"]\n")
            .unwrap();
        assert_eq!(
            voc.names(concept::STRUCTURES, "Numero Presidi"),
            Some("presidio")
        );
        assert_eq!(
            voc.names(concept::STRUCTURES, "Strutture"),
            Some("struttura")
        );
        voc.extend("replace = [\"structures\"]\n[words]\nstructures = [\"vestiging*\"]\n")
            .unwrap();
        assert_eq!(voc.names(concept::STRUCTURES, "Strutture"), None);
        assert_eq!(
            voc.names(concept::STRUCTURES, "Aantal vestigingen"),
            Some("vestiging*")
        );
    }

    #[test]
    fn a_bad_file_says_what_and_where() {
        let mut voc = Vocabulary::default();
        let e = voc.extend("[words]\ngroup = [\"a\",\n  3]\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = voc.extend("[roles]\nleader = [\"group\"]\n").unwrap_err();
        assert!(
            e.message.starts_with("unknown role `leader`"),
            "{}",
            e.message
        );
        let e = voc.extend("[roles]\ngroup = [\"squad\"]\n").unwrap_err();
        assert!(
            e.message.contains("`squad`, which has no words"),
            "{}",
            e.message
        );
        let e = voc.extend("[wordz]\n").unwrap_err();
        assert!(e.message.contains("wordz"), "{}", e.message);
    }
}
