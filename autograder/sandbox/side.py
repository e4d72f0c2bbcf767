"""The grader's side of a check: the student's functions in a sandboxed process of their own.

:class:`SandboxSide` implements :class:`autograder.student_side.StudentSide` with a
:class:`~autograder.sandbox.process.StudentProcess`: it loads the submission's cells one at a
time (setting aside a cell that ends or hangs the process), starts the process again when a
check killed it, keeps one time budget for the whole submission, and times the speed checks
from outside with the student's processes frozen while the baseline runs. It knows nothing of
the checks or of the reference: the grader hands it the function that answers helper calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from autograder.sandbox.process import BudgetSpent, CallTimeout, Limits, ProcessDied, Reference, StudentProcess
from autograder.student_side import HelperScope, Timing


class SandboxSide(HelperScope):
    """The student's functions in a sandboxed process: the grader's StudentSide."""

    def __init__(self, cells: list[tuple[str, str]], deps: dict[str, list[str]], answer: Reference,
                 limits: Limits, workdir: str | None, random_users: set[str] | None = None,
                 files: list[list[Any]] | None = None) -> None:
        """``cells``: (label, code) to run first, in order; ``deps``: graded function -> the
        graded helpers it calls; ``answer(name, args, kwargs, deadline)``: the reference's
        answer to the student's call of a helper (the grader's choice of where it is computed:
        see autograder.grading.grade.reference_answers); ``files``: the submission's folder
        (autograder.grading.submissions.submission_files), written into the process."""
        self.cells, self.deps, self.answer = cells, deps, answer
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
        return self.answer(name, args, kwargs, deadline)

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()
