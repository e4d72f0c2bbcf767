"""Hidden checks of Module 3 (a shallow neural network on the planar "flower" data).

Randomized inputs (seeded per check), sizes other than the notebook's (n_x, n_h, m), compared
with the reference solution without revealing its values. Backpropagation is also checked
against centered finite differences of the reference's forward pass and cost.

Seed convention (documented in the notebook): ``initialize_parameters`` does not seed (the
caller does), and ``nn_model`` calls ``np.random.seed(3)`` first. The checks set the global
seed to the same value before the student's and the reference's calls, except
``nn_model_seeds_itself``, which leaves the generator in another state to see that
``nn_model`` seeds itself.

Partial credit: a check that compares several outputs gives each its share, named by the
notebook's names (``n_x``, ``A2`` and ``cache``, ``dW1`` ..., ``W1`` ...; the cost is one part,
whose value right in the wrong type keeps ``VALUE_SHARE``). What must hold before anything can
be compared (a tuple of 2; a dict, with no keys beyond the reference's) still fails the whole check.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import numpy as np
import numpy.typing as npt

from autograder.hidden.spec import CheckFailure, Tester, compare, hidden_check

ASSIGNMENT = "module3_shallow_network"
KEYS = ("W1", "b1", "W2", "b2")

# (n_x, n_h, n_y, m): none is the notebook's (2, 4, 1, 400) or the public examples'
SIZES = [(3, 5, 1, 7), (1, 2, 1, 4), (6, 3, 1, 10), (4, 7, 2, 5)]


def _parameters(rng: np.random.Generator, n_x: int, n_h: int, n_y: int,
                scale: float = 1.0) -> dict[str, np.ndarray]:
    return {"W1": rng.normal(0.0, scale, size=(n_h, n_x)),
            "b1": rng.normal(0.0, scale, size=(n_h, 1)),
            "W2": rng.normal(0.0, scale, size=(n_y, n_h)),
            "b2": rng.normal(0.0, scale, size=(n_y, 1))}


def _labels(rng: np.random.Generator, n_y: int, m: int, dtype: npt.DTypeLike = float) -> np.ndarray:
    Y = rng.integers(0, 2, size=(n_y, m))
    Y[0, 0], Y[0, -1] = 0, 1  # both classes present
    return Y.astype(dtype)


def _problem(rng: np.random.Generator, n_x: int, n_h: int, n_y: int, m: int, scale: float = 1.0,
             dtype: npt.DTypeLike = float) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    return (_parameters(rng, n_x, n_h, n_y, scale), rng.normal(0.0, 1.0, size=(n_x, m)),
            _labels(rng, n_y, m, dtype))


def _float_array(value: Any) -> Any:
    """Predictions as floats (booleans and 0/1 numbers are both accepted)."""
    try:
        return np.asarray(value, dtype=float) if isinstance(value, np.ndarray) else value
    except (TypeError, ValueError):
        return value


# -- layer_sizes --------------------------------------------------------------------------
@hidden_check("layer_sizes", weight=1, title="returns (n_x, 4, n_y) read from the shapes of X and Y")
def layer_sizes_shapes(t: Tester) -> None:
    for n_x, n_y, m in [(3, 1, 7), (12, 2, 5), (1, 3, 1), (7, 1, 2)]:
        X = t.rng.normal(size=(n_x, m))
        Y = t.rng.normal(size=(n_y, m))
        found = t.student("layer_sizes", X, Y)
        t.check(isinstance(found, (tuple, list)) and len(found) == 3,
                f"layer_sizes should return a tuple (n_x, n_h, n_y); it returned {type(found).__name__}"
                f"{' of length ' + str(len(found)) if isinstance(found, (tuple, list)) else ''}.")
        expected = t.reference("layer_sizes", X, Y)
        for label, f, e in zip(("n_x", "n_h", "n_y"), found, expected, strict=True):
            t.compare(f, e, what=f"{label} from layer_sizes(X of shape {X.shape}, Y of shape {Y.shape})",
                      part=label)


# -- initialize_parameters ------------------------------------------------------------------
@hidden_check("initialize_parameters", weight=2,
              title="matches the reference (randn * 0.01, zero biases) when the caller seeds")
def initialize_parameters_seeded(t: Tester) -> None:
    for n_x, n_h, n_y, _ in SIZES:
        seed = int(t.rng.integers(0, 10_000))
        np.random.seed(seed)
        found = t.student("initialize_parameters", n_x, n_h, n_y)
        np.random.seed(seed)
        expected = t.reference("initialize_parameters", n_x, n_h, n_y)
        t.compare_parts(found, expected, what=f"initialize_parameters({n_x}, {n_h}, {n_y})")


@hidden_check("initialize_parameters", weight=1,
              title="does not seed inside: consecutive calls draw different weights")
def initialize_parameters_no_reseed(t: Tester) -> None:
    np.random.seed(int(t.rng.integers(0, 10_000)))
    first = t.student("initialize_parameters", 3, 5, 1)
    second = t.student("initialize_parameters", 3, 5, 1)
    t.check(isinstance(first, dict) and isinstance(second, dict) and "W1" in first and "W1" in second,
            "initialize_parameters should return a dict with 'W1', 'b1', 'W2', 'b2'.")
    t.check(not np.array_equal(first["W1"], second["W1"]),
            "two consecutive calls returned the same W1: do not call np.random.seed inside "
            "initialize_parameters (the caller seeds).")


@hidden_check("initialize_parameters", weight=1,
              title="shapes, float zero biases, and weights with standard deviation about 0.01")
def initialize_parameters_scale(t: Tester) -> None:
    np.random.seed(int(t.rng.integers(0, 10_000)))
    found = t.student("initialize_parameters", 40, 60, 2)
    t.check(isinstance(found, dict) and all(k in found for k in KEYS),
            "initialize_parameters should return a dict with 'W1', 'b1', 'W2', 'b2'.")
    for name, shape in [("W1", (60, 40)), ("W2", (2, 60))]:
        t.check(np.shape(found[name]) == shape,
                f"{name} has shape {np.shape(found[name])} for initialize_parameters(40, 60, 2); "
                f"expected {shape}.")
    for name, shape in [("b1", (60, 1)), ("b2", (2, 1))]:
        value = np.asarray(found[name])
        t.check(value.shape == shape, f"{name} has shape {value.shape}; expected a column of shape {shape}.")
        t.check(value.dtype.kind == "f", f"{name} has dtype {value.dtype}; use np.zeros (floats).")
        t.check(not np.any(value), f"{name} should be all zeros.")
    std = float(np.std(np.asarray(found["W1"], dtype=float)))
    t.check(0.009 < std < 0.011, "W1's entries should be standard normal draws scaled by 0.01 "
                                 f"(their standard deviation is {std:.3g}).")


# -- forward_propagation --------------------------------------------------------------------
def _compare_forward(t: Tester, X: np.ndarray, parameters: dict[str, np.ndarray], label: str) -> None:
    found = t.student("forward_propagation", X, parameters)
    t.check(isinstance(found, tuple) and len(found) == 2,
            "forward_propagation should return a tuple (A2, cache).")
    A2, cache = t.reference("forward_propagation", X, parameters)
    t.compare(found[0], A2, what=f"A2 {label}", part="A2")
    t.compare(found[1], cache, what=f"cache {label}", part="cache")


@hidden_check("forward_propagation", weight=3,
              title="A2 and the cache match the reference for random networks of other sizes")
def forward_propagation_random(t: Tester) -> None:
    for n_x, n_h, n_y, m in SIZES:
        parameters, X, _ = _problem(t.rng, n_x, n_h, n_y, m)
        _compare_forward(t, X, parameters, f"for n_x={n_x}, n_h={n_h}, n_y={n_y}, m={m}")


@hidden_check("forward_propagation", weight=1, title="works for a single example (m = 1)")
def forward_propagation_single_example(t: Tester) -> None:
    parameters, X, _ = _problem(t.rng, 3, 4, 1, 1)
    _compare_forward(t, X, parameters, "for m = 1")


# -- compute_cost ----------------------------------------------------------------------------
@hidden_check("compute_cost", weight=2, title="matches the reference for random predictions and several m")
def compute_cost_random(t: Tester) -> None:
    for m in (1, 5, 37):
        A2 = t.rng.uniform(0.02, 0.98, size=(1, m))
        Y = t.rng.integers(0, 2, size=(1, m)).astype(float)
        t.compare(t.student("compute_cost", A2, Y), t.reference("compute_cost", A2, Y),
                  what=f"cost for m = {m} (float labels)", part="cost")


@hidden_check("compute_cost", weight=1, title="works with uint8 labels (the flower's dtype)")
def compute_cost_uint8(t: Tester) -> None:
    m = 23
    A2 = t.rng.uniform(0.02, 0.98, size=(1, m))
    Y = _labels(t.rng, 1, m, np.uint8)
    found = t.student("compute_cost", A2, Y)
    expected = t.reference("compute_cost", A2, Y)
    same_with_floats = t.student("compute_cost", A2, Y.astype(float))
    try:
        float_ok = bool(np.isclose(float(np.squeeze(same_with_floats)), expected, rtol=1e-6))
        uint8_ok = bool(np.isclose(float(np.squeeze(found)), expected, rtol=1e-6))
    except (TypeError, ValueError):
        float_ok = uint8_ok = False
    if float_ok and not uint8_ok:
        t.fail("the cost is right with float labels but wrong with uint8 labels: -Y wraps "
               "around for unsigned integers (-1 becomes 255); put the minus sign in front of "
               "the sum instead.")
    t.compare(found, expected, what="cost with uint8 labels", part="cost")


@hidden_check("compute_cost", weight=1, title="returns a scalar (a float), not an array")
def compute_cost_scalar(t: Tester) -> None:
    A2 = t.rng.uniform(0.05, 0.95, size=(1, 9))
    Y = _labels(t.rng, 1, 9)
    cost = t.student("compute_cost", A2, Y)
    is_scalar = (isinstance(cost, (float, np.floating)) or
                 (isinstance(cost, np.ndarray) and cost.ndim == 0 and cost.dtype.kind == "f"))
    t.check(is_scalar, f"compute_cost returned {type(cost).__name__}"
                       f"{' of shape ' + str(cost.shape) if isinstance(cost, np.ndarray) else ''}; "
                       "return a float (float(...) or np.squeeze).")


# -- backward_propagation --------------------------------------------------------------------
@hidden_check("backward_propagation", weight=3,
              title="gradients match the reference for random networks of other sizes")
def backward_propagation_random(t: Tester) -> None:
    for n_x, n_h, n_y, m in SIZES:
        dtype = np.uint8 if n_x == 6 else float
        parameters, X, Y = _problem(t.rng, n_x, n_h, n_y, m, dtype=dtype)
        _, cache = t.reference("forward_propagation", X, parameters)
        t.compare_parts(t.student("backward_propagation", parameters, cache, X, Y),
                      t.reference("backward_propagation", parameters, cache, X, Y),
                      what=f"grads for n_x={n_x}, n_h={n_h}, n_y={n_y}, m={m}")


@hidden_check("backward_propagation", weight=2,
              title="gradient check: every gradient agrees with centered differences of the cost")
def backward_propagation_gradient_check(t: Tester) -> None:
    for n_x, n_h, m in [(3, 5, 8), (2, 3, 6)]:
        parameters, X, Y = _problem(t.rng, n_x, n_h, 1, m)
        _, cache = t.reference("forward_propagation", X, parameters)
        grads = t.student("backward_propagation", parameters, cache, X, Y)
        t.check(isinstance(grads, dict) and all("d" + k in grads for k in KEYS),
                "backward_propagation should return a dict with 'dW1', 'db1', 'dW2', 'db2'.")
        for name in KEYS:
            def cost_of(value, name=name):
                changed = dict(parameters)
                changed[name] = value
                A2, _ = t.reference("forward_propagation", X, changed)
                return t.reference("compute_cost", A2, Y)
            t.grad_check(cost_of, parameters[name], grads["d" + name],
                         what=f"d{name} (n_x={n_x}, n_h={n_h}, m={m})", part="d" + name)


# -- update_parameters -----------------------------------------------------------------------
@hidden_check("update_parameters", weight=2,
              title="matches the reference for random parameters and several learning rates")
def update_parameters_random(t: Tester) -> None:
    for (n_x, n_h, n_y, _), rate in zip(SIZES, (0.01, 0.5, 2.0, 1.2), strict=True):
        parameters = _parameters(t.rng, n_x, n_h, n_y)
        grads = {"d" + k: v for k, v in _parameters(t.rng, n_x, n_h, n_y).items()}
        t.compare_parts(t.student("update_parameters", parameters, grads, learning_rate=rate),
                      t.reference("update_parameters", parameters, grads, learning_rate=rate),
                      what=f"updated parameters with learning_rate={rate}")


@hidden_check("update_parameters", weight=1, title="uses learning_rate=1.2 by default")
def update_parameters_default_rate(t: Tester) -> None:
    parameters = _parameters(t.rng, 3, 5, 1)
    grads = {"d" + k: v for k, v in _parameters(t.rng, 3, 5, 1).items()}
    t.compare_parts(t.student("update_parameters", parameters, grads),
                  t.reference("update_parameters", parameters, grads),
                  what="updated parameters with the default learning rate")


@hidden_check("update_parameters", weight=1, title="does not modify its input dicts", about_mutation=True)
def update_parameters_no_mutation(t: Tester) -> None:
    parameters = _parameters(t.rng, 4, 3, 1)
    grads = {"d" + k: v for k, v in _parameters(t.rng, 4, 3, 1).items()}
    new = t.student("update_parameters", parameters, grads, learning_rate=0.7)  # fails if mutated
    t.check(isinstance(new, dict) and all(k in new for k in KEYS),
            "update_parameters should return a new dict with 'W1', 'b1', 'W2', 'b2'.")


# -- nn_model --------------------------------------------------------------------------------
def _student_nn_model(t: Tester, *args: Any, **kwargs: Any) -> Any:
    """The student's nn_model, with the global generator seeded as nn_model itself seeds it.

    While the student's nn_model runs, initialize_parameters is the reference's. In the
    notebook's process it draws from the generator the student's np.random.seed(3) just set;
    in the grader's sandbox it runs on the grader's side, whose generator this seeds the same
    way, so a correct nn_model gets the reference's initial weights in both places.
    """
    np.random.seed(3)
    return t.student("nn_model", *args, **kwargs)


@hidden_check("nn_model", weight=2,
              title="trained parameters match the reference (np.random.seed(3) first) on small problems")
def nn_model_matches_reference(t: Tester) -> None:
    for n_x, n_h, m, iterations in [(3, 5, 12, 30), (2, 2, 9, 60)]:
        X = t.rng.normal(0.0, 1.0, size=(n_x, m))
        Y = _labels(t.rng, 1, m, np.uint8)
        found = _student_nn_model(t, X, Y, n_h, num_iterations=iterations)
        np.random.seed(int(t.rng.integers(0, 10_000)))  # the reference seeds itself
        expected = t.reference("nn_model", X, Y, n_h, num_iterations=iterations)
        t.compare_parts(found, expected, what=f"parameters after {iterations} iterations "
                                               f"(n_x={n_x}, n_h={n_h}, m={m})", rtol=1e-5, atol=1e-7)


@hidden_check("nn_model", weight=1,
              title="the training trajectory matches the reference after 0, 1 and 7 iterations")
def nn_model_trajectory(t: Tester) -> None:
    X = t.rng.normal(0.0, 1.0, size=(4, 10))
    Y = _labels(t.rng, 1, 10)
    for iterations in (0, 1, 7):
        t.compare_parts(_student_nn_model(t, X, Y, 3, num_iterations=iterations),
                      t.reference("nn_model", X, Y, 3, num_iterations=iterations),
                      what=f"parameters after {iterations} iterations")


@hidden_check("nn_model", weight=1, title="print_cost=True trains the same parameters")
def nn_model_print_cost(t: Tester) -> None:
    X = t.rng.normal(0.0, 1.0, size=(2, 8))
    Y = _labels(t.rng, 1, 8)
    # Five iterations print once (at 0): enough to take the printing branch, and a check
    # costs a round trip to the grader per building block and iteration.
    with contextlib.redirect_stdout(io.StringIO()):  # the cost lines are not graded
        found = _student_nn_model(t, X, Y, 4, num_iterations=5, print_cost=True)
    expected = t.reference("nn_model", X, Y, 4, num_iterations=5)
    t.compare_parts(found, expected, what="parameters after 5 iterations with print_cost=True",
                  rtol=1e-5, atol=1e-7)


def _matches(found: Any, expected: Any) -> bool:
    try:
        compare(found, expected, "parameters")
    except CheckFailure:
        return False
    return True


@hidden_check("nn_model", weight=1,
              title="seeds itself with np.random.seed(3), whatever the generator's state before the call")
def nn_model_seeds_itself(t: Tester) -> None:
    X = t.rng.normal(0.0, 1.0, size=(2, 7))
    Y = _labels(t.rng, 1, 7)
    expected = t.reference("nn_model", X, Y, 3, num_iterations=2)
    np.random.seed(int(t.rng.integers(10, 10_000)))   # not seed 3's state: nn_model must set it
    found = t.student("nn_model", X, Y, 3, num_iterations=2)
    if not _matches(found, expected) and _matches(_student_nn_model(t, X, Y, 3, num_iterations=2), expected):
        t.fail("the trained parameters are right only when the generator was seeded with 3 before "
               "the call: keep np.random.seed(3) as the first line of nn_model.")
    t.compare_parts(found, expected, what="parameters after 2 iterations, the generator in another state "
                                           "before the call")


# -- predict ---------------------------------------------------------------------------------
@hidden_check("predict", weight=2, title="matches the reference's 0/1 predictions for random networks")
def predict_random(t: Tester) -> None:
    for n_x, n_h, _, m in SIZES[:3]:
        parameters, X, _ = _problem(t.rng, n_x, n_h, 1, m + 10)
        found = t.student("predict", parameters, X)
        t.compare(_float_array(found), np.asarray(t.reference("predict", parameters, X), dtype=float),
                  what=f"predictions for n_x={n_x}, n_h={n_h}, m={m + 10}")


@hidden_check("predict", weight=1, title="thresholds the probability A2 at 0.5 (not Z2, not A2 itself)")
def predict_threshold(t: Tester) -> None:
    parameters, X, _ = _problem(t.rng, 2, 4, 1, 50, scale=0.3)
    parameters["b2"] = np.array([[0.3]])   # A2 mostly in (0.5, 0.7): Z2 > 0.5 would differ
    found = t.student("predict", parameters, X)
    values = _float_array(found)
    t.check(isinstance(values, np.ndarray) and bool(np.all((values == 0) | (values == 1))),
            "predict should return only 0/1 (or booleans): compare A2 with 0.5.")
    t.compare(values, np.asarray(t.reference("predict", parameters, X), dtype=float),
              what="predictions for outputs near 0.5")
