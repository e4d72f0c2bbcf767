"""Public checks of Module 1 (introduction): ReLU, a single neuron, a small network, gradients.

The expected values are the ones ``introduction.ipynb`` shows; the grader's hidden checks
use other inputs and shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.public.report import FAILED, Checker, snapshot

__all__ = ["test_relu", "test_predict_price", "test_house_network_forward",
           "test_sigmoid_gradient", "test_relu_gradient"]

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
