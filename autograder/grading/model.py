"""What grading produces: the statuses, the rows of ``grades.csv`` and a submission's result.

The pipeline (:mod:`autograder.grading.grade`) builds these; the results files
(:mod:`~autograder.grading.results`), the feedback pages (:mod:`~autograder.grading.feedback`),
the gradebook (:mod:`~autograder.grading.gradebook`) and the summary
(:mod:`~autograder.grading.report`) only read them. Keeping them apart from the pipeline lets
those readers depend on the data alone, not on the sandbox and the checks that grade.

The hidden checks (:mod:`autograder.hidden`) use :class:`Status` too, so this module must
not import them at load time (see :func:`rows_without_grading`).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from autograder.safe_text import clean_message, ensure_printable

if TYPE_CHECKING:   # only a type here: the data model needs nothing of how submissions are found
    from autograder.grading.submissions import Submission

NOTEBOOK_CHECK = "notebook.cells"   # the row that says whether the notebook's cells ran


class Status(enum.StrEnum):
    """The outcome of one check, as ``grades.csv``, the results files and the feedback pages
    store and show it. A ``StrEnum``: each member *is* its text (``Status.PASSED ==
    "passed"``, ``str()``, f-strings and JSON give ``passed``), so the stored bytes are the
    members' values and must never change."""
    PASSED = "passed"     # the check found nothing wrong
    FAILED = "failed"     # it found a mistake (autograder.errors.CheckFailure)
    ERROR = "error"       # the student's code raised, or the notebook could not be graded
    TIMEOUT = "timeout"   # the student's code ran past its time
    MISSING = "missing"   # nothing was submitted


def shown_points(points: float) -> str:
    """Points as a person reads them: at most two decimals, no trailing zeros (``8.57``,
    ``4.5``, ``3``). grades.csv keeps the full precision."""
    text = f"{round(points, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Row:
    """One line of grades.csv."""
    student_id: str
    assignment_id: str
    check_id: str
    function: str
    points: float
    max_points: float
    status: Status
    message: str
    title: str = ""
    mistake: str = ""      # the catalogued mistake the check's failure is explained by (autograder/hidden/mistakes/)

    def __post_init__(self) -> None:
        # Every row passes here (graded, refused, loaded from a results file): what a
        # student controls (their exceptions' text, their folder's name) is made safe before
        # it is stored or shown: valid UTF-8, no control or escape character, one line.
        self.student_id = ensure_printable(self.student_id)
        self.assignment_id = ensure_printable(self.assignment_id)
        self.check_id = ensure_printable(self.check_id)
        self.function = ensure_printable(self.function)
        # a results file holds the plain text: one type for every row, whatever its source
        # (an unknown status raises ValueError, so such a file is not reused)
        self.status = Status(self.status)
        self.message = clean_message(self.message)
        self.title = clean_message(self.title)
        self.mistake = clean_message(self.mistake)


@dataclass
class SubmissionResult:
    """Everything grading one submission gave: its rows, the key it was graded under (for
    reuse), the time it took and, when it could not be graded at all, why."""
    student_id: str
    assignment_id: str
    key: str                    # content of the submission + version of the grader
    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0
    broken: str = ""            # why the submission could not be graded at all

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.rows), 6)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_points for r in self.rows), 6)

    @property
    def nothing_submitted(self) -> bool:
        """Nothing was submitted (every row ``missing``): the summary says so instead of a
        score, and the gradebook gets no submission to show."""
        return bool(self.broken) and all(r.status == Status.MISSING for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        rows = [Row(**r) for r in data.pop("rows")]
        return cls(rows=rows, **data)


def rows_without_grading(sub: Submission, points: dict[str, float], status: Status,
                         message: str) -> list[Row]:
    """The rows of a submission that was not graded (missing, unreadable, or the grader failed
    on it): the notebook's row and every check's, all ``status`` with ``message`` and no
    points, so that grades.csv still lists each check with its maximum."""
    # imported here: the hidden checks import Status from this module
    from autograder.hidden import checks_for

    if status == Status.MISSING and sub.refused:   # something was submitted, refused as it is (a link)
        status = Status.ERROR
    rows = [Row(sub.student_id, sub.assignment.id, NOTEBOOK_CHECK, "", 0.0, 0.0, status, message)]
    for check in checks_for(sub.assignment.id):
        rows.append(Row(sub.student_id, sub.assignment.id, check.check_id, check.function, 0.0,
                        points[check.check_id], status, message, check.title))
    return rows
