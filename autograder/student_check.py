"""``python -m autograder check NOTEBOOK``: a student's public checks, in seconds.

The notebook's functions are loaded without running its demos (imports, definitions and
constants only, see :func:`autograder.notebook.definitions_only`), in a separate Python
process with a time limit, then each graded function's public check runs. The setup cells
come from the course's release, not from the student's copy, so an edited setup cell
cannot hide a problem.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from autograder import course, notebook
from autograder.plan import plan

TIME_LIMIT = 120  # seconds for the whole notebook: public checks are small



def find_assignment(path: Path) -> course.Assignment:
    """The assignment a student's notebook belongs to, by folder name or file name."""
    for a in course.assignments():
        if path.parent.name == a.id or path.name == a.notebook:
            return a
    names = ", ".join(a.notebook for a in course.assignments())
    raise ValueError(f"{path}: not one of the course's notebooks ({names}); keep the file's name")


def plan_for(path: Path) -> dict:
    """What the runner executes: release setup cells, then the student's definitions."""
    assignment = find_assignment(path)
    try:
        student = notebook.read(path)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a readable notebook ({' '.join(str(error).split())[:120]})") from None
    release = plan(assignment.id, assignment.release)
    cells = list(release.setup_cells)
    for index, cell in enumerate(student.cells):
        if cell.cell_type == "code" and notebook.kind(cell) not in ("setup", "test"):
            code = notebook.definitions_only(cell.source)
            if code:
                cells.append((f"{path.name} cell {index + 1}", code))
    return {"cells": cells, "functions": list(release.functions)}


def run(path: Path) -> int:
    """Run the public checks of the notebook at ``path``; 0 when every function passes."""
    plan = plan_for(path)
    try:
        done = subprocess.run([sys.executable, "-m", "autograder.public.check_runner"], input=json.dumps(plan),
                              text=True, timeout=TIME_LIMIT, cwd=path.parent, env=_env())
    except subprocess.TimeoutExpired:
        print(f"{path}: the checks did not finish within {TIME_LIMIT} s; look for an endless loop "
              "or a long training run at the top level of a cell.", file=sys.stderr)
        return 1
    return done.returncode


def _env() -> dict:
    import os

    return dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
