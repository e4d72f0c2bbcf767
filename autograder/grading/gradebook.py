"""Scores into nbgrader's gradebook, through nbgrader's own API.

The gradebook must know each assignment's notebooks and grade cells; when it does not,
nbgrader's ``generate_assignment`` registers them (into a scratch release folder, so the
course's ``notebooks/`` is untouched). Each test cell (``test_<function>``) gets the sum of
the points of that function's passed checks as its ``auto_score``, so formgrader and
``nbgrader export`` show the same totals as ``grades.csv``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

from autograder import ROOT
from autograder.grading.grade import SubmissionResult


def default_url(out: Path) -> str:
    return f"sqlite:///{(out / 'gradebook.db').resolve()}"


def _register_assignments(db_url: str, assignment_ids: list[str]) -> None:
    """nbgrader's generate_assignment, in this process (one start-up of nbgrader for all)."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    config.CourseDirectory.db_url = db_url
    with tempfile.TemporaryDirectory(prefix="gradebook-release-") as scratch:
        config.CourseDirectory.release_directory = scratch
        api = NbGraderAPI(config=config)
        for assignment_id in assignment_ids:
            done = api.generate_assignment(assignment_id, force=True, create=True)
            if not done.get("success"):
                tail = " | ".join(str(done.get("error") or done.get("log") or "").strip().splitlines()[-3:])
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
    missing = sorted({r.assignment_id for r in results} - known)
    if missing:
        _register_assignments(db_url, missing)
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
