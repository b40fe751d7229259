//! The findings files and the reports written by `extract`, the `check`
//! command's output and exit statuses, and hostile document text kept inert.

mod common;

use common::{Workdir, seed_markdown};

const CONSISTENT: &str = "Quadro\n\n| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n| A | Roma, Milano | 2 | 3 | 6 |\n| | Totale strutture | 2 | Totale Dirigenti | 6 |\n";

#[test]
fn extract_writes_findings_and_reports() {
    let wd = Workdir::new();
    wd.write("input/missioni-istituzionali.md", seed_markdown());
    assert_eq!(wd.run(&["extract", "--csv-dialect", "plain"]).status, 0);
    let dir = "output/missioni-istituzionali";
    let findings: serde_json::Value =
        serde_json::from_str(&wd.read(&format!("{dir}/findings.json"))).unwrap();
    let first = &findings[0];
    for key in [
        "id",
        "severity",
        "rule",
        "message",
        "expected",
        "found",
        "locations",
    ] {
        assert!(first.get(key).is_some(), "findings.json lacks {key}");
    }
    assert_eq!(first["rule"], "product");
    assert_eq!(
        first["locations"][0],
        serde_json::json!({"table": 7, "row": 2, "column": "Totale", "line": 101, "text": "63"})
    );
    let csv = wd.read(&format!("{dir}/findings.csv"));
    assert!(csv.starts_with("id,severity,rule,message,expected,found,locations,notes,accepted\n"));
    assert_eq!(csv.lines().count(), 17);
    let md = wd.read(&format!("{dir}/report.md"));
    assert!(md.contains("11 of 11 tables interpreted; findings: 6 errors, 5 warnings, 5 info; checks: 287 passed, 13 failed."));
    assert!(
        md.contains("| `product` | structures × per-structure positions = stated total | 15 | 3 |")
    );
    // The places grouped by table and row, then the table's excerpt.
    assert!(md.contains(
        "  - at: table 7, row 2 (line 101): Totale, Numero Strutture, Dirigenti di II Fascia per struttura\n  - copy: table 10 (line 126)\n"
    ));
    assert!(md.contains("    | Alta complessità | _10_ | _7_ | **63** ✖ |\n"));
    assert!(md.contains("  - expected `70`, found `63`"));
    let html = wd.read(&format!("{dir}/report.html"));
    assert!(html.contains("<td id=\"c-7-2-4\" class=\"found sev-error\""));
    assert!(html.contains("<td id=\"c-7-2-2\" class=\"operand sev-error\""));
    assert!(html.contains("<td class=\"found sev-error\"><a href=\"#c-7-2-4\">63</a></td>"));
    // Each open finding offers the entry that accepts it, values filled in.
    let id = first["id"].as_str().unwrap();
    assert!(html.contains(&format!(
        "<summary>accept…</summary><pre>[[accepted]]\nid = &quot;{id}&quot;\nexpected = &quot;70&quot;\nfound = &quot;63&quot;\nreason = &quot;&quot;\nby = &quot;&quot;\ndate = &quot;&quot;\n</pre>"
    )));
}

#[test]
fn check_prints_findings_and_sets_the_exit_status() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    wd.write("ok.md", CONSISTENT);
    let out = wd.run(&["check", "seed.md"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stdout.starts_with(concat!(
            "error[product]: Alta complessità, fascia II (summary table 7): Totale 63 ≠ 10 ×\n",
            "                7 = 70 (7 too few)\n",
            "   --> seed.md:101:126\n",
            "    |\n",
            "101 | ...Brescia, Cosenza, Salerno | 10 | 7 | 63 |\n",
            "    |                                --   -   ^^\n",
            "    |\n",
            "    = expected 70, found 63\n",
            "    = at: table 7, row 2 (line 101): Totale, Numero Strutture, Dirigenti di II\n",
            "          Fascia per struttura\n",
            "    = copy: table 10 (line 126)\n\n",
        )),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    assert!(out.stdout.ends_with(
        "seed.md: 11 of 11 tables interpreted; findings: 6 errors, 5 warnings, 5 info;\n  checks: 287 passed, 13 failed\n"
    ));
    assert!(
        !wd.path().join("output").exists(),
        "check writes nothing without --output"
    );

    let out = wd.run(&["check", "ok.md"]);
    assert_eq!(out.status, 0, "{}", out.stdout);
    assert_eq!(
        out.stdout,
        "ok.md: 1 of 1 table interpreted; findings: 0 errors, 0 warnings, 0 info; checks:\n  10 passed, 0 failed\n"
    );

    let warn = "| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n| A | Roma Milano | 2 | 3 | 6 |\n";
    wd.write("warn.md", warn);
    assert_eq!(wd.run(&["check", "warn.md"]).status, 0);
    assert_eq!(
        wd.run(&["check", "warn.md", "--fail-on", "warning"]).status,
        1
    );

    let out = wd.run(&["check", "seed.md", "missing.md"]);
    assert_eq!(out.status, 2, "unreadable input wins over findings");

    let out = wd.run(&["check", "seed.md", "--color", "always"]);
    assert!(out.stdout.contains("\u{1b}["));

    assert_eq!(wd.run(&["check", "seed.md", "-o", "out"]).status, 1);
    assert!(wd.path().join("out/seed/report.html").exists());
}

#[test]
fn hostile_cell_text_stays_text_in_the_reports() {
    let wd = Workdir::new();
    let doc = "<b>Titolo &lt;script&gt;alert(1)&lt;/script&gt;</b>\n\n\
| Gruppo | Regioni | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n\
| &lt;script&gt;alert(1)&lt;/script&gt; | &lt;img src=x onerror=alert(1)&gt; | 1 | 1 | 2 |\n\
| \"&gt;&lt;svg onload=alert(2)&gt; | Lazio | 1 | 1 | 1 |\n";
    wd.write("evil.md", doc);
    assert_eq!(wd.run(&["extract", "evil.md"]).status, 0);
    let html = wd.read("output/evil/report.html").to_lowercase();
    // The page's own script, alone: the document's markup adds none.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script>document.documentelement.dataset.enhanced"));
    for tag in ["<img", "<svg", "<iframe", "<object", "<script>alert"] {
        assert!(!html.contains(tag), "report.html holds {tag}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("content-security-policy"));
    // The Markdown report, rendered as a Markdown viewer would, is inert too.
    let md = wd.read("output/evil/report.md");
    assert!(
        md.contains("<img src=x onerror=alert(1)>"),
        "quoted as written, in a code span"
    );
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    let rendered = rendered.to_lowercase();
    for tag in ["<script", "<img", "<svg"] {
        assert!(!rendered.contains(tag), "report.md renders {tag}");
    }
}
