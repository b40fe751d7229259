//! Reading numbers as the documents write them: Italian formats (`1.234`,
//! `5,5`), dashes and blanks for "not stated", footnote markers (`41**`,
//! `7(a)`), and packed cells holding one value per sub-group (`4 1`, `4<br>1`,
//! `2/1`).

use std::sync::LazyLock;

use regex::Regex;

/// One number and the footnote marker written after it, if any.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Number {
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// What a value cell says.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// Blank, or a dash: the document does not state the value.
    NotStated,
    /// One number, or several for the sub-groups of a packed cell.
    Numbers(Vec<Number>),
    /// Words, not numbers.
    Text,
}

/// A number with an optional trailing footnote marker: `*`..`****`, `(a)`,
/// `(1)`, `a)`, `°`.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?[0-9][0-9.,]*)(\*{1,4}|\([A-Za-z0-9]{1,3}\)|[a-z]\)|°)?$")
        .expect("valid number pattern")
});

/// What a value cell says; `voc` tells which words state nothing.
pub fn read(text: &str, voc: &crate::vocabulary::Vocabulary) -> Reading {
    let t = text.trim();
    if voc.is_not_stated(t) {
        return Reading::NotStated;
    }
    let mut numbers = Vec::new();
    // Values side by side: `4 1`, `4<br>1`, or `2/1` (a summary row's
    // per-structure figures of the sub-groups it stands for).
    for token in t
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|t| !t.is_empty())
    {
        let Some(caps) = TOKEN.captures(token) else {
            return Reading::Text;
        };
        let Some(value) = parse_italian(&caps[1]) else {
            return Reading::Text;
        };
        numbers.push(Number {
            value,
            marker: caps.get(2).map(|m| m.as_str().to_string()),
        });
    }
    Reading::Numbers(numbers)
}

/// A cell's whole text as a number (`1.000`, `2,5`, `40`), as a sheet
/// should hold it; `17*`, `3 2` and a code with a leading zero (`09`)
/// stay text.
pub fn cell_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || ".,-".contains(c)) {
        return None;
    }
    let digits = t.trim_start_matches('-').as_bytes();
    if digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit() {
        return None;
    }
    parse_italian(t)
}

/// `1.000`, `12.345.678`, `1.234,5`: a number written with Italian
/// thousands separators, which a spreadsheet in an English locale reads as
/// a decimal (`1.000` as 1). Such a number as `1000` (or `1234.5`).
pub fn ungrouped(text: &str) -> Option<String> {
    let t = text.trim();
    let (int, frac) = t.split_once(',').map_or((t, None), |(i, f)| (i, Some(f)));
    let mut groups = int.trim_start_matches('-').split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let is_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped = !rest.is_empty()
        && is_digits(first)
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && is_digits(g))
        && frac.is_none_or(is_digits);
    grouped
        .then(|| parse_italian(t).map(|v| format_number(v, '.')))
        .flatten()
}

/// `1.234` → 1234, `1.234,5` → 1234.5, `5,5` → 5.5, `12` → 12. A dot is a
/// thousands separator only in groups of three digits; otherwise (`2.5`) it is
/// read as a decimal point, as exports from English-locale tools write it.
pub fn parse_italian(s: &str) -> Option<f64> {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match digits.split_once(',') {
        Some((i, f)) if !f.contains([',', '.']) => (i, Some(f)),
        Some(_) => return None,
        None => (digits, None),
    };
    let int = if int.contains('.') {
        let groups: Vec<&str> = int.split('.').collect();
        let thousands = frac.is_some()
            || (groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3));
        if thousands {
            if !groups[1..].iter().all(|g| g.len() == 3) {
                return None;
            }
            groups.concat()
        } else if groups.len() == 2 {
            return format!("{}.{}", groups[0], groups[1])
                .parse::<f64>()
                .ok()
                .map(|v| sign * v);
        } else {
            return None;
        }
    } else {
        int.to_string()
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = match frac {
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => format!("{int}.{f}"),
        Some(_) => return None,
        None => int,
    };
    text.parse::<f64>().ok().map(|v| sign * v)
}

/// A number as the CSVs write it: integers without a decimal part, other
/// numbers with `decimal` as the separator.
pub fn format_number(value: f64, decimal: char) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        itoa::Buffer::new().format(value as i64).to_string()
    } else {
        format!("{value}").replace('.', &decimal.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Reading {
        super::read(text, crate::vocabulary::Vocabulary::builtin())
    }

    fn values(text: &str) -> Vec<(f64, Option<String>)> {
        match read(text) {
            Reading::Numbers(ns) => ns.into_iter().map(|n| (n.value, n.marker)).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn marked(value: f64, marker: &str) -> (f64, Option<String>) {
        (value, Some(marker.to_string()))
    }

    #[test]
    fn italian_number_formats() {
        assert_eq!(parse_italian("1.234"), Some(1234.0));
        assert_eq!(parse_italian("1.234.567"), Some(1_234_567.0));
        assert_eq!(parse_italian("5,5"), Some(5.5));
        assert_eq!(parse_italian("1.234,5"), Some(1234.5));
        assert_eq!(parse_italian("12"), Some(12.0));
        assert_eq!(parse_italian("2.5"), Some(2.5));
        assert_eq!(parse_italian("-3"), Some(-3.0));
        assert_eq!(parse_italian("1,2,3"), None);
        assert_eq!(parse_italian("1.23.4"), None);
    }

    #[test]
    fn not_stated_is_not_zero() {
        assert_eq!(read(""), Reading::NotStated);
        assert_eq!(read(" - "), Reading::NotStated);
        assert_eq!(read("—"), Reading::NotStated);
        assert_eq!(values("0"), vec![(0.0, None)]);
    }

    #[test]
    fn cells_that_are_numbers_and_numbers_with_thousands_separators() {
        assert_eq!(cell_number("1.000"), Some(1000.0));
        assert_eq!(cell_number("2,5"), Some(2.5));
        assert_eq!(cell_number(" 40 "), Some(40.0));
        assert_eq!(cell_number("0"), Some(0.0));
        assert_eq!(cell_number("0,5"), Some(0.5));
        for text in ["17*", "3 2", "-", "", "09", "007"] {
            assert_eq!(cell_number(text), None, "{text}");
        }
        assert_eq!(ungrouped("1.000").as_deref(), Some("1000"));
        assert_eq!(ungrouped("12.345.678").as_deref(), Some("12345678"));
        assert_eq!(ungrouped("1.234,5").as_deref(), Some("1234.5"));
        assert_eq!(ungrouped("-1.000").as_deref(), Some("-1000"));
        // Not grouped: as written (an English `1,000` is not touched).
        for text in [
            "1000", "2,5", "1,000", "2.5", "1.00", "1.0000", "a.000", "17*",
        ] {
            assert_eq!(ungrouped(text), None, "{text}");
        }
    }

    #[test]
    fn footnote_markers_are_split_off() {
        assert_eq!(values("41**"), vec![marked(41.0, "**")]);
        assert_eq!(values("12*"), vec![marked(12.0, "*")]);
        assert_eq!(values("7(a)"), vec![marked(7.0, "(a)")]);
    }

    #[test]
    fn packed_cells_give_one_value_per_sub_group() {
        assert_eq!(values("4 1"), vec![(4.0, None), (1.0, None)]);
        assert_eq!(values("2/1"), vec![(2.0, None), (1.0, None)]);
        assert_eq!(values("2 / 1,5"), vec![(2.0, None), (1.5, None)]);
        assert_eq!(values("8\n1"), vec![(8.0, None), (1.0, None)]);
        assert_eq!(read("I Fascia"), Reading::Text);
        assert_eq!(read("4 posti"), Reading::Text);
    }

    #[test]
    fn numbers_are_written_back_plainly() {
        assert_eq!(format_number(45.0, ','), "45");
        assert_eq!(format_number(5.5, ','), "5,5");
        assert_eq!(format_number(5.5, '.'), "5.5");
    }
}
