"""Re-execute the solution notebooks so their stored outputs are the ones nbval expects.

    python -m autograder.outputs [ASSIGNMENT ...]      (make outputs)

The stored outputs are what a student or an instructor reads in ``solutions/``, so they come
from **full runs**: ``NBGRADER_EXECUTION`` is removed from the kernel's environment, and the
training demos run their whole length (the numbers the markdown quotes are theirs). One
BLAS thread, as under ``make test``, gives the same floating-point sums.

``make test`` re-runs the notebooks with ``NBGRADER_EXECUTION=validate`` (short training, as
under nbgrader) and nbval compares every other cell's output with the stored one; the
cells whose output depends on the length of a run are tagged ``nbval-ignore-output`` in the
solution's metadata (``docs/notebook-conventions.md``, *Long training*), and
``tests/test_notebook_outputs.py`` fails if a stored output came from a shortened run.
After changing a notebook, a check's message or a hidden check, make the outputs again.
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

# The kernel's environment for a full run: these set, NBGRADER_EXECUTION unset (a set
# NBGRADER_EXECUTION, as under nbgrader and in `make test`, shortens the training demos).
EXECUTION_ENV = {"OPENBLAS_NUM_THREADS": "1"}
UNSET = ("NBGRADER_EXECUTION",)


def execute(assignment: course.Assignment, timeout: int = 900) -> None:
    """Run the assignment's solution notebook top to bottom, in full, in a fresh kernel, in place.

    ``timeout`` bounds each cell (module 4's full training takes about a minute per model).
    """
    path = assignment.source
    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in (*EXECUTION_ENV, *UNSET)}
    os.environ.update(EXECUTION_ENV)   # the kernel inherits this process's environment
    for key in UNSET:
        os.environ.pop(key, None)
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
