"""The attacks of ``tests/attacks/`` as submissions: notebooks and class layouts.

Each ``tests/attacks/*.py`` is one cell's source, as the attacker wrote it (from the team's
attack files; the three that reach for the worker's socket find it by walking the stack
rather than by one frame's variable name, so a refactoring of the worker cannot defeat an
attack by accident). A notebook is the complete (or the untouched) release with that source
in an answer cell, or appended as a helper cell of the student's own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from autograder import course, notebook
from tests.support import completed, put

ATTACKS = Path(__file__).parent / "attacks"
M1 = course.assignment("module1_introduction")
M2 = course.assignment("module2_logistic_regression")
M3 = course.assignment("module3_shallow_network")


def source(name: str) -> str:
    """The cell source of the attack file ``name`` (e.g. ``relu_surrogate.py``)."""
    return (ATTACKS / name).read_text(encoding="utf-8")


def attack_notebook(assignment: course.Assignment, answers: dict[str, str] | None = None,
                    helpers: list[str] = (), blank: bool = False) -> nbformat.NotebookNode:
    """The complete notebook (the untouched release when ``blank``) with the answer cells
    named in ``answers`` (grade_id -> source) replaced and ``helpers`` appended as code
    cells without nbgrader metadata (a student's own cells)."""
    nb = notebook.read(assignment.release) if blank else completed(assignment)
    wanted = dict(answers or {})
    for cell in nb.cells:
        grade_id = notebook.nbgrader(cell).get("grade_id")
        if notebook.kind(cell) == "answer" and grade_id in wanted:
            cell.source = wanted.pop(grade_id)
    if wanted:
        raise KeyError(f"no answer cells {sorted(wanted)} in {assignment.id}")
    nb.cells += [nbformat.v4.new_code_cell(text) for text in helpers]
    return nb


def bystander(root: Path, student: str = "zz_bystander",
              assignments: tuple[course.Assignment, ...] = (M1,)) -> None:
    """A classmate with complete notebooks, graded after the attacker (ids sort)."""
    for assignment in assignments:
        put(root, student, assignment, completed(assignment))


def grade(submitted: Path, out: Path, *extra: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m autograder grade`` as an instructor runs it, one grading process."""
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                           "--jobs", "1", "--no-db", *extra], capture_output=True, text=True, timeout=timeout)
