//! Office entries: `Name (scope; scope) - (N)`, `Name (N)`, `Name - (fino a N)`
//! (the words of a maximum, `fino a`, `up to`, from the vocabulary).

use crate::lexicon::Lexicon;

#[derive(Debug, Clone, PartialEq)]
pub struct OfficeEntry {
    pub name: String,
    pub scope: Vec<String>,
    pub count: Option<f64>,
    pub count_is_max: bool,
}

/// Reads one office entry; the words before a maximum (`fino a`) come from
/// the vocabulary.
pub fn parse(text: &str, lex: &Lexicon) -> OfficeEntry {
    let text = text.trim();
    let Some(caps) = lex.patterns().office.captures(text) else {
        return OfficeEntry {
            name: text.trim_end_matches(['-', '–', ' ']).to_string(),
            scope: Vec::new(),
            count: None,
            count_is_max: false,
        };
    };
    let scope = caps
        .name("scope")
        .map(|s| {
            s.as_str()
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    OfficeEntry {
        name: caps["name"]
            .trim()
            .trim_end_matches(['-', '–', '—', ' '])
            .to_string(),
        scope,
        count: caps["n"].parse().ok(),
        count_is_max: caps.name("max").is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> OfficeEntry {
        super::parse(text, Lexicon::builtin())
    }

    fn entry(name: &str, scope: &[&str], count: Option<f64>, max: bool) -> OfficeEntry {
        OfficeEntry {
            name: name.into(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            count,
            count_is_max: max,
        }
    }

    #[test]
    fn office_forms() {
        assert_eq!(
            parse(
                "Coordinamento e Controllo dei Processi Primari (contributi e contenzioso; pensioni; prestazioni a sostegno del reddito) - (3)"
            ),
            entry(
                "Coordinamento e Controllo dei Processi Primari",
                &[
                    "contributi e contenzioso",
                    "pensioni",
                    "prestazioni a sostegno del reddito"
                ],
                Some(3.0),
                false
            )
        );
        assert_eq!(
            parse("Direzione Regionale (1)"),
            entry("Direzione Regionale", &[], Some(1.0), false)
        );
        assert_eq!(
            parse("Direzione Regionale - (1)"),
            entry("Direzione Regionale", &[], Some(1.0), false)
        );
        assert_eq!(
            parse("Coordinamento Agenzie - (fino a 7)"),
            entry("Coordinamento Agenzie", &[], Some(7.0), true)
        );
        assert_eq!(
            parse("Agency coordination - (up to 5)"),
            entry("Agency coordination", &[], Some(5.0), true)
        );
        assert_eq!(
            parse("Segreteria tecnica"),
            entry("Segreteria tecnica", &[], None, false)
        );
    }
}
