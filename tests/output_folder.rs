//! The output folder: the tool replaces only what it wrote, never an input;
//! an interrupted run leaves nothing that a later run does not remove;
//! concurrent runs into one folder all succeed; a closed standard error or
//! an odd file name changes nothing but what is printed.

mod common;

use std::process::{Command, Stdio};

use common::{Workdir, seed_markdown};

const DOC: &str = "| Strutture | Dirigenti |\n|---|---|\n| Regionali | 5 |\n";

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_folder_the_tool_did_not_write_is_never_replaced() {
    let wd = Workdir::new();
    wd.write("docs.md", DOC);
    wd.write("o/docs/thesis.txt", "x");
    let out = wd.run(&["extract", "docs.md", "-o", "o"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("orgtables: o/docs: was not written by orgtables (it has no .orgtables file and holds `thesis.txt`): it is left alone; move it away or choose another --output"),
        "{}",
        out.stderr
    );
    assert_eq!(wd.read("o/docs/thesis.txt"), "x");
    assert_eq!(
        names(&wd.path().join("o")),
        vec!["docs"],
        "no staging folder is left"
    );

    // A folder the tool wrote (it carries the marker) is replaced whole.
    let out = wd.run(&["extract", "docs.md", "-o", "p"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(wd.path().join("p/docs/.orgtables").is_file());
    wd.write("p/docs/added.txt", "mine");
    let out = wd.run(&["extract", "docs.md", "-o", "p"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!wd.path().join("p/docs/added.txt").exists());
}

#[test]
fn an_input_is_never_an_output_folder() {
    let wd = Workdir::new();
    wd.write("notes", DOC);
    let out = wd.run(&["extract", "notes", "-o", "."]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("would replace the input"),
        "{}",
        out.stderr
    );
    assert_eq!(wd.read("notes"), DOC, "the input is where it was");
    assert!(
        names(wd.path())
            .iter()
            .all(|n| !n.starts_with(".orgtables-")),
        "{:?}",
        names(wd.path())
    );
}

#[test]
fn a_file_or_a_link_where_the_output_folder_goes_is_left_alone() {
    let wd = Workdir::new();
    wd.write("doc.md", DOC);
    wd.write("out/doc", "a file of mine");
    let out = wd.run(&["extract", "doc.md", "-o", "out"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .contains("out/doc: is a file, not a folder orgtables wrote"),
        "{}",
        out.stderr
    );
    assert_eq!(wd.read("out/doc"), "a file of mine");
    #[cfg(unix)]
    {
        wd.write("elsewhere/keep.txt", "k");
        std::os::unix::fs::symlink(wd.path().join("elsewhere"), wd.path().join("out2-doc"))
            .unwrap();
        std::fs::create_dir(wd.path().join("out2")).unwrap();
        std::fs::rename(wd.path().join("out2-doc"), wd.path().join("out2/doc")).unwrap();
        let out = wd.run(&["extract", "doc.md", "-o", "out2"]);
        assert_eq!(out.status, 2);
        assert!(out.stderr.contains("is a link"), "{}", out.stderr);
        assert_eq!(wd.read("elsewhere/keep.txt"), "k");
    }
}

/// A run killed while it writes leaves its staging folder; the next run
/// removes it, and any other run's that is gone, but nothing else.
#[test]
fn what_a_killed_run_left_is_removed_by_the_next() {
    let wd = Workdir::new();
    wd.write("big.md", seed_markdown().repeat(300));
    wd.write("small.md", DOC);
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgtables"))
        .args(["extract", "big.md", "-o", "out", "-q"])
        .current_dir(wd.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed as soon as its staging folder exists.
    let out = wd.path().join("out");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let staging = loop {
        let found = std::fs::read_dir(&out).ok().and_then(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with(".orgtables-staging-"))
        });
        if let Some(name) = found {
            break Some(name);
        }
        if std::time::Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let staging = staging.expect("the run wrote a staging folder before it ended");
    wd.write("out/keep-me/notes.txt", "mine");
    let run = wd.run(&["extract", "small.md", "-o", "out"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let left = names(&out);
    assert!(!left.contains(&staging), "{left:?}");
    assert!(left.contains(&"keep-me".to_string()));
    assert!(
        left.iter().all(|n| !n.starts_with(".orgtables-staging-")),
        "{left:?}"
    );
}

#[test]
fn concurrent_runs_into_one_folder_all_succeed() {
    let wd = Workdir::new();
    wd.write("doc.md", seed_markdown());
    let children: Vec<_> = (0..24)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_orgtables"))
                .args(["extract", "doc.md", "-o", "out", "-q"])
                .current_dir(wd.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tables: serde_json::Value = serde_json::from_str(&wd.read("out/doc/tables.json")).unwrap();
    assert_eq!(tables["tables"].as_array().map(Vec::len), Some(11));
    assert_eq!(
        names(&wd.path().join("out")),
        vec![".orgtables-lock-doc", "doc"],
        "one folder, complete, and its lock file"
    );
}

#[test]
fn a_closed_standard_error_ends_nothing() {
    let wd = Workdir::new();
    wd.write("in/a.md", DOC);
    wd.write("in/b.md", "| x |\n|---|\n| 1 | 2 |\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgtables"))
        .args(["extract", "in", "-o", "out"])
        .current_dir(wd.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is printed, as `| head -c1` does.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "no panic, the status it would have had"
    );
    assert!(wd.path().join("out/a/tables.json").exists());
    assert!(wd.path().join("out/b/tables.json").exists());
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped() {
    let wd = Workdir::new();
    let name = "a\u{1b}[31mred\nline.md";
    wd.write(name, "| x |\n|---|\n| 1 | 2 |\n");
    let out = wd.run(&["extract", name, "-o", "out"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert!(
        out.stderr
            .contains("a\\u{1b}[31mred\\nline.md:3: warning: table 1: this row has 2 cells"),
        "{:?}",
        out.stderr
    );
}

/// `diff` killed at any moment while it writes its folder: the folder is
/// either the complete one of the run before or the complete new one,
/// never half of it, and the next run clears what the killed one left.
#[test]
fn a_diff_killed_at_any_moment_leaves_a_whole_folder() {
    let wd = Workdir::new();
    let seed = seed_markdown();
    wd.write("old.md", seed.repeat(300));
    wd.write(
        "new.md",
        seed.replace("| Regionali | 78 |", "| Regionali | 79 |")
            .repeat(300),
    );
    let run = wd.run(&["diff", "old.md", "new.md", "-o", "d"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let whole = |dir: &std::path::Path| -> bool {
        ["changes.csv", "diff.html", "diff.md", "diff.json"]
            .iter()
            .all(|f| dir.join(f).is_file())
            && serde_json::from_str::<serde_json::Value>(
                &std::fs::read_to_string(dir.join("diff.json")).unwrap_or_default(),
            )
            .is_ok()
    };
    let mut killed_while_writing = 0;
    // Killed at moments after its staging folder appears: as it starts
    // writing, in the middle, near the swap.
    for delay_ms in [0u64, 2, 10, 50, 200, 500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgtables"))
            .args(["diff", "old.md", "new.md", "-o", "d"])
            .current_dir(wd.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let staging = names(wd.path())
                .iter()
                .any(|n| n.starts_with(".orgtables-staging-"));
            if staging {
                killed_while_writing += 1;
                break;
            }
            if std::time::Instant::now() > deadline || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        assert!(
            whole(&wd.path().join("d")),
            "after a kill {delay_ms} ms into writing"
        );
    }
    assert!(
        killed_while_writing >= 3,
        "{killed_while_writing} kills while writing"
    );
    let run = wd.run(&["diff", "old.md", "new.md", "-o", "d"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(whole(&wd.path().join("d")));
    let left: Vec<String> = names(wd.path())
        .into_iter()
        .filter(|n| n.starts_with(".orgtables-staging-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
