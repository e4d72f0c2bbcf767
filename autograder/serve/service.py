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
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from autograder import course as course_module
from autograder.grading import feedback, gradebook, results
from autograder.grading.grade import grader_fingerprint
from autograder.grading.model import SubmissionResult, shown_points
from autograder.grading.run import grade_one
from autograder.grading.submissions import find
from autograder.safe_text import clean_message, file_name
from autograder.serve import inbound
from autograder.serve.journal import Journal, locked
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


class Server:
    def __init__(self, course: ServeCourse, reporter: Reporter | None = None):
        self.course = course
        self.reporter = reporter or Reporter()
        self.api = nbgrader_api(course)
        self.assignments = {a.id: a for a in course_module.assignments()}
        self.fingerprint = course.limits.keyed(grader_fingerprint())
        self.journal = Journal(course.journal_path)

    # -- a round ------------------------------------------------------------------------------
    def round(self, stop: threading.Event | None = None) -> int:
        """Handle what is waiting in the inbound (until ``stop`` is set: between two
        submissions); how many entries were handled."""
        with locked(self.course.lock_path):
            self.journal = Journal.load(self.course.journal_path)   # another instance may have moved on
            handled = 0
            for entry, stamps in self._latest_ready():
                if stop is not None and stop.is_set():
                    break
                try:
                    self._handle(entry, stamps)
                except Exception as error:  # noqa: BLE001 (one submission, or one nbgrader step, never stops serve)
                    reason = clean_message(f"{type(error).__name__}: {error}", limit=300)
                    self.journal.failed(entry.name, reason)
                    self.reporter.line(f"{entry.student_id}/{entry.assignment_id}: not handled ({reason}); "
                                       "tried again in the next round", error=True)
                self.journal.save()
                handled += 1
            return handled

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
        start, now = time.perf_counter(), time.time()
        s, a = entry.student_id, entry.assignment_id
        if self._waits(entry, stamps, now):
            return
        collected = self._collect(entry)
        if collected["submission_secret.txt"] != stamps["submission_secret.txt"]:
            if _parsed(collected["timestamp.txt"]) > _parsed(stamps["timestamp.txt"]):
                self.journal.mark(entry.name, "superseded", by="a newer submission collected")
                return
            raise ServeError(f"nbgrader's collect left an older submission of {s}/{a} in {self.course.submitted}")
        sub = next(iter(find(self.course.submitted, [s], [a])))
        result, fresh = grade_one(sub, self.course.out, self.course.limits, self.fingerprint)
        if not result.key:   # the grader failed (not the student): no grade recorded, retried
            self._release(entry, result, collected, ())
            raise ServeError(result.broken)
        counted, counted_stamp, notes = self._counted(result, collected["timestamp.txt"])
        errors: list[str] = []
        gradebook.record(self.course.db_url, [counted], errors=errors, timestamps={(s, a): counted_stamp},
                         late_config=self.course.nbgrader)
        if errors:
            raise ServeError(f"the gradebook refused the scores: {errors[0]}")
        late, penalty = gradebook.lateness(self.course.db_url, a, s)
        if late > 0:
            notes = (f"Submitted {_duration(late)} after the due date; late penalty "
                     f"{shown_points(penalty)} points (the course's nbgrader late-penalty setting).", *notes)
        self._release(entry, result, collected, notes)
        self.journal.mark(entry.name, "graded", score=result.score, max_score=result.max_score, fresh=fresh,
                          key=result.key, timestamp=collected["timestamp.txt"])
        self.journal.count_graded(s, now)
        how = "graded" if fresh else "reused"
        self.reporter.line(f"{s}/{a}: {shown_points(result.score)}/{shown_points(result.max_score)} "
                           f"({how} in {time.perf_counter() - start:.1f} s), feedback released")

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
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            best, best_stamp = results.made_safe(SubmissionResult.from_json(kept["result"])), str(kept["timestamp"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            best, best_stamp = None, ""
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
            self.reporter.line(f"serving {self.course.course_id}: {how} {self.course.inbound} "
                               f"(every {poll_seconds:g} s as well); results in {self.course.out}")
        try:
            while not stop.is_set():
                changed.clear()
                self.round(stop)
                if once:
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
