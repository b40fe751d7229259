//! pandoc's (and reStructuredText's) grid tables traced into cells with
//! their spans, as pandoc's `gridtables` traces them: the column boundaries
//! are the `+` of every separator line, the row boundaries those lines and
//! the lines where a spanning cell's text meets a sub-row's separator
//! (`| Alta  +------+`), and each cell is the smallest rectangle closed by
//! edges from one corner. The tracing counts its steps and gives up past a
//! budget proportional to the table's size: a malformed grid cannot make
//! it search for long (pandoc's search is of the fourth degree in the
//! table's size on such a grid).

/// A traced cell: the row band and fine column it starts in, its spans,
/// and the rectangle of text inside its edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    /// Lines of the table (0-based) the cell's text lies between,
    /// exclusive of its top and bottom edges.
    pub lines: std::ops::Range<usize>,
    /// Display columns of each line between the cell's left and right
    /// edges, exclusive.
    pub chars: std::ops::Range<usize>,
}

/// Which rows are the head and the foot: pandoc marks the head's end with a
/// separator of `=` and a foot with a second one, the table's bottom edge
/// being of `=` too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    pub cells: Vec<TracedCell>,
    /// Row bands.
    pub rows: usize,
    pub head_rows: usize,
    /// The first foot row, if the table has a foot.
    pub foot_from: Option<usize>,
    /// The table line (0-based) at the top of each row band.
    pub row_lines: Vec<usize>,
}

/// Why a block of grid lines gives no table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Untraceable {
    /// No two column boundaries or no two separator lines.
    NotAGrid,
    /// A tab in a line: pandoc lays grid tables on characters, and a tab has
    /// no width to trace.
    Tab(usize),
    /// More steps than the budget, on a grid whose edges do not close.
    TooIrregular,
    /// Some of its text lies in no cell.
    Unclosed,
}

/// The table's characters, line by line, read as spaces past a line's end
/// (no line is padded: one long line costs nothing on the others).
struct Chars {
    lines: Vec<Vec<char>>,
}

impl Chars {
    fn at(&self, line: usize, col: usize) -> char {
        self.lines
            .get(line)
            .and_then(|l| l.get(col))
            .copied()
            .unwrap_or(' ')
    }
}

/// A line as the display cells it takes: a wide character fills two (the
/// second `\0`), a zero-width one none, as pandoc lays a grid out.
fn display_cells(line: &str) -> Vec<char> {
    let mut cells = Vec::with_capacity(line.len());
    for c in line.chars() {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width > 0 {
            cells.push(c);
            cells.extend(std::iter::repeat_n('\0', width - 1));
        }
    }
    cells
}

fn is_horizontal(c: char) -> bool {
    matches!(c, '-' | '=' | ':' | '+')
}

fn is_vertical(c: char) -> bool {
    matches!(c, '|' | '+')
}

/// A full separator line: a `+`, and nothing but edges and spaces.
fn is_separator(line: &[char]) -> bool {
    line.contains(&'+')
        && line
            .iter()
            .all(|&c| matches!(c, '+' | '-' | '=' | ':' | '|' | ' '))
}

/// The steps the tracing may take per fine slot of the grid, and at least.
const STEPS_PER_SLOT: usize = 64;
const MIN_STEPS: usize = 100_000;

/// Traces the grid table written in `lines` (its own left edge at column 0).
pub fn trace(lines: &[&str]) -> Result<Traced, Untraceable> {
    if let Some(at) = lines.iter().position(|l| l.contains('\t')) {
        return Err(Untraceable::Tab(at));
    }
    let chars = Chars {
        lines: lines.iter().map(|l| display_cells(l.trim_end())).collect(),
    };
    let full: Vec<bool> = chars.lines.iter().map(|l| is_separator(l)).collect();
    let mut cols: Vec<usize> = chars
        .lines
        .iter()
        .zip(&full)
        .filter(|(_, full)| **full)
        .flat_map(|(l, _)| {
            l.iter()
                .enumerate()
                .filter(|(_, c)| **c == '+')
                .map(|(i, _)| i)
        })
        .collect();
    cols.sort_unstable();
    cols.dedup();
    if cols.len() < 2 {
        return Err(Untraceable::NotAGrid);
    }
    let bounds: Vec<usize> = (0..chars.lines.len())
        .filter(|&i| full[i] || has_inner_separator(&chars.lines[i], &cols))
        .collect();
    if bounds.len() < 2 {
        return Err(Untraceable::NotAGrid);
    }
    let mut tracer = Tracer::new(&chars, &cols, &bounds);
    let cells = tracer.cells()?;
    let (head_rows, foot_from) = head_and_foot(&chars, &full, &bounds);
    Ok(Traced {
        rows: bounds.len() - 1,
        row_lines: bounds[..bounds.len() - 1].to_vec(),
        cells,
        head_rows,
        foot_from,
    })
}

/// A run `+--+` whose `+`s all sit on column boundaries, in a line that also
/// holds a spanning cell's text: a row boundary for the cells it closes.
fn has_inner_separator(line: &[char], cols: &[usize]) -> bool {
    let mut i = 0;
    while i < line.len() {
        if !is_horizontal(line[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && is_horizontal(line[i]) {
            i += 1;
        }
        let run = &line[start..i];
        if run.len() >= 3
            && run[0] == '+'
            && run[run.len() - 1] == '+'
            && run.iter().any(|&c| matches!(c, '-' | '='))
            && run
                .iter()
                .enumerate()
                .all(|(k, &c)| c != '+' || cols.binary_search(&(start + k)).is_ok())
        {
            return true;
        }
    }
    false
}

/// The head's rows (above the first `=` separator that is not the bottom
/// edge) and the foot's first row (below the last `=` separator before a
/// bottom edge of `=`).
fn head_and_foot(chars: &Chars, full: &[bool], bounds: &[usize]) -> (usize, Option<usize>) {
    let last = bounds.len() - 1;
    let double: Vec<usize> = (1..=last)
        .filter(|&b| full[bounds[b]] && chars.lines[bounds[b]].contains(&'='))
        .collect();
    let head = double.first().copied().filter(|&b| b < last).unwrap_or(0);
    let foot = double
        .last()
        .filter(|&&b| b == last)
        .and_then(|_| double.iter().copied().rfind(|&b| b > head && b < last));
    (head, foot)
}

/// The search for cells, over precomputed edges: `h[b][c]` the horizontal
/// edge on row boundary `b` over fine column `c`, `v[r][k]` the vertical
/// edge on column boundary `k` along row band `r`, `corner[b][k]` a `+`.
struct Tracer<'c> {
    chars: &'c Chars,
    cols: &'c [usize],
    bounds: &'c [usize],
    h: Vec<Vec<bool>>,
    v: Vec<Vec<bool>>,
    corner: Vec<Vec<bool>>,
    steps: usize,
    budget: usize,
}

impl<'c> Tracer<'c> {
    fn new(chars: &'c Chars, cols: &'c [usize], bounds: &'c [usize]) -> Tracer<'c> {
        let h = bounds
            .iter()
            .map(|&line| {
                cols.windows(2)
                    .map(|w| (w[0] + 1..w[1]).all(|c| is_horizontal(chars.at(line, c))))
                    .collect()
            })
            .collect();
        let v = bounds
            .windows(2)
            .map(|w| {
                cols.iter()
                    .map(|&k| (w[0] + 1..w[1]).all(|line| is_vertical(chars.at(line, k))))
                    .collect()
            })
            .collect();
        let corner = bounds
            .iter()
            .map(|&line| cols.iter().map(|&k| chars.at(line, k) == '+').collect())
            .collect();
        let slots = bounds.len().saturating_mul(cols.len());
        Tracer {
            chars,
            cols,
            bounds,
            h,
            v,
            corner,
            steps: 0,
            budget: slots.saturating_mul(STEPS_PER_SLOT).max(MIN_STEPS),
        }
    }

    fn step(&mut self, n: usize) -> Result<(), Untraceable> {
        self.steps += n;
        if self.steps > self.budget {
            return Err(Untraceable::TooIrregular);
        }
        Ok(())
    }

    /// Every cell, from each free corner in reading order; text outside
    /// every cell makes the grid unreadable.
    fn cells(&mut self) -> Result<Vec<TracedCell>, Untraceable> {
        let (rows, cols) = (self.bounds.len() - 1, self.cols.len() - 1);
        let mut taken = vec![vec![false; cols]; rows];
        let mut cells = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                self.step(1)?;
                if taken[r][c] || !self.corner[r][c] {
                    continue;
                }
                let Some((er, ec)) = self.close(r, c)? else {
                    continue;
                };
                for row in &mut taken[r..er] {
                    row[c..ec].iter_mut().for_each(|t| *t = true);
                }
                cells.push(TracedCell {
                    row: r,
                    col: c,
                    rowspan: er - r,
                    colspan: ec - c,
                    lines: self.bounds[r] + 1..self.bounds[er],
                    chars: self.cols[c] + 1..self.cols[ec],
                });
            }
        }
        if taken.iter().flatten().any(|t| !t) && self.text_outside(&taken) {
            return Err(Untraceable::Unclosed);
        }
        Ok(cells)
    }

    /// The smallest rectangle closed from corner (`r`, `c`): its bottom row
    /// boundary and right column boundary. Its edges must run unbroken
    /// along every row band and column it spans, across the boundaries
    /// inside it too.
    fn close(&mut self, r: usize, c: usize) -> Result<Option<(usize, usize)>, Untraceable> {
        let (rows, cols) = (self.bounds.len() - 1, self.cols.len() - 1);
        for ec in c + 1..=cols {
            self.step(1)?;
            if !self.h[r][ec - 1] {
                break;
            }
            if self.corner[r][ec]
                && let Some(er) = self.bottom(r, c, ec, rows)?
            {
                return Ok(Some((er, ec)));
            }
            if !is_horizontal(self.chars.at(self.bounds[r], self.cols[ec])) {
                break;
            }
        }
        Ok(None)
    }

    /// The first row boundary that closes the cell from (`r`, `c`) to
    /// column boundary `ec`.
    fn bottom(
        &mut self,
        r: usize,
        c: usize,
        ec: usize,
        rows: usize,
    ) -> Result<Option<usize>, Untraceable> {
        for er in r + 1..=rows {
            self.step(1)?;
            if !self.v[er - 1][c] || !self.v[er - 1][ec] {
                break;
            }
            if self.corner[er][c] && self.corner[er][ec] {
                self.step(ec - c)?;
                if self.h[er][c..ec].iter().all(|&e| e) {
                    return Ok(Some(er));
                }
            }
            let line = self.bounds[er];
            if !is_vertical(self.chars.at(line, self.cols[c]))
                || !is_vertical(self.chars.at(line, self.cols[ec]))
            {
                break;
            }
        }
        Ok(None)
    }

    /// Whether a slot no cell covers holds text (a slot of edges only is a
    /// gap a pandoc grid may leave).
    fn text_outside(&self, taken: &[Vec<bool>]) -> bool {
        taken.iter().enumerate().any(|(r, row)| {
            row.iter().enumerate().any(|(c, &t)| {
                !t && (self.bounds[r] + 1..self.bounds[r + 1]).any(|line| {
                    (self.cols[c] + 1..self.cols[c + 1])
                        .any(|k| !matches!(self.chars.at(line, k), ' ' | '|' | '+' | '-'))
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(t: &Traced) -> Vec<(usize, usize, usize, usize)> {
        t.cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan))
            .collect()
    }

    #[test]
    fn a_plain_grid_has_a_cell_per_slot_and_a_head() {
        let t = trace(&[
            "+-----+-----+",
            "| a   | b   |",
            "+=====+=====+",
            "| 1   | 2   |",
            "|     | 3   |",
            "+-----+-----+",
        ])
        .unwrap();
        assert_eq!(
            spans(&t),
            vec![(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]
        );
        assert_eq!((t.rows, t.head_rows, t.foot_from), (2, 1, None));
        assert_eq!(t.cells[3].lines, 3..5);
        assert_eq!(t.cells[3].chars, 7..12);
        assert_eq!(t.row_lines, vec![0, 2]);
    }

    /// pandoc 3's spans: a row span leaves out the separator under the
    /// spanning cell, a column span the `|` between cells.
    #[test]
    fn spans_are_traced_as_pandoc_writes_them() {
        let t = trace(&[
            "+-------+---+---+",
            "| Gruppo| Totali|",
            "|       +---+---+",
            "|       | I | II|",
            "+=======+===+===+",
            "| Alta  | 9 | 45|",
            "+-------+---+---+",
        ])
        .unwrap();
        assert_eq!(
            spans(&t),
            vec![
                (0, 0, 2, 1),
                (0, 1, 1, 2),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 0, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
        assert_eq!(t.head_rows, 2);
    }

    #[test]
    fn a_foot_follows_a_second_double_separator() {
        let t = trace(&[
            "+---+", "| a |", "+===+", "| 1 |", "+===+", "| 9 |", "+===+",
        ])
        .unwrap();
        assert_eq!((t.rows, t.head_rows, t.foot_from), (3, 1, Some(2)));
        let headless = trace(&["+---+", "| 1 |", "+---+", "| 2 |", "+---+"]).unwrap();
        assert_eq!((headless.head_rows, headless.foot_from), (0, None));
    }

    #[test]
    fn grids_that_do_not_close_are_refused() {
        assert_eq!(trace(&["+---+", "| a  "]), Err(Untraceable::NotAGrid));
        assert_eq!(
            trace(&["+---+", "|\ta|", "+---+"]),
            Err(Untraceable::Tab(1))
        );
        assert_eq!(
            trace(&[
                "+---+---+",
                "| a   b |",
                "+---+---+",
                "| text  ",
                "+---+---+"
            ]),
            Err(Untraceable::Unclosed)
        );
    }

    /// A grid of corners whose right edges never close: pandoc's search
    /// takes seconds on a few hundred rows; this one stops at its budget.
    #[test]
    fn an_irregular_grid_stops_at_its_budget() {
        let cols = 80;
        let sep = format!("{}+", "+--".repeat(cols));
        let open = format!("|{}", "   ".repeat(cols));
        let mut lines = vec![sep.clone()];
        for _ in 0..800 {
            lines.push(open.clone());
            lines.push(sep.clone());
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let traced = trace(&refs);
        assert!(matches!(
            traced,
            Err(Untraceable::TooIrregular | Untraceable::Unclosed)
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
