"""The course's reference in a process of its own (autograder.grading.reference_process):
the same answers and generator states as a call in the grader, and a student's call that
would run or grow without end costs that call, never the grader. Real server processes,
fixed seeds."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from autograder import ROOT
from autograder.grading.reference_process import (
    ReferenceProcess,
    _rebuilt_exception,
    close_reference_processes,
    reference_process,
)
from autograder.reference import load_reference
from autograder.sandbox.process import CallTimeout, Limits, ProcessDied

M2, M3, M4 = "module2_logistic_regression", "module3_shallow_network", "module4_deep_network"


def _soon(seconds: float = 30.0) -> float:
    return time.monotonic() + seconds


def _assert_same(got, expected, where: str = "result") -> None:
    """Equal in type, structure, dtype, shape and every bit of every value."""
    assert type(got) is type(expected), f"{where}: {type(got).__name__} instead of {type(expected).__name__}"
    if isinstance(expected, np.ndarray):
        assert (got.dtype, got.shape) == (expected.dtype, expected.shape), where
        np.testing.assert_array_equal(got, expected, err_msg=where)
    elif isinstance(expected, dict):
        assert list(got) == list(expected), f"{where}: keys {list(got)} instead of {list(expected)}"
        for key in expected:
            _assert_same(got[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, (list, tuple)):
        assert len(got) == len(expected), where
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            _assert_same(g, e, f"{where}[{i}]")
    elif isinstance(expected, (float, np.floating)) and np.isnan(expected):
        assert np.isnan(got), where
    else:
        assert got == expected, f"{where}: {got!r} instead of {expected!r}"


def _assert_same_generator_state(expected: tuple) -> None:
    state = np.random.get_state()
    assert state[0] == expected[0] and state[2:] == expected[2:], "the generator's position differs"
    np.testing.assert_array_equal(state[1], expected[1], err_msg="the generator's keys differ")


def _compare_with_in_process(server: ReferenceProcess, reference: dict, name: str, seed: int, *args) -> None:
    """``name(*args)`` through the server and here, each from the generator seeded with ``seed``."""
    np.random.seed(seed)
    expected = reference[name](*args)
    state_after = np.random.get_state()
    np.random.seed(seed)
    got = server.call(name, args, {}, _soon())
    _assert_same(got, expected, name)
    _assert_same_generator_state(state_after)


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item)


def test_answers_and_generator_states_are_those_of_calls_in_the_grader():
    rng = np.random.default_rng(20261201)
    m2, m3, m4 = (ReferenceProcess(a, Limits()) for a in (M2, M3, M4))
    r2, r3, r4 = (load_reference(a) for a in (M2, M3, M4))
    try:
        for trial in range(3):
            n, m = int(rng.integers(2, 9)), int(rng.integers(3, 12))
            w, b = rng.normal(size=(n, 1)), float(rng.normal())
            X, Y = rng.normal(size=(n, m)), (rng.uniform(size=(1, m)) > 0.5).astype(float)
            _compare_with_in_process(m2, r2, "sigmoid", trial, rng.normal(0, 4, size=(3, 4)))
            _compare_with_in_process(m2, r2, "propagate", trial, w, b, X, Y)
            _compare_with_in_process(m2, r2, "optimize", trial, w, b, X, Y, 30, 0.01)
            _compare_with_in_process(m2, r2, "initialize_with_zeros", trial, n)

            # draws from the global generator without seeding it: the caller's state goes along
            _compare_with_in_process(m3, r3, "initialize_parameters", 100 + trial, n, 4, 1)
            np.random.seed(100 + trial)
            parameters = r3["initialize_parameters"](n, 4, 1)
            _compare_with_in_process(m3, r3, "forward_propagation", trial, X, parameters)
            A2, cache = r3["forward_propagation"](X, parameters)
            _compare_with_in_process(m3, r3, "compute_cost", trial, A2, Y)
            _compare_with_in_process(m3, r3, "backward_propagation", trial, parameters, cache, X, Y)

            dims = [n, int(rng.integers(2, 6)), int(rng.integers(2, 5)), 1]
            _compare_with_in_process(m4, r4, "initialize_parameters_deep", 200 + trial, dims)
            deep = r4["initialize_parameters_deep"](dims)
            _compare_with_in_process(m4, r4, "L_model_forward", trial, X, deep)
            AL, caches = r4["L_model_forward"](X, deep)
            _compare_with_in_process(m4, r4, "L_model_backward", trial, AL, Y, caches)

        # draws one after another, and draws of the caller's own between them: the state
        # goes along only when the other side does not have it, and is right either way
        for draws_between in (False, True, False):
            def sequence(initialize):
                np.random.seed(7)
                values = []
                for _ in range(3):
                    values.append(initialize(4, 3, 1))
                    if draws_between:
                        values.append(np.random.rand())
                return values, np.random.get_state()
            expected, state_after = sequence(r3["initialize_parameters"])
            got, _ = sequence(lambda *args: m3.call("initialize_parameters", args, {}, _soon()))
            _assert_same(got, expected, "drawing calls in a row")
            _assert_same_generator_state(state_after)
    finally:
        for server in (m2, m3, m4):
            server.close()


def test_the_caller_gets_fresh_writable_copies_and_its_arguments_stay_its_own():
    server = ReferenceProcess(M4, Limits())
    try:
        rng = np.random.default_rng(3)
        X = rng.normal(size=(40, 500))   # over the wire's sharing size: it goes by handle
        parameters = load_reference(M4)["initialize_parameters_deep"]([40, 3, 1])
        kept = {k: v.copy() for k, v in parameters.items()}
        AL, caches = server.call("L_model_forward", (X, parameters), {}, _soon())
        arguments = [X, *parameters.values()]
        for array in _arrays((AL, caches)):
            assert array.flags.writeable, "a result the caller cannot change is not what a call here gives"
            assert not any(np.shares_memory(array, a) for a in arguments), "a result aliases an argument"
        caches[0][0][0][:] = 1.0        # (the cache's A_prev: X as the server saw it)
        assert not (X == 1.0).all() and all(np.array_equal(parameters[k], kept[k]) for k in kept)
    finally:
        server.close()


def test_an_exception_of_the_reference_is_raised_in_the_caller_with_its_type_in_one_line():
    server = ReferenceProcess(M2, Limits())
    try:
        with pytest.raises(ValueError) as raised:   # X of 3 features, w of 5
            server.call("propagate", (np.zeros((5, 1)), 0.0, np.ones((3, 4)), np.ones((1, 4))), {}, _soon())
        message = str(raised.value)
        assert message.startswith("ValueError: ") and "\n" not in message and len(message) <= 200
        with pytest.raises(KeyError, match="no 'no_such_function'.*propagate"):
            server.call("no_such_function", (), {}, _soon())
        with pytest.raises(TypeError, match="^TypeError: "):   # a student's string for an array
            server.call("sigmoid", ("z",), {}, _soon())
        assert server.call("sigmoid", (0.0,), {}, _soon()) == 0.5, "an exception must not end the server"
    finally:
        server.close()


def test_exceptions_that_are_not_builtin_arrive_as_runtime_errors():
    assert type(_rebuilt_exception("LinAlgError", "LinAlgError: Singular matrix")) is RuntimeError
    assert type(_rebuilt_exception("SystemExit", "SystemExit: 1")) is RuntimeError   # not an Exception
    assert type(_rebuilt_exception("UnicodeDecodeError", "UnicodeDecodeError: ...")) is RuntimeError
    assert type(_rebuilt_exception("MemoryError", "MemoryError: ...")) is MemoryError


def test_a_reference_past_its_deadline_is_killed_and_the_next_call_starts_again():
    server = ReferenceProcess(M2, Limits())
    rng = np.random.default_rng(9)
    w, X, Y = np.zeros((6, 1)), rng.normal(size=(6, 20)), (rng.uniform(size=(1, 20)) > 0.5).astype(float)
    try:
        began = time.monotonic()
        with pytest.raises(CallTimeout) as raised:   # cold: the start-up is not the student's time
            server.call("optimize", (w, 0.0, X, Y), {"num_iterations": 9_000_000}, time.monotonic() + 2.0)
        took = time.monotonic() - began
        assert 2.0 + server.start_seconds - 0.1 <= took <= 2.0 + server.start_seconds + 1.5, \
            f"{took:.2f} s for a 2 s deadline and a {server.start_seconds:.2f} s start-up"
        message = str(raised.value)
        assert "optimize" in message and "num_iterations=9000000" in message and "time limit" in message
        assert server.pid is None, "the server that ran past the deadline must be gone"

        began = time.monotonic()
        _assert_same(server.call("optimize", (w, 0.0, X, Y), {"num_iterations": 5}, _soon()),
                     load_reference(M2)["optimize"](w, 0.0, X, Y, num_iterations=5))
        assert server.pid is not None
        warm = server.pid
        began = time.monotonic()
        with pytest.raises(CallTimeout):   # warm: the deadline alone
            server.call("optimize", (w, 0.0, X, Y), {"num_iterations": 9_000_000}, time.monotonic() + 2.0)
        assert time.monotonic() - began <= 3.5
        with pytest.raises(ProcessLookupError):
            os.kill(warm, 0)
    finally:
        server.close()


_MEMORY_PROBE = """
import json, resource, sys, time
from autograder.grading.reference_process import ReferenceProcess
from autograder.sandbox.process import Limits
limits = Limits(memory_bytes=int(sys.argv[1]))
server = ReferenceProcess("module3_shallow_network", limits)
outcome = {}
try:
    server.call("initialize_parameters", (int(sys.argv[2]), int(sys.argv[2]), 1), {}, time.monotonic() + 60)
    outcome["error"] = None
except Exception as error:
    outcome.update(error=type(error).__name__, message=str(error))
outcome["next"] = sorted(server.call("initialize_parameters", (3, 2, 1), {}, time.monotonic() + 60))
# VmHWM, not ru_maxrss: ru_maxrss survives fork and exec, so it would report the peak of
# whatever process started this one (a pytest worker grown large), not this process's own
outcome["maxrss_bytes"] = int(next(line for line in open("/proc/self/status")
                                   if line.startswith("VmHWM:")).split()[1]) * 1024
server.close()
print(json.dumps(outcome))
"""


@pytest.mark.parametrize("memory_bytes, n, how", [
    (1 << 30, 12000, "Unable to allocate"),  # 1.1 GB: the server's address space refuses it
    (2 << 30, 8000, "answer was refused"),   # 512 MB: the server makes it, the grader refuses it
])
def test_an_answer_too_big_costs_the_call_and_not_the_graders_memory(memory_bytes, n, how):
    answer_bytes = n * n * 8
    # a process of its own, so that no other test's arrays count in its peak
    done = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(memory_bytes), str(n)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["error"] == "MemoryError" and how in outcome["message"], outcome
    assert outcome["next"] == ["W1", "W2", "b1", "b2"], "the next call must work"
    assert outcome["maxrss_bytes"] < min(answer_bytes // 2, 256 << 20), \
        f"the grader's peak is {outcome['maxrss_bytes'] >> 20} MiB for a {answer_bytes >> 20} MiB answer"


def _wait_dead(pid: int) -> None:
    """Until ``pid`` has exited, without reaping it (its Popen does that)."""
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)


def test_a_server_killed_between_calls_costs_a_restart_and_during_a_call_that_call():
    server = ReferenceProcess(M3, Limits())
    reference = load_reference(M3)
    try:
        _compare_with_in_process(server, reference, "initialize_parameters", 1, 5, 4, 1)
        first = server.pid
        os.kill(first, signal.SIGKILL)
        _wait_dead(first)
        _compare_with_in_process(server, reference, "initialize_parameters", 2, 5, 4, 1)
        second = server.pid
        assert second not in (None, first)

        threading.Timer(0.5, os.kill, (second, signal.SIGKILL)).start()
        X = np.random.default_rng(0).normal(size=(2, 50))
        Y = (X[:1] > 0).astype(float)
        with pytest.raises(ProcessDied, match="nn_model.*SIGKILL"):
            server.call("nn_model", (X, Y, 4), {"num_iterations": 9_000_000}, _soon(60))
        _compare_with_in_process(server, reference, "initialize_parameters", 3, 5, 4, 1)
        assert server.pid not in (None, first, second)
    finally:
        server.close()


def test_a_server_inherited_across_fork_is_left_to_the_parent():
    limits = Limits(call_seconds=29.0)   # limits of this test's own: a server of its own
    server = reference_process(M3, limits)
    assert reference_process(M3, limits) is server, "one warm server per process, thread and limits"
    assert reference_process(M3, Limits(call_seconds=28.0)) is not server
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    try:
        expected = server.call("sigmoid", (z,), {}, _soon())
        parents = server.pid
        read, write = os.pipe()
        child = os.fork()
        if child == 0:   # the child: must use servers of its own, and leave the parent's alone
            try:
                direct = server.call("sigmoid", (z,), {}, _soon())   # the inherited object itself
                pids = [server.pid]
                again = reference_process(M3, limits)
                result = again.call("sigmoid", (z,), {}, _soon())
                report = {"new_object": again is not server, "pids": pids + [again.pid],
                          "same": bool(np.array_equal(result, expected) and np.array_equal(direct, expected))}
                close_reference_processes()
                server.close()
            except BaseException as error:  # noqa: BLE001 (the forked child reports anything to the parent)
                report = {"error": repr(error)}
            os.write(write, json.dumps(report).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            report = json.loads(pipe.read())
        os.waitpid(child, 0)
        assert report.get("new_object") and report.get("same"), report
        assert parents not in report["pids"], "the child used its parent's server"
        assert server.pid == parents, "the child ended its parent's server"
        np.testing.assert_array_equal(server.call("sigmoid", (z,), {}, _soon()), expected)
        holder: list = []
        worker = threading.Thread(target=lambda: holder.append(reference_process(M3, limits)))
        worker.start()
        worker.join()
        assert holder[0] is not server, "each thread has its own server"
    finally:
        close_reference_processes()


class _CountingSocket:
    """A socket that counts the bytes sent through it."""

    def __init__(self, sock):
        self.sock, self.sent = sock, 0

    def sendall(self, data) -> None:
        self.sent += len(data)
        self.sock.sendall(data)

    def __getattr__(self, name):
        return getattr(self.sock, name)


def test_a_large_array_sent_again_goes_by_handle_and_is_forgotten_when_dropped():
    server = ReferenceProcess(M2, Limits())
    reference = load_reference(M2)
    rng = np.random.default_rng(5)
    w, Y = rng.normal(0, 0.01, size=(400, 1)), (rng.uniform(size=(1, 300)) > 0.5).astype(float)
    try:
        server.start()
        counting = server.server.sock = _CountingSocket(server.server.sock)
        X = rng.normal(size=(400, 300))   # 960 kB, as the cat data in a training loop
        for call in range(3):
            before = counting.sent
            _compare_with_in_process(server, reference, "propagate", 0, w, 0.5, X, Y)
            sent = counting.sent - before
            assert (sent > X.nbytes) if call == 0 else (sent < X.nbytes // 10), f"call {call} sent {sent} bytes"
        before = counting.sent
        server.call("sigmoid", (0.0,), {}, _soon())
        assert counting.sent - before < 1000, "a generator state the server has must not be sent again"
        for _ in range(5):   # new arrays, often at the address of the last one
            del X
            X = rng.normal(size=(400, 300))
            _compare_with_in_process(server, reference, "propagate", 0, w, 0.5, X, Y)
        # (wire.encode's recursive closures form a cycle that holds the last message's
        # buffers until the next collection: only then is the last X really gone)
        del X
        gc.collect()
        X = rng.normal(size=(400, 300))
        _compare_with_in_process(server, reference, "propagate", 0, w, 0.5, X, Y)
        handles = server.server.handles
        assert list(handles.by_handle.values())[0]() is X and len(handles.by_handle) == 1, \
            "arrays the caller dropped are still numbered"
        assert handles.bytes == X.nbytes
    finally:
        server.close()


def _proc_limits(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/limits") as table:
        return {line[:26].strip(): line[26:47].strip() for line in table.read().splitlines()[1:]}


def test_the_server_runs_under_the_limits_with_one_blas_thread_and_no_display():
    limits = Limits(memory_bytes=1536 << 20, cpu_seconds=321)
    server = ReferenceProcess(M3, limits)
    try:
        server.start()
        table = _proc_limits(server.pid)
        assert table["Max address space"] == str(1536 << 20) and table["Max cpu time"] == "321"
        assert table["Max core file size"] == "0"
        with open(f"/proc/{server.pid}/environ", "rb") as environ:
            variables = dict(v.split(b"=", 1) for v in environ.read().split(b"\0") if b"=" in v)
        assert variables[b"OPENBLAS_NUM_THREADS"] == b"1" and variables[b"MPLBACKEND"] == b"Agg"
        assert os.getpgid(server.pid) == server.pid, "the server must lead a process group of its own"
    finally:
        server.close()


def test_a_warm_server_near_its_cpu_backstop_is_replaced_before_a_call_that_could_reach_it():
    server = ReferenceProcess(M3, Limits(cpu_seconds=100))
    X = np.random.default_rng(2).normal(size=(2, 40))
    Y = (X[:1] > 0).astype(float)
    try:
        server.call("nn_model", (X, Y, 4), {"num_iterations": 3000}, _soon())
        first, used = server.pid, server.server.cpu
        assert 0 < used < 100, f"the server reports {used} CPU seconds"
        server.call("nn_model", (X, Y, 4), {"num_iterations": 3000}, _soon())
        assert server.server.cpu > used, "the CPU seconds must grow with the work"

        server.server.cpu = 90.0   # as if it had answered many calls before
        server.call("sigmoid", (0.0,), {}, time.monotonic() + 5.0)   # 90 + 5 s: under the backstop
        assert server.pid == first
        server.server.cpu = 90.0   # (the answer said how much it really used)
        server.call("sigmoid", (0.0,), {}, time.monotonic() + 20.0)  # 90 + 20 s: it could reach it
        assert server.pid not in (None, first) and server.server.cpu < 90.0
    finally:
        server.close()


_ORPHANING_GRADER = """
import sys, time
import numpy as np
from autograder.grading.reference_process import ReferenceProcess
from autograder.sandbox.process import Limits
server = ReferenceProcess("module2_logistic_regression", Limits())
server.start()
print(server.pid, flush=True)
X = np.ones((4, 10))
server.call("optimize", (np.zeros((4, 1)), 0.0, X, X[:1]), {"num_iterations": 9_000_000}, time.monotonic() + 300)
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")   # a zombie: ended
    except FileNotFoundError:
        return True


def test_a_server_ends_soon_after_its_grader_is_killed_in_the_middle_of_a_call():
    grader = subprocess.Popen([sys.executable, "-c", _ORPHANING_GRADER], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        pid = int(grader.stdout.readline())
        time.sleep(0.5)   # the call is running
        assert not _gone(pid)
        grader.kill()
        grader.wait()
        ended = time.monotonic() + 5.0
        while not _gone(pid) and time.monotonic() < ended:
            time.sleep(0.1)
        assert _gone(pid), "the server kept running its call for a grader that is gone"
    finally:
        grader.kill()
        grader.wait()
