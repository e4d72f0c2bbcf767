"""The team's attacks on the sandbox and the wire, each graded for real (SECURITY.md, rules 1-4).

Every test grades the attack's notebook with the real grader (student code in its
bubblewrap sandbox, forked from the warm sandbox) and a complete classmate graded after it,
and fails if the attack pays off, costs the classmate anything, or costs the grader more
than the rule allows. Attacks that wait (a trickled frame, slow cells) run scaled down:
the same shape against proportionally smaller limits, so the suite stays short.
Rule tests beyond the instances follow each group.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from autograder import ROOT, course
from autograder.grading.grade import grade_submission, grader_fingerprint
from autograder.grading.submissions import find
from autograder.sandbox.isolation import detect
from autograder.sandbox.process import Limits, StudentProcess
from tests.attack_support import M1, M2, attack_notebook, bystander, source
from tests.support import completed, put

isolated = pytest.mark.skipif(not detect().isolated, reason=f"no isolation here: {detect().detail}")


def grade_all(root: Path, limits: Limits | None = None, assignments=None) -> dict:
    """(student, assignment) -> SubmissionResult, graded in one process one after another,
    so every submission is forked from the same warm sandbox as the one before it."""
    fingerprint = grader_fingerprint()
    return {(s.student_id, s.assignment.id): grade_submission(s, fingerprint, limits)
            for s in find(root, assignments=assignments)}


def statuses(result) -> dict[str, str]:
    return {r.check_id: r.status for r in result.rows}


def full_marks(result) -> bool:
    return result.score == result.max_score > 0


def text_of(result) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False)


# -- rule 1: nothing of one student reaches another -----------------------------------------

@isolated
def test_a_module_planted_in_the_sandbox_root_reaches_no_later_student(tmp_path):
    """writable_sandbox_root_infects_later_students: a_plant writes /secrets.py (first on
    sys.path), which every later student's process imported: it copied their notebooks to
    /var/tmp/stolen/ and rewrote d_victim2's functions (10/312), and c_thief, a blank
    notebook, ran b_victim's stolen answers (12/12). Now the sandbox's root is read-only."""
    sub = tmp_path / "submitted"
    put(sub, "a_plant", M1, attack_notebook(M1, {"relu": source("plant_secrets.py")}))
    put(sub, "b_victim", M1, completed(M1))
    put(sub, "c_thief", M1, attack_notebook(M1, helpers=[source("thief_helper.py")], blank=True))
    put(sub, "d_victim2", M1, completed(M1))
    graded = grade_all(sub, assignments=[M1.id])
    assert "PermissionError" in text_of(graded["a_plant", M1.id]) or \
        "Read-only file system" in text_of(graded["a_plant", M1.id]), "the plant must fail to write"
    assert full_marks(graded["b_victim", M1.id]) and full_marks(graded["d_victim2", M1.id])
    thief = graded["c_thief", M1.id]
    assert thief.score == 0 and "stolen" in text_of(thief), "the thief finds nothing to steal"


@isolated
def test_a_kernel_keyring_carries_nothing_to_the_next_student(tmp_path):
    """keyring_channel_between_students: a_writer's add_key left a key in the user keyring
    that b_reader, forked next from the same warm sandbox, found and read."""
    sub = tmp_path / "submitted"
    put(sub, "a_writer", M1, attack_notebook(M1, {"relu": source("key_write.py")}))
    put(sub, "b_reader", M1, attack_notebook(M1, {"relu": source("key_read.py")}))
    bystander(sub)
    graded = grade_all(sub, assignments=[M1.id])
    assert statuses(graded["a_writer", M1.id])["relu.relu_random_inputs"] == "passed", \
        "the writer's own key must work (the attack really ran)"
    reader = text_of(graded["b_reader", M1.id])
    assert "serial=-1" in reader and "answers from student" not in reader
    assert full_marks(graded["zz_bystander", M1.id])


def _process(limits: Limits | None = None) -> StudentProcess:
    process = StudentProcess(limits=limits or Limits(call_seconds=20.0), workdir=None)
    process.start()
    return process


def _run(process: StudentProcess, code: str, name: str = "probe"):
    assert process.load([("probe", textwrap.dedent(code))]) == []
    return process.call(name, (), {}, [], reference=None)[0]


LEAVE = """
import ctypes, os, socket, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
def probe():
    written = []
    for top in ("/", "/tmp", "/var", "/etc", "/dev", "/dev/shm", "/scratch", "/usr", "/proc/self"):
        for folder, dirs, files in os.walk(top):
            if folder.startswith(("/proc", "/sys")) and folder != "/proc/self":
                dirs[:] = []
                continue
            try:
                with open(os.path.join(folder, "left-behind"), "w") as f:
                    f.write("A")
                written.append(folder)
            except OSError:
                pass
            if top == "/proc/self":
                break
    os.makedirs("/scratch/locked/inner")
    os.chmod("/scratch/locked", 0o500)
    data = b"secret"
    key = libc.syscall(248, b"user", b"leak", data, len(data), ctypes.c_int(-4))      # add_key
    shm = libc.shmget(0x5eed, 4096, 0o1666)                                           # SysV shm
    sem = libc.semget(0x5eed, 1, 0o1666)
    mq = libc.msgget(0x5eed, 0o1666)
    server = socket.socket(socket.AF_UNIX)
    server.bind("\\0left-behind")                                                      # abstract socket
    subprocess.Popen([sys.executable, "-c", "import socket, time; s = socket.socket(socket.AF_UNIX); "
                      "s.bind('\\\\0left-behind-2'); time.sleep(300)"], start_new_session=True)
    return written, key, shm, sem, mq
"""

FIND = """
import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
def probe():
    found = []
    for folder in ("/", "/tmp", "/var", "/etc", "/dev", "/dev/shm", "/scratch", "/usr"):
        for where, dirs, files in os.walk(folder):
            if where.startswith(("/proc", "/sys")):
                dirs[:] = []
            found += [os.path.join(where, f) for f in files if f == "left-behind"]
    found += [p for p in ("/scratch/locked",) if os.path.exists(p)]
    if libc.syscall(250, 10, ctypes.c_int(-4), b"user", b"leak", 0) > 0:                # keyctl search
        found.append("key")
    for name, get in (("shm", lambda: libc.shmget(0x5eed, 0, 0)), ("sem", lambda: libc.semget(0x5eed, 0, 0)),
                      ("msg", lambda: libc.msgget(0x5eed, 0))):
        if get() >= 0:
            found.append(name)
    for name in ("\\0left-behind", "\\0left-behind-2"):
        client = socket.socket(socket.AF_UNIX)
        try:
            client.connect(name)
            found.append(name)
        except OSError:
            pass
    return found
"""


@isolated
def test_no_file_kernel_object_or_process_of_one_student_is_there_for_the_next():
    """Rule 1 beyond the instances: a student's process tries to write in every folder of
    the sandbox and to leave a key, System V objects, an abstract socket and a process in a
    session of its own; the next process forked from the same warm sandbox finds none of
    it. Only its own /scratch and /dev/shm took a write (and went with it)."""
    first = _process()
    try:
        written, key, shm, sem, mq = _run(first, LEAVE)
        sandbox = first.sandbox
    finally:
        first.kill()
    assert written and all(w.startswith(("/scratch", "/dev/shm")) for w in written), written
    assert key > 0 and shm >= 0 and sem >= 0 and mq >= 0, "each object was really made"
    second = _process()
    try:
        assert second.sandbox is sandbox, "the second student must be forked from the same warm sandbox"
        assert _run(second, FIND) == []
    finally:
        second.kill()


@isolated
def test_files_in_the_sandbox_fill_no_more_memory_than_the_cap():
    """tmpfs_ram_beyond_memory_limit: 48 files of 64 MiB in the sandbox's /tmp (tmpfs is RAM,
    and RLIMIT_FSIZE is per file) raised the host's shared memory by 3 GB. The writable
    places a student's process has are tmpfs mounts of its own with a size."""
    limits = Limits(call_seconds=20.0, scratch_bytes=32 << 20, shm_bytes=8 << 20)
    process = _process(limits)
    try:
        written = _run(process, """
            import os
            def probe():
                sizes = {}
                for folder in ("/scratch", "/dev/shm", "/tmp"):
                    total, chunk = 0, b"\\1" * (1 << 20)
                    try:
                        for i in range(64):
                            with open(f"{folder}/fill{i}", "wb") as f:
                                for _ in range(4):
                                    f.write(chunk)
                                    total += len(chunk)
                    except OSError as error:
                        sizes[folder] = (total, error.errno)
                    else:
                        sizes[folder] = (total, 0)
                return sizes
            """)
    finally:
        process.kill()
    assert written["/scratch"][0] <= 32 << 20 and written["/scratch"][1] == 28   # ENOSPC
    assert written["/dev/shm"][0] <= 8 << 20 and written["/dev/shm"][1] == 28
    assert written["/tmp"][0] == 0 and written["/tmp"][1] == 30                  # EROFS


@isolated
def test_the_tmpfs_attack_costs_the_attacker_its_cell_and_the_class_nothing(tmp_path):
    """The attack itself, graded: as written (into /tmp) its cell fails on a read-only
    /tmp; aimed at the student's writable folder ($TMPDIR) it fails with "No space left" at
    the cap. Either way relu is then undefined, and the classmate graded next has full marks."""
    sub = tmp_path / "submitted"
    attack = source("relu_tmpfs.py").replace("time.sleep(15)", "")
    aimed = attack.replace('f"/tmp/fill{i}"', 'f"{os.environ[\'TMPDIR\']}/fill{i}"')
    assert aimed != attack
    put(sub, "attacker", M1, attack_notebook(M1, {"relu": attack}))
    put(sub, "attacker2", M1, attack_notebook(M1, {"relu": aimed}))
    bystander(sub)
    graded = grade_all(sub, assignments=[M1.id])
    assert "Read-only file system" in text_of(graded["attacker", M1.id])
    assert "No space left on device" in text_of(graded["attacker2", M1.id])
    assert full_marks(graded["zz_bystander", M1.id])


# -- rule 2: the grader trusts no byte and no time from the student ------------------------

def _scaled(name: str, **replacements: str) -> str:
    text = source(name)
    for old, new in replacements.items():
        assert old in text, f"{old!r} not in {name}"
        text = text.replace(old, new)
    return text


@isolated
def test_a_trickled_frame_cannot_stretch_a_call_past_its_deadline(tmp_path):
    """trickle_bytes_defeats_call_deadline, scaled down: a byte every 2 s against a 3 s call
    limit (the attack: every 20 s against 30 s; two calls took 320 s). One deadline per
    call: each relu_gradient check ends at 3 s, and the classmate is graded promptly."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M1, attack_notebook(M1, {"relu_gradient": _scaled(
        "relu_grad_trickle.py", **{"time.sleep(20)": "time.sleep(2)"})}))
    bystander(sub)
    limits = Limits(call_seconds=3.0)
    start = time.monotonic()
    graded = grade_all(sub, limits, assignments=[M1.id])
    elapsed = time.monotonic() - start
    attacker = statuses(graded["attacker", M1.id])
    relu_gradient = [s for c, s in attacker.items() if c.startswith("relu_gradient.")]
    assert relu_gradient and all(s == "timeout" for s in relu_gradient), attacker
    assert full_marks(graded["zz_bystander", M1.id])
    # unbounded, each check would wait 16 s (8 bytes x 2 s); bounded, 3 s each
    assert elapsed < 3.0 * len(relu_gradient) + 25, elapsed


GRADE_ONE = """
import json, os, resource, sys, time
os.environ["MPLBACKEND"] = "Agg"
sys.path.insert(0, {root!r})
from pathlib import Path
from autograder.grading.grade import grade_submission, grader_fingerprint
from autograder.grading.submissions import find
from autograder.sandbox.process import Limits
import numpy, matplotlib.pyplot, h5py   # what the grader holds anyway, before the peak is read
fp = grader_fingerprint()
rows = {{}}
for sub in find(Path({submitted!r}), assignments=[{assignment!r}]):
    start = resource.getrusage(resource.RUSAGE_SELF)
    result = grade_submission(sub, fp, Limits(**{limits}))
    rows[sub.student_id] = [result.score, result.max_score, {{r.check_id: r.status for r in result.rows}},
                            " ".join(r.message for r in result.rows)]
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: ru_maxrss survives fork and exec (it would be the peak of the pytest
# worker that started this process); VmHWM is this process's own
peak = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1])
print(json.dumps({{"rows": rows, "peak_mib": peak / 1024, "cpu": usage.ru_utime + usage.ru_stime}}))
"""


def grade_in_a_fresh_process(sub: Path, assignment, limits: dict | None = None) -> dict:
    """Grade ``sub`` in a new Python process and report its peak memory and CPU time: the
    grader's own cost, which no student may drive up."""
    code = GRADE_ONE.format(root=str(ROOT), submitted=str(sub), assignment=assignment.id, limits=limits or {})
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@isolated
def test_a_header_bomb_is_refused_before_it_costs_the_grader_memory(tmp_path):
    """json_header_memory_bomb: a 40 MB header of ``[],[],...`` took the grader to 1.95 GB
    before any size check. Now the header's size is checked first: the grader's peak stays
    that of grading an honest notebook, the attacker loses relu_gradient's checks."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M1, attack_notebook(M1, {"relu_gradient": _scaled(
        "relu_grad_jsonbomb.py", **{"time.sleep(60)": "time.sleep(5)"})}))
    bystander(sub)
    report = grade_in_a_fresh_process(sub, M1)
    attacker = report["rows"]["attacker"]
    assert "over the limit" in attacker[3] and attacker[0] < attacker[1], attacker
    assert report["rows"]["zz_bystander"][0] == report["rows"]["zz_bystander"][1]
    assert report["peak_mib"] < 600, report["peak_mib"]


@isolated
def test_arrays_under_new_handle_numbers_are_not_kept_by_the_grader(tmp_path):
    """grader_retains_every_received_array: six ``ref`` frames of a 300 MB array under new
    handle numbers were all kept (1.92 GB), and the attacker still scored 12/12. Now a frame
    over the cap is refused before its buffers are read, and the grader keeps no array a
    student numbered (wire tests: test_the_grader_keeps_no_array_its_peer_numbered...)."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M1, attack_notebook(M1, {"relu": source("relu_handles.py")}))
    bystander(sub)
    report = grade_in_a_fresh_process(sub, M1)
    attacker = report["rows"]["attacker"]
    assert "over the size limit" in attacker[3], attacker[3][:500]
    assert all(s != "passed" for c, s in attacker[2].items() if c.startswith("relu.")), attacker[2]
    assert report["rows"]["zz_bystander"][0] == report["rows"]["zz_bystander"][1]
    assert report["peak_mib"] < 600, report["peak_mib"]


@isolated
def test_slow_helper_cells_share_one_loading_budget(tmp_path):
    """no_total_load_budget, scaled down: three helper cells that each sleep 4 s, under a
    6 s limit per cell (the attack: 40 s under 60 s; 120 s spent, 12/12). Loading has one
    budget for all cells and every restart (here 6 s), and the submission one for
    everything; the notebook is given up once its budget is spent."""
    sub = tmp_path / "submitted"
    slow = _scaled("slow_helper.py", **{"time.sleep(40)": "time.sleep(4)"})
    put(sub, "attacker", M1, attack_notebook(M1, helpers=[slow, slow, slow]))
    bystander(sub)
    limits = Limits(cell_seconds=6.0, load_seconds=6.0)
    start = time.monotonic()
    graded = grade_all(sub, limits, assignments=[M1.id])
    elapsed = time.monotonic() - start
    attacker = graded["attacker", M1.id]
    assert "total time" in text_of(attacker) and attacker.score < attacker.max_score
    assert full_marks(graded["zz_bystander", M1.id])
    assert elapsed < 6.0 + 20, elapsed   # unbounded: 12 s of sleeping per start


@isolated
def test_the_submission_budget_ends_every_remaining_check_at_once(tmp_path):
    """Rule 2 beyond the instance: functions that each loop for their whole call limit
    cannot make a submission cost more than its total budget (here 8 s with 3 s per call);
    the checks after it are reported as stopped by the budget, the classmate is graded."""
    sub = tmp_path / "submitted"
    loop = "import time\ndef {0}(*args, **kwargs):\n    while True:\n        time.sleep(0.01)\n"
    put(sub, "attacker", M1, attack_notebook(M1, {name: loop.format(name) for name in
                                                  ("relu", "predict_price", "sigmoid_gradient", "relu_gradient")}))
    bystander(sub)
    limits = Limits(call_seconds=3.0, submission_seconds=8.0)
    start = time.monotonic()
    graded = grade_all(sub, limits, assignments=[M1.id])
    attacker_seconds = graded["attacker", M1.id].seconds
    assert attacker_seconds < 8.0 + 4.0, attacker_seconds
    messages = [r.message for r in graded["attacker", M1.id].rows if r.status == "timeout"]
    assert any("used up its total time" in m for m in messages), messages
    assert full_marks(graded["zz_bystander", M1.id])
    assert time.monotonic() - start < 60


# -- rule 3: the grader never runs unbounded reference work for a student -----------------

M3 = course.assignment("module3_shallow_network")


@isolated
def test_a_reference_call_that_would_run_for_minutes_costs_the_grader_nothing(tmp_path):
    """reference_runs_unbounded_in_grader (module 2): the attacker's ``model`` made the
    grader's own process run the reference ``optimize`` for 9,000,000 iterations (96 % CPU
    for 97 s while the class waited, and the attacker still scored 100/100). Now the
    reference answers in a process of its own within the student's call's deadline (here
    5 s): the attacker loses ``model``'s checks, the grader's own CPU stays that of honest
    grading, and the classmate has full marks."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M2, attack_notebook(M2, {"model": source("model_hang.py")}))
    bystander(sub, assignments=(M2,))
    report = grade_in_a_fresh_process(sub, M2, {"call_seconds": 5.0})
    attacker = report["rows"]["attacker"]
    model = {c: s for c, s in attacker[2].items() if c.startswith("model.")}
    assert model and "timeout" in model.values() and "passed" not in model.values(), model
    assert "ran past the time limit" in attacker[3]
    assert report["rows"]["zz_bystander"][0] == report["rows"]["zz_bystander"][1]
    assert report["cpu"] < 30, report["cpu"]   # in the grader, the optimize alone: minutes


@isolated
def test_a_reference_call_that_would_take_gigabytes_costs_the_grader_nothing(tmp_path):
    """The same attack on memory (module 3): ``initialize_parameters(12000, 12000, 1)``
    from the attacker's ``nn_model`` took the grader to 1.2 GB. The reference's process has
    the student's memory limit and its answers the wire's size cap: the grader's peak is
    that of honest grading."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M3, attack_notebook(M3, {"nn_model": source("nn_model_mem.py")}))
    bystander(sub, assignments=(M3,))
    report = grade_in_a_fresh_process(sub, M3)
    assert report["rows"]["zz_bystander"][0] == report["rows"]["zz_bystander"][1]
    assert report["peak_mib"] < 600, report["peak_mib"]


# -- rule 4: the speed check measures the student honestly ---------------------------------

def _speed_status(result) -> tuple[str, str]:
    row = next(r for r in result.rows if r.check_id == "propagate.propagate_speed")
    return row.status, row.message


@isolated
def test_garbage_on_the_timed_calls_fails_the_speed_check(tmp_path):
    """speed_check_garbage_until_last: a looped propagate that answers instant garbage on
    every timed call but the last passed, since only the last was compared."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M2, attack_notebook(M2, {"propagate": source("answer_cell_propagate.py")}))
    graded = grade_all(sub, assignments=[M2.id])
    status, message = _speed_status(graded["attacker", M2.id])
    assert status == "failed" and "timed call" in message, message
    others = statuses(graded["attacker", M2.id])
    assert others["propagate.propagate_dw"] == "passed", "the loop is right when untimed"


@isolated
def test_spinners_that_run_only_while_the_baseline_is_timed_cannot_slow_it(tmp_path):
    """speed_check_cpu_contention: a looped propagate started six spinners in sessions of
    their own, stopped them during its own calls and let them run during the baseline's,
    which it slowed enough to look twice as fast. Now every process of the student's is
    stopped while the baseline is timed."""
    sub = tmp_path / "submitted"
    put(sub, "attacker", M2, attack_notebook(M2, {"propagate": source("prop_contention.py")}))
    graded = grade_all(sub, assignments=[M2.id])
    status, message = _speed_status(graded["attacker", M2.id])
    assert status == "failed" and "times faster than a loop" in message, message


GARBAGE_WHEN_WRONG = """
import numpy as np
_calls = {"n": 0}

def propagate(w, b, X, Y):
    \"\"\"Vectorized but wrong (db without its 1/m), and instant garbage on most calls with
    the big training set: a wrong function is judged against its own untimed answers.\"\"\"
    m = X.shape[1]
    if m > 200:
        _calls["n"] += 1
        if _calls["n"] % 3:
            return {"dw": np.zeros_like(w), "db": 0.0}, 0.0
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": np.dot(X, (A - Y).T) / m, "db": float(np.sum(A - Y))}, cost
"""


@isolated
def test_a_wrong_function_is_timed_on_honest_answers_too(tmp_path):
    """Rule 4 beyond the instances: a propagate already found wrong cannot be compared with
    the reference, so its timed answers are compared with its own answers to the same
    inputs, asked again untimed: garbage on some timed calls fails the speed check."""
    sub = tmp_path / "submitted"
    put(sub, "wrong", M2, attack_notebook(M2, {"propagate": GARBAGE_WHEN_WRONG}))
    graded = grade_all(sub, assignments=[M2.id])
    status, message = _speed_status(graded["wrong", M2.id])
    assert status == "failed" and "answered differently from the same call untimed" in message, message


@isolated
def test_a_vectorized_propagate_keeps_its_speed_point_on_a_busy_machine(tmp_path):
    """Rule 4: the defences must not cost an honest student: with two processes outside the
    sandbox spinning on both cores for the whole check, the reference's vectorized
    propagate still passes the speed check."""
    sub = tmp_path / "submitted"
    put(sub, "honest", M2, completed(M2))
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        graded = grade_all(sub, assignments=[M2.id])
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    status, message = _speed_status(graded["honest", M2.id])
    assert status == "passed", message


@isolated
def test_a_sandbox_whose_children_cannot_be_private_serves_one_student_only():
    """Rule 1's fallback: where the kernel refuses a child its own namespaces, the warm
    sandbox says so (``private``), and the grader pays for a fresh sandbox per student
    rather than share one. (Here the answer is overridden after the start: the machine
    itself allows private children, which the first assertion checks.)"""
    first = _process()
    assert first.sandbox.private, "this machine gives each child its own namespaces"
    sandbox = first.sandbox
    first.sandbox.private = False
    first.kill()
    assert not sandbox.alive, "a sandbox that cannot vouch for a clean fork is discarded"
    second = _process()
    try:
        assert second.sandbox is not sandbox and second.sandbox.private
    finally:
        second.kill()


def test_the_sandbox_layer_refuses_to_run_student_code_unisolated_unless_told():
    """Rule 6 below the command line: code that starts a student's process directly (a
    benchmark, a service) is refused too where no bwrap works, unless isolation was turned
    off by choice (AUTOGRADER_ISOLATION=none)."""
    probe = (f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
             "from autograder.sandbox.process import StudentProcess\n"
             "p = StudentProcess(workdir=None)\n"
             "try:\n    p.start()\nexcept Exception as error:\n    print(type(error).__name__, error)\n"
             "else:\n    print('started', p.sandbox.isolated)\n    p.kill()\n")
    env = {**os.environ, "AUTOGRADER_BWRAP": "/bin/false"}
    env.pop("AUTOGRADER_ISOLATION", None)
    refused = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert refused.stdout.startswith("IsolationError student code would run unisolated"), refused
    chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**env, "AUTOGRADER_ISOLATION": "none"})
    assert chosen.stdout.strip() == "started False", chosen
