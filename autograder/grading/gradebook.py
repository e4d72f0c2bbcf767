"""Scores into nbgrader's gradebook, through nbgrader's own API.

The gradebook must know each assignment's notebooks and grade cells; when it does not,
nbgrader's ``generate_assignment`` registers them (into a scratch release folder, so the
course's ``notebooks/`` is untouched). Each test cell (``test_<function>``) gets the sum of
the points of that function's passed checks as its ``auto_score``, so formgrader and
``nbgrader export`` show the same totals as ``grades.csv``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
import tempfile
from pathlib import Path

from autograder import ROOT
from autograder.grading.grade import SubmissionResult


def default_url(out: Path) -> str:
    return f"sqlite:///{(out / 'gradebook.db').resolve()}"


def _register_assignment(db_url: str, assignment_id: str) -> None:
    nbgrader = Path(sys.executable).with_name("nbgrader")
    with tempfile.TemporaryDirectory(prefix="gradebook-release-") as scratch:
        done = subprocess.run([str(nbgrader), "generate_assignment", assignment_id, "--force",
                               "--quiet", f"--db={db_url}",
                               f"--CourseDirectory.release_directory={scratch}"],
                              cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise RuntimeError(f"could not register {assignment_id} in the gradebook: {tail}")


def record(db_url: str, results: list[SubmissionResult]) -> int:
    """Write every result's scores into the gradebook; returns how many submissions."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    # nbgrader migrates a new database by running `alembic` from PATH
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # nbgrader 0.9 builds submissions in a way SQLAlchemy 2 warns about, harmlessly
    warnings.filterwarnings("ignore", category=SAWarning)

    with Gradebook(db_url) as gb:
        known = {a.name for a in gb.assignments}
    for assignment_id in sorted({r.assignment_id for r in results} - known):
        _register_assignment(db_url, assignment_id)
    recorded = 0
    with Gradebook(db_url) as gb:
        for result in results:
            if result.broken and all(r.status == "missing" for r in result.rows):
                continue  # nothing was submitted: nbgrader has no submission to show
            gb.update_or_create_student(result.student_id)
            try:
                gb.remove_submission(result.assignment_id, result.student_id)
            except MissingEntry:
                pass
            submission = gb.add_submission(result.assignment_id, result.student_id)
            scores: dict[str, float] = {}
            for row in result.rows:
                if row.function:
                    scores[f"test_{row.function}"] = scores.get(f"test_{row.function}", 0.0) + row.points
            for nb in submission.notebooks:
                for grade in nb.grades:
                    grade.auto_score = round(scores.get(grade.name, 0.0), 6)
                    grade.needs_manual_grade = False
            gb.db.commit()
            recorded += 1
    return recorded
