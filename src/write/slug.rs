//! File names made from document text: lower-case ASCII letters, digits and
//! single dashes, never empty, never `.`/`..`, never longer than
//! [`MAX_SLUG_CHARS`].

pub const MAX_SLUG_CHARS: usize = 60;

/// Letters with accents (as Italian and its neighbours write them) and their
/// base letter; other characters become separators.
fn base_letter(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        _ => return None,
    };
    Some(base)
}

pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        match base_letter(c) {
            Some(letter) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(letter);
                if out.len() >= MAX_SLUG_CHARS {
                    break;
                }
            }
            None => dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("table");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Matrice: funzioni e strutture"),
            "matrice-funzioni-e-strutture"
        );
        assert_eq!(
            slug("Posizioni di II fascia – quadro di sintesi"),
            "posizioni-di-ii-fascia-quadro-di-sintesi"
        );
        assert_eq!(slug("Attività ÀÈ"), "attivita-ae");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".."), "table");
        assert_eq!(slug("\u{0}\n/"), "table");
        assert!(slug(&"x".repeat(500)).len() <= super::MAX_SLUG_CHARS);
    }
}
