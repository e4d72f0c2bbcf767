"""What runs in a student's process: the course's setup, then the student's code.

- The setup cells come from ``solutions/`` (locked cells are the course's, whatever the
  submission holds in their place).
- A cell whose nbgrader ``grade_id`` is an answer cell of the course runs as written.
- A cell the course does not know (a student's own helper cell, or a cell whose metadata
  was stripped) contributes its imports, definitions and literal constants only, so a
  student's experiments and training runs are not re-run by the grader.
- The course's other locked cells (tests, demos) are not run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from autograder import notebook
from autograder.config import DEFAULTS
from autograder.grading.submissions import UnsafeFile, open_submitted, read_descriptor, shown_name
from autograder.plan import AssignmentPlan


class BrokenNotebook(ValueError):
    """A submission that cannot be read as a notebook; the message is one line."""


def read_notebook_bytes(path: Path, max_bytes: int = DEFAULTS.notebook_bytes) -> bytes:
    """The bytes of a submitted notebook, read so that it is what it claims to be.

    Opened by ``submissions.open_submitted`` (as for the submission's key): the notebook's
    folder without following a link, then the notebook in it with ``O_NOFOLLOW``; the open
    descriptor must be a regular file with one link (``fstat``) and at most ``max_bytes``
    (the grading config's ``notebook_bytes``), and the bytes are read from that same
    descriptor, so no link swapped in after the check is ever followed. Anything else is a :class:`BrokenNotebook`
    naming the file, what is wrong and the likely fix.
    """
    path = Path(path)
    shown = shown_name(path)
    try:
        fd, status = open_submitted(path)
    except UnsafeFile as error:
        raise BrokenNotebook(str(error)) from None
    except OSError as error:
        raise BrokenNotebook(f"{shown} cannot be opened ({error.strerror}); submit it again") from None
    try:
        if status.st_size > max_bytes:
            raise BrokenNotebook(_too_large(shown, status.st_size, max_bytes))
        data = read_descriptor(fd, max_bytes + 1)
    except OSError as error:
        raise BrokenNotebook(f"{shown} cannot be read ({error.strerror}); submit it again") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:   # it grew after the check
        raise BrokenNotebook(_too_large(shown, len(data), max_bytes))
    if not data:
        raise BrokenNotebook(f"{path.name} is empty (0 bytes)")
    return data


def _too_large(shown: str, size: int, max_bytes: int) -> str:
    return (f"{shown} is {size / (1 << 20):.1f} MiB, over the {max_bytes / (1 << 20):g} MiB limit: clear the "
            "outputs (Edit > Clear Outputs of All Cells) and save")


def read_submission(path: Path, max_bytes: int = DEFAULTS.notebook_bytes) -> notebook.Node:
    """Read a submitted notebook of at most ``max_bytes`` (through
    :func:`read_notebook_bytes`), with a one-line reason when it cannot be used."""
    path = Path(path)
    data = read_notebook_bytes(path, max_bytes)
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise BrokenNotebook(f"{path.name} is not valid JSON ({' '.join(str(error).split())[:80]}): "
                             "the file is damaged; download it again from JupyterLab") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise BrokenNotebook(f"{path.name} is not a Jupyter notebook (no list of cells)")
    if raw.get("nbformat") != 4:
        raise BrokenNotebook(f"{path.name} has nbformat {raw.get('nbformat')!r}; version 4 is expected")
    for index, cell in enumerate(raw["cells"]):
        if not isinstance(cell, dict) or "cell_type" not in cell or \
                not isinstance(cell.get("source", ""), (str, list)):
            raise BrokenNotebook(f"{path.name}: cell {index + 1} has no type or no source")
        if not isinstance(cell.get("metadata", {}), dict):
            cell["metadata"] = {}
        if not isinstance(cell.get("metadata", {}).get("nbgrader", {}), dict):
            cell["metadata"]["nbgrader"] = {}
    return notebook.from_json(raw)


def cells_to_run(plan: AssignmentPlan, submitted: notebook.Node) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, code) pairs for the student's process, and notes on what was set aside."""
    cells = list(plan.setup_cells)
    notes = []
    for index, cell in enumerate(submitted.cells):
        if cell.get("cell_type") != "code":
            continue
        grade_id = notebook.nbgrader(cell).get("grade_id")
        label = f"cell {index + 1}" + (f" ({grade_id})" if grade_id else "")
        if grade_id in plan.answer_ids:
            cells.append((label, cell.source))
        elif grade_id in plan.course_ids:
            continue  # the course's own locked cell: its trusted copy is used (or not run)
        else:
            code = notebook.definitions_only(cell.source)
            if code:
                cells.append((label, code))
    missing = plan.answer_ids - {notebook.nbgrader(c).get("grade_id") for c in submitted.cells}
    if missing:
        notes.append(f"answer cells not found by their nbgrader id: {', '.join(sorted(missing))} "
                     "(their functions are looked up by name)")
    return cells, notes
