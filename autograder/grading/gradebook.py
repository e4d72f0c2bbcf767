"""Scores into nbgrader's gradebook, through nbgrader's own API.

The gradebook must know each assignment's notebooks and grade cells; when it does not,
nbgrader's ``generate_assignment`` registers them (into a scratch release folder, so the
course's ``notebooks/`` is untouched). Each test cell (``test_<function>``) gets the sum of
the points of that function's passed checks as its ``auto_score``, so formgrader and
``nbgrader export`` show the same totals as ``grades.csv``.

Students are recorded under their printable id (``safe_text.ensure_printable``: the id of
``submissions.find``, never a control character), and one submission the gradebook refuses
is rolled back and reported without stopping the others.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import ROOT
from autograder.grading.model import SubmissionResult
from autograder.safe_text import clean_message, ensure_printable

if TYPE_CHECKING:   # (nbgrader is imported where it is used: its import is slow)
    from nbgrader.api import Gradebook


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


def record(db_url: str, results: list[SubmissionResult], errors: list[str] | None = None) -> int:
    """Write every result's scores into the gradebook; returns how many submissions.

    A submission the gradebook refuses is rolled back and skipped; a line saying which and
    why is appended to ``errors`` when given.
    """
    from nbgrader.api import Gradebook
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
            if result.nothing_submitted:
                continue  # nbgrader has no submission to show
            try:
                _record_one(gb, result)
            except Exception as error:  # noqa: BLE001 (one refused submission must not cost the others theirs)
                gb.db.rollback()
                if errors is not None:
                    errors.append(clean_message(f"{ensure_printable(result.student_id)}/{result.assignment_id}: "
                                                f"{type(error).__name__}: {error}"))
                continue
            recorded += 1
    return recorded


def _record_one(gb: Gradebook, result: SubmissionResult) -> None:
    """One submission's scores, replacing what the gradebook held for it."""
    from nbgrader.api import MissingEntry

    student_id = ensure_printable(result.student_id)
    gb.update_or_create_student(student_id)
    try:
        gb.remove_submission(result.assignment_id, student_id)
    except MissingEntry:
        pass
    submission = gb.add_submission(result.assignment_id, student_id)
    scores: dict[str, float] = {}
    for row in result.rows:
        if row.function:
            scores[f"test_{row.function}"] = scores.get(f"test_{row.function}", 0.0) + row.points
    for nb in submission.notebooks:
        for grade in nb.grades:
            grade.auto_score = round(scores.get(grade.name, 0.0), 6)
            grade.needs_manual_grade = False
    gb.db.commit()
