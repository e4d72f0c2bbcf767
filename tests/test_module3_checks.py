"""Module 3's public and hidden checks: they pass on the reference and catch typical mistakes.

Every mutant below is a small wrong implementation of one graded function, of the kind
students write (a missing 1/m, the wrong activation, an in-place update, ...). It must fail
at least one hidden check of its own function and none of the other functions' checks
(the grader replaces the other graded functions by the reference during each call).
"""

from __future__ import annotations

import contextlib
import io
import textwrap

import pytest

from autograder.hidden import run_checks_in_namespace
from autograder.public import module3 as public
from autograder.public.report import CheckFailed
from autograder.reference import load_reference

ASSIGNMENT = "module3_shallow_network"
FUNCTIONS = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
             "backward_propagation", "update_parameters", "nn_model", "predict"]


@pytest.fixture(scope="module")
def reference():
    return load_reference(ASSIGNMENT)


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


MUTANTS = {
    # name: (function, source of the wrong implementation)
    "layer_sizes_hard_coded": ("layer_sizes", """
        def layer_sizes(X, Y):
            return (2, 4, 1)
    """),
    "layer_sizes_columns": ("layer_sizes", """
        def layer_sizes(X, Y):
            return (X.shape[1], 4, Y.shape[1])
    """),
    "initialize_seeds_inside": ("initialize_parameters", """
        def initialize_parameters(n_x, n_h, n_y):
            np.random.seed(2)
            return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                    "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
    """),
    "initialize_unscaled": ("initialize_parameters", """
        def initialize_parameters(n_x, n_h, n_y):
            return {"W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
                    "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}
    """),
    "initialize_transposed": ("initialize_parameters", """
        def initialize_parameters(n_x, n_h, n_y):
            return {"W1": np.random.randn(n_x, n_h) * 0.01, "b1": np.zeros((n_h, 1)),
                    "W2": np.random.randn(n_h, n_y) * 0.01, "b2": np.zeros((n_y, 1))}
    """),
    "forward_relu": ("forward_propagation", """
        def forward_propagation(X, parameters):
            Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
            A1 = np.maximum(0, Z1)
            Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
            A2 = sigmoid(Z2)
            return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    """),
    "forward_no_bias": ("forward_propagation", """
        def forward_propagation(X, parameters):
            Z1 = np.dot(parameters["W1"], X)
            A1 = np.tanh(Z1)
            Z2 = np.dot(parameters["W2"], A1)
            A2 = sigmoid(Z2)
            return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    """),
    "cost_missing_1_over_m": ("compute_cost", """
        def compute_cost(A2, Y):
            return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
    """),
    "cost_array": ("compute_cost", """
        def compute_cost(A2, Y):
            m = Y.shape[1]
            return -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m
    """),
    "cost_minus_uint8": ("compute_cost", """
        def compute_cost(A2, Y):
            m = Y.shape[1]
            return float(np.sum(-Y * np.log(A2) - (1 - Y) * np.log(1 - A2)) / m)
    """),
    "backward_wrong_derivative": ("backward_propagation", """
        def backward_propagation(parameters, cache, X, Y):
            m = X.shape[1]
            A1, A2 = cache["A1"], cache["A2"]
            dZ2 = A2 - Y
            dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - A1)
            return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
                    "dW2": np.dot(dZ2, A1.T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    """),
    "backward_no_keepdims": ("backward_propagation", """
        def backward_propagation(parameters, cache, X, Y):
            m = X.shape[1]
            A1, A2 = cache["A1"], cache["A2"]
            dZ2 = A2 - Y
            dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - A1 ** 2)
            return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1) / m,
                    "dW2": np.dot(dZ2, A1.T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    """),
    "backward_missing_1_over_m": ("backward_propagation", """
        def backward_propagation(parameters, cache, X, Y):
            m = X.shape[1]
            A1, A2 = cache["A1"], cache["A2"]
            dZ2 = A2 - Y
            dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - A1 ** 2)
            return {"dW1": np.dot(dZ1, X.T), "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
                    "dW2": np.dot(dZ2, A1.T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    """),
    "update_in_place": ("update_parameters", """
        def update_parameters(parameters, grads, learning_rate=1.2):
            for name in ("W1", "b1", "W2", "b2"):
                parameters[name] -= learning_rate * grads["d" + name]
            return parameters
    """),
    "update_fixed_rate": ("update_parameters", """
        def update_parameters(parameters, grads, learning_rate=1.2):
            return {name: parameters[name] - 1.2 * grads["d" + name]
                    for name in ("W1", "b1", "W2", "b2")}
    """),
    "nn_model_no_seed": ("nn_model", """
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            n_x, _, n_y = layer_sizes(X, Y)
            parameters = initialize_parameters(n_x, n_h, n_y)
            for i in range(num_iterations):
                A2, cache = forward_propagation(X, parameters)
                grads = backward_propagation(parameters, cache, X, Y)
                parameters = update_parameters(parameters, grads)
            return parameters
    """),
    "nn_model_drops_update": ("nn_model", """
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            np.random.seed(3)
            n_x, _, n_y = layer_sizes(X, Y)
            parameters = initialize_parameters(n_x, n_h, n_y)
            for i in range(num_iterations):
                A2, cache = forward_propagation(X, parameters)
                grads = backward_propagation(parameters, cache, X, Y)
                update_parameters(parameters, grads)
            return parameters
    """),
    "nn_model_ignores_n_h": ("nn_model", """
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            np.random.seed(3)
            n_x, n_h, n_y = layer_sizes(X, Y)
            parameters = initialize_parameters(n_x, n_h, n_y)
            for i in range(num_iterations):
                A2, cache = forward_propagation(X, parameters)
                grads = backward_propagation(parameters, cache, X, Y)
                parameters = update_parameters(parameters, grads)
            return parameters
    """),
    "nn_model_wrong_rate": ("nn_model", """
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            np.random.seed(3)
            n_x, _, n_y = layer_sizes(X, Y)
            parameters = initialize_parameters(n_x, n_h, n_y)
            for i in range(num_iterations):
                A2, cache = forward_propagation(X, parameters)
                grads = backward_propagation(parameters, cache, X, Y)
                parameters = update_parameters(parameters, grads, 0.5)
            return parameters
    """),
    "predict_threshold_on_z2": ("predict", """
        def predict(parameters, X):
            A2, cache = forward_propagation(X, parameters)
            return cache["Z2"] > 0.5
    """),
    "predict_probabilities": ("predict", """
        def predict(parameters, X):
            A2, cache = forward_propagation(X, parameters)
            return A2
    """),
}


# Caught by the public check only: the grader seeds the global generator with 3 before
# calling nn_model (so that the reference's initialize_parameters, which runs on the
# grader's side in the sandbox, draws the same weights), and the seed line is given.
PUBLIC_ONLY = {"nn_model_no_seed"}


@pytest.mark.parametrize("mutant", sorted(set(MUTANTS) - PUBLIC_ONLY))
def test_mutant_fails_only_its_function(reference, mutant):
    function, source = MUTANTS[mutant]
    namespace = dict(reference)
    exec(textwrap.dedent(source), namespace)
    for name in FUNCTIONS:
        results = run_checks_in_namespace(ASSIGNMENT, name, namespace)
        failed = [r.check_id for r in results if not r.passed]
        if name == function:
            assert failed, f"{mutant}: no hidden check of {function} failed"
        else:
            assert not failed, f"{mutant}: checks of another function failed: {failed}"


@pytest.mark.parametrize("mutant", ["layer_sizes_hard_coded", "initialize_unscaled", "forward_relu",
                                    "cost_minus_uint8", "backward_wrong_derivative",
                                    "update_in_place", "nn_model_no_seed", "predict_probabilities"])
def test_mutant_fails_public_check(reference, mutant):
    """Each graded function has a mistake its public check reports (with a ✗ line)."""
    function, source = MUTANTS[mutant]
    namespace = dict(reference)
    exec(textwrap.dedent(source), namespace)
    with pytest.raises(CheckFailed):
        _quiet(getattr(public, f"test_{function}"), namespace[function])
