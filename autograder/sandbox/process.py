"""The grader's side of a student's process: start it, limit it, talk to it, end it.

Each submission's code runs in its own process (``autograder.sandbox.worker``), forked in
a new session from a warm sandbox (``autograder.sandbox.zygote``) that has the resource
limits and the isolation; every call has a time limit measured here, in the grader, where
the student's code cannot reach the clock. A process that times out, crashes or exits is
ended with everything it started and forked again for the next check.
"""

from __future__ import annotations

import atexit
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder import ROOT
from autograder.config import GradingConfig
from autograder.errors import CheckTimeout, StudentError
from autograder.safe_text import clean_message
from autograder.sandbox import isolation, wire
from autograder.sandbox.zygote import SCRATCH

# The limits of a student's process and of a submission are the grading config
# (autograder/config.py: its defaults, the course's nbgrader_config.py, --limit); the name
# Limits stays for the code and tests that speak of a process's limits.
Limits = GradingConfig
# A call past its deadline: the shared CheckTimeout, by the name the sandbox's callers import from here.
CallTimeout = CheckTimeout


class BudgetSpent(CallTimeout):
    """The submission's total time (Limits.submission_seconds) is used up."""


# How the grader answers a student's call of another graded function: (name, args, kwargs,
# the call's deadline) -> the reference's result; raises CallTimeout past the deadline.
Reference = Callable[[str, tuple[Any, ...], dict[str, Any], float], Any]


class GraderFault(Exception):
    """The grader itself failed while answering a student's process (its reference does not
    load, say): not the student's fault, so it is never handed to the student's code."""


class ProcessDied(StudentError):
    """The student's process ended (os._exit, a crash, the memory limit)."""


def _matplotlib_cache() -> str | None:
    """Matplotlib's cache folder, with its font list built, for students' processes to read."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 (builds the font cache if missing)

        return matplotlib.get_cachedir()
    except Exception:  # noqa: BLE001 (no matplotlib, or a cache it cannot build: the processes go without)
        return None


def _child_env(isolated: bool) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    home = SCRATCH if isolated else "/tmp"   # inside the sandbox only /scratch is writable
    env.update(HOME=home, TMPDIR=home)
    cache = _matplotlib_cache()
    if cache:
        env["MPLCONFIGDIR"] = cache
    # one BLAS thread per student process: grading runs many in parallel, and threads
    # would multiply the address space each one reserves
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               PYTHONPATH=str(ROOT))
    return env


def _set_limits(limits: Limits) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


class WarmSandbox:
    """The grader's side of a warm sandbox (:mod:`autograder.sandbox.zygote`).

    One per grading thread and set of limits, started on first use and kept: each
    submission's process is forked from it instead of started from nothing. Whenever it
    cannot vouch that the last child left nothing behind, stops answering, or cannot give
    its children namespaces of their own (``private`` false), it is thrown away whole (its
    PID namespace ends with it) and the next use starts a new one.
    """

    START_SECONDS = 120.0   # the first answer waits for the imports (a loaded machine is slow)
    ANSWER_SECONDS = 10.0   # any later answer

    def __init__(self, limits: Limits) -> None:
        self.limits, self.owner = limits, os.getpid()
        found = isolation.detect()
        if found.kind == "unavailable":   # unisolated only by choice (AUTOGRADER_ISOLATION=none)
            raise isolation.IsolationError(f"student code would run unisolated: {found.detail}")
        self.isolated = found.isolated
        self.private = False   # known from the first spawn's answer
        parent, child = socket.socketpair()
        env = _child_env(self.isolated)
        # -P: no script folder or working directory on sys.path, only the course's own paths
        command = isolation.wrap([sys.executable, "-P", "-m", "autograder.sandbox.zygote", str(child.fileno()),
                                  "isolated" if self.isolated else "plain"], None, env)
        self.stderr = tempfile.TemporaryFile(prefix="sandbox-stderr-")
        self.process = subprocess.Popen(
            command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.stderr, cwd="/", env=env, start_new_session=True,
            preexec_fn=_set_limits(limits))
        child.close()
        self.sock: socket.socket | None = parent
        self.started = False

    @property
    def alive(self) -> bool:
        return self.sock is not None and self.process.poll() is None

    def request(self, message: dict[str, Any], fds: Sequence[int] = (),
                timeout: float | None = None) -> dict[str, Any]:
        """Send one request and wait for its answer; a broken sandbox is discarded."""
        sock = self.sock
        if sock is None or not self.alive:   # (alive: a socket, and the process running)
            raise ProcessDied("the sandbox has ended")
        deadline = time.monotonic() + (timeout or (self.ANSWER_SECONDS if self.started else self.START_SECONDS))
        try:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            socket.send_fds(sock, [b"\0"], list(fds))
            wire.send(sock, message, deadline=deadline)
            # (the zygote answers with a dict; wire.receive is typed Any, as it carries student data)
            reply: dict[str, Any] = wire.receive(sock, caps=self.limits.student_caps(), deadline=deadline)
            self.started = True
            return reply
        except (OSError, wire.WireError) as error:
            why = self.why_gone() or f"{type(error).__name__}: {error}"
            self.discard()
            raise ProcessDied(f"the sandbox stopped answering ({why})") from None

    def why_gone(self) -> str:
        """The last line the sandbox wrote to its stderr (its own failure), if any."""
        try:
            self.stderr.seek(0)
            lines = self.stderr.read()[-2000:].decode(errors="replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1][:200] if lines else ""

    def discard(self) -> None:
        """End the sandbox and everything in it."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.owner != os.getpid():
            return   # a copy inherited by a forked process: the sandbox is its parent's
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.stderr.close()


_SANDBOXES: dict[tuple[int, str, Limits], WarmSandbox] = {}   # (thread, role, limits)


def warm_sandbox_for(limits: Limits, role: str) -> WarmSandbox:
    """The warm sandbox of this process and thread for these limits (``role`` keeps the
    speed check's baseline apart from students' code)."""
    for key in [k for k, z in _SANDBOXES.items() if z.owner != os.getpid()]:
        _SANDBOXES.pop(key).discard()   # inherited through fork: not ours to use
    key = (threading.get_ident(), role, limits)   # the whole config (frozen, hashable): no limit forgotten
    sandbox = _SANDBOXES.get(key)
    if sandbox is None or not sandbox.alive:
        if sandbox is not None:
            sandbox.discard()
        sandbox = _SANDBOXES[key] = WarmSandbox(limits)
    return sandbox


@atexit.register
def discard_sandboxes() -> None:
    while _SANDBOXES:
        _SANDBOXES.popitem()[1].discard()


@dataclass
class StudentProcess:
    """One student's process, forked by the warm sandbox, and the socket to it.

    ``files``: the submission folder's files ([relative path, bytes]) that the process
    gets a private copy of inside the sandbox; ``workdir``: the folder itself, where it
    works when nothing isolates it. ``deadline``: the submission's budget, an instant of
    ``time.monotonic()`` that no call, load or answer of the reference may pass.
    """
    limits: Limits = field(default_factory=Limits)
    workdir: str | None = None
    role: str = "student"
    files: list[list[Any]] = field(default_factory=list)
    deadline: float | None = None
    sandbox: WarmSandbox | None = None
    pid: int | None = None       # in the sandbox's PID namespace
    sock: socket.socket | None = None
    handles: wire.Handles = field(default_factory=wire.Handles)
    stderr_path: str | None = None
    printed: str = ""            # what the last call printed (its start)
    code: int | None = None      # its exit code, once known

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> None:
        for attempt in range(2):   # a sandbox found dead is replaced once
            sandbox = warm_sandbox_for(self.limits, self.role)
            parent, child = socket.socketpair()
            handle, stderr_path = tempfile.mkstemp(prefix="student-stderr-")
            try:
                reply = sandbox.request({"op": "spawn", "scratch_bytes": self.limits.scratch_bytes,
                                         "shm_bytes": self.limits.shm_bytes},
                                        fds=[child.fileno(), handle])
            except ProcessDied:
                parent.close()
                os.unlink(stderr_path)
                if attempt:
                    raise
                continue
            finally:
                child.close()
                os.close(handle)
            break
        sandbox.private = bool(reply.get("private"))
        self.sandbox, self.pid, self.sock, self.stderr_path = sandbox, int(reply["pid"]), parent, stderr_path
        self.handles, self.code = wire.Handles(issue=True, max_bytes=self.limits.handle_bytes), None
        workdir = os.path.abspath(self.workdir or tempfile.gettempdir())
        # the files come from here, not through the warm sandbox, so its memory never holds them
        self._send({"op": "setup", "files": self.files if sandbox.isolated else None, "workdir": workdir},
                   "preparing your process")
        self._receive(self._deadline(self.limits.call_seconds), "preparing your process")

    @property
    def alive(self) -> bool:
        if self.sock is None or self.sandbox is None or self.code is not None:
            return False
        try:
            self.code = self.sandbox.request({"op": "status", "pid": self.pid, "timeout": 0})["code"]
        except ProcessDied:
            return False
        return self.code is None

    def stop(self) -> None:
        """End the process and everything it started."""
        self.kill()

    def kill(self) -> None:
        sandbox = self.sandbox
        if sandbox is not None and self.pid is not None:
            try:
                reply = sandbox.request({"op": "end", "pid": self.pid})
                self.code = reply.get("code") if self.code is None else self.code
                if not reply.get("clean") or (sandbox.isolated and not sandbox.private):
                    sandbox.discard()   # something of this student's may remain: no reuse
            except ProcessDied:
                pass                    # the sandbox, and so the process, is gone
            if not sandbox.isolated and sandbox.sock is None:
                try:                    # no PID namespace: its pid is the host's
                    os.killpg(self.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if self.sock is not None:
            self.sock.close()
        if self.stderr_path:
            try:
                os.unlink(self.stderr_path)
            except OSError:
                pass
        self.sandbox, self.pid, self.sock, self.stderr_path = None, None, None, None

    def freeze(self, frozen: bool) -> None:
        """Stop (or continue) every process of this student's, e.g. while the speed
        check times the baseline, so nothing of theirs can compete with it for the CPU."""
        if self.sandbox is not None:
            self.sandbox.request({"op": "freeze" if frozen else "thaw"})

    def exit_code(self, timeout: float) -> int | None:
        if self.code is None and self.sandbox is not None and self.pid is not None:
            try:
                self.code = self.sandbox.request({"op": "status", "pid": self.pid, "timeout": timeout},
                                                 timeout=timeout + 10)["code"]
            except ProcessDied:
                pass
        return self.code

    def why_dead(self) -> str:
        """How the process ended, in a student's words."""
        code = self.exit_code(timeout=5)
        tail = ""
        if self.stderr_path and os.path.exists(self.stderr_path):
            with open(self.stderr_path, "rb") as err:
                err.seek(max(0, os.path.getsize(self.stderr_path) - 2000))
                lines = [line for line in err.read().decode(errors="replace").strip().splitlines()
                         if not line.startswith("Fontconfig")]   # matplotlib's harmless font noise
            tail = f" ({lines[-1][:160]})" if lines else ""
        if code is None and (self.sandbox is None or not self.sandbox.alive):
            return "the sandbox running your code was ended (by your code?)" + tail
        if code is None:
            return "the process stopped answering" + tail
        if code < 0:
            name = signal.Signals(-code).name
            cause = {"SIGSEGV": "a crash (segmentation fault)", "SIGKILL": "it was killed (memory?)",
                     "SIGXCPU": "the CPU time limit"}.get(name, name)
            return f"the process running your code ended with {cause}" + tail
        if "MemoryError" in tail:
            return f"the process ran out of memory (limit {self.limits.memory_bytes >> 20} MiB)" + tail
        return f"the process running your code exited with status {code}" + tail

    # -- time --------------------------------------------------------------------------
    def _deadline(self, seconds: float) -> float:
        """``seconds`` from now, or the submission's budget if that ends first."""
        own = time.monotonic() + seconds
        return own if self.deadline is None else min(own, self.deadline)

    def _timed_out(self, what: str) -> CallTimeout:
        if self.deadline is not None and time.monotonic() >= self.deadline - 0.01:
            return BudgetSpent(f"{what} was stopped: this submission used up its total time "
                               f"({self.limits.submission_seconds:g} s for loading, restarts and checks)")
        return CallTimeout(f"{what} did not finish within the time limit; look for an endless "
                           "loop or far too many iterations")

    # -- talking -----------------------------------------------------------------------
    def _receive(self, deadline: float, what: str) -> Any:
        """One message from the student's process, before the absolute ``deadline``."""
        sock = self.sock
        assert sock is not None, "the process is talked to only between start() and kill()"
        try:
            return wire.receive(sock, self.handles, self.limits.student_caps(), deadline)
        except TimeoutError:
            self.kill()
            raise self._timed_out(what) from None
        except wire.PeerGone:
            reason = self.why_dead()
            self.kill()
            raise ProcessDied(f"{what}: {reason}") from None
        except wire.WireError as error:
            self.kill()
            raise ProcessDied(f"{what}: the process broke the grading protocol ({error})") from None

    def _send(self, message: dict[str, Any], what: str, handles: bool = True, deadline: float | None = None) -> None:
        sock = self.sock
        assert sock is not None, "the process is talked to only between start() and kill()"
        try:
            wire.send(sock, message, self.handles if handles else None,
                      deadline=deadline or self._deadline(self.limits.call_seconds))
        except TimeoutError:
            self.kill()
            raise self._timed_out(what) from None
        except OSError:
            reason = self.why_dead()
            self.kill()
            raise ProcessDied(f"{what}: {reason}") from None

    def load(self, cells: list[tuple[str, str]], seconds: float | None = None) -> list[tuple[str, str]]:
        """Execute the submission's cells, within ``seconds`` (default: one cell's limit);
        the (label, error) of each cell that raised."""
        deadline = self._deadline(self.limits.cell_seconds if seconds is None else seconds)
        self._send({"op": "load", "cells": [list(c) for c in cells]}, "loading your notebook", deadline=deadline)
        reply = self._receive(deadline, "running the cell")
        return [tuple(e) for e in reply.get("errors", [])]

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deps: list[str], reference: Reference,
             random: list[str] | None = None) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
        """Call ``name`` in the student's process, answering its calls of ``deps`` with
        ``reference(dep, args, kwargs, deadline)``; returns (result, args after, kwargs after).

        One deadline covers the whole call: the student's work, every message, and every
        answer of the reference it asks for. NumPy's global generator is handed over at the
        start and the end of the call, and around the calls of the deps in ``random`` (all
        deps when None): those that may draw numbers (handing it over costs about a quarter
        of a round trip)."""
        deadline = self._deadline(self.limits.call_seconds)
        self.printed = ""
        random = list(deps) if random is None else [d for d in deps if d in random]
        self._send({"op": "call", "name": name, "args": tuple(args), "kwargs": dict(kwargs),
                    "deps": list(deps), "random": random, "np_random": np.random.get_state()}, name,
                   deadline=deadline)
        value = self._converse(name, deadline, deps, reference, random)
        after = self._receive(deadline, name)
        if not isinstance(after, dict) or not isinstance(after.get("args"), tuple):
            self.kill()
            raise ProcessDied(f"{name}: the process broke the grading protocol")
        return value, after["args"], after.get("kwargs") or {}

    def stash(self, args: tuple[Any, ...]) -> None:
        """Send arguments once for :meth:`call_stashed` (a timed loop must not copy X each time)."""
        deadline = self._deadline(self.limits.call_seconds)
        self._send({"op": "stash", "args": tuple(args)}, "preparing the speed check", deadline=deadline)
        self._receive(deadline, "preparing the speed check")

    def call_stashed(self, name: str, first: Any, deps: list[str],
                     reference: Reference, random: list[str] | None = None) -> Any:
        """Call ``name(first, *stashed[1:])``; the result only."""
        deadline = self._deadline(self.limits.call_seconds)
        random = list(deps) if random is None else [d for d in deps if d in random]
        self._send({"op": "call_stashed", "name": name, "first": first, "deps": list(deps),
                    "random": random}, name, deadline=deadline)
        return self._converse(name, deadline, deps, reference, random)

    def _converse(self, name: str, deadline: float, deps: list[str],
                  reference: Reference, random: list[str]) -> Any:
        """Answer the process's calls of the reference until it returns or raises."""
        while True:
            reply = self._receive(deadline, name)
            op = reply.get("op") if isinstance(reply, dict) else None
            if op == "ref":
                dep = reply.get("name")
                if dep not in deps:  # only the dependencies of this call, nothing else
                    self._send({"op": "ref_raised", "type": "PermissionError",
                                "message": f"{str(dep)[:60]} cannot be called here"}, name, deadline=deadline)
                    continue
                _adopt_np_random_state(reply.get("np_random"))
                try:
                    value = reference(dep, reply.get("args", ()), reply.get("kwargs", {}), deadline)
                except CallTimeout as timeout:
                    self.kill()
                    spent = self._timed_out(name)
                    if isinstance(spent, BudgetSpent):
                        raise spent from None
                    raise CallTimeout(f"{name}: {timeout}") from None   # (it names the reference's call)
                except GraderFault:
                    self.kill()
                    raise
                except Exception as error:  # noqa: BLE001 (the reference's failure on the student's arguments is theirs)
                    self._send({"op": "ref_raised", "type": type(error).__name__,
                                "message": clean_message(error, 200),
                                "np_random": np.random.get_state() if dep in random else None}, name,
                               deadline=deadline)
                    continue
                self._send({"op": "ref_result", "value": value,
                            "np_random": np.random.get_state() if dep in random else None}, name,
                           deadline=deadline)
            elif op == "result":
                _adopt_np_random_state(reply.get("np_random"))
                self.printed = str(reply.get("printed") or "")
                return reply.get("value")
            elif op == "raised":
                _adopt_np_random_state(reply.get("np_random"))
                self.printed = str(reply.get("printed") or "")
                error_type, message = str(reply.get("type"))[:60], str(reply.get("message"))[:300]
                raise StudentError(_explain(name, error_type, message))
            else:
                self.kill()
                raise ProcessDied(f"{name}: the process broke the grading protocol")


def _adopt_np_random_state(state: Any) -> None:
    """Take over the student's process's global NumPy generator state (see worker.py)."""
    if isinstance(state, (tuple, list)) and len(state) == 5:
        try:
            np.random.set_state((str(state[0]), np.asarray(state[1], dtype=np.uint32),
                                 int(state[2]), int(state[3]), float(state[4])))
        except (TypeError, ValueError):
            pass


def _explain(name: str, error_type: str, message: str) -> str:
    """A student's exception as one line, with the likely cause where it is typical."""
    if error_type == "NotImplementedError":
        return f"{name} is not written yet (it raises NotImplementedError)."
    if error_type == "NotDefined":
        return (f"{name} is not defined in your notebook: keep the function's name and its cell, "
                "and check that the cell runs without errors.")
    text = f"{name} raised {error_type}: {message}"
    if error_type == "NameError":
        text += (" — the function uses a name that is defined only elsewhere in your notebook "
                 "(a global variable?); use its arguments instead.")
    elif error_type in ("SystemExit", "KeyboardInterrupt"):
        text += " — do not exit or interrupt from a graded function."
    elif error_type == "MemoryError":
        text += " — the process ran out of memory."
    return text
