//! `report.html` in a real headless browser (Debian's Chromium, which
//! `make test` installs): it renders, every highlighted cell is visible with
//! its severity's colour, and the page fetches nothing. The page itself has no
//! script (its Content-Security-Policy forbids them); the test measures it by
//! loading a copy with a measuring script appended and the policy removed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workdir, seed_markdown};

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found: `make test` installs Debian's chromium, or set CHROMIUM to a browser binary"
    );
}

/// Headless Chromium with its own profile, quiet on the network, stopped
/// after two minutes.
fn headless(profile: &Path) -> Command {
    let mut command = Command::new("timeout");
    command
        .arg("120")
        .arg(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Loads `page` headless and returns the DOM after its scripts ran.
fn dump_dom(page: &Path, profile: &Path) -> String {
    dump_dom_at(page, profile, 1400)
}

/// Loads `page` headless in a window `width` pixels wide.
///
/// Headless Chromium makes no window narrower than 500 pixels: a narrower
/// page is loaded in a frame that wide, in a page of its own, and measures
/// itself there (its media queries see the frame's width).
fn dump_dom_at(page: &Path, profile: &Path, width: u32) -> String {
    let page = if width < 500 {
        let frame = page.with_extension(format!("frame-{width}.html"));
        let name = page.file_name().unwrap().to_string_lossy();
        std::fs::write(
            &frame,
            format!("<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"{name}\" style=\"width:{width}px;height:1000px;border:0;display:block\"></iframe></body></html>"),
        )
        .unwrap();
        frame
    } else {
        page.to_path_buf()
    };
    let out = headless(profile)
        // The frame of a narrow page is the same file origin as its page.
        .arg("--allow-file-access-from-files")
        .arg(format!("--window-size={},1000", width.max(500)))
        .args(["--virtual-time-budget=5000"])
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const MEASURE: &str = r##"<script>
const cells = [...document.querySelectorAll('[id^="c-"][class*="sev-"]')];
const shown = c => { const r = c.getBoundingClientRect(); const s = getComputedStyle(c);
  return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'; };
const inView = e => { const r = e.getBoundingClientRect(); return r.top >= -1 && r.bottom <= window.innerHeight + 1 && r.left >= -1 && r.right <= window.innerWidth + 1; };
// Landing on each place a finding links to, as a click on the link does
// (the fragment scroll, then the page's script on hashchange): the cell, the
// table's caption and its header row in view. The caption and header row
// need only be in view from top to bottom: a wide row scrolled sideways in
// its box is still there to read.
// (Scrolling leaves fractions of a pixel: one pixel of slack.)
const inHeight = e => { const r = e.getBoundingClientRect(); return r.top >= -1 && r.bottom <= window.innerHeight + 1; };
const pause = () => new Promise(r => setTimeout(r, 30));
async function landings() {
  const out = [];
  for (const a of document.querySelectorAll('li.finding a[href^="#c-"]')) {
    location.hash = '#none'; await pause();
    location.hash = a.getAttribute('href'); await pause();
    const t = document.getElementById(a.getAttribute('href').slice(1));
    const sec = t.closest('section');
    out.push({ href: a.getAttribute('href'), cell: inView(t),
      caption: inHeight(sec.querySelector('thead tr.caption')),
      header: inHeight(sec.querySelector('thead tr:nth-child(2)')) });
  }
  return out;
}
(async () => {
const landed_all = await landings();
const missed = landed_all.filter(l => !(l.cell && l.caption && l.header)).map(l => l.href + ' at ' + window.innerWidth);
const landed = { cell: landed_all[0].cell, caption: landed_all[0].caption, header: landed_all[0].header };
const found = document.querySelector('td.found'), operand = document.querySelector('td.operand');
const style = e => { const s = getComputedStyle(e); return [s.backgroundColor, s.outlineStyle, getComputedStyle(e, '::before').content].join(' '); };
const listed = () => [...document.querySelectorAll('li.finding')].filter(shown).length;
const all = listed();
document.getElementById('show-sev-error').checked = true;
const errors = listed();
document.getElementById('show-all').checked = true;
document.getElementById('show-rule-product').checked = true;
const product = listed();
document.getElementById('rule-all').checked = true;
const result = {
  width: window.innerWidth, landed, missed, found: style(found), operand: style(operand),
  filter: [all, errors, product, listed()],
  page_scrolls: document.documentElement.scrollWidth > window.innerWidth,
  cells: cells.length,
  visible: cells.filter(shown).length,
  colours: [...new Set(cells.map(c => c.className + ' ' + getComputedStyle(c).backgroundColor))].sort(),
  links: [...document.querySelectorAll('a[href^="#c-"]')].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
  backlinks: [...document.querySelectorAll('sup a[href^="#f-"]')].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
  resources: performance.getEntriesByType('resource').map(e => e.name),
  embedded: document.querySelectorAll('img, iframe, object, embed, link, video, audio').length,
  // Rule names on one line each (never cut inside the word), and the
  // contents' top entries one under the other.
  broken_rules: [...document.querySelectorAll('table.checks td:first-child code')].filter(c => c.getClientRects().length > 1).map(c => c.textContent),
  toc_columns: new Set([...document.querySelectorAll('nav.toc > ul > li')].map(li => Math.round(li.getBoundingClientRect().left))).size,
  // Each finding's excerpt: its wrong cell inside the finding's own box,
  // seen without leaving the finding; and no finding repeating the path.
  excerpts: [...document.querySelectorAll('li.finding')].filter(li => li.querySelector('table.excerpt')).length,
  excerpt_misses: [...document.querySelectorAll('li.finding')].filter(li => li.querySelector('table.excerpt')).filter(li => {
    const cell = li.querySelector('table.excerpt .found'); if (!cell) return true;
    const a = li.getBoundingClientRect(), b = cell.getBoundingClientRect();
    return !(b.top >= a.top && b.bottom <= a.bottom && b.width > 0); }).map(li => li.id),
  paths: [...document.querySelectorAll('li.finding')].filter(li => li.textContent.includes('missioni-istituzionali.md')).length,
};
// Written into the top page: a narrow page is measured in a frame.
const top_doc = window.top.document;
const pre = top_doc.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(result);
top_doc.body.appendChild(pre);
})();
</script>"##;

#[test]
fn report_renders_with_visible_highlights_and_no_network() {
    let wd = Workdir::new();
    wd.write("missioni-istituzionali.md", seed_markdown());
    assert_eq!(
        wd.run(&["extract", "missioni-istituzionali.md", "-o", "out"])
            .status,
        0
    );
    let report =
        std::fs::read_to_string(wd.path().join("out/missioni-istituzionali/report.html")).unwrap();

    // Nothing in the page may name anything outside it.
    let lower = report.to_lowercase();
    for needle in [
        "src=", "http://", "https://", "url(", "@import", "<link", "fetch(", "xmlhttp",
    ] {
        assert!(!lower.contains(needle), "report.html holds {needle}");
    }
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "one script, the page's own"
    );

    // The policy allows that one script by its hash, and nothing else: in
    // the page as written, the script runs.
    let start = report
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp = &report[start..start + report[start..].find('>').unwrap() + 1];
    assert!(
        csp.starts_with("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"),
        "{csp}"
    );
    let as_written = dump_dom(
        &wd.path().join("out/missioni-istituzionali/report.html"),
        &wd.path().join("profile-csp"),
    );
    assert!(
        as_written.contains("data-enhanced=\"1\""),
        "the script ran under the policy"
    );
    let harness = report
        .replace(csp, "")
        .replace("</body>", &format!("{MEASURE}</body>"));
    let page = wd.write("harness.html", harness);
    let findings: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("out/missioni-istituzionali/findings.json"))
            .unwrap(),
    )
    .unwrap();
    let count = |key: &str, value: &str| findings.iter().filter(|f| f[key] == value).count();
    let narrow = measured(&dump_dom_at(&page, &wd.path().join("profile-390"), 390));
    let dom = dump_dom(&page, &wd.path().join("profile"));
    let measured = measured(&dom);
    assert_eq!(
        (&measured["width"], &narrow["width"]),
        (&1400.into(), &390.into())
    );
    for m in [&measured, &narrow] {
        assert_eq!(m["page_scrolls"], false, "{m}");
        assert_eq!(
            m["landed"],
            serde_json::json!({"cell": true, "caption": true, "header": true}),
            "from a finding, its cell, the table's caption and header row are in view: {m}"
        );
        assert_eq!(m["missed"], serde_json::json!([]), "{m}");
        assert_eq!(m["broken_rules"], serde_json::json!([]), "{m}");
        let with_cells = findings
            .iter()
            .filter(|f| {
                f["locations"]
                    .as_array()
                    .is_some_and(|ls| ls.iter().any(|l| l["column"] != ""))
            })
            .count();
        assert_eq!(m["excerpts"], with_cells, "{m}");
        assert_eq!(m["excerpt_misses"], serde_json::json!([]), "{m}");
        assert_eq!(m["paths"], 0, "{m}");
        assert_eq!(m["toc_columns"], 1, "{m}");
        assert_ne!(m["found"], m["operand"], "{m}");
        assert!(m["found"].as_str().unwrap().contains("solid"), "{m}");
        assert!(m["operand"].as_str().unwrap().contains("dashed"), "{m}");
        assert_eq!(
            m["filter"],
            serde_json::json!([
                findings.len(),
                count("severity", "error"),
                count("rule", "product"),
                findings.len()
            ]),
            "{m}"
        );
    }

    assert_eq!(measured["cells"], 38, "{measured}");
    assert_eq!(measured["visible"], 38, "{measured}");
    assert_eq!(
        measured["colours"],
        serde_json::json!([
            "found sev-error rgb(255, 179, 179)",
            "found sev-info rgb(188, 217, 255)",
            "found sev-warning rgb(255, 224, 138)",
            "operand sev-error rgb(255, 240, 240)",
            "operand sev-warning rgb(255, 250, 235)"
        ])
    );
    assert_eq!(
        measured["links"], 0,
        "every finding links to a cell that exists"
    );
    assert_eq!(
        measured["backlinks"], 0,
        "every cell links back to a finding that exists"
    );
    assert_eq!(
        measured["resources"],
        serde_json::json!([]),
        "the page fetched nothing"
    );
    assert_eq!(measured["embedded"], 0);
}

/// What the measuring script appended to the page.
fn measured(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"measured\">")
        .expect("the measuring script ran")
        + "<pre id=\"measured\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    serde_json::from_str(
        &dom[start..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
    .unwrap()
}

const MEASURE_DIFF: &str = r##"<script>
const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const bg = sel => [...new Set([...document.querySelectorAll(sel)].map(e => getComputedStyle(e).backgroundColor))];
const result = {
  rows: document.querySelectorAll('tbody tr').length,
  visible: [...document.querySelectorAll('tbody tr')].filter(shown).length,
  del: bg('del'), ins: bg('ins'), cell: bg('td.before'),
  page_scrolls: document.documentElement.scrollWidth > window.innerWidth,
  resources: performance.getEntriesByType('resource').map(e => e.name),
};
// Written into the top page: a narrow page is measured in a frame.
const top_doc = window.top.document;
const pre = top_doc.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(result);
top_doc.body.appendChild(pre);
</script>"##;

#[test]
fn diff_renders_side_by_side_with_links_into_both_reports() {
    let wd = Workdir::new();
    wd.write("old.md", seed_markdown());
    let new = common::repo().join("tests/revisions/new-group/new.md");
    std::fs::copy(&new, wd.path().join("new.md")).unwrap();
    let out = wd.run(&["diff", "old.md", "new.md", "-o", "d"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dir = wd.path().join("d");
    let html = std::fs::read_to_string(dir.join("diff.html")).unwrap();
    let lower = html.to_lowercase();
    for needle in [
        "src=", "http://", "https://", "url(", "@import", "<link", "<script",
    ] {
        assert!(!lower.contains(needle), "diff.html holds {needle}");
    }
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
    assert!(html.contains(csp));

    // Every link goes to a report beside the diff, to an element that is
    // there: 22 changed facts and 5 changed findings, each linked into both
    // revisions' reports but the facts added (13 of them, the new group's
    // among them, new side only), and the 11 persisting findings into the
    // new report.
    let mut links = 0;
    for href in html
        .split("href=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
    {
        let (file, anchor) = href.split_once('#').expect("a link to a place");
        assert!(
            file == "old-report.html" || file == "new-report.html",
            "{href}"
        );
        let report = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            report.contains(&format!("id=\"{anchor}\"")),
            "{href} leads nowhere"
        );
        links += 1;
    }
    assert_eq!(links, 13 + 2 * 9 + 2 * 5 + 11);

    for width in [1400, 390] {
        let harness = html
            .replace(csp, "")
            .replace("</body>", &format!("{MEASURE_DIFF}</body>"));
        let page = wd.write("harness.html", harness);
        let m = measured(&dump_dom_at(&page, &wd.path().join("profile"), width));
        assert_eq!(m["rows"], 27, "{width}: {m}");
        assert_eq!(m["visible"], 27, "{width}: {m}");
        assert_eq!(
            m["del"],
            serde_json::json!(["rgb(255, 215, 215)"]),
            "{width}: {m}"
        );
        assert_eq!(
            m["ins"],
            serde_json::json!(["rgb(212, 247, 212)"]),
            "{width}: {m}"
        );
        assert_eq!(
            m["cell"],
            serde_json::json!(["rgba(0, 0, 0, 0)"]),
            "{width}: {m}"
        );
        assert_eq!(
            m["page_scrolls"], false,
            "{width}: the page scrolls sideways: {m}"
        );
        assert_eq!(m["resources"], serde_json::json!([]), "{width}: {m}");
    }
}

/// Prints `page` to PDF headless and returns each page's text (pdftotext).
fn printed_pages(page: &Path, profile: &Path) -> Vec<String> {
    let pdf = page.with_extension("pdf");
    let out = headless(profile)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (make test installs poppler-utils)");
    assert!(text.status.success());
    String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .map(String::from)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn printed_report_repeats_header_rows_and_keeps_headings_with_tables() {
    let wd = Workdir::new();
    let mut doc = String::from(
        "Quadro lungo\n\n| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n",
    );
    for i in 1..=150 {
        doc.push_str(&format!("| G{i} | Roma | 1 | 1 | 1 |\n"));
    }
    wd.write("long.md", &doc);
    assert_eq!(wd.run(&["extract", "long.md", "-o", "out"]).status, 0);
    let pages = printed_pages(
        &wd.path().join("out/long/report.html"),
        &wd.path().join("profile"),
    );
    // A body row of the table as pdftotext lays it out, all five cells
    // (the findings' messages and excerpts name the groups too).
    let body = regex::Regex::new(r"(?m)^\s*G\d+\s+(✖\s+)?Roma(\[\d+\])?\s+1\s+1\s+1\b").unwrap();
    let with_rows: Vec<&String> = pages.iter().filter(|p| body.is_match(p)).collect();
    assert!(
        with_rows.len() >= 3,
        "the table runs over pages: {}",
        with_rows.len()
    );
    for page in &with_rows {
        let first_row = page.lines().position(|l| body.is_match(l)).unwrap();
        assert!(
            page.lines()
                .take(first_row)
                .any(|l| l.contains("Province") && l.contains("Totale")),
            "a page of the table starts with its header row:\n{page}"
        );
    }
    // The table's heading is on the page where its rows begin.
    let heading = pages
        .iter()
        .position(|p| p.contains("Table 1 — Quadro lungo"))
        .unwrap();
    assert!(
        pages[heading]
            .lines()
            .any(|l| l.trim_start().starts_with("G1 ")),
        "{}",
        pages[heading]
    );
}
