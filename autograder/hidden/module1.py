"""Hidden checks of Module 1 (introduction).

Randomized inputs (seeded per check), shapes other than the notebook's, compared with the
reference solution without revealing its values.
"""

from __future__ import annotations

import numpy as np

from autograder.hidden.spec import Tester, hidden_check

ASSIGNMENT = "module1_introduction"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _random_parameters(rng: np.random.Generator, n_x: int, n_h: int) -> dict[str, np.ndarray]:
    return {"W1": rng.normal(0.0, 1.0, size=(n_h, n_x)),
            "b1": rng.normal(0.0, 1.0, size=(n_h, 1)),
            "W2": rng.normal(0.0, 1.0, size=(1, n_h)),
            "b2": rng.normal(0.0, 1.0, size=(1, 1))}


# -- relu -------------------------------------------------------------------------------
@hidden_check("relu", weight=2, title="matches the reference on random float arrays of several shapes")
def relu_random_inputs(t: Tester) -> None:
    for shape in [(7,), (3, 4), (2, 3, 5), (6, 1)]:
        z = t.rng.normal(0.0, 3.0, size=shape)
        t.compare(t.student("relu", z), t.reference("relu", z), what=f"relu(z), z of shape {shape}")


@hidden_check("relu", weight=1, title="returns floats for integer input and 0 at z = 0")
def relu_integers_and_zero(t: Tester) -> None:
    z = t.rng.integers(-5, 6, size=(4, 3))
    z[0, 0] = 0
    found = t.student("relu", z)
    t.compare(found, t.reference("relu", z), what="relu of an integer (4, 3) array")
    t.check(np.asarray(found).dtype.kind == "f",
            f"relu of an integer array should return floats, got dtype {np.asarray(found).dtype}.")
    z = np.array([0.0, -0.0, 1e-12, -1e-12])
    t.compare(t.student("relu", z), t.reference("relu", z), what="relu around 0")


# -- predict_price ----------------------------------------------------------------------
@hidden_check("predict_price", weight=2, title="matches the reference on arrays of sizes, including clamped prices")
def predict_price_arrays(t: Tester) -> None:
    for shape in [(9,), (3, 5)]:
        size = t.rng.uniform(0.0, 4.0, size=shape)
        w = float(t.rng.uniform(50.0, 300.0))
        b = float(t.rng.uniform(-300.0, -50.0))   # some houses below the kink: price 0
        t.compare(t.student("predict_price", size, w, b), t.reference("predict_price", size, w, b),
                  what=f"predict_price(size, w, b), size of shape {shape}")


@hidden_check("predict_price", weight=1, title="works on a single number")
def predict_price_scalar(t: Tester) -> None:
    for size, w, b in [(float(t.rng.uniform(1.0, 3.0)), 150.0, -40.0), (0.2, 150.0, -40.0)]:
        t.compare(t.student("predict_price", size, w, b), t.reference("predict_price", size, w, b),
                  what=f"predict_price of a single size ({'clamped to 0' if size < 0.5 else 'positive'})")


# -- house_network_forward --------------------------------------------------------------
@hidden_check("house_network_forward", weight=3,
              title="matches the reference for random parameters and other sizes (n_x, n_h, m)")
def house_network_forward_random(t: Tester) -> None:
    for n_x, n_h, m in [(5, 2, 7), (3, 6, 1), (2, 4, 11)]:
        parameters = _random_parameters(t.rng, n_x, n_h)
        X = t.rng.normal(0.0, 1.0, size=(n_x, m))
        t.compare(t.student("house_network_forward", X, parameters),
                  t.reference("house_network_forward", X, parameters),
                  what=f"Y_hat for n_x={n_x}, n_h={n_h}, m={m}")


@hidden_check("house_network_forward", weight=1,
              title="hidden units are ReLU and the output is linear (negative outputs kept)")
def house_network_forward_activations(t: Tester) -> None:
    n_x, n_h, m = 4, 5, 6
    parameters = _random_parameters(t.rng, n_x, n_h)
    parameters["W2"] = -np.abs(parameters["W2"])      # every hidden unit pushes the output down
    parameters["b2"] = np.array([[-0.5]])
    X = t.rng.normal(0.0, 1.5, size=(n_x, m))
    expected = t.reference("house_network_forward", X, parameters)
    t.check(bool(np.all(expected < 0)), "internal: the reference output should be negative here")
    t.compare(t.student("house_network_forward", X, parameters), expected,
              what="Y_hat when the linear output is negative")


# -- sigmoid_gradient -------------------------------------------------------------------
@hidden_check("sigmoid_gradient", weight=1,
              title="matches the reference on random inputs of several shapes, including large |z|")
def sigmoid_gradient_random(t: Tester) -> None:
    for shape, scale in [((8,), 2.0), ((3, 4), 6.0), ((5, 1), 15.0)]:
        z = t.rng.normal(0.0, scale, size=shape)
        t.compare(t.student("sigmoid_gradient", z), t.reference("sigmoid_gradient", z),
                  what=f"sigmoid_gradient(z), z of shape {shape}", rtol=1e-6, atol=1e-12)


@hidden_check("sigmoid_gradient", weight=1, title="gradient check against finite differences of the sigmoid")
def sigmoid_gradient_grad_check(t: Tester) -> None:
    z = t.rng.normal(0.0, 2.0, size=(3, 2))
    t.grad_check(lambda v: float(np.sum(_sigmoid(v))), z, t.student("sigmoid_gradient", z),
                 what="sigmoid_gradient on a random (3, 2) array")


# -- relu_gradient ----------------------------------------------------------------------
@hidden_check("relu_gradient", weight=1, title="matches the reference on random inputs of several shapes")
def relu_gradient_random(t: Tester) -> None:
    for shape in [(10,), (4, 3), (2, 2, 3)]:
        z = t.rng.normal(0.0, 2.0, size=shape)
        t.compare(t.student("relu_gradient", z), t.reference("relu_gradient", z),
                  what=f"relu_gradient(z), z of shape {shape}")


@hidden_check("relu_gradient", weight=1, title="0 at z = 0, floats (not booleans), integer input")
def relu_gradient_zero_and_dtype(t: Tester) -> None:
    z = t.rng.normal(0.0, 1.0, size=(3, 4))
    z[t.rng.random(size=z.shape) < 0.4] = 0.0
    z[0, 0] = 0.0
    found = t.student("relu_gradient", z)
    t.compare(found, t.reference("relu_gradient", z), what="relu_gradient of a (3, 4) array with exact zeros")
    t.check(np.asarray(found).dtype.kind == "f",
            f"relu_gradient should return floats (0.0 and 1.0), got dtype {np.asarray(found).dtype}.")
    z_int = t.rng.integers(-3, 4, size=(2, 5))
    z_int[1, 1] = 0
    t.compare(t.student("relu_gradient", z_int), t.reference("relu_gradient", z_int),
              what="relu_gradient of an integer (2, 5) array")
