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


# == section 6: Python and NumPy basics ==================================================

# -- basic_sigmoid ----------------------------------------------------------------------
@hidden_check("basic_sigmoid", weight=2, title="matches the reference on random numbers, returning a number")
def basic_sigmoid_random(t: Tester) -> None:
    for x in t.rng.normal(0.0, 4.0, size=6):
        t.compare(t.student("basic_sigmoid", float(x)), t.reference("basic_sigmoid", float(x)),
                  what=f"basic_sigmoid({float(x):.3f})", rtol=1e-9)


@hidden_check("basic_sigmoid", weight=1, title="integers, 0 and large |x|")
def basic_sigmoid_edges(t: Tester) -> None:
    for x in [0, int(t.rng.integers(1, 6)), -int(t.rng.integers(1, 6)), 25.0, -25.0]:
        t.compare(t.student("basic_sigmoid", x), t.reference("basic_sigmoid", x),
                  what=f"basic_sigmoid({x!r})", rtol=1e-9, atol=1e-15)


# -- sigmoid_derivative -----------------------------------------------------------------
@hidden_check("sigmoid_derivative", weight=1,
              title="matches the reference on random arrays of several shapes, including large |x|")
def sigmoid_derivative_random(t: Tester) -> None:
    for shape, scale in [((9,), 2.0), ((4, 3), 5.0), ((2, 3, 2), 12.0)]:
        x = t.rng.normal(0.0, scale, size=shape)
        t.compare(t.student("sigmoid_derivative", x), t.reference("sigmoid_derivative", x),
                  what=f"sigmoid_derivative(x), x of shape {shape}", rtol=1e-6, atol=1e-12)
    x_int = t.rng.integers(-4, 5, size=(3, 2))
    t.compare(t.student("sigmoid_derivative", x_int), t.reference("sigmoid_derivative", x_int),
              what="sigmoid_derivative of an integer (3, 2) array", rtol=1e-6, atol=1e-12)


@hidden_check("sigmoid_derivative", weight=1, title="gradient check against finite differences of the sigmoid")
def sigmoid_derivative_grad_check(t: Tester) -> None:
    x = t.rng.normal(0.0, 2.0, size=(4, 2))
    t.grad_check(lambda v: float(np.sum(_sigmoid(v))), x, t.student("sigmoid_derivative", x),
                 what="sigmoid_derivative on a random (4, 2) array")


# -- image2vector -----------------------------------------------------------------------
@hidden_check("image2vector", weight=2, title="matches the reference on random pictures of other sizes and channels")
def image2vector_random(t: Tester) -> None:
    for shape in [(4, 5, 3), (3, 2, 1), (2, 6, 2), (1, 1, 4)]:
        image = t.rng.random(size=shape)
        t.compare(t.student("image2vector", image), t.reference("image2vector", image),
                  what=f"image2vector of a {shape} picture")


@hidden_check("image2vector", weight=1, title="a 64 x 64 x 3 picture of integers becomes a (12288, 1) column")
def image2vector_cat_sized(t: Tester) -> None:
    image = t.rng.integers(0, 256, size=(64, 64, 3)).astype(np.uint8)
    t.compare(t.student("image2vector", image), t.reference("image2vector", image),
              what="image2vector of a (64, 64, 3) uint8 picture")


# -- normalize_rows ---------------------------------------------------------------------
@hidden_check("normalize_rows", weight=2, title="matches the reference on random matrices of several shapes")
def normalize_rows_random(t: Tester) -> None:
    for shape in [(5, 4), (3, 7), (1, 6), (8, 1)]:
        x = t.rng.normal(0.0, 3.0, size=shape)
        t.compare(t.student("normalize_rows", x), t.reference("normalize_rows", x),
                  what=f"normalize_rows(x), x of shape {shape}")


@hidden_check("normalize_rows", weight=1, title="square matrices: each row divided by its own norm")
def normalize_rows_square(t: Tester) -> None:
    for n in (2, 5):
        x = t.rng.normal(0.0, 1.0, size=(n, n)) * t.rng.uniform(0.5, 10.0, size=(n, 1))
        t.compare(t.student("normalize_rows", x), t.reference("normalize_rows", x),
                  what=f"normalize_rows of a random ({n}, {n}) matrix")


# -- softmax ----------------------------------------------------------------------------
@hidden_check("softmax", weight=2, title="matches the reference on random scores of several shapes")
def softmax_random(t: Tester) -> None:
    for shape in [(4, 6), (1, 10), (7, 3), (3, 3)]:
        x = t.rng.normal(0.0, 3.0, size=shape)
        t.compare(t.student("softmax", x), t.reference("softmax", x), what=f"softmax(x), x of shape {shape}")


@hidden_check("softmax", weight=1, title="large scores, and rows of very different sizes, give no overflow")
def softmax_large_inputs(t: Tester) -> None:
    # rows around +800, 0 and -800: e^x overflows (or every entry underflows) unless each row's
    # own maximum is subtracted first
    offsets = np.array([[800.0], [0.0], [-800.0]])
    x = t.rng.normal(0.0, 2.0, size=(3, 5)) + offsets
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        t.compare(t.student("softmax", x), t.reference("softmax", x),
                  what="softmax of a (3, 5) array whose rows are near 800, 0 and -800")


# -- L1 ---------------------------------------------------------------------------------
def _predictions(t: Tester, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Random predictions in (0, 1) and 0/1 labels, both of shape (m,)."""
    return t.rng.random(size=m), (t.rng.random(size=m) < 0.5).astype(float)


@hidden_check("L1", weight=2, title="matches the reference on random predictions and labels of several lengths")
def L1_random(t: Tester) -> None:
    for m in (7, 40, 1):
        yhat, y = _predictions(t, m)
        t.compare(t.student("L1", yhat, y), t.reference("L1", yhat, y), what=f"L1 for m = {m}", rtol=1e-9)


@hidden_check("L1", weight=1, title="predictions on both sides of the labels")
def L1_signs(t: Tester) -> None:
    yhat = t.rng.normal(0.0, 2.0, size=12)      # above and below the labels: the signs differ
    y = t.rng.normal(0.0, 2.0, size=12)
    t.compare(t.student("L1", yhat, y), t.reference("L1", yhat, y), what="L1 for real-valued yhat and y", rtol=1e-9)


# -- L2 ---------------------------------------------------------------------------------
@hidden_check("L2", weight=2, title="matches the reference on random predictions and labels of several lengths")
def L2_random(t: Tester) -> None:
    for m in (6, 35, 1):
        yhat, y = _predictions(t, m)
        t.compare(t.student("L2", yhat, y), t.reference("L2", yhat, y), what=f"L2 for m = {m}", rtol=1e-9)
    yhat = t.rng.normal(0.0, 2.0, size=9)
    y = t.rng.normal(0.0, 2.0, size=9)
    t.compare(t.student("L2", yhat, y), t.reference("L2", yhat, y), what="L2 for real-valued yhat and y", rtol=1e-9)


# The baseline of L2's speed check: the loss as a Python loop over the entries, the slow way
# the course's vectorization lesson starts from (it runs in a clean process of its own).
LOOPED_L2 = """
def L2(yhat, y):
    loss = 0.0
    for i in range(len(y)):
        loss += (y[i] - yhat[i]) ** 2
    return loss
"""

# How many times faster than the loop a vectorized L2 must be on SPEED_M entries, medians of
# SPEED_REPEATS alternating calls, each a round trip to its process (one BLAS thread each).
SPEED_M = 200_000
SPEED_RATIO = 5.0
SPEED_REPEATS = 7


@hidden_check("L2", weight=1, title=f"vectorized: at least {SPEED_RATIO:g} times faster than a loop over the "
                                    f"entries, for m = {SPEED_M:,}")
def L2_speed(t: Tester) -> None:
    y = (t.rng.random(size=SPEED_M) < 0.5).astype(float)

    def measure(repeats: int):
        # a different yhat on every call, so a function that remembers its last answer gains nothing
        yhats = [t.rng.random(size=SPEED_M) for _ in range(repeats)]
        return t.speed_against("L2", (yhats[0], y), LOOPED_L2, vary=lambda i: yhats[i], repeats=repeats)

    timing = measure(SPEED_REPEATS)
    if timing.ratio < SPEED_RATIO:
        # a busy shared core can slow one whole measurement: a shortfall is measured again,
        # twice as long, before it costs a vectorized L2 its point (a loop falls short both times)
        timing = measure(2 * SPEED_REPEATS)
    t.check(timing.ratio >= SPEED_RATIO,
            f"L2 took {np.median(timing.student) * 1e3:.1f} ms per call for m = {SPEED_M:,}, "
            f"{timing.ratio:.1f} times faster than a loop over the entries "
            f"({np.median(timing.baseline) * 1e3:.1f} ms); at least {SPEED_RATIO:g} times is expected. "
            "Compute all the squared differences and their sum with NumPy operations on the whole "
            "arrays, without a Python for loop.")
