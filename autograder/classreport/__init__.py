"""``python -m autograder report OUT``: the instructor's view of a graded class.

Reads ``OUT/grades.csv`` and ``OUT/results/`` (written by ``python -m autograder grade``)
and writes ``OUT/report/``:

- ``index.html`` with its figures (PNG): score distributions per assignment and overall,
  completion, difficulty and discrimination per function and per check (hardest first), the
  most common named mistakes with the students who made them (linked to their feedback
  pages), timing (slowest, time-outs, broken) and a table of every student;
- ``summary.json``: every number the page and the figures show;
- with ``--submitted SUBMITTED`` (the folder that was graded), ``similarity.html`` and
  ``similarity.csv`` (``assignment_id,student_a,student_b,score``, most similar first): the
  pairs of students whose answer code is alike beyond what the course gives or everyone
  writes (:mod:`autograder.classreport.similarity`).

How to read each figure: ``docs/class-report.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def build(out: Path, submitted: Path | None = None, threshold: float | None = None,
          notebook_bytes: int | None = None) -> tuple[Path, dict]:
    """Write ``OUT/report/``; the index's path and the summary."""
    from autograder.classreport import data, report, similarity, stats
    from autograder.config import DEFAULTS

    graded = data.load(out)
    summary = stats.summarize(graded)
    found = None
    why = "pass --submitted SUBMITTED (the folder that was graded) to compare the students' code"
    if submitted is not None:
        found = similarity.class_similarity(submitted, graded.assignments, graded.students,
                                            notebook_bytes or DEFAULTS.notebook_bytes,
                                            similarity.THRESHOLD if threshold is None else threshold)
    summary["similarity"] = report.similarity_summary(found, why)
    return report.write(out, summary, found), summary


def _limit_bytes() -> int:
    """The notebook size cap the grader used (the course's nbgrader_config.py over the default)."""
    from autograder import config

    return config.load([]).notebook_bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments (``python -m autograder report`` declares the same three)."""
    parser.add_argument("out", help="the --out folder of `python -m autograder grade`")
    parser.add_argument("--submitted", metavar="SUBMITTED",
                        help="the folder that was graded: compare the students' answer code (similarity)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="similarity score (0..1) from which a pair is flagged (default 0.5)")


def run(args: argparse.Namespace) -> int:
    """Write the report for parsed arguments (``out``, ``submitted``, ``threshold``); the exit status."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from autograder.classreport.data import ReportError
    from autograder.config import ConfigError

    start = time.perf_counter()
    out = Path(args.out)
    submitted = Path(args.submitted) if args.submitted else None
    if args.threshold is not None and not 0 < args.threshold <= 1:
        print(f"error: --threshold takes a number in (0, 1], found {args.threshold}", file=sys.stderr)
        return 2
    if submitted is not None and not submitted.is_dir():
        print(f"error: --submitted {submitted}: no such folder (expected SUBMITTED/<student>/<assignment>/"
              "<notebook>.ipynb, the folder given to `grade`)", file=sys.stderr)
        return 2
    try:
        index, summary = build(out, submitted, args.threshold, _limit_bytes() if submitted else None)
    except (ReportError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    pairs = summary["similarity"].get("pairs")
    flagged = (f"; {len(pairs)} similar pair(s) in {out / 'report' / 'similarity.csv'}" if pairs is not None
               else "; similarity not computed (no --submitted)")
    print(f"report of {summary['students']} students and {summary['submissions']} submissions in {index}"
          f"{flagged} ({time.perf_counter() - start:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder report", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))
