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

/// Loads `page` headless and returns the DOM after its scripts ran.
fn dump_dom(page: &Path, profile: &Path) -> String {
    dump_dom_at(page, profile, 1400)
}

/// Loads `page` headless in a window `width` pixels wide.
fn dump_dom_at(page: &Path, profile: &Path, width: u32) -> String {
    let out = Command::new("timeout")
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
        .arg(format!("--window-size={width},1000"))
        .args(["--virtual-time-budget=5000"])
        .arg(format!("--user-data-dir={}", profile.display()))
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
const inView = e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; };
const findingLink = document.querySelector('li.finding a[href^="#c-"]');
const target = document.getElementById(findingLink.getAttribute('href').slice(1));
target.scrollIntoView();
// What landing on a cell from its finding shows: scroll-margin applies to
// scrollIntoView as to a fragment.
const section = target.closest('section');
// The caption and header row need only be in view from top to bottom: a
// wide row scrolled sideways in its box is still there to read.
const inHeight = e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; };
const landed = { cell: inView(target), caption: inHeight(section.querySelector("h3")),
  header: inHeight(section.querySelector('thead tr')) };
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
  landed, found: style(found), operand: style(operand),
  filter: [all, errors, product, listed()],
  page_scrolls: document.documentElement.scrollWidth > window.innerWidth,
  cells: cells.length,
  visible: cells.filter(shown).length,
  colours: [...new Set(cells.map(c => c.className + ' ' + getComputedStyle(c).backgroundColor))].sort(),
  links: [...document.querySelectorAll('a[href^="#c-"]')].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
  backlinks: [...document.querySelectorAll('sup a[href^="#f-"]')].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
  resources: performance.getEntriesByType('resource').map(e => e.name),
  embedded: document.querySelectorAll('img, iframe, object, embed, link, video, audio').length,
};
const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(result);
document.body.appendChild(pre);
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
        "src=", "http://", "https://", "url(", "@import", "<link", "<script",
    ] {
        assert!(!lower.contains(needle), "report.html holds {needle}");
    }

    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
    assert!(report.contains(csp));
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
    for m in [&measured, &narrow] {
        assert_eq!(m["page_scrolls"], false, "{m}");
        assert_eq!(
            m["landed"],
            serde_json::json!({"cell": true, "caption": true, "header": true}),
            "from a finding, its cell, the table's caption and header row are in view: {m}"
        );
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
const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(result);
document.body.appendChild(pre);
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
    // there: 21 changed facts and 5 changed findings, each linked into both
    // revisions' reports but the facts added (12 of them, new side only),
    // and the 11 persisting findings into the new report.
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
    assert_eq!(links, 12 + 2 * 9 + 2 * 5 + 11);

    for width in [1400, 390] {
        let harness = html
            .replace(csp, "")
            .replace("</body>", &format!("{MEASURE_DIFF}</body>"));
        let page = wd.write("harness.html", harness);
        let m = measured(&dump_dom_at(&page, &wd.path().join("profile"), width));
        assert_eq!(m["rows"], 26, "{width}: {m}");
        assert_eq!(m["visible"], 26, "{width}: {m}");
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
