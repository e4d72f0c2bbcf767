"""Public checks of Module 3 (a shallow neural network on the planar "flower" data).

Each ``example_<function>()`` returns the fixed inputs the notebook prints its example with;
``test_<function>(<function>)`` runs the student's function on them and compares the result
with the expected output the notebook shows. Expected values are written out here (they are
verified against the reference solution by the test suite); nothing here computes a solution.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.public.report import Checker, snapshot

PARAMETER_KEYS = ["W1", "b1", "W2", "b2"]
GRAD_KEYS = ["dW1", "db1", "dW2", "db2"]
CACHE_KEYS = ["Z1", "A1", "Z2", "A2"]


# --------------------------------------------------------------------------- example inputs

def example_layer_sizes() -> tuple[np.ndarray, np.ndarray]:
    """``X (5, 3)``, ``Y (2, 3)``: sizes other than the flower's."""
    rs = np.random.RandomState(1)
    return rs.randn(5, 3), rs.randn(2, 3)


def example_forward_propagation() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``X (2, 3)`` and parameters of a 2 -> 4 -> 1 network (rounded, readable values)."""
    rs = np.random.RandomState(2)
    X = rs.randn(2, 3)
    parameters = {"W1": np.round(rs.randn(4, 2), 2), "b1": np.round(rs.randn(4, 1) * 0.1, 2),
                  "W2": np.round(rs.randn(1, 4), 2), "b2": np.array([[0.1]])}
    return np.round(X, 2), parameters


def example_compute_cost() -> tuple[np.ndarray, np.ndarray]:
    """``A2 (1, 4)`` and ``Y (1, 4)`` uint8, like the flower's labels."""
    return np.array([[0.8, 0.3, 0.6, 0.1]]), np.array([[1, 0, 0, 0]], dtype=np.uint8)


def example_backward_propagation() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """``parameters, cache, X (2, 3), Y (1, 3)`` uint8.

    The cache is made up (round activations, with Z1 = arctanh(A1) and Z2 = logit(A2)),
    not the forward pass of these parameters: backpropagation only reads it.
    """
    X, parameters = example_forward_propagation()
    A1 = np.array([[0.5, -0.2, 0.9], [-0.7, 0.1, 0.3], [0.0, 0.6, -0.4], [0.2, -0.8, 0.7]])
    A2 = np.array([[0.7, 0.4, 0.2]])
    cache = {"Z1": np.arctanh(A1), "A1": A1, "Z2": np.log(A2 / (1 - A2)), "A2": A2}
    return parameters, cache, X, np.array([[1, 0, 1]], dtype=np.uint8)


def example_update_parameters() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``parameters, grads`` of a 2 -> 4 -> 1 network."""
    rs = np.random.RandomState(4)
    parameters = {"W1": np.round(rs.randn(4, 2), 2), "b1": np.round(rs.randn(4, 1) * 0.1, 2),
                  "W2": np.round(rs.randn(1, 4), 2), "b2": np.array([[-0.2]])}
    grads = {"dW1": np.round(rs.randn(4, 2) * 0.1, 3), "db1": np.round(rs.randn(4, 1) * 0.1, 3),
             "dW2": np.round(rs.randn(1, 4) * 0.1, 3), "db2": np.array([[0.05]])}
    return parameters, grads


def example_nn_model() -> tuple[np.ndarray, np.ndarray]:
    """A tiny problem: ``X (2, 6)``, ``Y (1, 6)`` uint8."""
    X = np.array([[1.0, -0.5, 2.0, 0.3, -1.5, 0.8],
                  [0.5, 1.5, -1.0, -0.3, 0.2, -1.2]])
    Y = np.array([[1, 0, 1, 0, 0, 1]], dtype=np.uint8)
    return X, Y


def example_predict() -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``parameters`` of a 2 -> 4 -> 1 network and ``X (2, 6)``."""
    rs = np.random.RandomState(5)
    X = np.round(rs.randn(2, 6), 2)
    parameters = {"W1": np.round(rs.randn(4, 2), 2), "b1": np.round(rs.randn(4, 1) * 0.1, 2),
                  "W2": np.round(rs.randn(1, 4), 2), "b2": np.array([[0.05]])}
    return parameters, X


# --------------------------------------------------------------------------- expected outputs

_INIT_SEED2 = {
    "W1": [[-0.0041675785, -0.0005626683], [-0.021361961, 0.0164027081],
           [-0.0179343559, -0.0084174737], [0.0050288142, -0.0124528809]],
    "W2": [[-0.0105795222, -0.0090900761, 0.0055145404, 0.0229220801]],
}

_FORWARD = {
    "Z1": [[-2.21, 2.2575, 0.03], [-1.1072, 1.6325, 2.9728],
           [3.5246, -4.1321, -3.1006], [-1.7336, 2.1224, 0.9752]],
    "A1": [[-0.9762177367, 0.9783497218, 0.0299910032], [-0.8030704064, 0.9264167832, 0.9947790021],
           [0.9982652996, -0.9994849829, -0.9959542072], [-0.9394799245, 0.9717281762, 0.7509805024]],
    "Z2": [[0.0959759228, 0.0995721532, 0.8437373596]],
    "A2": [[0.5239755795, 0.5248724916, 0.6992517628]],
}

_COST = 0.4003674356962309

_BACKWARD = {
    "dW1": [[-0.099185, 0.23217], [0.0053280667, -0.0011608],
            [-0.4542912, 0.1131562667], [-0.0525568, 0.0206592]],
    "db1": [[-0.00175], [-0.0016166667], [0.2100266667], [0.02944]],
    "dW2": [[-0.3166666667, 0.0033333333, 0.1866666667, -0.3133333333]],
    "db2": [[-0.2333333333]],
}

_UPDATE_12 = {
    "W1": [[0.1232, 0.314], [-1.0864, 0.684], [-0.3024, -1.586], [-0.6692, 0.7452]],
    "b1": [[-0.2364], [-0.1568], [-0.1428], [0.1232]],
    "W2": [[0.2332, 0.4932, -1.082, 0.2852]],
    "b2": [[-0.26]],
}

_UPDATE_05 = {
    "W1": [[0.0805, 0.4225], [-1.036, 0.6875], [-0.371, -1.5825], [-0.658, 0.6605]],
    "b1": [[-0.081], [-0.1295], [-0.0245], [0.0455]],
    "W2": [[0.348, 0.398, -1.1275, 0.323]],
    "b2": [[-0.225]],
}

_NN_MODEL_100 = {
    "W1": [[1.8581974247, -0.1862216316], [1.1465352198, -0.1524317947],
           [-1.9025573879, 0.1907216951], [1.7284371347, -0.1785107519]],
    "b1": [[-1.0607344494], [-0.5525884195], [1.091255072], [-0.972884525]],
    "W2": [[2.444979905, 1.4074296492, -2.514849993, 2.2501886461]],
    "b2": [[-0.4693489611]],
}

_PREDICT = [[0, 1, 0, 1, 0, 0]]


def _shapes(n_x: int, n_h: int, n_y: int) -> dict[str, tuple[int, int]]:
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}


# --------------------------------------------------------------------------- checks

def test_layer_sizes(layer_sizes: Callable[..., Any]) -> None:
    c = Checker("layer_sizes")
    X, Y = example_layer_sizes()
    sizes = c.call(layer_sizes, X, Y)
    c.true(isinstance(sizes, tuple) and len(sizes) == 3, "returns a tuple (n_x, n_h, n_y)",
           expected="a tuple of 3 ints", found=sizes)
    c.equal(tuple(sizes) if isinstance(sizes, (tuple, list)) else sizes, (5, 4, 2),
            "sizes for X (5, 3) and Y (2, 3)",
            hint="n_x and n_y are the numbers of rows of X and Y, n_h is 4; don't write 2 or 1 into the code.")
    flower = c.call(layer_sizes, np.zeros((2, 400)), np.zeros((1, 400)))
    c.equal(tuple(flower) if isinstance(flower, (tuple, list)) else flower, (2, 4, 1),
            "sizes for the flower's X (2, 400) and Y (1, 400)",
            hint="rows are sizes, columns are examples: use shape[0].")
    c.done()


def test_initialize_parameters(initialize_parameters: Callable[..., Any]) -> None:
    c = Checker("initialize_parameters")
    np.random.seed(2)
    parameters = c.call(initialize_parameters, 2, 4, 1)
    c.keys(parameters, PARAMETER_KEYS)
    if isinstance(parameters, dict) and all(k in parameters for k in PARAMETER_KEYS):
        for name, shape in _shapes(2, 4, 1).items():
            c.shape(parameters[name], shape, what=name,
                    hint="W1 is (n_h, n_x), W2 is (n_y, n_h), biases are columns (n, 1).")
        c.dtype_kind(parameters["b1"], "f", what="b1")
        c.close(parameters["b1"], np.zeros((4, 1)), what="b1 is zeros")
        c.close(parameters["b2"], np.zeros((1, 1)), what="b2 is zeros")
        c.close(parameters["W1"], _INIT_SEED2["W1"], what="W1 after np.random.seed(2)",
                hint="W1: standard normal draws of shape (n_h, n_x) times 0.01, drawn before W2; "
                     "do not call np.random.seed inside the function.")
        c.close(parameters["W2"], _INIT_SEED2["W2"], what="W2 after np.random.seed(2)",
                hint="W2: standard normal draws of shape (n_y, n_h) times 0.01, drawn after W1.")
        second = c.call(initialize_parameters, 2, 4, 1)
        if isinstance(second, dict) and "W1" in second:
            c.true(not np.array_equal(second["W1"], parameters["W1"]),
                   "a second call draws new weights (no seeding inside)",
                   hint="remove np.random.seed from initialize_parameters: the caller seeds.")
        large = c.call(initialize_parameters, 30, 50, 3)
        if isinstance(large, dict) and all(k in large for k in PARAMETER_KEYS):
            for name, shape in _shapes(30, 50, 3).items():
                c.shape(large[name], shape, what=f"{name} for sizes (30, 50, 3)")
            std = float(np.std(large["W1"])) if np.shape(large["W1"]) == (50, 30) else float("nan")
            c.true(0.008 < std < 0.012, "W1 entries have a standard deviation of about 0.01",
                   expected="about 0.01", found=f"{std:.4g}",
                   hint="scale the standard normal draws by 0.01.")
    c.done()


def test_forward_propagation(forward_propagation: Callable[..., Any]) -> None:
    c = Checker("forward_propagation")
    X, parameters = example_forward_propagation()
    before = snapshot(parameters)
    result = c.call(forward_propagation, X, parameters)
    c.true(isinstance(result, tuple) and len(result) == 2, "returns (A2, cache)",
           expected="a tuple (A2, cache)", found=type(result).__name__)
    if isinstance(result, tuple) and len(result) == 2:
        A2, cache = result
        c.shape(A2, (1, 3), what="A2")
        c.close(A2, _FORWARD["A2"], what="A2",
                hint="A2 = σ(Z2), with Z2 = W2 A1 + b2 (a matrix product) and A1 = tanh(Z1).")
        c.keys(cache, CACHE_KEYS, what="cache")
        if isinstance(cache, dict) and all(k in cache for k in CACHE_KEYS):
            c.close(cache["Z1"], _FORWARD["Z1"], what="cache['Z1']",
                    hint="Z1 = W1 X + b1: a matrix product (np.dot, not *), b1 broadcast over the columns.")
            c.close(cache["A1"], _FORWARD["A1"], what="cache['A1']",
                    hint="the hidden layer's activation is tanh, applied to Z1.")
            c.close(cache["Z2"], _FORWARD["Z2"], what="cache['Z2']",
                    hint="Z2 = W2 A1 + b2: the output layer reads the hidden activations A1, not Z1.")
            c.close(cache["A2"], _FORWARD["A2"], what="cache['A2'] (the same as A2)")
    c.unchanged(before, parameters, "parameters")
    c.done()


def test_compute_cost(compute_cost: Callable[..., Any]) -> None:
    c = Checker("compute_cost")
    A2, Y = example_compute_cost()
    cost = c.call(compute_cost, A2, Y.astype(float))
    c.scalar(cost, what="cost")
    c.close(cost, _COST, what="cost with float labels", m=4,
            hint="J = −(1/m) Σ (y log a2 + (1 − y) log(1 − a2)): natural logs, both terms, averaged over m.")
    cost_uint8 = c.call(compute_cost, A2, Y)
    try:
        same = bool(np.isclose(float(np.squeeze(cost_uint8)), _COST, rtol=1e-5, atol=1e-7))
    except (TypeError, ValueError):
        same = False
    c.true(same, "cost with uint8 labels (like the flower's)", expected=_COST, found=cost_uint8,
           hint="with unsigned labels, -Y wraps around (-1 becomes 255): put the minus sign in "
                "front of the sum, not on Y alone.")
    c.done()


def test_backward_propagation(backward_propagation: Callable[..., Any]) -> None:
    c = Checker("backward_propagation")
    parameters, cache, X, Y = example_backward_propagation()
    before = snapshot((parameters, cache, X, Y))
    grads = c.call(backward_propagation, parameters, cache, X, Y)
    c.keys(grads, GRAD_KEYS, what="grads")
    hints = {
        "dW2": "dW2 = (1/m) dZ2 A1ᵀ with dZ2 = A2 − Y: shape (n_y, n_h), like W2.",
        "db2": "db2 = (1/m) Σ dZ2 over the examples (the columns), a (1, 1) column.",
        "dW1": "dZ1 = W2ᵀ dZ2 ∗ (1 − A1²) (tanh's derivative is 1 − a²), then dW1 = (1/m) dZ1 Xᵀ.",
        "db1": "db1 = (1/m) Σ dZ1 over the examples (the columns), keeping the column shape (n_h, 1).",
    }
    if isinstance(grads, dict) and all(k in grads for k in GRAD_KEYS):
        for name in ["dW2", "db2", "dW1", "db1"]:
            c.close(grads[name], _BACKWARD[name], what=name, m=3, hint=hints[name])
    c.unchanged(before, (parameters, cache, X, Y), "parameters, cache, X and Y")
    c.done()


def test_update_parameters(update_parameters: Callable[..., Any]) -> None:
    c = Checker("update_parameters")
    parameters, grads = example_update_parameters()
    before = snapshot((parameters, grads))
    new = c.call(update_parameters, parameters, grads)
    c.unchanged(before, (parameters, grads), "parameters and grads")
    c.keys(new, PARAMETER_KEYS, what="returned parameters")
    if isinstance(new, dict) and all(k in new for k in PARAMETER_KEYS):
        for name in PARAMETER_KEYS:
            c.close(new[name], _UPDATE_12[name], what=f"{name} with the default learning rate 1.2",
                    hint=f"{name} := {name} − α d{name} with α = learning_rate, 1.2 by default.")
    new_05 = c.call(update_parameters, parameters, grads, learning_rate=0.5)
    if isinstance(new_05, dict) and all(k in new_05 for k in PARAMETER_KEYS):
        c.close(new_05["W1"], _UPDATE_05["W1"], what="W1 with learning_rate=0.5",
                hint="use the learning_rate argument, not a fixed number.")
    c.done()


def test_nn_model(nn_model: Callable[..., Any]) -> None:
    c = Checker("nn_model")
    X, Y = example_nn_model()
    np.random.seed(10)  # nn_model must seed itself, whatever the state before the call
    trained = c.call(nn_model, X, Y, 4, num_iterations=100)
    c.keys(trained, PARAMETER_KEYS, what="returned parameters")
    if isinstance(trained, dict) and all(k in trained for k in PARAMETER_KEYS):
        for name, shape in _shapes(2, 4, 1).items():
            c.shape(trained[name], shape, what=name)
        for name in PARAMETER_KEYS:
            c.close(trained[name], _NN_MODEL_100[name], what=f"trained {name} after 100 iterations",
                    rtol=1e-4, atol=1e-6,
                    hint="keep np.random.seed(3) first, initialize once with initialize_parameters, "
                         "and in each of the num_iterations iterations run forward_propagation, "
                         "backward_propagation and update_parameters, keeping the parameters it returns.")
    np.random.seed(20)
    wider = c.call(nn_model, X[:, :5], Y[:, :5], 3, num_iterations=2)
    if isinstance(wider, dict) and all(k in wider for k in PARAMETER_KEYS):
        for name, shape in _shapes(2, 3, 1).items():
            c.shape(wider[name], shape, what=f"{name} for n_h = 3",
                    hint="use the argument n_h, not the 4 returned by layer_sizes.")
    c.done()


def test_predict(predict: Callable[..., Any]) -> None:
    c = Checker("predict")
    parameters, X = example_predict()
    before = snapshot(parameters)
    predictions = c.call(predict, parameters, X)
    c.shape(predictions, (1, 6), what="predictions")
    if np.shape(predictions) == (1, 6):
        values = np.asarray(predictions, dtype=float)
        c.true(bool(np.all((values == 0) | (values == 1))), "predictions are 0/1 (or booleans)",
               expected="only 0 and 1", found=values,
               hint="compare the probabilities with 0.5: A2 > 0.5.")
        c.close(values, _PREDICT, what="predictions",
                hint="predict 1 where A2 > 0.5, with A2 from forward_propagation (not Z2).")
    c.unchanged(before, parameters, "parameters")
    c.done()
