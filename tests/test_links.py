"""Submissions are what they claim (SECURITY.md, "Trust under attack"): a link never makes
the grader read someone else's file.

The attacks, graded by ``python -m autograder grade``: a notebook that is a symbolic link to
the instructor's solution, an assignment folder and a student folder that link to a
classmate's, a hard link to the solution beside a blank notebook (read by a helper cell in
the sandbox), a notebook that is a hard link, a named pipe in its place (it hung the grader).
Then the pieces: ``submission_files`` (what the sandbox gets), ``read_submission`` and the
submission's key on files swapped after ``find`` looked at them.
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder import notebook
from autograder.grading import run
from autograder.grading.grade import grader_fingerprint, submission_key
from autograder.grading.program import BrokenNotebook, read_submission
from autograder.grading.submissions import Submission, UnsafeFile, find, submission_files
from tests.attack_support import M1, attack_notebook, grade, source
from tests.support import completed, put, rows, totals

FULL = sum(notebook.test_points(notebook.read(M1.source)).values())
NOTEBOOK = f"{M1.id}/{M1.notebook}"


def instructor_copy(tmp_path: Path) -> Path:
    """A copy of the solution notebook on the course's side (same filesystem as the class,
    so a hard link to it can be made): what a link would leak."""
    copy = tmp_path / "instructor" / M1.notebook
    copy.parent.mkdir(parents=True)
    shutil.copy(M1.source, copy)
    return copy


@pytest.fixture(scope="module")
def linked_class(tmp_path_factory) -> tuple[Path, object, list[dict]]:
    """One class, one run: alice complete, and every linking attack against her or the
    solutions."""
    tmp = tmp_path_factory.mktemp("links")
    solution = instructor_copy(tmp)
    sub = tmp / "submitted"
    put(sub, "alice", M1, completed(M1))
    # eve: her notebook is a symbolic link to the instructor's reference
    (sub / "eve" / M1.id).mkdir(parents=True)
    os.symlink(M1.source, sub / "eve" / M1.id / M1.notebook)
    # mallory: her assignment folder is a symbolic link to alice's
    (sub / "mallory").mkdir()
    os.symlink(f"../alice/{M1.id}", sub / "mallory" / M1.id)
    # trudy: her whole student folder is a link to alice's
    os.symlink("alice", sub / "trudy")
    # eve2: a blank notebook whose helper cell reads notes.json, a HARD link to the solution
    put(sub, "eve2", M1, attack_notebook(M1, helpers=[source("leak_helper.py")], blank=True))
    os.link(solution, sub / "eve2" / M1.id / "notes.json")
    # frank: the notebook itself is a hard link (to a complete notebook kept elsewhere)
    elsewhere = tmp / "elsewhere" / M1.notebook
    elsewhere.parent.mkdir()
    nbformat.write(completed(M1), str(elsewhere))
    (sub / "frank" / M1.id).mkdir(parents=True)
    os.link(elsewhere, sub / "frank" / M1.id / M1.notebook)
    # pipe: a named pipe where the notebook should be (reading it would wait forever)
    (sub / "pipe" / M1.id).mkdir(parents=True)
    os.mkfifo(sub / "pipe" / M1.id / M1.notebook)
    assert os.stat(solution).st_nlink == 2 and os.stat(elsewhere).st_nlink == 2
    done = grade(sub, tmp / "out", "--assignment", M1.id, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "out", done, rows(tmp / "out")


def _rows_of(table: list[dict], student: str) -> list[dict]:
    return [r for r in table if r["student_id"] == student]


def test_the_honest_student_gets_full_marks(linked_class):
    _, _, table = linked_class
    assert totals(table)[("alice", M1.id)] == pytest.approx((FULL, FULL))


@pytest.mark.parametrize("student, message", [
    ("eve", f"{NOTEBOOK} is a symbolic link; submit the notebook file itself"),
    ("mallory", f"{M1.id}/ is a symbolic link, not a folder: submit your own {M1.id}/ folder, not a link to another"),
    ("trudy", "trudy/ is a symbolic link, not a folder: submit your own folder, not a link to another"),
    ("frank", f"{NOTEBOOK} has 2 hard links (the same file under other names, maybe outside your folder); "
              "submit a copy of the notebook file, not a link to it"),
    ("pipe", f"{NOTEBOOK} is a named pipe (FIFO), not a regular file; submit the notebook file itself"),
])
def test_a_linked_submission_is_refused_with_its_reason(linked_class, student, message):
    out, done, table = linked_class
    mine = _rows_of(table, student)
    assert mine and {r["status"] for r in mine} == {"error"}, mine
    assert {r["message"] for r in mine} == {message}
    assert totals(table)[(student, M1.id)] == pytest.approx((0.0, FULL))
    assert f"  {student}/{M1.id}: {message}" in done.stdout
    page = (out / "feedback" / student / f"{M1.id}.html").read_text(encoding="utf-8")
    assert f"could not be graded: {html.escape(message)}</p>" in page


def test_a_hard_link_beside_a_blank_notebook_does_not_reach_the_sandbox(linked_class):
    _, _, table = linked_class
    mine = _rows_of(table, "eve2")
    assert totals(table)[("eve2", M1.id)] == pytest.approx((0.0, FULL)), mine
    assert "notes.json" in mine[0]["message"], mine[0]   # the helper cell found no such file


def test_the_sandbox_gets_only_the_regular_files_with_one_name(tmp_path):
    secret = instructor_copy(tmp_path)
    folder = tmp_path / "submitted" / "eve" / M1.id
    (folder / "data").mkdir(parents=True)
    (folder / M1.notebook).write_bytes(b'{"cells": []}')
    (folder / "data" / "mine.csv").write_text("1,2\n")
    os.symlink(secret, folder / "link.ipynb")              # a symbolic link to a file
    os.symlink(secret.parent, folder / "linked_folder")    # and to a folder
    os.link(secret, folder / "notes.json")                 # a hard link
    os.mkfifo(folder / "pipe")                             # a named pipe
    files = submission_files(folder)
    assert [name for name, _ in files] == [M1.notebook, "data/mine.csv"]
    assert [bytes(data) for _, data in files] == [b'{"cells": []}', b"1,2\n"]
    assert all(data.dtype.name == "uint8" for _, data in files)
    assert [name for name, _ in submission_files(str(folder))] == [M1.notebook, "data/mine.csv"]
    os.symlink(folder, tmp_path / "folder_link")
    assert submission_files(tmp_path / "folder_link") == []   # a folder that is a link: nothing


def test_the_sandbox_copy_is_capped_in_bytes(tmp_path):
    (tmp_path / "a_big").write_bytes(b"x" * 90)
    (tmp_path / "b_too_big_now").write_bytes(b"y" * 20)    # 90 + 20 > 100: left out
    (tmp_path / "c_small").write_bytes(b"z" * 10)          # 90 + 10 fits
    assert [name for name, _ in submission_files(tmp_path, max_bytes=100)] == ["a_big", "c_small"]
    assert [name for name, _ in submission_files(tmp_path, max_files=2)] == ["a_big", "b_too_big_now"]


def test_reading_a_notebook_never_follows_a_link_or_waits_on_a_pipe(tmp_path):
    secret = instructor_copy(tmp_path)
    folder = tmp_path / "s" / M1.id
    folder.mkdir(parents=True)
    cases = {"symlink.ipynb": lambda p: os.symlink(secret, p), "hardlink.ipynb": lambda p: os.link(secret, p),
             "pipe.ipynb": os.mkfifo}
    for name, make in cases.items():
        make(folder / name)
        with pytest.raises(BrokenNotebook, match=rf"^{M1.id}/{name} (is a symbolic link|has 2 hard links|"
                                                 r"is a named pipe)"):
            read_submission(folder / name)
    linked_folder = tmp_path / "t" / M1.id
    linked_folder.parent.mkdir()
    os.symlink(folder, linked_folder)
    shutil.copy(M1.release, folder / "plain.ipynb")
    assert read_submission(folder / "plain.ipynb").cells
    with pytest.raises(BrokenNotebook, match=rf"^{M1.id}/ is a symbolic link"):
        read_submission(linked_folder / "plain.ipynb")
    with pytest.raises(UnsafeFile, match=rf"^{M1.id}/ is a symbolic link"):   # the key reads the same way
        submission_key(Submission("eve", M1, linked_folder / "plain.ipynb"), "grader")


def test_a_notebook_swapped_for_a_link_after_it_was_found_is_not_followed(tmp_path, monkeypatch):
    """``find`` looked at a regular file; then it became a symbolic link to the solution.
    The key and the grading read through the same safe open, so the run records an error
    for that submission, grades the others and leaks nothing."""
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, "alice", M1, completed(M1))
    put(sub, "eve", M1, notebook.read(M1.release))
    found = find(sub, assignments=[M1.id])
    eve = next(s for s in found if s.student_id == "eve")
    eve.path.unlink()
    os.symlink(M1.source, eve.path)
    with pytest.raises(UnsafeFile, match="is a symbolic link"):
        submission_key(eve, grader_fingerprint())
    monkeypatch.setattr(run, "find", lambda *args, **kwargs: found)
    summary = run.grade_class(sub, out, db_url="", progress=False)
    score = totals(rows(out))
    assert score[("alice", M1.id)] == pytest.approx((FULL, FULL))
    assert score[("eve", M1.id)] == pytest.approx((0.0, FULL))
    assert {r["status"] for r in rows(out) if r["student_id"] == "eve"} == {"error"}
    assert [r.student_id for r in summary.broken] == ["eve"]
    assert "is a symbolic link" in summary.broken[0].broken


def test_a_result_that_cannot_be_saved_costs_only_its_own_submission(tmp_path):
    """Writing one submission's files fails (here: its results folder is a file); the run
    goes on, that submission is an internal error, the other is graded and saved."""
    sub, out = tmp_path / "submitted", tmp_path / "out"
    put(sub, "alice", M1, completed(M1))
    put(sub, "bob", M1, completed(M1))
    (out / "results").mkdir(parents=True)
    (out / "results" / "alice").write_text("in the way")   # results/alice/ cannot be made
    summary = run.grade_class(sub, out, assignments=[M1.id], db_url="", progress=False)
    score = totals(rows(out))
    assert score[("bob", M1.id)] == pytest.approx((FULL, FULL))
    assert score[("alice", M1.id)] == pytest.approx((0.0, FULL))
    assert (out / "results" / "bob" / f"{M1.id}.json").is_file()
    assert [r.student_id for r in summary.broken] == ["alice"]
    assert "the grader failed on this submission" in summary.broken[0].broken
    assert (out / "feedback" / "alice" / f"{M1.id}.html").is_file()   # it says why
