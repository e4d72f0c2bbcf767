"""Grading on a Dask cluster (``grade --scheduler``): the same results as a local run, and a
lost worker's submissions graded elsewhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from autograder import course
from autograder.config import GradingConfig
from autograder.examples import EXAMPLES
from autograder.grading import distributed
from autograder.grading.grade import grade_submission, grader_fingerprint, submission_key
from autograder.grading.submissions import find

M1 = course.assignment("module1_introduction")
STUDENTS = ["blank", "buggy", "complete"]


def grade(submitted: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                           "--no-report", "--assignment", M1.id, "--no-db", *extra],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def small_class(tmp_path_factory) -> tuple[Path, bytes]:
    """Three students' module 1 (copied from the example class) and their grades.csv from a
    local ``--jobs 1`` run."""
    root = tmp_path_factory.mktemp("cluster")
    submitted = root / "submitted"
    for student in STUDENTS:
        shutil.copytree(EXAMPLES / student / M1.id, submitted / student / M1.id)
    local = grade(submitted, root / "local", "--jobs", "1")
    assert local.returncode == 0, local.stderr
    return submitted, (root / "local" / "grades.csv").read_bytes()


def test_a_local_cluster_gives_the_same_grades_and_the_cache_works(small_class, tmp_path):
    submitted, expected = small_class
    out = tmp_path / "out"
    done = grade(submitted, out, "--scheduler", "local", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "graded 3 and reused 0 of 3 submissions" in done.stdout
    assert "slowest: " in done.stdout
    assert (out / "grades.csv").read_bytes() == expected
    assert len(list((out / "results").rglob("*.json"))) == 3
    # unchanged: everything is reused (no cluster is even started)
    again = grade(submitted, out, "--scheduler", "local")
    assert "graded 0 and reused 3 of 3" in again.stdout, again.stdout + again.stderr
    assert (out / "grades.csv").read_bytes() == expected


def test_a_worker_without_the_submission_grades_the_bytes_it_was_sent(small_class, tmp_path):
    """No shared filesystem: the task's copy of the notebook is graded, with the same result."""
    submitted, _ = small_class
    sub = next(s for s in find(submitted, ["buggy"], [M1.id]))
    fingerprint = grader_fingerprint()
    key = submission_key(sub, fingerprint)
    expected = grade_submission(sub, fingerprint)
    elsewhere = sub.__class__(sub.student_id, sub.assignment, tmp_path / "not" / "here" / M1.notebook)
    result = distributed.grade_task(elsewhere, fingerprint, key, sub.path.read_bytes(), False, GradingConfig())
    assert result.key == expected.key == key
    assert [(r.check_id, r.points, r.status, r.message) for r in result.rows] == \
        [(r.check_id, r.points, r.status, r.message) for r in expected.rows]
    with pytest.raises(distributed.WorkerMismatch, match="different grader"):
        distributed.grade_task(sub, "0" * 64, key, None, False, GradingConfig())


def _executing(dask_worker) -> list[str]:
    return [str(ts.key) for ts in dask_worker.state.executing]


def test_a_killed_workers_submission_is_graded_again_elsewhere(small_class, tmp_path):
    from dask.distributed import Client, LocalCluster

    from autograder.grading.run import grade_class

    submitted, expected = small_class
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    killed: dict[str, str] = {}

    def kill_a_busy_worker() -> None:
        """SIGKILL the first worker seen grading a submission, while it grades it."""
        pids = client.run(os.getpid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for worker, keys in client.run(_executing).items():
                if keys:
                    os.kill(pids[worker], signal.SIGKILL)
                    killed.update(worker=worker, key=keys[0])
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    try:
        killer.start()
        summary = grade_class(submitted, tmp_path / "out", assignments=[M1.id], db_url="", progress=False,
                              scheduler=cluster.scheduler_address)
        killer.join(timeout=10)
        assert killed, "no worker was seen grading"
        story = [t for t in cluster.scheduler.story(killed["key"]) if len(t) > 2 and t[2] == "processing"]
        assert len(story) >= 2, f"{killed['key']} was not sent to a worker again: {story}"
    finally:
        client.close()
        cluster.close()
    assert summary.graded == 3 and not summary.broken, [r.broken for r in summary.broken]
    assert (tmp_path / "out" / "grades.csv").read_bytes() == expected
