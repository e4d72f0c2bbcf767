"""Module 1 (introduction): the public and hidden checks against the reference.

The reference must pass everything. The typical mistakes are in the catalogue
(autograder/hidden/mistakes/module1.py), which tests/test_mistakes.py runs through every check.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from autograder.hidden import checks_for, run_checks_in_namespace
from autograder.hidden.mistakes import catalogue
from autograder.public import module1 as public
from autograder.public.report import CheckFailed

ASSIGNMENT = "module1_introduction"
FUNCTIONS = ["relu", "predict_price", "house_network_forward", "sigmoid_gradient", "relu_gradient"]


def _public(function, implementation) -> tuple[bool, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            getattr(public, f"test_{function}")(implementation)
            return True, out.getvalue()
        except CheckFailed:
            return False, out.getvalue()


def test_every_graded_function_has_public_and_hidden_checks(reference):
    for name in FUNCTIONS:
        assert callable(reference[name])
        assert hasattr(public, f"test_{name}")
        assert checks_for(ASSIGNMENT, name)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_reference_passes_the_public_checks(reference, function):
    passed, output = _public(function, reference[function])
    assert passed, output
    assert "✗" not in output


@pytest.mark.parametrize("function", FUNCTIONS)
def test_reference_passes_the_hidden_checks(reference, function):
    results = run_checks_in_namespace(ASSIGNMENT, function, dict(reference))
    assert results
    assert all(r.passed for r in results), [(r.check_id, r.message) for r in results if not r.passed]


def test_public_expected_values_match_the_reference(reference):
    """The constants in the public checks are what the reference computes."""
    found = reference["house_network_forward"](public.X_HOUSES, public.HOUSE_PARAMETERS)
    np.testing.assert_allclose(found, public.Y_HOUSES, rtol=1e-12)


# -- partial credit -----------------------------------------------------------------------
# Every graded function of module 1 returns one array, so no check compares several outputs: no
# check has parts (Tester.compare's part), and the dtype checks (relu_integers_and_zero,
# relu_gradient_zero_and_dtype) are the dedicated checks of the type, kept whole.
def test_module1_checks_stay_all_or_nothing_and_the_type_checks_whole(reference):
    judged_the_type = False
    for mistake in catalogue(ASSIGNMENT):
        namespace = dict(reference)
        namespace[mistake.function] = mistake.implementation(namespace)
        for result in run_checks_in_namespace(ASSIGNMENT, mistake.function, namespace):
            assert result.earned == (1.0 if result.passed else 0.0), (mistake.name, result.check_id)
            if mistake.name == "integer_zero" and result.check_id == "relu.relu_integers_and_zero":
                assert not result.passed and "floats" in result.message, result.message
                judged_the_type = True
    assert judged_the_type
