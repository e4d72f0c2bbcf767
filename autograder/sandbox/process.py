"""The grader's side of a student's process: start it, limit it, talk to it, end it.

Each submission's code runs in its own process (``autograder.sandbox.worker``) in a new
session with resource limits; every call has a time limit measured here, in the grader,
where the student's code cannot reach the clock. A process that times out, crashes or
exits is killed with its whole process group and started again for the next check.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from autograder import ROOT
from autograder.hidden.spec import CheckTimeout as CallTimeout, StudentError
from autograder.sandbox import isolation, wire


@dataclass(frozen=True)
class Limits:
    """Limits of one student's process (defaults documented in the README)."""
    memory_bytes: int = 2 << 30      # address space; numpy needs a few hundred MB of it
    cpu_seconds: int = 600           # a backstop: the wall-clock limits below act first
    file_bytes: int = 64 << 20       # largest file the process may write
    open_files: int = 256
    call_seconds: float = 30.0       # one call of a student's function
    load_seconds: float = 60.0       # executing one of the submission's cells


class ProcessDied(StudentError):
    """The student's process ended (os._exit, a crash, the memory limit)."""


def _matplotlib_cache() -> str | None:
    """Matplotlib's cache folder, with its font list built, for students' processes to read."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 (builds the font cache if missing)

        return matplotlib.get_cachedir()
    except Exception:
        return None


def _child_env() -> dict:
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(HOME="/tmp", TMPDIR="/tmp")
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


@dataclass
class StudentProcess:
    """One running worker and the socket to it."""
    limits: Limits = field(default_factory=Limits)
    workdir: str | None = None
    process: subprocess.Popen | None = None
    sock: socket.socket | None = None
    handles: wire.Handles = field(default_factory=wire.Handles)
    stderr_path: str | None = None

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> None:
        parent, child = socket.socketpair()
        handle, self.stderr_path = tempfile.mkstemp(prefix="student-stderr-")
        os.close(handle)
        # absolute: bubblewrap binds it at the same path, and relative paths do not bind
        workdir = os.path.abspath(self.workdir or tempfile.gettempdir())
        env = _child_env()
        command = isolation.wrap([sys.executable, "-m", "autograder.sandbox.worker", str(child.fileno())],
                                 workdir, env)
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=stderr, cwd=workdir, env=env, start_new_session=True,
                preexec_fn=_set_limits(self.limits))
        child.close()
        self.sock = parent
        self.handles = wire.Handles()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """End the worker and everything it started (its whole process group)."""
        if self.process is None:
            return
        if self.alive and self.sock is not None:
            try:
                self.sock.settimeout(0.5)
                wire.send(self.sock, {"op": "exit"})
                self.process.wait(timeout=1)
            except (OSError, wire.WireError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def kill(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self.sock is not None:
            self.sock.close()
        if self.stderr_path:
            try:
                os.unlink(self.stderr_path)
            except OSError:
                pass
        self.process, self.sock, self.stderr_path = None, None, None

    def why_dead(self) -> str:
        """How the process ended, in a student's words."""
        code = self.process.poll() if self.process else None
        tail = ""
        if self.stderr_path and os.path.exists(self.stderr_path):
            with open(self.stderr_path, "rb") as err:
                err.seek(max(0, os.path.getsize(self.stderr_path) - 2000))
                lines = [line for line in err.read().decode(errors="replace").strip().splitlines()
                         if not line.startswith("Fontconfig")]   # matplotlib's harmless font noise
            tail = f" ({lines[-1][:160]})" if lines else ""
        if code is None:
            return "the process stopped answering" + tail
        if code > 128 and isolation.detect().isolated:
            code = 128 - code   # bubblewrap reports a child killed by signal N as status 128 + N
        if code < 0:
            name = signal.Signals(-code).name
            cause = {"SIGSEGV": "a crash (segmentation fault)", "SIGKILL": "it was killed (memory?)",
                     "SIGXCPU": "the CPU time limit"}.get(name, name)
            return f"the process running your code ended with {cause}" + tail
        if "MemoryError" in tail:
            return f"the process ran out of memory (limit {self.limits.memory_bytes >> 20} MiB)" + tail
        return f"the process running your code exited with status {code}" + tail

    # -- talking -----------------------------------------------------------------------
    def _receive(self, deadline: float, what: str) -> Any:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CallTimeout(f"{what} took longer than its time limit")
        self.sock.settimeout(remaining)
        try:
            return wire.receive(self.sock, self.handles)
        except (socket.timeout, TimeoutError):
            self.kill()
            raise CallTimeout(f"{what} did not finish within the time limit; look for an endless "
                              "loop or far too many iterations") from None
        except wire.PeerGone:
            self.process.wait(timeout=5) if self.process else None
            reason = self.why_dead()
            self.kill()
            raise ProcessDied(f"{what}: {reason}") from None
        except wire.WireError as error:
            self.kill()
            raise ProcessDied(f"{what}: the process broke the grading protocol ({error})") from None

    def _send(self, message: dict, what: str, handles: bool = True) -> None:
        try:
            self.sock.settimeout(self.limits.call_seconds)
            wire.send(self.sock, message, self.handles if handles else None)
        except (OSError, socket.timeout):
            reason = self.why_dead()
            self.kill()
            raise ProcessDied(f"{what}: {reason}") from None

    def load(self, cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Execute the submission's cells; the (label, error) of each cell that raised."""
        self._send({"op": "load", "cells": [list(c) for c in cells]}, "loading your notebook")
        reply = self._receive(time.monotonic() + self.limits.load_seconds, "running the cell")
        return [tuple(e) for e in reply.get("errors", [])]

    def call(self, name: str, args: tuple, kwargs: dict, deps: list[str],
             reference: Callable[[str, tuple, dict], Any]) -> tuple[Any, tuple, dict]:
        """Call ``name`` in the student's process, answering its calls of ``deps`` with
        ``reference(dep, args, kwargs)``; returns (result, args after, kwargs after)."""
        deadline = time.monotonic() + self.limits.call_seconds
        self._send({"op": "call", "name": name, "args": tuple(args), "kwargs": dict(kwargs),
                    "deps": list(deps), "np_random": np.random.get_state()}, name)
        value = self._converse(name, deadline, deps, reference)
        after = self._receive(deadline, name)
        if not isinstance(after, dict) or not isinstance(after.get("args"), tuple):
            self.kill()
            raise ProcessDied(f"{name}: the process broke the grading protocol")
        return value, after["args"], after.get("kwargs") or {}

    def stash(self, args: tuple) -> None:
        """Send arguments once for :meth:`call_stashed` (a timed loop must not copy X each time)."""
        self._send({"op": "stash", "args": tuple(args)}, "preparing the speed check")
        self._receive(time.monotonic() + self.limits.call_seconds, "preparing the speed check")

    def call_stashed(self, name: str, first: Any, deps: list[str],
                     reference: Callable[[str, tuple, dict], Any]) -> Any:
        """Call ``name(first, *stashed[1:])``; the result only."""
        deadline = time.monotonic() + self.limits.call_seconds
        self._send({"op": "call_stashed", "name": name, "first": first, "deps": list(deps)}, name)
        return self._converse(name, deadline, deps, reference)

    def _converse(self, name: str, deadline: float, deps: list[str],
                  reference: Callable[[str, tuple, dict], Any]) -> Any:
        """Answer the process's calls of the reference until it returns or raises."""
        while True:
            reply = self._receive(deadline, name)
            op = reply.get("op") if isinstance(reply, dict) else None
            if op == "ref":
                dep = reply.get("name")
                if dep not in deps:  # only the dependencies of this call, nothing else
                    self._send({"op": "ref_raised", "type": "PermissionError",
                                "message": f"{dep} cannot be called here"}, name)
                    continue
                _adopt_np_random_state(reply.get("np_random"))
                try:
                    value = reference(dep, reply.get("args", ()), reply.get("kwargs", {}))
                    self._send({"op": "ref_result", "value": value,
                                "np_random": np.random.get_state()}, name)
                except Exception as error:
                    self._send({"op": "ref_raised", "type": type(error).__name__,
                                "message": " ".join(str(error).split())[:200],
                                "np_random": np.random.get_state()}, name)
            elif op == "result":
                _adopt_np_random_state(reply.get("np_random"))
                return reply.get("value")
            elif op == "raised":
                _adopt_np_random_state(reply.get("np_random"))
                error_type, message = str(reply.get("type"))[:60], str(reply.get("message"))[:300]
                raise StudentError(_explain(name, error_type, message))
            else:
                self.kill()
                raise ProcessDied(f"{name}: the process broke the grading protocol")


def _adopt_np_random_state(state) -> None:
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
