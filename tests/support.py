"""What many tests share: grading a folder for real, reading grades.csv, writing notebooks.

Tests import these from here (``from tests.support import ...``), never from another test
module, so that each test module can be run, moved or removed alone.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder import course, notebook
from autograder.examples import solution_body

M1 = course.assignment("module1_introduction")


def grade(submitted: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``python -m autograder grade`` for real, one job, without the class report (tests of the
    report ask for it: tests/test_class_report.py)."""
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                           "--jobs", "1", "--no-report", *extra], capture_output=True, text=True, timeout=900)


def rows(out: Path) -> list[dict]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def totals(table: list[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    result: dict = {}
    for r in table:
        got, best = result.get((r["student_id"], r["assignment_id"]), (0.0, 0.0))
        result[(r["student_id"], r["assignment_id"])] = (got + float(r["points"]), best + float(r["max_points"]))
    return result


def completed(assignment: course.Assignment) -> nbformat.NotebookNode:
    """The student release with every answer cell written as in the reference."""
    answers = {notebook.nbgrader(c)["grade_id"]: solution_body(c.source)
               for c in notebook.read(assignment.source).cells if notebook.kind(c) == "answer"}
    nb = notebook.read(assignment.release)
    for cell in nb.cells:
        if notebook.kind(cell) == "answer":
            cell.source = answers[notebook.nbgrader(cell)["grade_id"]]
    return nb


def put(root: Path, student: str, assignment: course.Assignment, nb_or_text) -> Path:
    path = root / student / assignment.id / assignment.notebook
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb_or_text, (str, bytes)):
        path.write_bytes(nb_or_text.encode() if isinstance(nb_or_text, str) else nb_or_text)
    else:
        nbformat.write(nb_or_text, str(path))
    return path
