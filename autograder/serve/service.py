"""One round of grading on submit, and the loop that runs rounds when the inbound changes.

A round, under the course's lock: every entry of the exchange's inbound that the journal has
not finished is taken once ``nbgrader submit`` has finished writing it; of a student's
entries for one assignment only the newest is graded (the older ones are superseded, as
nbgrader's collect keeps only the newest). For that entry:

1. the hourly policy (``c.Autograder.submissions_per_hour``): over it, the entry waits and
   the student gets a page saying until when (released like a graded one);
2. nbgrader's collect for that student (``submitted/`` is nbgrader's, with its timestamp);
3. our grader (``grading.run.grade_one``: the same sandbox, saved results and reuse as
   ``grade``); a submission that breaks the grader costs that submission only;
4. the gradebook (the submission that counts, ``c.Autograder.counts``, with its nbgrader
   timestamp, so nbgrader's due date and late penalty apply);
5. the page in nbgrader's layout (``c.Autograder.feedback`` says how much it shows) and
   nbgrader's release_feedback for that student;
6. the journal, written atomically.

With a Dask scheduler (``serve --scheduler ADDRESS``, as ``grade --scheduler``), step 3 runs
on the cluster's workers (``grading.distributed.grade_task``: pure, writes nothing) while this
process goes on collecting the round's next entries; each result is saved, recorded, released
and journalled here as it arrives, so the journal's guarantees are the same. A round that
recorded a grade ends with ``OUT/grades.csv`` (the results that count) and the class report
``OUT/report/`` (``autograder.classreport.build``, as ``grade`` writes it); a report that
cannot be written is logged and serve goes on.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from autograder import course as course_module
from autograder.config import GradingConfig
from autograder.grading import feedback, gradebook, results
from autograder.grading.grade import grader_fingerprint, submission_key
from autograder.grading.model import SubmissionResult, shown_points
from autograder.grading.run import grade_one, internal_error, written
from autograder.grading.submissions import Submission, find, read_regular_file
from autograder.safe_text import clean_message, file_name
from autograder.serve import inbound
from autograder.serve.journal import Journal, locked
from autograder.serve.report import ReportBuilder
from autograder.serve.settings import ServeCourse, ServeError, nbgrader_api

log = logging.getLogger("autograder.serve")


@dataclass
class Reporter:
    """A progress line per submission on a terminal; timestamped log lines otherwise (systemd's
    journal, a log file)."""
    terminal: bool = field(default_factory=lambda: sys.stderr.isatty())

    def line(self, text: str, error: bool = False) -> None:
        if self.terminal:
            print(("error: " if error else "") + text, file=sys.stderr, flush=True)
        else:
            (log.error if error else log.info)(text)


@dataclass
class Collected:
    """An entry collected by nbgrader and ready to grade: its stamps in ``submitted/`` and the
    submission our grader reads."""
    entry: inbound.Entry
    stamps: dict[str, str]
    sub: Submission
    start: float = field(default_factory=time.perf_counter)   # for the "graded in N s" line
    now: float = field(default_factory=time.time)             # for the hourly policy's count


class Server:
    def __init__(self, course: ServeCourse, reporter: Reporter | None = None, scheduler: str | None = None,
                 jobs: int = 2, report: bool = True):
        self.course = course
        self.reporter = reporter or Reporter()
        self.api = nbgrader_api(course)
        self.assignments = {a.id: a for a in course_module.assignments()}
        self.fingerprint = course.limits.keyed(grader_fingerprint())
        self.journal = Journal(course.journal_path)
        # started here, so an unreachable scheduler stops serve at once (not each submission in turn)
        self.cluster = Cluster(scheduler, jobs) if scheduler else None
        self.recorded = 0   # grades recorded in the gradebook in this round (the report is rebuilt after)
        self.reports = report
        self.report = ReportBuilder(course.out, course.submitted, course.limits.notebook_bytes,
                                    lambda line, error: self.reporter.line(line, error=error))

    def close(self) -> None:
        """Stop the cluster serve started and let the report being written finish."""
        if self.cluster is not None:
            self.cluster.close()
        self.report.wait(timeout=60, start=False)

    # -- a round ------------------------------------------------------------------------------
    def round(self, stop: threading.Event | None = None) -> int:
        """Handle what is waiting in the inbound (until ``stop`` is set: between two
        submissions); how many entries were handled."""
        with locked(self.course.lock_path):
            self.journal = Journal.load(self.course.journal_path)   # another instance may have moved on
            self.recorded = 0
            ready = self._latest_ready()
            if self.cluster is None:
                handled = self._round_here(ready, stop)
            else:
                handled = self._round_on_cluster(self.cluster, ready, stop)
            if self.recorded and self.reports:
                self._report()
            return handled

    def _round_here(self, ready: list[tuple[inbound.Entry, dict[str, str]]], stop: threading.Event | None) -> int:
        """Each entry in turn, graded in this process (collected just before it is graded)."""
        handled = 0
        for entry, stamps in ready:
            if stop is not None and stop.is_set():
                break
            self._guarded(entry, partial(self._handle, entry, stamps))
            handled += 1
        return handled

    def _round_on_cluster(self, cluster: Cluster, ready: list[tuple[inbound.Entry, dict[str, str]]],
                          stop: threading.Event | None) -> int:
        """Collect each entry and send it to the cluster at once; finish each result as it
        comes back, also while later entries are still being collected."""
        handled = 0
        for entry, stamps in ready:
            if stop is not None and stop.is_set():
                break
            self._guarded(entry, partial(self._send, cluster, entry, stamps))
            handled += 1
            for collected, key, outcome in cluster.done(block=False):
                self._guarded(collected.entry, partial(self._finish_graded, collected, key, outcome))
        for collected, key, outcome in cluster.done(block=True, stop=stop):
            self._guarded(collected.entry, partial(self._finish_graded, collected, key, outcome))
        cluster.cancel()   # stopped: the rest is collected and graded again after the restart
        return handled

    def _guarded(self, entry: inbound.Entry, step: Callable[[], None]) -> None:
        """``step`` for ``entry``; a failure costs that entry only (journalled, tried again in
        later rounds); the journal saved after it either way."""
        try:
            step()
        except Exception as error:  # noqa: BLE001 (one submission, or one nbgrader step, never stops serve)
            reason = clean_message(f"{type(error).__name__}: {error}", limit=300)
            self.journal.failed(entry.name, reason)
            self.reporter.line(f"{entry.student_id}/{entry.assignment_id}: not handled ({reason}); "
                               "tried again in the next round", error=True)
        self.journal.save()

    def _latest_ready(self) -> list[tuple[inbound.Entry, dict[str, str]]]:
        """The newest finished entry of each student and assignment that the journal has not
        done; older ones are marked superseded, refused ones refused (both journalled)."""
        newest: dict[tuple[str, str], tuple[inbound.Entry, dict[str, str]]] = {}
        for name in inbound.scan(self.course.inbound):
            if self.journal.done(name):
                continue
            entry = inbound.parse(name)
            reason = "not a submission's name (student+assignment+timestamp)" if entry is None else \
                inbound.refusal(entry, set(self.assignments))
            stamps = inbound.stamps(self.course.inbound, name) if not reason else None
            if not reason and stamps is None:
                if not inbound.abandoned(self.course.inbound, name):
                    continue    # nbgrader submit is still writing it
                reason = "incomplete: no valid timestamp.txt and submission_secret.txt; submit again"
            if reason or entry is None or stamps is None:
                self.journal.mark(name, "refused", reason=reason)
                self.reporter.line(f"inbound {clean_message(name, limit=120)}: refused: {reason}", error=True)
                continue
            key = (entry.student_id, entry.assignment_id)
            when = _parsed(stamps["timestamp.txt"])
            if key in newest and _parsed(newest[key][1]["timestamp.txt"]) >= when:
                self.journal.mark(name, "superseded", by=newest[key][0].name)
                continue
            if key in newest:
                self.journal.mark(newest[key][0].name, "superseded", by=name)
            newest[key] = (entry, stamps)
        return sorted(newest.values(), key=lambda pair: _parsed(pair[1]["timestamp.txt"]))

    def _handle(self, entry: inbound.Entry, stamps: dict[str, str]) -> None:
        """Collect, grade here, record and release one entry."""
        collected = self._prepare(entry, stamps)
        if collected is not None:
            result, fresh = grade_one(collected.sub, self.course.out, self.course.limits, self.fingerprint)
            self._finish(collected, result, fresh)

    def _send(self, cluster: Cluster, entry: inbound.Entry, stamps: dict[str, str]) -> None:
        """Collect one entry; finish it at once when its saved result is current (a restart
        after ``kill -9``: never graded twice), else send it to the cluster."""
        collected = self._prepare(entry, stamps)
        if collected is None:
            return
        sub, out = collected.sub, self.course.out
        try:
            key = submission_key(sub, self.fingerprint, self.course.limits.notebook_bytes)
        except OSError as error:   # unreadable, or swapped for a link since it was collected
            self._finish(collected, written(out, sub, "", internal_error(sub, "", error)), True)
            return
        saved = results.load_if_current(out, sub, key)
        if saved is not None:
            self._finish(collected, written(out, sub, key, saved, save=False), False)
        else:
            cluster.send(collected, key, self.fingerprint, self.course.limits)

    def _finish_graded(self, collected: Collected, key: str, outcome: SubmissionResult | BaseException) -> None:
        """A cluster's result (or its task's error, as the submission's internal error) saved
        and written here, as ``grade_one`` saves and writes, then finished."""
        sub = collected.sub
        result = outcome if isinstance(outcome, SubmissionResult) else internal_error(sub, key, outcome)
        self._finish(collected, written(self.course.out, sub, key, result), True)

    def _prepare(self, entry: inbound.Entry, stamps: dict[str, str]) -> Collected | None:
        """The entry collected by nbgrader, ready to grade; None when the hourly policy makes
        it wait or collect found a newer submission of the student (journalled as such)."""
        now = time.time()
        if self._waits(entry, stamps, now):
            return None
        s, a = entry.student_id, entry.assignment_id
        collected = self._collect(entry)
        if collected["submission_secret.txt"] != stamps["submission_secret.txt"]:
            if _parsed(collected["timestamp.txt"]) > _parsed(stamps["timestamp.txt"]):
                self.journal.mark(entry.name, "superseded", by="a newer submission collected")
                return None
            raise ServeError(f"nbgrader's collect left an older submission of {s}/{a} in {self.course.submitted}")
        sub = next(iter(find(self.course.submitted, [s], [a])))
        return Collected(entry, collected, sub, now=now)

    def _finish(self, collected: Collected, result: SubmissionResult, fresh: bool) -> None:
        """Record the graded (saved) ``result``, release its page, journal the entry."""
        entry, stamps = collected.entry, collected.stamps
        s, a = entry.student_id, entry.assignment_id
        if not result.key:   # the grader failed (not the student): no grade recorded, retried
            self._release(entry, result, stamps, ())
            raise ServeError(result.broken)
        counted, counted_stamp, notes = self._counted(result, stamps["timestamp.txt"])
        errors: list[str] = []
        gradebook.record(self.course.db_url, [counted], errors=errors, timestamps={(s, a): counted_stamp},
                         late_config=self.course.nbgrader)
        if errors:
            raise ServeError(f"the gradebook refused the scores: {errors[0]}")
        self.recorded += 1
        late, penalty = gradebook.lateness(self.course.db_url, a, s)
        if late > 0:
            notes = (f"Submitted {_duration(late)} after the due date; late penalty "
                     f"{shown_points(penalty)} points (the course's nbgrader late-penalty setting).", *notes)
        self._release(entry, result, stamps, notes)
        self.journal.mark(entry.name, "graded", score=result.score, max_score=result.max_score, fresh=fresh,
                          key=result.key, timestamp=stamps["timestamp.txt"])
        self.journal.count_graded(s, collected.now)
        how = "graded" if fresh else "reused"
        self.reporter.line(f"{s}/{a}: {shown_points(result.score)}/{shown_points(result.max_score)} "
                           f"({how} in {time.perf_counter() - collected.start:.1f} s), feedback released")

    # -- the class report ---------------------------------------------------------------------
    def _report(self) -> None:
        """``OUT/grades.csv`` (what the gradebook counts), then the class report ``OUT/report/``
        rebuilt in the background (``report.py``); a failure is logged, never raised."""
        try:
            results.write_csv(self.course.out, self._counted_results())
        except Exception as error:  # noqa: BLE001 (the instructor's view must never stop the students' grading)
            self.reporter.line(f"{self.course.out / 'grades.csv'} could not be written "
                               f"({clean_message(f'{type(error).__name__}: {error}', limit=300)}); "
                               "the class report is not rebuilt", error=True)
            return
        self.report.request()

    def _counted_results(self) -> list[SubmissionResult]:
        """One result per student and assignment, the one the gradebook holds: the saved
        result of the last graded submission (``OUT/results``) or, with ``counts = "best"``,
        the kept best (``OUT/best``)."""
        kept: dict[tuple[str, str], SubmissionResult] = {}
        kinds = ("results", "best") if self.course.policy.counts == "best" else ("results",)
        for kind in kinds:
            for path in sorted((self.course.out / kind).glob("*/*.json")):
                result = (_read_best(path) or (None, ""))[0] if kind == "best" else _read_result(path)
                if result is not None:
                    kept[(result.student_id, result.assignment_id)] = result
        return list(kept.values())

    # -- the steps ----------------------------------------------------------------------------
    def _waits(self, entry: inbound.Entry, stamps: dict[str, str], now: float) -> bool:
        """Whether the hourly policy makes ``entry`` wait (the student told once, by a page)."""
        most = self.course.policy.submissions_per_hour
        recent = self.journal.graded_in_last_hour(entry.student_id, now)
        if not most or len(recent) < most:
            return False
        until = recent[-most] + 3600
        if self.journal.entries.get(entry.name, {}).get("status") != "waiting":
            shown = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
            message = (f"Received. The course grades {most} submission{'s' if most > 1 else ''} per student per "
                       f"hour; this one will be graded at {shown}. Fetch feedback again after that.")
            assignment = self.assignments[entry.assignment_id]
            feedback.write_nbgrader_notice(self.course.feedback, entry.student_id, entry.assignment_id,
                                           assignment.notebook, stamps, message)
            self._nbgrader("release_feedback", entry)
            self.reporter.line(f"{entry.student_id}/{entry.assignment_id}: waits until {shown} "
                               f"({len(recent)} graded in the last hour)")
        self.journal.mark(entry.name, "waiting", until=until)
        return True

    def _collect(self, entry: inbound.Entry) -> dict[str, str]:
        """nbgrader's collect of ``entry``'s student and assignment; the stamps it left in
        ``submitted/``."""
        self._nbgrader("collect", entry)
        folder = self.course.submitted / entry.student_id / entry.assignment_id
        collected = feedback.nbgrader_stamps(folder)
        if collected is None:
            raise ServeError(f"{folder}: nbgrader's collect left no valid timestamp.txt and submission_secret.txt")
        return collected

    def _counted(self, result: SubmissionResult, stamp: str) -> tuple[SubmissionResult, str, tuple[str, ...]]:
        """The result the gradebook keeps (``c.Autograder.counts``), its timestamp, and what
        the page says about it."""
        if self.course.policy.counts != "best":
            return result, stamp, ()
        folder = results.student_folder(self.course.out, "best", result.student_id)
        path = folder / f"{file_name(result.assignment_id)}.json"
        best, best_stamp = _read_best(path) or (None, "")
        if best is not None and best.score > result.score:
            return best, best_stamp, (f"Your best score so far, {shown_points(best.score)} / "
                                      f"{shown_points(best.max_score)}, is the one that counts.",)
        data = {"result": result.to_json(), "timestamp": stamp}
        results.atomic_write(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return result, stamp, ("This is your best score so far: it is the one that counts.",)

    def _release(self, entry: inbound.Entry, result: SubmissionResult, stamps: dict[str, str],
                 notes: tuple[str, ...]) -> None:
        notebook = self.assignments[entry.assignment_id].notebook
        feedback.write_nbgrader(self.course.feedback, result, notebook, stamps, self.course.policy.feedback, notes)
        self._nbgrader("release_feedback", entry)

    def _nbgrader(self, step: str, entry: inbound.Entry) -> None:
        """nbgrader's ``collect`` or ``release_feedback`` for ``entry``'s student only;
        ServeError with the tail of nbgrader's log when it fails."""
        from nbgrader.utils import temp_attrs

        with temp_attrs(self.api.coursedir, student_id=entry.student_id):
            if step == "collect":
                done = self.api.collect(entry.assignment_id, update=True)
            else:
                done = self.api.release_feedback(entry.assignment_id, student_id=entry.student_id)
        if not done or not done.get("success"):
            tail = " | ".join(str((done or {}).get("error") or (done or {}).get("log") or "").strip().splitlines()[-2:])
            raise ServeError(f"nbgrader's {step} failed: {clean_message(tail, limit=300)}")

    # -- the loop -----------------------------------------------------------------------------
    def serve(self, once: bool = False, poll_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
        """Rounds until ``stop`` is set (or one, ``once``): after each change in the inbound
        (filesystem events, when watchdog can watch it) and every ``poll_seconds`` in any case."""
        stop = stop or threading.Event()
        changed = threading.Event()
        unwatch = None if once else _watch(self.course, changed.set)
        if not once:
            how = "watching" if unwatch else "polling"
            workers = 0 if self.cluster is None else self.cluster.workers
            where = "" if self.cluster is None else \
                f"; grading on the Dask cluster {self.cluster.address} ({workers} worker{'s' * (workers != 1)})"
            self.reporter.line(f"serving {self.course.course_id}: {how} {self.course.inbound} "
                               f"(every {poll_seconds:g} s as well); results in {self.course.out}{where}")
        try:
            while not stop.is_set():
                changed.clear()
                self.round(stop)
                self.report.poll()
                if once:
                    self.report.wait()
                    return
                if changed.wait(poll_seconds if unwatch else min(poll_seconds, 1.0)):
                    time.sleep(0.05)   # let the rest of a submit's writes land (the round re-checks anyway)
        finally:
            if unwatch is not None:
                unwatch()


def _watch(course: ServeCourse, notify: Callable[[], None]) -> Callable[[], None] | None:
    """Call ``notify`` on any filesystem event under the inbound (watchdog's native observer);
    the function that stops watching, or None where watchdog cannot watch (then: polling)."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            notify()

    observer: Any = Observer()   # (watchdog's observers are untyped)
    try:
        observer.schedule(Handler(), str(course.inbound), recursive=True)
        observer.start()
    except OSError as error:   # inotify's watches used up, a filesystem without events
        log.warning("cannot watch %s (%s); polling", course.inbound, error)
        return None

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return stop


class Cluster:
    """A Dask client kept for serve's whole run (for ``local``, a LocalCluster of ``jobs``
    single-threaded worker processes, as ``grade --scheduler local``), so the workers' warm
    sandboxes outlive a round; the tasks in flight and the entries they grade."""

    def __init__(self, address: str, jobs: int):
        import dask
        from dask.distributed import Client, LocalCluster

        from autograder.sandbox.isolation import detect

        self.address = address
        self.isolated = detect().isolated   # a worker that cannot isolate when we can refuses the task
        self.local: Any = None
        if address == "local":
            # no statistical profiler in the workers (it slowed grading by about 10 %, see distributed.py)
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self.local = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                          dashboard_address=None)
            self.client: Any = Client(self.local)
        else:
            try:
                self.client = Client(address, timeout=30)
            except OSError as error:   # no scheduler there (a TimeoutError is an OSError)
                raise ServeError(f"cannot reach the Dask scheduler at {address} ({error}); start it "
                                 "(`dask scheduler`, and workers in this checkout) or pass --scheduler local") from None
        self.sent: dict[Any, tuple[Collected, str]] = {}   # future -> (its entry, its submission key)

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def send(self, collected: Collected, key: str, fingerprint: str, limits: GradingConfig) -> None:
        """Grade ``collected``'s submission on a worker: the task carries the notebook's bytes
        (read capped, never through a link) and the limits, as ``grade --scheduler``'s do."""
        from autograder.grading.distributed import RETRIES, grade_task

        sub = collected.sub
        if sub.path is not None:
            sub = dataclasses.replace(sub, path=sub.path.resolve())
        # up to one byte over the cap: the worker tells a notebook over it, as here
        data = read_regular_file(sub.path, limits.notebook_bytes + 1) if sub.path is not None else None
        future = self.client.submit(grade_task, sub, fingerprint, key, data, self.isolated, limits,
                                    key=f"autograder-serve-{uuid.uuid4().hex}", retries=RETRIES, pure=False)
        self.sent[future] = (collected, key)

    def done(self, block: bool, stop: threading.Event | None = None,
             ) -> Iterator[tuple[Collected, str, SubmissionResult | BaseException]]:
        """(entry, key, result or the task's error) of each task that has ended; with
        ``block``, until none is in flight or ``stop`` is set."""
        from dask.distributed import wait

        while self.sent and not (stop is not None and stop.is_set()):
            finished = [future for future in self.sent if future.done()]
            if not finished:
                if not block:
                    return
                try:
                    wait(list(self.sent), timeout=0.5, return_when="FIRST_COMPLETED")
                except TimeoutError:   # (only to look at ``stop`` again)
                    pass
                continue
            for future in finished:
                collected, key = self.sent.pop(future)
                try:
                    outcome: SubmissionResult | BaseException = future.result()
                except Exception as error:  # noqa: BLE001 (a refused task, or one whose workers kept dying)
                    outcome = error
                future.release()
                yield collected, key, outcome

    def cancel(self) -> None:
        """Drop the tasks still in flight (serve was stopped: their entries are not journalled,
        so they are collected and graded after the restart)."""
        if self.sent:
            self.client.cancel(list(self.sent))
            self.sent.clear()

    def close(self) -> None:
        self.cancel()
        self.client.close()
        if self.local is not None:
            self.local.close()


RESULT_BYTES = 16 << 20   # a saved result is a few KiB; one larger is not ours


def _read_json(path: Path) -> Any:
    """The JSON in one of our own files (None when missing, too large or not JSON)."""
    try:
        if path.stat().st_size > RESULT_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_result(path: Path) -> SubmissionResult | None:
    """A saved result (``OUT/results``), made safe; None when it is not one."""
    try:
        return results.made_safe(SubmissionResult.from_json(_read_json(path)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _read_best(path: Path) -> tuple[SubmissionResult, str] | None:
    """The kept best result of ``counts = "best"`` (``OUT/best``) and its nbgrader timestamp."""
    kept = _read_json(path)
    try:
        return results.made_safe(SubmissionResult.from_json(kept["result"])), str(kept["timestamp"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _parsed(timestamp: str) -> datetime:
    from nbgrader.utils import parse_utc

    parsed: datetime = parse_utc(timestamp)
    return parsed


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min" if minutes else f"{int(seconds)} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{hours // 24} days"
