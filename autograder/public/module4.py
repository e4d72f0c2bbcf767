"""Public checks of module 4, a deep L-layer neural network.

Each ``case_<function>()`` builds the fixed inputs the notebook uses to show a function's
expected output; each ``test_<function>(<function>)`` runs the student's function on
them and compares with the values the notebook shows (``EXPECTED`` below).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.public.report import FAILED, Checker, snapshot

__all__ = [
    "case_layer_shapes", "case_initialize_parameters_deep", "case_linear_forward",
    "case_linear_activation_forward", "case_L_model_forward", "case_compute_cost",
    "case_linear_backward", "case_linear_activation_backward", "case_L_model_backward",
    "case_gradient_check_deep", "case_update_parameters", "case_two_layer_model",
    "case_L_layer_model", "case_L_model_forward_two_layers", "case_update_parameters_three_layers",
    "test_layer_shapes", "test_initialize_parameters_deep", "test_linear_forward",
    "test_linear_activation_forward", "test_L_model_forward", "test_compute_cost",
    "test_linear_backward", "test_linear_activation_backward", "test_L_model_backward",
    "test_gradient_check_deep", "test_update_parameters", "test_two_layer_model",
    "test_L_layer_model",
]

# The notebook's values: parameters {"W1": ..., "b1": ...}, a layer's linear cache
# (A_prev, W, b) and its cache (linear cache, Z).
_Parameters = dict[str, np.ndarray]
_LinearCache = tuple[np.ndarray, np.ndarray, np.ndarray]
_Cache = tuple[_LinearCache, np.ndarray]


# --------------------------------------------------------------------------- fixed inputs


def case_layer_shapes() -> tuple[list[int], int]:
    """The lecture's network n = [2, 3, 5, 4, 2, 1] (L = 5) and m = 10 examples."""
    return [2, 3, 5, 4, 2, 1], 10


def case_initialize_parameters_deep() -> list[int]:
    """A small network's layer sizes: n = [5, 4, 3]."""
    return [5, 4, 3]


def case_linear_forward() -> _LinearCache:
    """A (4, 3), W (2, 4), b (2, 1)."""
    rng = np.random.RandomState(2)
    return rng.randn(4, 3), rng.randn(2, 4), rng.randn(2, 1)


def case_linear_activation_forward() -> _LinearCache:
    """A_prev (4, 3), W (2, 4), b (2, 1)."""
    rng = np.random.RandomState(3)
    return rng.randn(4, 3), rng.randn(2, 4), rng.randn(2, 1)


def case_L_model_forward() -> tuple[np.ndarray, _Parameters]:
    """X (5, 4) and the parameters of a [5, 4, 3, 1] network."""
    rng = np.random.RandomState(6)
    X = rng.randn(5, 4)
    parameters = {"W1": rng.randn(4, 5), "b1": rng.randn(4, 1),
                  "W2": rng.randn(3, 4), "b2": rng.randn(3, 1),
                  "W3": rng.randn(1, 3), "b3": rng.randn(1, 1)}
    return X, parameters


def case_L_model_forward_two_layers() -> tuple[np.ndarray, _Parameters]:
    """X (3, 2) and the parameters of a [3, 4, 1] network (L = 2)."""
    rng = np.random.RandomState(7)
    X = rng.randn(3, 2)
    parameters = {"W1": rng.randn(4, 3), "b1": rng.randn(4, 1), "W2": rng.randn(1, 4), "b2": rng.randn(1, 1)}
    return X, parameters


def case_compute_cost() -> tuple[np.ndarray, np.ndarray]:
    """AL (1, 5) predictions and Y (1, 5) labels."""
    return np.array([[0.8, 0.9, 0.4, 0.3, 0.1]]), np.array([[1, 1, 0, 1, 0]])


def case_linear_backward() -> tuple[np.ndarray, _LinearCache]:
    """dZ (3, 4) and a linear cache (A_prev (5, 4), W (3, 5), b (3, 1))."""
    rng = np.random.RandomState(1)
    dZ = rng.randn(3, 4)
    A_prev, W, b = rng.randn(5, 4), rng.randn(3, 5), rng.randn(3, 1)
    return dZ, (A_prev, W, b)


def case_linear_activation_backward() -> tuple[np.ndarray, _Cache]:
    """dA (2, 3) and a layer's cache ((A_prev (4, 3), W (2, 4), b (2, 1)), Z (2, 3))."""
    rng = np.random.RandomState(2)
    dA = rng.randn(2, 3)
    A_prev, W, b = rng.randn(4, 3), rng.randn(2, 4), rng.randn(2, 1)
    Z = rng.randn(2, 3)
    return dA, ((A_prev, W, b), Z)


def case_L_model_backward() -> tuple[np.ndarray, np.ndarray, list[_Cache]]:
    """AL (1, 3), Y (1, 3) and three caches of a [4, 3, 2, 1] network, filled with random
    numbers (a backward pass only reads the caches, so they need not come from a forward pass)."""
    rng = np.random.RandomState(3)
    dims, m = [4, 3, 2, 1], 3
    caches = []
    for l in range(1, len(dims)):
        A_prev = rng.randn(dims[l - 1], m)
        W, b = rng.randn(dims[l], dims[l - 1]), rng.randn(dims[l], 1)
        Z = rng.randn(dims[l], m)
        caches.append(((A_prev, W, b), Z))
    AL = 1.0 / (1.0 + np.exp(-rng.randn(1, m)))
    Y = np.array([[1, 0, 1]])
    return AL, Y, caches


def case_gradient_check_deep() -> tuple[_Parameters, _Parameters, _Parameters, np.ndarray, np.ndarray]:
    """A [3, 2, 1] network's parameters, X (3, 4), Y (1, 4), its true gradients, and the same
    gradients with one mistake (dW2 with the wrong sign)."""
    rng = np.random.RandomState(1)
    X = rng.randn(3, 4)
    Y = np.array([[1, 0, 1, 1]])
    parameters = {"W1": rng.randn(2, 3), "b1": rng.randn(2, 1),
                  "W2": rng.randn(1, 2), "b2": rng.randn(1, 1)}
    gradients = {key: np.array(value) for key, value in EXPECTED["gradient_check_deep"]["gradients"].items()}
    wrong = dict(gradients)
    wrong["dW2"] = -gradients["dW2"]
    return parameters, gradients, wrong, X, Y


def case_update_parameters() -> tuple[_Parameters, _Parameters, float]:
    """Parameters and gradients of a [3, 2, 1] network, and a learning rate of 0.1."""
    rng = np.random.RandomState(2)
    params = {"W1": rng.randn(2, 3), "b1": rng.randn(2, 1), "W2": rng.randn(1, 2), "b2": rng.randn(1, 1)}
    grads = {"dW1": rng.randn(2, 3), "db1": rng.randn(2, 1), "dW2": rng.randn(1, 2), "db2": rng.randn(1, 1)}
    return params, grads, 0.1


def case_update_parameters_three_layers() -> tuple[_Parameters, _Parameters, float]:
    """Parameters and gradients of a [2, 3, 2, 1] network, and a learning rate of 0.5."""
    rng = np.random.RandomState(4)
    dims = [2, 3, 2, 1]
    params, grads = {}, {}
    for l in range(1, 4):
        params[f"W{l}"], params[f"b{l}"] = rng.randn(dims[l], dims[l - 1]), rng.randn(dims[l], 1)
        grads[f"dW{l}"], grads[f"db{l}"] = rng.randn(dims[l], dims[l - 1]), rng.randn(dims[l], 1)
    return params, grads, 0.5


def case_two_layer_model() -> tuple[np.ndarray, np.ndarray, tuple[int, ...], float, int]:
    """A small problem: X (4, 20), Y (1, 20), layers_dims (4, 3, 1), 300 iterations at rate 0.5."""
    rng = np.random.RandomState(1)
    X = rng.randn(4, 20)
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(int)
    return X, Y, (4, 3, 1), 0.5, 300


def case_L_layer_model() -> tuple[np.ndarray, np.ndarray, list[int], float, int]:
    """A small problem: X (5, 30), Y (1, 30), layers_dims [5, 4, 3, 1], 300 iterations at rate 0.1."""
    rng = np.random.RandomState(2)
    X = rng.randn(5, 30)
    Y = (X[0:1] * X[1:2] > 0).astype(int)
    return X, Y, [5, 4, 3, 1], 0.1, 300


# --------------------------------------------------------------------------- checks


def _arrays(found: Any, key: str, c: Checker) -> Any:
    """``found[key]`` or FAILED (with a reported failure) when it is missing."""
    if found is FAILED or not isinstance(found, dict) or key not in found:
        return FAILED
    return found[key]


def test_layer_shapes(layer_shapes: Callable[..., Any]) -> None:
    c = Checker("layer_shapes")
    layer_dims, m = case_layer_shapes()
    shapes = c.call(layer_shapes, layer_dims, m)
    expected = {key: tuple(value) for key, value in EXPECTED["layer_shapes"].items()}
    c.keys(shapes, list(expected))
    if c.true(isinstance(shapes, dict) and all(isinstance(v, tuple) for v in shapes.values()),
              "every shape is a tuple", expected="tuples such as (3, 2)",
              found=None if not isinstance(shapes, dict) else
              next((v for v in shapes.values() if not isinstance(v, tuple)), None),
              hint="write each shape as a tuple of two ints, e.g. (layer_dims[l], m)."):
        for group, hint in (("W", "W[l] has n[l] rows (this layer) and n[l-1] columns (the previous one)."),
                            ("b", "b[l] is a column: (n[l], 1)."),
                            ("Z", "Z[l] = W[l] A[l-1] + b[l] has one column per example: (n[l], m)."),
                            ("A", "A[l] has the shape of Z[l]; A0 is X, (n[0], m).")):
            wanted = {k: v for k, v in expected.items() if k.startswith(group)}
            got = {k: shapes.get(k) for k in wanted}
            c.equal(got, wanted, f"shapes of {', '.join(wanted)}", hint=hint)
    other = c.call(layer_shapes, [7, 1], 3)
    c.equal(other, {"A0": (7, 3), "W1": (1, 7), "b1": (1, 1), "Z1": (1, 3), "A1": (1, 3)},
            "a network with one layer, layer_dims = [7, 1], m = 3",
            hint="loop over l = 1, ..., L with L = len(layer_dims) - 1; use the arguments, not fixed sizes.")
    c.done()


def test_initialize_parameters_deep(initialize_parameters_deep: Callable[..., Any]) -> None:
    c = Checker("initialize_parameters_deep")
    layer_dims = case_initialize_parameters_deep()
    for scaling, seed, hint in (
            ("small", 3, "with scaling='small', multiply np.random.randn(n[l], n[l-1]) by 0.01."),
            ("sqrt", 1, "with scaling='sqrt', divide np.random.randn(n[l], n[l-1]) by np.sqrt(n[l-1]).")):
        np.random.seed(seed)
        parameters = c.call(initialize_parameters_deep, layer_dims, scaling=scaling)
        c.keys(parameters, ["W1", "b1", "W2", "b2"])
        for key, value in EXPECTED["initialize_parameters_deep"][scaling].items():
            found = _arrays(parameters, key, c)
            c.close(found, value, f"{key} (np.random.seed({seed}), scaling='{scaling}')",
                    hint=hint if key.startswith("W") else "biases start at zero: np.zeros((n[l], 1)).")
    np.random.seed(1)
    default = c.call(initialize_parameters_deep, layer_dims)
    c.close(_arrays(default, "W2", c), EXPECTED["initialize_parameters_deep"]["sqrt"]["W2"],
            "W2 with the default scaling (np.random.seed(1))", hint="the default scaling is 'sqrt'.")
    c.done()


def test_linear_forward(linear_forward: Callable[..., Any]) -> None:
    c = Checker("linear_forward")
    A, W, b = case_linear_forward()
    result = c.call(linear_forward, A, W, b)
    if c.true(isinstance(result, tuple) and len(result) == 2, "returns (Z, cache)",
              expected="a tuple (Z, cache)", found=type(result).__name__):
        Z, cache = result
        c.shape(Z, (2, 3), "Z")
        c.close(Z, EXPECTED["linear_forward"]["Z"], "Z",
                hint="Z[l] = W[l] A[l-1] + b[l]: a matrix product, (n[l], n[l-1]) times (n[l-1], m), "
                "then b added to every column.")
        c.true(isinstance(cache, tuple) and len(cache) == 3 and cache[0] is A and cache[1] is W
               and cache[2] is b, "cache is (A, W, b)", expected="the tuple (A, W, b)",
               found=None if isinstance(cache, tuple) else type(cache).__name__)
    c.done()


def test_linear_activation_forward(linear_activation_forward: Callable[..., Any]) -> None:
    c = Checker("linear_activation_forward")
    A_prev, W, b = case_linear_activation_forward()
    for activation, hint in (("sigmoid", "A = sigmoid(Z)."), ("relu", "A = relu(Z).")):
        result = c.call(linear_activation_forward, A_prev, W, b, activation)
        if not c.true(isinstance(result, tuple) and len(result) == 2, f"returns (A, cache) for '{activation}'",
                      expected="a tuple (A, cache)", found=type(result).__name__):
            continue
        A, cache = result
        c.close(A, EXPECTED["linear_activation_forward"][activation], f"A with '{activation}'",
                hint=f"Z = W A_prev + b (use linear_forward), then {hint}")
        ok = (isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], tuple)
              and len(cache[0]) == 3 and cache[0][0] is A_prev and isinstance(cache[1], np.ndarray))
        c.true(ok, f"cache is ((A_prev, W, b), Z) for '{activation}'",
               expected="(linear_cache, activation_cache) = ((A_prev, W, b), Z)",
               hint="a pair: first the linear cache that linear_forward returned, then the layer's Z.")
        if ok:
            c.close(cache[1], EXPECTED["linear_activation_forward"]["Z"], f"the Z kept in the cache ('{activation}')",
                    hint="the activation cache is Z, the input of the activation, not its output A.")
    c.done()


def test_L_model_forward(L_model_forward: Callable[..., Any]) -> None:
    c = Checker("L_model_forward")
    X, parameters = case_L_model_forward()
    result = c.call(L_model_forward, X, parameters)
    if c.true(isinstance(result, tuple) and len(result) == 2, "returns (AL, caches)",
              expected="a tuple (AL, caches)", found=type(result).__name__):
        AL, caches = result
        c.shape(AL, (1, 4), "AL")
        c.close(AL, EXPECTED["L_model_forward"]["AL"], "AL",
                hint="ReLU on layers 1..L-1, sigmoid on layer L, each layer fed the previous layer's A.")
        c.true(isinstance(caches, list) and len(caches) == 3, "caches is a list of L = 3 caches",
               expected="a list of 3 caches", found=f"{type(caches).__name__} of length "
               f"{len(caches) if hasattr(caches, '__len__') else '?'}",
               hint="append one cache per layer, the last layer's too.")
        if isinstance(caches, list) and len(caches) == 3:
            shapes = [np.shape(cache[1]) if isinstance(cache, tuple) and len(cache) == 2 else None
                      for cache in caches]
            c.equal(shapes, [(4, 4), (3, 4), (1, 4)], "the Z of each cache has shape (n[l], m)",
                    hint="caches[l-1] is layer l's cache ((A_prev, W, b), Z).")
    X2, small = case_L_model_forward_two_layers()
    result = c.call(L_model_forward, X2, small)
    if not c._skip(result):
        AL2 = result[0] if isinstance(result, tuple) else result
        c.close(AL2, EXPECTED["L_model_forward"]["AL_two_layers"], "AL of another network ([3, 4, 1], L = 2)",
                hint="find L from the parameters (L = len(parameters) // 2); do not fix the number of layers.")
    c.done()


def test_compute_cost(compute_cost: Callable[..., Any]) -> None:
    c = Checker("compute_cost")
    AL, Y = case_compute_cost()
    cost = c.call(compute_cost, AL, Y)
    c.scalar(cost)
    c.close(cost, EXPECTED["compute_cost"], "cost", m=5,
            hint="J = −(1/m) Σᵢ (y⁽ⁱ⁾ log a⁽ⁱ⁾ + (1 − y⁽ⁱ⁾) log(1 − a⁽ⁱ⁾)), one float for all m examples.")
    c.done()


def test_linear_backward(linear_backward: Callable[..., Any]) -> None:
    c = Checker("linear_backward")
    dZ, cache = case_linear_backward()
    result = c.call(linear_backward, dZ, cache)
    if c.true(isinstance(result, tuple) and len(result) == 3, "returns (dA_prev, dW, db)",
              expected="a tuple of 3 arrays", found=type(result).__name__):
        dA_prev, dW, db = result
        expected = EXPECTED["linear_backward"]
        c.close(dA_prev, expected["dA_prev"], "dA_prev", hint="dA[l-1] = W[l]ᵀ dZ[l], per example (no 1/m).")
        c.close(dW, expected["dW"], "dW", m=4, hint="dW[l] = (1/m) dZ[l] A[l-1]ᵀ, averaged over the m examples.")
        c.close(db, expected["db"], "db", m=4,
                hint="db[l] = (1/m) Σᵢ dZ[l](i): the sum over the examples (axis 1), kept as a column (n[l], 1).")
    c.done()


def test_linear_activation_backward(linear_activation_backward: Callable[..., Any]) -> None:
    c = Checker("linear_activation_backward")
    dA, cache = case_linear_activation_backward()
    for activation, hint in (("sigmoid", "dZ = sigmoid_backward(dA, Z)"), ("relu", "dZ = relu_backward(dA, Z)")):
        result = c.call(linear_activation_backward, dA, cache, activation)
        if not c.true(isinstance(result, tuple) and len(result) == 3, f"returns (dA_prev, dW, db) for '{activation}'",
                      expected="a tuple of 3 arrays", found=type(result).__name__):
            continue
        for name, value in zip(("dA_prev", "dW", "db"), result, strict=True):
            c.close(value, EXPECTED["linear_activation_backward"][activation][name], f"{name} with '{activation}'",
                    m=3, hint=f"{hint}, then linear_backward with this layer's linear cache.")
    c.done()


def test_L_model_backward(L_model_backward: Callable[..., Any]) -> None:
    c = Checker("L_model_backward")
    AL, Y, caches = case_L_model_backward()
    grads = c.call(L_model_backward, AL, Y, caches)
    expected = EXPECTED["L_model_backward"]
    if c.keys(grads, list(expected)):
        for key, value in expected.items():
            if key in grads:
                hint = ("dAL = -(Y / AL - (1 - Y) / (1 - AL)), then layer L with 'sigmoid' and layers "
                        "L-1, ..., 1 with 'relu'; grads['dA' + str(l-1)], grads['dW' + str(l)] and "
                        "grads['db' + str(l)] come from layer l's cache, caches[l-1].")
                c.close(grads[key], value, key, hint=hint)
    c.done()


def test_gradient_check_deep(gradient_check_deep: Callable[..., Any]) -> None:
    c = Checker("gradient_check_deep")
    parameters, gradients, wrong, X, Y = case_gradient_check_deep()
    right = c.call(gradient_check_deep, parameters, gradients, X, Y)
    c.scalar(right, "difference")
    c.true(not c._skip(right) and np.isfinite(right) and right < 1e-7,
           "difference below 1e-7 for the true gradients", expected="< 1e-7", found=right,
           hint="gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps), each i on its own copy of theta.")
    bad = c.call(gradient_check_deep, parameters, wrong, X, Y)
    c.close(bad, EXPECTED["gradient_check_deep"]["wrong"], "difference for gradients with a mistake (dW2 sign)",
            rtol=1e-4, hint="difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||), with np.linalg.norm.")
    c.done()


def test_update_parameters(update_parameters: Callable[..., Any]) -> None:
    c = Checker("update_parameters")
    params, grads, learning_rate = case_update_parameters()
    before = snapshot(params)
    parameters = c.call(update_parameters, params, grads, learning_rate)
    c.keys(parameters, ["W1", "b1", "W2", "b2"])
    if isinstance(parameters, dict):
        for key, value in EXPECTED["update_parameters"].items():
            if key in parameters:
                c.close(parameters[key], value, key,
                        hint=f"{key} - learning_rate * grads['d{key}'].")
    c.unchanged(before, params, "params")
    params, grads, learning_rate = case_update_parameters_three_layers()
    parameters = c.call(update_parameters, params, grads, learning_rate)
    c.keys(parameters, ["W1", "b1", "W2", "b2", "W3", "b3"], "parameters of a 3-layer network")
    if isinstance(parameters, dict) and "W3" in parameters:
        c.close(parameters["W3"], EXPECTED["update_parameters_three_layers"]["W3"], "W3 of a 3-layer network",
                hint="loop over every layer, l = 1, ..., L with L = len(params) // 2.")
    c.done()


def _check_training(c: Checker, result: Any, expected: dict[str, Any], what: str) -> None:
    if not c.true(isinstance(result, tuple) and len(result) == 2, "returns (parameters, costs)",
                  expected="a tuple (parameters, costs)", found=type(result).__name__):
        return
    parameters, costs = result
    c.true(isinstance(costs, list) and len(costs) == len(expected["costs"]),
           f"records {len(expected['costs'])} costs (iterations 0, 100, 200 and 299)",
           expected=f"a list of {len(expected['costs'])} costs",
           found=f"{type(costs).__name__} of length {len(costs) if hasattr(costs, '__len__') else '?'}",
           hint="append the cost when i % 100 == 0 or i == num_iterations - 1.")
    if not (isinstance(costs, list) and len(costs) == len(expected["costs"])):
        return
    if not c.close(np.array([float(np.squeeze(x)) for x in costs]), expected["costs"], "the recorded costs",
                   hint=what):
        return  # the parameters differ too: one message is enough
    c.keys(parameters, list(expected["parameters"]), "returned parameters")
    if isinstance(parameters, dict):
        for key, value in expected["parameters"].items():
            if key in parameters:
                c.close(parameters[key], value, f"trained {key}", hint=what)


def test_two_layer_model(two_layer_model: Callable[..., Any]) -> None:
    c = Checker("two_layer_model")
    X, Y, layers_dims, learning_rate, num_iterations = case_two_layer_model()
    result = c.call(two_layer_model, X, Y, layers_dims, learning_rate=learning_rate,
                    num_iterations=num_iterations)
    _check_training(c, result, EXPECTED["two_layer_model"],
                    "start with np.random.seed(1) and initialize_parameters_deep(layers_dims, scaling='small'); "
                    "use the learning_rate argument; record the cost before each iteration's update.")
    c.done()


def test_L_layer_model(L_layer_model: Callable[..., Any]) -> None:
    c = Checker("L_layer_model")
    X, Y, layers_dims, learning_rate, num_iterations = case_L_layer_model()
    result = c.call(L_layer_model, X, Y, layers_dims, learning_rate=learning_rate,
                    num_iterations=num_iterations)
    _check_training(c, result, EXPECTED["L_layer_model"],
                    "start with np.random.seed(1) and initialize_parameters_deep(layers_dims) (scaling 'sqrt'); "
                    "use the learning_rate argument; record the cost before each iteration's update.")
    c.done()


# --------------------------------------------------------------------------- expected values
# Computed from the reference solution (solutions/module4_deep_network); tests/test_module4_checks.py
# verifies them (the reference passes every public check).

# BEGIN EXPECTED
EXPECTED: dict = {'layer_shapes': {'A0': [2, 10],
                  'W1': [3, 2],
                  'b1': [3, 1],
                  'Z1': [3, 10],
                  'A1': [3, 10],
                  'W2': [5, 3],
                  'b2': [5, 1],
                  'Z2': [5, 10],
                  'A2': [5, 10],
                  'W3': [4, 5],
                  'b3': [4, 1],
                  'Z3': [4, 10],
                  'A3': [4, 10],
                  'W4': [2, 4],
                  'b4': [2, 1],
                  'Z4': [2, 10],
                  'A4': [2, 10],
                  'W5': [1, 2],
                  'b5': [1, 1],
                  'Z5': [1, 10],
                  'A5': [1, 10]},
 'initialize_parameters_deep': {'small': {'W1': [[0.017886284734,
                                                  0.004365098505,
                                                  0.000964974681,
                                                  -0.018634927034,
                                                  -0.002773882025],
                                                 [-0.003547589793,
                                                  -0.000827414815,
                                                  -0.006270006768,
                                                  -0.00043818169,
                                                  -0.004772180304],
                                                 [-0.013138647534,
                                                  0.008846223805,
                                                  0.008813180422,
                                                  0.017095730637,
                                                  0.000500336422],
                                                 [-0.004046774146,
                                                  -0.005453599476,
                                                  -0.015464773156,
                                                  0.009823674343,
                                                  -0.011010676301]],
                                          'b1': [[0.0], [0.0], [0.0], [0.0]],
                                          'W2': [[-0.01185046527,
                                                  -0.002056498994,
                                                  0.014861483551,
                                                  0.002367162672],
                                                 [-0.010237851399,
                                                  -0.007129932001,
                                                  0.006252449662,
                                                  -0.001605133632],
                                                 [-0.007688363503,
                                                  -0.002300307223,
                                                  0.007450562664,
                                                  0.019761107831]],
                                          'b2': [[0.0], [0.0], [0.0]]},
                                'sqrt': {'W1': [[0.726429330418,
                                                 -0.273585785319,
                                                 -0.236205588371,
                                                 -0.479846155373,
                                                 0.387022057483],
                                                [-1.029279395814,
                                                 0.780303542546,
                                                 -0.340422075069,
                                                 0.142678621253,
                                                 -0.111521822228],
                                                [0.653874547535,
                                                 -0.92132293393,
                                                 -0.144189357058,
                                                 -0.171754328819,
                                                 0.507037108775],
                                                [-0.491886328315,
                                                 -0.077112238664,
                                                 -0.392590219419,
                                                 0.018878561448,
                                                 0.260642887238]],
                                         'b1': [[0.0], [0.0], [0.0], [0.0]],
                                         'W2': [[-0.550309588606,
                                                 0.57236185492,
                                                 0.450795360296,
                                                 0.251247169451],
                                                [0.450427974632,
                                                 -0.341863929587,
                                                 -0.061445112759,
                                                 -0.46788471713],
                                                [-0.133944039813,
                                                 0.265177733369,
                                                 -0.345830375863,
                                                 -0.198376763428]],
                                         'b2': [[0.0], [0.0], [0.0]]}},
 'linear_forward': {'Z': [[-1.916124115821, 0.124444509513, -1.962653371124],
                          [1.394564389658, -1.326354963114, -0.292722376738]]},
 'linear_activation_forward': {'sigmoid': [[0.06878570944, 0.315563130039, 0.112379071817],
                                           [0.895193091799, 0.693382037743, 0.325914111262]],
                               'relu': [[0.0, 0.0, 0.0], [2.144919752368, 0.815978578268, 0.0]],
                               'Z': [[-2.605493411517, -0.774237655339, -2.066667042854],
                                     [2.144919752368, 0.815978578268, -0.726723649888]]},
 'L_model_forward': {'AL': [[0.039216679223, 0.704989207501, 0.197343872347, 0.04728177162]],
                     'AL_two_layers': [[0.371165775587, 0.119307567144]]},
 'compute_cost': 0.42973260214436,
 'linear_backward': {'dA_prev': [[-1.151713362801, 0.067184651155, -0.320469595124, 2.098127115769],
                                 [0.60345878816, -3.725087007081, 5.817007414838, -3.843268361293],
                                 [-0.431955202486, -1.309874173571, 1.723547047589, 0.050705776359],
                                 [-0.3898141484, 0.608112440375, -1.259384235865, 1.471915926817],
                                 [-2.522149258456, 2.678825515032, -0.679474648697, 1.481195476155]],
                     'dW': [[0.073138662186, -0.097671496866, -0.875858284547, 0.73763361846, 0.007857159461],
                            [0.855088183651,
                             0.375304128039,
                             -0.599126552752,
                             0.712781894313,
                             -0.589318077893],
                            [0.979133040384,
                             -0.243764937486,
                             -0.088396706015,
                             0.551511918201,
                             -0.102909073793]],
                     'db': [[-0.147137856102], [-0.113131551059], [-0.132091012968]]},
 'linear_activation_backward': {'sigmoid': {'dA_prev': [[0.085677126715, -0.02362429801, 0.338437058508],
                                                        [-0.142609366802, 0.13122257281, 0.202682181931],
                                                        [0.0086624624, 0.057288510531, 0.531641551898],
                                                        [-0.023710596012, 0.033562140174, 0.131593871411]],
                                            'dW': [[0.179826142696,
                                                    -0.383542561267,
                                                    -0.089938124299,
                                                    -0.192366311609],
                                                   [0.15319313921,
                                                    -0.228217701025,
                                                    0.013797588944,
                                                    -0.10985530704]],
                                            'db': [[-0.201256458459], [-0.06632575745]]},
                                'relu': {'dA_prev': [[0.420845022717, 0.0, -0.215967502077],
                                                     [-1.621865409659, 0.0, 0.832302159518],
                                                     [-0.555759780124, 0.0, 0.285202497332],
                                                     [-0.387405771219, 0.0, 0.19880728578]],
                                         'dW': [[0.0, 0.0, 0.0, 0.0],
                                                [0.571796733957,
                                                 -1.140159570568,
                                                 -0.12853835585,
                                                 -0.655639177966]],
                                         'db': [[0.0], [0.266174480916]]}},
 'L_model_backward': {'dA0': [[-0.031563432724, 0.014654037146, 0.0],
                              [-0.089504432663, 0.041554456149, 0.0],
                              [0.056855822574, -0.02639660088, 0.0],
                              [-0.063725754373, 0.029586122015, 0.0]],
                      'dA1': [[0.145052190817, -0.018098276449, 0.0],
                              [0.057876330782, -0.026870394884, 0.0],
                              [-0.053470577422, 0.000913649303, 0.0]],
                      'dA2': [[-0.050512414079, 0.030748299803, -0.034257851163],
                              [-0.051293436833, 0.031223729897, -0.034787545927]],
                      'dW1': [[0.0, 0.0, 0.0, 0.0],
                              [0.03059668704, -0.033466196524, 0.004019660809, 0.002561478722],
                              [0.0, 0.0, 0.0, 0.0]],
                      'dW2': [[0.005060175423, -0.014416653735, -0.011867509026],
                              [0.015794822571, 0.002255444789, 0.006091450565]],
                      'dW3': [[0.184225422195, 0.193988731828]],
                      'db1': [[0.0], [0.010335311966], [0.0]],
                      'db2': [[-0.006588038092], [-0.017097812278]],
                      'db3': [[-0.119557141024]]},
 'gradient_check_deep': {'gradients': {'dW1': [[0.062588773968, 0.85497321139, 0.30396670635],
                                               [-0.15450027403, -0.586715965231, -0.060274995787]],
                                       'db1': [[-0.079628939868], [0.253808179042]],
                                       'dW2': [[0.006604605269, 0.412270717315]],
                                       'db2': [[-0.001287322658]]},
                         'right': 1.2225e-09,
                         'wrong': 0.34362650608992},
 'update_parameters': {'W1': [[-0.645978648687, -0.060420766526, -2.024403551157],
                              [1.586364976347, -1.733819615214, -0.839834316004]],
                       'b1': [[0.385381295208], [-1.170500991678]],
                       'W2': [[-1.05885474396, -0.821196825603]],
                       'b2': [[0.567097461585]]},
 'update_parameters_three_layers': {'W3': [[-1.56300452272, 0.975938031053]], 'b3': [[1.689614918921]]},
 'two_layer_model': {'costs': [0.693157344643, 0.04036809072, 0.010574895428, 0.005363554708],
                     'parameters': {'W1': [[2.16950195565, 0.795946483385, 0.646949537174, -0.010105733861],
                                           [-1.881837607882,
                                            -0.750554245489,
                                            -0.263544149074,
                                            0.192541116536],
                                           [1.8864057415, 0.690306488833, 0.561612193128, -0.007451239545]],
                                    'b1': [[1.004031706678], [0.893058117128], [0.871267088146]],
                                    'W2': [[2.599856032891, -2.237436414737, 2.259071963228]],
                                    'b2': [[-1.219119828028]]}},
 'L_layer_model': {'costs': [0.643258626047, 0.391578975335, 0.315415130677, 0.202582828164],
                   'parameters': {'W1': [[1.047929541996,
                                          0.314151922965,
                                          -0.298990600643,
                                          -0.680034187982,
                                          0.484583813894],
                                         [-1.399230991495,
                                          1.496387768807,
                                          -0.150048908339,
                                          -0.03300332705,
                                          0.337846200314],
                                         [0.970676038521,
                                          -0.815672564304,
                                          -0.560010194206,
                                          0.117660158097,
                                          0.256408132673],
                                         [-0.196498348073,
                                          0.070936640889,
                                          -0.574750089087,
                                          0.297735342946,
                                          0.350969489387]],
                                  'b1': [[0.175757587571],
                                         [-0.372691089951],
                                         [0.153795253064],
                                         [-0.032018611445]],
                                  'W2': [[-1.154224136363, 1.513572511192, 0.803693612521, 0.455004409733],
                                         [0.253934605516, -0.342587192455, -0.221530407339, -0.479001419634],
                                         [-0.312428985147, 0.871412803845, -0.265865458732, -0.026638928456]],
                                  'b2': [[-0.124600603729], [-0.164857559802], [0.013451759049]],
                                  'W3': [[-1.937230728156, -0.427145070761, -0.91121120918]],
                                  'b3': [[1.538236476021]]}}}
# END EXPECTED


def _as_arrays(value: Any) -> Any:
    """Nested lists of numbers -> ndarrays (so that messages print them compactly)."""
    if isinstance(value, dict):
        return {key: _as_arrays(item) for key, item in value.items()}
    if isinstance(value, list):
        return np.array(value, dtype=float)
    return value


EXPECTED = {key: (value if key == "layer_shapes" else _as_arrays(value)) for key, value in EXPECTED.items()}
