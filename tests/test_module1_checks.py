"""Module 1 (introduction): the public and hidden checks against the reference and typical mistakes.

The reference must pass everything; each typical mistake must fail the hidden checks of its
own function and no other (the grader substitutes the reference for the other functions).
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from autograder.hidden import checks_for, run_checks_in_namespace
from autograder.public import module1 as public
from autograder.public.report import CheckFailed
from autograder.reference import load_reference

ASSIGNMENT = "module1_introduction"
FUNCTIONS = ["relu", "predict_price", "house_network_forward", "sigmoid_gradient", "relu_gradient"]


@pytest.fixture(scope="module")
def reference():
    return load_reference(ASSIGNMENT)


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


# -- typical mistakes -------------------------------------------------------------------
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def relu_integer_zero(z):                     # np.maximum(0, z): integers stay integers
    return np.maximum(0, z)


def relu_in_place(z):                         # mutates its input
    z[z < 0] = 0
    return z * 1.0


def relu_python_max(z):                       # Python's max does not work on arrays
    return max(0.0, z)


def predict_price_no_relu(size, w, b):        # a line, no activation
    return w * size + b


def predict_price_python_max(size, w, b):     # works on numbers only
    return max(0.0, w * size + b)


def forward_relu_output(X, parameters):       # ReLU on the output unit too
    Z1 = parameters["W1"] @ X + parameters["b1"]
    return np.maximum(0.0, parameters["W2"] @ np.maximum(0.0, Z1) + parameters["b2"])


def forward_no_hidden_activation(X, parameters):
    return parameters["W2"] @ (parameters["W1"] @ X + parameters["b1"]) + parameters["b2"]


def forward_hard_coded_houses(X, parameters):  # sizes from the notebook's example
    A1 = np.maximum(0.0, parameters["W1"] @ X[:, :4] + parameters["b1"])
    return (parameters["W2"] @ A1 + parameters["b2"]).reshape(1, 4)


def forward_mutates_parameters(X, parameters):
    parameters["b1"] += 0.0 * parameters["b1"] + 1e-3   # "just a small tweak", in place
    Z1 = parameters["W1"] @ X + parameters["b1"]
    return parameters["W2"] @ np.maximum(0.0, Z1) + parameters["b2"]


def sigmoid_gradient_uses_z(z):               # sigma(z) * (1 - z)
    return _sigmoid(z) * (1 - z)


def sigmoid_gradient_precedence(z):          # 1 / 1 + exp(-z) inside
    s = 1 / 1 + np.exp(-z)
    return s * (1 - s)


def relu_gradient_at_zero_is_one(z):          # z >= 0
    return (np.asarray(z) >= 0).astype(float)


def relu_gradient_bool(z):                    # returns True/False
    return np.asarray(z) > 0


def relu_gradient_is_relu(z):                 # the function instead of its derivative
    return np.maximum(0.0, z)


MISTAKES = [
    ("relu", relu_integer_zero),
    ("relu", relu_in_place),
    ("relu", relu_python_max),
    ("predict_price", predict_price_no_relu),
    ("predict_price", predict_price_python_max),
    ("house_network_forward", forward_relu_output),
    ("house_network_forward", forward_no_hidden_activation),
    ("house_network_forward", forward_hard_coded_houses),
    ("house_network_forward", forward_mutates_parameters),
    ("sigmoid_gradient", sigmoid_gradient_uses_z),
    ("sigmoid_gradient", sigmoid_gradient_precedence),
    ("relu_gradient", relu_gradient_at_zero_is_one),
    ("relu_gradient", relu_gradient_bool),
    ("relu_gradient", relu_gradient_is_relu),
]


@pytest.mark.parametrize("function, wrong", MISTAKES, ids=[w.__name__ for _, w in MISTAKES])
def test_a_typical_mistake_fails_its_own_hidden_checks_only(reference, function, wrong):
    namespace = dict(reference)
    namespace[function] = wrong
    for name in FUNCTIONS:
        results = run_checks_in_namespace(ASSIGNMENT, name, namespace)
        failed = [r for r in results if not r.passed]
        if name == function:
            assert failed, f"{wrong.__name__}: every hidden check of {name} passed"
            for r in failed:
                assert r.message, f"{r.check_id} failed without a message"
        else:
            assert not failed, f"{wrong.__name__} made {name} fail: {[r.message for r in failed]}"


@pytest.mark.parametrize("function, wrong", MISTAKES, ids=[w.__name__ for _, w in MISTAKES])
def test_a_typical_mistake_fails_the_public_check_with_a_message(function, wrong):
    passed, output = _public(function, wrong)
    assert not passed, f"{wrong.__name__} passed the public check:\n{output}"
    assert "✗" in output
