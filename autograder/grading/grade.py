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

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from autograder import __version__, course, notebook
from autograder.errors import StudentError
from autograder.grading.model import NOTEBOOK_CHECK, Row, Status, SubmissionResult, rows_without_grading
from autograder.grading.program import BrokenNotebook, cells_to_run, read_submission
from autograder.grading.reference_process import ReferenceBroken, reference_process
from autograder.grading.submissions import Submission, read_regular_file, submission_files
from autograder.hidden import Result, checks_for, helpers_of, run_check
from autograder.hidden.spec import REFERENCE_MEMO, HiddenCheck, Timing
from autograder.reference import load_reference
from autograder.sandbox.process import BudgetSpent, CallTimeout, GraderFault, Limits, ProcessDied, StudentProcess


def check_points(assignment: course.Assignment) -> dict[str, float]:
    """Points of every hidden check: the function's test-cell points split by weight."""
    points = notebook.test_points(notebook.read(assignment.source))
    checks = checks_for(assignment.id)
    by_function: dict[str, list[HiddenCheck]] = {}
    for check in checks:
        by_function.setdefault(check.function, []).append(check)
    result = {}
    for function, group in by_function.items():
        total = points.get(f"test_{function}", 0.0)
        weights = sum(c.weight for c in group)
        for check in group:
            result[check.check_id] = round(total * check.weight / weights, 6) if weights else 0.0
    return result


def submission_key(sub: Submission, grader_fingerprint: str, notebook_bytes: int | None = None) -> str:
    """What a saved result is reused under: the grader (and its limits, in the fingerprint)
    and the notebook's bytes, read safely up to one byte past the cap (``notebook_bytes``,
    the config's when None), so a notebook that grew past it gets a new key."""
    limit = (Limits().notebook_bytes if notebook_bytes is None else notebook_bytes) + 1
    digest = hashlib.sha256(grader_fingerprint.encode())
    digest.update(read_regular_file(sub.path, limit) if sub.path else f"missing:{sub.problem}".encode())
    return digest.hexdigest()


class SandboxSide:
    """The student's functions in their own process (see autograder.hidden.spec.StudentSide)."""

    def __init__(self, cells: list[tuple[str, str]], deps: dict[str, list[str]], reference: dict[str, Any],
                 limits: Limits, workdir: str | None, random_users: set[str] | None = None,
                 files: list[list[Any]] | None = None, assignment_id: str | None = None) -> None:
        """``assignment_id``: the course's reference answers the student's calls of graded
        helpers in a process of its own under the student's limits (reference_process.py);
        without it, the functions of ``reference`` answer in this process (tests that give
        their own trusted stand-ins)."""
        self.cells, self.deps, self.reference = cells, deps, reference
        self.assignment_id = assignment_id
        self.random = None if random_users is None else sorted(random_users)   # None: all
        self.limits, self.workdir, self.files = limits, workdir, files or []
        # one budget for everything this submission costs: loading, restarts, checks
        self.deadline = time.monotonic() + limits.submission_seconds
        self.process: StudentProcess | None = None
        self.load_errors: list[tuple[str, str]] = []
        self.set_aside: dict[str, str] = {}   # label -> why: cells that ended or hung the process
        self.gave_up = ""                     # why the notebook cannot be run at all, if so
        self.load_spent = 0.0                 # seconds spent running cells, over every start
        self.printed = ""                     # what the last call printed in the student's process
        self.suspects: list[str] | None = None   # see helpers_from_reference

    @contextlib.contextmanager
    def helpers_from_reference(self, suspects: list[str]) -> Iterator[None]:
        """Within: a graded helper is the student's own unless it is a suspect, which the
        reference answers (outside, the reference answers every helper; see run_check)."""
        self.suspects = list(suspects)
        try:
            yield
        finally:
            self.suspects = None

    def _deps(self, name: str) -> list[str]:
        return self.deps.get(name, []) if self.suspects is None else self.suspects

    def ensure_running(self) -> None:
        """A live process with the submission's cells run, started again if a check killed it.

        Cells run one at a time, so a cell that ends the process (``os._exit``, a crash) or
        runs past the time limit is known: it is set aside with its reason and the process
        starts again without it. The rest of the notebook still earns its points.
        """
        if self.gave_up:
            raise ProcessDied(self.gave_up)
        if time.monotonic() >= self.deadline:
            raise BudgetSpent(f"not run: this submission used up its total time "
                              f"({self.limits.submission_seconds:g} s for loading, restarts and checks)")
        starts = 0
        while self.process is None or not self.process.alive:
            if self.process is not None:
                self.process.kill()
            starts += 1
            if starts > len(self.cells) + 3:   # it dies with no cell to blame (a delayed exit)
                self.gave_up = ("the process running your notebook kept ending while its cells ran "
                                "(look for code that exits or kills processes)")
                raise ProcessDied(self.gave_up)
            if self.load_spent >= self.limits.load_seconds:
                self.gave_up = (f"your notebook's cells took more than their total time "
                                f"({self.limits.load_seconds:g} s, every restart included), so it was not run again")
                raise ProcessDied(self.gave_up)
            self.process = StudentProcess(limits=self.limits, workdir=self.workdir, files=self.files,
                                          deadline=self.deadline)
            self.process.start()
            errors: list[tuple[str, str]] = []
            try:
                for label, code in self.cells:
                    if label in self.set_aside:
                        errors.append((label, self.set_aside[label]))
                    else:
                        errors += [(where, f"raised {error}") for where, error in self._load(label, code)]
                        if not self.process.alive:   # it answered, then ended (or ended its sandbox)
                            raise ProcessDied(self.process.why_dead())
            except BudgetSpent:
                self.process.kill()
                raise
            except (CallTimeout, ProcessDied) as failure:
                # a name of its own: rebinding `failure` would hide the except's binding from ruff (F841)
                why: Exception = failure
                if self.load_spent >= self.limits.load_seconds:
                    why = CallTimeout(f"running your notebook's cells took more than their total time "
                                      f"({self.limits.load_seconds:g} s, every restart included)")
                self.set_aside[label] = f"was left out, the rest graded without it: {why}"
                self.process.kill()
                continue
            self.load_errors = errors

    def _running(self) -> StudentProcess:
        """:meth:`ensure_running`'s process."""
        self.ensure_running()
        assert self.process is not None, "ensure_running leaves a live process, or raises"
        return self.process

    def _load(self, label: str, code: str) -> list[tuple[str, str]]:
        """Run one cell within what is left of the loading time (and the cell's own limit)."""
        left = self.limits.load_seconds - self.load_spent
        assert self.process is not None, "a cell is loaded only into the process ensure_running started"
        start = time.monotonic()
        try:
            return self.process.load([(label, code)], seconds=min(self.limits.cell_seconds, max(left, 0.0)))
        finally:
            self.load_spent += time.monotonic() - start

    def call(self, name: str, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
        process = self._running()
        try:
            return process.call(name, args, kwargs, self._deps(name), self._reference, self.random)
        finally:
            self.printed = self.process.printed if self.process is not None else ""

    def timed_calls(self, name: str, args: tuple[Any, ...], baseline_code: str, vary: Callable[[int], Any],
                    repeats: int, recheck: bool = False) -> Timing:
        """Alternate calls of the student's function and of a baseline in a clean process of
        its own, each timed here as a round trip (the same protocol for both).

        While the baseline runs, every process of the student's is stopped (SIGSTOP, from
        the warm sandbox), so nothing the student started can compete with the baseline for
        the CPU and make the student look faster. ``recheck``: after the timing, call the
        student's function again, untimed, on each input, for a function whose answers
        cannot be compared with the reference's (see Tester.speed_against)."""
        process = self._running()
        deps = self._deps(name)
        baseline = StudentProcess(limits=self.limits, workdir=None, role="baseline", deadline=self.deadline)
        timing = Timing([], [], None)
        try:
            baseline.start()
            errors = baseline.load([("speed-check baseline", baseline_code)])
            if errors:
                raise RuntimeError(f"the speed-check baseline does not load: {errors}")
            process.stash(args)
            baseline.stash(args)
            for i in range(repeats):
                first = vary(i)
                process.freeze(False)
                start = time.perf_counter()
                timing.results.append(process.call_stashed(name, first, deps, self._reference, self.random))
                timing.student.append(time.perf_counter() - start)
                process.freeze(True)
                start = time.perf_counter()
                baseline.call_stashed(name, first, [], self._reference)
                timing.baseline.append(time.perf_counter() - start)
            process.freeze(False)
            if recheck:
                timing.untimed = [process.call_stashed(name, vary(i), deps, self._reference, self.random)
                                  for i in range(repeats)]
        finally:
            if self.process is not None and self.process.sock is not None:
                try:
                    self.process.freeze(False)
                except ProcessDied:
                    pass
            baseline.stop()
        timing.last_result = timing.results[-1] if timing.results else None
        return timing

    def _reference(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deadline: float) -> Any:
        """The reference's answer to a helper call from the student's process, computed in
        the reference's own limited process before the call's ``deadline`` (the arguments
        are the student's: the work they ask for must never run in the grader); the long
        ones (an optimize on the cat pictures) are remembered for the next submission."""
        if self.assignment_id is None:
            return REFERENCE_MEMO.call(self.reference[name], args, kwargs, min_seconds=0.005,
                                       copy_arguments=False)
        server = reference_process(self.assignment_id, self.limits)

        def answer(*call_args: Any, **call_kwargs: Any) -> Any:
            try:
                return server.call(name, call_args, call_kwargs, deadline)
            except ReferenceBroken as error:
                raise GraderFault(str(error)) from error

        return REFERENCE_MEMO.call(answer, args, kwargs, min_seconds=0.005, copy_arguments=False,
                                   identity=("reference", self.assignment_id, name))

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()


def _suspects(function: str, deps: dict[str, list[str]], failing: set[str]) -> list[str] | None:
    """The helpers of ``function`` that the reference should answer on a first try with the
    student's own helpers (see run_check): those that failed a check, or use one that did.
    None when that try would be the usual run (every direct helper a suspect) or pointless.

    Checks run in the notebook's order, so a function's helpers are judged before it.
    """
    direct = deps.get(function, [])
    suspects = sorted(h for h in helpers_of(function, deps) if h in failing or helpers_of(h, deps) & failing)
    return suspects if any(h not in suspects for h in direct) else None


def grade_submission(sub: Submission, grader_fingerprint: str, limits: Limits | None = None) -> SubmissionResult:
    """Grade one student's notebook for one assignment under ``limits`` (the run's grading
    config, autograder/config.py; its defaults when None); never raises for a student's fault."""
    start = time.perf_counter()
    limits = limits or Limits()
    points = check_points(sub.assignment)
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
    cells, notes = cells_to_run(sub.assignment, submitted)
    reference = load_reference(sub.assignment.id)
    source = notebook.read(sub.assignment.source)
    deps = notebook.dependencies(source)
    side = SandboxSide(cells, deps, reference, limits, workdir=str(sub.path.parent),
                       random_users=notebook.random_users(source),
                       files=submission_files(sub.path.parent, limits.folder_bytes, limits.folder_files),
                       assignment_id=sub.assignment.id)
    results: list[Result] = []
    try:
        try:
            side.ensure_running()
            load_errors = list(side.load_errors)
        except (StudentError, CallTimeout) as failure:   # every check will say so too
            load_errors = [("notebook", str(failure))]
        failing: set[str] = set()   # functions with a failed check so far
        for check in checks_for(sub.assignment.id):
            results.append(run_check(check, side, reference, _suspects(check.function, deps, failing),
                                     frozenset(failing)))
            if not results[-1].passed and not check.about_mutation:   # (changing inputs
                failing.add(check.function)   # leaves the values right, as a helper)
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
        earned = points[r.check_id] if r.passed else 0.0
        rows.append(Row(sub.student_id, sub.assignment.id, r.check_id, r.function, earned,
                        points[r.check_id], r.status, r.message, r.title))
    return rows


def grader_fingerprint() -> str:
    """Changes whenever the grader, the checks or the solutions change (for reusing results)."""
    from autograder import ROOT

    digest = hashlib.sha256(__version__.encode())
    for path in sorted((ROOT / "autograder").rglob("*.py")) + sorted(course.SOLUTIONS.rglob("*.ipynb")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
