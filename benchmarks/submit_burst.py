"""A burst of submissions at once: from the burst landing in the exchange until the last
student's feedback is released by ``python -m autograder serve``, against the nbgrader way.

    .venv/bin/python -m benchmarks.submit_burst --submissions 100

A temporary course and exchange (``autograder.serve.trial``: nbgrader's real
``generate_assignment`` and ``release_assignment``) for one assignment (``--assignment``,
default module 1). ``--submissions`` students, one submission each, of the example class's
kinds in turn (``autograder.examples``: complete, partial, buggy, blank), each submitted with
nbgrader's real ``nbgrader submit`` (``--parallel`` at once). For each way serve can grade
(``--modes``: ``here``, its own process; ``cluster``, ``--scheduler local --jobs 2``):

1. serve is started in the background and warmed up by a submission (four at once for the
   cluster, so that each worker has started its warm sandbox): a running service, as on a
   course;
2. serve is paused (SIGSTOP to its process group) while the burst is submitted, so the whole
   burst is in the inbound when the clock starts (submitting 100 notebooks takes nbgrader
   longer than grading them; that is the students' side, not the wait);
3. serve resumes (SIGCONT): the clock runs until every burst student's page is released where
   ``nbgrader fetch_feedback`` looks for it (the exchange's ``feedback/<hash>.html``, polled
   every 20 ms); then the journal must say every entry graded, and one real
   ``nbgrader fetch_feedback`` confirms the student gets the page.

The nbgrader way, side by side, on a fresh course with the same burst submitted the same way:
``nbgrader collect``, ``autograde``, ``generate_feedback``, ``release_feedback`` for the
assignment, back to back (no human delay counted), ``NBGRADER_EXECUTION=autograde`` as in
benchmarks.grading. ``--skip-nbgrader`` leaves it out.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import course, examples
from autograder.serve.trial import Trial, nbgrader
from benchmarks.common import environment, machine, ratio, table

GOAL_SECONDS_AT_100 = 60.0
KINDS = ("complete", "partial", "buggy", "blank")
MODES = {"here": (), "cluster": ("--scheduler", "local", "--jobs", "2")}
WARM_UP = {"here": 1, "cluster": 4}   # submissions before the burst: enough for each worker to start its sandbox


def _students(prefix: str, n: int) -> dict[str, str]:
    return {f"{prefix}{i:03d}": KINDS[i % len(KINDS)] for i in range(n)}


def _write(trial: Trial, a: course.Assignment, students: dict[str, str]) -> None:
    """Each student's notebook where ``nbgrader fetch_assignment`` would have put the release."""
    answers = examples.students(a)
    notebooks = {kind: examples.student_notebook(a, answers[kind]) for kind in set(students.values())}
    for student, kind in students.items():
        (trial.home(student) / a.id).mkdir(parents=True, exist_ok=True)
        trial.write(student, a, notebooks[kind])


def _submit_all(trial: Trial, a: course.Assignment, students: dict[str, str], parallel: int) -> float:
    """Every student's real ``nbgrader submit``, ``parallel`` at once; the seconds it took."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(lambda s: trial.submit(s, a), students))
    return time.perf_counter() - start


def _wait_released(trial: Trial, a: course.Assignment, students: list[str], timeout: float) -> float:
    """Seconds until every student's newest page is released (RuntimeError after ``timeout``)."""
    pages = {s: trial.feedback_page(s, a) for s in students}
    start = time.perf_counter()
    while pages:
        pages = {s: p for s, p in pages.items() if not p.is_file()}
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{len(pages)} pages not released after {timeout:g} s, e.g. {sorted(pages)[:3]}")
        time.sleep(0.02)
    return time.perf_counter() - start


def _graded_in_journal(trial: Trial, students: dict[str, str]) -> int:
    entries = json.loads((trial.root / "served" / "serve-journal.json").read_text())["entries"]
    return sum(1 for name, e in entries.items() if name.split("+")[0] in students and e["status"] == "graded")


def _serve_burst(trial: Trial, a: course.Assignment, mode: str, n: int, parallel: int,
                 log_path: Path) -> tuple[float, float]:
    """(seconds until the burst's last page was released, seconds nbgrader took to submit it)."""
    burst = _students(f"{mode[0]}", n)
    warm = _students(f"warm-{mode}-", WARM_UP[mode])
    _write(trial, a, burst | warm)
    with open(log_path, "w") as log:
        server = subprocess.Popen(trial.serve_command("--poll", "5", "--no-report", *MODES[mode]),
                                  stdout=log, stderr=log, start_new_session=True,
                                  env=environment(OPENBLAS_NUM_THREADS="1"))
    try:
        _submit_all(trial, a, warm, len(warm))
        _wait_released(trial, a, list(warm), timeout=600)
        os.killpg(server.pid, signal.SIGSTOP)
        try:
            submitting = _submit_all(trial, a, burst, parallel)
        finally:
            os.killpg(server.pid, signal.SIGCONT)
        seconds = _wait_released(trial, a, list(burst), timeout=60 * n + 600)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=300)
    graded = _graded_in_journal(trial, burst)
    if graded != n:
        raise RuntimeError(f"serve ({mode}) journalled {graded} of {n} burst submissions graded; see {log_path}")
    first = next(iter(burst))
    if not trial.fetch_feedback(first, a):
        raise RuntimeError(f"nbgrader fetch_feedback found no page for {first}")
    return seconds, submitting


def _nbgrader_burst(folder: Path, a: course.Assignment, n: int, parallel: int) -> float:
    """The same burst on a fresh course, graded by hand with nbgrader's four commands."""
    trial = Trial.make(folder, [a])
    burst = _students("n", n)
    _write(trial, a, burst)
    _submit_all(trial, a, burst, parallel)
    os.environ["NBGRADER_EXECUTION"] = "autograde"   # the notebooks' demos run short, as in benchmarks.grading
    try:
        start = time.perf_counter()
        nbgrader(trial.root, "collect", a.id)
        nbgrader(trial.root, "autograde", a.id, "--force", timeout=60 * n + 600)
        nbgrader(trial.root, "generate_feedback", a.id, "--force", timeout=60 * n + 600)
        nbgrader(trial.root, "release_feedback", a.id)
        seconds = time.perf_counter() - start
    finally:
        del os.environ["NBGRADER_EXECUTION"]
    missing = [s for s in burst if not trial.feedback_page(s, a).is_file()]
    if missing:
        raise RuntimeError(f"nbgrader's own release gave {len(missing)} students no page, e.g. {missing[:3]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=12, help="the burst's size (default 12)")
    parser.add_argument("--assignment", default="module1_introduction")
    parser.add_argument("--modes", default="here,cluster", help="serve's ways to grade, of: " + ", ".join(MODES))
    parser.add_argument("--parallel", type=int, default=4, help="nbgrader submit commands at once (default 4)")
    parser.add_argument("--skip-nbgrader", action="store_true")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    unknown = sorted(set(modes) - set(MODES))
    if unknown or args.submissions < 1:
        parser.error(f"--modes takes {', '.join(MODES)} (found {', '.join(unknown)}); --submissions at least 1")
    a = course.assignment(args.assignment)
    n = args.submissions
    print(machine())
    measured: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="submit-burst-") as scratch:
        trial = Trial.make(Path(scratch) / "serve", [a])
        for mode in modes:
            measured[mode] = _serve_burst(trial, a, mode, n, args.parallel, Path(scratch) / f"serve-{mode}.log")
        theirs = float("nan") if args.skip_nbgrader else _nbgrader_burst(Path(scratch) / "nbgrader", a, n,
                                                                         args.parallel)
    goal = GOAL_SECONDS_AT_100 / 100   # per submission: the 60 s for a burst of 100
    rows = []
    for mode, (seconds, submitting) in measured.items():
        how = "serve" + (" --scheduler local --jobs 2" if mode == "cluster" else "")
        reached = "reached" if seconds / n < goal else "not reached"
        rows.append((f"{how}: burst landed -> last page released", f"{seconds:.1f} s", f"{seconds / n:.2f} s",
                     f"< {goal:.2f} s: {reached}", f"{ratio(theirs, seconds)} sooner" if theirs == theirs else ""))
        rows.append(("  (nbgrader submit of the burst, serve paused)", f"{submitting:.1f} s", "", "", ""))
    rows.append(("nbgrader way: collect+autograde+generate_feedback+release_feedback",
                 f"{theirs:.1f} s", f"{theirs / n:.2f} s", "", ""))
    print(table(rows, ("what", "seconds", "per submission", "goal (60 s per 100)", "against nbgrader")))
    print(f"a burst of {n} submissions of {a.id} ({', '.join(KINDS)} in turn, one student each), "
          f"{args.parallel} nbgrader submit at once")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
