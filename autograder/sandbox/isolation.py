"""Filesystem, network and process isolation of a student's process, where the machine allows.

With bubblewrap (``bwrap``) the warm sandbox (``autograder.sandbox.zygote``) and the
student processes it forks see a read-only system, the course's Python, the parts of this
project that students have anyway (``autograder/public``, ``autograder/datasets``,
``autograder/sandbox``, ``datasets/``) and a private ``/tmp`` (where a student process gets a
copy of its submission folder); not the solutions, the hidden checks, any student's
folder, the results or the gradebook. It has no network (every namespace is unshared), its
processes live in a PID namespace that ends with it, and it has no capabilities.

Without bubblewrap the process still runs with resource limits in a session of its own,
but as the grader's user and with the grader's view of the disk: the summary warns.
``AUTOGRADER_ISOLATION=none`` turns isolation off (for debugging), ``=bwrap`` requires it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder import ROOT

# what of the project a student's process may see (all of it is in the student bundle)
VISIBLE = ["autograder/__init__.py", "autograder/sandbox", "autograder/public",
           "autograder/datasets", "datasets"]


@dataclass(frozen=True)
class Isolation:
    kind: str        # "bwrap" or "none"
    detail: str      # one line for the summary and `doctor`

    @property
    def isolated(self) -> bool:
        return self.kind == "bwrap"


@functools.lru_cache(maxsize=1)
def detect() -> Isolation:
    wanted = os.environ.get("AUTOGRADER_ISOLATION", "auto")
    if wanted == "none":
        return Isolation("none", "isolation turned off by AUTOGRADER_ISOLATION=none")
    bwrap = shutil.which("bwrap")
    problem = "bubblewrap (bwrap) is not installed" if bwrap is None else _try(bwrap)
    if problem is None:
        return Isolation("bwrap", f"bubblewrap ({bwrap}): read-only system, no network, own PID namespace")
    if wanted == "bwrap":
        raise RuntimeError(f"AUTOGRADER_ISOLATION=bwrap but {problem}")
    return Isolation("none", f"{problem}; student code runs unisolated (install bubblewrap)")


def _try(bwrap: str) -> str | None:
    """None when a bwrap sandbox starts here, else why not."""
    try:
        done = subprocess.run([bwrap, *_system_binds(), "--unshare-all", "--die-with-parent",
                               sys.executable, "-c", "pass"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap does not start ({error})"
    if done.returncode != 0:
        return f"bubblewrap cannot create a sandbox here ({(done.stderr.strip().splitlines() or ['?'])[-1]})"
    return None


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
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for prefix in sorted({sys.base_prefix, sys.prefix}):
        args += ["--ro-bind", prefix, prefix]
    return args


def wrap(command: list[str], workdir: str | None, env: dict) -> list[str]:
    """``command`` run inside a sandbox that sees only what it needs (see the module doc)."""
    isolation = detect()
    if not isolation.isolated:
        return command
    args = [shutil.which("bwrap"), *_system_binds()]
    for part in VISIBLE:
        path = ROOT / part
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    cache = env.get("MPLCONFIGDIR")
    if cache and os.path.isdir(cache):  # matplotlib's font cache, built once by the grader
        args += ["--ro-bind", cache, cache]
    if workdir is not None:
        args += ["--ro-bind", workdir, workdir, "--chdir", workdir]
    args += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    return args + command
