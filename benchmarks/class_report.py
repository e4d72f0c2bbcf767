"""The class report on a large synthetic class: seconds, and whether the planted copies are found.

    .venv/bin/python -m benchmarks.class_report [--students 1000] [--copies 10] [--keep DIR]

The class is made, not graded (grading 4,000 notebooks takes hours): every student submits
all four assignments as notebooks (the release with its answer cells filled in, as
``autograder.examples`` does), and their results are written by the grader's own writers
(``results.save``, ``results.write_csv``) with the rows of the real checks and points. Student
``i`` is, in turn, ``complete``, ``partial``, ``buggy``, ``blank`` (the example kinds; the
buggy ones fail a check of some functions with a catalogued mistake) or ``own``: the reference
with their own names and two lines of their own in every answer cell (unique code, as in a
real class). ``--copies`` of the ``own`` students copy another ``own`` student's notebooks,
names changed and comments rewritten. Every 97th submission is broken (not JSON), every
101st missing, every 53rd has a check that timed out. Seeded (``--seed``).

Measured side by side, each a fresh ``python -m autograder.classreport`` (start-up included):
the report without similarity (grades, figures, pages), the report with ``--submitted``
(similarity too), their ratio, and the pairs flagged against the planted ones.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

from autograder import course, notebook
from autograder.examples import apply_mistakes, solution_body
from autograder.grading import results
from autograder.grading.grade import grading_plan
from autograder.grading.model import Row, Status, SubmissionResult
from autograder.hidden.mistakes import catalogue
from benchmarks.common import machine, ratio, run, table

KINDS = ("complete", "partial", "buggy", "blank", "own")
RENAMED = ("m", "A", "cost", "dw", "db", "Z1", "A1", "A2", "dZ1", "dZ2", "grads", "parameters", "caches")


def _answers(assignment: course.Assignment) -> dict[str, str]:
    return {notebook.nbgrader(c)["grade_id"]: solution_body(c.source)
            for c in notebook.read(assignment.source).cells if notebook.kind(c) == "answer"}


def _own(answers: dict[str, str], rng: random.Random, tag: str) -> dict[str, str]:
    """The reference with the student's own names and two lines of their own per cell."""
    mine = {}
    for grade_id, source in answers.items():
        for name in RENAMED:
            source = re.sub(rf"(?<![\w\"']){name}(?![\w\"'])", f"{name}_{tag}", source)
        lines = source.splitlines()
        extra = [f"    noise_{tag} = np.full(({rng.randint(2, 9)}, {rng.randint(2, 9)}), {rng.random():.6f})",
                 f"    check_{tag} = float(np.sum(noise_{tag} * {rng.randint(10, 10**6)}) % {rng.randint(3, 97)})"]
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("def ")), 0)
        mine[grade_id] = "\n".join(lines[:at] + extra + lines[at:])
    return mine


def _copied(answers: dict[str, str], tag: str) -> dict[str, str]:
    """Another student's answers with the names changed and the comments rewritten."""
    copied = {}
    for grade_id, source in answers.items():
        source = re.sub(r"_(s\d+)\b", f"_{tag}", source)
        copied[grade_id] = re.sub(r"#.*$", "# done", source, flags=re.MULTILINE)
    return copied


def _notebook(release: dict, answers: dict[str, str]) -> bytes:
    cells = []
    for cell in release["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell["metadata"]["nbgrader"].get("solution"):
            cell = dict(cell, source=answers[grade_id])
        cells.append(cell)
    return json.dumps(dict(release, cells=cells)).encode()


def _rows(assignment: course.Assignment, student: str, kind: str, rng: random.Random,
          timeout: bool) -> list[Row]:
    plan = grading_plan(assignment.id)
    functions = list(dict.fromkeys(c.function for c in plan.checks))
    written = set(functions[: (len(functions) + 1) // 2]) if kind == "partial" else \
        set() if kind == "blank" else set(functions)
    mistakes = {m.function: m for m in catalogue(assignment.id)}
    wrong = {f for f in functions if kind == "buggy" and f in mistakes and rng.random() < 0.4}
    rows = [Row(student, assignment.id, "notebook.cells", "", 0.0, 0.0, Status.PASSED, "all cells ran")]
    for index, check in enumerate(plan.checks):
        best = plan.points[check.check_id]
        row = Row(student, assignment.id, check.check_id, check.function, best, best, Status.PASSED, check.title,
                  check.title)
        if check.function not in written:
            row.points, row.status = 0.0, Status.ERROR
            row.message = f"{check.function} is not written yet (it raises NotImplementedError)."
        elif check.function in wrong and index % 2 == 0:
            row.points, row.status = 0.0, Status.FAILED
            row.mistake = mistakes[check.function].says
            row.message = f"Likely mistake: {row.mistake} (values differ from the reference)"
        elif timeout and index == 1:
            row.points, row.status, row.message = 0.0, Status.TIMEOUT, f"{check.function} ran past 30 s"
        rows.append(row)
    return rows


def _unusable(number: int) -> bool:
    """Submission ``number`` is missing or broken (so it cannot be compared)."""
    return number % 101 == 100 or number % 97 == 96


def make_class(root: Path, students: int, copies: int, seed: int) -> set[tuple[str, str, str]]:
    """SUBMITTED and OUT under ``root``; the planted pairs (assignment, student_a, student_b)."""
    rng = random.Random(seed)
    submitted, out = root / "submitted", root / "out"
    assignments = course.assignments()
    releases = {a.id: json.loads(a.release.read_text(encoding="utf-8")) for a in assignments}
    references = {a.id: _answers(a) for a in assignments}
    own = [i for i in range(students) if KINDS[i % len(KINDS)] == "own"]
    copiers = dict(zip(own[1::2][:copies], own[0::2][:copies], strict=False))   # copier -> original
    planted: set[tuple[str, str, str]] = set()
    everyone: list[SubmissionResult] = []
    own_answers: dict[tuple[int, str], dict[str, str]] = {}
    for i in range(students):
        student, kind = f"s{i:04d}", KINDS[i % len(KINDS)]
        for a_index, a in enumerate(assignments):
            reference = references[a.id]
            if kind != "own":
                answers = {"complete": reference, "buggy": apply_mistakes(a.id, reference), "blank": {},
                           "partial": dict(list(reference.items())[: (len(reference) + 1) // 2])}[kind]
            else:
                answers = _own(reference, rng, student) if i not in copiers else \
                    _copied(own_answers[(copiers[i], a.id)], student)
                own_answers[(i, a.id)] = answers
            number = i * len(assignments) + a_index
            if i in copiers and not _unusable(number) and not _unusable(copiers[i] * len(assignments) + a_index):
                planted.add((a.id, f"s{copiers[i]:04d}", student))
            path = submitted / student / a.id / a.notebook
            if number % 101 == 100:   # missing: no folder
                rows = [Row(student, a.id, "notebook.cells", "", 0.0, 0.0, Status.MISSING, "no folder")]
                everyone.append(SubmissionResult(student, a.id, "k", rows, 0.0, "no folder was submitted"))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if number % 97 == 96:
                path.write_bytes(b'{"cells": [ not JSON')
                rows = [Row(student, a.id, "notebook.cells", "", 0.0, 0.0, Status.ERROR, "not valid JSON")]
                everyone.append(SubmissionResult(student, a.id, "k", rows, 0.1, "not valid JSON"))
                continue
            path.write_bytes(_notebook(releases[a.id], answers))
            everyone.append(SubmissionResult(student, a.id, "k", _rows(a, student, kind, rng, number % 53 == 0),
                                             round(rng.uniform(1.0, 8.0), 2)))
    for result in everyone:
        results.save(out, result)
    results.write_csv(out, everyone)
    return planted


def flagged(out: Path) -> set[tuple[str, str, str]]:
    lines = (out / "report" / "similarity.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(line.split(",")[:3]) for line in lines}   # type: ignore[misc]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.class_report", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="build the class here and keep it, or use the one an earlier "
                                                   "--keep built there (default: a temporary folder)")
    args = parser.parse_args(argv)
    print(machine())
    root = args.keep or Path(tempfile.mkdtemp(prefix="class-report-"))
    try:
        made = root / "planted.json"   # a class kept by --keep is used again as it is
        if made.is_file():
            planted = {(a, s, t) for a, s, t in json.loads(made.read_text())}
            print(f"the class in {root} (made by an earlier run)")
        else:
            planted = make_class(root, args.students, args.copies, args.seed)
            if args.keep:
                made.write_text(json.dumps(sorted(planted)))
        command = [sys.executable, "-m", "autograder.classreport", str(root / "out")]
        alone = run(command)
        both = run([*command, "--submitted", str(root / "submitted")])
        for done in (alone, both):
            if done.returncode != 0:
                print(done.output[-2000:])
                return 1
        found = flagged(root / "out")
        rows = [("grades, figures, pages", f"{alone.seconds:.1f}", f"{alone.max_rss_mib:.0f}", "-"),
                ("the same and similarity", f"{both.seconds:.1f}", f"{both.max_rss_mib:.0f}",
                 ratio(both.seconds, alone.seconds))]
        print(f"{args.students} students x {len(course.assignments())} assignments")
        print(table(rows, ("report", "seconds", "peak MiB", "vs without similarity")))
        print(f"planted pairs {len(planted)}, flagged {len(found)}, planted and flagged {len(planted & found)}, "
              f"flagged but not planted {len(found - planted)}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
