"""Helpers shared by the benchmarks: running a command timed and measured, printing a table."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from autograder import ROOT

T = TypeVar("T")

VENV_BIN = Path(sys.executable).parent


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_mib: float   # largest resident set of any process of the command's tree (reaped)
    output: str


def environment(**extra: str) -> dict:
    """This environment with the venv's bin first on PATH (nbgrader runs ``alembic`` by name)."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", MPLBACKEND="Agg")
    env.update(extra)
    return env


def run(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> Run:
    """Run ``command``, timed (wall clock) and measured: ``os.wait4`` returns the command's
    resource use including every descendant it waited for, so ``ru_maxrss`` is the peak RSS
    of the largest single process of the tree (student processes, nbgrader's kernels)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or environment(), stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    return Run(seconds, process.returncode, usage.ru_maxrss / 1024, text)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "n/a"


def table(rows: list[tuple], header: tuple) -> str:
    """A plain-text table, columns left-aligned to their widest cell."""
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, load average {load:.2f} at start, Python {sys.version.split()[0]}"


def median_time(function: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median wall-clock seconds of ``repeat`` calls of ``function()``, and its last result."""
    import statistics

    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result  # median() raises first when repeat < 1
