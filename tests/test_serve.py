"""``serve``: the whole loop with nbgrader's real commands on a temporary course and exchange.

Release (``nbgrader generate_assignment``, ``release_assignment``), then as students
``nbgrader fetch_assignment`` and ``nbgrader submit``, then ``serve``, then the students'
``nbgrader fetch_feedback``: each page must show that student's score. Also: a background
serve killed with ``kill -9`` mid-burst and restarted on a Dask cluster (``--scheduler local``)
loses nothing and grades nothing twice; two instances at once grade each submission once; the
policies of the course's config (``counts = "best"`` end to end); the class report after a
round, and a report that cannot be written stopping nothing.

Kept lean (CI time): one course for the module, students' nbgrader commands run side by side,
released pages looked for in the exchange (``Trial.released_page``) except where the student's
own ``fetch_feedback`` is the point, and ``--no-report`` where the report is not.
"""

from __future__ import annotations

import json
import re
import shutil
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


def side_by_side(trial: Trial, commands: dict[str, list[str]]) -> None:
    """One nbgrader command per student, all at once (each is mostly nbgrader's start-up)."""
    running = {s: subprocess.Popen(c, cwd=trial.home(s), env=environment(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True) for s, c in commands.items()}
    failed = {s: p.communicate(timeout=300)[1][-1500:] for s, p in running.items()}
    assert all(p.returncode == 0 for p in running.values()), failed


def nbgrader_command(trial: Trial, step: str, student: str) -> list[str]:
    return [trial.submit_command(student, M1)[0], step, M1.id, *trial.student_args(student)]


def submit_all(trial: Trial, kinds: dict[str, str], fetch: bool = True) -> None:
    """Each student fetches the assignment, writes their kind of notebook and submits, side by side."""
    for student in kinds:
        trial.home(student).mkdir(parents=True, exist_ok=True)
    if fetch:
        side_by_side(trial, {s: nbgrader_command(trial, "fetch_assignment", s) for s in kinds})
    for student, kind in kinds.items():
        trial.write(student, M1, notebook_of(kind) if kind != "broken" else b'{"cells": [')
    side_by_side(trial, {s: trial.submit_command(s, M1) for s in kinds})


def serve(trial: Trial, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(trial.serve_command(*args), capture_output=True, text=True, env=environment(), timeout=900)


def released_score(trial: Trial, student: str) -> tuple[float, float]:
    page = trial.released_page(student, M1)
    assert page is not None, f"no page released for {student}'s newest submission"
    return score_on(page)


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


def saved_rows(trial: Trial, student: str) -> list[tuple]:
    saved = json.loads((trial.root / "served" / "results" / student / f"{M1.id}.json").read_text())
    return [(r["check_id"], r["points"], r["status"], r["message"]) for r in saved["rows"]]


def csv_scores(trial: Trial) -> dict[str, float]:
    """student -> the points of their rows in serve's OUT/grades.csv."""
    import csv

    scores: dict[str, float] = {}
    with open(trial.root / "served" / "grades.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            scores[row["student_id"]] = scores.get(row["student_id"], 0.0) + float(row["points"])
    return scores


def test_submit_serve_fetch_feedback_the_report_and_the_best_submission_counting(trial):
    config = (trial.root / "nbgrader_config.py").read_text()
    trial.configure('c.Autograder.counts = "best"')
    try:
        submit_all(trial, {"alice": "complete", "bob": "buggy"})
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
        # the class report, as grade writes it, of what the gradebook holds
        assert "class report in " in done.stderr, done.stderr[-2000:]
        summary = json.loads((trial.root / "served" / "report" / "summary.json").read_text())
        assert summary["students"] == 2 and summary["submissions"] == 2
        assert csv_scores(trial) == pytest.approx({"alice": full[0], "bob": got})

        # counts = "best": alice submits a worse notebook; her better one keeps counting
        submit_all(trial, {"alice": "buggy"}, fetch=False)
        again = serve(trial, "--once")
        assert again.returncode == 0, again.stderr[-3000:]
        assert graded_lines(again.stderr) == {"alice": 1}, again.stderr[-3000:]   # bob's is done: not again
        pages = trial.fetch_feedback("alice", M1)
        assert len(pages) == 2
        newest = unescape(pages[-1].read_text(encoding="utf-8"))
        assert score_on(pages[-1]) == (got, most)   # the page is the submission's own
        assert f"Your best score so far, {shown_points(full[0])} / {shown_points(full[1])}, is the one that " \
               "counts." in newest, newest[:1500]
        assert "This is your best score so far" in pages[0].read_text(encoding="utf-8")
        assert gradebook_score(trial, "alice") == pytest.approx(full[0])
        assert csv_scores(trial)["alice"] == pytest.approx(full[0])   # the report's class is the gradebook's
        entries = [e for n, e in journal(trial)["entries"].items() if n.startswith("alice+")]
        assert sorted(e["score"] for e in entries) == pytest.approx(sorted([got, full[0]]))
    finally:
        (trial.root / "nbgrader_config.py").write_text(config)


def test_kill_9_mid_burst_and_restart_on_a_cluster_lose_nothing_and_grade_nothing_twice(trial):
    """The first serve (grading here) is killed after its first grade; the second grades the
    rest on a Dask cluster (``--scheduler local``) with the same results, and reuses the saved
    result of a submission graded but not journalled (what a kill between the two leaves)."""
    burst = {"k0": "complete", "k1": "buggy", "k2": "broken", "k3": "complete", "k4": "buggy", "k5": "blank"}
    submit_all(trial, burst)
    logs = [trial.folder / "serve-1.log", trial.folder / "serve-2.log"]

    def start(log: Path, *args: str) -> subprocess.Popen:
        with open(log, "w") as handle:
            return subprocess.Popen(trial.serve_command("--poll", "0.5", "--no-report", *args), stderr=handle,
                                    stdout=handle, env=environment())

    def graded_of_burst() -> list[str]:
        return [name for name, e in journal(trial)["entries"].items()
                if name.split("+")[0] in burst and e["status"] == "graded"]

    first = start(logs[0])
    deadline = time.monotonic() + 600
    while not graded_of_burst() and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    at_kill = graded_of_burst()
    assert 1 <= len(at_kill) < len(burst), (at_kill, logs[0].read_text()[-2000:])
    # as if the kill had come after its result was saved and before the journal was written
    path = trial.root / "served" / "serve-journal.json"
    kept = json.loads(path.read_text())
    forgotten = kept["entries"].pop(at_kill[0])
    path.write_text(json.dumps(kept))
    second = start(logs[1], "--scheduler", "local", "--jobs", "1")
    try:
        while len(graded_of_burst()) < len(burst) and time.monotonic() < deadline:
            assert second.poll() is None, logs[1].read_text()[-3000:]
            time.sleep(0.2)
    finally:
        second.send_signal(signal.SIGTERM)   # (its cluster's workers stop with it)
        second.wait(timeout=120)
    assert second.returncode == 0, logs[1].read_text()[-3000:]
    assert len(graded_of_burst()) == len(burst), logs[1].read_text()[-3000:]
    first_text, second_text = logs[0].read_text(), logs[1].read_text()
    assert "grading on the Dask cluster local (1 worker)" in second_text, second_text[:2000]
    graded = graded_lines(first_text + second_text)
    reused = graded_lines(second_text, "reused")
    assert all(graded.get(s, 0) <= 1 for s in burst), graded   # never graded twice
    assert all(graded.get(s, 0) + reused.get(s, 0) >= 1 for s in burst), (graded, reused)   # none lost
    assert reused.get(at_kill[0].split("+")[0]) == 1 and forgotten["fresh"], (reused, forgotten)
    assert graded_lines(second_text), second_text[-2000:]   # the cluster graded some
    # every student's page is released, with their own score; the cluster's results are the same as here
    scores = {kind: released_score(trial, student) for student, kind in burst.items()}
    assert "could not be graded" in trial.released_page("k2", M1).read_text(encoding="utf-8")
    assert scores["complete"][0] == scores["complete"][1] > 0
    assert 0 < scores["buggy"][0] < scores["buggy"][1]
    assert scores["broken"][0] == scores["blank"][0] == 0
    assert saved_rows(trial, "k0") == saved_rows(trial, "k3") and saved_rows(trial, "k1") == saved_rows(trial, "k4")


def test_two_instances_at_once_grade_each_submission_once(trial):
    students = {"t0": "complete", "t1": "buggy"}
    submit_all(trial, students)
    both = [subprocess.Popen(trial.serve_command("--once", "--no-report"), stderr=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, text=True, env=environment()) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[1] for p in both]
    assert [p.returncode for p in both] == [0, 0], outputs
    assert graded_lines(outputs[0] + outputs[1]) == dict.fromkeys(students, 1), outputs
    for student in students:
        assert released_score(trial, student)[1] > 0


def test_policies_score_only_pages_an_hourly_limit_and_a_report_that_cannot_be_written(trial):
    config = (trial.root / "nbgrader_config.py").read_text()
    trial.configure('c.Autograder.feedback = "score"', "c.Autograder.submissions_per_hour = 1")
    blocker = trial.root / "served" / "report"
    try:
        submit_all(trial, {"p0": "buggy"})
        blocker.parent.mkdir(parents=True, exist_ok=True)
        if blocker.is_dir():
            shutil.rmtree(blocker)
        blocker.write_text("a file where the report's folder goes: the report cannot be written")
        first = serve(trial, "--once")
        assert first.returncode == 0, first.stderr[-2000:]
        assert graded_lines(first.stderr) == {"p0": 1}, first.stderr[-2000:]
        assert "the class report could not be written" in first.stderr, first.stderr[-2000:]
        assert "python -m autograder report" in first.stderr
        page = trial.released_page("p0", M1).read_text(encoding="utf-8")
        assert "<table>" not in page and "Likely mistake" not in page and " points</p>" in page
        trial.write("p0", M1, notebook_of("complete"))
        trial.submit("p0", M1)
        done = serve(trial, "--once", "--no-report")
        assert done.returncode == 0 and "p0/module1_introduction: waits until" in done.stderr, done.stderr[-2000:]
        assert "will be graded at" in trial.released_page("p0", M1).read_text(encoding="utf-8")
        waiting = [e for n, e in journal(trial)["entries"].items() if n.startswith("p0+")]
        assert sorted(e["status"] for e in waiting) == ["graded", "waiting"]
        # a bad policy is refused with one line naming the file
        trial.configure('c.Autograder.counts = "first"')
        bad = serve(trial, "--once")
        assert bad.returncode == 2 and "nbgrader_config.py" in bad.stderr and "'last', 'best'" in bad.stderr
    finally:
        (trial.root / "nbgrader_config.py").write_text(config)
        if blocker.is_file():
            blocker.unlink()


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


def test_the_report_is_built_apart_one_at_a_time_and_paced(tmp_path):
    """serve's background report: a build at a time, a request during it kept for after it, a
    pause after each build, and a failure said (here: an OUT that does not exist)."""
    from autograder.serve.report import ReportBuilder

    said: list[tuple[bool, str]] = []
    builder = ReportBuilder(tmp_path / "no-out", tmp_path, 1 << 20, lambda line, error: said.append((error, line)))
    builder.request()
    builder.request()   # while the first runs: wanted, not started beside it
    assert builder.process is not None and builder.wanted
    builder.process.join(timeout=120)
    builder.poll()
    assert said and said[0][0] and "no such folder" in said[0][1] and "python -m autograder report" in said[0][1]
    assert builder.process is None and builder.wanted and builder.not_before > time.monotonic()   # the pause
    builder.wait()   # (--once: the wanted build now, then nothing more)
    assert len(said) == 2 and builder.process is None and not builder.wanted


def test_sigint_stops_serve_even_when_it_was_started_with_sigint_ignored(trial, tmp_path):
    """JupyterHub stops its services with SIGINT; a hub started from a background shell hands
    serve SIGINT ignored (as a process inherits it), which must not keep serve running."""
    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    log = tmp_path / "serve.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(trial.serve_command("--poll", "0.5", "--no-report"), stdout=handle, stderr=handle,
                                   env=environment(), preexec_fn=ignore_sigint)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "serving " not in log.read_text():
            assert process.poll() is None, log.read_text()[-1500:]
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, log.read_text()[-1500:]
    assert "stopping after the submission at hand" in log.read_text(), log.read_text()[-1500:]
