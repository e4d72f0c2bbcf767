"""Loops against vectorized NumPy: the course's demo and the grader's propagate speed check.

    .venv/bin/python -m benchmarks.vectorization [--threads 1] [--repeat 5]

1. The course's demo: the dot product of two 1,000,000-element vectors, a Python ``for``
   loop against ``np.dot``.
2. ``propagate`` of logistic regression on the cat training set (12288 x 209, C order, as the
   hidden check builds it): the reference solution (vectorized), the grader's baseline that
   loops over the examples (``autograder.hidden.module2.LOOPED_PROPAGATE``) and a version
   that loops over the features. The hidden check requires the student's propagate to be
   ``SPEED_RATIO`` times faster than the loop over the examples, measured in the sandbox
   (each call's round trip included); here the calls are in-process.

BLAS threads: 1 by default, as in the grader's student processes (``--threads`` to change;
it is set before NumPy is imported).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys


def propagate_loop_features(w, b, X, Y):
    """propagate with a Python loop over the n_x features (rows of X)."""
    import numpy as np

    n_x, m = X.shape
    z = np.full((1, m), float(b))
    for j in range(n_x):
        z += w[j, 0] * X[j:j + 1, :]
    A = 1.0 / (1.0 + np.exp(-z))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.zeros((n_x, 1))
    for j in range(n_x):
        dw[j, 0] = np.dot(X[j], dZ[0]) / m
    return {"dw": dw, "db": float(np.sum(dZ) / m)}, cost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vectorization", description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1, as in the grader)")
    parser.add_argument("--repeat", type=int, default=5, help="calls per variant (the median is shown)")
    args = parser.parse_args(argv)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)
    if "numpy" in sys.modules:
        print("warning: NumPy was imported before the thread count was set", file=sys.stderr)
    import numpy as np

    from autograder.datasets.loader import load_cat_data
    from autograder.hidden.module2 import LOOPED_PROPAGATE, SPEED_RATIO
    from autograder.reference import load_reference
    from benchmarks.common import machine, median_time, table

    print(f"machine: {machine()}; {args.threads} BLAS thread(s)")

    # 1. the course's demo
    rng = np.random.default_rng(1)
    a, b = rng.random(1_000_000), rng.random(1_000_000)

    def loop():
        c = 0.0
        for i in range(1_000_000):
            c += a[i] * b[i]
        return c

    loop_s, loop_c = median_time(loop, max(1, min(args.repeat, 3)))
    dot_s, dot_c = median_time(lambda: np.dot(a, b), args.repeat * 20)
    assert abs(loop_c - dot_c) < 1e-6 * abs(dot_c)
    print("\ndot product of two 1,000,000-element vectors:")
    print(table([("for loop", f"{loop_s * 1e3:.1f}", f"{loop_s / dot_s:.0f}x"),
                 ("np.dot", f"{dot_s * 1e3:.3f}", "1x")], ("version", "ms", "time vs np.dot")))

    # 2. propagate on the cat training set, as the hidden speed check builds it
    train_x, train_y, _, _, _ = load_cat_data(verbose=False)
    X = np.ascontiguousarray(train_x.reshape(train_x.shape[0], -1).T / 255.0)
    Y = train_y.astype(float).reshape(1, -1)
    w = np.random.default_rng(2).normal(0.0, 0.01, size=(X.shape[0], 1))
    reference = load_reference("module2_logistic_regression")["propagate"]
    namespace: dict = {}
    exec(LOOPED_PROPAGATE, namespace)
    variants = [("reference (vectorized)", reference),
                ("loop over the 209 examples (the check's baseline)", namespace["propagate"]),
                (f"loop over the {X.shape[0]} features", propagate_loop_features)]
    rows, base = [], None
    expected = reference(w, 0.1, X, Y)
    for name, function in variants:
        seconds, (grads, cost) = median_time(functools.partial(function, w, 0.1, X, Y), args.repeat)
        assert np.allclose(grads["dw"], expected[0]["dw"]) and np.isclose(float(cost), float(expected[1]))
        base = base or seconds
        rows.append((name, f"{seconds * 1e3:.1f}", f"{seconds / base:.1f}x"))
    print(f"\npropagate on the cat training set {X.shape} (in-process, median of {args.repeat}):")
    print(table(rows, ("version", "ms per call", "time vs reference")))
    loop_ratio = float(rows[1][2][:-1])
    print(f"reference / loop over the examples: {loop_ratio:.1f}x faster; the hidden check requires "
          f">= {SPEED_RATIO:g}x in the sandbox (round trips included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
