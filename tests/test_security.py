"""Grading that cannot be cheated, crashed or lost (see SECURITY.md).

Each threat is a submission that attempts it, graded by the real grader (student code in
its own sandboxed process); the test fails if the attempt pays off or costs anything
beyond the attempting function. Most threats share one class run to keep the suite short.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from autograder import ROOT, course, notebook
from autograder.sandbox.isolation import detect
from tests.support import M1, completed, grade, put, rows

M2 = course.assignment("module2_logistic_regression")
RELU_OK = "import numpy as np\ndef relu(z):\n    return np.maximum(0.0, np.asarray(z, dtype=float))\n"
RELU_WRONG = "import numpy as np\ndef relu(z):\n    return np.abs(np.asarray(z, dtype=float))\n"
MARKER = "ORPHAN-MARKER-7f3a"

isolated = pytest.mark.skipif(not detect().isolated, reason=f"no isolation here: {detect().detail}")


def with_answer(assignment, grade_id: str, source: str) -> nbformat.NotebookNode:
    nb = completed(assignment)
    for cell in nb.cells:
        if notebook.kind(cell) == "answer" and notebook.nbgrader(cell)["grade_id"] == grade_id:
            cell.source = source
    return nb


# One class, one run: (relu's answer cell, what must hold of relu's checks).
CHEATS = {
    "patches numpy's comparisons": (
        "import numpy as np, numpy.testing\n"
        "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n" + RELU_WRONG,
        "failed"),
    "patches builtins": (
        "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.len = lambda *a: 0\n" + RELU_WRONG,
        "not passed"),
    "lies about equality and shape": (
        "class Liar:\n    shape = (3, 4)\n    dtype = float\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __array__(self, dtype=None, copy=None):\n        raise TypeError('no')\n"
        "def relu(z):\n    return Liar()\n",
        "failed"),
    "answers numpy's functions itself": (
        "import numpy as np\nclass Agree:\n    shape = (3, 4)\n"
        "    def __array_function__(self, func, types, args, kwargs):\n        return True\n"
        "    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):\n        return True\n"
        "def relu(z):\n    return Agree()\n",
        "failed"),
    "an ndarray subclass whose comparisons always agree": (
        "import numpy as np\nclass Yes(np.ndarray):\n"
        "    def __eq__(self, other):\n        return np.ones(self.shape, bool)\n"
        "    __array_priority__ = 1000\n"
        "def relu(z):\n    return np.zeros(np.shape(z)).view(Yes)\n",
        "failed"),
    "looks for expected values in frames and the environment": (
        "import sys, os, numpy as np\n"
        "def relu(z):\n"
        "    frame = sys._getframe(1)\n"
        "    while frame is not None:\n"
        "        for name, value in frame.f_locals.items():\n"
        "            if 'expect' in name or 'ref' in name:\n"
        "                return value\n"
        "        frame = frame.f_back\n"
        "    for key, value in os.environ.items():\n"
        "        if 'EXPECT' in key or 'SOLUTION' in key:\n"
        "            return np.full(np.shape(z), float(len(value)))\n"
        "    return np.zeros(np.shape(z))\n",
        "failed"),
    "exits the process from its cell": (RELU_OK + "import os\nos._exit(0)\n", "error"),
    "raises KeyboardInterrupt": ("def relu(z):\n    raise KeyboardInterrupt\n", "error"),
    "floods the output": ("import numpy as np\ndef relu(z):\n    print('x' * 50_000_000)\n"
                          "    return np.maximum(0.0, np.asarray(z, dtype=float))\n", "passed"),
    "leaves processes behind": (
        RELU_OK + "import subprocess, sys, os\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)  # {MARKER}'],\n"
        "                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        f"    os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(300)  # {MARKER}'])\n",
        "passed"),
}


@pytest.fixture(scope="module")
def cheating_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("cheats")
    sub = base / "submitted"
    for index, (name, (source, _)) in enumerate(CHEATS.items()):
        put(sub, f"s{index:02d} {name}", M1, with_answer(M1, "relu", source))
    # broken and hostile files
    put(sub, "wrong nbformat", M1, json.dumps({"nbformat": 3, "nbformat_minor": 0, "cells": [], "metadata": {}}))
    put(sub, "huge", M1, '{"cells": [], "x": "' + "a" * (21 << 20) + '"}')
    edited = with_answer(M1, "relu", RELU_WRONG)
    for cell in edited.cells:
        if notebook.kind(cell) == "test":
            cell.source = "pass\n"
            notebook.nbgrader(cell)["points"] = 1000
    put(sub, "edited locked cells", M1, edited)
    out = base / "out"
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(sub), "--out", str(out),
                           "--no-report", "--jobs", "2", "--assignment", M1.id, "--no-db"],
                          capture_output=True, text=True, timeout=900)
    time.sleep(0.5)
    survivors = subprocess.run(["pgrep", "-f", MARKER], capture_output=True, text=True).stdout.split()
    for pid in survivors:   # leave the machine clean even when the test fails
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    return done, rows(out) if (out / "grades.csv").exists() else [], survivors


def _by_student(table):
    result: dict[str, list[dict]] = {}
    for r in table:
        result.setdefault(r["student_id"], []).append(r)
    return result


@pytest.mark.parametrize("index, name", list(enumerate(CHEATS)))
def test_a_cheat_or_crash_costs_at_most_the_attempting_function(cheating_class, index, name):
    done, table, _ = cheating_class
    assert done.returncode == 0, done.stderr[-2000:]
    mine = _by_student(table)[f"s{index:02d} {name}"]
    relu = [r for r in mine if r["function"] == "relu"]
    others = [r for r in mine if r["function"] not in ("", "relu")]
    expected = CHEATS[name][1]
    if expected == "not passed":
        assert relu and all(r["status"] != "passed" for r in relu), relu
    else:
        assert relu and {r["status"] for r in relu} == {expected}, relu
    assert others and all(r["status"] == "passed" for r in others), [r for r in others if r["status"] != "passed"]


def test_a_cell_that_ends_the_process_is_named_and_left_out(cheating_class):
    _, table, _ = cheating_class
    index = list(CHEATS).index("exits the process from its cell")
    notebook_row = _by_student(table)[f"s{index:02d} exits the process from its cell"][0]
    assert notebook_row["check_id"] == "notebook.cells"
    assert "(relu) was left out" in notebook_row["message"] and "exited" in notebook_row["message"]


@pytest.mark.skipif(not detect().isolated, reason="without a PID namespace a process in a new session can escape")
def test_no_process_outlives_grading(cheating_class):
    _, _, survivors = cheating_class
    assert survivors == [], f"processes left running after grading: {survivors}"


def test_broken_files_are_recorded_and_locked_cells_come_from_the_course(cheating_class):
    _, table, _ = cheating_class
    students = _by_student(table)
    assert "nbformat 3" in students["wrong nbformat"][0]["message"]
    assert "MiB" in students["huge"][0]["message"] and "limit" in students["huge"][0]["message"]
    edited = students["edited locked cells"]
    assert all(r["status"] == "failed" for r in edited if r["function"] == "relu")
    full = {r["check_id"]: float(r["max_points"]) for r in students["s00 patches numpy's comparisons"]}
    assert {r["check_id"]: float(r["max_points"]) for r in edited} == full, "points must come from solutions/"


def test_patching_the_clocks_does_not_pass_the_speed_check(tmp_path):
    looped = (
        "import time, timeit\n"
        "time.perf_counter = lambda: 0.0\ntime.monotonic = lambda: 0.0\ntime.time = lambda: 0.0\n"
        "time.perf_counter_ns = lambda: 0\ntimeit.default_timer = lambda: 0.0\n"
        "import numpy as np\n"
        "def propagate(w, b, X, Y):\n"
        "    m = X.shape[1]\n"
        "    dw, db, cost = np.zeros(w.shape), 0.0, 0.0\n"
        "    for i in range(m):\n"
        "        a = sigmoid(float(np.dot(w[:, 0], X[:, i])) + b)\n"
        "        cost -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)\n"
        "        dw[:, 0] += X[:, i] * (a - Y[0, i])\n"
        "        db += a - Y[0, i]\n"
        "    return {'dw': dw / m, 'db': db / m}, cost / m\n")
    sub = tmp_path / "submitted"
    put(sub, "clock patcher", M2, with_answer(M2, "propagate", looped))
    out = tmp_path / "out"
    assert grade(sub, out, "--assignment", M2.id, "--no-db").returncode == 0
    propagate = {r["check_id"]: r for r in rows(out) if r["function"] == "propagate"}
    assert propagate["propagate.propagate_speed"]["status"] == "failed", propagate["propagate.propagate_speed"]
    assert all(r["status"] == "passed" for k, r in propagate.items() if k != "propagate.propagate_speed")


@isolated
def test_student_code_sees_no_secret_and_can_change_nothing(tmp_path):
    """Reads of the solutions, the hidden checks, another student's work and the results;
    writes to the results, the gradebook, the course and its own submission; the network."""
    sub, out = tmp_path / "submitted", tmp_path / "out"
    other = put(sub, "other", M1, completed(M1))
    gradebook = tmp_path / "gradebook.db"
    gradebook.write_bytes(b"")
    targets_read = [M1.source, ROOT / "autograder" / "hidden" / "module1.py", other,
                    ROOT / "autograder" / "reference.py"]
    targets_write = [out / "grades.csv", gradebook, ROOT / "solutions" / "pwned.txt",
                     sub / "attacker" / M1.id / "pwned.txt", ROOT / "autograder" / "hidden" / "pwned.py"]
    probe = (
        "import socket\nimport numpy as np\n"
        "def relu(z):\n"
        "    leaks = []\n"
        f"    for path in {[str(p) for p in targets_read]!r}:\n"
        "        try:\n"
        "            open(path, 'rb').read(1)\n"
        "            leaks.append('read ' + path)\n"
        "        except OSError:\n"
        "            pass\n"
        f"    for path in {[str(p) for p in targets_write]!r}:\n"
        "        try:\n"
        "            open(path, 'a').write('pwned')\n"   # may land in the sandbox's own /tmp: judged on disk below
        "        except OSError:\n"
        "            pass\n"
        "    try:\n"
        "        socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
        "        leaks.append('network')\n"
        "    except OSError:\n"
        "        pass\n"
        "    raise RuntimeError('LEAKS ' + repr(leaks))\n")
    put(sub, "attacker", M1, with_answer(M1, "relu", probe))
    out.mkdir()
    (out / "grades.csv").write_text("before\n")
    assert grade(sub, out, "--assignment", M1.id, "--student", "attacker", "--no-db").returncode == 0
    messages = {r["message"] for r in rows(out) if r["function"] == "relu"}
    assert messages and all("LEAKS []" in m for m in messages), messages
    assert gradebook.read_bytes() == b""
    assert "pwned" not in (out / "grades.csv").read_text()
    for path in targets_write[2:]:
        assert not path.exists(), path


def test_a_grader_killed_at_any_moment_resumes_to_the_same_results(tmp_path):
    """kill -9 in the middle of a class, then run again: the same grades.csv as a run that
    was never interrupted (which also shows that grading is deterministic)."""
    sub = tmp_path / "submitted"
    for student in ("a", "b", "c", "d", "e", "f"):
        nb = completed(M1) if student in "ace" else with_answer(M1, "relu", RELU_WRONG)
        put(sub, student, M1, nb)
    whole = tmp_path / "whole"
    assert grade(sub, whole, "--assignment", M1.id, "--no-db").returncode == 0
    killed = tmp_path / "killed"
    process = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(sub), "--out", str(killed),
                                "--no-report", "--jobs", "1", "--assignment", M1.id, "--no-db"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((killed / "results").rglob("*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list((killed / "results").rglob("*.json")))
    assert 2 <= finished < 6, f"{finished} results before the kill: the test did not interrupt grading"
    resumed = grade(sub, killed, "--assignment", M1.id, "--no-db")
    assert resumed.returncode == 0
    assert re.search(rf"graded {6 - finished} and reused {finished} of 6", resumed.stdout), resumed.stdout
    assert (killed / "grades.csv").read_bytes() == (whole / "grades.csv").read_bytes()


def test_feedback_pages_reveal_no_expected_value(monkeypatch):
    """Every value a hidden check compares against is recorded; none appears in the page."""
    import numpy as np

    from autograder.examples import students
    from autograder.grading import feedback
    from autograder.grading.grade import check_points
    from autograder.grading.model import Row, SubmissionResult
    from autograder.hidden import run_checks_in_namespace, spec
    from autograder.reference import load_reference

    expected_values: list[float] = []
    original = spec.compare

    def recording(found, expected, what, *args, **kwargs):
        try:
            expected_values.extend(np.asarray(expected, dtype=float).ravel()[:200].tolist())
        except (TypeError, ValueError):
            pass
        return original(found, expected, what, *args, **kwargs)

    monkeypatch.setattr(spec, "compare", recording)
    for assignment in (M1, M2):
        namespace = dict(load_reference(assignment.id))
        for source in students(assignment)["buggy"].values():
            exec(compile(source, "buggy", "exec"), namespace)
        points = check_points(assignment)
        result = SubmissionResult("buggy", assignment.id, "key")
        for function in notebook.graded_functions(notebook.read(assignment.source)):
            for r in run_checks_in_namespace(assignment.id, function, namespace):
                result.rows.append(Row("buggy", assignment.id, r.check_id, r.function,
                                       points[r.check_id] if r.passed else 0.0, points[r.check_id],
                                       r.status, r.message, r.title))
        assert any(r.status == "failed" for r in result.rows)
        page = feedback.page(result)
        telling = {f"{v:.6g}" for v in expected_values if len(f"{abs(v):.6g}".strip("0.").replace(".", "")) >= 5}
        shown = [t for t in telling if t in page]
        assert not shown, f"{assignment.id}: the feedback page shows expected values {shown[:5]}"
        expected_values.clear()


def _sources(notebook_text: str) -> str:
    cells = json.loads(notebook_text).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells)


def test_the_student_bundle_holds_no_solution_and_no_hidden_check(tmp_path):
    from autograder import bundle

    folder, archive = bundle.build(tmp_path)
    texts = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".md", ".txt", ".cfg", ".toml"):
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
    everything = "\n".join(texts.values())
    # code as it reads, whatever the file: notebooks by their cells' sources, every line stripped
    code = "\n".join(line.strip() for path, text in texts.items()
                     for line in (_sources(text) if path.suffix == ".ipynb" else text).splitlines()
                     if line.strip())
    assert "BEGIN SOLUTION" not in everything and "BEGIN HIDDEN TESTS" not in everything
    assert "run_hidden_checks" not in everything and "load_reference" not in everything
    assert not (folder / "solutions").exists() and not (folder / "autograder" / "hidden").exists()
    # every solution body, line by line (the substantial lines), and every hidden check
    from autograder.hidden import checks_for

    for assignment in course.assignments():
        source = notebook.read(assignment.source)
        for cell in source.cells:
            if notebook.kind(cell) != "answer":
                continue
            body = cell.source.split("### BEGIN SOLUTION", 1)[-1].split("### END SOLUTION", 1)[0]
            lines = [line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith("#")]
            # any three consecutive lines of a solution (single lines are often the course's
            # own formulas, given as hints; three in a row are an answer)
            for start in range(max(1, len(lines) - 2)):
                block = "\n".join(lines[start:start + 3])
                assert block not in code, f"{assignment.id}: solution lines are in the bundle:\n{block}"
        for check in checks_for(assignment.id):
            assert f"def {check.name}(" not in everything, check.check_id
    # what students run works from the bundle alone
    done = subprocess.run([sys.executable, "-c", "import autograder, sys; print(autograder.__file__)"],
                          cwd=folder, env=dict(os.environ, PYTHONPATH=str(folder)), capture_output=True, text=True)
    assert done.stdout.strip().startswith(str(folder)), done.stdout + done.stderr
    check = subprocess.run([sys.executable, "-m", "autograder", "check",
                            f"notebooks/{M1.id}/{M1.notebook}"], cwd=folder,
                           env=dict(os.environ, PYTHONPATH=str(folder)), capture_output=True, text=True, timeout=120)
    assert "`relu` is not written yet" in check.stdout, check.stdout + check.stderr
    import zipfile

    with zipfile.ZipFile(archive) as z:
        assert sorted(n.split("/", 1)[1] for n in z.namelist()) == \
            sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    again, again_zip = bundle.build(tmp_path / "again")
    assert again_zip.read_bytes() == archive.read_bytes(), "the bundle must be reproducible"


@pytest.mark.parametrize("bad_cell, reason", [
    ("while True:\n    pass\n", "did not finish"),
    ("import os\nos._exit(3)\n", "exited with status 3"),
    ("import ctypes\nctypes.string_at(0)\n", "segmentation fault"),
    ("raise SystemExit(2)\n", "SystemExit"),
], ids=["endless loop", "os._exit", "segfault", "SystemExit"])
def test_a_cell_that_hangs_or_ends_the_process_is_left_out_and_the_rest_runs(bad_cell, reason):
    import numpy as np

    from autograder.grading.grade import trusted_answers
    from autograder.sandbox.process import Limits
    from autograder.sandbox.side import SandboxSide

    cells = [("cell 1", RELU_OK), ("cell 2", bad_cell), ("cell 3", "def double(x):\n    return 2 * x\n")]
    side = SandboxSide(cells, {}, trusted_answers({}), Limits(cell_seconds=2.0, call_seconds=5.0), workdir=None)
    try:
        side.ensure_running()
        assert [label for label, _ in side.load_errors] == ["cell 2"]
        assert reason in side.load_errors[0][1], side.load_errors
        assert side.call("double", (21,), {})[0] == 42
        np.testing.assert_array_equal(side.call("relu", (np.array([-1.0, 2.0]),), {})[0], [0.0, 2.0])
    finally:
        side.close()


def test_the_private_tmp_does_not_hide_a_course_that_lives_under_tmp(monkeypatch):
    """bubblewrap mounts in order: a tmpfs on /tmp after the venv's bind would hide a venv
    (or a course) under /tmp, and isolation would silently fall back to none."""
    from autograder.sandbox import isolation

    monkeypatch.setattr(sys, "prefix", "/tmp/some-clone/.venv")
    args = isolation._system_binds()
    tmpfs = args.index("--tmpfs")
    binds_under_tmp = [i for i, a in enumerate(args) if a == "--ro-bind" and args[i + 2].startswith("/tmp/")]
    assert binds_under_tmp and all(i > tmpfs for i in binds_under_tmp), args


def _side(cells, **limits):
    from autograder.grading.grade import trusted_answers
    from autograder.sandbox.process import Limits
    from autograder.sandbox.side import SandboxSide

    return SandboxSide(cells, {}, trusted_answers({}), Limits(**{"cell_seconds": 10.0, "call_seconds": 10.0, **limits}),
                       workdir=None)


LEAVER = (
    "import os, subprocess, sys\n"
    "open('/scratch/left-behind', 'w').write('A')\n"
    "open('/dev/shm/left-behind', 'w').write('A')\n"
    "os.makedirs('/scratch/locked/inner')\n"
    "open('/scratch/locked/inner/f', 'w').write('A')\n"
    "os.chmod('/scratch/locked/inner', 0)\n"
    "os.chmod('/scratch/locked', 0o500)\n"
    f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)  # {MARKER}'],\n"
    "                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "if os.fork() == 0:\n"
    "    os.setsid()\n"
    f"    os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(300)  # {MARKER}'])\n"
)
FINDER = (
    "import os\n"
    "def probe():\n"
    "    found = [p for p in ('/scratch/left-behind', '/dev/shm/left-behind', '/scratch/locked')\n"
    "             if os.path.exists(p)]\n"
    "    for pid in os.listdir('/proc'):\n"
    "        if pid.isdigit() and int(pid) not in (1, os.getpid(), os.getppid()):\n"
    "            try:\n"
    "                found.append(open(f'/proc/{pid}/cmdline', 'rb').read().decode(errors='replace'))\n"
    "            except OSError:\n"
    "                pass\n"
    "    return found\n"
)


@isolated
def test_nothing_of_one_submission_reaches_the_next_in_the_warm_sandbox():
    """Submissions are forked one after another from the same warm sandbox: files in its
    private /scratch and /dev/shm (even a locked folder) and processes in any session that
    one leaves are gone when the next one runs (test_attacks_sandbox.py tries every folder
    and kernel object too)."""
    first = _side([("cell 1", LEAVER + RELU_OK)])
    try:
        first.ensure_running()
        assert first.load_errors == []
        sandbox = first.process.sandbox
    finally:
        first.close()
    second = _side([("cell 1", FINDER)])
    try:
        second.ensure_running()
        assert second.process.sandbox is sandbox, "the second submission must reuse the warm sandbox"
        assert second.call("probe", (), {})[0] == []
    finally:
        second.close()


@isolated
def test_the_warm_sandbox_cannot_be_traced_and_killing_it_costs_only_the_cell():
    """A student's process cannot open the sandbox's memory (it could infect later
    submissions); killing the sandbox ends the student's own process, so the cell is left
    out and the rest runs in a new sandbox."""
    peek = ("import os\n"
            "def peek():\n"
            "    try:\n"
            "        open(f'/proc/{os.getppid()}/mem', 'r+b')\n"
            "        return 'opened'\n"
            "    except OSError as error:\n"
            "        return type(error).__name__\n"
            "def parent():\n"
            "    return open(f'/proc/{os.getppid()}/cmdline', 'rb').read().decode()\n")
    killer = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
    side = _side([("cell 1", peek), ("cell 2", killer), ("cell 3", RELU_OK)])
    try:
        side.ensure_running()
        assert [label for label, _ in side.load_errors] == ["cell 2"], side.load_errors
        assert "autograder.sandbox.zygote" in side.call("parent", (), {})[0]
        assert side.call("peek", (), {})[0] == "PermissionError"
    finally:
        side.close()

