"""Fixtures every test module may use (pytest finds them here; no import needed).

- ``reference``: the reference solution's namespace of the module's ``ASSIGNMENT`` (each
  module's checks' tests set that constant), loaded once per test process.
- ``mistake_namespace``: a function making a notebook namespace with one function written
  with a catalogued mistake (autograder/hidden/mistakes/), by the mistake's name.
Plain helpers (grading a folder, writing notebooks) are in ``tests/support.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from autograder.hidden.mistakes import catalogue
from autograder.reference import load_reference


@pytest.fixture(scope="module")
def reference(request: pytest.FixtureRequest) -> dict:
    assignment_id = getattr(request.module, "ASSIGNMENT", None)
    if assignment_id is None:
        raise pytest.UsageError(f"{request.module.__name__} uses the reference fixture without ASSIGNMENT")
    return load_reference(assignment_id)


@pytest.fixture(scope="module")
def mistake_namespace(request: pytest.FixtureRequest) -> Callable[[str], dict]:
    """``mistake_namespace("propagate.db_missing_mean")``: the reference with that mistake's
    function (``function.name``, as names are unique within a function)."""
    assignment_id = request.module.ASSIGNMENT

    def make(qualified: str) -> dict:
        function, _, name = qualified.rpartition(".")
        mistake = next((m for m in catalogue(assignment_id) if m.name == name and m.function == function), None)
        if mistake is None:
            raise LookupError(f"no mistake {name!r} in the catalogue of {assignment_id}")
        namespace = dict(load_reference(assignment_id))
        namespace[mistake.function] = mistake.implementation(namespace)
        return namespace

    return make
