"""What a hidden check may ask of the place where the student's functions run.

Two places implement :class:`StudentSide`: the notebook's own namespace
(:class:`autograder.hidden.NamespaceSide`, for nbgrader's autograde and the notebook's hidden
cells) and a sandboxed process of the student's (:class:`autograder.sandbox.side.SandboxSide`,
for the grader). The tester (:class:`autograder.hidden.spec.Tester`) uses only what is
declared here, so a check runs the same in both places, and neither the checks nor the
sandbox need to know each other: this module is the contract between them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


@dataclass
class Timing:
    """Seconds per call, measured alternately; the student's answer to every timed call
    (``results``) and, when asked for, to the same inputs again untimed (``untimed``)."""
    student: list[float]
    baseline: list[float]
    last_result: Any
    results: list[Any] = field(default_factory=list)
    untimed: list[Any] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """How many times faster the student's function is than the baseline (medians)."""
        return float(np.median(self.baseline) / max(np.median(self.student), 1e-9))


class StudentSide(Protocol):
    """Where the student's functions run. While a graded function runs, the graded functions
    it calls (its helpers) are answered by the reference, so each function is graded alone."""

    #: What the last :meth:`call` printed where it ran, when that is not this process
    #: (printing in this process is captured by the caller); "" otherwise.
    printed: str

    def call(self, name: str, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
        """``name(*args, **kwargs)``: (result, args after, kwargs after), so the caller sees
        whether the function changed its inputs. Raises :class:`~autograder.errors.StudentError`
        when the student's code raised, :class:`~autograder.errors.CheckTimeout` when it ran
        too long."""
        ...

    def timed_calls(self, name: str, args: tuple[Any, ...], baseline_code: str,
                    vary: Callable[[int], Any], repeats: int, recheck: bool = False) -> Timing:
        """``repeats`` calls of ``name`` alternating with calls of ``baseline_code``'s function
        of the same name (run where nothing of the student's runs), each on ``args`` with the
        first replaced by ``vary(i)``; ``recheck``: also each input again, untimed."""
        ...

    def helpers_from_reference(self, suspects: list[str]) -> AbstractContextManager[None]:
        """Within the context, a graded helper is the student's own unless it is one of
        ``suspects``, which the reference answers (see :func:`autograder.hidden.run_check`)."""
        ...


class HelperScope:
    """The part of a student side that both places share: which graded helpers the reference
    answers. ``suspects`` is None outside :meth:`helpers_from_reference` (the reference answers
    every helper) and the given list within it."""

    suspects: list[str] | None = None

    @contextlib.contextmanager
    def helpers_from_reference(self, suspects: list[str]) -> Iterator[None]:
        """Within: a graded helper is the student's own unless it is a suspect, which the
        reference answers (outside, the reference answers every helper; see run_check)."""
        self.suspects = list(suspects)
        try:
            yield
        finally:
            self.suspects = None
