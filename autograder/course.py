"""The course's assignments, read from ``solutions/`` (the single source of truth).

An assignment is a folder ``solutions/<assignment_id>/`` holding one notebook. Its checks
live in the modules named by the assignment id's ``moduleN`` prefix:
``autograder/public/moduleN.py`` and ``autograder/hidden/moduleN.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder import ROOT

SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "notebooks"
DATASETS = ROOT / "datasets"


@dataclass(frozen=True)
class Assignment:
    id: str          # e.g. "module2_logistic_regression"
    notebook: str    # e.g. "logistic_regression.ipynb"

    @property
    def module(self) -> str:
        """``moduleN``: the name of this assignment's check modules."""
        return self.id.split("_", 1)[0]

    @property
    def source(self) -> Path:
        return SOLUTIONS / self.id / self.notebook

    @property
    def release(self) -> Path:
        return RELEASE / self.id / self.notebook


def assignments(solutions: Path | None = None) -> list[Assignment]:
    """Every assignment of the course, in module order.

    Read from ``solutions/``; in the student bundle, which has no solutions, from the
    releases in ``notebooks/`` (same folders and notebook names).
    """
    if solutions is None:
        solutions = SOLUTIONS if SOLUTIONS.is_dir() else RELEASE
    found = []
    for folder in sorted(solutions.iterdir()) if solutions.is_dir() else []:
        if not folder.is_dir() or not re.fullmatch(r"module\d+_\w+", folder.name):
            continue
        notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
        if len(notebooks) != 1:
            raise RuntimeError(f"{folder}: expected exactly one notebook, found {notebooks or 'none'}")
        found.append(Assignment(folder.name, notebooks[0]))
    return found


def assignment(assignment_id: str) -> Assignment:
    """The assignment with this id; a clear error listing the known ones otherwise."""
    for a in assignments():
        if a.id == assignment_id:
            return a
    known = ", ".join(a.id for a in assignments())
    raise KeyError(f"unknown assignment {assignment_id!r}; the course has: {known}")
