"""Scores into nbgrader's gradebook, through nbgrader's own API.

The gradebook must know each assignment's notebooks and grade cells; when it does not,
nbgrader's ``generate_assignment`` registers them (into a scratch release folder, so the
course's ``notebooks/`` is untouched). Each test cell (``test_<function>``) gets the sum of
the points of that function's passed checks as its ``auto_score``, so formgrader and
``nbgrader export`` show the same totals as ``grades.csv``.

Late submissions, as nbgrader's autograde treats them: given the submission's nbgrader
timestamp (``timestamp.txt``), the submission carries it, the gradebook computes how late it
is against the assignment's due date (``nbgrader db assignment add ... --duedate``), and the
course's late-penalty plugin (``c.LateSubmissionPlugin.penalty_method``, or
``c.AssignLatePenalties.plugin_class``) sets each notebook's ``late_submission_penalty``
through nbgrader's own ``AssignLatePenalties`` (clamped to the notebook's score as there).

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
from typing import TYPE_CHECKING, Any

from autograder import ROOT
from autograder.grading.model import SubmissionResult
from autograder.safe_text import clean_message, ensure_printable

if TYPE_CHECKING:   # (nbgrader is imported where it is used: its import is slow)
    from nbgrader.api import Gradebook, SubmittedAssignment


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


def record(db_url: str, results: list[SubmissionResult], errors: list[str] | None = None,
           timestamps: dict[tuple[str, str], str] | None = None, late_config: Any = None) -> int:
    """Write every result's scores into the gradebook; returns how many submissions.

    A submission the gradebook refuses is rolled back and skipped; a line saying which and
    why is appended to ``errors`` when given. ``timestamps`` maps (student id, assignment id)
    to the submission's nbgrader timestamp; those submissions get it and, when late, the
    penalty of the late-penalty plugin configured in ``late_config`` (a traitlets Config; the
    plugin's defaults, no penalty, when None).
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
                stamp = (timestamps or {}).get((result.student_id, result.assignment_id))
                submission = _record_one(gb, result, stamp)
                if stamp is not None:
                    _late_penalty(gb, submission, late_config)
            except Exception as error:  # noqa: BLE001 (one refused submission must not cost the others theirs)
                gb.db.rollback()
                if errors is not None:
                    errors.append(clean_message(f"{ensure_printable(result.student_id)}/{result.assignment_id}: "
                                                f"{type(error).__name__}: {error}"))
                continue
            recorded += 1
    return recorded


def _record_one(gb: Gradebook, result: SubmissionResult, timestamp: str | None = None) -> SubmittedAssignment:
    """One submission's scores (and its nbgrader ``timestamp`` when given), replacing what the
    gradebook held for it."""
    from nbgrader.api import MissingEntry

    student_id = ensure_printable(result.student_id)
    gb.update_or_create_student(student_id)
    extra: dict[str, Any] = {"timestamp": timestamp} if timestamp is not None else {}
    try:
        old = gb.find_submission(result.assignment_id, student_id)
        if old.extension is not None:   # granted by the instructor: it survives a new grading
            extra["extension"] = old.extension
        gb.remove_submission(result.assignment_id, student_id)
    except MissingEntry:
        pass
    submission = gb.add_submission(result.assignment_id, student_id, **extra)
    scores: dict[str, float] = {}
    for row in result.rows:
        if row.function:
            scores[f"test_{row.function}"] = scores.get(f"test_{row.function}", 0.0) + row.points
    for nb in submission.notebooks:
        for grade in nb.grades:
            grade.auto_score = round(scores.get(grade.name, 0.0), 6)
            grade.needs_manual_grade = False
    gb.db.commit()
    return submission


def _late_penalty(gb: Gradebook, submission: SubmittedAssignment, late_config: Any) -> None:
    """Each notebook's late penalty, as nbgrader's autograde sets it (its own preprocessor's
    plugin and clamping), or none when the submission is on time."""
    from nbgrader.preprocessors import AssignLatePenalties

    late = submission.total_seconds_late
    assigner = AssignLatePenalties(config=late_config) if late_config is not None else AssignLatePenalties()
    assigner.init_plugin()
    for nb in submission.notebooks:
        nb.late_submission_penalty = None
        if late > 0:
            penalty = assigner.plugin_inst.late_submission_penalty(submission.student.id, nb.score, late)
            if penalty is not None:
                nb.late_submission_penalty = assigner._check_late_penalty(nb, penalty)
    gb.db.commit()


def lateness(db_url: str, assignment_id: str, student_id: str) -> tuple[float, float]:
    """(seconds late, late penalty in points) of a recorded submission, as the gradebook
    computes them; (0, 0) for one it does not hold."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission(assignment_id, ensure_printable(student_id))
        except MissingEntry:
            return 0.0, 0.0
        return float(submission.total_seconds_late), float(submission.late_submission_penalty or 0.0)
