//! The records as spreadsheet tables: positions, members, offices, functions,
//! missions and stated totals, one CSV each, plus `records.json` with all.

use std::path::Path;

use super::{CsvSink, CsvStyle};
use crate::config::CsvDialect;
use crate::error::Result;
use crate::interpret::keys::unique;
use crate::interpret::values::format_number;
use crate::interpret::{Fascia, Location, Records};

/// How the CSVs write numbers and lists.
struct Cells {
    decimal: char,
}

impl Cells {
    fn num(&self, value: Option<f64>) -> String {
        value.map_or_else(String::new, |v| format_number(v, self.decimal))
    }
}

fn opt(value: Option<impl ToString>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn fasce(list: &[Fascia]) -> String {
    list.iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

fn also_at(list: &[Location]) -> String {
    list.iter()
        .map(|l| format!("{}:{}", l.table, l.line))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn write_records(dir: &Path, records: &Records, style: CsvStyle) -> Result<()> {
    let dialect = style;
    let cells = Cells {
        decimal: if style.dialect == CsvDialect::ExcelIt {
            ','
        } else {
            '.'
        },
    };

    let mut out = CsvSink::create(&dir.join("positions.csv"), dialect)?;
    let keys = unique(records.positions.iter().map(|p| p.key()));
    out.row([
        "key",
        "level",
        "group",
        "subgroup",
        "fascia",
        "structures",
        "per_structure",
        "total_stated",
        "total_computed",
        "source",
        "table",
        "line",
        "marker",
        "also_at",
    ])?;
    for (p, key) in records.positions.iter().zip(keys) {
        out.row([
            key,
            p.level.as_str().to_string(),
            p.group.clone(),
            p.subgroup.to_string(),
            opt(p.fascia.map(Fascia::as_str)),
            cells.num(p.structures),
            cells.num(p.per_structure),
            cells.num(p.total_stated),
            cells.num(p.total_computed),
            p.source.as_str().to_string(),
            p.table.to_string(),
            p.line.to_string(),
            opt(p.marker.as_ref()),
            also_at(&p.also_at),
        ])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("members.csv"), dialect)?;
    let keys = unique(records.members.iter().map(|m| m.key()));
    out.row([
        "key", "level", "group", "subgroup", "member", "kind", "count", "code", "table", "line",
        "source", "via", "written", "also_at",
    ])?;
    for (m, key) in records.members.iter().zip(keys) {
        out.row([
            key,
            m.level.as_str().to_string(),
            m.group.clone(),
            opt(m.subgroup),
            m.member.clone(),
            m.kind.as_str().to_string(),
            m.count.to_string(),
            opt(m.code.as_ref()),
            m.table.to_string(),
            m.line.to_string(),
            m.source.as_str().to_string(),
            opt(m.via.as_ref()),
            m.written.clone(),
            also_at(&m.also_at),
        ])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("offices.csv"), dialect)?;
    let keys = unique(records.offices.iter().map(|o| o.key()));
    out.row([
        "key",
        "level",
        "group",
        "subgroup",
        "fascia",
        "office",
        "scope",
        "count",
        "count_is_max",
        "table",
        "line",
        "also_at",
    ])?;
    for (o, key) in records.offices.iter().zip(keys) {
        out.row([
            key,
            o.level.as_str().to_string(),
            o.group.clone(),
            opt(o.subgroup),
            fasce(&o.fasce),
            o.office.clone(),
            o.scope.join("; "),
            cells.num(o.count),
            o.count_is_max.to_string(),
            o.table.to_string(),
            o.line.to_string(),
            also_at(&o.also_at),
        ])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("functions.csv"), dialect)?;
    out.row([
        "key",
        "structure",
        "area",
        "activity",
        "table",
        "line",
        "source",
    ])?;
    let keys = unique(records.functions.iter().map(|f| f.key()));
    for (f, key) in records.functions.iter().zip(keys) {
        let source = f.source.as_str();
        out.row([
            key.as_str(),
            f.structure.as_str(),
            &f.area,
            &f.activity,
            &f.table.to_string(),
            &f.line.to_string(),
            source,
        ])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("missions.csv"), dialect)?;
    out.row(["key", "structure", "mission", "line"])?;
    let keys = unique(records.missions.iter().map(|m| m.key()));
    for (m, key) in records.missions.iter().zip(keys) {
        out.row([
            key.as_str(),
            m.structure.as_str(),
            &m.mission,
            &m.line.to_string(),
        ])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("totals.csv"), dialect)?;
    let keys = unique(
        records
            .totals
            .iter()
            .map(|t| t.key())
            .chain(records.overall.iter().map(|o| o.key())),
    );
    let mut keys = keys.into_iter();
    out.row([
        "key", "level", "of", "fascia", "value", "label", "column", "read_as", "source", "table",
        "line", "marker", "also_at",
    ])?;
    for t in &records.totals {
        out.row([
            keys.next().unwrap_or_default(),
            t.level.as_str().to_string(),
            match t.of {
                crate::interpret::TotalOf::Structures => "structures",
                crate::interpret::TotalOf::Positions => "positions",
            }
            .to_string(),
            opt(t.fascia.map(Fascia::as_str)),
            cells.num(Some(t.value)),
            t.label.clone(),
            t.cell.column.to_string(),
            t.read_as.clone(),
            t.source.as_str().to_string(),
            t.table.to_string(),
            t.line.to_string(),
            opt(t.marker.as_ref()),
            also_at(&t.also_at),
        ])?;
    }
    for o in &records.overall {
        let level = match o.scope {
            Some(crate::interpret::Scope::Regional) => "regional",
            Some(crate::interpret::Scope::Provincial) => "provincial",
            Some(crate::interpret::Scope::Total) => "total",
            None => "",
        };
        out.row([
            keys.next().unwrap_or_default(),
            level.to_string(),
            "positions".to_string(),
            opt(o.fascia.map(Fascia::as_str)),
            cells.num(Some(o.value)),
            o.label.clone(),
            o.cell.column.to_string(),
            o.cell.column.to_string(),
            "overall".to_string(),
            o.table.to_string(),
            o.line.to_string(),
            opt(o.marker.as_ref()),
            also_at(&o.also_at),
        ])?;
    }
    out.finish()?;

    super::json::write_json(&dir.join("records.json"), records, 2)
}
