"""Module 4's public and hidden checks: the reference passes them all, and typical mistakes
fail the hidden checks of the function that has them, and only of that function."""

from __future__ import annotations

import contextlib
import io
import textwrap

import pytest

from autograder import course, notebook
from autograder.hidden import run_checks_in_namespace
from autograder.public import module4
from autograder.public.report import CheckFailed
from autograder.reference import load_reference

ASSIGNMENT = "module4_deep_network"
DEPENDENCIES = notebook.dependencies(notebook.read(course.assignment(ASSIGNMENT).source))
FUNCTIONS = ["layer_shapes", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
             "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
             "L_model_backward", "gradient_check_deep", "update_parameters", "two_layer_model",
             "L_layer_model"]


@pytest.fixture(scope="module")
def reference():
    return load_reference(ASSIGNMENT)


def _failed(results):
    return [f"{r.check_id}: {r.status}: {r.message}" for r in results if not r.passed]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_check_passes_on_the_reference(reference, name):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(module4, f"test_{name}")(reference[name])
    assert "✗" not in out.getvalue()
    assert f"passed for {name}" in out.getvalue()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hidden_checks_pass_on_the_reference(reference, name):
    results = run_checks_in_namespace(ASSIGNMENT, name, dict(reference))
    assert results and not _failed(results), _failed(results)


# Typical mistakes: (graded function, what is wrong, its code). Each is defined in a copy
# of the reference namespace, replacing the reference's function.
MISTAKES = [
    ("layer_shapes", "W transposed", """
        def layer_shapes(layer_dims, m):
            shapes = {"A0": (layer_dims[0], m)}
            for l in range(1, len(layer_dims)):
                shapes["W" + str(l)] = (layer_dims[l - 1], layer_dims[l])
                shapes["b" + str(l)] = (layer_dims[l], 1)
                shapes["Z" + str(l)] = (layer_dims[l], m)
                shapes["A" + str(l)] = (layer_dims[l], m)
            return shapes
    """),
    ("layer_shapes", "hard-coded lecture network", """
        def layer_shapes(layer_dims, m):
            dims = [2, 3, 5, 4, 2, 1]
            shapes = {"A0": (dims[0], m)}
            for l in range(1, 6):
                shapes["W" + str(l)] = (dims[l], dims[l - 1])
                shapes["b" + str(l)] = (dims[l], 1)
                shapes["Z" + str(l)] = (dims[l], m)
                shapes["A" + str(l)] = (dims[l], m)
            return shapes
    """),
    ("initialize_parameters_deep", "scaling ignored (always 0.01)", """
        def initialize_parameters_deep(layer_dims, scaling="sqrt"):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
                parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
            return parameters
    """),
    ("initialize_parameters_deep", "seeds inside", """
        def initialize_parameters_deep(layer_dims, scaling="sqrt"):
            np.random.seed(3)
            parameters = {}
            for l in range(1, len(layer_dims)):
                W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                parameters["W" + str(l)] = W * 0.01 if scaling == "small" else W / np.sqrt(layer_dims[l - 1])
                parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
            return parameters
    """),
    ("linear_forward", "bias forgotten", """
        def linear_forward(A, W, b):
            return np.dot(W, A), (A, W, b)
    """),
    ("linear_activation_forward", "activations swapped", """
        def linear_activation_forward(A_prev, W, b, activation):
            Z, linear_cache = linear_forward(A_prev, W, b)
            A = relu(Z) if activation == "sigmoid" else sigmoid(Z)
            return A, (linear_cache, Z)
    """),
    ("linear_activation_forward", "A cached instead of Z", """
        def linear_activation_forward(A_prev, W, b, activation):
            Z, linear_cache = linear_forward(A_prev, W, b)
            A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
            return A, (linear_cache, A)
    """),
    ("L_model_forward", "hard-coded L = 3", """
        def L_model_forward(X, parameters):
            caches, A = [], X
            for l in range(1, 3):
                A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
                caches.append(cache)
            AL, cache = linear_activation_forward(A, parameters["W3"], parameters["b3"], "sigmoid")
            caches.append(cache)
            return AL, caches
    """),
    ("L_model_forward", "sigmoid on every layer", """
        def L_model_forward(X, parameters):
            caches, A = [], X
            for l in range(1, len(parameters) // 2 + 1):
                A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "sigmoid")
                caches.append(cache)
            return A, caches
    """),
    ("compute_cost", "missing 1/m", """
        def compute_cost(AL, Y):
            return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
    """),
    ("compute_cost", "returns a (1, 1) array", """
        def compute_cost(AL, Y):
            m = Y.shape[1]
            return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    """),
    ("linear_backward", "db without keepdims", """
        def linear_backward(dZ, cache):
            A_prev, W, b = cache
            m = A_prev.shape[1]
            return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1) / m
    """),
    ("linear_backward", "dW missing 1/m", """
        def linear_backward(dZ, cache):
            A_prev, W, b = cache
            m = A_prev.shape[1]
            return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True) / m
    """),
    ("linear_activation_backward", "wrong activation derivative", """
        def linear_activation_backward(dA, cache, activation):
            linear_cache, Z = cache
            dZ = sigmoid_backward(dA, Z) if activation == "relu" else relu_backward(dA, Z)
            return linear_backward(dZ, linear_cache)
    """),
    ("L_model_backward", "dAL with the wrong sign", """
        def L_model_backward(AL, Y, caches):
            grads, L = {}, len(caches)
            dA = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
            for l in reversed(range(1, L + 1)):
                dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
                grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
            return grads
    """),
    ("L_model_backward", "keys off by one", """
        def L_model_backward(AL, Y, caches):
            grads, L = {}, len(caches)
            dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
            for l in reversed(range(1, L + 1)):
                dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
                grads["dA" + str(l)], grads["dW" + str(l - 1)], grads["db" + str(l - 1)] = dA, dW, db
            return grads
    """),
    ("gradient_check_deep", "divides by epsilon instead of 2 epsilon", """
        def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
            theta = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients, parameters)
            approx = np.zeros_like(theta)
            for i in range(theta.shape[0]):
                plus, minus = np.copy(theta), np.copy(theta)
                plus[i] += epsilon
                minus[i] -= epsilon
                J_plus = compute_cost(L_model_forward(X, vector_to_dictionary(plus, parameters))[0], Y)
                J_minus = compute_cost(L_model_forward(X, vector_to_dictionary(minus, parameters))[0], Y)
                approx[i] = (J_plus - J_minus) / epsilon
            return float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))
    """),
    ("update_parameters", "updates the input dict in place", """
        def update_parameters(params, grads, learning_rate):
            for l in range(1, len(params) // 2 + 1):
                params["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
                params["b" + str(l)] -= learning_rate * grads["db" + str(l)]
            return params
    """),
    ("update_parameters", "hard-coded two layers", """
        def update_parameters(params, grads, learning_rate):
            parameters = copy.deepcopy(params)
            for l in (1, 2):
                parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
            return parameters
    """),
    ("two_layer_model", "'sqrt' initialisation instead of 'small'", """
        def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
            np.random.seed(1)
            parameters = initialize_parameters_deep(layers_dims)
            costs = []
            for i in range(num_iterations):
                AL, caches = L_model_forward(X, parameters)
                cost = compute_cost(AL, Y)
                parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
                if i % 100 == 0 or i == num_iterations - 1:
                    costs.append(cost)
            return parameters, costs
    """),
    ("two_layer_model", "cost recorded after the update, last iteration missing", """
        def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
            np.random.seed(1)
            parameters = initialize_parameters_deep(layers_dims, scaling="small")
            costs = []
            for i in range(num_iterations):
                AL, caches = L_model_forward(X, parameters)
                parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
                if i % 100 == 0:
                    costs.append(compute_cost(L_model_forward(X, parameters)[0], Y))
            return parameters, costs
    """),
    ("L_layer_model", "learning rate ignored", """
        def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
            np.random.seed(1)
            parameters = initialize_parameters_deep(layers_dims)
            costs = []
            for i in range(num_iterations):
                AL, caches = L_model_forward(X, parameters)
                cost = compute_cost(AL, Y)
                parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), 0.0075)
                if i % 100 == 0 or i == num_iterations - 1:
                    costs.append(cost)
            return parameters, costs
    """),
    ("L_layer_model", "no seed", """
        def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
            parameters = initialize_parameters_deep(layers_dims)
            costs = []
            for i in range(num_iterations):
                AL, caches = L_model_forward(X, parameters)
                cost = compute_cost(AL, Y)
                parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
                if i % 100 == 0 or i == num_iterations - 1:
                    costs.append(cost)
            return parameters, costs
    """),
]


def _with_mistake(reference, source):
    namespace = dict(reference)
    exec(textwrap.dedent(source), namespace)
    return namespace


@pytest.mark.parametrize("function, mistake, source", MISTAKES, ids=[f"{f}-{m}" for f, m, _ in MISTAKES])
def test_a_typical_mistake_fails_its_own_hidden_checks(reference, function, mistake, source):
    np_state = reference["np"].random.get_state()
    try:
        results = run_checks_in_namespace(ASSIGNMENT, function, _with_mistake(reference, source))
    finally:
        reference["np"].random.set_state(np_state)
    assert _failed(results), f"{function} with '{mistake}' passed every hidden check"


@pytest.mark.parametrize("function, mistake, source", MISTAKES, ids=[f"{f}-{m}" for f, m, _ in MISTAKES])
def test_a_typical_mistake_costs_no_other_function_points(reference, function, mistake, source):
    namespace = _with_mistake(reference, source)
    # Only the functions that call the mistaken one could be touched (they run with the
    # reference in its place); the others cannot, and are not re-run.
    for other in FUNCTIONS:
        if other != function and function in DEPENDENCIES.get(other, []):
            results = run_checks_in_namespace(ASSIGNMENT, other, namespace)
            assert not _failed(results), f"'{mistake}' in {function} made {other} fail: {_failed(results)}"


@pytest.mark.parametrize("function, mistake, source", MISTAKES, ids=[f"{f}-{m}" for f, m, _ in MISTAKES])
def test_a_typical_mistake_fails_its_public_check(reference, function, mistake, source):
    namespace = _with_mistake(reference, source)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(CheckFailed):
        getattr(module4, f"test_{function}")(namespace[function])
    assert "✗" in out.getvalue()
