"""What serve has done, kept across crashes: a journal of the inbound entries it has handled,
and the lock that lets one instance at a time handle them.

The journal (``OUT/serve-journal.json``) is rewritten atomically after each submission, so a
``kill -9`` leaves the old journal or the new one. A submission graded but not yet journalled
when serve was killed is handled again after the restart, but not graded again: its saved
result (``OUT/results``, same content key) is reused, and recording it in the gradebook and
releasing its page again change nothing.

The lock is ``fcntl.flock`` on a file in the course root, held for a whole round (read the
journal, collect, grade, release, journal): a second instance waits for it and then reads the
journal the first one left, so no submission is handled by two. The kernel drops the lock of
a killed process.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.grading.results import atomic_write
from autograder.serve.settings import ServeError

DONE = {"graded", "superseded", "refused", "failed"}   # never looked at again
MAX_ATTEMPTS = 3    # an entry the grader (not the student) keeps failing on is given up after this


@dataclass
class Journal:
    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)    # inbound name -> what happened
    graded_at: dict[str, list[float]] = field(default_factory=dict)     # student -> times graded (the hour's)

    @classmethod
    def load(cls, path: Path) -> Journal:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as error:
            raise ServeError(f"{path}: not a journal serve can read ({type(error).__name__}); move it aside and "
                             "restart (saved results are reused, so nothing is graded twice)") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
            raise ServeError(f"{path}: expected a JSON object with 'entries'; move it aside and restart")
        return cls(path, dict(data["entries"]), {k: list(v) for k, v in dict(data.get("graded_at", {})).items()})

    def save(self) -> None:
        hour_ago = time.time() - 3600
        self.graded_at = {s: [t for t in times if t > hour_ago] for s, times in self.graded_at.items()}
        self.graded_at = {s: times for s, times in self.graded_at.items() if times}
        data = {"entries": self.entries, "graded_at": self.graded_at}
        atomic_write(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def done(self, name: str) -> bool:
        return self.entries.get(name, {}).get("status") in DONE

    def mark(self, name: str, status: str, **facts: Any) -> None:
        previous = self.entries.get(name, {})
        self.entries[name] = {**previous, **facts, "status": status, "at": time.time()}

    def failed(self, name: str, reason: str) -> None:
        """The grader (not the student) failed on ``name``: retried in later rounds, up to
        MAX_ATTEMPTS in all."""
        attempts = int(self.entries.get(name, {}).get("attempts", 0)) + 1
        self.mark(name, "failed" if attempts >= MAX_ATTEMPTS else "error", attempts=attempts, reason=reason)

    def graded_in_last_hour(self, student_id: str, now: float) -> list[float]:
        return sorted(t for t in self.graded_at.get(student_id, []) if t > now - 3600)

    def count_graded(self, student_id: str, now: float) -> None:
        self.graded_at.setdefault(student_id, []).append(now)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the course's serve lock (blocking until the other instance's round ends)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
