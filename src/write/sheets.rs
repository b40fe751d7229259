//! The record files as typed tables: each column's name and type, each row
//! of typed values. One description drives the record CSVs, the workbook's
//! record sheets and the data package's schemas, so that the three cannot
//! disagree on a column.

use crate::interpret::keys::unique;
use crate::interpret::{
    Fascia, Function, Location, Member, Mission, Office, OverallRow, Position, Records, StatedTotal,
};
use crate::source::Unit;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    /// A whole number (a count, a table number, a line).
    Integer,
    /// A number as the document states it (it may have decimals).
    Number,
    Boolean,
    /// Digits that are text: an ISTAT code keeps its leading zeros.
    Code,
}

impl Type {
    /// The Table Schema type (Frictionless Data).
    pub fn schema(self) -> &'static str {
        match self {
            Type::Text | Type::Code => "string",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub description: &'static str,
}

const fn col(name: &'static str, ty: Type, description: &'static str) -> Column {
    Column {
        name,
        ty,
        description,
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    /// Not stated.
    Empty,
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    fn num(v: Option<f64>) -> Value {
        v.map_or(Value::Empty, Value::Number)
    }

    fn int(v: impl Into<u64>) -> Value {
        Value::Number(v.into() as f64)
    }
}

/// A record file: its name (`positions`, written `positions.csv`), columns
/// and rows. The first column, `key`, is the primary key.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Value>>,
}

const KEY: Column = col(
    "key",
    Type::Text,
    "the record's identity: what it is about, never where it stands",
);
const LEVEL: Column = col(
    "level",
    Type::Text,
    "regional, provincial (total in the overall summary)",
);
const TABLE: Column = col(
    "table",
    Type::Integer,
    "the 1-based index of the table in the document",
);
const LINE: Column = col(
    "line",
    Type::Integer,
    "the 1-based source line of the row (its paragraph in a Word or OpenDocument file)",
);
const ALSO_AT: Column = col(
    "also_at",
    Type::Text,
    "the identical copies of the table that state the same fact, as `table N, line M` (`paragraph M` in a Word or OpenDocument file)",
);
const MARKER: Column = col(
    "marker",
    Type::Text,
    "a footnote marker on one of the row's values",
);

pub const POSITIONS: &[Column] = &[
    KEY,
    LEVEL,
    col("group", Type::Text, "the complexity group"),
    col(
        "subgroup",
        Type::Integer,
        "1-based; a cell holding several values gives several",
    ),
    col("fascia", Type::Text, "I or II"),
    col("structures", Type::Number, "number of structures"),
    col("per_structure", Type::Number, "positions per structure"),
    col(
        "total_stated",
        Type::Number,
        "the total the document states",
    ),
    col("total_computed", Type::Number, "structures × per_structure"),
    col("source", Type::Text, "detail or summary table"),
    TABLE,
    LINE,
    MARKER,
    ALSO_AT,
];

pub const MEMBERS: &[Column] = &[
    KEY,
    LEVEL,
    col("group", Type::Text, "the complexity group"),
    col(
        "subgroup",
        Type::Integer,
        "1-based; empty when the members could not be aligned",
    ),
    col("member", Type::Text, "the gazetteer's spelling"),
    col("kind", Type::Text, "region, province or aggregate"),
    col(
        "count",
        Type::Integer,
        "1, or N for an aggregate that counts N places (`N Sedi Provinciali`)",
    ),
    col(
        "code",
        Type::Code,
        "ISTAT code, as text with its leading zeros",
    ),
    TABLE,
    LINE,
    col("source", Type::Text, "detail or summary table"),
    col(
        "via",
        Type::Text,
        "for a name resolved from an aggregate: the aggregate",
    ),
    col("written", Type::Text, "the name as written"),
    ALSO_AT,
];

pub const OFFICES: &[Column] = &[
    KEY,
    LEVEL,
    col("group", Type::Text, "the complexity group"),
    col(
        "subgroup",
        Type::Integer,
        "empty when the cell covers several",
    ),
    col(
        "fascia",
        Type::Text,
        "I, II, or I+II for a cell written once for the group",
    ),
    col("office", Type::Text, "the office"),
    col(
        "scope",
        Type::Text,
        "what the office covers, `; `-separated",
    ),
    col("count", Type::Number, "how many"),
    col(
        "count_is_max",
        Type::Boolean,
        "the count is a maximum (`fino a N`)",
    ),
    TABLE,
    LINE,
    ALSO_AT,
];

pub const FUNCTIONS: &[Column] = &[
    KEY,
    col("structure", Type::Text, "the structure"),
    col("area", Type::Text, "the area of functions"),
    col("activity", Type::Text, "the function"),
    TABLE,
    LINE,
    col(
        "source",
        Type::Text,
        "matrix, or structure: the structure's own table",
    ),
];

pub const MISSIONS: &[Column] = &[
    KEY,
    col("structure", Type::Text, "the structure"),
    col("mission", Type::Text, "the mission"),
    LINE,
];

pub const TOTALS: &[Column] = &[
    KEY,
    LEVEL,
    col("of", Type::Text, "structures or positions"),
    col("fascia", Type::Text, "I or II"),
    col("value", Type::Number, "the total as stated"),
    col("label", Type::Text, "the row's label"),
    col("column", Type::Text, "the column the value is written in"),
    col(
        "read_as",
        Type::Text,
        "the column it totals (differs in a misaligned row)",
    ),
    col("source", Type::Text, "detail, summary or overall"),
    TABLE,
    LINE,
    MARKER,
    ALSO_AT,
];

fn opt(value: Option<impl ToString>) -> Value {
    value.map_or(Value::Empty, |v| Value::text(v.to_string()))
}

fn fasce(list: &[Fascia]) -> Value {
    Value::text(
        list.iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("+"),
    )
}

/// `table 11, line 133; table 12, line 140`: a form no spreadsheet reads as
/// a time (`11:133`) or a date (a Word file's places name paragraphs).
fn also_at(unit: Unit, list: &[Location]) -> Value {
    Value::text(
        list.iter()
            .map(|l| format!("table {}, {}", l.table, unit.at(l.line)))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Rows of records: each its key (made unique) and its values.
fn keyed<T>(
    items: &[T],
    key: impl Fn(&T) -> String,
    values: impl Fn(&T) -> Vec<Value>,
) -> Vec<Vec<Value>> {
    unique(items.iter().map(key))
        .into_iter()
        .zip(items)
        .map(|(key, item)| {
            let mut row = vec![Value::Text(key)];
            row.extend(values(item));
            row
        })
        .collect()
}

/// The record files of a document, in the order they are listed.
pub fn record_sheets(records: &Records) -> Vec<Sheet> {
    let unit = records.unit;
    let sheet = |name, columns, rows| Sheet {
        name,
        columns,
        rows,
    };
    vec![
        sheet(
            "positions",
            POSITIONS,
            keyed(&records.positions, Position::key, |p| position_row(p, unit)),
        ),
        sheet(
            "members",
            MEMBERS,
            keyed(&records.members, Member::key, |m| member_row(m, unit)),
        ),
        sheet(
            "offices",
            OFFICES,
            keyed(&records.offices, Office::key, |o| office_row(o, unit)),
        ),
        sheet(
            "functions",
            FUNCTIONS,
            keyed(&records.functions, Function::key, function_row),
        ),
        sheet(
            "missions",
            MISSIONS,
            keyed(&records.missions, Mission::key, |m| {
                vec![
                    Value::text(m.structure.clone()),
                    Value::text(m.mission.clone()),
                    Value::int(m.line),
                ]
            }),
        ),
        sheet("totals", TOTALS, totals_rows(records)),
    ]
}

fn position_row(p: &Position, unit: Unit) -> Vec<Value> {
    vec![
        Value::text(p.level.as_str()),
        Value::text(p.group.clone()),
        Value::int(p.subgroup as u64),
        opt(p.fascia.map(Fascia::as_str)),
        Value::num(p.structures),
        Value::num(p.per_structure),
        Value::num(p.total_stated),
        Value::num(p.total_computed),
        Value::text(p.source.as_str()),
        Value::int(p.table as u64),
        Value::int(p.line),
        opt(p.marker.as_ref()),
        also_at(unit, &p.also_at),
    ]
}

fn member_row(m: &Member, unit: Unit) -> Vec<Value> {
    vec![
        Value::text(m.level.as_str()),
        Value::text(m.group.clone()),
        m.subgroup.map_or(Value::Empty, |s| Value::int(s as u64)),
        Value::text(m.member.clone()),
        Value::text(m.kind.as_str()),
        Value::int(m.count),
        opt(m.code.as_ref()),
        Value::int(m.table as u64),
        Value::int(m.line),
        Value::text(m.source.as_str()),
        opt(m.via.as_ref()),
        Value::text(m.written.clone()),
        also_at(unit, &m.also_at),
    ]
}

fn office_row(o: &Office, unit: Unit) -> Vec<Value> {
    vec![
        Value::text(o.level.as_str()),
        Value::text(o.group.clone()),
        o.subgroup.map_or(Value::Empty, |s| Value::int(s as u64)),
        fasce(&o.fasce),
        Value::text(o.office.clone()),
        Value::text(o.scope.join("; ")),
        Value::num(o.count),
        Value::Bool(o.count_is_max),
        Value::int(o.table as u64),
        Value::int(o.line),
        also_at(unit, &o.also_at),
    ]
}

fn function_row(f: &Function) -> Vec<Value> {
    vec![
        Value::text(f.structure.clone()),
        Value::text(f.area.clone()),
        Value::text(f.activity.clone()),
        Value::int(f.table as u64),
        Value::int(f.line),
        Value::text(f.source.as_str()),
    ]
}

/// The stated totals, then the overall summary's rows, in one file: their
/// keys made unique together.
fn totals_rows(records: &Records) -> Vec<Vec<Value>> {
    let unit = records.unit;
    let keys = unique(
        (records.totals.iter().map(StatedTotal::key))
            .chain(records.overall.iter().map(OverallRow::key)),
    );
    let mut keys = keys.into_iter().map(Value::Text);
    let mut rows: Vec<Vec<Value>> =
        Vec::with_capacity(records.totals.len() + records.overall.len());
    for t in &records.totals {
        rows.push(vec![
            keys.next().unwrap_or(Value::Empty),
            Value::text(t.level.as_str()),
            Value::text(t.of.as_str()),
            opt(t.fascia.map(Fascia::as_str)),
            Value::Number(t.value),
            Value::text(t.label.clone()),
            Value::text(t.cell.column.to_string()),
            Value::text(t.read_as.clone()),
            Value::text(t.source.as_str()),
            Value::int(t.table as u64),
            Value::int(t.line),
            opt(t.marker.as_ref()),
            also_at(unit, &t.also_at),
        ]);
    }
    for o in &records.overall {
        rows.push(vec![
            keys.next().unwrap_or(Value::Empty),
            opt(o.scope.map(|s| s.as_str())),
            Value::text("positions"),
            opt(o.fascia.map(Fascia::as_str)),
            Value::Number(o.value),
            Value::text(o.label.clone()),
            Value::text(o.cell.column.to_string()),
            Value::text(o.cell.column.to_string()),
            Value::text("overall"),
            Value::int(o.table as u64),
            Value::int(o.line),
            opt(o.marker.as_ref()),
            also_at(unit, &o.also_at),
        ]);
    }
    rows
}

pub const TABLES: &[Column] = &[
    col(
        "table",
        Type::Integer,
        "the 1-based index of the table in the document",
    ),
    col(
        "kind",
        Type::Text,
        "what the table was recognised as (generic: none)",
    ),
    col(
        "level",
        Type::Text,
        "regional or provincial, where the table is of one",
    ),
    col("caption", Type::Text, "the table's caption"),
    LINE,
    col("rows", Type::Integer, "body rows"),
    col("columns", Type::Integer, "columns"),
    col("file", Type::Text, "the table's CSV in this folder"),
    col(
        "continues",
        Type::Integer,
        "the first part of the table this one continues",
    ),
    col("copy_of", Type::Integer, "the table this one repeats"),
    col(
        "identical",
        Type::Boolean,
        "the copy is identical to the table it repeats",
    ),
];

/// `tables.csv`: one row per table of the document, the index the record
/// files' `table` column refers to.
pub fn tables_sheet(ex: &crate::Extraction) -> Sheet {
    let info: foldhash::HashMap<usize, &crate::interpret::TableInfo> =
        ex.records.tables.iter().map(|t| (t.index, t)).collect();
    let rows = ex
        .grids
        .iter()
        .map(|g| {
            let t = info.get(&g.index);
            let index = |i: Option<usize>| i.map_or(Value::Empty, |i| Value::int(i as u64));
            vec![
                Value::int(g.index as u64),
                Value::text(t.map_or("generic", |t| t.kind.as_str())),
                opt(t.and_then(|t| t.level).map(|l| l.as_str())),
                opt(g.caption.as_ref().map(|c| c.text.as_str())),
                Value::int(g.line),
                Value::int(g.body().count() as u64),
                Value::int(g.width as u64),
                Value::text(format!("tables/{}", super::table_file_name(g))),
                index(g.continues),
                index(t.and_then(|t| t.copy_of)),
                match t.and_then(|t| t.copy_of.map(|_| t.identical)) {
                    Some(identical) => Value::Bool(identical),
                    None => Value::Empty,
                },
            ]
        })
        .collect();
    Sheet {
        name: "tables",
        columns: TABLES,
        rows,
    }
}
