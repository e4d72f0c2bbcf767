"""The reference ``L_layer_model`` against the same network in PyTorch and the machine's matmul rate.

    .venv/bin/python -m benchmarks.training [--iterations 100] [--threads 1] [--repeat 5]

The 4-layer network of module 4 (``[12288, 20, 7, 5, 1]``, float64, batch gradient descent,
learning rate 0.0075) on the cat training set (209 pictures), trained by

- the reference solution (``load_reference("module4_deep_network")["L_layer_model"]``: NumPy);
- PyTorch on the CPU (optional: ``pip install -r benchmarks/requirements.txt``), from the same
  initial parameters, with autograd and a plain SGD step; once as usual (no gradient for the
  input X) and once with ``X.requires_grad_()``, which does the same matrix products as the
  reference (the course's ``L_model_backward`` also computes dA0 = W1.T dZ1, a third of the
  work of the first layer, which dominates);

and the machine's float64 matrix-multiply rate (``np.dot`` of two 2000 x 2000 matrices, and
of the training's largest product, (20 x 12288) by (12288 x 209)). The fraction of peak is
the training's matrix-product FLOPs per second over the square ``np.dot`` rate. All use
``--threads`` threads (default 1, as in the grader's student processes: on a busy 2-core
machine a second BLAS thread makes the products 30 to 60 times slower), set before NumPy and
PyTorch are loaded.
Every trajectory of costs is checked against the reference's.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import statistics
import sys
from collections.abc import Callable

LAYERS = [12288, 20, 7, 5, 1]
LEARNING_RATE = 0.0075


def matmul_flops(layers: list[int], m: int, input_gradient: bool = True) -> float:
    """Multiply-adds (x2) of one iteration's matrix products: Z = W A (forward), dW = dZ A.T and
    dA = W.T dZ (backward), the last one skipped for the input when ``input_gradient`` is False."""
    total = 0.0
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(layers)):
        products = 3 if (layer > 0 or input_gradient) else 2
        total += products * 2.0 * n_out * n_in * m
    return total


def torch_model(torch, X, Y, initial: dict, iterations: int, input_gradient: bool) -> list[float]:
    """The same network and training loop in PyTorch (float64, CPU, autograd)."""
    L = len(initial) // 2
    Xt = torch.from_numpy(X).clone().requires_grad_(input_gradient)
    Yt = torch.from_numpy(Y)
    params = [(torch.from_numpy(initial[f"W{l}"].copy()).requires_grad_(),
               torch.from_numpy(initial[f"b{l}"].copy()).requires_grad_()) for l in range(1, L + 1)]
    costs = []
    for i in range(iterations):
        A = Xt
        for l, (W, b) in enumerate(params):
            Z = W @ A + b
            A = torch.relu(Z) if l < L - 1 else torch.sigmoid(Z)
        cost = -torch.mean(Yt * torch.log(A) + (1 - Yt) * torch.log(1 - A))
        for W, b in params:
            W.grad = b.grad = None
        cost.backward()
        with torch.no_grad():
            for W, b in params:
                W -= LEARNING_RATE * W.grad
                b -= LEARNING_RATE * b.grad
        if i % 100 == 0 or i == iterations - 1:
            costs.append(cost.item())
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.training", description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=100, help="gradient descent steps (default 100)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS and PyTorch threads (default 1: on 2 shared cores, 2 threads per process "
                             "slow both down by an order of magnitude whenever anything else runs)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, interleaved (the median is shown)")
    args = parser.parse_args(argv)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)
    import numpy as np

    from autograder.datasets.loader import load_cat_data
    from autograder.reference import load_reference
    from benchmarks.common import machine, median_time, table

    print(f"machine: {machine()}; {args.threads} thread(s); {args.iterations} iterations, median of {args.repeat}")
    train_x, train_y, _, _, _ = load_cat_data(verbose=False)
    X = train_x.reshape(train_x.shape[0], -1).T / 255.0     # as the course's notebook builds it
    Y = train_y.astype(float).reshape(1, -1)
    m = X.shape[1]
    reference = load_reference("module4_deep_network")
    np.random.seed(1)                                         # what L_layer_model does first
    initial = reference["initialize_parameters_deep"](LAYERS, scaling="sqrt")

    # the machine's matmul rate
    rng = np.random.default_rng(0)
    n = 2000
    A, B = rng.random((n, n)), rng.random((n, n))
    np.dot(A, B)
    square_s, _ = median_time(lambda: np.dot(A, B), 3)
    peak = 2.0 * n ** 3 / square_s / 1e9
    W1 = rng.random((LAYERS[1], LAYERS[0]))
    np.dot(W1, X)
    skinny_s, _ = median_time(lambda: np.dot(W1, X), 20)
    skinny = 2.0 * LAYERS[1] * LAYERS[0] * m / skinny_s / 1e9

    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: its comparison is skipped "
              "(pip install -r benchmarks/requirements.txt -c constraints.txt to add it)")
    # (label, whether dX is computed, a run of the whole training returning its costs)
    variants: list[tuple[str, bool, Callable[[], list[float]]]] = [
        ("reference L_layer_model (NumPy)", True,
         lambda: reference["L_layer_model"](X, Y, LAYERS, learning_rate=LEARNING_RATE,
                                            num_iterations=args.iterations)[1])]
    if torch is not None:
        torch.set_num_threads(args.threads)
        torch_model(torch, X, Y, initial, 2, False)   # warm-up
        for label, input_gradient in [("PyTorch autograd (no dX)", False), ("PyTorch autograd, with dX", True)]:
            variants.append((label, input_gradient,
                             functools.partial(torch_model, torch, X, Y, initial, args.iterations, input_gradient)))
    # interleaved runs (a neighbour's burst of work hits every variant alike), medians shown
    times: list[list[float]] = [[] for _ in variants]
    costs: list[list[float]] = [[] for _ in variants]
    for _ in range(args.repeat):
        for i, (_, _, function) in enumerate(variants):
            seconds, costs[i] = median_time(function, 1)
            times[i].append(seconds)
    ref_costs = costs[0]
    ref_s = statistics.median(times[0])
    rows, ratio = [], None
    for (label, input_gradient, _), t, c in zip(variants, times, costs, strict=True):
        assert np.allclose(c, ref_costs, rtol=1e-9, atol=0), (label, c, ref_costs)
        t_s = statistics.median(t)
        rate = matmul_flops(LAYERS, m, input_gradient) * args.iterations / t_s / 1e9
        rows.append((label, f"{t_s:.2f}", f"{t_s / ref_s:.2f}", f"{rate:.1f}", f"{rate / peak:.0%}"))
        if label.startswith("PyTorch") and ratio is None:
            ratio = ref_s / t_s
    if torch is not None:
        print(f"PyTorch {torch.__version__}; cost trajectories agree with the reference (rtol 1e-9)")

    print(f"\nnp.dot float64 {n}x{n} @ {n}x{n}: {peak:.1f} GFLOP/s (taken as peak); "
          f"{LAYERS[1]}x{LAYERS[0]} @ {LAYERS[0]}x{m}: {skinny:.1f} GFLOP/s ({skinny / peak:.0%} of peak)")
    print(f"matrix products of training: {matmul_flops(LAYERS, m) / 1e6:.0f} MFLOP per iteration "
          f"(reference), costs after {args.iterations} iterations: {ref_costs[-1]:.6f}\n")
    print(table(rows, ("training", "seconds", "time vs ref", "GFLOP/s", "of peak")))
    if ratio is not None:
        print(f"reference / PyTorch: {ratio:.2f}x the time (target <= 1.3x): "
              + ("reached" if ratio <= 1.3 else "NOT reached"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
