"""Module 1 (introduction): the public and hidden checks against the reference.

The reference must pass everything. The typical mistakes are in the catalogue
(autograder/hidden/mistakes/module1.py), which tests/test_mistakes.py runs through every check.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from autograder import course, notebook
from autograder.hidden import checks_for, run_checks_in_namespace
from autograder.hidden.mistakes import catalogue
from autograder.public import module1 as public
from autograder.public.report import CheckFailed

ASSIGNMENT = "module1_introduction"
FUNCTIONS = ["relu", "predict_price", "house_network_forward", "sigmoid_gradient", "relu_gradient",
             "basic_sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows", "softmax", "L1", "L2"]


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
    np.testing.assert_allclose(reference["softmax"](np.array([[1.0, 2.0, 3.0]])), [public.SOFTMAX_123], rtol=1e-15)
    np.testing.assert_array_equal(reference["image2vector"](public.RGBW_IMAGE)[:, 0],
                                  [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1])
    assert reference["L1"](public.YHAT, public.Y) == pytest.approx(1.1, rel=1e-12)
    assert reference["L2"](public.YHAT, public.Y) == pytest.approx(0.31, rel=1e-12)


def test_the_notebook_shows_the_public_checks_expected_outputs():
    """Every "Expected output" block is what the cell above it printed in the stored outputs
    (the public checks' values are the ones the student is shown)."""
    nb = notebook.read(course.assignment(ASSIGNMENT).source)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or not cell.source.startswith("Expected output:"):
            continue
        expected = cell.source.split("```")[1].strip("\n")
        printed = "".join(_text(o.get("text", "")) for o in nb.cells[index - 1].get("outputs", [])
                          if o.get("output_type") == "stream")
        assert printed.startswith(expected), (index, printed, expected)   # (a cell may print more after)


def _text(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def test_the_speed_check_baseline_computes_the_same_loss(reference):
    """L2's speed check times a loop that computes what the reference does (else its times
    would compare different work)."""
    from autograder.hidden import module1 as hidden

    namespace: dict = {}
    exec(hidden.LOOPED_L2, namespace)
    rng = np.random.default_rng(5)
    yhat, y = rng.random(1000), (rng.random(1000) < 0.5).astype(float)
    assert namespace["L2"](yhat, y) == pytest.approx(reference["L2"](yhat, y), rel=1e-12)


def test_a_looped_L2_loses_only_the_speed_check(reference):
    namespace = dict(reference)
    exec(hidden_source("L2", "loops_over_the_entries"), namespace)
    results = {r.check_id: r for r in run_checks_in_namespace(ASSIGNMENT, "L2", namespace)}
    assert not results["L2.L2_speed"].passed and "loop" in results["L2.L2_speed"].message
    assert all(r.passed for check_id, r in results.items() if check_id != "L2.L2_speed")


def hidden_source(function: str, name: str) -> str:
    """The source of a catalogued mistake, dedented (to run it in a namespace of one's own)."""
    import textwrap

    mistake = next(m for m in catalogue(ASSIGNMENT) if (m.function, m.name) == (function, name))
    return textwrap.dedent(mistake.source)


# -- partial credit -----------------------------------------------------------------------
# Every graded function of module 1 returns one array or one number, so no check compares
# several outputs: no
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
