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


class Zygote:
    """The grader's side of a warm sandbox (:mod:`autograder.sandbox.zygote`).

    One per grading thread and set of limits, started on first use and kept: each
    submission's process is forked from it instead of started from nothing. Whenever it
    cannot vouch that the last child left nothing behind, or stops answering, it is
    thrown away whole (its PID namespace ends with it) and the next use starts a new one.
    """

    START_SECONDS = 120.0   # the first answer waits for the imports (a loaded machine is slow)

    def __init__(self, limits: Limits):
        self.limits, self.owner = limits, os.getpid()
        self.isolated = isolation.detect().isolated
        parent, child = socket.socketpair()
        env = _child_env()
        command = isolation.wrap([sys.executable, "-m", "autograder.sandbox.zygote", str(child.fileno()),
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

    def request(self, message: dict, fds: list[int] = (), timeout: float = 10.0) -> dict:
        """Send one request and wait for its answer; a broken sandbox is discarded."""
        if not self.alive:
            raise ProcessDied("the sandbox has ended")
        try:
            self.sock.settimeout(timeout if self.started else self.START_SECONDS)
            socket.send_fds(self.sock, [b"\0"], list(fds))
            wire.send(self.sock, message)
            reply = wire.receive(self.sock)
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


_ZYGOTES: dict[tuple, Zygote] = {}


def zygote_for(limits: Limits, role: str) -> Zygote:
    """The warm sandbox of this process and thread for these limits (``role`` keeps the
    speed check's baseline apart from students' code)."""
    for key in [k for k, z in _ZYGOTES.items() if z.owner != os.getpid()]:
        _ZYGOTES.pop(key).discard()   # inherited through fork: not ours to use
    key = (threading.get_ident(), role, limits.memory_bytes, limits.cpu_seconds, limits.file_bytes,
           limits.open_files)
    zygote = _ZYGOTES.get(key)
    if zygote is None or not zygote.alive:
        if zygote is not None:
            zygote.discard()
        zygote = _ZYGOTES[key] = Zygote(limits)
    return zygote


@atexit.register
def discard_sandboxes() -> None:
    while _ZYGOTES:
        _ZYGOTES.popitem()[1].discard()


MAX_FOLDER_BYTES = 32 << 20


def folder_files(folder: str | None) -> list[list]:
    """The regular files of a submission folder, for the sandbox's copy of it (the sandbox
    sees no folder of the host); at most MAX_FOLDER_BYTES, symbolic links left out."""
    if not folder or not os.path.isdir(folder):
        return []
    files, total = [], 0
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(here, d))]
        for name in sorted(names):
            path = os.path.join(here, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            if total + size > MAX_FOLDER_BYTES:
                continue
            total += size
            with open(path, "rb") as handle:
                files.append([os.path.relpath(path, folder), np.frombuffer(handle.read(), np.uint8)])
    return files


@dataclass
class StudentProcess:
    """One student's process, forked by the warm sandbox, and the socket to it."""
    limits: Limits = field(default_factory=Limits)
    workdir: str | None = None
    role: str = "student"
    zygote: Zygote | None = None
    pid: int | None = None       # in the sandbox's PID namespace
    sock: socket.socket | None = None
    handles: wire.Handles = field(default_factory=wire.Handles)
    stderr_path: str | None = None
    printed: str = ""            # what the last call printed (its start)
    code: int | None = None      # its exit code, once known

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> None:
        files = folder_files(self.workdir) if self.role == "student" else []
        for attempt in range(2):   # a sandbox found dead is replaced once
            zygote = zygote_for(self.limits, self.role)
            parent, child = socket.socketpair()
            handle, stderr_path = tempfile.mkstemp(prefix="student-stderr-")
            try:
                reply = zygote.request({"op": "spawn", "files": files,
                                        "workdir": os.path.abspath(self.workdir or tempfile.gettempdir())},
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
        self.zygote, self.pid, self.sock, self.stderr_path = zygote, int(reply["pid"]), parent, stderr_path
        self.handles, self.code = wire.Handles(), None

    @property
    def alive(self) -> bool:
        if self.sock is None or self.zygote is None or self.code is not None:
            return False
        try:
            self.code = self.zygote.request({"op": "status", "pid": self.pid, "timeout": 0})["code"]
        except ProcessDied:
            return False
        return self.code is None

    def stop(self) -> None:
        """End the process and everything it started."""
        self.kill()

    def kill(self) -> None:
        if self.zygote is not None and self.pid is not None:
            try:
                reply = self.zygote.request({"op": "end", "pid": self.pid})
                self.code = reply.get("code") if self.code is None else self.code
                if not reply.get("clean"):
                    self.zygote.discard()   # something of this student's may remain: no reuse
            except ProcessDied:
                pass                        # the sandbox, and so the process, is gone
            if not self.zygote.isolated and self.zygote.sock is None:
                try:                        # no PID namespace: its pid is the host's
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
        self.zygote, self.pid, self.sock, self.stderr_path = None, None, None, None

    def exit_code(self, timeout: float) -> int | None:
        if self.code is None and self.zygote is not None and self.pid is not None:
            try:
                self.code = self.zygote.request({"op": "status", "pid": self.pid, "timeout": timeout},
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
        if code is None and (self.zygote is None or not self.zygote.alive):
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
             reference: Callable[[str, tuple, dict], Any],
             random: list[str] | None = None) -> tuple[Any, tuple, dict]:
        """Call ``name`` in the student's process, answering its calls of ``deps`` with
        ``reference(dep, args, kwargs)``; returns (result, args after, kwargs after).

        NumPy's global generator is handed over at the start and the end of the call, and
        around the calls of the deps in ``random`` (all deps when None): those that may
        draw numbers (handing it over costs about a quarter of a round trip)."""
        deadline = time.monotonic() + self.limits.call_seconds
        self.printed = ""
        random = list(deps) if random is None else [d for d in deps if d in random]
        self._send({"op": "call", "name": name, "args": tuple(args), "kwargs": dict(kwargs),
                    "deps": list(deps), "random": random, "np_random": np.random.get_state()}, name)
        value = self._converse(name, deadline, deps, reference, random)
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
                     reference: Callable[[str, tuple, dict], Any], random: list[str] | None = None) -> Any:
        """Call ``name(first, *stashed[1:])``; the result only."""
        deadline = time.monotonic() + self.limits.call_seconds
        random = list(deps) if random is None else [d for d in deps if d in random]
        self._send({"op": "call_stashed", "name": name, "first": first, "deps": list(deps),
                    "random": random}, name)
        return self._converse(name, deadline, deps, reference, random)

    def _converse(self, name: str, deadline: float, deps: list[str],
                  reference: Callable[[str, tuple, dict], Any], random: list[str]) -> Any:
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
                                "np_random": np.random.get_state() if dep in random else None}, name)
                except Exception as error:
                    self._send({"op": "ref_raised", "type": type(error).__name__,
                                "message": " ".join(str(error).split())[:200],
                                "np_random": np.random.get_state() if dep in random else None}, name)
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
