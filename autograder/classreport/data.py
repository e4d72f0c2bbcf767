"""A graded class read back from ``OUT``: ``grades.csv`` for every row, ``OUT/results/`` for
what the CSV does not hold (the named mistake of each row, each submission's seconds and why
it was broken).

``grades.csv`` is the truth of the last grading run (a results file may be left from an
earlier run, or missing for an internal error, which is not saved): a submission's results
file is used only when its rows are the CSV's rows (same checks, statuses and points), and
the CSV's rows are used alone otherwise. Both files are ours, but a folder handed over by
someone else is still read with caps (sizes checked before parsing) and a one-line error
naming the file, what was expected, what was found and the fix.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.grading.model import Row, Status, SubmissionResult
from autograder.grading.results import CSV_HEADER, result_path
from autograder.safe_text import ensure_printable

GRADES_BYTES = 1 << 30        # grades.csv of 1,000 students and 4 assignments is about 20 MB
RESULT_BYTES = 16 << 20       # one results file (a few KiB in practice)


class ReportError(ValueError):
    """``OUT`` cannot be reported on; the message is one line (file, expected, found, fix)."""


@dataclass
class GradedClass:
    """Every submission of the last grading run, in (student, assignment) order."""
    out: Path
    results: list[SubmissionResult]
    assignments: list[str]         # in module order (their ids sort so)
    students: list[str]            # sorted

    def of(self, assignment_id: str) -> list[SubmissionResult]:
        return [r for r in self.results if r.assignment_id == assignment_id]


def _uncell(text: str) -> str:
    """The text of a ``safe_text.csv_cell``: one leading quote off (csv_cell is injective)."""
    return text[1:] if text.startswith("'") else text


def read_grades(out: Path) -> list[Row]:
    """The rows of ``OUT/grades.csv``."""
    path = out / "grades.csv"
    fix = f"run `python -m autograder grade SUBMITTED --out {out}` first"
    try:
        size = path.stat().st_size
    except OSError:
        raise ReportError(f"{path}: no grades.csv (expected the output of `grade`); {fix}") from None
    if size > GRADES_BYTES:
        raise ReportError(f"{path} is {size >> 20} MiB, over the {GRADES_BYTES >> 20} MiB a report reads; "
                          "report on fewer students (grade them into another --out)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path} cannot be read as UTF-8 text ({error}); {fix}") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if header != CSV_HEADER:
        raise ReportError(f"{path}: expected the header {','.join(CSV_HEADER)}, found {','.join(header)[:120]!r}; "
                          f"{fix}")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(CSV_HEADER):
            raise ReportError(f"{path} line {number}: expected {len(CSV_HEADER)} cells, found {len(cells)}; {fix}")
        student, assignment, check, function, points, best, status, message = [
            c[1:] if c[:1] == "'" else c for c in cells]   # (_uncell, inlined: 100,000 rows)
        try:
            if not (math.isfinite(float(points)) and math.isfinite(float(best))):
                raise ValueError(f"points {points!r} of {best!r} are not finite")
            rows.append(_row(student, assignment, check, function, float(points), float(best), Status(status),
                             message))
        except ValueError as error:
            raise ReportError(f"{path} line {number}: {error} (expected numbers of points and a status "
                              f"among {', '.join(s.value for s in Status)}); {fix}") from None
    return rows


def _row(student: str, assignment: str, check: str, function: str, points: float, best: float, status: Status,
         message: str) -> Row:
    """A row of grades.csv as it was written (``results.write_csv`` made its text safe), without
    ``Row``'s cleaning again: 100,000 rows spent most of the report's reading there. The ids are
    checked printable; the texts are cleaned where they enter the summary and the pages."""
    row = Row.__new__(Row)
    row.__dict__.update(student_id=ensure_printable(student), assignment_id=ensure_printable(assignment),
                        check_id=ensure_printable(check), function=ensure_printable(function), points=points,
                        max_points=best, status=status, message=message, title="", mistake="")
    return row


def _same(csv_rows: list[Row], saved: list[Any]) -> bool:
    """The saved rows are the CSV's (points compared as the CSV writes them)."""
    try:
        return len(csv_rows) == len(saved) and all(
            a.check_id == b["check_id"] and a.status == b["status"] and f"{a.points:.6g}" == f"{b['points']:.6g}"
            and f"{a.max_points:.6g}" == f"{b['max_points']:.6g}" for a, b in zip(csv_rows, saved, strict=True))
    except (TypeError, KeyError, ValueError):   # a results file of another shape: not used
        return False


def _saved(out: Path, student_id: str, assignment_id: str) -> dict[str, Any] | None:
    """The results file of a submission as JSON, if it is one of ours and not too large."""
    path = result_path(out, student_id, assignment_id)
    try:
        if path.stat().st_size > RESULT_BYTES:
            return None
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(saved, dict) and saved.get("student_id") == student_id and isinstance(saved.get("rows"), list)
    return saved if ok else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else 0.0


def load(out: Path) -> GradedClass:
    """The class graded into ``out``."""
    out = Path(out)
    if not out.is_dir():
        raise ReportError(f"{out}: no such folder (expected the --out folder of `python -m autograder grade`)")
    grouped: dict[tuple[str, str], list[Row]] = {}
    for row in read_grades(out):
        grouped.setdefault((row.student_id, row.assignment_id), []).append(row)
    if not grouped:
        raise ReportError(f"{out / 'grades.csv'} has a header but no rows (no submission was graded); "
                          "check SUBMITTED holds <student>/<assignment>/<notebook>.ipynb and grade again")
    results = []
    for (student, assignment), rows in sorted(grouped.items()):
        saved = _saved(out, student, assignment)
        if saved is not None and _same(rows, saved["rows"]):
            # the CSV's points (what the scores are checked against), the saved names and titles
            for row, kept in zip(rows, saved["rows"], strict=True):
                row.mistake, row.title = _text(kept.get("mistake")), _text(kept.get("title"))
            results.append(SubmissionResult(student, assignment, _text(saved.get("key")), rows,
                                            _number(saved.get("seconds")), _text(saved.get("broken"))))
        else:
            results.append(SubmissionResult(student, assignment, "", rows, 0.0, _broken_from_rows(rows)))
    return GradedClass(out, results, sorted({a for _, a in grouped}), sorted({s for s, _ in grouped}))


def _broken_from_rows(rows: list[Row]) -> str:
    """Why a submission without a results file was not graded: its rows all say the same
    non-passing thing (missing, refused, an internal error)."""
    statuses = {r.status for r in rows}
    if len(statuses) == 1 and statuses <= {Status.MISSING, Status.ERROR} and len({r.message for r in rows}) == 1 \
            and all(r.points == 0 for r in rows):
        return rows[0].message
    return ""
