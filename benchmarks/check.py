"""``python -m autograder check NOTEBOOK``: how long a student waits for the public checks.

    .venv/bin/python -m benchmarks.check [--repeat 3]

Times the command (wall clock, start-up included) on the complete example notebook of every
assignment and on the untouched release of each (the stubs fail fast); the target is < 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from autograder import course
from benchmarks.common import machine, run, table

TARGET_SECONDS = 3.0


def measure(repeat: int = 3) -> list[tuple[str, str, float, float]]:
    """(module, which notebook, median seconds, peak MiB) for every assignment."""
    from autograder import examples

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-check-") as scratch:
        examples.build(Path(scratch))
        for a in course.assignments():
            for who, path in [("complete", Path(scratch) / "complete" / a.id / a.notebook),
                              ("release", a.release)]:
                runs = [run([sys.executable, "-m", "autograder", "check", str(path)]) for _ in range(repeat)]
                rows.append((a.id.split("_", 1)[0], who, statistics.median(r.seconds for r in runs),
                             max(r.max_rss_mib for r in runs)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (the median is shown)")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    rows = measure(args.repeat)
    print(table([(m, w, f"{s:.2f}", f"{p:.0f}") for m, w, s, p in rows],
                ("module", "notebook", "seconds", "peak MiB")))
    worst = max(rows, key=lambda r: r[2])
    print(f"slowest: {worst[0]} {worst[1]} {worst[2]:.2f} s (target < {TARGET_SECONDS:g} s): "
          + ("reached" if worst[2] < TARGET_SECONDS else "NOT reached"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
