"""The errors every layer of the grader shares: what a check found, in the student's words.

The hidden checks (:mod:`autograder.hidden.spec`) raise them, the grader's side of the
student's process (:mod:`autograder.sandbox.process`) raises them for what the student's
code did there, and the grading pipeline turns each into a row's status. They live here, in
a module that imports nothing, so that the sandbox's plumbing and the checks can share them
without either importing the other.

They are grader-side only: the student's process never raises or sees them (its files,
``autograder/sandbox/worker.py``, ``wire.py`` and ``zygote.py``, import nothing of the
grader, and this module is not in ``autograder/allowlist.py``). Not to be confused with
:class:`autograder.public.report.CheckFailed`, which the *public* checks raise in the
student's own notebook.

Every message is one line for the student, and never shows an expected value.
"""

from __future__ import annotations

from typing import Any


class CheckFailure(Exception):
    """A check found a mistake in the student's answer (status ``failed``).

    The message is one line for the student: what was tested and what went wrong, never the
    expected value. A grader-side error; the public checks' ``CheckFailed`` is the student's.
    """

    # The values that differed, where a comparison found them (for naming the mistake, never
    # shown): ``located`` once the innermost comparison has set them.
    found: Any = None
    expected: Any = None
    located: bool = False


class StudentError(CheckFailure):
    """The student's code raised, or could not be called (status ``error``): a function that
    is missing, not written yet, or whose process ended."""


class CheckTimeout(CheckFailure):
    """The student's code ran past its time limit (status ``timeout``)."""
