//! Hostile input stays bounded: each case runs the real binary and asserts its
//! exit status, its message, and (generously, so as not to be flaky) its peak
//! memory and time, measured by the kernel for that child process alone.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Workdir;

struct Run {
    status: i32,
    stderr: String,
    peak_mb: f64,
    elapsed: Duration,
}

/// Runs `orgtables extract <file> -q` and reads the child's peak resident
/// memory from `wait4`.
// The child is reaped by `wait4` itself, which is how its rusage is read.
#[allow(clippy::zombie_processes)]
fn run_measured(dir: &Path, file: &str) -> Run {
    run_measured_with(dir, &["extract", file, "-o", "out", "-q"])
}

/// Runs the binary with `args` (its standard output counted and thrown
/// away) and reads the child's peak resident memory from `wait4`.
#[allow(clippy::zombie_processes)]
fn run_measured_with(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_orgtables"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let pid = child.id() as libc::pid_t;
    let stderr_pipe = child.stderr;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr_pipe {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let mut status: libc::c_int = 0;
    // SAFETY: plain POSIX call on our own child; both pointers are to live locals.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let elapsed = start.elapsed();
    Run {
        status: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stderr: reader.join().unwrap_or_default(),
        // ru_maxrss is in kilobytes on Linux.
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        elapsed,
    }
}

fn within(run: &Run, mb: f64, seconds: u64) {
    assert!(
        run.peak_mb < mb,
        "peak memory {:.0} MB over {mb} MB",
        run.peak_mb
    );
    assert!(
        run.elapsed < Duration::from_secs(seconds),
        "took {:?}, over {seconds} s",
        run.elapsed
    );
}

#[test]
fn huge_spans_are_refused_not_allocated() {
    let wd = Workdir::new();
    let mut html = String::from("<table><tr>");
    html.push_str(&"<td rowspan=\"65534\" colspan=\"1000\">x</td>".repeat(3000));
    html.push_str("</tr><tr><td>a</td></tr><tr><td>b</td></tr></table>\n");
    html.push_str(
        &"<table><tr><td rowspan=\"65534\" colspan=\"1000\">y</td></tr></table>\n".repeat(1000),
    );
    wd.write("spans.html", html);
    let run = run_measured(wd.path(), "spans.html");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("spans.html:1: error: table 1 would need at least 2001000 slots, more than the limit of 2000000; it is left out"),
        "{}",
        run.stderr
    );
    // The other tables (a span clamped to its row group: 1 × 1000 slots) are written.
    assert!(wd.path().join("out/spans/tables/1001-table.csv").exists());
    within(&run, 400.0, 120);
}

#[test]
fn deep_nesting_is_cut_at_the_depth_limit() {
    let wd = Workdir::new();
    let html = format!(
        "<table><tr><td>{}profondo{}</td><td>{}grassetto</td></tr></table>\n",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000),
        "<b>".repeat(20_000)
    );
    wd.write("deep.html", html);
    let run = run_measured(wd.path(), "deep.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("deep.html:1: warning: elements are nested more than 512 deep from here on"),
        "{}",
        run.stderr
    );
    let csv = std::fs::read_to_string(wd.path().join("out/deep/tables/01-table.csv")).unwrap();
    assert!(
        csv.contains("profondo") && csv.contains("grassetto"),
        "the text is kept"
    );
    within(&run, 300.0, 60);
}

#[test]
fn ten_thousand_nested_tables() {
    let wd = Workdir::new();
    let html = "<table><tr><td>x".repeat(10_000) + &"</td></tr></table>".repeat(10_000);
    wd.write("nested.html", html);
    let run = run_measured(wd.path(), "nested.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Tables nested deeper than the limit are read as text of the deepest one kept.
    let tables = std::fs::read_dir(wd.path().join("out/nested/tables"))
        .unwrap()
        .count();
    assert_eq!(tables, 512);
    within(&run, 400.0, 120);
}

#[test]
fn a_fifty_megabyte_cell() {
    let wd = Workdir::new();
    let cell = "parola ".repeat(50 * 1024 * 1024 / 7);
    wd.write("big.md", format!("| a |\n|---|\n| {cell} |\n"));
    let run = run_measured(wd.path(), "big.md");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let written = std::fs::metadata(wd.path().join("out/big/tables/01-table.csv"))
        .unwrap()
        .len();
    assert!(written > 50_000_000);
    // Proportional: the input, its clean text, the JSON and CSV buffers.
    within(&run, 1200.0, 180);
}

#[test]
fn a_million_tiny_tables() {
    let wd = Workdir::new();
    wd.write("million.md", "|a|\n|-|\n\n".repeat(1_000_000));
    let run = run_measured(wd.path(), "million.md");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("million.md:30001: error: the document has more than 10000 tables (its limit: 10000, or one per 900 bytes); this one and the rest of the document after it are left out"),
        "{}",
        run.stderr
    );
    let tables = std::fs::read_dir(wd.path().join("out/million/tables"))
        .unwrap()
        .count();
    assert_eq!(tables, 10_000);
    within(&run, 2000.0, 30);
}

#[test]
fn a_million_tiny_html_tables() {
    let wd = Workdir::new();
    wd.write(
        "million.html",
        "<table><tr><td>x</td></tr></table>\n".repeat(1_000_000),
    );
    let run = run_measured(wd.path(), "million.html");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("million.html:38889: error: the document has more than 38888 tables"),
        "{}",
        run.stderr
    );
    let tables = std::fs::read_dir(wd.path().join("out/million/tables"))
        .unwrap()
        .count();
    assert_eq!(tables, 38_888);
    within(&run, 2000.0, 30);
}

/// 500 tables each just under the per-table limit: the document's budget of
/// slots stops them, before any is allocated.
#[test]
fn five_hundred_tables_of_huge_spans() {
    let wd = Workdir::new();
    let table = format!(
        "<table><tr><td colspan=1000 rowspan=1999>x</td></tr>{}</table>\n",
        "<tr>".repeat(1998)
    );
    wd.write("spans.html", table.repeat(500));
    let run = run_measured(wd.path(), "spans.html");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("spans.html:5: error: table 5 would need up to 1999000 slots, past the document's budget of 8026500 for all its tables; it is left out"),
        "{}",
        run.stderr
    );
    // The tables within the budget are written, with their text repeated
    // only as far as the document's budget of repeated text allows.
    assert!(wd.path().join("out/spans/tables/04-table.csv").exists());
    assert!(!wd.path().join("out/spans/tables/05-table.csv").exists());
    within(&run, 2000.0, 30);
}

/// 9 KB of HTML whose one cell spans two million slots with 2 KB of text:
/// the filled CSV does not repeat the text two million times.
#[test]
fn text_repeated_by_a_span_is_bounded() {
    let wd = Workdir::new();
    let text = "parola ".repeat(300);
    wd.write(
        "fill.html",
        format!(
            "<table><tr><td colspan=1000 rowspan=1999>{text}</td></tr>{}</table>\n",
            "<tr>".repeat(1998)
        ),
    );
    let run = run_measured(wd.path(), "fill.html");
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: table 1: its merged cells would take the text they repeat past the document's budget of 64 MB"),
        "{}",
        run.stderr
    );
    let written = std::fs::metadata(wd.path().join("out/fill/tables/01-table.csv"))
        .unwrap()
        .len();
    assert!(written < 20_000_000, "{written} bytes");
    within(&run, 2000.0, 30);
}

/// `<div/>` opens a div in HTML (the slash is ignored): 300,000 of them nest
/// 300,000 deep, which the guard must count as the parser does.
#[test]
fn self_closing_divs_nest_and_are_cut() {
    let wd = Workdir::new();
    wd.write(
        "divs.html",
        format!(
            "<table><tr><td>a</td></tr></table>{}",
            "<div/>".repeat(300_000)
        ),
    );
    let run = run_measured(wd.path(), "divs.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("elements are nested more than 512 deep"),
        "{}",
        run.stderr
    );
    within(&run, 2000.0, 30);
}

/// `<rt>` closes an earlier `<rt>` only inside a `<ruby>`: elsewhere they nest.
#[test]
fn ruby_text_outside_ruby_nests_and_is_cut() {
    let wd = Workdir::new();
    wd.write(
        "rt.html",
        format!(
            "<table><tr><td>a</td></tr></table>{}<ruby>{}</ruby>",
            "<rt>x".repeat(100_000),
            "<rb>b<rt>t<rp>p".repeat(20_000)
        ),
    );
    let run = run_measured(wd.path(), "rt.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 2000.0, 30);
}

/// Each of 250 nested headings would keep its own copy of the 8 MB of text
/// inside them.
#[test]
fn nested_headings_keep_their_text_once() {
    let wd = Workdir::new();
    wd.write(
        "h.html",
        format!(
            "{}{}{}<table><tr><td>a</td></tr></table>",
            "<h1><span>".repeat(250),
            "testo ".repeat(8 * 1024 * 1024 / 6),
            "</span></h1>".repeat(250)
        ),
    );
    let run = run_measured(wd.path(), "h.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 1000.0, 30);
}

/// Found by `cargo fuzz` (html target): a mutated rendition of the seed that
/// timed out once while the machine was starved; it must stay fast.
#[test]
fn regression_fuzz_html_timeout_8c5548f4() {
    let wd = Workdir::new();
    let input = std::fs::read(
        common::repo().join("tests/data/regressions/fuzz-html-timeout-8c5548f4.html"),
    )
    .unwrap();
    wd.write("case.html", input);
    let run = run_measured(wd.path(), "case.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 200.0, 20);
}

/// One table continued over `parts` "pages", all on one line: each part
/// repeats the header and has one row, group `A<i>` of Roma (2 structures
/// × 3 positions stated as 7), then `extra` rows.
fn continued_table(parts: usize, extra: &str) -> String {
    let part = |i: usize| {
        format!(
            "<table><tr><th>Gruppo</th><th>Province</th><th>Numero Strutture</th><th>Dirigenti di II Fascia per struttura</th><th>Totale</th></tr><tr><td>A{i}</td><td>Roma</td><td>2</td><td>3</td><td>7</td></tr>{extra}</table>"
        )
    };
    let doc: String = (0..parts).map(part).collect();
    format!("<html><body>{doc}</body></html>")
}

/// A table continued over three thousand "pages", every part on one line
/// with a member named in each: the rules read the table once, not once per
/// part (which made nine million findings and 24 GB), and `check` draws each
/// finding from a 2 KB window of the one line.
#[test]
fn three_thousand_parts_of_one_table_on_one_line() {
    let wd = Workdir::new();
    wd.write("parts.html", continued_table(3000, ""));
    let run = run_measured(wd.path(), "parts.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 1000.0, 30);
    let findings: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("out/parts/findings.json")).unwrap(),
    )
    .unwrap();
    // Each part's product is wrong (2 × 3 = 6, not 7), and Roma is named
    // again in every part after the first: linear, not quadratic.
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!((count("product"), count("coverage")), (3000, 2999));

    let start = Instant::now();
    let out = common::orgtables(
        wd.path(),
        &["check", "parts.html", "--color", "never"],
        None,
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.status, 1);
    assert!(out.stdout.lines().all(|l| l.chars().count() <= 80));
}

/// A table continued over a thousand "pages", each part with its own totals
/// row: each totals row sums every row of the table. Each finding names at
/// most 64 cells and writes at most 12 terms of a sum, and a cell's tooltip
/// in report.html carries at most six messages. Before, every finding named
/// every row and every cell carried every message: the outputs grew with
/// the cube of the parts (570 MB at 400 parts; 3,000 parts filled a disk).
#[test]
fn a_totals_row_on_each_of_a_thousand_parts() {
    let wd = Workdir::new();
    wd.write(
        "pages.html",
        continued_table(
            1000,
            "<tr><td>Totale</td><td></td><td>2</td><td></td><td>9</td></tr>",
        ),
    );
    let run = run_measured(wd.path(), "pages.html");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 500.0, 60);
    let folder = wd.path().join("out/pages");
    let bytes: u64 = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // 85 MB as measured: linear in the parts (about 85 KB each).
    assert!(bytes < 120_000_000, "{bytes} bytes");
    let findings: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(folder.join("findings.json")).unwrap())
            .unwrap();
    let sums: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "column-total")
        .collect();
    // Two totals per part (structures and positions), each wrong against
    // the sum of all the parts' rows.
    assert_eq!(sums.len(), 2000);
    assert!(
        findings
            .iter()
            .all(|f| f["locations"].as_array().unwrap().len() <= 64)
    );
    let positions = sums
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("fascia II"))
        .expect("a positions total");
    let message = positions["message"].as_str().unwrap();
    assert!(
        message.starts_with("Totale, fascia II (table 1): 9 ≠ 7 + 7 + 7 + 7 + 7 + 7 + 7 + 7 + 7 + 7 + 7 + 7 + … (1000 terms) = 7000 (6991 too few)"),
        "{message}"
    );
    let locations = positions["locations"].as_array().unwrap();
    assert_eq!(locations.len(), 64);
    assert_eq!(locations[0]["text"], "9");
    assert!(
        positions["notes"].as_array().unwrap().iter().any(|n| n
            == "937 more cells (of tables 64–1000) are not listed: a finding names at most 64"),
        "{positions}"
    );
}

/// A zip archive of entries written in the test, each `bytes` repeated
/// `times` times: a bomb is compressed chunk by chunk, never held whole
/// (the test process's memory would count in its children's peak, which
/// the other tests measure).
fn zip_of(entries: &[(&str, &[u8], usize)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, bytes, times) in entries {
            zip.start_file(*name, options).expect("entry");
            for _ in 0..*times {
                zip.write_all(bytes).expect("written");
            }
        }
        zip.finish().expect("archive");
    }
    out.into_inner()
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<(&str, &[u8], usize)> = entries.iter().map(|(n, b)| (*n, *b, 1)).collect();
    zip_of(&entries)
}

/// Word files that are not what they say: a zip bomb stops at the entry's
/// budget, a renamed PDF, a password-protected file (an OLE compound file),
/// an archive without Word's document, and XML with entity expansion are
/// each a clear error naming the file, exit 2, nothing written.
#[test]
fn hostile_word_files_are_clear_errors() {
    let wd = Workdir::new();
    let chunk = vec![b' '; 1 << 20];
    wd.write("bomb.docx", zip_of(&[("word/document.xml", &chunk, 300)]));
    wd.write("renamed.docx", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 4096]);
    wd.write("locked.docx", ole);
    wd.write("other.docx", zip_with(&[("hello.txt", b"hello")]));
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"#;
    wd.write("laughs.docx", zip_with(&[("word/document.xml", laughs)]));
    let cases = [
        ("bomb.docx", "bomb.docx: word/document.xml holds more than"),
        (
            "renamed.docx",
            "renamed.docx: not a Word or OpenDocument file",
        ),
        (
            "locked.docx",
            "locked.docx: a password-protected Word file or an old .doc",
        ),
        (
            "other.docx",
            "other.docx: the archive has no word/document.xml",
        ),
        (
            "laughs.docx",
            "laughs.docx: word/document.xml: a document type declaration",
        ),
    ];
    for (file, message) in cases {
        let run = run_measured(wd.path(), file);
        assert_eq!(run.status, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{file}: {}", run.stderr);
        within(&run, 600.0, 30);
        let stem = file.trim_end_matches(".docx");
        assert!(
            !wd.path().join("out").join(stem).exists(),
            "{file}: nothing written"
        );
    }
}

/// A Word table of three hundred thousand cells (a paragraph each) is read
/// within the document budgets (a million take 4 s and 1 GB in a release
/// build, five times the time in this test build).
#[test]
fn a_word_table_of_three_hundred_thousand_cells() {
    let wd = Workdir::new();
    let mut xml = String::from(r#"<w:document xmlns:w="x"><w:body><w:tbl>"#);
    let row = format!(
        "<w:tr>{}</w:tr>",
        "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>".repeat(100)
    );
    for _ in 0..3_000 {
        xml.push_str(&row);
    }
    xml.push_str("</w:tbl></w:body></w:document>");
    wd.write(
        "big.docx",
        zip_with(&[("word/document.xml", xml.as_bytes())]),
    );
    let run = run_measured(wd.path(), "big.docx");
    assert_eq!(run.status, 0, "{}", run.stderr);
    within(&run, 2048.0, 30);
}

/// `--dump` of the seed written over and over to 20 MB: the dumps are written
/// as they are serialised (a JSON tree of the grids took over 2 GB, a
/// hundred times the document), within the budgets of `extract` itself.
#[test]
fn dumps_of_a_large_document_stay_within_budget() {
    let wd = Workdir::new();
    let seed = format!("{}\n\n", common::seed_markdown());
    wd.write("big.md", seed.repeat(20_000_000 / seed.len()));
    for stage in ["grid", "records", "raw"] {
        let run = run_measured_with(wd.path(), &["extract", "big.md", "--dump", stage]);
        assert_eq!(run.status, 0, "{stage}: {}", run.stderr);
        within(&run, 2000.0, 60);
    }
    assert!(!wd.path().join("output").exists(), "a dump writes no files");
}

/// The files a user gives besides the documents (a vocabulary, a
/// gazetteer, accepted findings) may be anything: a pipe that never ends,
/// a device, a directory, a file past its size, text that is not UTF-8,
/// TOML nested a hundred thousand deep. Each is a clear error naming the
/// file, exit status 2, nothing written, within the budgets.
#[test]
fn files_besides_the_document_are_bounded() {
    let wd = Workdir::new();
    wd.write("doc.md", common::seed_markdown());
    let fifo = std::ffi::CString::new(wd.path().join("fifo").to_str().unwrap()).unwrap();
    // SAFETY: a plain POSIX call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", wd.path().join("zero")).unwrap();
    std::fs::create_dir(wd.path().join("folder")).unwrap();
    let big = std::fs::File::create(wd.path().join("big")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    wd.write("latin1", b"[words]\ngroup = [\"caf\xe9\"]\n");
    wd.write(
        "deep",
        format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let cases = [
        ("fifo", "not a regular file (a pipe, a device or a socket)"),
        ("zero", "not a regular file (a pipe, a device or a socket)"),
        ("folder", "it is a directory"),
        ("big", "209715200 bytes or more, past the"),
        ("latin1", "latin1:2: not"),
        ("deep", "deep:1: not"),
    ];
    for flag in ["--vocabulary", "--gazetteer", "--accepted"] {
        for (file, said) in cases {
            let run = run_measured_with(wd.path(), &["extract", "doc.md", flag, file, "-o", "out"]);
            assert_eq!(run.status, 2, "{flag} {file}: {}", run.stderr);
            assert!(
                run.stderr.contains(file) && run.stderr.contains(said),
                "{flag} {file}: {}",
                run.stderr
            );
            assert!(run.stderr.len() < 1000, "a short message: {}", run.stderr);
            within(&run, 2000.0, 30);
        }
    }
    assert!(!wd.path().join("out").exists(), "nothing is written");
}

/// The output folders `diff` reads back may have been cut short, edited by
/// hand or replaced: a `records.json` that is a pipe, a device, past its
/// size, not UTF-8, nested past any JSON of ours, cut short, or of the
/// wrong shape. Each is a clear error naming the file, exit status 2.
#[test]
fn output_folders_read_back_by_diff_are_bounded() {
    let wd = Workdir::new();
    wd.write("doc.md", common::seed_markdown());
    let folder = |name: &str| {
        let dir = wd.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        wd.write(&format!("{name}/findings.json"), "[]");
        dir.join("records.json")
    };
    let fifo = folder("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain POSIX call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", folder("zero")).unwrap();
    std::fs::File::create(folder("big"))
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    std::fs::write(folder("latin1"), b"{\"tables\": [\"caf\xe9\"]}").unwrap();
    std::fs::write(folder("deep"), "[".repeat(100_000)).unwrap();
    std::fs::write(folder("cut"), "{\"tables\": [{\"index\": 1, \"ki").unwrap();
    std::fs::write(folder("shape"), "{\"tables\": 7}").unwrap();
    let cases = [
        ("fifo", "not a regular file"),
        ("zero", "not a regular file"),
        ("big", "bytes or more, past the"),
        ("latin1", "is not UTF-8 text"),
        ("deep", "recursion limit exceeded"),
        ("cut", "EOF while parsing"),
        ("shape", "no `tables` list"),
    ];
    for (old, said) in cases {
        let run = run_measured_with(wd.path(), &["diff", old, "doc.md", "-o", "out"]);
        assert_eq!(run.status, 2, "{old}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{old}/records.json")) && run.stderr.contains(said),
            "{old}: {}",
            run.stderr
        );
        within(&run, 2000.0, 30);
    }
    assert!(!wd.path().join("out").exists(), "nothing is written");
}

/// More Word files: a table of a million cells (50 MB of XML in a small
/// archive) is read within the budgets; entries named outside the archive
/// (`../../x`, `/tmp/x`) are never written anywhere, as no entry is ever
/// extracted.
#[test]
fn word_files_of_a_million_cells_or_strange_entries_are_bounded() {
    let wd = Workdir::new();
    let head = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>";
    let row = format!(
        "<w:tr>{}</w:tr>",
        "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>".repeat(1000)
    );
    let tail = b"</w:tbl></w:body></w:document>";
    let mut xml = head.to_vec();
    xml.extend(row.repeat(1000).as_bytes());
    xml.extend(tail);
    wd.write("cells.docx", zip_with(&[("word/document.xml", &xml)]));
    drop(xml);
    let run = run_measured(wd.path(), "cells.docx");
    assert_eq!(run.status, 0, "{}", run.stderr);
    // 3 s in a release build, about 20 in the tests' debug build.
    within(&run, 2000.0, 60);
    let para = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>";
    wd.write(
        "slip.docx",
        zip_with(&[
            ("../../outside.txt", b"evil"),
            ("/tmp/absolute.txt", b"evil"),
            ("word/document.xml", para),
        ]),
    );
    let run = run_measured(wd.path(), "slip.docx");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!wd.path().join("../outside.txt").exists());
    assert!(!wd.path().join("outside.txt").exists());
}
