"""Hidden checks: what the grader tests beyond the public checks.

``moduleN.py`` registers the checks of each assignment with
:func:`autograder.hidden.spec.hidden_check`. This module runs them where the student's
functions live in the same process (the notebook's own hidden-test cells, as nbgrader's
autograde runs them); the sandboxed grader runs the same checks with the student's
functions in another process.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Any

from autograder import course
from autograder.errors import CheckFailure, CheckTimeout, StudentError
from autograder.grading.model import Status
from autograder.hidden.spec import REGISTRY, HiddenCheck, Tester
from autograder.plan import plan
from autograder.public.report import GREEN, RED, paint  # one look for pass/fail lines
from autograder.reference import load_reference
from autograder.safe_text import clean_message
from autograder.student_side import HelperScope, StudentSide, Timing

# Characters of a student's exception text that a check's message quotes: enough to tell the
# error, with room left in the row's line (safe_text.MESSAGE_LIMIT) for what was called
ERROR_TEXT_LIMIT = 160


@dataclass
class Result:
    """The outcome of one hidden check on one student's functions."""
    check_id: str
    function: str
    title: str
    weight: float
    status: Status
    message: str
    seconds: float = 0.0
    earned: float = 0.0     # the share of the check's points earned, 0 to 1 (see Tester.compare's part)
    mistake: str = ""       # the catalogued mistake that explains the failure, in the student's words

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED


def checks_for(assignment_id: str, function: str | None = None) -> list[HiddenCheck]:
    """The hidden checks of an assignment (of one function when given), in order."""
    module = course.assignment(assignment_id).module
    importlib.import_module(f"autograder.hidden.{module}")
    checks = REGISTRY.get(module, [])
    return [c for c in checks if function is None or c.function == function]


def dependencies(assignment_id: str) -> dict[str, list[str]]:
    """Graded function -> the graded functions its reference calls (answered by the reference)."""
    return plan(assignment_id).dependencies


class NamespaceSide(HelperScope):
    """The student's functions in this process: a notebook's global namespace.

    During a call, the graded functions that the reference of the function under test
    uses are the reference's, so each function is graded on its own.
    """

    printed = ""   # (the student's printing happens in this process, where the tester captures it)

    def __init__(self, namespace: dict, reference: dict, deps: dict[str, list[str]]):
        self.namespace, self.reference, self.deps = namespace, reference, deps

    def call(self, name: str, args: tuple, kwargs: dict) -> tuple[Any, tuple, dict]:
        function = self.namespace.get(name)
        if not callable(function):
            raise StudentError(f"{name} is not defined: run the cell that defines it.")
        scope = getattr(function, "__globals__", self.namespace)
        helpers = self.deps.get(name, []) if self.suspects is None else self.suspects
        saved = {dep: scope[dep] for dep in helpers if dep in scope}
        try:
            scope.update({dep: self.reference[dep] for dep in saved})
            try:
                result = function(*args, **kwargs)
            except NotImplementedError:
                raise StudentError(f"{name} is not written yet (it raises NotImplementedError).") from None
            except CheckFailure:
                raise
            except Exception as error:
                message = clean_message(error, ERROR_TEXT_LIMIT)
                raise StudentError(f"{name} raised {type(error).__name__}: {message}") from error
        finally:
            scope.update(saved)
        return result, args, kwargs

    def timed_calls(self, name: str, args: tuple, baseline_code: str, vary, repeats: int,
                    recheck: bool = False) -> Timing:
        """In-process timing, for nbgrader's autograde (the sandboxed grader times from outside)."""
        baseline_scope: dict = {}
        exec(compile(baseline_code, f"<baseline {name}>", "exec"), baseline_scope)
        timing = Timing([], [], None)
        for i in range(repeats):
            variant = (vary(i),) + tuple(args[1:])
            start = time.perf_counter()
            timing.results.append(self.call(name, variant, {})[0])
            timing.student.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline_scope[name](*variant)
            timing.baseline.append(time.perf_counter() - start)
        if recheck:
            timing.untimed = [self.call(name, (vary(i),) + tuple(args[1:]), {})[0] for i in range(repeats)]
        timing.last_result = timing.results[-1]
        return timing


def run_check(check: HiddenCheck, side: StudentSide, reference: dict, suspects: list[str] | None = None,
              failing: frozenset[str] = frozenset()) -> Result:
    """Run one hidden check; its outcome as a :class:`Result` (never raises for a student's bug).

    ``suspects``: first let the function under test call the student's own versions of the
    graded functions it uses, except these, which the reference answers. Every answer from
    the reference is a round trip between processes; the student's own helpers run at full
    speed (a training loop makes thousands of such calls). When that run passes, the
    function is right on these inputs whatever its helpers did; when it does not, the check
    runs again the usual way, with the reference answering every helper, so a helper's
    mistake never costs this function its points. The grader names as suspects the helpers
    that failed a check of their own (or use one that did), which makes the second run rare.
    """
    if suspects is not None:
        with side.helpers_from_reference(suspects):
            first = _run_once(check, side, reference, failing)
        if first.passed:
            return first
        second = _run_once(check, side, reference, failing)
        second.seconds += first.seconds
        return second
    return _run_once(check, side, reference, failing)


def _run_once(check: HiddenCheck, side: StudentSide, reference: dict, failing: frozenset[str] = frozenset()) -> Result:
    start = time.perf_counter()
    tester = Tester(check, side, reference, failing)
    failure: Exception | None = None
    try:
        check.run(tester)
        earned, message = tester.score()
        status = Status.PASSED if earned >= 1.0 else Status.FAILED
        message = message or check.title
    except CheckTimeout as timeout:     # (CheckFailure's kinds before CheckFailure itself)
        earned, status, message = 0.0, Status.TIMEOUT, str(timeout)
    except StudentError as error:
        earned, status, message, failure = 0.0, Status.ERROR, str(error), error
    except CheckFailure as wrong:
        earned, status, message, failure = 0.0, Status.FAILED, str(wrong), wrong
    except Exception as error:  # noqa: BLE001 (a student's return value broke the comparison itself)
        earned, status = 0.0, Status.ERROR
        message = f"{type(error).__name__}: {clean_message(error, ERROR_TEXT_LIMIT)}"
    if isinstance(failure, (StudentError, CheckFailure)) and tester.mistake is None:
        tester.mistake = tester.diagnose(failure)
    mistake = tester.mistake.says if tester.mistake is not None and status != Status.PASSED else ""
    if mistake:
        message = f"Likely mistake: {mistake} ({message})"
    return Result(check.check_id, check.function, check.title, check.weight, status,
                  message, time.perf_counter() - start, earned, mistake)


def helpers_of(function: str, deps: dict[str, list[str]]) -> set[str]:
    """Every graded function ``function`` reaches through the references' calls (transitively)."""
    seen: set[str] = set()
    todo = list(deps.get(function, []))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += deps.get(name, [])
    return seen


def _suspects(function: str, deps: dict[str, list[str]], failing: set[str]) -> list[str] | None:
    """The helpers of ``function`` that the reference should answer on a first try with the
    student's own helpers (see run_check): those that failed a check, or use one that did.
    None when that try would be the usual run (every direct helper a suspect) or pointless.

    Checks run in the notebook's order, so a function's helpers are judged before it.
    """
    direct = deps.get(function, [])
    suspects = sorted(h for h in helpers_of(function, deps) if h in failing or helpers_of(h, deps) & failing)
    return suspects if any(h not in suspects for h in direct) else None


def run_in_order(checks: list[HiddenCheck] | tuple[HiddenCheck, ...], side: StudentSide, reference: dict,
                 deps: dict[str, list[str]] | None = None) -> list[Result]:
    """Run ``checks`` in the notebook's order, each knowing which functions earlier checks
    found wrong (the speed check judges those by their own answers, see Tester.speed_against).
    ``deps``: try each function with the student's own right helpers first (see run_check)."""
    failing: set[str] = set()   # functions with a failed check so far
    results = []
    for check in checks:
        suspects = _suspects(check.function, deps, failing) if deps is not None else None
        results.append(run_check(check, side, reference, suspects, frozenset(failing)))
        if not results[-1].passed and not check.about_mutation:   # (changing inputs
            failing.add(check.function)   # leaves the values right, as a helper)
    return results


def run_checks_in_namespace(assignment_id: str, function: str, namespace: dict) -> list[Result]:
    """Every hidden check of ``function`` against the student's functions in ``namespace``."""
    checks = checks_for(assignment_id, function)
    if not checks:
        raise LookupError(f"no hidden checks are registered for {function} in {assignment_id}")
    reference = load_reference(assignment_id)
    side = NamespaceSide(namespace, reference, dependencies(assignment_id))
    return run_in_order(checks, side, reference)


def run_hidden_checks(assignment_id: str, function: str, namespace: dict) -> None:
    """For a notebook's hidden-test cell: print a line per check, fail the cell on any failure."""
    results = run_checks_in_namespace(assignment_id, function, namespace)
    for r in results:
        mark = paint("✓", GREEN) if r.passed else paint("✗", RED)
        print(f"{mark} hidden check {r.check_id}: {r.message}")
    failed = [r for r in results if not r.passed]
    if failed:
        raise AssertionError(f"{len(failed)} of {len(results)} hidden checks failed for {function}")
