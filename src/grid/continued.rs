//! Tables continued after a page break: a table whose own caption says it
//! continues the one before (`… (segue)`), or that follows the one before
//! with nothing between them and repeats its header, is its next part. The
//! parts keep their own grids (and files); the later stages read their rows
//! as one table.

use super::{Grid, RepairKind};
use crate::fold::fold;
use crate::vocabulary::{Vocabulary, concept};

/// Does the caption say that its table continues an earlier one (the
/// vocabulary's `continued` words: `segue`, `continued`)?
pub fn says_continued(caption: &str, voc: &Vocabulary) -> bool {
    voc.names(concept::CONTINUED, caption).is_some()
}

/// Links each table that continues the previous top-level table to the
/// first part of that table (`continues`), and gives a part without a
/// header of its own the first part's column paths.
pub fn join_continued(grids: &mut [Grid], voc: &Vocabulary) {
    let mut previous: Option<usize> = None;
    for i in 0..grids.len() {
        if grids[i].parent.is_some() {
            continue;
        }
        if let Some(p) = previous {
            let how = continuation(&grids[p], &grids[i], voc);
            if let Some(how) = how {
                let first = grids[p].continues.unwrap_or(grids[p].index);
                let (before, after) = grids.split_at_mut(i);
                let (prev, part) = (&before[p], &mut after[0]);
                part.continues = Some(first);
                if part.header_rows == 0 {
                    part.columns = prev.columns.clone();
                }
                let detail = format!(
                    "continues table {} ({how}): its rows are read with that table's",
                    prev.index
                );
                part.repair(RepairKind::Continues, Vec::new(), detail);
            }
        }
        previous = Some(i);
    }
}

/// Why `part` continues `prev`, if it does: its own caption says so (and it
/// is as wide), or it follows with nothing between and the same header.
fn continuation(prev: &Grid, part: &Grid, voc: &Vocabulary) -> Option<&'static str> {
    // A header alone continues nothing, and nothing continues it.
    let has_body = |g: &Grid| g.body().next().is_some();
    if part.width != prev.width || prev.header_rows == 0 || !has_body(prev) || !has_body(part) {
        return None;
    }
    let same_header = part.header_rows > 0
        && part
            .columns
            .iter()
            .zip(&prev.columns)
            .all(|(a, b)| fold(a) == fold(b));
    let own_caption = part.caption.as_ref().filter(|c| c.line > prev.line);
    match own_caption {
        Some(c) if says_continued(&c.text, voc) && (same_header || part.header_rows == 0) => {
            Some("its caption says it continues")
        }
        _ if part.adjacent && same_header => Some("it follows with the same header"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_captions() {
        let says_continued = |c: &str| says_continued(c, Vocabulary::builtin());
        assert!(says_continued("Posizioni dirigenziali (segue)"));
        assert!(says_continued("Tabella 3 – continua"));
        assert!(says_continued("Positions (continued)"));
        assert!(says_continued("Positions (cont.)"));
        assert!(!says_continued(
            "Posizioni dirigenziali – quadro di sintesi"
        ));
        assert!(!says_continued("Contributi e contenzioso"));
    }
}
