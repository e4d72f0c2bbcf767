"""The catalogue of typical mistakes: what students get wrong in each graded function.

One list per assignment, in ``moduleN.py`` beside the module's hidden checks, and the one
source of truth for three things:

- **diagnosis** (:mod:`autograder.hidden.diagnosis`): when a hidden check fails, the grader
  runs each of the function's mistakes on the check's own inputs (in the grader, never in
  the student's process) and, if one reproduces what the student's function returned, the
  feedback names it with its sentence;
- **the public checks' table** (:mod:`autograder.public.mistake_table`): the same mistakes run
  on the public checks' inputs once, at release time; their wrong outputs (values only, no
  code) ship with the public checks so that the notebook names the mistake too;
- **the tests** (``tests/module_checks.py``): every mistake must fail the hidden checks of its
  own function and no other's, fail its public check, and be named by both.

A mistake is written as a student would write it: the whole wrong function, in the
notebook's names, run in a namespace holding the reference solution (so the other graded
functions it calls are right). Its sentence says what the student did in the notebook's own
notation and points to the idea, never to a line of code: no sentence may contain a line
of a solution (a test searches every sentence for every solution line).
"""

from __future__ import annotations

import importlib
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder import course


@dataclass(frozen=True)
class Mistake:
    """One typical mistake in one graded function."""
    function: str                 # the graded function, e.g. "propagate"
    name: str                     # a short id, unique within the assignment, e.g. "db_missing_mean"
    says: str                     # the sentence the student reads, e.g. "db is m times too large: ..."
    source: str                   # the wrong function as a student would write it (indented freely)
    fails: tuple[str, ...] = ()   # hidden checks (names) that must fail; empty: at least one must
    public: bool = True           # the public check catches it (False: the public inputs cannot tell)
    # Phrases by which a check's own message names this mistake without value evidence
    # (the speed check says "loop", the mutation check says "in place"): the tests count the
    # mistake as named when the feedback holds its sentence or one of these.
    named_by: tuple[str, ...] = ()

    def implementation(self, reference: dict[str, Any]) -> Callable[..., Any]:
        """The wrong function, defined in a copy of ``reference`` (the solution's namespace),
        so the graded functions it calls are the reference's."""
        namespace = dict(reference)
        exec(compile(textwrap.dedent(self.source), f"<mistake {self.function}.{self.name}>", "exec"), namespace)
        function = namespace.get(self.function)
        if not callable(function):
            raise ValueError(f"mistake {self.function}.{self.name}: its source defines no function "
                             f"{self.function!r}")
        return function


def catalogue(assignment_id: str) -> list[Mistake]:
    """The assignment's mistakes, in catalogue order (the first that matches is named)."""
    return _module_catalogue(course.assignment(assignment_id).module)


def mistakes_for_module(module: str, function: str) -> list[Mistake]:
    """The mistakes of ``function`` in the catalogue of check module ``module`` ("module2")."""
    return [m for m in _module_catalogue(module) if m.function == function]


def _module_catalogue(module: str) -> list[Mistake]:
    if module in _LOADED:
        return _LOADED[module]
    try:
        found = importlib.import_module(f"autograder.hidden.mistakes.{module}")
    except ModuleNotFoundError as error:
        if error.name != f"autograder.hidden.mistakes.{module}":
            raise
        _LOADED[module] = []
        return []
    mistakes: list[Mistake] = list(found.MISTAKES)
    names = [f"{m.function}.{m.name}" for m in mistakes]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise ValueError(f"autograder/hidden/mistakes/{module}.py: mistakes listed twice: {doubled}")
    _LOADED[module] = mistakes
    return mistakes


_LOADED: dict[str, list[Mistake]] = {}


def mistakes_of(assignment_id: str, function: str) -> list[Mistake]:
    return [m for m in catalogue(assignment_id) if m.function == function]
