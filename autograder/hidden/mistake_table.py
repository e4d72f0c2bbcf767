"""``python -m autograder.hidden.mistake_table [--check]``: the public checks' table of mistakes.

Runs every public check on every mistake of the course's catalogue (autograder/hidden/mistakes/)
and writes what each mistake's failed observations look like, with its sentence, to
``autograder/public/mistakes.json`` (see autograder/public/evidence.py): the notebook's checks
then name a student's mistake without any of the mistakes' code. ``make release`` writes it;
``--check`` reports a stale table (a test runs it).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import sys
from typing import Any

import numpy as np

from autograder import course
from autograder.hidden.mistakes import Mistake, catalogue
from autograder.public.evidence import TABLE
from autograder.public.report import Checker, CheckFailed
from autograder.reference import load_reference


def observations_of(assignment_id: str, mistake: Mistake) -> list[list[Any]]:
    """The (key, fingerprint) pairs of the observations ``mistake`` fails in its public check."""
    module = course.assignment(assignment_id).module
    public = importlib.import_module(f"autograder.public.{module}")
    namespace = dict(load_reference(assignment_id))
    wrong = mistake.implementation(namespace)
    recorded: list[Checker] = []
    Checker.recording = recorded
    np.random.seed(0)   # a mistake that draws numbers unseeded gets the same ones every time
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(CheckFailed), np.errstate(all="ignore"):
            getattr(public, f"test_{mistake.function}")(wrong)
    finally:
        Checker.recording = None
    return [[key, seen] for checker in recorded for key, seen, ok in checker.observations if not ok]


def table() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """module -> function -> [{"name", "says", "failed"}], in catalogue order."""
    result: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for assignment in course.assignments():
        for mistake in catalogue(assignment.id):
            failed = observations_of(assignment.id, mistake)
            if failed:
                result.setdefault(assignment.module, {}).setdefault(mistake.function, []).append(
                    {"name": mistake.name, "says": mistake.says, "failed": failed})
    return result


def encoded(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report a stale table instead of writing it")
    args = parser.parse_args(argv)
    text = encoded(table())
    if args.check:
        current = TABLE.read_text(encoding="utf-8") if TABLE.is_file() else ""
        if current != text:
            print(f"{TABLE} is stale: run `python -m autograder.hidden.mistake_table`", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({sum(len(v) for m in json.loads(text).values() for v in m.values())} mistakes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
