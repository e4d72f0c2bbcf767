"""Text a student controls is made safe before it is stored or shown (SECURITY.md, "Trust
under attack"): their exceptions' messages, their folders' names.

The attacks are real submissions graded by ``python -m autograder grade``: a message with a
lone surrogate (it crashed the whole run), one with terminal escape codes (a fake "passed"
row on the instructor's terminal), a folder named as a spreadsheet formula, two ids that
shared one results folder, folder names that are not valid text. Then the rules beyond
those instances: property tests of ``autograder.safe_text`` over thousands of random
strings (fixed seed).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import unicodedata
from pathlib import Path

import pytest

from autograder import notebook
from autograder.safe_text import MESSAGE_LIMIT, clean_message, csv_cell, ensure_printable, file_name, printable_id
from tests.attack_support import M1, attack_notebook, bystander, grade, source
from tests.support import completed, put, rows, totals

FULL = sum(notebook.test_points(notebook.read(M1.source)).values())
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_characters(text: str, allowed: str = "") -> list[str]:
    """The C0, DEL and C1 control characters of ``text`` (but ``allowed``), and its bidi
    controls and surrogates: what must never reach a file or a terminal."""
    return [c for c in text if c not in allowed and
            (unicodedata.category(c) in ("Cc", "Cs") or c in BIDI)]


def output_texts(out: Path) -> dict[Path, str]:
    """Every file the grader wrote under ``out``, decoded as strict UTF-8 (raises if one is not);
    the class report's figures are pictures (their numbers come from its summary.json, checked here)."""
    return {path: path.read_bytes().decode("utf-8") for path in out.rglob("*")
            if path.is_file() and path.suffix != ".png"}


def by_student(out: Path) -> dict[str, list[dict]]:
    table: dict[str, list[dict]] = {}
    for r in rows(out):
        table.setdefault(r["student_id"], []).append(r)
    return table


# -- the attacks, graded ------------------------------------------------------------------

def test_a_lone_surrogate_in_a_message_costs_only_the_attackers_check(tmp_path):
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, "attacker", M1, attack_notebook(M1, {"relu": source("relu_surrogate.py")}))
    bystander(sub)
    done = grade(sub, out, "--assignment", M1.id)
    assert done.returncode == 0, done.stdout + done.stderr
    output_texts(out)   # grades.csv, results and feedback: all valid UTF-8
    score = totals(rows(out))
    assert score[("zz_bystander", M1.id)] == pytest.approx((FULL, FULL))
    attacker = by_student(out)["attacker"]
    relu = [r for r in attacker if r["function"] == "relu"]
    assert relu and all(r["status"] != "passed" for r in relu)
    assert any("\ufffd" in r["message"] for r in relu), relu   # shown as the replacement character
    assert all(r["status"] == "passed" for r in attacker if r["function"] not in ("", "relu"))


def test_terminal_escape_codes_in_a_message_reach_no_file_and_no_terminal(tmp_path):
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, "mallory", M1, attack_notebook(M1, {"relu": source("relu_ansi.py")}))
    bystander(sub)
    done = grade(sub, out, "--assignment", M1.id)
    assert done.returncode == 0, done.stdout + done.stderr
    texts = output_texts(out)
    assert any(p.suffix == ".html" for p in texts) and any(p.suffix == ".json" for p in texts)
    for path, text in texts.items():
        assert not control_characters(text, allowed="\n"), (path, control_characters(text, "\n"))
    assert not control_characters(done.stdout, allowed="\n")
    # no injected row: one row per check for mallory, and relu's are not passed
    table = by_student(out)
    assert len(table["mallory"]) == len(table["zz_bystander"])
    assert all(r["status"] != "passed" for r in table["mallory"] if r["function"] == "relu")


HYPERLINK = '=HYPERLINK("127.0.0.1";"full marks")'


def test_a_student_id_that_is_a_spreadsheet_formula_is_a_text_cell(tmp_path):
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, HYPERLINK, M1, completed(M1))
    put(sub, "+1-2", M1, notebook.read(M1.release))
    done = grade(sub, out, "--assignment", M1.id)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    score = totals(rows(out))
    assert score[("'" + HYPERLINK, M1.id)] == pytest.approx((FULL, FULL))   # quoted, and still theirs
    assert score[("'+1-2", M1.id)] == pytest.approx((0.0, FULL))
    page = (out / "feedback" / file_name(HYPERLINK) / f"{M1.id}.html").read_text(encoding="utf-8")
    assert "feedback for =HYPERLINK(&quot;127.0.0.1&quot;;&quot;full marks&quot;)" in page


def test_ids_that_shared_a_file_name_keep_their_own_rows_and_files(tmp_path):
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, "bob_1", M1, completed(M1))
    put(sub, "bob\\1", M1, notebook.read(M1.release))   # a backslash: "bob_1" under the old naming
    shown = printable_id("bob\\1")
    for run in ("first", "second"):
        done = grade(sub, out, "--assignment", M1.id)
        assert done.returncode == 0, done.stdout + done.stderr
        if run == "second":
            assert "graded 0 and reused 2 of 2" in done.stdout, done.stdout
        score = totals(rows(out))
        assert score == {("bob_1", M1.id): pytest.approx((FULL, FULL)), (shown, M1.id): pytest.approx((0.0, FULL))}
        pages = {sid: (out / "feedback" / file_name(sid) / f"{M1.id}.html").read_text(encoding="utf-8")
                 for sid in ("bob_1", shown)}
        assert "feedback for bob_1</h1>" in pages["bob_1"] and f"{FULL:g} / {FULL:g} points" in pages["bob_1"]
        assert f"feedback for {shown}</h1>" in pages[shown] and f"0 / {FULL:g} points" in pages[shown]
        saved = {sid: json.loads((out / "results" / file_name(sid) / f"{M1.id}.json").read_text())
                 for sid in ("bob_1", shown)}
        assert {sid: r["student_id"] for sid, r in saved.items()} == {"bob_1": "bob_1", shown: shown}
    assert len(list((out / "results").glob(f"*/{M1.id}.json"))) == 2


def test_folder_names_that_are_not_text_are_graded_under_a_printable_id(tmp_path):
    sub, out = tmp_path / "submitted", tmp_path / "out"
    undecodable = os.fsdecode(b"eve\xff")              # '\udcff': not valid UTF-8
    with_escape = "zoe\x1b[2K\x1b[1Gzz_bystander"      # erases its own row on a terminal
    for name in (undecodable, with_escape):
        put(sub, name, M1, completed(M1))
    put(sub, "zz_bystander", M1, notebook.read(M1.release))
    done = grade(sub, out, "--assignment", M1.id)
    assert done.returncode == 0, done.stdout + done.stderr
    output_texts(out)
    assert not control_characters(done.stdout, allowed="\n")
    score = totals(rows(out))
    ids = {printable_id(undecodable): "eve\\udcff", printable_id(with_escape): "zoe\\x1b[2K\\x1b[1Gzz_bystander"}
    assert list(ids) == list(ids.values())
    for sid in ids:   # each folder was read (full marks) and has its own files
        assert score[(sid, M1.id)] == pytest.approx((FULL, FULL)), sid
        assert (out / "feedback" / file_name(sid) / f"{M1.id}.html").is_file()
        assert (out / "results" / file_name(sid) / f"{M1.id}.json").is_file()
    assert score[("zz_bystander", M1.id)] == pytest.approx((0.0, FULL))


# -- the rules, beyond the instances -------------------------------------------------------

UNITS = (
    list("abcXYZ019 _-.,;:/\\%='\"+@()") + ["\t", "\r", "\n", "\x00", "\x01", "\x07", "\x08", "\x7f"]
    + ["\x85", "\x9b", "\x9c", "\x9d", "\x90"]                       # C1, 8-bit CSI, ST, OSC, DCS
    + ["\x1b", "\x1b[31m", "\x1b[0m\x1b[2K\x1b[1G", "\x1b[8m", "\x1b[?25l", "\x1b]0;title\x07",
       "\x1b]8;;http://x\x1b\\", "\x1bPq#0\x1b\\", "\x1b(B", "\x1b7", "\x1bc", "\x9b2J", "\x1b["]
    + list(BIDI) + ["\ud800", "\udfff", "\udcff", "\ud83d\ude00", "\ud83d"]   # surrogates: lone and paired
    + list("éüßЖ中あ😀") + ["\u00a0", "\u2028", "\u200b", "\ufeff", "\u0301"])


def random_strings(count: int = 5000, seed: int = 0) -> list[str]:
    """``count`` random strings of up to 24 units (characters or whole escape sequences),
    plus the near-collisions that matter, in a fixed order."""
    rng = random.Random(seed)
    found = ["", ".", "..", "%", "%2E", "%25", "bob\\1", "bob_1", "bob\\\\1", "bob\x01", "bob\\x01",
             "bob%5C1", "a" * 300, "a" * 299 + "b", "é" * 150, "'=1", "=1", "'", "''"]
    found += ["".join(rng.choice(UNITS) for _ in range(rng.randint(1, 24))) for _ in range(count)]
    return found


SAMPLE = random_strings()


def test_the_sample_holds_what_the_rules_are_about():
    joined = "".join(SAMPLE)
    assert "\x1b[" in joined and "\ud800" in joined and "\u202e" in joined and "\x85" in joined
    assert len(set(SAMPLE)) > 4500   # thousands of distinct strings, not a few repeated


def test_a_cleaned_message_is_one_safe_line():
    for text in SAMPLE:
        cleaned = clean_message(text)
        cleaned.encode("utf-8")   # strict: no surrogate left
        assert not control_characters(cleaned), (text, cleaned)
        assert "\x1b" not in cleaned and len(cleaned) <= MESSAGE_LIMIT
        assert cleaned == " ".join(cleaned.split())   # one line, no runs of whitespace
        assert clean_message(cleaned) == cleaned, text  # cleaning is done once and for all


def test_the_message_cleaner_keeps_the_words_and_drops_the_codes():
    assert clean_message("\x1b[31mred\x1b[0m and\nblue") == "red and blue"
    assert clean_message("\x1b]0;owned\x07title") == "title"
    assert clean_message("\ud800") == "\ufffd"
    assert clean_message("\ud83d\ude00") == "😀"   # a pair is the character it encodes
    assert clean_message("pa\u202esse\u202cd") == "passed"
    assert clean_message("x" * 500, limit=20) == "x" * 17 + "..."
    scope: dict = {}
    exec(source("relu_ansi.py"), scope)
    with pytest.raises(ValueError) as raised:
        scope["relu"](0)
    assert "\x1b" in str(raised.value) and "\x1b" not in clean_message(str(raised.value))


def test_printable_ids_are_printable_and_one_to_one():
    shown = {}
    for name in set(SAMPLE):
        printed = printable_id(name)
        printed.encode("utf-8")   # strict
        assert printed.isprintable(), name
        assert ensure_printable(printed) == printed
        assert shown.setdefault(printed, name) == name, (name, shown[printed])
    assert printable_id("Zoë ünïcode") == "Zoë ünïcode"


def test_file_names_are_one_to_one_and_never_a_path():
    named = {}
    # the ids as they reach file_name (printable) and raw strings (file_name must hold alone)
    for name in set(SAMPLE) | {printable_id(s) for s in SAMPLE}:
        component = file_name(name)
        assert component and component not in (".", "..") and "/" not in component and "\0" not in component
        assert component.isprintable() and len(component.encode("utf-8")) <= 255, name
        assert named.setdefault(component, name) == name, (name, named[component])
    assert file_name("bob\\1") != file_name("bob_1") and file_name("Zoë ünïcode") == "Zoë ünïcode"


def test_csv_cells_never_start_a_formula_and_stay_one_to_one(tmp_path):
    cells = {}
    for text in set(SAMPLE):
        cell = csv_cell(text)
        assert not cell.startswith(FORMULA_START), text
        assert (cell[1:] if cell.startswith("'") else cell) == text   # one quote off gives it back
        assert cells.setdefault(cell, text) == text
    # and through a real CSV file, as grades.csv is written
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[csv_cell(clean_message(t))] for t in SAMPLE])
    back = [row[0] for row in csv.reader(io.StringIO(buffer.getvalue())) if row]
    assert back and not [c for c in back if c.startswith(FORMULA_START)]
