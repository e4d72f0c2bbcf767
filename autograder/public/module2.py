"""Public checks of Module 2, logistic regression as a neural network.

Each ``test_<function>`` runs the student's function on the fixed inputs the notebook shows
and compares with the expected output printed there. The hidden checks used for grading
call the functions on other inputs and sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.public.report import Checker, snapshot

__all__ = ["test_sigmoid", "test_initialize_with_zeros", "test_propagate", "test_optimize",
           "test_predict", "test_model"]

# The example of Exercises 3 and 4 (propagate, optimize).
W_EXAMPLE = np.array([[1.0], [-2.0]])
B_EXAMPLE = 1.5
X_EXAMPLE = np.array([[1.0, -2.0, 0.5], [3.0, 0.5, -1.5]])
Y_EXAMPLE = np.array([[1, 0, 1]])

# The small problem of Exercise 6 (model): 4 features, 8 training and 3 test examples.
X_TRAIN_SMALL = np.array([[2.04, -2.56, 0.42, -0.57, -0.45, -0.22, -2.02, -0.23],
                          [-0.87, 3.32, 0.23, -0.35, -0.28, -0.67, -1.06, -0.39],
                          [0.48, -0.24, 0.96, -0.2, 0.02, 1.55, 0.55, -0.51],
                          [-0.18, 0.54, 1.94, -0.27, -0.24, 1.0, -0.89, -0.29]])
Y_TRAIN_SMALL = np.array([[1, 0, 1, 0, 0, 1, 0, 0]])
X_TEST_SMALL = np.array([[0.88, 0.58, 0.09],
                         [0.67, -2.83, 1.02],
                         [-0.96, -1.67, 0.28],
                         [0.7, -0.44, -1.08]])
Y_TEST_SMALL = np.array([[0, 1, 0]])


def _floats(values: Any) -> Any:
    """A list of costs as Python floats, or the value unchanged if it is not one."""
    try:
        return [float(np.squeeze(v)) for v in values]
    except (TypeError, ValueError):
        return values


def _scalar_or_value(value: Any) -> Any:
    """A size-1 numeric value as a 0-d float array (for the gradient check of db)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return value
    return array.reshape(()) if array.size == 1 else array


def _cost(w: np.ndarray, b: float | np.ndarray, X: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy cost, for the gradient check of propagate."""
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def test_sigmoid(sigmoid: Callable[..., Any]) -> None:
    c = Checker("sigmoid")
    s = c.call(sigmoid, np.array([0.0, 2.0]))
    c.shape(s, (2,), "sigmoid(np.array([0., 2.]))")
    c.close(s, [0.5, 0.88079708], "sigmoid(np.array([0., 2.]))",
            hint="σ(z) = 1 / (1 + e^(−z)): mind the parentheses around the denominator 1 + e^(−z) "
                 "and the minus sign in the exponent.")
    z = np.array([[-1.0, 0.0, 3.0], [1.0, -3.0, 10.0]])
    s = c.call(sigmoid, z)
    c.shape(s, (2, 3), "sigmoid of a (2, 3) array")
    c.close(s, [[0.26894142, 0.5, 0.95257413], [0.73105858, 0.04742587, 0.9999546]],
            "sigmoid of a (2, 3) array, elementwise",
            hint="apply the formula to every entry with np.exp (math.exp takes only single numbers).")
    s = c.call(sigmoid, 0.0)
    c.close(s, 0.5, "sigmoid(0.0) of a plain number")
    c.done()


def test_initialize_with_zeros(initialize_with_zeros: Callable[..., Any]) -> None:
    c = Checker("initialize_with_zeros")
    result = c.call(initialize_with_zeros, 2)
    if c.true(isinstance(result, tuple) and len(result) == 2, "returns (w, b)",
              expected="a tuple (w, b)", found=type(result).__name__):
        w, b = result
        c.shape(w, (2, 1), "w")
        c.dtype_kind(w, "f", "w")
        c.close(w, [[0.0], [0.0]], "w is zeros")
        c.true(isinstance(b, (float, np.floating)), "b is a float", expected="0.0 (a float)",
               found=repr(b), hint="write b = 0.0 (with the decimal point), not b = 0.")
        c.close(b, 0.0, "b is zero")
    result = c.call(initialize_with_zeros, 5)
    if c.true(isinstance(result, tuple) and len(result) == 2, "initialize_with_zeros(5) returns (w, b)",
              expected="a tuple (w, b)", found=type(result).__name__):
        c.shape(result[0], (5, 1), "w for dim = 5", hint="use dim, not a fixed size.")
    c.done()


def test_propagate(propagate: Callable[..., Any]) -> None:
    c = Checker("propagate")
    result = c.call(propagate, W_EXAMPLE.copy(), B_EXAMPLE, X_EXAMPLE.copy(), Y_EXAMPLE.copy())
    if not c.true(isinstance(result, tuple) and len(result) == 2, "returns (grads, cost)",
                  expected="a tuple (grads, cost)", found=type(result).__name__):
        c.done()
        return
    grads, cost = result
    if c.keys(grads, ["dw", "db"], "grads"):
        dw, db = grads["dw"], grads["db"]
        c.shape(dw, (2, 1), "dw", hint="dw = (1/m) X (A − Y)ᵀ has the shape of w, (n_x, 1).")
        c.close(dw, [[-0.44629508], [-0.93693709]], "dw", m=3,
                hint="dw = (1/m) X (A − Y)ᵀ, with A = σ(wᵀX + b): one column of X per example, "
                     "averaged over m.")
        c.scalar(db, "db")
        c.close(db, -0.26498503212219066, "db", m=3,
                hint="db = (1/m) Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾), the average of A − Y over the m examples.")
    c.scalar(cost, "cost")
    c.close(cost, 1.2459596815814968, "cost", m=3,
            hint="J = −(1/m) Σ (y⁽ⁱ⁾ log a⁽ⁱ⁾ + (1 − y⁽ⁱ⁾) log(1 − a⁽ⁱ⁾)), over all m examples.")
    if isinstance(grads, dict) and "dw" in grads and "db" in grads:
        c.grad_check(lambda w: _cost(w, B_EXAMPLE, X_EXAMPLE, Y_EXAMPLE), W_EXAMPLE, grads["dw"],
                     "dw against the slope of the cost", eps=1e-6)
        c.grad_check(lambda b: _cost(W_EXAMPLE, b, X_EXAMPLE, Y_EXAMPLE), np.array(B_EXAMPLE),
                     _scalar_or_value(grads["db"]), "db against the slope of the cost", eps=1e-6)
    c.done()


def test_optimize(optimize: Callable[..., Any]) -> None:
    c = Checker("optimize")
    w = W_EXAMPLE.copy()
    w_before = snapshot(w)
    result = c.call(optimize, w, B_EXAMPLE, X_EXAMPLE.copy(), Y_EXAMPLE.copy(),
                    num_iterations=100, learning_rate=0.009, print_cost=False)
    c.unchanged(w_before, w, "w")
    if not c.true(isinstance(result, tuple) and len(result) == 3, "returns (params, grads, costs)",
                  expected="a tuple (params, grads, costs)", found=type(result).__name__):
        c.done()
        return
    params, grads, costs = result
    if c.keys(params, ["w", "b"], "params"):
        c.shape(params["w"], (2, 1), "params['w']")
        c.close(params["w"], [[1.36246221], [-1.25746177]], "params['w'] after 100 iterations",
                hint="each iteration: w := w − α dw, with dw from propagate at the current w and b.")
        c.close(params["b"], 1.7089435568665903, "params['b'] after 100 iterations",
                hint="each iteration: b := b − α db.")
    if c.keys(grads, ["dw", "db"], "grads"):
        c.close(grads["dw"], [[-0.33470691], [-0.63940967]], "grads['dw'] of the last iteration")
        c.close(grads["db"], -0.17493980577999504, "grads['db'] of the last iteration")
    if c.true(isinstance(costs, list) and len(costs) == 1, "costs holds 1 cost after 100 iterations",
              expected="a list of 1 cost (iteration 0)", found=costs,
              hint="append the cost when i % 100 == 0."):
        c.close(costs[0], 1.2459596815814968, "costs[0], the cost at iteration 0")
    result = c.call(optimize, W_EXAMPLE.copy(), B_EXAMPLE, X_EXAMPLE.copy(), Y_EXAMPLE.copy(),
                    num_iterations=201, learning_rate=0.009)
    if c.true(isinstance(result, tuple) and len(result) == 3, "returns (params, grads, costs) for 201 iterations"):
        costs = result[2]
        if c.true(isinstance(costs, list) and len(costs) == 3, "costs holds 3 costs after 201 iterations",
                  expected="costs at iterations 0, 100 and 200", found=costs,
                  hint="append the cost when i % 100 == 0, inside the loop."):
            c.close(_floats(costs),
                    [1.2459596815814968, 0.4313888006470239, 0.1806697432824995],
                    "costs at iterations 0, 100 and 200")
    result = c.call(optimize, W_EXAMPLE.copy(), B_EXAMPLE, X_EXAMPLE.copy(), Y_EXAMPLE.copy(),
                    num_iterations=101, learning_rate=0.1)
    if c.true(isinstance(result, tuple) and len(result) == 3, "returns (params, grads, costs) for learning rate 0.1"):
        c.close(_floats(result[2]), [1.2459596815814968, 0.03925988788801326],
                "costs at iterations 0 and 100 with learning rate 0.1",
                hint="each step is α times the gradient, with α the learning_rate argument, not a fixed number.")
    result = c.call(optimize, W_EXAMPLE.copy(), B_EXAMPLE, X_EXAMPLE.copy(), Y_EXAMPLE.copy())
    if c.true(isinstance(result, tuple) and len(result) == 3, "returns (params, grads, costs) with the defaults"):
        params = result[0]
        if c.keys(params, ["w", "b"], "params with the default arguments"):
            c.close(params["w"], [[1.36246221], [-1.25746177]], "params['w'] with the default arguments",
                    hint="keep the signature's defaults, num_iterations=100 and learning_rate=0.009.")
    c.done()


def test_predict(predict: Callable[..., Any]) -> None:
    c = Checker("predict")
    w = np.array([[0.5], [-1.0]])
    X = np.array([[1.0, -1.0, 2.0, 0.0], [0.5, 1.0, -0.5, 0.25]])
    p = c.call(predict, w, 0.25, X)
    c.shape(p, (1, 4), "predictions", hint="one prediction per column of X: shape (1, m).")
    c.dtype_kind(p, "f", "predictions")
    c.close(p[:, :3] if isinstance(p, np.ndarray) and p.shape == (1, 4) else p, [[1.0, 0.0, 1.0]],
            "predictions of the first three examples",
            hint="predict 1 where ŷ = σ(wᵀX + b) > 0.5, else 0.")
    c.close(p[:, 3:] if isinstance(p, np.ndarray) and p.shape == (1, 4) else p, [[0.0]],
            "prediction where the probability is exactly 0.5",
            hint="0.5 itself is not a cat: use a strict A > 0.5, not A >= 0.5.")
    p = c.call(predict, np.array([[1.0], [2.0], [-1.0]]), -0.5, np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 3.0]]))
    c.shape(p, (1, 2), "predictions for 3 features and 2 examples", hint="use the shapes of w and X, not fixed sizes.")
    c.close(p, [[1.0, 0.0]], "predictions for 3 features and 2 examples")
    c.done()


def test_model(model: Callable[..., Any]) -> None:
    c = Checker("model")
    d = c.call(model, X_TRAIN_SMALL.copy(), Y_TRAIN_SMALL.copy(), X_TEST_SMALL.copy(), Y_TEST_SMALL.copy(),
               num_iterations=300, learning_rate=0.1, print_cost=False)
    keys = ["costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations"]
    if not c.keys(d, keys, "returned dict d"):
        c.done()
        return
    c.true(np.size(d["costs"]) == 3, "d['costs'] holds the costs at iterations 0, 100 and 200",
           expected="3 costs", found=d["costs"],
           hint="pass num_iterations (and learning_rate) on to optimize.")
    c.close(_floats(d["costs"]),
            [0.6931471805599453, 0.10959058785041692, 0.06043023429806389], "d['costs']",
            hint="start from zeros, one weight per feature (a row of X_train), and pass learning_rate on "
                 "to optimize.")
    c.shape(d["w"], (4, 1), "d['w']", hint="the number of features is X_train.shape[0].")
    c.close(d["w"], [[1.98635551], [-0.13250285], [1.58446432], [1.60048116]], "d['w'], the learned weights")
    c.close(d["b"], -1.0225682219601078, "d['b'], the learned bias")
    c.shape(d["Y_prediction_train"], (1, 8), "d['Y_prediction_train']",
            hint="predict on X_train for Y_prediction_train and on X_test for Y_prediction_test.")
    c.close(d["Y_prediction_train"], [[1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0]], "d['Y_prediction_train']")
    c.shape(d["Y_prediction_test"], (1, 3), "d['Y_prediction_test']",
            hint="predict on X_test for Y_prediction_test.")
    c.close(d["Y_prediction_test"], [[1.0, 0.0, 0.0]], "d['Y_prediction_test']")
    c.equal(d["learning_rate"], 0.1, "d['learning_rate']")
    c.equal(d["num_iterations"], 300, "d['num_iterations']")
    c.done()
