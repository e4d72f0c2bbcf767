"""The class report kept current while serve runs: ``OUT/grades.csv`` and ``OUT/report/``.

After a round that recorded a grade, serve writes ``OUT/grades.csv`` from the results that
count (atomically, in serve's process: it takes milliseconds) and rebuilds the report that
``grade`` writes (``autograder.classreport.build``) in a process of its own: the figures take
seconds, which the next student's submission must not wait for, and a report that crashes
(or runs out of memory) takes only that process down. One build at a time, at a lower
priority (``nice``) than grading, and after a pause of ``GAP_FACTOR`` times the last build's
length (so that on a busy day the report takes at most a quarter of a core from grading: a
class of 1,000 takes over a minute to report on); a round that ends while a build runs or
pauses asks for another, so the last one reflects the last round. ``serve --once`` writes
its report before it exits. A failure is logged with the command that rebuilds it by hand.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from autograder.safe_text import clean_message

GAP_FACTOR = 3.0      # pause after a build, in lengths of that build
NICENESS = 10         # the report's process yields the cores to grading


def build_in_child(out: str, submitted: str, notebook_bytes: int, answer: Connection) -> None:
    """The child's work: build the report and send back the line to log (and whether it failed)."""
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        os.nice(NICENESS)
    except OSError:   # not allowed here: the report just competes as an equal
        pass
    start = time.perf_counter()
    try:
        from autograder.classreport import build

        index, _ = build(Path(out), Path(submitted), None, notebook_bytes)
        outcome = (False, f"class report in {index} ({time.perf_counter() - start:.1f} s)")
    except Exception as error:  # noqa: BLE001 (said to serve, which logs it and goes on)
        reason = clean_message(f"{type(error).__name__}: {error}", limit=300)
        outcome = (True, f"the class report could not be written ({reason}); "
                         f"run `python -m autograder report {out} --submitted {submitted}`")
    try:
        answer.send(outcome)
    except OSError:   # serve is gone (killed): the report is written all the same
        pass
    finally:
        answer.close()


class ReportBuilder:
    """Rebuild ``OUT/report/`` in the background, one build at a time; ``say(line, error)``
    reports each build's outcome."""

    def __init__(self, out: Path, submitted: Path, notebook_bytes: int, say: Callable[[str, bool], None]):
        self.out, self.submitted, self.notebook_bytes, self.say = out, submitted, notebook_bytes, say
        # spawn, not fork: serve has threads (the filesystem watcher, a Dask client) a fork would copy mid-step
        self.context = multiprocessing.get_context("spawn")
        self.process: Any = None
        self.answer: Connection | None = None
        self.wanted = False
        self.started = 0.0        # time.monotonic() of the running build's start
        self.not_before = 0.0     # no build starts before this (the pause after the last one)

    def request(self) -> None:
        """The report is out of date: rebuild it (now, or when the running build ends)."""
        self.wanted = True
        self.poll()

    def poll(self, now: bool = False) -> None:
        """Log a build that ended; start the wanted one when none runs and the pause is over
        (at once with ``now``)."""
        if self.process is not None:
            if self.process.is_alive():
                return
            self._ended()
        if self.wanted and (now or time.monotonic() >= self.not_before):
            self.wanted = False
            self._start()

    def wait(self, timeout: float = 600, start: bool = True) -> None:
        """Until no build runs or (with ``start``) is wanted: ``serve --once`` exits after its
        report; a stopped serve lets the running build end but starts none."""
        self.wanted = self.wanted and start
        deadline = time.monotonic() + timeout
        while (self.process is not None or self.wanted) and time.monotonic() < deadline:
            if self.process is not None:
                self.process.join(timeout=max(0.0, deadline - time.monotonic()))
            self.poll(now=True)
        if self.process is not None:
            self.say(f"the class report is still being written after {timeout:g} s; not waiting for it", True)

    def _start(self) -> None:
        receive, send = self.context.Pipe(duplex=False)
        try:
            self.process = self.context.Process(
                target=build_in_child, args=(str(self.out), str(self.submitted), self.notebook_bytes, send),
                name="autograder-serve-report", daemon=True)
            self.process.start()
        except OSError as error:   # no process could be made (memory, limits): the grading goes on
            self.process = None
            receive.close()
            self.say(f"the class report could not be started ({error}); it is tried again after the next grade",
                     True)
            return
        finally:
            send.close()   # the child holds its own copy
        self.answer = receive
        self.started = time.monotonic()

    def _ended(self) -> None:
        failed, line = True, f"the class report's process ended without a word (exit code {self.process.exitcode})"
        if self.answer is not None:
            try:
                if self.answer.poll():
                    failed, line = self.answer.recv()
            except (EOFError, OSError):
                pass
            self.answer.close()
        self.process.join()
        self.process, self.answer = None, None
        ended = time.monotonic()
        self.not_before = ended + GAP_FACTOR * (ended - self.started)
        self.say(line, failed)
