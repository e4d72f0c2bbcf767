"""Grading one submission: a pipeline of small steps.

1. ``read_submission``: the notebook, or a one-line reason it cannot be used;
2. ``cells_to_run``: the course's setup cells and the student's code;
3. start the student's process and load the cells there;
4. every hidden check of the assignment, with the student's functions called in that
   process and the reference (from ``solutions/``) here; a check that times out or kills
   the process costs that check only: the process is started again for the next one;
5. rows for ``grades.csv``: points come from the solution's test cells, split by the
   checks' weights.

What it produces (:class:`~autograder.grading.model.Row`, ``SubmissionResult``, ``Status``)
is defined in :mod:`autograder.grading.model`, which the readers of results import instead
of this pipeline.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder import __version__, course
from autograder.errors import StudentError
from autograder.grading.model import NOTEBOOK_CHECK, Row, Status, SubmissionResult, rows_without_grading
from autograder.grading.program import BrokenNotebook, cells_to_run, read_submission
from autograder.grading.reference_process import ReferenceBroken, reference_process
from autograder.grading.submissions import Submission, read_regular_file, submission_files
from autograder.hidden import Result, checks_for, run_in_order
from autograder.hidden.spec import REFERENCE_MEMO, HiddenCheck
from autograder.plan import AssignmentPlan, plan
from autograder.reference import load_reference
from autograder.sandbox.process import CallTimeout, GraderFault, Limits, Reference
from autograder.sandbox.side import SandboxSide


@dataclass(frozen=True)
class GradingPlan:
    """An assignment's plan (autograder/plan.py) with its hidden checks and their points."""
    plan: AssignmentPlan
    checks: tuple[HiddenCheck, ...]
    points: dict[str, float]      # check_id -> points: the function's test-cell points split by weight


def grading_plan(assignment_id: str) -> GradingPlan:
    """The grading plan of ``assignment_id``, made once per version of its solution."""
    facts = plan(assignment_id)
    key = (assignment_id, id(facts))
    if key not in _GRADING_PLANS:
        checks = tuple(checks_for(assignment_id))
        _GRADING_PLANS[key] = GradingPlan(facts, checks, _split_points(facts.test_points, checks))
    return _GRADING_PLANS[key]


_GRADING_PLANS: dict[tuple[str, int], GradingPlan] = {}


def _split_points(test_points: dict[str, float], checks: tuple[HiddenCheck, ...]) -> dict[str, float]:
    by_function: dict[str, list[HiddenCheck]] = {}
    for check in checks:
        by_function.setdefault(check.function, []).append(check)
    result = {}
    for function, group in by_function.items():
        total = test_points.get(f"test_{function}", 0.0)
        weights = sum(c.weight for c in group)
        for check in group:
            result[check.check_id] = round(total * check.weight / weights, 6) if weights else 0.0
    return result


def check_points(assignment: course.Assignment) -> dict[str, float]:
    """Points of every hidden check: the function's test-cell points split by weight."""
    return grading_plan(assignment.id).points


def submission_key(sub: Submission, grader_fingerprint: str, notebook_bytes: int | None = None) -> str:
    """What a saved result is reused under: the grader (and its limits, in the fingerprint)
    and the notebook's bytes, read safely up to one byte past the cap (``notebook_bytes``,
    the config's when None), so a notebook that grew past it gets a new key."""
    limit = (Limits().notebook_bytes if notebook_bytes is None else notebook_bytes) + 1
    digest = hashlib.sha256(grader_fingerprint.encode())
    digest.update(read_regular_file(sub.path, limit) if sub.path else f"missing:{sub.problem}".encode())
    return digest.hexdigest()


def reference_answers(assignment_id: str, limits: Limits) -> Reference:
    """The reference's answers to a student's calls of graded helpers, computed in the
    reference's own limited process (reference_process.py) before each call's deadline: the
    arguments are the student's, so the work they ask for must never run in the grader. The
    long ones (an optimize on the cat pictures) are remembered for the next submission."""
    server = reference_process(assignment_id, limits)
    server.start_soon()   # while the student's notebook loads (it is needed by most wrong answers)

    def answer(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deadline: float) -> Any:
        def compute(*call_args: Any, **call_kwargs: Any) -> Any:
            try:
                return server.call(name, call_args, call_kwargs, deadline)
            except ReferenceBroken as error:
                raise GraderFault(str(error)) from error

        return REFERENCE_MEMO.call(compute, args, kwargs, min_seconds=0.005, copy_arguments=False,
                                   identity=("reference", assignment_id, name))

    return answer


def trusted_answers(functions: dict[str, Callable[..., Any]]) -> Reference:
    """Answers by ``functions`` in this process: only for stand-ins a test trusts (the course's
    reference answers through :func:`reference_answers`)."""
    def answer(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deadline: float) -> Any:
        return REFERENCE_MEMO.call(functions[name], args, kwargs, min_seconds=0.005, copy_arguments=False)

    return answer


def grade_submission(sub: Submission, grader_fingerprint: str, limits: Limits | None = None) -> SubmissionResult:
    """Grade one student's notebook for one assignment under ``limits`` (the run's grading
    config, autograder/config.py; its defaults when None); never raises for a student's fault."""
    start = time.perf_counter()
    limits = limits or Limits()
    graded = grading_plan(sub.assignment.id)
    points = graded.points
    result = SubmissionResult(sub.student_id, sub.assignment.id,
                              submission_key(sub, grader_fingerprint, limits.notebook_bytes))
    if sub.path is None:
        result.broken = sub.problem
        result.rows = rows_without_grading(sub, points, Status.MISSING, sub.problem)
        return result
    try:
        submitted = read_submission(sub.path, limits.notebook_bytes)
    except (BrokenNotebook, OSError) as error:
        result.broken = str(error)
        result.rows = rows_without_grading(sub, points, Status.ERROR, str(error))
        result.seconds = time.perf_counter() - start
        return result
    cells, notes = cells_to_run(graded.plan, submitted)
    reference = load_reference(sub.assignment.id)
    deps = graded.plan.dependencies
    side = SandboxSide(cells, deps, reference_answers(sub.assignment.id, limits), limits,
                       workdir=str(sub.path.parent), random_users=set(graded.plan.random_users),
                       files=submission_files(sub.path.parent, limits.folder_bytes, limits.folder_files))
    results: list[Result] = []
    try:
        try:
            side.ensure_running()
            load_errors = list(side.load_errors)
        except (StudentError, CallTimeout) as failure:   # every check will say so too
            load_errors = [("notebook", str(failure))]
        results = run_in_order(graded.checks, side, reference, deps)
    finally:
        side.close()
    result.rows = graded_rows(sub, points, load_errors, notes, results)
    result.seconds = time.perf_counter() - start
    return result


def graded_rows(sub: Submission, points: dict[str, float], load_errors: list[tuple[str, str]],
                notes: list[str], results: list[Result]) -> list[Row]:
    """The rows of a graded submission: the notebook's row (did every cell run, and the
    notes on what was left out), then one per check, with its points only when it passed.
    Each message is made one safe line by :class:`Row` itself, the one place that does it."""
    message = "all cells ran" if not load_errors else \
        "; ".join(f"{label} {error}" for label, error in load_errors[:3])
    message = "; ".join([message] + notes)
    rows = [Row(sub.student_id, sub.assignment.id, NOTEBOOK_CHECK, "", 0.0, 0.0,
                Status.PASSED if not load_errors else Status.ERROR, message)]
    for r in results:
        earned = round(points[r.check_id] * r.earned, 6)
        rows.append(Row(sub.student_id, sub.assignment.id, r.check_id, r.function, earned,
                        points[r.check_id], r.status, r.message, r.title, r.mistake))
    return rows


def grader_fingerprint() -> str:
    """Changes whenever the grader, the checks or the solutions change (for reusing results)."""
    from autograder import ROOT

    digest = hashlib.sha256(__version__.encode())
    for path in sorted((ROOT / "autograder").rglob("*.py")) + sorted(course.SOLUTIONS.rglob("*.ipynb")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
