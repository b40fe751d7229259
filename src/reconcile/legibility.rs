//! `hidden-character` and `unreadable-value`: text that does not say what it
//! seems to. A cell holding characters a reader cannot see (a zero-width
//! joiner inside `63`, bidirectional controls around a name) is read without
//! them and reported where it is, so that two names that look alike and are
//! not, or a number that reads as text, never pass unseen. A value cell
//! that is neither a number nor "not stated" (`6x3`) is a failed check, not
//! a blank.

use super::{Context, Findings, Rule, Severity, report_observations};
use crate::interpret::ObservationKind;

pub fn check(ctx: &Context, out: &mut Findings) {
    report_observations(
        ctx,
        out,
        ObservationKind::HiddenCharacter,
        Rule::HiddenCharacter,
        Severity::Warning,
    );
    report_observations(
        ctx,
        out,
        ObservationKind::UnreadableValue,
        Rule::UnreadableValue,
        Severity::Error,
    );
}

#[cfg(test)]
mod tests {
    use crate::interpret::ObservationKind;
    use crate::reconcile::Severity::{Error, Warning};
    use crate::reconcile::testing::*;

    #[test]
    fn invisible_characters_warn_and_unreadable_values_fail() {
        let doc = Doc::new()
            .table(1, SUMMARY, PROVINCIAL)
            .observation(
                ObservationKind::HiddenCharacter,
                "63",
                cell(1, 2, 4, "Totale"),
            )
            .observation(
                ObservationKind::UnreadableValue,
                "6x3",
                cell(1, 3, 4, "Totale"),
            );
        let (findings, _, _) = doc.run(super::check);
        assert_eq!(
            values(&findings),
            vec![
                (Warning, "as expected".into(), "63".into()),
                (Error, "as expected".into(), "6x3".into())
            ]
        );
    }
}
