"""Hidden checks of module 4, a deep L-layer neural network.

Inputs are random (seeded per check) and use layer sizes and depths other than the
notebook's, so that hard-coded sizes, a fixed number of layers or an off-by-one layer
loop are caught. Gradients are checked against centered finite differences of the
reference's forward pass and cost, computed here in the grader.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.hidden.data import cat_data
from autograder.hidden.spec import Tester, hidden_check

NETWORKS = ([5, 4, 3, 1], [3, 6, 2, 4, 1], [6, 1], [4, 7, 1])
"""Small deep networks (L = 3, 4, 1, 2) used by the forward and backward checks."""

GRADIENTS = ("dA_prev", "dW", "db")
"""What linear_backward and linear_activation_backward return, in order: the parts of their checks."""


# --------------------------------------------------------------------------- helpers


def _parameters(t: Tester, dims: list[int], scale: float = 1.0) -> dict[str, np.ndarray]:
    """Random weights and biases (nonzero, so a forgotten bias shows) for ``dims``."""
    parameters: dict[str, np.ndarray] = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = t.rng.normal(0.0, scale, size=(dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = t.rng.normal(0.0, 0.5, size=(dims[l], 1))
    return parameters


def _labels(t: Tester, m: int) -> np.ndarray:
    """A (1, m) row of 0/1 labels holding both classes."""
    Y = (t.rng.random((1, m)) > 0.5).astype(int)
    Y[0, 0], Y[0, -1] = 1, 0
    return Y


def _linear_cache(t: Tester, n: int, n_prev: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (t.rng.normal(size=(n_prev, m)), t.rng.normal(size=(n, n_prev)), t.rng.normal(size=(n, 1)))


def _reference_cost(t: Tester, X: np.ndarray, Y: np.ndarray, parameters: dict[str, np.ndarray]) -> float:
    AL, _ = t.reference("L_model_forward", X, parameters)
    return t.reference("compute_cost", AL, Y)


def _with(parameters: dict[str, np.ndarray], key: str, value: np.ndarray) -> dict[str, np.ndarray]:
    changed = dict(parameters)
    changed[key] = value
    return changed


# --------------------------------------------------------------------------- layer_shapes


@hidden_check("layer_shapes", weight=3, title="matches the reference for networks of several depths and sizes")
def layer_shapes_random_networks(t: Tester) -> None:
    for L in (1, 2, 4, 7):
        dims = [int(n) for n in t.rng.integers(1, 30, size=L + 1)]
        m = int(t.rng.integers(1, 500))
        t.compare_parts(t.student("layer_shapes", dims, m), t.reference("layer_shapes", dims, m),
                      what=f"layer_shapes({dims}, m={m})")


@hidden_check("layer_shapes", weight=2, title="the lecture's network n = [2, 3, 5, 4, 2, 1] with another m")
def layer_shapes_lecture_network(t: Tester) -> None:
    dims, m = [2, 3, 5, 4, 2, 1], 37
    t.compare_parts(t.student("layer_shapes", dims, m), t.reference("layer_shapes", dims, m),
                  what=f"layer_shapes({dims}, m={m})")


@hidden_check("layer_shapes", weight=1, title="every shape is a tuple of two ints")
def layer_shapes_are_tuples(t: Tester) -> None:
    shapes = t.student("layer_shapes", [4, 3, 2], 6)
    t.check(isinstance(shapes, dict), "layer_shapes must return a dict.")
    for key, value in shapes.items():
        t.check(isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, (int, np.integer)) for v in value),
                f"layer_shapes(...)[{key!r}] is not a tuple of two ints.")


# --------------------------------------------------------------------------- initialize_parameters_deep


def _initialization(t: Tester, dims: list[int], seed: int, **kwargs: Any) -> tuple[Any, Any]:
    np.random.seed(seed)
    found = t.student("initialize_parameters_deep", dims, **kwargs)
    np.random.seed(seed)
    expected = t.reference("initialize_parameters_deep", dims, **kwargs)
    return found, expected


@hidden_check("initialize_parameters_deep", weight=3,
              title="scaling 'sqrt' (the default) matches the reference for several networks")
def initialize_sqrt(t: Tester) -> None:
    for dims in ([7, 5, 1], [3, 9, 4, 6, 2], [12, 1]):
        seed = int(t.rng.integers(0, 1000))
        found, expected = _initialization(t, dims, seed)
        t.compare_parts(found, expected, what=f"initialize_parameters_deep({dims}) after np.random.seed({seed})")
        found, expected = _initialization(t, dims, seed, scaling="sqrt")
        t.compare_parts(found, expected, what=f"initialize_parameters_deep({dims}, scaling='sqrt')")


@hidden_check("initialize_parameters_deep", weight=2, title="scaling 'small' matches the reference")
def initialize_small(t: Tester) -> None:
    for dims in ([6, 4, 2, 1], [10, 3]):
        seed = int(t.rng.integers(0, 1000))
        found, expected = _initialization(t, dims, seed, scaling="small")
        t.compare_parts(found, expected, what=f"initialize_parameters_deep({dims}, scaling='small')")


@hidden_check("initialize_parameters_deep", weight=1, title="biases are float zeros of shape (n[l], 1)")
def initialize_biases(t: Tester) -> None:
    np.random.seed(0)
    parameters = t.student("initialize_parameters_deep", [4, 3, 2, 1])
    for l, n in ((1, 3), (2, 2), (3, 1)):
        b = parameters.get(f"b{l}") if isinstance(parameters, dict) else None
        t.check(isinstance(b, np.ndarray) and b.shape == (n, 1) and b.dtype.kind == "f" and not b.any(),
                f"b{l} must be np.zeros(({n}, 1)) (floats).")


# --------------------------------------------------------------------------- linear_forward


@hidden_check("linear_forward", weight=3, title="Z matches the reference for several shapes")
def linear_forward_values(t: Tester) -> None:
    for n, n_prev, m in ((3, 5, 7), (1, 4, 1), (6, 2, 10)):
        A, W, b = _linear_cache(t, n, n_prev, m)
        Z, _ = t.student("linear_forward", A, W, b)
        t.compare(Z, t.reference("linear_forward", A, W, b)[0], what=f"Z for W of shape {(n, n_prev)}, m = {m}")


@hidden_check("linear_forward", weight=2, title="the cache is (A, W, b)")
def linear_forward_cache(t: Tester) -> None:
    A, W, b = _linear_cache(t, 4, 3, 5)
    result = t.student("linear_forward", A, W, b)
    t.check(isinstance(result, tuple) and len(result) == 2, "linear_forward must return (Z, cache).")
    t.compare(result[1], (A, W, b), what="cache")


# --------------------------------------------------------------------------- linear_activation_forward


@hidden_check("linear_activation_forward", weight=4,
              title="A and the cache match the reference for 'relu' and 'sigmoid'")
def linear_activation_forward_values(t: Tester) -> None:
    for activation in ("relu", "sigmoid"):
        for n, n_prev, m in ((3, 5, 7), (1, 6, 4)):
            A_prev, W, b = _linear_cache(t, n, n_prev, m)
            found = t.student("linear_activation_forward", A_prev, W, b, activation)
            expected = t.reference("linear_activation_forward", A_prev, W, b, activation)
            t.compare_parts(found, expected, what=f"with '{activation}', W of shape {(n, n_prev)}",
                            names=("A", "cache"))


@hidden_check("linear_activation_forward", weight=2, title="the cache is ((A_prev, W, b), Z), Z before the activation")
def linear_activation_forward_cache(t: Tester) -> None:
    A_prev, W, b = _linear_cache(t, 3, 4, 6)
    for activation in ("relu", "sigmoid"):
        _, cache = t.student("linear_activation_forward", A_prev, W, b, activation)
        t.check(isinstance(cache, tuple) and len(cache) == 2, "the cache must be (linear_cache, Z).")
        t.compare(cache[0], (A_prev, W, b), what=f"linear cache with '{activation}'", part="linear_cache")
        t.compare(cache[1], W @ A_prev + b, what=f"activation cache Z with '{activation}'", part="activation_cache")


# --------------------------------------------------------------------------- L_model_forward


@hidden_check("L_model_forward", weight=5, title="AL matches the reference for networks of depth 1 to 4")
def L_model_forward_values(t: Tester) -> None:
    for dims in NETWORKS:
        m = int(t.rng.integers(3, 9))
        X, parameters = t.rng.normal(size=(dims[0], m)), _parameters(t, dims)
        AL, _ = t.student("L_model_forward", X, parameters)
        t.compare(AL, t.reference("L_model_forward", X, parameters)[0], what=f"AL for the network {dims}")


@hidden_check("L_model_forward", weight=3, title="caches: one per layer, each matching the reference")
def L_model_forward_caches(t: Tester) -> None:
    for dims in ([5, 4, 3, 1], [3, 6, 2, 4, 1], [6, 1]):
        X, parameters = t.rng.normal(size=(dims[0], 5)), _parameters(t, dims)
        _, caches = t.student("L_model_forward", X, parameters)
        _, expected = t.reference("L_model_forward", X, parameters)
        t.check(isinstance(caches, (list, tuple)) and len(caches) == len(expected),
                f"for the network {dims}, caches must hold L = {len(expected)} caches.")
        for l, (found, wanted) in enumerate(zip(caches, expected, strict=True), start=1):
            t.compare(found, wanted, what=f"cache of layer {l} for the network {dims}", part=f"caches[{l - 1}]")


@hidden_check("L_model_forward", weight=2, title="uses ReLU on the hidden layers and sigmoid on the last layer")
def L_model_forward_activations(t: Tester) -> None:
    # Large negative biases make a ReLU layer output exactly zero and a sigmoid layer not.
    dims = [3, 4, 4, 1]
    X, parameters = t.rng.normal(size=(3, 6)), _parameters(t, dims)
    parameters["b1"] = parameters["b1"] - 2.0
    AL, caches = t.student("L_model_forward", X, parameters)
    t.compare(AL, t.reference("L_model_forward", X, parameters)[0], what="AL with negative first-layer biases")
    A1 = caches[1][0][0]
    t.check(np.min(A1) >= 0, "the hidden layers' activations must be ReLU (never negative).")


# --------------------------------------------------------------------------- compute_cost


@hidden_check("compute_cost", weight=3, title="matches the reference for several m, returns a scalar")
def compute_cost_values(t: Tester) -> None:
    for m in (1, 7, 50):
        AL = t.rng.uniform(0.02, 0.98, size=(1, m))
        Y = (t.rng.random((1, m)) > 0.5).astype(int)
        t.compare(t.student("compute_cost", AL, Y), t.reference("compute_cost", AL, Y), what=f"cost for m = {m}",
                  part="cost")


@hidden_check("compute_cost", weight=2, title="float labels and confident predictions")
def compute_cost_float_labels(t: Tester) -> None:
    AL = np.array([[0.999, 0.001, 0.5, 0.9999, 0.2]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 0.0]])
    t.compare(t.student("compute_cost", AL, Y), t.reference("compute_cost", AL, Y), what="cost with float labels",
              part="cost")


# --------------------------------------------------------------------------- linear_backward


@hidden_check("linear_backward", weight=3, title="dA_prev, dW, db match the reference for several shapes")
def linear_backward_values(t: Tester) -> None:
    for n, n_prev, m in ((3, 5, 7), (1, 4, 2), (6, 2, 9)):
        dZ, cache = t.rng.normal(size=(n, m)), _linear_cache(t, n, n_prev, m)
        t.compare_parts(t.student("linear_backward", dZ, cache), t.reference("linear_backward", dZ, cache),
                        what=f"for W of shape {(n, n_prev)}, m = {m}", names=GRADIENTS)


@hidden_check("linear_backward", weight=5, title="gradient check: dW, db and dA_prev against finite differences")
def linear_backward_gradient_check(t: Tester) -> None:
    # With J = (1/m) sum(dZ * (W A_prev + b)), the course's dW and db are dJ/dW and dJ/db,
    # and dA_prev = m dJ/dA_prev (dZ holds per-example derivatives).
    n, n_prev, m = 4, 3, 5
    dZ = t.rng.normal(size=(n, m))
    A_prev, W, b = _linear_cache(t, n, n_prev, m)
    dA_prev, dW, db = t.student("linear_backward", dZ, (A_prev, W, b))

    def J(A_prev, W, b):
        Z, _ = t.reference("linear_forward", A_prev, W, b)
        return float(np.sum(dZ * Z)) / m

    t.grad_check(lambda W_: J(A_prev, W_, b), W, dW, what="dW", part="dW")
    t.grad_check(lambda b_: J(A_prev, W, b_), b, db, what="db", part="db")
    t.grad_check(lambda A_: m * J(A_, W, b), A_prev, dA_prev, what="dA_prev", part="dA_prev")


# --------------------------------------------------------------------------- linear_activation_backward


@hidden_check("linear_activation_backward", weight=3, title="matches the reference for 'relu' and 'sigmoid'")
def linear_activation_backward_values(t: Tester) -> None:
    for activation in ("relu", "sigmoid"):
        for n, n_prev, m in ((3, 5, 7), (1, 4, 3)):
            dA = t.rng.normal(size=(n, m))
            cache = (_linear_cache(t, n, n_prev, m), t.rng.normal(size=(n, m)))
            t.compare_parts(t.student("linear_activation_backward", dA, cache, activation),
                            t.reference("linear_activation_backward", dA, cache, activation),
                            what=f"with '{activation}', W of shape {(n, n_prev)}", names=GRADIENTS)


@hidden_check("linear_activation_backward", weight=4,
              title="gradient check of both activations against finite differences")
def linear_activation_backward_gradient_check(t: Tester) -> None:
    n, n_prev, m = 3, 4, 5
    for activation in ("relu", "sigmoid"):
        A_prev, W, b = _linear_cache(t, n, n_prev, m)
        dA = t.rng.normal(size=(n, m))
        _, cache = t.reference("linear_activation_forward", A_prev, W, b, activation)
        dA_prev, dW, db = t.student("linear_activation_backward", dA, cache, activation)

        def J(A_prev, W, b):
            A, _ = t.reference("linear_activation_forward", A_prev, W, b, activation)
            return float(np.sum(dA * A)) / m

        t.grad_check(lambda W_: J(A_prev, W_, b), W, dW, what=f"dW with '{activation}'", part="dW")
        t.grad_check(lambda b_: J(A_prev, W, b_), b, db, what=f"db with '{activation}'", part="db")
        t.grad_check(lambda A_: m * J(A_, W, b), A_prev, dA_prev, what=f"dA_prev with '{activation}'",
                     part="dA_prev")


# --------------------------------------------------------------------------- L_model_backward


def _forward(t: Tester, dims: list[int],
             m: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray, list[Any]]:
    X, parameters, Y = t.rng.normal(size=(dims[0], m)), _parameters(t, dims), _labels(t, m)
    AL, caches = t.reference("L_model_forward", X, parameters)
    return X, Y, parameters, AL, caches


@hidden_check("L_model_backward", weight=4, title="grads match the reference for networks of depth 1 to 4")
def L_model_backward_values(t: Tester) -> None:
    for dims in NETWORKS:
        _, Y, _, AL, caches = _forward(t, dims, int(t.rng.integers(3, 8)))
        t.compare_parts(t.student("L_model_backward", AL, Y, caches), t.reference("L_model_backward", AL, Y, caches),
                      what=f"grads for the network {dims}")


@hidden_check("L_model_backward", weight=6,
              title="gradient check of every dW, db and dA0 on random deep networks")
def L_model_backward_gradient_check(t: Tester) -> None:
    for dims in ([5, 4, 3, 1], [3, 6, 2, 4, 1]):
        m = 6
        X, Y, parameters, AL, caches = _forward(t, dims, m)
        grads = t.student("L_model_backward", AL, Y, caches)
        L = len(dims) - 1
        expected_keys = {f"{g}{l}" for l in range(1, L + 1) for g in ("dW", "db")} | {f"dA{l}" for l in range(L)}
        t.check(isinstance(grads, dict) and expected_keys <= set(grads),
                f"for the network {dims}, grads must hold {sorted(expected_keys)}.")
        for l in range(1, L + 1):
            for name in ("W", "b"):
                key = f"{name}{l}"
                def cost_of(v: np.ndarray, key: str = key) -> float:
                    return _reference_cost(t, X, Y, _with(parameters, key, v))

                t.grad_check(cost_of, parameters[key], grads[f"d{key}"], what=f"d{key} for the network {dims}",
                             part=f"d{key}")
        # dA0 holds per-example derivatives: m times the derivative of the mean cost.
        t.grad_check(lambda X_: m * _reference_cost(t, X_, Y, parameters), X, grads["dA0"],
                     what=f"dA0 for the network {dims}", part="dA0")


# --------------------------------------------------------------------------- gradient_check_deep


@hidden_check("gradient_check_deep", weight=3, title="a small difference (< 1e-7) for correct gradients")
def gradient_check_deep_correct(t: Tester) -> None:
    for dims in ([4, 3, 1], [3, 4, 2, 1]):
        X, Y, parameters, AL, caches = _forward(t, dims, 5)
        grads = t.reference("L_model_backward", AL, Y, caches)
        difference = t.student("gradient_check_deep", parameters, grads, X, Y)
        t.check(isinstance(difference, (float, np.floating)) or (isinstance(difference, np.ndarray)
                                                                  and difference.size == 1),
                "gradient_check_deep must return the difference as a float.")
        t.check(float(np.squeeze(difference)) < 1e-7,
                f"for correct gradients of the network {dims} the difference should be below 1e-7.")


@hidden_check("gradient_check_deep", weight=5, title="matches the reference's difference for wrong gradients")
def gradient_check_deep_wrong(t: Tester) -> None:
    for dims, key, factor in (([4, 3, 1], "dW1", 1.5), ([3, 4, 2, 1], "db2", -1.0), ([5, 2, 1], "dW2", 0.0)):
        X, Y, parameters, AL, caches = _forward(t, dims, 5)
        grads = t.reference("L_model_backward", AL, Y, caches)
        grads[key] = factor * grads[key]
        t.compare(t.student("gradient_check_deep", parameters, grads, X, Y),
                  t.reference("gradient_check_deep", parameters, grads, X, Y),
                  what=f"difference for the network {dims} with {key} multiplied by {factor}", rtol=1e-4,
                  part="difference")


# --------------------------------------------------------------------------- update_parameters


@hidden_check("update_parameters", weight=3, title="matches the reference for networks of several depths")
def update_parameters_values(t: Tester) -> None:
    for dims in ([3, 4, 1], [5, 2, 3, 4, 2], [2, 1]):
        parameters = _parameters(t, dims)
        grads = {"d" + k: t.rng.normal(size=v.shape) for k, v in parameters.items()}
        grads["dA0"] = t.rng.normal(size=(dims[0], 3))
        learning_rate = float(t.rng.uniform(0.01, 1.0))
        t.compare_parts(t.student("update_parameters", parameters, grads, learning_rate),
                      t.reference("update_parameters", parameters, grads, learning_rate),
                      what=f"updated parameters for the network {dims}")


@hidden_check("update_parameters", weight=3, title="does not modify its input dicts", about_mutation=True)
def update_parameters_no_mutation(t: Tester) -> None:
    parameters = _parameters(t, [4, 3, 2, 1])
    grads = {"d" + k: t.rng.normal(size=v.shape) for k, v in parameters.items()}
    result = t.student("update_parameters", parameters, grads, 0.3)   # fails if an input changed
    t.check(isinstance(result, dict), "update_parameters must return the new parameters (a dict).")


# --------------------------------------------------------------------------- training


def _training_problem(t: Tester, n_x: int = 20, m: int = 30) -> tuple[np.ndarray, np.ndarray]:
    X = t.rng.normal(size=(n_x, m))
    w = t.rng.normal(size=(1, n_x))
    Y = (w @ X + 0.5 * t.rng.normal(size=(1, m)) > 0).astype(int)
    return X, Y


def _compare_training(t: Tester, name: str, X: np.ndarray, Y: np.ndarray, dims: tuple[int, ...] | list[int],
                      **kwargs: Any) -> Any:
    # Iteration counts stay just past a multiple of 100 (costs at 0, 100 and the last one):
    # each iteration is several round trips between the student's process and the grader.
    found = t.student(name, X, Y, dims, **kwargs)
    expected = t.reference(name, X, Y, dims, **kwargs)
    t.check(isinstance(found, tuple) and len(found) == 2, f"{name} must return (parameters, costs).")
    parameters, costs = found
    t.check(isinstance(costs, list) and len(costs) == len(expected[1]),
            f"{name}{tuple(dims)}: costs must hold {len(expected[1])} entries, the costs at iterations "
            f"0, 100, 200, ... and at the last one.")
    t.compare([float(np.squeeze(c)) for c in costs], expected[1], what=f"costs of {name} for {dims}", rtol=1e-5,
              part="costs")
    t.compare_parts(parameters, expected[0], what=f"trained parameters of {name} for {dims}", rtol=1e-5, atol=1e-7)
    return parameters


@hidden_check("two_layer_model", weight=6,
              title="cost trajectory and parameters match the reference (20 features, 30 examples)")
def two_layer_model_trajectory(t: Tester) -> None:
    X, Y = _training_problem(t)
    _compare_training(t, "two_layer_model", X, Y, (20, 5, 1), learning_rate=0.1, num_iterations=150)


@hidden_check("two_layer_model", weight=3,
              title="other sizes, the default learning rate and an iteration count that is not a multiple of 100")
def two_layer_model_other_sizes(t: Tester) -> None:
    X, Y = _training_problem(t, n_x=7, m=12)
    _compare_training(t, "two_layer_model", X, Y, (7, 3, 1), num_iterations=130)


@hidden_check("two_layer_model", weight=1, title="prints nothing unless print_cost=True")
def two_layer_model_quiet(t: Tester) -> None:
    X, Y = _training_problem(t, n_x=4, m=6)
    _, printed = t.student_printing("two_layer_model", X, Y, (4, 2, 1), num_iterations=20)
    t.check(printed == "", "two_layer_model printed something with print_cost=False.")


@hidden_check("L_layer_model", weight=6,
              title="cost trajectory and parameters match the reference (20 features, 30 examples)")
def L_layer_model_trajectory(t: Tester) -> None:
    X, Y = _training_problem(t)
    _compare_training(t, "L_layer_model", X, Y, [20, 7, 5, 1], learning_rate=0.1, num_iterations=150)


@hidden_check("L_layer_model", weight=4, title="other depths (L = 1, 2, 4) and the default learning rate")
def L_layer_model_other_depths(t: Tester) -> None:
    X, Y = _training_problem(t, n_x=6, m=15)
    for dims in ([6, 1], [6, 4, 1], [6, 5, 4, 3, 1]):
        _compare_training(t, "L_layer_model", X, Y, dims, num_iterations=120)


@hidden_check("L_layer_model", weight=1, title="prints nothing unless print_cost=True")
def L_layer_model_quiet(t: Tester) -> None:
    X, Y = _training_problem(t, n_x=4, m=6)
    _, printed = t.student_printing("L_layer_model", X, Y, [4, 3, 1], num_iterations=20)
    t.check(printed == "", "L_layer_model printed something with print_cost=False.")


@hidden_check("L_layer_model", weight=3, title="on the cat pictures (8 x 8 pixels, [192, 20, 7, 5, 1], 30 "
                                              "iterations): the reference's costs, parameters and test predictions")
def L_layer_model_cat_data(t: Tester) -> None:
    # Small pictures and few iterations keep the check fast (the budget is the sandbox's 30 s
    # per call): every iteration sends the data to the reference's building blocks and back.
    X_train, Y_train, X_test, Y_test = cat_data(pixels=8)
    dims = [X_train.shape[0], 20, 7, 5, 1]
    parameters = _compare_training(t, "L_layer_model", X_train, Y_train, dims, num_iterations=30)
    expected = t.reference("L_layer_model", X_train, Y_train, dims, num_iterations=30)[0]
    # The reference predicts with the student's parameters only when they have the expected
    # keys and shapes: work in the grader is never sized by what the student returned.
    shaped = isinstance(parameters, dict) and parameters.keys() == expected.keys() and \
        all(isinstance(parameters[k], np.ndarray) and parameters[k].shape == expected[k].shape for k in expected)
    try:
        predictions = t.reference("predict", X_test, parameters) if shaped else None
    except Exception:  # noqa: BLE001 (parameters the reference cannot predict with, e.g. of another dtype)
        predictions = None   # (loses its part: the parameters' parts say what is wrong)
    t.compare(predictions, t.reference("predict", X_test, expected), what="predictions on the cat test set",
              part="test predictions")
