"""The reference solutions, executed from ``solutions/`` (never copied anywhere else).

``load_reference(assignment_id)`` runs the setup cells and the answer cells of the source
notebook, in order, in a fresh namespace, and returns that namespace. Demo and test cells
are not run: they train models and call the checks, which the reference does not need.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from autograder import course, notebook

_cache: dict[tuple[Path, int], dict] = {}


def reference_source(path: Path) -> str:
    """The Python source of a solution notebook's setup and answer cells, in order."""
    nb = notebook.read(path)
    return "\n\n".join(cell.source for cell in nb.cells
                       if notebook.kind(cell) in ("setup", "answer"))


def load_reference(assignment_id: str) -> dict:
    """Namespace of the reference solution of an assignment (cached per file version)."""
    path = course.assignment(assignment_id).source
    key = (path, path.stat().st_mtime_ns)
    if key not in _cache:
        # No backend is chosen here: inside a notebook's kernel (hidden test cells) that
        # would switch off the kernel's inline figures; the grader's CLI picks Agg.
        namespace: dict = {"__name__": f"reference_{assignment_id}"}
        code = compile(reference_source(path), str(path), "exec")
        with contextlib.redirect_stdout(io.StringIO()):  # data loaders print what they load
            exec(code, namespace)
        _cache[key] = namespace
    return _cache[key]
