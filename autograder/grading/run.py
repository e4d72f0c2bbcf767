"""Grading a class: find the submissions, grade what has no current result, write outputs.

Results already saved under the same key (same notebook bytes, same grader and solutions,
same limits: ``GradingConfig.keyed``) are reused, so a second run over an unchanged class,
or a run restarted after a crash, grades only what is missing. The gradebook is written again only when a result (or the
database file) changed since the last run: importing nbgrader and writing every submission
take most of an unchanged run's time otherwise.

One submission never stops the class: a submission whose notebook cannot be read for its
key, whose grading raises, or whose result or feedback page cannot be written is recorded
as an internal error ("grade it again", not saved, so the next run retries it), and the
others are still graded and saved. Results are made safe to store and show
(``results.made_safe``) before anything is written.

Feedback pages go to ``OUT/feedback/<student>/<assignment>.html`` (kept as it was) and, in
nbgrader's layout, to ``<feedback>/<student>/<assignment>/<notebook>.html`` with the
submission's ``timestamp.txt`` and ``submission_secret.txt``: ``feedback`` is the course's
``feedback/`` when ``SUBMITTED`` is an nbgrader course root or its ``submitted/`` folder (so
``nbgrader release_feedback`` releases our pages), else ``OUT/feedback`` itself.

``python -m autograder serve`` grades one submission at a time with :func:`grade_one`: the
same key, the same saved results and their reuse, the same internal errors.
"""

from __future__ import annotations

import hashlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from autograder.config import GradingConfig
from autograder.grading import feedback, results
from autograder.grading.grade import check_points, grade_submission, grader_fingerprint, submission_key
from autograder.grading.model import Status, SubmissionResult, rows_without_grading
from autograder.grading.submissions import Submission, find, submitted_root
from autograder.safe_text import clean_message


@dataclass
class Summary:
    results: list[SubmissionResult] = field(default_factory=list)
    graded: int = 0
    reused: int = 0
    seconds: float = 0.0
    csv_path: Path | None = None
    gradebook: str = ""
    fresh: list[SubmissionResult] = field(default_factory=list)  # graded in this run
    gradebook_errors: list[str] = field(default_factory=list)   # submissions the gradebook refused

    @property
    def broken(self) -> list[SubmissionResult]:
        return [r for r in self.results if r.broken]


def internal_error(sub: Submission, key: str, error: BaseException) -> SubmissionResult:
    """The result of a submission the grader failed on: every check ``error``, no key (so it
    is not saved and the next run grades it again)."""
    what = clean_message(f"{type(error).__name__}: {error}", limit=240)   # the tail must stay
    message = f"the grader failed on this submission ({what}); grade it again"
    result = SubmissionResult(sub.student_id, sub.assignment.id, key="", broken=message)
    result.rows = rows_without_grading(sub, check_points(sub.assignment), Status.ERROR, message)
    return result


def nbgrader_feedback_root(submitted: Path, out: Path) -> Path:
    """Where the nbgrader-layout pages of a run go: the course's ``feedback/`` when
    ``submitted`` is an nbgrader course root or the ``submitted/`` folder of one, else
    ``OUT/feedback`` (beside the ``<assignment>.html`` pages)."""
    submitted = Path(submitted)
    if submitted_root(submitted) != submitted:   # a course root
        return submitted / "feedback"
    if submitted.name == "submitted" and (submitted.parent / "nbgrader_config.py").is_file():
        return submitted.parent / "feedback"
    return out / "feedback"


def grade_one(sub: Submission, out: Path, limits: GradingConfig, fingerprint: str | None = None,
              nbgrader_root: Path | None = None) -> tuple[SubmissionResult, bool]:
    """Grade ``sub`` as :func:`grade_class` grades each submission (its saved result reused when
    current, else graded here; a grader failure becomes its internal error), saved and with its
    pages written; the result and whether it was graded now (False: reused)."""
    fingerprint = fingerprint or limits.keyed(grader_fingerprint())
    try:
        key = submission_key(sub, fingerprint, limits.notebook_bytes)
    except OSError as error:
        return written(out, sub, "", internal_error(sub, "", error), nbgrader_root=nbgrader_root), True
    saved = results.load_if_current(out, sub, key)
    if saved is not None:
        return written(out, sub, key, saved, save=False, nbgrader_root=nbgrader_root), False
    try:
        result = grade_submission(sub, fingerprint, limits)
    except Exception as error:  # noqa: BLE001 (a bug of ours, a broken sandbox: this submission only)
        result = internal_error(sub, key, error)
    return written(out, sub, key, result, nbgrader_root=nbgrader_root), True


def grade_class(submitted: Path, out: Path, jobs: int = 1, students: list[str] | None = None,
                assignments: list[str] | None = None, db_url: str | None = None,
                progress: bool | None = None, scheduler: str | None = None,
                limits: GradingConfig | None = None) -> Summary:
    start = time.perf_counter()
    limits = limits or GradingConfig()   # every executor below grades under these
    subs = find(submitted, students, assignments)
    nbgrader_root = nbgrader_feedback_root(submitted, out)
    fingerprint = limits.keyed(grader_fingerprint())   # a result graded under other limits is not reused
    summary = Summary()
    todo: list[tuple[Submission, str]] = []
    bar = None

    def keep(result: SubmissionResult, fresh: bool) -> None:
        """Count ``result``: graded in this run (``fresh``) or reused from OUT/results."""
        summary.results.append(result)
        if fresh:
            summary.fresh.append(result)
            summary.graded += 1
            if bar is not None:
                bar.update(1)
        else:
            summary.reused += 1

    for sub in subs:
        try:
            key = submission_key(sub, fingerprint, limits.notebook_bytes)
        except OSError as error:   # unreadable, or swapped for a link since it was found
            keep(written(out, sub, "", internal_error(sub, "", error), nbgrader_root=nbgrader_root), fresh=True)
            continue
        saved = results.load_if_current(out, sub, key)
        if saved is not None:   # its page is written again (OUT/feedback may have been cleared)
            keep(written(out, sub, key, saved, save=False, nbgrader_root=nbgrader_root), fresh=False)
        else:
            todo.append((sub, key))

    bar = _progress_bar(len(todo), progress)

    def finish(sub: Submission, key: str, result: SubmissionResult) -> None:
        keep(written(out, sub, key, result, nbgrader_root=nbgrader_root), fresh=True)

    if scheduler:  # a Dask cluster (autograder/grading/distributed.py)
        from autograder.grading.distributed import grade_on_cluster

        for sub, key, outcome in grade_on_cluster(scheduler, todo, fingerprint, jobs, limits):
            finish(sub, key, outcome if isinstance(outcome, SubmissionResult)
                   else internal_error(sub, key, outcome))
    elif jobs <= 1 or len(todo) <= 1:
        for sub, key in todo:
            try:
                result = grade_submission(sub, fingerprint, limits)
            except Exception as error:  # noqa: BLE001 (a bug of ours must not stop the class)
                result = internal_error(sub, key, error)
            finish(sub, key, result)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade_submission, sub, fingerprint, limits): (sub, key) for sub, key in todo}
            for future in as_completed(futures):
                sub, key = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 (a bug of ours, or a dead worker, must not stop the class)
                    result = internal_error(sub, key, error)
                finish(sub, key, result)
    bar.close()
    summary.csv_path = results.write_csv(out, summary.results)
    if db_url != "":
        from autograder.grading import gradebook

        url = db_url or gradebook.default_url(out)
        stamp_path = out / "results" / ".gradebook-stamp"
        stamp = _gradebook_stamp(url, summary.results)
        if stamp is None or not stamp_path.is_file() or stamp_path.read_text() != stamp:
            gradebook.record(url, summary.results, errors=summary.gradebook_errors)
            stamp = _gradebook_stamp(url, summary.results)
            if stamp is not None and not summary.gradebook_errors:   # else: try those again next run
                results.atomic_write(stamp_path, stamp.encode())
        summary.gradebook = url
    summary.seconds = time.perf_counter() - start
    return summary


def written(out: Path, sub: Submission, key: str, result: SubmissionResult,
             save: bool = True, nbgrader_root: Path | None = None) -> SubmissionResult:
    """``result`` made safe, saved (when ``save`` and it has a key) and its feedback pages
    written (also in nbgrader's layout under ``nbgrader_root`` when given and something was
    submitted); when a write fails (a full disk, a name the filesystem refuses), the
    submission's internal error instead, so that one submission cannot stop the others."""
    result = results.made_safe(result)
    try:
        if save and result.key:   # an internal error is not saved, so the next run retries it
            results.save(out, result)
        feedback.write(out, result)
        if nbgrader_root is not None and sub.path is not None:
            feedback.write_nbgrader(nbgrader_root, result, sub.assignment.notebook,
                                    feedback.nbgrader_stamps(sub.path.parent))
        return result
    except Exception as error:  # noqa: BLE001 (a full disk, a refused name: one submission must not stop the others)
        failed = results.made_safe(internal_error(sub, key, error))
    try:
        feedback.write(out, failed)   # the student may still see why
    except Exception:  # noqa: BLE001 (the same path failed again: the row in grades.csv says it)
        pass
    return failed


def _gradebook_stamp(url: str, done: list[SubmissionResult]) -> str | None:
    """What an SQLite gradebook holds after recording ``done``: the results' keys and the
    file's size and time; None for other databases (always written)."""
    if not url.startswith("sqlite:///"):
        return None
    try:
        stat = Path(url[len("sqlite:///"):]).stat()
    except OSError:
        return None
    digest = hashlib.sha256(url.encode())
    for r in sorted(done, key=lambda r: (r.student_id, r.assignment_id)):
        digest.update(f"{r.student_id}\0{r.assignment_id}\0{r.key}\n".encode())
    return f"{digest.hexdigest()} {stat.st_size} {stat.st_mtime_ns}"


class _Bar(Protocol):
    """What grading uses of a progress bar (tqdm's, or none)."""
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, progress: bool | None) -> _Bar:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total == 0:
        return _NoBar()
    from tqdm import tqdm

    bar: _Bar = tqdm(total=total, unit="notebook", desc="grading", file=sys.stderr)   # (tqdm is untyped)
    return bar
