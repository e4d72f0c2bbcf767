"""The grading config (autograder/config.py): its defaults are the limits it replaced, the
course's nbgrader_config.py and then ``--limit`` override them, a bad ``--limit`` is one
line and exit 2, and the values reach every place a submission is graded: the student's
process, the local pool and a Dask worker."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from autograder import ROOT, config, course
from autograder.config import ConfigError, GradingConfig
from autograder.grading import program, submissions
from autograder.grading.grade import grade_submission, grader_fingerprint
from autograder.grading.submissions import Submission
from autograder.sandbox import wire
from autograder.sandbox.isolation import detect
from autograder.sandbox.process import Limits, ProcessDied, StudentProcess
from tests.attack_support import attack_notebook
from tests.support import completed, put, rows

M1 = course.assignment("module1_introduction")

# The limits as they were before the config, written out: grading must not change.
BEFORE = {"memory_bytes": 2 << 30, "cpu_seconds": 600, "file_bytes": 64 << 20, "open_files": 256,
          "scratch_bytes": 256 << 20, "shm_bytes": 64 << 20, "call_seconds": 30.0, "cell_seconds": 60.0,
          "load_seconds": 60.0, "submission_seconds": 300.0, "notebook_bytes": 20 << 20,
          "folder_bytes": 32 << 20, "folder_files": 10_000, "message_header_bytes": 1 << 20,
          "message_bytes": 64 << 20, "handle_bytes": 256 << 20}

LOOPING_RELU = "import time\ndef relu(z):\n    while True:\n        time.sleep(0.01)\n"


def cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def course_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "nbgrader_config.py"
    path.write_text("c = get_config()\n" + textwrap.dedent(body))
    return path


# -- the defaults -------------------------------------------------------------------------
def test_the_defaults_are_the_limits_they_replace():
    assert dataclasses.asdict(GradingConfig()) == BEFORE
    assert [type(v) for v in dataclasses.astuple(GradingConfig())] == [type(v) for v in BEFORE.values()]
    # the sandbox's side keeps plain constants (it cannot import the config): the same values
    assert (wire.FROM_STUDENT.header_bytes, wire.FROM_STUDENT.frame_bytes) == \
        (config.DEFAULTS.message_header_bytes, config.DEFAULTS.message_bytes)
    assert config.DEFAULTS.student_caps() == wire.FROM_STUDENT
    assert wire.HANDLES_MAX_BYTES == config.DEFAULTS.handle_bytes == \
        inspect.signature(wire.Handles).parameters["max_bytes"].default
    # the course's own nbgrader_config.py sets none: `make grade` grades under the defaults
    assert config.load() == GradingConfig()


def test_limits_is_the_config_and_every_field_says_what_it_is():
    assert Limits is GradingConfig
    assert Limits(call_seconds=3).call_seconds == 3.0 and isinstance(Limits(call_seconds=3).call_seconds, float)
    for f in dataclasses.fields(GradingConfig):
        assert len(f.metadata["help"]) > 20, f.name
    for bad in ({"call_seconds": 0}, {"memory_bytes": 1.5}, {"open_files": True}, {"cell_seconds": float("nan")},
                {"handle_bytes": 512 << 20}):   # the student's side's table would overflow
        with pytest.raises(ConfigError):
            GradingConfig(**bad)


def test_results_are_reused_only_under_the_same_limits():
    fingerprint = "f" * 64
    assert GradingConfig().keyed(fingerprint) == fingerprint   # results saved before stay current
    three, four = GradingConfig(call_seconds=3).keyed(fingerprint), GradingConfig(call_seconds=4).keyed(fingerprint)
    assert len({fingerprint, three, four}) == 3
    assert GradingConfig(call_seconds=3.0).keyed(fingerprint) == three


# -- where values come from -------------------------------------------------------------------
def test_the_course_config_then_the_command_line_override_the_defaults(tmp_path):
    path = course_file(tmp_path, """
        c.Autograder.limits = {"call_seconds": 20, "memory_bytes": "3GiB", "cell_seconds": 45}
    """)
    assert config.load(course_config=path) == GradingConfig(call_seconds=20, memory_bytes=3 << 30, cell_seconds=45)
    both = config.load(["call_seconds=5", "folder_files=7", "call_seconds=2.5"], course_config=path)
    assert both == GradingConfig(call_seconds=2.5, memory_bytes=3 << 30, cell_seconds=45, folder_files=7)
    # traitlets' other way of writing a dict, as nbgrader's own settings may be written
    updated = course_file(tmp_path, 'c.Autograder.limits.update({"load_seconds": 90})\n')
    assert config.load(course_config=updated) == GradingConfig(load_seconds=90)
    # the rest of nbgrader's config is no business of ours
    assert config.load(course_config=course_file(tmp_path, 'c.Execute.timeout = 5\n')) == GradingConfig()


def test_a_bad_course_config_is_one_line_naming_the_file(tmp_path):
    cases = {'c.Autograder.limits = {"call_secs": 20}\n': "no limit named 'call_secs'; known names: memory_bytes",
             'c.Autograder.limits = {"memory_bytes": "lots"}\n': "memory_bytes takes a size in bytes",
             'c.Autograder.limits = 20\n': "expected a dict of limits",
             'c.Autograder.limits = {\n': "cannot be read (SyntaxError"}
    for body, expected in cases.items():
        with pytest.raises(ConfigError) as error:
            config.load(course_config=course_file(tmp_path, body))
        assert expected in str(error.value) and "nbgrader_config.py" in str(error.value), str(error.value)
        assert "\n" not in str(error.value)


def test_doctor_prints_every_field_its_value_and_its_help(tmp_path, monkeypatch, capsys):
    from autograder.cli import main

    monkeypatch.setattr(config, "COURSE_CONFIG", course_file(tmp_path, """
        c.Autograder.limits = {"call_seconds": 20, "cell_seconds": 45}
    """))
    assert main(["doctor", "--limit", "cell_seconds=7", "--limit", "memory_bytes=1536MiB"]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = {"call_seconds": "20", "cell_seconds": "7", "memory_bytes": "1536MiB", "folder_files": "10000",
             "handle_bytes": "256MiB", "load_seconds": "60"}
    for f in dataclasses.fields(GradingConfig):
        line = next((p for p in printed if p.strip().startswith(f"{f.name}=")), None)
        assert line is not None, f"doctor does not print {f.name}: {printed}"
        assert line.strip().endswith(f": {f.metadata['help']}"), line
        if f.name in shown:
            assert line.strip().startswith(f"{f.name}={shown[f.name]}:"), line


@pytest.mark.parametrize("option, expected", [
    ("call_seconds=soon", "--limit call_seconds=soon: call_seconds takes seconds, a positive number"),
    ("cal_seconds=3", "--limit cal_seconds=3: no limit named 'cal_seconds'"),
    ("memory_bytes=2GB", "--limit memory_bytes=2GB: memory_bytes takes a size in bytes, a whole number "
                         "optionally with KiB, MiB, GiB or TiB (e.g. 2GiB), got '2GB'"),
    ("call_seconds", "--limit call_seconds: expected NAME=VALUE"),
])
def test_a_bad_limit_is_refused_with_one_line_and_exit_2(tmp_path, option, expected):
    done = cli("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"), "--no-isolation",
               "--limit", option)   # (--no-isolation: where no bwrap works, that refusal would come first)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"error: {expected}"), done.stderr
    assert "known names: memory_bytes, cpu_seconds" in done.stderr and "handle_bytes" in done.stderr
    assert not (tmp_path / "out").exists()


# -- the values reach the grading -------------------------------------------------------------
def test_the_notebook_and_folder_caps_reach_grade_submission(tmp_path):
    path = put(tmp_path / "submitted", "big", M1, completed(M1))
    (path.parent / "data.csv").write_bytes(b"1,2\n" * 10)
    size = path.stat().st_size
    result = grade_submission(Submission("big", M1, path), grader_fingerprint(), GradingConfig(notebook_bytes=size - 1))
    assert result.broken.startswith(f"{M1.id}/{M1.notebook} is") and "limit" in result.broken, result.broken
    assert {r.status for r in result.rows} == {"error"}
    assert program.read_submission(path, max_bytes=size).cells   # at the cap: read
    assert [n for n, _ in submissions.submission_files(path.parent)] == ["data.csv", M1.notebook]
    assert [n for n, _ in submissions.submission_files(path.parent, max_bytes=size)] == ["data.csv"]
    assert [n for n, _ in submissions.submission_files(path.parent, max_files=1)] == ["data.csv"]


def test_the_wire_caps_and_the_handle_table_reach_the_students_process():
    small = GradingConfig(message_bytes=1 << 20, handle_bytes=1 << 20, call_seconds=20)
    code = "import numpy as np\ndef big(n):\n    return np.zeros(n, dtype=np.uint8)\n"
    process = StudentProcess(limits=small, workdir=None)
    try:
        process.start()
        assert process.handles.max_bytes == 1 << 20
        assert process.load([("cell", code)]) == []
        assert process.call("big", (1000,), {}, [], reference=None)[0].shape == (1000,)
        with pytest.raises(ProcessDied, match="over the size limit of 1048576"):
            process.call("big", (2 << 20,), {}, [], reference=None)
    finally:
        process.stop()
    roomy = StudentProcess(limits=GradingConfig(call_seconds=20), workdir=None)
    try:
        roomy.start()
        assert roomy.load([("cell", code)]) == []
        assert roomy.call("big", (2 << 20,), {}, [], reference=None)[0].shape == (2 << 20,)
    finally:
        roomy.stop()


def test_the_warm_sandbox_preloads_every_modules_public_checks():
    """zygote.PRELOAD is derived (from autograder/public/, which the sandbox sees), not
    listed: every assignment's public checks, found the same inside the sandbox."""
    from autograder.sandbox.zygote import PRELOAD

    expected = [f"autograder.public.{a.module}" for a in course.assignments()]
    assert [n for n in PRELOAD if n.startswith("autograder.public.module")] == expected
    process = StudentProcess(limits=GradingConfig(call_seconds=20), workdir=None)
    try:
        process.start()
        code = ("import sys\ndef loaded():\n"
                "    return sorted(n for n in sys.modules if n.startswith('autograder.public.'))\n")
        assert process.load([("cell", code)]) == []
        found = process.call("loaded", (), {}, [], reference=None)[0]
    finally:
        process.stop()
    assert [n for n in expected if n not in found] == [], found


@pytest.fixture(scope="module")
def looping_class(tmp_path_factory) -> Path:
    """One student whose relu loops forever; the rest of module 1 complete."""
    submitted = tmp_path_factory.mktemp("looping") / "submitted"
    put(submitted, "looper", M1, attack_notebook(M1, {"relu": LOOPING_RELU}))
    return submitted


def _relu_timeouts_within(out: Path, seconds_each: float, elapsed: float) -> None:
    """Every relu check of grades.csv is a timeout, and grading took about ``seconds_each``
    per check (the default 30 s per call would take ten times as long)."""
    relu = [r for r in rows(out) if r["function"] == "relu"]
    assert relu and all(r["status"] == "timeout" for r in relu), relu
    assert all("time limit" in r["message"] for r in relu), relu
    saved = json.loads(next((out / "results").rglob("*.json")).read_text())
    assert saved["seconds"] < seconds_each * len(relu) + 15, saved["seconds"]
    assert elapsed < seconds_each * len(relu) + 60, elapsed
    # the rest is graded as usual (functions that never call relu: those that do get the
    # reference's relu over a round trip, which a loaded machine can push past 3 s)
    apart = [r for r in rows(out) if r["function"] in ("sigmoid_gradient", "relu_gradient")]
    assert len(apart) == 4 and all(r["status"] == "passed" for r in apart), apart


def test_a_limit_on_the_command_line_is_what_the_student_is_graded_under(looping_class, tmp_path):
    out = tmp_path / "out"
    start = time.monotonic()
    done = cli("grade", str(looping_class), "--out", str(out), "--assignment", M1.id, "--jobs", "1",
               "--no-db", "--limit", "call_seconds=3")
    assert done.returncode == 0, done.stderr
    _relu_timeouts_within(out, 3.0, time.monotonic() - start)
    again = cli("grade", str(looping_class), "--out", str(out), "--assignment", M1.id, "--jobs", "1",
                "--no-db", "--limit", "call_seconds=3")
    assert "graded 0 and reused 1 of 1" in again.stdout, again.stdout + again.stderr


def test_a_dask_worker_grades_under_the_graders_limits(looping_class, tmp_path):
    out = tmp_path / "out"
    start = time.monotonic()
    done = cli("grade", str(looping_class), "--out", str(out), "--assignment", M1.id, "--no-db",
               "--scheduler", "local", "--jobs", "1", "--limit", "call_seconds=3")
    assert done.returncode == 0, done.stderr
    _relu_timeouts_within(out, 3.0, time.monotonic() - start)


@pytest.mark.skipif(not detect().isolated, reason=f"no isolation here: {detect().detail}")
def test_the_tmpfs_sizes_reach_the_sandbox():
    code = ("import os\ndef sizes():\n"
            "    return [os.statvfs(p).f_blocks * os.statvfs(p).f_frsize for p in ('/scratch', '/dev/shm')]\n")
    process = StudentProcess(limits=GradingConfig(scratch_bytes=8 << 20, shm_bytes=4 << 20, call_seconds=20),
                             workdir=None)
    try:
        process.start()
        if not process.sandbox.private:
            pytest.skip("the kernel gives the student's process no namespaces of its own here")
        assert process.load([("cell", code)]) == []
        assert process.call("sizes", (), {}, [], reference=None)[0] == [8 << 20, 4 << 20]
    finally:
        process.stop()


def test_security_md_tables_the_defaults():
    """Each row of SECURITY.md's table of limits that names fields ([`name`, ...]) shows
    their defaults, in order ("30 s", "2 GiB", "256 MiB and 64 MiB", "32 MiB, 10,000"), and
    every field has a row: the documentation cannot drift from the config."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    tabled = {}
    for names, values in re.findall(r"^\|.*\[(`[^]]+`)\] \| ([^|]+) \|$", text, re.MULTILINE):
        fields = re.findall(r"`(\w+)`", names)
        shown_values = re.split(r", | and ", values.strip())
        assert len(fields) == len(shown_values), (names, values)
        tabled.update(zip(fields, shown_values, strict=True))
    assert set(tabled) == {f.name for f in dataclasses.fields(GradingConfig)}, sorted(tabled)
    for f in dataclasses.fields(GradingConfig):
        written = tabled[f.name].replace(",", "").replace(" s", "").replace(" ", "")
        assert written == config.shown(f, getattr(config.DEFAULTS, f.name)), (f.name, tabled[f.name])
