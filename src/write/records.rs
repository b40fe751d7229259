//! The records as spreadsheet tables: positions, members, offices, functions,
//! missions and stated totals, one CSV each, plus `records.json` with all.

use std::path::Path;

use super::{CsvSink, CsvStyle};
use crate::config::CsvDialect;
use crate::error::Result;
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
    out.row([
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
    for p in &records.positions {
        out.row([
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
    out.row([
        "level", "group", "subgroup", "member", "kind", "count", "code", "table", "line", "source",
        "via", "written", "also_at",
    ])?;
    for m in &records.members {
        out.row([
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
    out.row([
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
    for o in &records.offices {
        out.row([
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
    out.row(["structure", "area", "activity", "table", "line", "source"])?;
    for f in &records.functions {
        let source = match f.source {
            crate::interpret::FunctionSource::Matrix => "matrix",
            crate::interpret::FunctionSource::Structure => "structure",
        };
        out.row([
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
    out.row(["structure", "mission", "line"])?;
    for m in &records.missions {
        out.row([m.structure.as_str(), &m.mission, &m.line.to_string()])?;
    }
    out.finish()?;

    let mut out = CsvSink::create(&dir.join("totals.csv"), dialect)?;
    out.row([
        "level", "of", "fascia", "value", "label", "column", "read_as", "source", "table", "line",
        "marker", "also_at",
    ])?;
    for t in &records.totals {
        out.row([
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
