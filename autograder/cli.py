"""``python -m autograder``: the instructor's and the student's commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # (only for the annotation: the student bundle has no autograder/config.py)
    from autograder.config import GradingConfig


def _check(args) -> int:
    from autograder import student_check

    try:
        return student_check.run(Path(args.notebook))
    except (ValueError, KeyError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _isolation_refusal(no_isolation: bool) -> str | None:
    """Why grading must not start (one line), or None.

    Student code is graded in a sandbox unless the instructor chose otherwise
    (``--no-isolation`` or AUTOGRADER_ISOLATION=none): where no bwrap can make one, grading
    refuses rather than silently running every submission with the grader's rights."""
    from autograder.sandbox import isolation

    if no_isolation:
        isolation.without_isolation()
    try:
        found = isolation.detect()
    except isolation.IsolationError as error:   # AUTOGRADER_ISOLATION=bwrap without a sandbox, or a bad value
        return str(error)
    if found.kind == "unavailable":
        return f"student code would run unisolated: {found.detail}"
    return None


def _limits(args) -> GradingConfig | None:
    """The grading config of this run (defaults, the course's nbgrader_config.py, then
    ``--limit``), or None after printing why it cannot be used (one line)."""
    # (imported here: autograder/config.py is not in the student bundle, which has this file)
    from autograder import config

    try:
        return config.load(args.limit or [])
    except config.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def _grade(args) -> int:
    refusal = _isolation_refusal(args.no_isolation)   # before anything is read or written
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    limits = _limits(args)   # a mistyped --limit is said before any submission is looked at
    if limits is None:
        return 2
    from autograder.grading.report import print_summary
    from autograder.grading.run import grade_class

    try:
        jobs = args.jobs or (2 if args.scheduler else os.cpu_count() or 1)
        summary = grade_class(Path(args.submitted), Path(args.out), jobs=jobs,
                              students=args.student, assignments=args.assignment,
                              db_url="" if args.no_db else args.db, scheduler=args.scheduler,
                              limits=limits)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_summary(summary, Path(args.out))
    if not args.no_report:
        _class_report(Path(args.out), Path(args.submitted), summary.graded, limits.notebook_bytes)
    return 0


def _class_report(out: Path, submitted: Path, graded: int, notebook_bytes: int) -> None:
    """The class report after grading (OUT/report/), when anything was graded or it is missing:
    an unchanged re-run stays a fraction of a second. Its failure is a warning; the grades stand."""
    if not graded and (out / "report" / "index.html").is_file():
        return
    from autograder.classreport import build

    try:
        index, _ = build(out, submitted, None, notebook_bytes)
    except Exception as error:  # noqa: BLE001 (the grades are written: a report failure must not hide them)
        print(f"warning: the class report could not be written ({type(error).__name__}: {error}); "
              f"run `python -m autograder report {out} --submitted {submitted}`", file=sys.stderr)
        return
    print(f"class report in {index}")


def _doctor(args) -> int:
    limits = _limits(args)
    if limits is None:
        return 2
    print(_isolation_lines())
    print("limits (defaults, then c.Autograder.limits in nbgrader_config.py, then --limit NAME=VALUE; "
          "one BLAS thread per student process):")
    for line in limits.lines():
        print(f"  {line}")
    return 0


def _isolation_lines() -> str:
    """doctor's account of isolation: the kind and detail, and which bwrap (path, version) or
    why none works."""
    from autograder.sandbox import isolation

    try:
        found = isolation.detect()
    except isolation.IsolationError as error:
        return f"isolation: unavailable: {error}\nbwrap: none works here (see the line above)"
    if found.isolated:
        which = f"bwrap: {found.bwrap} ({found.version}, {isolation.origin(found.source)})"
    elif found.kind == "none":
        which = "bwrap: not used (isolation turned off by AUTOGRADER_ISOLATION=none)"
    else:
        which = "bwrap: none works here (see the line above)"
    return f"isolation: {found.kind}: {found.detail}\n{which}"


def _limit_option(parser: argparse.ArgumentParser) -> None:
    # (the names are not listed here: the parser is built for the student's `check` too,
    # in the student bundle, where autograder/config.py is not)
    parser.add_argument("--limit", action="append", metavar="NAME=VALUE",
                        help="a limit to grade under, over the defaults and c.Autograder.limits in "
                             "nbgrader_config.py (repeatable; e.g. call_seconds=20, memory_bytes=4GiB); "
                             "`python -m autograder doctor` lists every name with its value")


# Commands whose options their own package parses (its main(argv)): name -> (module, help)
DELEGATED = {
    "report": ("autograder.classreport", "the instructor's view of a graded class: OUT/report/index.html "
                                         "(python -m autograder report --help)"),
    "serve": ("autograder.serve", "grade on submit through nbgrader's exchange, and release the feedback "
                                  "(python -m autograder serve --help)"),
}


def _grader_environment() -> None:
    # the grader draws nothing on screen; the reference's setup cells import pyplot
    os.environ.setdefault("MPLBACKEND", "Agg")
    # One BLAS thread in the grader too (set before NumPy loads): submissions are graded in
    # parallel, and on a busy machine BLAS threads fighting over cores made small matrix
    # products in the reference 7 times slower.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in DELEGATED:
        import importlib

        _grader_environment()
        return int(importlib.import_module(DELEGATED[argv[0]][0]).main(argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Course companion for Neural Networks and Deep Learning")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (_, text) in DELEGATED.items():
        commands.add_parser(name, help=text, add_help=False)   # (listed here, parsed by their own main)
    check = commands.add_parser("check", help="run the public checks of one notebook")
    check.add_argument("notebook", help="a student's notebook, "
                                        "e.g. notebooks/module2_logistic_regression/logistic_regression.ipynb")
    check.set_defaults(run=_check)
    grade = commands.add_parser("grade", help="grade submissions with the hidden tests")
    grade.add_argument("submitted")
    grade.add_argument("--out", required=True)
    grade.add_argument("--jobs", type=int, help="submissions graded in parallel (default: the number of cores)")
    grade.add_argument("--db", help="nbgrader gradebook URL (default: sqlite:///OUT/gradebook.db)")
    grade.add_argument("--no-db", action="store_true", help="do not write a gradebook")
    grade.add_argument("--scheduler", metavar="ADDRESS",
                       help="grade on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' "
                            "for a LocalCluster of --jobs worker processes (default 2)")
    grade.add_argument("--no-isolation", action="store_true",
                       help="grade even where no bubblewrap sandbox can be made: student code then runs "
                            "as you, seeing what you see (same as AUTOGRADER_ISOLATION=none); at your own risk")
    grade.add_argument("--no-report", action="store_true",
                       help="do not write the class report OUT/report/ (python -m autograder report) at the end")
    grade.add_argument("--student", action="append")
    grade.add_argument("--assignment", action="append")
    _limit_option(grade)
    grade.set_defaults(run=_grade)
    doctor = commands.add_parser("doctor", help="what isolation this machine offers the grader, and the limits")
    _limit_option(doctor)
    doctor.set_defaults(run=_doctor)
    args = parser.parse_args(argv)
    _grader_environment()
    return args.run(args)
