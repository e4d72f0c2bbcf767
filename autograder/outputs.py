"""Re-execute the solution notebooks so their stored outputs are the ones nbval expects.

    python -m autograder.outputs [ASSIGNMENT ...]      (make outputs)

nbval compares every cell's output with the one stored in ``solutions/``; after changing a
notebook, a check's message or a hidden check, the stored outputs must be made again, in
the same conditions as ``make test`` runs them: ``NBGRADER_EXECUTION=validate`` (training
demos run shorter, as under nbgrader) and one BLAS thread (the same floating-point sums).
The notebook is written back only when every cell ran without an unexpected error.
"""

from __future__ import annotations

import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder import course
from autograder.release import write

# What `make test` sets for nbval (see the Makefile); one place for both.
EXECUTION_ENV = {"NBGRADER_EXECUTION": "validate", "OPENBLAS_NUM_THREADS": "1"}


def execute(assignment: course.Assignment, timeout: int = 600) -> None:
    """Run the assignment's solution notebook top to bottom in a fresh kernel, in place."""
    path = assignment.source
    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in EXECUTION_ENV}
    os.environ.update(EXECUTION_ENV)   # the kernel inherits this process's environment
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.outputs", description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    args = parser.parse_args(argv)
    chosen = [course.assignment(a) for a in args.assignments] or course.assignments()
    for assignment in chosen:
        try:
            execute(assignment)
        except CellExecutionError as error:
            first = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
            print(f"{assignment.source}: a cell failed, outputs not written: {first}", file=sys.stderr)
            return 1
        print(f"executed {assignment.source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
