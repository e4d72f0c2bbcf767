"""``serve``: the whole loop with nbgrader's real commands on a temporary course and exchange.

Release (``nbgrader generate_assignment``, ``release_assignment``), then as students
``nbgrader fetch_assignment`` and ``nbgrader submit``, then ``serve``, then the students'
``nbgrader fetch_feedback``: each page must show that student's score. Also: a background
serve killed with ``kill -9`` mid-burst and restarted loses nothing and grades nothing twice;
two instances at once grade each submission once; the policies of the course's config.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from html import unescape
from pathlib import Path

import pytest

from autograder import examples
from autograder.grading.model import shown_points
from autograder.serve.trial import Trial, environment
from tests.support import M1

pytestmark = pytest.mark.slow

KINDS = examples.students(M1)


def notebook_of(kind: str):
    return examples.student_notebook(M1, KINDS[kind])


@pytest.fixture(scope="module")
def trial(tmp_path_factory) -> Trial:
    return Trial.make(tmp_path_factory.mktemp("serve"), [M1])


def submit_as(trial: Trial, student: str, kind: str) -> None:
    trial.fetch_assignment(student, M1)
    trial.write(student, M1, notebook_of(kind) if kind != "broken" else b'{"cells": [')
    trial.submit(student, M1)


def serve(trial: Trial, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(trial.serve_command(*args), capture_output=True, text=True, env=environment(), timeout=900)


def score_on(page: Path) -> tuple[float, float]:
    found = re.search(r'class="score">([\d.]+) / ([\d.]+) points', page.read_text(encoding="utf-8"))
    assert found, page.read_text(encoding="utf-8")[:500]
    return float(found.group(1)), float(found.group(2))


def journal(trial: Trial) -> dict:
    path = trial.root / "served" / "serve-journal.json"
    return json.loads(path.read_text()) if path.is_file() else {"entries": {}}


def graded_lines(text: str, how: str = "graded") -> dict[str, int]:
    """student -> how many times serve said it graded (``how``: or reused) their submission."""
    counts: dict[str, int] = {}
    for student in re.findall(rf"(\S+)/module1_introduction: [\d.]+/[\d.]+ \({how} in", text):
        counts[student] = counts.get(student, 0) + 1
    return counts


def gradebook_score(trial: Trial, student: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{trial.root / 'gradebook.db'}") as gb:
        return float(gb.find_submission(M1.id, student).score)


def test_submit_serve_once_and_fetch_feedback_show_each_students_score(trial):
    submit_as(trial, "alice", "complete")
    submit_as(trial, "bob", "buggy")
    done = serve(trial, "--once", "--exchange", str(trial.exchange))
    assert done.returncode == 0, done.stderr[-3000:]
    assert graded_lines(done.stderr) == {"alice": 1, "bob": 1}, done.stderr[-3000:]
    alice, bob = trial.fetch_feedback("alice", M1), trial.fetch_feedback("bob", M1)
    assert len(alice) == len(bob) == 1
    full = score_on(alice[0])
    assert full[0] == full[1] > 0
    got, most = score_on(bob[0])
    assert most == full[1] and 0 < got < most
    assert "Likely mistake" in unescape(bob[0].read_text(encoding="utf-8"))   # the default policy: mistakes
    assert "feedback for bob" in bob[0].read_text(encoding="utf-8")
    # the same scores in nbgrader's gradebook, and collect's copy is nbgrader's
    assert gradebook_score(trial, "alice") == pytest.approx(full[0])
    assert gradebook_score(trial, "bob") == pytest.approx(got)
    assert (trial.root / "submitted" / "bob" / M1.id / "timestamp.txt").is_file()
    # nothing new: a second run handles nothing and grades nothing
    again = serve(trial, "--once")
    assert again.returncode == 0 and graded_lines(again.stderr) == {}, again.stderr[-2000:]


def test_kill_9_mid_burst_and_restart_lose_nothing_and_grade_nothing_twice(trial):
    burst = {f"k{i}": kind for i, kind in enumerate(["complete", "buggy", "broken", "complete", "buggy", "blank"])}
    for student in burst:
        trial.fetch_assignment(student, M1)
        trial.write(student, M1, notebook_of(burst[student]) if burst[student] != "broken" else b'{"cells": [')
    submits = [subprocess.Popen(trial.submit_command(s, M1), cwd=trial.home(s), env=environment(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for s in burst]
    assert all(p.wait(timeout=300) == 0 for p in submits)
    logs = [trial.folder / "serve-1.log", trial.folder / "serve-2.log"]

    def start(log: Path) -> subprocess.Popen:
        with open(log, "w") as handle:
            return subprocess.Popen(trial.serve_command("--poll", "0.5"), stderr=handle, stdout=handle,
                                    env=environment())

    def graded_of_burst() -> int:
        return sum(1 for name, e in journal(trial)["entries"].items()
                   if name.split("+")[0] in burst and e["status"] == "graded")

    first = start(logs[0])
    deadline = time.monotonic() + 600
    while graded_of_burst() < 1 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    at_kill = graded_of_burst()
    assert 1 <= at_kill < len(burst), (at_kill, logs[0].read_text()[-2000:])
    second = start(logs[1])
    try:
        while graded_of_burst() < len(burst) and time.monotonic() < deadline:
            assert second.poll() is None, logs[1].read_text()[-3000:]
            time.sleep(0.2)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait()
    assert graded_of_burst() == len(burst), logs[1].read_text()[-3000:]
    text = logs[0].read_text() + logs[1].read_text()
    graded, reused = graded_lines(text), graded_lines(text, "reused")
    assert all(graded.get(s, 0) <= 1 for s in burst), graded   # never graded twice
    assert all(graded.get(s, 0) + reused.get(s, 0) >= 1 for s in burst), (graded, reused)   # none lost
    # every student's page comes back, with their own score
    scores = {}
    for student, kind in burst.items():
        pages = trial.fetch_feedback(student, M1)
        assert len(pages) == 1, student
        scores[kind] = score_on(pages[0])
        if kind == "broken":
            assert "could not be graded" in pages[0].read_text(encoding="utf-8")
    assert scores["complete"][0] == scores["complete"][1] > 0
    assert 0 < scores["buggy"][0] < scores["buggy"][1]
    assert scores["broken"][0] == scores["blank"][0] == 0


def test_two_instances_at_once_grade_each_submission_once(trial):
    students = {"t0": "complete", "t1": "buggy", "t2": "complete"}
    for student, kind in students.items():
        submit_as(trial, student, kind)
    both = [subprocess.Popen(trial.serve_command("--once"), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             text=True, env=environment()) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[1] for p in both]
    assert [p.returncode for p in both] == [0, 0], outputs
    assert graded_lines(outputs[0] + outputs[1]) == dict.fromkeys(students, 1), outputs
    for student in students:
        assert len(trial.fetch_feedback(student, M1)) == 1


def test_policies_score_only_pages_and_an_hourly_limit_that_makes_a_submission_wait(trial):
    config = (trial.root / "nbgrader_config.py").read_text()
    trial.configure('c.Autograder.feedback = "score"', "c.Autograder.submissions_per_hour = 1")
    try:
        submit_as(trial, "p0", "buggy")
        assert serve(trial, "--once").returncode == 0
        page = trial.fetch_feedback("p0", M1)[-1].read_text(encoding="utf-8")
        assert "<table>" not in page and "Likely mistake" not in page and " points</p>" in page
        trial.write("p0", M1, notebook_of("complete"))
        trial.submit("p0", M1)
        done = serve(trial, "--once")
        assert done.returncode == 0 and "p0/module1_introduction: waits until" in done.stderr, done.stderr[-2000:]
        pages = trial.fetch_feedback("p0", M1)
        assert len(pages) == 2
        assert "will be graded at" in pages[-1].read_text(encoding="utf-8")
        waiting = [e for n, e in journal(trial)["entries"].items() if n.startswith("p0+")]
        assert sorted(e["status"] for e in waiting) == ["graded", "waiting"]
        # a bad policy is refused with one line naming the file
        trial.configure('c.Autograder.counts = "first"')
        bad = serve(trial, "--once")
        assert bad.returncode == 2 and "nbgrader_config.py" in bad.stderr and "'last', 'best'" in bad.stderr
    finally:
        (trial.root / "nbgrader_config.py").write_text(config)


def test_a_course_root_without_config_is_refused_in_one_line(tmp_path):
    done = subprocess.run(Trial(tmp_path).serve_command("--once"), capture_output=True, text=True,
                          env=environment(), timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "nbgrader_config.py: no such file" in done.stderr


def test_grade_writes_pages_in_nbgraders_layout_too(tmp_path):
    """`grade` on a course root: the nbgrader-layout page next to nbgrader's stamps."""
    from autograder.grading.run import nbgrader_feedback_root

    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    (tmp_path / "submitted").mkdir()
    assert nbgrader_feedback_root(tmp_path, tmp_path / "out") == tmp_path / "feedback"
    assert nbgrader_feedback_root(tmp_path / "submitted", tmp_path / "out") == tmp_path / "feedback"
    assert nbgrader_feedback_root(tmp_path / "elsewhere", tmp_path / "out") == tmp_path / "out" / "feedback"
    from tests.support import grade, put

    put(tmp_path / "submitted", "ann", M1, notebook_of("complete"))
    stamps = tmp_path / "submitted" / "ann" / M1.id
    (stamps / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    (stamps / "submission_secret.txt").write_text("ab" * 64)
    done = grade(tmp_path, tmp_path / "out", "--no-db", "--assignment", M1.id)
    assert done.returncode == 0, done.stderr[-2000:]
    folder = tmp_path / "feedback" / "ann" / M1.id
    assert (folder / "submission_secret.txt").read_text() == "ab" * 64
    got, most = score_on(folder / f"{Path(M1.notebook).stem}.html")
    assert got == most > 0
    assert f"{shown_points(got)} / " in (tmp_path / "out" / "feedback" / "ann" / f"{M1.id}.html").read_text()
