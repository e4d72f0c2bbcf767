"""What an assignment's notebook says about grading it, read once per notebook version.

Grading, the student's ``check`` and the tests all need the same facts of an assignment's
notebook: its graded functions, which of them call which, which draw random numbers, its
setup cells, its answer cells' ids and its test cells' points. :func:`plan` reads them once
from the course's copy (``solutions/``, or the release in the student bundle, which has no
solutions) and keeps them until the file changes. The checks' points (which need the hidden
checks, never in the bundle) are the grader's: :func:`autograder.grading.grade.grading_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder import course, notebook


@dataclass(frozen=True)
class AssignmentPlan:
    """The facts of one assignment's notebook that grading and checking use."""
    assignment: course.Assignment
    functions: tuple[str, ...]              # graded functions, in notebook order
    dependencies: dict[str, list[str]]      # graded function -> graded functions its reference calls
    random_users: frozenset[str]            # graded functions that may draw from NumPy's generator
    setup_cells: tuple[tuple[str, str], ...]   # ("course setup cell N", source), in order
    answer_ids: frozenset[str]              # nbgrader grade_ids of the answer cells
    course_ids: frozenset[str]              # every grade_id of the course's cells (answers, tests, locked)
    test_points: dict[str, float]           # test cell grade_id ("test_<function>") -> its points

    @property
    def points(self) -> float:
        return sum(self.test_points.values())


_PLANS: dict[tuple[Path, int], AssignmentPlan] = {}


def plan(assignment_id: str, path: Path | None = None) -> AssignmentPlan:
    """The plan of ``assignment_id``, from ``path`` (the course's notebook when None: the
    solution, or the release where there is no solution), read once per file version."""
    assignment = course.assignment(assignment_id)
    if path is None:
        path = assignment.source if assignment.source.is_file() else assignment.release
    key = (path, path.stat().st_mtime_ns)
    if key not in _PLANS:
        _PLANS[key] = _read(assignment, notebook.read(path))
    return _PLANS[key]


def _read(assignment: course.Assignment, nb: notebook.Node) -> AssignmentPlan:
    cells = nb.cells
    return AssignmentPlan(
        assignment=assignment,
        functions=tuple(notebook.graded_functions(nb)),
        dependencies=notebook.dependencies(nb),
        random_users=frozenset(notebook.random_users(nb)),
        setup_cells=tuple((f"course setup cell {i + 1}", c.source)
                          for i, c in enumerate(c for c in cells if notebook.kind(c) == "setup")),
        answer_ids=frozenset(notebook.nbgrader(c)["grade_id"] for c in cells if notebook.kind(c) == "answer"),
        course_ids=frozenset(notebook.nbgrader(c)["grade_id"] for c in cells
                             if notebook.nbgrader(c).get("grade_id")),
        test_points=notebook.test_points(nb),
    )
