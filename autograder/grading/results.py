"""Where results go, written so that nothing is ever half-written.

- ``OUT/results/<student_id>/<assignment_id>.json``: one file per graded submission,
  written atomically as soon as it is graded. A grader killed at any moment and started
  again re-grades only what has no result yet (or whose submission or grader changed:
  each result carries the key it was graded under).
- ``OUT/grades.csv``: every row of every result, rebuilt atomically at the end.

A student id becomes a folder name through ``safe_text.file_name``, which is one-to-one:
``bob\\1`` and ``bob_1`` (or ``.``, ``..``, names that differ by a control character) get
folders of their own. Results saved under an earlier naming are not looked for: such a
submission is simply graded again once. Every text cell of ``grades.csv`` goes through
``safe_text.csv_cell``, so no cell is a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from autograder.grading.model import Row, SubmissionResult
from autograder.grading.submissions import Submission
from autograder.safe_text import clean_message, csv_cell, ensure_printable, file_name

CSV_HEADER = ["student_id", "assignment_id", "check_id", "function", "points", "max_points",
              "status", "message"]


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The file is the grader's own (mkstemp's 0600) unless ``mode`` says otherwise: a page that is
    released to a student must be readable by the student's account (nbgrader's release copies
    the mode along), so it is written with that mode before it takes the path.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def student_folder(out: Path, kind: str, student_id: str) -> Path:
    """``OUT/<kind>/<student's folder>``: one folder per student id, one-to-one
    (``kind`` is ``results`` or ``feedback``)."""
    return out / kind / file_name(student_id)


def result_path(out: Path, student_id: str, assignment_id: str) -> Path:
    return student_folder(out, "results", student_id) / f"{file_name(assignment_id)}.json"


def made_safe(result: SubmissionResult) -> SubmissionResult:
    """``result`` with its id and its reason for being broken safe to store and show (the
    rows are made safe as they are built; see ``model.Row``)."""
    result.student_id = ensure_printable(result.student_id)
    result.broken = clean_message(result.broken)
    return result


def save(out: Path, result: SubmissionResult) -> None:
    """Write ``result`` atomically to its results file (UTF-8 JSON)."""
    result = made_safe(result)
    data = json.dumps(result.to_json(), indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
    atomic_write(result_path(out, result.student_id, result.assignment_id), data)


def load_if_current(out: Path, sub: Submission, key: str) -> SubmissionResult | None:
    """The saved result of ``sub`` if it was graded under ``key``; None otherwise."""
    path = result_path(out, sub.student_id, sub.assignment.id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        result = made_safe(SubmissionResult.from_json(data))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return result if result.key == key else None


def _points(value: float) -> str:
    return f"{value:.6g}"


def _csv_row(row: Row) -> list[str]:
    """One row of grades.csv: every text cell made safe (rows are already clean; this is the
    last boundary before a spreadsheet, so it does not rely on it) and never a formula."""
    texts = [ensure_printable(row.student_id), ensure_printable(row.assignment_id),
             ensure_printable(row.check_id), ensure_printable(row.function)]
    return ([csv_cell(t) for t in texts] + [_points(row.points), _points(row.max_points)]
            + [csv_cell(ensure_printable(row.status)), csv_cell(clean_message(row.message))])


def write_csv(out: Path, results: list[SubmissionResult]) -> Path:
    """All rows, sorted by student, assignment and check order, as ``OUT/grades.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for result in sorted(results, key=lambda r: (r.student_id, r.assignment_id)):
        for row in result.rows:
            writer.writerow(_csv_row(row))
    path = out / "grades.csv"
    atomic_write(path, buffer.getvalue().encode("utf-8"))
    return path
