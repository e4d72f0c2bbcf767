"""Finding submissions in nbgrader's layout: ``SUBMITTED/<student_id>/<assignment_id>/<notebook>``.

Every student folder gets one entry per assignment of the course, submitted or not, so
the results list every student and every assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder import course


@dataclass(frozen=True)
class Submission:
    student_id: str
    assignment: course.Assignment
    path: Path | None          # None when nothing usable was submitted
    problem: str = ""          # why ``path`` is None, for the student

    @property
    def key(self) -> str:
        return f"{self.student_id}/{self.assignment.id}"


def submitted_root(path: Path) -> Path:
    """``SUBMITTED`` itself, or the ``submitted/`` folder of an nbgrader course root."""
    if (path / "nbgrader_config.py").exists() and (path / "submitted").is_dir():
        return path / "submitted"
    return path


def find(path: Path, students: list[str] | None = None,
         assignments: list[str] | None = None) -> list[Submission]:
    """Every (student, assignment) pair under ``path``, sorted by student then module."""
    root = submitted_root(path)
    if not root.is_dir():
        raise FileNotFoundError(f"{path}: no such folder of submissions")
    chosen = [a for a in course.assignments() if not assignments or a.id in assignments]
    unknown = set(assignments or []) - {a.id for a in chosen}
    if unknown:
        known = ", ".join(a.id for a in course.assignments())
        raise ValueError(f"unknown assignment(s) {sorted(unknown)}; the course has: {known}")
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if students and folder.name not in students:
            continue
        for a in chosen:
            found.append(_one(folder.name, a, folder / a.id))
    return found


def _one(student_id: str, assignment: course.Assignment, folder: Path) -> Submission:
    expected = folder / assignment.notebook
    if expected.is_file():
        return Submission(student_id, assignment, expected)
    if not folder.is_dir():
        return Submission(student_id, assignment, None, f"no {assignment.id}/ folder was submitted")
    others = sorted(p.name for p in folder.glob("*.ipynb"))
    if others:
        return Submission(student_id, assignment, None,
                          f"{assignment.id}/ holds {', '.join(others)} but not {assignment.notebook}: "
                          "submit the notebook under its original name")
    return Submission(student_id, assignment, None, f"{assignment.id}/ holds no {assignment.notebook}")
