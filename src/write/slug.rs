//! File names made from document text: lower-case ASCII letters, digits and
//! single dashes, never empty, never `.`/`..`, never longer than
//! [`MAX_SLUG_CHARS`].

pub const MAX_SLUG_CHARS: usize = 60;

pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let letter = crate::fold::base_letter(c);
        match letter.is_ascii_alphanumeric().then_some(letter) {
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
