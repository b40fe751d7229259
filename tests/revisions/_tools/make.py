#!/usr/bin/env python3
"""Writes the `new.md` of each revision pair in tests/revisions/ from the
corpus's seed and corrected documents, by exact line edits: each edit must
find its text, so that a change of the source documents fails loudly here
instead of making a pair that tests nothing.

Run from the repository root: python3 tests/revisions/_tools/make.py
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = (ROOT / "corpus/seed-md/input.md").read_text(encoding="utf-8")
CORRECTED = (ROOT / "corpus/corrected-md/input.md").read_text(encoding="utf-8")


def edit(text, edits):
    """Replaces each (old, new, count) exactly `count` times."""
    for old, new, count in edits:
        found = text.count(old)
        if found != count:
            raise SystemExit(f"expected {count} of {old!r}, found {found}")
        text = text.replace(old, new)
    return text


def write(case, text):
    path = ROOT / "revisions" / case / "new.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


MEDIA_R = "| Media complessità | Abruzzo, Liguria, Friuli Venezia Giulia, Marche, Calabria, Sardegna |"
BASSA_R = "| Bassa complessità | Trentino Alto Adige, Umbria, Molise, Basilicata Valle d'Aosta |"

# Umbria moves from the regional Bassa to the Media group, every count and
# total updated with it, in the detail table, both summaries and both
# overall tables.
write("member-moved", edit(SEED, [
    (MEDIA_R + " 6 | I Fascia | 1 | • Direzione Regionale - (1) | 6 | - |",
     MEDIA_R[:-2] + ", Umbria | 7 | I Fascia | 1 | • Direzione Regionale - (1) | 7 | - |", 1),
    ("| - | 24 |", "| - | 28 |", 1),
    (BASSA_R + " 4 1 | II Fascia | 2 |",
     "| Bassa complessità | Trentino Alto Adige, Molise, Basilicata Valle d'Aosta | 3 1 | II Fascia | 2 |", 1),
    ("| - | 8 |", "| - | 6 |", 1),
    ("| Totale Regionale | | | | | 15 | 78 | |", "| Totale Regionale | | | | | 16 | 80 | |", 1),
    (MEDIA_R + " 6 | 4 | 24 |", MEDIA_R[:-2] + ", Umbria | 7 | 4 | 28 |", 2),
    (BASSA_R + " 4 1 | 2 1 | 8 1 |",
     "| Bassa complessità | Trentino Alto Adige, Molise, Basilicata Valle d'Aosta | 3 1 | 2 1 | 6 1 |", 2),
    ("| | Totale strutture | 20 | Totale Dirigenti | 78 |", "| | Totale strutture | 20 | Totale Dirigenti | 80 |", 2),
    ("| Regionali | 78 |", "| Regionali | 80 |", 2),
    ("| Totale | 354 |", "| Totale | 356 |", 2),
]))

# The regional Media group gains a structure in the detail table only: the
# summaries still print the old count (and its member list is not updated).
write("stale-count", edit(SEED, [
    (MEDIA_R + " 6 | I Fascia | 1 | • Direzione Regionale - (1) | 6 | - |",
     MEDIA_R + " 7 | I Fascia | 1 | • Direzione Regionale - (1) | 7 | - |", 1),
    ("| - | 24 |", "| - | 28 |", 1),
    ("| Totale Regionale | | | | | 15 | 78 | |", "| Totale Regionale | | | | | 16 | 82 | |", 1),
]))

# A new provincial group between Media and Bassa, in the detail table, both
# summaries and both overall tables, every total updated.
NEW_DETAIL = (
    "| Media-bassa complessità | Como, Pavia | 2 | I Fascia | 0 | <ul style=\"list-style-type: none\"> • Direzione Provinciale - (1) • Processi Primari - (1) | 0 | - |\n"
    "| | | | II Fascia | 2 | | | |\n"
)
NEW_SUMMARY = "| Media-bassa complessità | Como, Pavia | 2 | 2 | 4 |\n"
write("new-group", edit(SEED, [
    ("| Bassa complessità | 63 Sedi Provinciali | 63 | I Fascia |",
     NEW_DETAIL + "| Bassa complessità | 63 Sedi Provinciali | 63 | I Fascia |", 1),
    ("| Totale Metropolitano e Provinciale | | | | | | 0 | 277 |",
     "| Totale Metropolitano e Provinciale | | | | | | 0 | 281 |", 1),
    ("| Bassa complessità | 63 Sedi Provinciali | 63 | 1 | 62** |",
     NEW_SUMMARY + "| Bassa complessità | 63 Sedi Provinciali | 63 | 1 | 62** |", 2),
    ("| | Totale strutture | 103 | Totale Dirigenti | 276 |",
     "| | Totale strutture | 105 | Totale Dirigenti | 280 |", 2),
    ("| Provinciali | 276 |", "| Provinciali | 280 |", 2),
    ("| Totale | 354 |", "| Totale | 358 |", 2),
]))

# Functions: one added to the matrix and the structure's table alike, one
# added to the structure's table only (a new discrepancy), one dropped from
# both, one reworded in both, one changed only in case and one only in
# punctuation (in the structure's table, where the matrix keeps the old
# wording).
write("functions", edit(SEED, [
    ("• Gestione del credito | <ul", "• Gestione del credito • Recupero crediti | <ul", 1),
    ("• Attività di ispezione e vigilanza • Gestione dei flussi assicurativi e contributivi e dei conti individuali e aziendali. • Gestione del credito |",
     "• Attività di ispezione e vigilanza • Gestione dei flussi assicurativi e contributivi e dei conti individuali e aziendali. • Gestione del credito • Recupero crediti |", 1),
    (" • Assistenza ai sistemi informativi", "", 2),
    ("• Comunicazione e Rapporti esterni", "• Comunicazione e Rapporti esterni e istituzionali", 2),
    ("• Coordinamento e gestione dell'attività di ispezione e Vigilanza |",
     "• Coordinamento e gestione dell'attività di ispezione e Vigilanza • Gestione delle convenzioni |", 1),
    ("• Controllo di gestione e flussi contabili |\n| Attività professionali",
     "• Controllo di Gestione e flussi contabili |\n| Attività professionali", 1),
    ("• Attività Medico Legale. • Attività Legale |\n", "• Attività Medico-Legale. • Attività Legale |\n", 1),
]))

# A discrepancy brought into the corrected document: the provincial
# summary's Metropolitane total stops agreeing with 4 × 10.
write("new-discrepancy", edit(CORRECTED, [
    ("| Metropolitane | Roma, Milano, Napoli, Torino | 4 | 10 | 40 |",
     "| Metropolitane | Roma, Milano, Napoli, Torino | 4 | 10 | 44 |", 2),
]))

# The second copy of the summary section is corrected in one cell only: the
# copies, identical before, now differ.
SECOND = SEED.index("| Gruppo | Province |", SEED.index("| Gruppo | Province |", SEED.index("| Gruppo | Province |") + 1) + 1)
COPY = SEED[SECOND:]
write("copies-diverge", SEED[:SECOND] + edit(COPY, [
    ("| 26 | 4 | 112 |", "| 26 | 4 | 104 |", 1),
]))

# A caption renamed, a mission reworded and one added: the prose around
# the tables, compared as facts too.
write("captions-missions", edit(SEED, [
    ("Matrice: funzioni e strutture\n", "Matrice delle funzioni per struttura\n", 1),
    ("- Erogazione dei servizi attivati attraverso il contact center.\n\nPunti INPS",
     "- Erogazione dei servizi attivati attraverso il contact center e i canali digitali.\n- Consulenza personalizzata su appuntamento.\n\nPunti INPS", 1),
]))

# The second copy of the summary section dropped: three tables removed, not
# every fact they stated again.
write("copy-removed", SEED[:SEED.rindex("Posizioni dirigenziali di II fascia – quadro di sintesi")].rstrip("\n") + "\n")
