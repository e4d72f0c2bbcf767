"""What a clean start of a student's process costs, per notebook.

    .venv/bin/python -m benchmarks.sandbox_start [--starts 40] [--before DIR]

Each submission's process starts from a state no earlier student could write (its own user,
mount and IPC namespaces, fresh tmpfs mounts, no capabilities; see
``autograder/sandbox/zygote.py``). Measured side by side in one run, alternating:

- ``warm fork``: this checkout's way, a child forked from the warm sandbox that enters its
  own namespaces;
- ``fresh sandbox``: what the grader pays where a clean fork cannot be guaranteed, a new
  bubblewrap sandbox (Python, the notebooks' imports) per submission;
- ``before`` (with ``--before DIR``, a checkout of an older commit with its own ``.venv``):
  that checkout's start, e.g. the warm fork without private namespaces.

A start is what the grader does for every submission before its checks: start the process,
run one cell, call one function, end it. Medians of ``--starts`` each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

from benchmarks.common import machine, ratio, table

# Runs in the checkout under test (its own autograder package): prints one start's seconds
# per line. "fresh" discards the warm sandbox after each start.
PROBE = textwrap.dedent("""
    import sys, time, json
    sys.path.insert(0, {root!r})
    from autograder.sandbox.process import Limits, StudentProcess
    import autograder.sandbox.process as process
    limits = Limits()
    warm = StudentProcess(limits=limits, workdir=None)
    warm.start(); warm.kill()                                    # the warm sandbox is up
    times = []
    for _ in range({starts}):
        start = time.perf_counter()
        p = StudentProcess(limits=limits, workdir=None)
        p.start()
        p.load([("cell", "def f(x):\\n    return x + 1\\n")])
        assert p.call("f", (1,), {{}}, [], None)[0] == 2
        if {fresh}:
            p.sandbox.discard()
        p.kill()
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
""")


def measure(root: Path, python: str, starts: int, fresh: bool) -> list[float]:
    code = PROBE.format(root=str(root), starts=starts, fresh=fresh)
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=1800,
                          env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"})
    if done.returncode != 0:
        raise SystemExit(f"the probe failed in {root}: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=40, help="starts measured per variant")
    parser.add_argument("--before", type=Path, help="a checkout of an older commit, with its .venv")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    variants = {"warm fork": (here, sys.executable, False)}
    if args.before:
        own = args.before.resolve() / ".venv/bin/python"   # else this venv, with that checkout first on sys.path
        variants["before"] = (args.before.resolve(), str(own) if own.exists() else sys.executable, False)
    times: dict[str, list[float]] = {name: [] for name in variants}
    fresh: list[float] = []
    rounds = 4   # alternate the variants, so a busy spell of the machine falls on all of them
    for _ in range(rounds):
        for name, (root, python, _) in variants.items():
            times[name] += measure(root, python, max(1, args.starts // rounds), False)
        fresh += measure(here, sys.executable, max(1, args.starts // (4 * rounds)), True)
    medians = {name: statistics.median(t) for name, t in times.items()}
    medians["fresh sandbox"] = statistics.median(fresh)
    base = medians["warm fork"]
    rows = [(name, f"{seconds * 1e3:.1f} ms", ratio(seconds, base)) for name, seconds in medians.items()]
    print(f"start of a student's process (start, one cell, one call, end); {machine()}")
    print(table(rows, ("variant", "median per notebook", "against warm fork")))


if __name__ == "__main__":
    main()
