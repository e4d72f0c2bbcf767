"""Where results go, written so that nothing is ever half-written.

- ``OUT/results/<student_id>/<assignment_id>.json``: one file per graded submission,
  written atomically as soon as it is graded. A grader killed at any moment and started
  again re-grades only what has no result yet (or whose submission or grader changed:
  each result carries the key it was graded under).
- ``OUT/grades.csv``: every row of every result, rebuilt atomically at the end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from autograder.grading.grade import SubmissionResult
from autograder.grading.submissions import Submission

CSV_HEADER = ["student_id", "assignment_id", "check_id", "function", "points", "max_points",
              "status", "message"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _safe_part(name: str) -> str:
    """A student id as one path component (ids may hold spaces or non-ASCII, never '/')."""
    return name.replace("/", "_").replace("\\", "_").replace("\0", "_") or "_"


def result_path(out: Path, student_id: str, assignment_id: str) -> Path:
    return out / "results" / _safe_part(student_id) / f"{assignment_id}.json"


def save(out: Path, result: SubmissionResult) -> None:
    data = json.dumps(result.to_json(), indent=1, ensure_ascii=False, sort_keys=True).encode()
    atomic_write(result_path(out, result.student_id, result.assignment_id), data)


def load_if_current(out: Path, sub: Submission, key: str) -> SubmissionResult | None:
    """The saved result of ``sub`` if it was graded under ``key``; None otherwise."""
    path = result_path(out, sub.student_id, sub.assignment.id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        result = SubmissionResult.from_json(data)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return result if result.key == key else None


def _points(value: float) -> str:
    return f"{value:.6g}"


def write_csv(out: Path, results: list[SubmissionResult]) -> Path:
    """All rows, sorted by student, assignment and check order, as ``OUT/grades.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for result in sorted(results, key=lambda r: (r.student_id, r.assignment_id)):
        for row in result.rows:
            writer.writerow([row.student_id, row.assignment_id, row.check_id, row.function,
                             _points(row.points), _points(row.max_points), row.status, row.message])
    path = out / "grades.csv"
    atomic_write(path, buffer.getvalue().encode("utf-8"))
    return path
