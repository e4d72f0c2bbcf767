"""Public checks of Module 1 (introduction): ReLU, a single neuron, a small network, gradients,
and the Python/NumPy basics (section 6).

The expected values are the ones ``introduction.ipynb`` shows; the grader's hidden checks
use other inputs and shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.public.report import FAILED, Checker, snapshot

__all__ = ["test_relu", "test_predict_price", "test_house_network_forward",
           "test_sigmoid_gradient", "test_relu_gradient", "test_basic_sigmoid", "test_sigmoid_derivative",
           "test_image2vector", "test_normalize_rows", "test_softmax", "test_L1", "test_L2"]

# The hand-picked house network of the notebook (section 2).
HOUSE_PARAMETERS = {
    "W1": np.array([[0.6, 0.5, 0.0, 0.0],
                    [0.0, 0.0, 1.2, 0.0],
                    [0.0, 0.0, 0.5, 1.0]]),
    "b1": np.array([[-1.0], [-0.2], [-0.3]]),
    "W2": np.array([[90.0, 60.0, 80.0]]),
    "b2": np.array([[40.0]]),
}
X_HOUSES = np.array([[0.9, 1.6, 2.5, 0.6],
                     [2.0, 3.0, 4.0, 1.0],
                     [0.3, 0.8, 0.1, 0.9],
                     [0.5, 0.9, 1.5, 0.4]])
Y_HOUSES = np.array([[126.2, 297.0, 365.0, 136.8]])


def _call(c: Checker, fn: Callable[..., Any], *args: Any) -> Any:
    """``c.call``, skipped once an earlier call of the same check raised (one error line only)."""
    return FAILED if c.broken else c.call(fn, *args)


def test_relu(relu: Callable[..., Any]) -> None:
    c = Checker("relu")
    z = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    before = snapshot(z)
    a = _call(c, relu, z)
    c.shape(a, (1, 5))
    c.dtype_kind(a, "f")
    c.close(a, [[0.0, 0.0, 0.0, 0.5, 3.0]], what="relu([[-2, -0.5, 0, 0.5, 3]])",
            hint="ReLU(z) = max(0, z) for every entry: negative entries become 0, the others stay as they are.")
    c.unchanged(before, z, what="z")

    z_int = np.array([-3, 0, 2])
    a_int = _call(c, relu, z_int)
    c.dtype_kind(a_int, "f", what="relu of an integer array")
    c.close(a_int, [0.0, 0.0, 2.0], what="relu(np.array([-3, 0, 2]))")

    z_2d = np.array([[1.5, -1.0, 0.25], [-0.1, 2.0, -7.0]])
    a_2d = _call(c, relu, z_2d)
    c.close(a_2d, [[1.5, 0.0, 0.25], [0.0, 2.0, 0.0]], what="relu of a (2, 3) array",
            hint="take max(0, z) entry by entry and keep the shape (Python's max does not work on arrays).")
    c.done()


def test_predict_price(predict_price: Callable[..., Any]) -> None:
    c = Checker("predict_price")
    price = _call(c, predict_price, 1.5, 200, -80)
    c.true(price is not None and np.ndim(price) == 0, "a single size gives a single price",
           expected="a number", found=price)
    c.close(price, 220.0, what="predict_price(1.5, 200, -80)",
            hint="the price is ReLU(w · size + b).")

    sizes = np.array([0.1, 0.3, 1.0, 2.5])
    before = snapshot(sizes)
    prices = _call(c, predict_price, sizes, 200.0, -80.0)
    c.shape(prices, (4,), what="prices of 4 houses")
    c.close(prices, [0.0, 0.0, 120.0, 420.0], what="predict_price([0.1, 0.3, 1.0, 2.5], 200, -80)",
            hint="small houses get a negative w · size + b, which the ReLU turns into 0: "
                 "the price is ReLU(w · size + b), with your relu.")
    c.unchanged(before, sizes, what="size")
    c.done()


def test_house_network_forward(house_network_forward: Callable[..., Any]) -> None:
    c = Checker("house_network_forward")
    parameters = snapshot(HOUSE_PARAMETERS)
    X = X_HOUSES.copy()
    Y_hat = _call(c, house_network_forward, X, parameters)
    c.shape(Y_hat, (1, 4), what="Y_hat")
    c.close(Y_hat, Y_HOUSES, what="Y_hat for the 4 houses of the notebook",
            hint="Z^[1] = W^[1] X + b^[1], A^[1] = ReLU(Z^[1]), Ŷ = W^[2] A^[1] + b^[2], "
                 "with matrix products (np.dot or @), not *.")
    c.unchanged(HOUSE_PARAMETERS, parameters, what="parameters")
    c.unchanged(X_HOUSES, X, what="X")

    one = _call(c, house_network_forward, X_HOUSES[:, 1:2].copy(), snapshot(HOUSE_PARAMETERS))
    c.shape(one, (1, 1), what="Y_hat for a single house (X of shape (4, 1))",
            hint="read the sizes from the arguments, do not write them in the code.")
    c.close(one, [[297.0]], what="Y_hat for house 2 alone")

    negative = snapshot(HOUSE_PARAMETERS)
    negative["b2"] = np.array([[-200.0]])
    Y_negative = _call(c, house_network_forward, X_HOUSES.copy(), negative)
    c.close(Y_negative, Y_HOUSES - 240.0, what="linear output unit (b2 = -200 gives negative outputs)",
            hint="the output unit is linear: Ŷ = W^[2] A^[1] + b^[2], with no ReLU around it.")
    c.done()


def test_sigmoid_gradient(sigmoid_gradient: Callable[..., Any]) -> None:
    c = Checker("sigmoid_gradient")
    z = np.array([[-10.0, -2.0, 0.0, 2.0, 10.0]])
    before = snapshot(z)
    ds = _call(c, sigmoid_gradient, z)
    c.shape(ds, (1, 5))
    c.close(ds, [[4.53958077e-05, 1.04993585e-01, 2.5e-01, 1.04993585e-01, 4.53958077e-05]],
            what="sigmoid_gradient([[-10, -2, 0, 2, 10]])", rtol=1e-6, atol=1e-10,
            hint="σ'(z) = σ(z)(1 − σ(z)): compute σ(z) once with the sigmoid given above "
                 "and use it in both factors, not z.")
    c.unchanged(before, z, what="z")

    z2 = np.array([[0.5], [-1.0], [3.0]])
    ds2 = _call(c, sigmoid_gradient, z2)
    c.shape(ds2, (3, 1), what="output for a (3, 1) input")
    c.grad_check(lambda v: float(np.sum(1.0 / (1.0 + np.exp(-v)))), z2, ds2,
                 what="the sigmoid at [[0.5], [-1], [3]]")
    c.done()


def test_relu_gradient(relu_gradient: Callable[..., Any]) -> None:
    c = Checker("relu_gradient")
    z = np.array([[-10.0, -2.0, 0.0, 2.0, 10.0]])
    before = snapshot(z)
    dz = _call(c, relu_gradient, z)
    c.shape(dz, (1, 5))
    c.true(np.asarray(dz).dtype.kind == "f", "output is float", expected="float",
           found=None if dz is FAILED else str(np.asarray(dz).dtype),
           hint="return the floats 1.0 and 0.0: a comparison gives True/False, which .astype(float) "
                "or np.where(condition, 1.0, 0.0) turns into numbers.")
    c.close(dz, [[0.0, 0.0, 0.0, 1.0, 1.0]], what="relu_gradient([[-10, -2, 0, 2, 10]])",
            hint="ReLU'(z) is 1.0 where z > 0 and 0.0 elsewhere, including at z = 0 (the course's "
                 "convention).")
    c.unchanged(before, z, what="z")

    z2 = np.array([[0.0, 1e-3], [-1e-3, 0.0], [7.0, -7.0]])
    dz2 = _call(c, relu_gradient, z2)
    c.close(dz2, [[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]], what="relu_gradient of a (3, 2) array with zeros",
            hint="ReLU'(0) is 0 in this course: 1.0 only where z > 0 strictly, not z ≥ 0.")
    c.done()


# -- section 6: Python and NumPy basics ---------------------------------------------------
# The notebook's examples (their expected outputs are printed under them).
RGBW_IMAGE = np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
                       [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0]]])   # (2, 2, 3): red, green, blue, white
ROWS = np.array([[0.0, 3.0, 4.0], [2.0, 2.0, 1.0]])            # row norms 5 and 3
SCORES = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
SOFTMAX_123 = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]
YHAT = np.array([0.8, 0.3, 0.1, 0.6, 0.9])
Y = np.array([1, 0, 0, 1, 1])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def test_basic_sigmoid(basic_sigmoid: Callable[..., Any]) -> None:
    c = Checker("basic_sigmoid")
    for x, expected in [(3, 0.9525741268224334), (0, 0.5), (-1.5, 0.18242552380635635)]:
        s = _call(c, basic_sigmoid, x)
        c.scalar(s, what=f"basic_sigmoid({x})")
        c.close(s, expected, what=f"basic_sigmoid({x})", rtol=1e-9,
                hint="σ(x) = 1 / (1 + e^(−x)): the whole 1 + e^(−x) is the denominator, and the exponent is −x.")
    c.done()


def test_sigmoid_derivative(sigmoid_derivative: Callable[..., Any]) -> None:
    c = Checker("sigmoid_derivative")
    x = np.array([1, 2, 3])
    before = snapshot(x)
    ds = _call(c, sigmoid_derivative, x)
    c.shape(ds, (3,))
    c.close(ds, [0.19661193324148185, 0.10499358540350662, 0.045176659730912],
            what="sigmoid_derivative(np.array([1, 2, 3]))", rtol=1e-7,
            hint="σ'(x) = s(1 − s) with s = σ(x) = 1 / (1 + e^(−x)) computed for every entry (NumPy's exp), "
                 "and s, not x, in both factors.")
    c.unchanged(before, x, what="x")

    x2 = np.array([[0.5, -1.0], [4.0, -6.0]])
    ds2 = _call(c, sigmoid_derivative, x2)
    c.shape(ds2, (2, 2), what="output for a (2, 2) input")
    c.grad_check(lambda v: float(np.sum(_sigmoid(v))), x2, ds2, what="the sigmoid at [[0.5, -1], [4, -6]]")
    c.done()


def test_image2vector(image2vector: Callable[..., Any]) -> None:
    c = Checker("image2vector")
    image = RGBW_IMAGE.copy()
    v = _call(c, image2vector, image)
    c.shape(v, (12, 1), what="image2vector of a (2, 2, 3) image",
            hint="one column of h · w · d entries: shape (h · w · d, 1), neither a row nor a rank-1 array.")
    c.close(v, [[e] for e in [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]],
            what="the entries of the red, green, blue, white picture",
            hint="row-major order, the last index fastest: pixel (1, 1)'s three channels, then pixel (1, 2)'s, "
                 "and so on; transposing the image first changes that order.")
    c.unchanged(RGBW_IMAGE, image, what="image")

    grey = np.array([[[0.1], [0.5], [0.9]], [[0.2], [0.6], [1.0]]])   # (2, 3, 1): one channel
    v_grey = _call(c, image2vector, grey)
    c.shape(v_grey, (6, 1), what="image2vector of a (2, 3, 1) grey picture",
            hint="read h, w and d from image.shape: a picture may have any number of channels.")
    c.close(v_grey, [[0.1], [0.5], [0.9], [0.2], [0.6], [1.0]], what="the entries of the grey picture")
    c.done()


def test_normalize_rows(normalize_rows: Callable[..., Any]) -> None:
    c = Checker("normalize_rows")
    x = ROWS.copy()
    found = _call(c, normalize_rows, x)
    c.shape(found, (2, 3))
    c.close(found, [[0.0, 0.6, 0.8], [2 / 3, 2 / 3, 1 / 3]], what="normalize_rows([[0, 3, 4], [2, 2, 1]])",
            hint="each row x_i divided by its length ‖x_i‖ = √(x_i1² + ... + x_in²): the norms 5 and 3 here, "
                 "one per row (along axis 1), kept as an (n, 1) column.")
    c.unchanged(ROWS, x, what="x")

    square = np.array([[1.0, 2.0, 2.0], [0.0, 0.0, 5.0], [4.0, 0.0, 3.0]])   # row norms 3, 5, 5
    found_square = _call(c, normalize_rows, square.copy())
    c.close(found_square, [[1 / 3, 2 / 3, 2 / 3], [0.0, 0.0, 1.0], [0.8, 0.0, 0.6]],
            what="normalize_rows of a (3, 3) matrix",
            hint="the norms must be a column of shape (n, 1), so that entry i divides row i: a rank-1 array of "
                 "shape (n,) broadcasts along the other axis and divides the columns instead.")
    c.done()


def test_softmax(softmax: Callable[..., Any]) -> None:
    c = Checker("softmax")
    x = SCORES.copy()
    s = _call(c, softmax, x)
    c.shape(s, (2, 3))
    c.close(s, [SOFTMAX_123, [1 / 3, 1 / 3, 1 / 3]], what="softmax([[1, 2, 3], [0, 0, 0]])",
            hint="softmax(x)_j = e^(x_j) / Σ_k e^(x_k) for each row on its own: the sum runs along the row "
                 "(axis 1) and stays an (m, 1) column.")
    c.unchanged(SCORES, x, what="x")
    if not c.broken and s is not FAILED:
        sums = np.sum(np.asarray(s, dtype=float), axis=1)
        c.close(sums, [1.0, 1.0], what="every row of softmax(x) sums to 1",
                hint="divide each row's exponentials by that row's own sum, not by the sum of the whole array.")

    large = np.array([[1000.0, 1001.0, 1002.0], [-3.0, -2.0, -1.0]])
    s_large = _call(c, softmax, large)
    c.close(s_large, [SOFTMAX_123, SOFTMAX_123], what="softmax([[1000, 1001, 1002], [-3, -2, -1]])",
            hint="e^1000 overflows to inf (and inf / inf is nan): subtract each row's own maximum from the row "
                 "first, which leaves softmax unchanged.")
    c.done()


def test_L1(L1: Callable[..., Any]) -> None:
    c = Checker("L1")
    yhat, y = YHAT.copy(), Y.copy()
    loss = _call(c, L1, yhat, y)
    c.scalar(loss, what="L1")
    c.close(loss, 1.1, what="L1 of the notebook's 5 predictions", rtol=1e-9,
            hint="L1 = Σ_i |y⁽ⁱ⁾ − ŷ⁽ⁱ⁾|: the absolute value of every difference, then their sum "
                 "(no square, no division by m).")
    c.unchanged(YHAT, yhat, what="yhat")
    one = _call(c, L1, np.array([0.25]), np.array([1]))
    c.close(one, 0.75, what="L1 of a single prediction (0.25 for the label 1)", rtol=1e-9)
    c.done()


def test_L2(L2: Callable[..., Any]) -> None:
    c = Checker("L2")
    yhat, y = YHAT.copy(), Y.copy()
    loss = _call(c, L2, yhat, y)
    c.scalar(loss, what="L2")
    c.close(loss, 0.31, what="L2 of the notebook's 5 predictions", rtol=1e-9,
            hint="L2 = Σ_i (y⁽ⁱ⁾ − ŷ⁽ⁱ⁾)²: the square of every difference, then their sum "
                 "(no square root, no division by m).")
    c.unchanged(YHAT, yhat, what="yhat")
    one = _call(c, L2, np.array([0.25]), np.array([1]))
    c.close(one, 0.5625, what="L2 of a single prediction (0.25 for the label 1)", rtol=1e-9)
    c.done()
