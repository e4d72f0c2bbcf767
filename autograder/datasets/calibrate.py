"""Train the course's three cat classifiers on a cat / non-cat pair and print their figures.

    python -m autograder.datasets.calibrate [--dir DIR]

The course teaches three lessons with the cat data: logistic regression overfits
(high train, ~70 % test accuracy), and a 4-layer network generalises better than a
2-layer one. The stand-in dataset must keep those lessons, so this module holds small
NumPy versions of the three models, with the course's hyper-parameters and
initialisations, and reports train/test accuracy for each.

On the original course files these implementations reproduce the published figures
(logistic regression 99.04 % / 70 %; 2-layer cost 0.693049735659989 at iteration 0,
100 % / 72 %; 4-layer cost 0.7717493284237686 at iteration 0, 98.56 % / 80 %).

Conventions follow the course: examples are columns, ``X`` is ``(n_x, m)``, ``Y`` is
``(1, m)``, ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import h5py
import numpy as np

from autograder import ROOT

DEFAULT_DIR = ROOT / "datasets" / "standin"
"""Where ``make datasets`` writes the stand-in pair."""

LR_ITERATIONS = 2000
LR_LEARNING_RATE = 0.005
NN_ITERATIONS = 2500
NN_LEARNING_RATE = 0.0075
N_X = 64 * 64 * 3
TWO_LAYER_DIMS = (N_X, 7, 1)
FOUR_LAYER_DIMS = (N_X, 20, 7, 5, 1)


# --------------------------------------------------------------------------- data


def load_pair(directory: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Read ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` from ``directory``.

    Returns ``(X_train (209, 64, 64, 3) uint8, y_train (209,), X_test, y_test)``.
    """
    directory = Path(directory)
    arrays = []
    for split in ("train", "test"):
        path = directory / f"{split}_catvnoncat.h5"
        if not path.is_file():
            raise FileNotFoundError(f"no {path.name} in {directory}")
        with h5py.File(path, "r") as f:
            arrays += [f[f"{split}_set_x"][:], f[f"{split}_set_y"][:]]
    return tuple(arrays)


def flatten(X: np.ndarray) -> np.ndarray:
    """Course preprocessing: ``(m, 64, 64, 3)`` uint8 images -> ``(12288, m)`` floats in [0, 1]."""
    return X.reshape(X.shape[0], -1).T / 255.0


def as_row(y: np.ndarray) -> np.ndarray:
    """Labels ``(m,)`` -> ``(1, m)`` float row, the shape the course's ``Y`` has."""
    return np.asarray(y, dtype=np.float64).reshape(1, -1)


def accuracy(prediction: np.ndarray, Y: np.ndarray) -> float:
    """Percentage of entries of ``prediction (1, m)`` equal to ``Y (1, m)``."""
    return float(100.0 * np.mean(prediction == Y))


# --------------------------------------------------------------------------- shared maths


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Elementwise logistic function."""
    return 1.0 / (1.0 + np.exp(-z))


def cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy of predictions ``A (1, m)`` against labels ``Y (1, m)``.

    Written as two dot products, like the course's ``compute_cost``, so that the
    iteration-0 costs agree with the published figures to the last digits.
    """
    m = Y.shape[1]
    cost = (-(Y @ np.log(A).T) - ((1 - Y) @ np.log(1 - A).T)) / m
    return float(np.squeeze(cost))


# --------------------------------------------------------------------------- the models


def init_zeros(n_x: int) -> dict[str, np.ndarray]:
    """Logistic regression as a 1-layer network: ``W1 = w.T`` zeros ``(1, n_x)``, ``b1`` zero.

    Zero initialisation as in the course's ``initialize_with_zeros``.
    """
    return {"W1": np.zeros((1, n_x)), "b1": np.zeros((1, 1))}


def init_two_layer(n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    """The course's ``initialize_parameters`` for the 2-layer application model.

    Seed 1, ``W1 = randn(n_h, n_x) * 0.01`` then ``W2 = randn(n_y, n_h) * 0.01`` (in
    that order: both come from one random stream), zero biases. This variant, not
    ``/ sqrt(n[l-1])`` (which starts at cost 0.69505), is the one that gives the
    published iteration-0 cost 0.693049735659989.
    """
    rng = np.random.RandomState(1)  # same stream as np.random.seed(1), without global state
    return {
        "W1": rng.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
        "W2": rng.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1)),
    }


def init_deep(layer_dims: tuple[int, ...]) -> dict[str, np.ndarray]:
    """The course's ``initialize_parameters_deep`` for the L-layer application model.

    Seed 1, then for l = 1..L: ``W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1])``, zero biases.
    """
    rng = np.random.RandomState(1)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def activate(Z1: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Run layers 1..L from layer 1's linear output ``Z1 (n1, m)``.

    ReLU on hidden layers, sigmoid on the last one (with L = 1 that is logistic
    regression). Returns ``AL (1, m)`` and the hidden activations ``[A1, ..., A(L-1)]``.
    """
    L = len(params) // 2
    hidden = []
    Z = Z1
    for l in range(2, L + 1):
        A = np.maximum(0.0, Z)
        hidden.append(A)
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
    return sigmoid(Z), hidden


def forward(X: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """The network's output ``AL (1, m)`` for inputs ``X (n_x, m)``."""
    AL, _ = activate(params["W1"] @ X + params["b1"], params)
    return AL


def backward(AL: np.ndarray, Y: np.ndarray, hidden: list[np.ndarray],
             params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy: ``dW2..dWL``, ``db1..dbL`` and ``dZ1 (n1, m)``.

    ``dW1 = dZ1 X.T / m`` is left to the caller (see ``train``). Uses ``dZL = AL - Y``
    (sigmoid and cross-entropy derivatives in one step) and ``A > 0`` as the ReLU
    mask (a ReLU output is positive exactly where its input was).
    """
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 1, -1):
        A_prev = hidden[l - 2]
        grads[f"dW{l}"] = (dZ @ A_prev.T) / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dZ = (params[f"W{l}"].T @ dZ) * (A_prev > 0)
    grads["db1"] = np.sum(dZ, axis=1, keepdims=True) / m
    grads["dZ1"] = dZ
    return grads


def train(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], num_iterations: int,
          learning_rate: float) -> tuple[dict[str, np.ndarray], list[float]]:
    """Batch gradient descent from ``params``; returns the trained parameters and the cost
    of every iteration (``costs[0]`` is the cost before the first update).

    Why it is fast: every update adds ``-lr * dZ1 X.T / m`` to ``W1``, so
    ``W1 = W1_init + C X.T`` for some ``C (n1, m)``, and ``W1 X = W1_init X + C G``
    with the Gram matrix ``G = X.T X (m, m)``. Tracking ``C`` instead of ``W1`` makes
    an iteration cost ``n1 m^2`` instead of ``2 n1 n_x m`` multiply-adds (and no pass
    over the 20 MB ``X``); the iterates are the same as plain gradient descent up to
    rounding. ``W1`` is formed once, at the end.
    """
    params = dict(params)
    m = X.shape[1]
    gram = X.T @ X
    Z1_init = params["W1"] @ X
    C = np.zeros((params["W1"].shape[0], m))
    costs = []
    for _ in range(num_iterations):
        AL, hidden = activate(Z1_init + C @ gram + params["b1"], params)
        costs.append(cross_entropy(AL, Y))
        grads = backward(AL, Y, hidden, params)
        C = C - learning_rate * grads["dZ1"] / m
        for key in params:
            if key != "W1":
                params[key] = params[key] - learning_rate * grads["d" + key]
    params["W1"] = params["W1"] + C @ X.T
    return params, costs


def predict(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """0/1 predictions ``(1, m)``: 1 where the output is above 0.5."""
    return (forward(X, params) > 0.5).astype(np.float64)


MODELS = {
    "logistic": (lambda: init_zeros(N_X), LR_ITERATIONS, LR_LEARNING_RATE),
    "two_layer": (lambda: init_two_layer(*TWO_LAYER_DIMS), NN_ITERATIONS, NN_LEARNING_RATE),
    "four_layer": (lambda: init_deep(FOUR_LAYER_DIMS), NN_ITERATIONS, NN_LEARNING_RATE),
}
"""name -> (initial parameters, iterations, learning rate), the course's settings."""


# --------------------------------------------------------------------------- the figures


def calibrate(directory: str | Path = DEFAULT_DIR) -> dict[str, dict[str, float]]:
    """Train the three models on the pair in ``directory`` and return their figures.

    ``{"logistic": {...}, "two_layer": {...}, "four_layer": {...}}``, each with
    ``train``/``test`` accuracy in percent, ``cost_first``/``cost_last`` and ``seconds``.
    """
    X_train, y_train, X_test, y_test = load_pair(directory)
    Xtr, Ytr, Xte, Yte = flatten(X_train), as_row(y_train), flatten(X_test), as_row(y_test)
    figures = {}
    for name, (initial, num_iterations, learning_rate) in MODELS.items():
        start = time.perf_counter()
        trained, costs = train(Xtr, Ytr, initial(), num_iterations, learning_rate)
        figures[name] = {
            "train": accuracy(predict(trained, Xtr), Ytr),
            "test": accuracy(predict(trained, Xte), Yte),
            "cost_first": costs[0], "cost_last": costs[-1],
            "seconds": time.perf_counter() - start,
        }
    return figures


def format_figures(figures: dict[str, dict[str, float]]) -> str:
    """One line per model: train/test accuracy, first/last cost, training time."""
    lines = []
    for name, f in figures.items():
        lines.append(f"{name:<11} train {f['train']:8.4f} %  test {f['test']:7.3f} %  "
                     f"cost {f['cost_first']:.15g} -> {f['cost_last']:.15g}  ({f['seconds']:.1f} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; prints the figures for the pair in ``--dir``."""
    parser = argparse.ArgumentParser(prog="python -m autograder.datasets.calibrate",
                                     description="Train the course's cat classifiers and print their accuracy.")
    parser.add_argument("--dir", default=str(DEFAULT_DIR),
                        help="folder holding train_catvnoncat.h5 and test_catvnoncat.h5 (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        figures = calibrate(args.dir)
    except (FileNotFoundError, KeyError, OSError) as error:
        print(f"calibrate: {error}", file=sys.stderr)
        return 1
    print(f"calibration on {args.dir}")
    print(format_figures(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
