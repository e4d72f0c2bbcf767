"""Grading a class: find the submissions, grade what has no current result, write outputs.

Results already saved under the same key (same notebook bytes, same grader and solutions)
are reused, so a second run over an unchanged class, or a run restarted after a crash,
grades only what is missing.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading import feedback, results
from autograder.grading.grade import (SubmissionResult, _rows_without_grading, check_points,
                                      grade_submission, grader_fingerprint, submission_key)
from autograder.grading.submissions import Submission, find


@dataclass
class Summary:
    results: list[SubmissionResult] = field(default_factory=list)
    graded: int = 0
    reused: int = 0
    seconds: float = 0.0
    csv_path: Path | None = None
    gradebook: str = ""

    @property
    def broken(self) -> list[SubmissionResult]:
        return [r for r in self.results if r.broken]


def _internal_error(sub: Submission, key: str, error: BaseException) -> SubmissionResult:
    message = f"the grader failed on this submission ({type(error).__name__}: {error}); grade it again"
    result = SubmissionResult(sub.student_id, sub.assignment.id, key="", broken=message)
    result.rows = _rows_without_grading(sub, check_points(sub.assignment), "error", message)
    return result


def grade_class(submitted: Path, out: Path, jobs: int = 1, students: list[str] | None = None,
                assignments: list[str] | None = None, db_url: str | None = None,
                progress: bool | None = None) -> Summary:
    start = time.perf_counter()
    subs = find(submitted, students, assignments)
    fingerprint = grader_fingerprint()
    summary = Summary()
    todo: list[tuple[Submission, str]] = []
    for sub in subs:
        key = submission_key(sub, fingerprint)
        saved = results.load_if_current(out, sub, key)
        if saved is not None:
            feedback.write(out, saved)
            summary.results.append(saved)
            summary.reused += 1
        else:
            todo.append((sub, key))

    bar = _progress_bar(len(todo), progress)

    def finish(sub: Submission, key: str, result: SubmissionResult) -> None:
        if result.key:  # an internal error is not saved, so the next run retries it
            results.save(out, result)
        feedback.write(out, result)
        summary.results.append(result)
        summary.graded += 1
        bar.update(1)

    if jobs <= 1 or len(todo) <= 1:
        for sub, key in todo:
            try:
                result = grade_submission(sub, fingerprint)
            except Exception as error:  # a bug of ours must not stop the class
                result = _internal_error(sub, key, error)
            finish(sub, key, result)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade_submission, sub, fingerprint): (sub, key) for sub, key in todo}
            for future in as_completed(futures):
                sub, key = futures[future]
                try:
                    result = future.result()
                except Exception as error:
                    result = _internal_error(sub, key, error)
                finish(sub, key, result)
    bar.close()
    summary.csv_path = results.write_csv(out, summary.results)
    if db_url != "":
        from autograder.grading import gradebook

        url = db_url or gradebook.default_url(out)
        gradebook.record(url, summary.results)
        summary.gradebook = url
    summary.seconds = time.perf_counter() - start
    return summary


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, progress: bool | None):
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total == 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="notebook", desc="grading", file=sys.stderr)
