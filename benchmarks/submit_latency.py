"""Latency of grading on submit: from ``nbgrader submit`` returning to ``nbgrader fetch_feedback``
finding the page, with ``python -m autograder serve`` running, against the nbgrader way.

    .venv/bin/python -m benchmarks.submit_latency --submissions 10

A temporary course and exchange (``autograder.serve.trial``: nbgrader's real
``generate_assignment`` and ``release_assignment``) for one assignment (``--assignment``,
default module 1); a background ``serve``; then ``--submissions`` students in turn (the
example class's complete and buggy notebooks, alternating) each ``nbgrader fetch_assignment``
and ``nbgrader submit``. The latency of a submission is the time from ``submit`` returning
until the page is released where ``fetch_feedback`` looks for it (the exchange's
``feedback/<hash of the submission's secret>.html``, polled every 10 ms); one real
``nbgrader fetch_feedback`` then confirms the student gets it (its own start-up, a few
seconds of importing nbgrader, is shown apart: it is the student's command, not the wait).
A warm-up submission first (serve's first one starts the warm sandbox) is not counted.

The nbgrader way, side by side (``--nbgrader-samples``, default 1): after a submit, the four
commands an instructor runs by hand, ``collect``, ``autograde``, ``generate_feedback``,
``release_feedback``, back to back (no human delay counted).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from autograder import course, examples
from benchmarks.common import environment, machine, ratio, table

GOAL_MEDIAN = 5.0


def _one_submission(trial, student: str, kind: str, a: course.Assignment, timeout: float = 300) -> tuple[float, float]:
    """(latency, fetch_feedback's own seconds) of one submission."""
    trial.fetch_assignment(student, a)
    trial.write(student, a, examples.student_notebook(a, examples.students(a)[kind]))
    trial.submit(student, a)
    start = time.perf_counter()
    while trial.released_page(student, a) is None:
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"no feedback for {student} after {timeout:g} s")
        time.sleep(0.01)
    latency = time.perf_counter() - start
    fetch_start = time.perf_counter()
    if not trial.fetch_feedback(student, a):
        raise RuntimeError(f"nbgrader fetch_feedback found no page for {student}")
    return latency, time.perf_counter() - fetch_start


def _nbgrader_way(trial, student: str, a: course.Assignment) -> float:
    import os

    from autograder.serve.trial import nbgrader

    os.environ["NBGRADER_EXECUTION"] = "autograde"   # the notebooks' demos run short, as in benchmarks.grading
    trial.fetch_assignment(student, a)
    trial.write(student, a, examples.student_notebook(a, examples.students(a)["complete"]))
    trial.submit(student, a)
    start = time.perf_counter()
    nbgrader(trial.root, "collect", a.id, f"--student={student}")
    nbgrader(trial.root, "autograde", a.id, f"--student={student}", "--force", timeout=900)
    nbgrader(trial.root, "generate_feedback", a.id, f"--student={student}", "--force")
    nbgrader(trial.root, "release_feedback", a.id, f"--student={student}")
    seconds = time.perf_counter() - start
    if not trial.fetch_feedback(student, a):
        raise RuntimeError("nbgrader's own release gave the student no page")
    return seconds


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0 to 100), linear between the nearest ranks."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main(argv: list[str] | None = None) -> int:
    from autograder.serve.trial import Trial

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=10)
    parser.add_argument("--nbgrader-samples", type=int, default=1)
    parser.add_argument("--assignment", default="module1_introduction")
    args = parser.parse_args(argv)
    a = course.assignment(args.assignment)
    print(machine())
    with tempfile.TemporaryDirectory(prefix="submit-latency-") as scratch:
        trial = Trial.make(Path(scratch), [a])
        log = open(Path(scratch) / "serve.log", "w")
        server = subprocess.Popen(trial.serve_command("--poll", "5"), stdout=log, stderr=log,
                                  env=environment(OPENBLAS_NUM_THREADS="1"))
        try:
            _one_submission(trial, "warmup", "complete", a)
            kinds = ["complete", "buggy"]
            measured = [_one_submission(trial, f"s{i:03d}", kinds[i % 2], a) for i in range(args.submissions)]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
            log.close()
        theirs = [_nbgrader_way(trial, f"n{i:03d}", a) for i in range(args.nbgrader_samples)]
    latencies = [m[0] for m in measured]
    fetches = [m[1] for m in measured]
    median, p95 = statistics.median(latencies), percentile(latencies, 95)
    nbgrader_median = statistics.median(theirs) if theirs else float("nan")
    print(table([
        ("serve: submit returned -> page released (median)", f"{median:.2f} s", f"goal < {GOAL_MEDIAN:g} s",
         "reached" if median < GOAL_MEDIAN else "not reached"),
        ("serve: the same, 95th percentile", f"{p95:.2f} s", "", ""),
        ("nbgrader fetch_feedback's own run (median)", f"{statistics.median(fetches):.2f} s", "", ""),
        ("nbgrader way: collect+autograde+generate_feedback+release_feedback", f"{nbgrader_median:.2f} s",
         f"serve {ratio(nbgrader_median, median)} sooner", ""),
    ], ("what", "measured", "against", "")))
    print(f"{args.submissions} submissions of {a.id} (complete and buggy alternating), "
          f"{args.nbgrader_samples} the nbgrader way")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
