//! `recognition`: what the tool could not read as a table. Text that looks
//! like a table but is read as a paragraph (its delimiter row malformed)
//! gives no table, no record and no check: a warning, so that a revision
//! whose table was mangled never passes as checked.

use super::{Context, Findings, Rule, Severity, report_observations};
use crate::interpret::ObservationKind;

pub fn check(ctx: &Context, out: &mut Findings) {
    report_observations(
        ctx,
        out,
        ObservationKind::TableLikeText,
        Rule::Recognition,
        Severity::Warning,
    );
}
