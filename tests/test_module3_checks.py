"""Module 3's public and hidden checks pass on the reference.

The typical mistakes they must catch are catalogued in autograder/hidden/mistakes/module3.py
and run through every check by tests/test_mistakes.py.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from autograder import course, examples
from autograder.hidden import run_checks_in_namespace
from autograder.hidden.mistakes import catalogue, mistakes_of
from autograder.hidden.spec import VALUE_SHARE
from autograder.public import module3 as public
from autograder.public.report import deep_equal

ASSIGNMENT = "module3_shallow_network"
FUNCTIONS = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
             "backward_propagation", "update_parameters", "nn_model", "predict"]


def _quiet(function, *args):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        function(*args)
    return out.getvalue()


@pytest.mark.parametrize("function", FUNCTIONS)
def test_public_check_passes_on_reference(reference, function):
    output = _quiet(getattr(public, f"test_{function}"), reference[function])
    assert f"passed for {function}" in output
    assert "✗" not in output


@pytest.mark.parametrize("function", FUNCTIONS)
def test_hidden_checks_pass_on_reference(reference, function):
    results = run_checks_in_namespace(ASSIGNMENT, function, dict(reference))
    assert results, f"no hidden checks for {function}"
    failed = [f"{r.check_id}: {r.message}" for r in results if not r.passed]
    assert not failed, failed
    assert all(r.earned == 1.0 for r in results), [(r.check_id, r.earned) for r in results]


# The public examples' inputs of each graded function (nn_model on 3 iterations).
EXAMPLE_ARGS = {
    "layer_sizes": public.example_layer_sizes,
    "initialize_parameters": lambda: (2, 4, 1),
    "forward_propagation": public.example_forward_propagation,
    "compute_cost": public.example_compute_cost,
    "backward_propagation": public.example_backward_propagation,
    "update_parameters": public.example_update_parameters,
    "nn_model": lambda: (*public.example_nn_model(), 4, 3),
    "predict": public.example_predict,
}


def _outcome(function, args):
    """What a call returns (or raises), the global generator seeded first."""
    np.random.seed(2)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return function(*args)
    except Exception as error:  # noqa: BLE001 (a mistake may raise: then that is its outcome)
        return type(error).__name__, str(error)


def test_the_buggy_example_students_mistakes_are_catalogued(reference):
    """Each mistake of the bundled buggy student (autograder/examples.py) is a catalogued one:
    on the public example's inputs it returns exactly what a mistake of the catalogue returns."""
    assignment = course.assignment(ASSIGNMENT)
    answers = examples.students(assignment)
    changed = [g for g, source in answers["buggy"].items() if source != answers["complete"][g]]
    assert changed
    for grade_id in changed:
        namespace = dict(reference)
        exec(answers["buggy"][grade_id], namespace)
        function = next(f for f in FUNCTIONS if f"def {f}(" in answers["buggy"][grade_id])
        args = EXAMPLE_ARGS[function]()
        found = _outcome(namespace[function], args)
        assert not deep_equal(found, _outcome(reference[function], args)), f"the buggy {function} is right"
        matching = [m.name for m in mistakes_of(ASSIGNMENT, function)
                    if deep_equal(_outcome(m.implementation(dict(reference)), args), found)]
        assert len(matching) == 1, f"the buggy student's {function} matches {matching or 'no mistake'}"


# -- partial credit: each output its share ----------------------------------------------------

def _result(namespace, function, check):
    results = run_checks_in_namespace(ASSIGNMENT, function, namespace)
    return next(r for r in results if r.check_id == f"{function}.{check}")


def _with(reference, function, implementation):
    namespace = dict(reference)
    namespace[function] = implementation(namespace)
    return namespace


def _mistake(name):
    return next(m for m in catalogue(ASSIGNMENT) if m.name == name)


# (catalogued mistake, check, share earned, the outputs it got right)
PARTIAL = [
    ("n_y_hard_coded", "layer_sizes_shapes", 2 / 3, "n_x, n_h"),
    ("W1_unscaled", "initialize_parameters_seeded", 3 / 4, "b1, W2, b2"),
    ("tanh_derivative_1_minus_a", "backward_propagation_random", 1 / 2, "dW2, db2"),
    ("dW1_missing_1_over_m", "backward_propagation_random", 3 / 4, "db1, dW2, db2"),
    ("tanh_derivative_1_minus_a", "backward_propagation_gradient_check", 1 / 2, "dW2, db2"),
    ("db1_no_keepdims", "backward_propagation_gradient_check", 3 / 4, "dW1, dW2, db2"),
    ("biases_not_updated", "update_parameters_random", 1 / 2, "W1, W2"),
    ("biases_not_updated", "update_parameters_default_rate", 1 / 2, "W1, W2"),
]


@pytest.mark.parametrize("name, check, earned, right", PARTIAL, ids=[f"{c}-{n}" for n, c, _, _ in PARTIAL])
def test_a_partly_right_function_earns_the_share_of_its_right_outputs(reference, name, check, earned, right):
    mistake = _mistake(name)
    result = _result(_with(reference, mistake.function, mistake.implementation), mistake.function, check)
    assert not result.passed
    assert 0 < result.earned < 1
    assert result.earned == pytest.approx(earned)
    assert f"Right: {right}." in result.message, result.message
    assert mistake.says in result.message   # the diagnosis still names the mistake
    assert _result(dict(reference), mistake.function, check).earned == 1.0


@pytest.mark.parametrize("check", ["compute_cost_random", "compute_cost_uint8"])
def test_a_cost_right_in_the_wrong_type_keeps_the_value_share(reference, check):
    mistake = _mistake("array_not_float")   # the right value as a (1, 1) array
    result = _result(_with(reference, "compute_cost", mistake.implementation), "compute_cost", check)
    assert not result.passed
    assert result.earned == pytest.approx(VALUE_SHARE)
    assert "a scalar is expected" in result.message, result.message
    assert _result(dict(reference), "compute_cost", check).earned == 1.0
    # the dedicated check of the type still takes all its points
    assert _result(_with(reference, "compute_cost", mistake.implementation), "compute_cost",
                   "compute_cost_scalar").earned == 0.0


def _forward_caching_too_little(namespace):
    """Right A2, but a cache of only what backward_propagation reads (A1 and A2)."""
    right = namespace["forward_propagation"]

    def forward_propagation(X, parameters):
        A2, cache = right(X, parameters)
        return A2, {"A1": cache["A1"], "A2": cache["A2"]}
    return forward_propagation


@pytest.mark.parametrize("check", ["forward_propagation_random", "forward_propagation_single_example"])
def test_a_right_A2_keeps_its_share_when_the_cache_is_wrong(reference, check):
    # (no catalogued mistake of forward_propagation gets A2 right and the cache wrong)
    result = _result(_with(reference, "forward_propagation", _forward_caching_too_little),
                     "forward_propagation", check)
    assert not result.passed
    assert result.earned == pytest.approx(1 / 2)
    assert "missing keys" in result.message and "Right: A2." in result.message, result.message


def _nn_model_returning_the_cost_too(namespace):
    right = namespace["nn_model"]

    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        parameters = dict(right(X, Y, n_h, num_iterations, print_cost))
        parameters["cost"] = 0.5
        return parameters
    return nn_model


def test_the_structure_still_fails_the_whole_check(reference):
    """A dict with keys of its own (the parameters all right) earns nothing, as before."""
    results = run_checks_in_namespace(ASSIGNMENT, "nn_model", _with(reference, "nn_model",
                                                                   _nn_model_returning_the_cost_too))
    assert results and all(not r.passed and r.earned == 0.0 for r in results), \
        [(r.check_id, r.earned, r.message) for r in results]
    assert all("unexpected keys ['cost']" in r.message for r in results)
