//! The readers of the files given besides the documents, on arbitrary
//! text: accepted findings (TOML), a vocabulary (TOML, added to the
//! built-in one), a gazetteer (tab-separated, places and their names in
//! other languages), and the JSON of an output folder that `diff` reads
//! back. Each either reads the text or refuses it; none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = orgtables::accepted::Acceptances::parse("fuzz.toml", text);
    let mut vocabulary = orgtables::vocabulary::Vocabulary::builtin().clone();
    if vocabulary.extend(text).is_ok() {
        let _ = orgtables::lexicon::Lexicon::new(
            vocabulary,
            orgtables::gazetteer::gazetteer().clone(),
        );
    }
    if let Ok(gazetteer) = orgtables::gazetteer::Gazetteer::parse(text) {
        let _ = gazetteer.lookup("Piemonte", None);
        let _ = gazetteer.split_run(text, None, |w| w == "e");
    }
    // An output folder's records and findings, compared with themselves.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let side = || orgtables::compare::Side {
            name: "fuzz".into(),
            records: value.clone(),
            findings: value.clone(),
            report: orgtables::compare::Report::None,
            files: Vec::new(),
            unit: Default::default(),
        };
        let _ = orgtables::compare::diff(&side(), &side());
    }
});
