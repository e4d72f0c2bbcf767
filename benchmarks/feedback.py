"""Feedback that teaches, measured: how often the checks name the mistake, and what partial
credit keeps.

    .venv/bin/python -m benchmarks.feedback

Every mistake of the course's catalogue (autograder/hidden/mistakes/) and every mistake the
example class's buggy student has written in (autograder/examples.py) runs through the hidden
checks of its function (in this process, as nbgrader's autograde runs them) and through its
public check. Per module it prints: how many mistakes, the fraction whose hidden feedback names
the mistake by its own sentence, the same for the public checks, how many keep some of their
function's points (a right output among wrong ones, a right value in the wrong type) and the
median share of the points those keep. The test suite asserts the goals (tests/test_mistakes.py:
at least 90 % named by each, no hint quoting the solution).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import re
import statistics
import sys

from autograder import course
from autograder.examples import MISTAKES as EXAMPLE_MISTAKES, answer_sources, apply_mistakes
from autograder.grading.grade import grading_plan
from autograder.hidden import run_checks_in_namespace
from autograder.hidden.mistakes import Mistake, catalogue
from autograder.public.report import CheckFailed
from autograder.reference import load_reference
from benchmarks.common import machine, table


def _hidden(assignment_id: str, function: str, namespace: dict) -> tuple[set[str], str, float]:
    """(the mistakes named, every failed message, the share of the function's points kept)."""
    points = grading_plan(assignment_id).points
    with contextlib.redirect_stdout(io.StringIO()):   # (mistakes with print_cost print)
        results = run_checks_in_namespace(assignment_id, function, namespace)
    best = sum(points[r.check_id] for r in results)
    kept = sum(points[r.check_id] * r.earned for r in results) / best if best else 0.0
    failed = [r for r in results if not r.passed]
    return {r.mistake for r in failed}, " ".join(r.message for r in failed), kept


def _public(assignment_id: str, function: str, namespace: dict) -> str:
    module = importlib.import_module(f"autograder.public.{course.assignment(assignment_id).module}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(CheckFailed):
        getattr(module, f"test_{function}")(namespace[function])
    return re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())


def _examples(assignment_id: str) -> list[tuple[Mistake, dict]]:
    """The buggy student's mistakes: (the catalogued mistake each makes, its namespace), its
    function as written into the example notebook (a text edit of the solution)."""
    buggy = apply_mistakes(assignment_id, answer_sources(course.assignment(assignment_id)))
    found = []
    for function, _, _, name in EXAMPLE_MISTAKES.get(assignment_id, []):
        namespace = dict(load_reference(assignment_id))
        exec(next(src for src in buggy.values() if f"def {function}(" in src), namespace)
        mistake = next(m for m in catalogue(assignment_id) if m.function == function and m.name == name)
        found.append((mistake, namespace))
    return found


def measure() -> list[tuple]:
    rows = []
    for assignment in course.assignments():
        cases = []
        for mistake in catalogue(assignment.id):
            namespace = dict(load_reference(assignment.id))
            namespace[mistake.function] = mistake.implementation(namespace)
            cases.append((mistake, namespace, "catalogue"))
        cases += [(m, ns, "example") for m, ns in _examples(assignment.id)]
        for kind in ("catalogue", "example"):
            chosen = [(m, ns) for m, ns, k in cases if k == kind]
            if not chosen:
                continue
            hidden_named = public_named = public_total = 0
            kept = []
            for mistake, namespace in chosen:
                named, messages, share = _hidden(assignment.id, mistake.function, namespace)
                hidden_named += mistake.says in named or any(p in messages for p in mistake.named_by)
                if mistake.public:
                    public_total += 1
                    out = _public(assignment.id, mistake.function, namespace)
                    public_named += f"Likely mistake: {mistake.says}" in out or any(p in out for p in mistake.named_by)
                if 0 < share < 1:
                    kept.append(share)
            rows.append((assignment.module, kind, len(chosen), f"{hidden_named / len(chosen):.0%}",
                         f"{public_named / public_total:.0%}" if public_total else "-",
                         len(kept), f"{statistics.median(kept):.0%}" if kept else "-"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.feedback", description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    print(machine())
    print(table(measure(), ("module", "mistakes", "count", "hidden names it", "public names it",
                            "keep some points", "median kept")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
