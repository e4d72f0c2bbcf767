"""The grader end to end: real notebooks, real student processes, nbgrader's real gradebook."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import ROOT, course, notebook
from autograder.grading.results import CSV_HEADER
from tests.kernels import app_arguments
from tests.support import M1, completed, grade, put, rows, totals


def test_module1_class_with_broken_and_odd_submissions(tmp_path):
    """Correct, blank and broken notebooks in one class: each gets what it deserves."""
    sub = tmp_path / "submitted"
    good = completed(M1)
    put(sub, "complete", M1, good)
    put(sub, "blank", M1, notebook.read(M1.release))
    put(sub, "invalid json", M1, "{ this is not json")
    put(sub, "empty", M1, b"")
    (sub / "wrong-name" / M1.id).mkdir(parents=True)
    nbformat.write(good, str(sub / "wrong-name" / M1.id / "my copy.ipynb"))
    (sub / "nothing").mkdir()
    stripped = completed(M1)
    for cell in stripped.cells:
        cell.metadata = {}
    put(sub, "stripped metadata", M1, stripped)
    no_tests = completed(M1)
    no_tests.cells = [c for c in no_tests.cells if notebook.kind(c) != "test"]
    put(sub, "deleted test cells", M1, no_tests)
    put(sub, "Zoë ünïcode", M1, good)
    inflated = completed(M1)
    for cell in inflated.cells:
        if notebook.kind(cell) == "test":
            cell.metadata["nbgrader"]["points"] = 1000
    put(sub, "inflated points", M1, inflated)

    out = tmp_path / "out"
    done = grade(sub, out, "--assignment", M1.id)
    assert done.returncode == 0, done.stderr
    table = rows(out)
    assert list(table[0].keys()) == CSV_HEADER
    score = totals(table)
    full = score[("complete", M1.id)][1]
    assert full == pytest.approx(sum(notebook.test_points(notebook.read(M1.source)).values()))
    for student in ("complete", "stripped metadata", "deleted test cells", "Zoë ünïcode", "inflated points"):
        assert score[(student, M1.id)] == pytest.approx((full, full)), student
    for student in ("blank", "invalid json", "empty", "wrong-name", "nothing"):
        assert score[(student, M1.id)] == pytest.approx((0.0, full)), student
    by_student = {}
    for r in table:
        by_student.setdefault(r["student_id"], []).append(r)
    assert all(r["status"] in ("passed", "failed", "error", "timeout", "missing") for r in table)
    assert {r["status"] for r in by_student["blank"] if r["function"]} == {"error"}
    assert "not written yet" in by_student["blank"][1]["message"]
    assert "not valid JSON" in by_student["invalid json"][0]["message"]
    assert "empty" in by_student["empty"][0]["message"]
    assert {r["status"] for r in by_student["wrong-name"]} == {"missing"}
    assert "my copy.ipynb" in by_student["wrong-name"][0]["message"]
    assert {r["status"] for r in by_student["nothing"]} == {"missing"}
    # one row per check for every student
    counts = {s: len(v) for s, v in by_student.items()}
    assert len(set(counts.values())) == 1, counts
    # feedback pages, the gradebook, and the summary line
    page = (out / "feedback" / "Zoë ünïcode" / f"{M1.id}.html").read_text()
    assert f"{full:g} / {full:g} points" in page
    assert "graded 10 and reused 0 of 10 submissions" in done.stdout
    export = tmp_path / "export.csv"
    subprocess.run([str(Path(sys.executable).with_name("nbgrader")), "export", f"--db=sqlite:///{out / 'gradebook.db'}",
                    "--to", str(export)], cwd=tmp_path, check=True, capture_output=True)
    exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(open(export))}
    assert exported["complete"] == pytest.approx(full)
    assert exported["blank"] == 0
    assert "nothing" not in exported  # nothing submitted: no nbgrader submission


def test_a_second_run_reuses_results_and_a_killed_run_resumes(tmp_path):
    sub = tmp_path / "submitted"
    put(sub, "a", M1, completed(M1))
    put(sub, "b", M1, notebook.read(M1.release))
    out = tmp_path / "out"
    assert grade(sub, out, "--assignment", M1.id, "--no-db").returncode == 0
    first = (out / "grades.csv").read_bytes()
    again = grade(sub, out, "--assignment", M1.id, "--no-db")
    assert "graded 0 and reused 2" in again.stdout
    # as if killed after one submission: its result file is there, the other's is not
    (out / "results" / "b" / f"{M1.id}.json").unlink()
    (out / "grades.csv").unlink()
    resumed = grade(sub, out, "--assignment", M1.id, "--no-db")
    assert "graded 1 and reused 1" in resumed.stdout
    assert (out / "grades.csv").read_bytes() == first
    # a changed submission is graded again
    put(sub, "a", M1, notebook.read(M1.release))
    changed = grade(sub, out, "--assignment", M1.id, "--no-db")
    assert "graded 1 and reused 1" in changed.stdout
    assert totals(rows(out))[("a", M1.id)][0] == 0


HOSTILE = {
    "endless loop": "def relu(z):\n    while True:\n        pass\n",
    "exits the process": "import os\ndef relu(z):\n    os._exit(3)\n",
    "raises SystemExit": "def relu(z):\n    raise SystemExit(1)\n",
    "segfault": "import ctypes\ndef relu(z):\n    ctypes.string_at(0)\n",
    "exhausts memory": "import numpy as np\ndef relu(z):\n    return np.ones((1 << 40,))\n",
    "lying object": ("import numpy as np\nclass Liar(np.ndarray):\n    def __eq__(self, other):\n        return True\n"
                     "def relu(z):\n    return np.zeros(np.shape(z)).view(Liar)\n"),
    "calls a reference it may not": ("import numpy as np\ndef relu(z):\n"
                                     "    return predict_price(z, 1.0, 0.0)\n"),
}


def student_of(name: str) -> str:
    return name.replace(" ", "-")


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory) -> list[dict]:
    """One class: an honest student and one student per hostile relu, graded in one run.

    One run, not one per attack, also shows the attacks cost nobody else. The call deadline
    is cut from its default so that the endless loop's time-outs do not dominate the test.
    """
    sub = tmp_path_factory.mktemp("hostile") / "submitted"
    put(sub, "honest", M1, completed(M1))
    for name, source in HOSTILE.items():
        nb = completed(M1)
        for cell in nb.cells:
            if notebook.kind(cell) == "answer" and notebook.nbgrader(cell)["grade_id"] == "relu":
                cell.source = source
        put(sub, student_of(name), M1, nb)
    out = sub.parent / "out"
    done = grade(sub, out, "--assignment", M1.id, "--no-db", "--jobs", "2", "--limit", "call_seconds=5")
    assert done.returncode == 0, done.stderr
    return rows(out)


def test_the_honest_student_beside_the_hostile_ones_gets_full_marks(hostile_class):
    honest = [r for r in hostile_class if r["student_id"] == "honest" and r["function"]]
    assert honest and all(r["status"] == "passed" for r in honest), [r for r in honest if r["status"] != "passed"]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_or_crashing_function_costs_its_own_checks_only(hostile_class, name):
    table = [r for r in hostile_class if r["student_id"] == student_of(name)]
    relu = [r for r in table if r["function"] == "relu"]
    others = [r for r in table if r["function"] not in ("", "relu")]
    assert relu and all(r["status"] != "passed" for r in relu), relu
    assert others and all(r["status"] == "passed" for r in others), [r for r in others if r["status"] != "passed"]
    if name == "endless loop":
        assert {r["status"] for r in relu} == {"timeout"}


@pytest.mark.slow
def test_nbgrader_autograde_gives_the_same_totals_on_honest_submissions(tmp_path):
    """nbgrader's own autograde runs the same hidden checks inside the kernel."""
    import shutil

    course_dir = tmp_path / "course"
    course_dir.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course_dir)
    shutil.copytree(ROOT / "solutions", course_dir / "solutions")
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    os = __import__("os")
    # nbgrader migrates its database by running `alembic` from PATH
    env = dict(os.environ, NBGRADER_EXECUTION="autograde",
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    sub = course_dir / "submitted"
    for a in course.assignments():
        put(sub, "complete", a, completed(a))
        put(sub, "blank", a, notebook.read(a.release))
    # One nbgrader process per step for the whole course: nbgrader globs the assignment id.
    for step in (["generate_assignment", "*", "--force"], ["autograde", "*", "--force", *app_arguments()]):
        done = subprocess.run([nbgrader, *step], cwd=course_dir, capture_output=True, text=True, env=env,
                              timeout=1800)
        assert done.returncode == 0, done.stderr[-3000:]
    export = tmp_path / "export.csv"
    subprocess.run([nbgrader, "export", "--to", str(export)], cwd=course_dir, check=True, capture_output=True,
                   env=env)
    theirs = {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(open(export))}
    out = tmp_path / "out"
    assert grade(sub, out, "--no-db").returncode == 0
    ours = totals(rows(out))
    for a in course.assignments():
        for student in ("complete", "blank"):
            assert theirs[(student, a.id)] == pytest.approx(ours[(student, a.id)][0]), (student, a.id)
    assert all(ours[("complete", a.id)][0] == ours[("complete", a.id)][1] > 0 for a in course.assignments())


def test_pages_for_release_are_readable_by_the_student_and_the_stamps_stay_the_graders(tmp_path):
    """nbgrader's release_feedback copies a page with its mode into the exchange; on a hub the
    student's account reads it there (tests/test_hub.py), so it must not be the grader's 0600."""
    import stat

    from autograder.grading import feedback
    from autograder.grading.model import SubmissionResult
    from autograder.grading.results import atomic_write

    result = SubmissionResult("ann", M1.id, "key", broken="nothing submitted")
    stamps = {"timestamp.txt": "2026-12-01 10:00:00.000000 UTC", "submission_secret.txt": "ab" * 64}
    for written in (feedback.write_nbgrader(tmp_path, result, M1.notebook, stamps),
                    feedback.write_nbgrader_notice(tmp_path, "bob", M1.id, M1.notebook, stamps, "wait")):
        assert stat.S_IMODE(written.stat().st_mode) == 0o644, written
        for name in stamps:
            assert stat.S_IMODE((written.parent / name).stat().st_mode) == 0o600, name
    atomic_write(tmp_path / "private.json", b"{}")
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600
