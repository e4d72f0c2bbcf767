"""The 2-D toy datasets of module 3, generated with NumPy alone (no scikit-learn).

``load_planar_dataset`` draws the "flower" the shallow network learns to separate;
``load_extra_datasets`` draws four more 2-D binary problems for the optional
experiments at the end of module 3.

Conventions follow the course: examples are columns, ``X`` is ``(2, m)`` float64 and
``Y`` is ``(1, m)`` uint8 holding 0/1 (uint8, like the course's original flower, so the
same student code handles every set). Every generator takes an explicit seed and uses
its own random generator, so calling these functions never changes the caller's
global ``np.random`` state.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FLOWER_M = 400
"""Number of points in the course's flower (200 per class)."""

FLOWER_RAY = 4.0
"""The flower's maximum radius ("ray" ``a`` in the course)."""

FLOWER_NOISE = 0.2
"""Standard deviation of the noise on both the angle and the radius."""

FLOWER_ARC = 3.12
"""Each class sweeps ``[j * 3.12, (j + 1) * 3.12]`` radians of angle (just under pi)."""

EXTRA_NAMES = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")
"""Keys of :func:`load_extra_datasets`, in the order the course plots them."""


# --------------------------------------------------------------------------- the flower


def load_planar_dataset(seed: int = 1, m: int = FLOWER_M, ray: float = FLOWER_RAY) -> tuple[np.ndarray, np.ndarray]:
    """The module-3 "flower": two interleaved sets of petals, one per class.

    For class ``j`` in {0, 1}, ``m / 2`` points with angle
    ``t = linspace(j * 3.12, (j + 1) * 3.12) + 0.2 * randn`` and radius
    ``r = ray * sin(4 t) + 0.2 * randn``, placed at ``(r sin t, r cos t)``.

    With the defaults (``seed=1, m=400, ray=4``) this reproduces the course's original
    data exactly: it draws from ``np.random.RandomState(seed)``, the same legacy stream
    as ``np.random.seed(seed)`` followed by ``np.random.randn``, in the original's order
    (class 0's angle noise, class 0's radius noise, then class 1's). The caller's global
    ``np.random`` state is left untouched.

    Parameters
    ----------
    seed : int
        Seed of the legacy random stream (the course used 1).
    m : int
        Total number of points, even; ``m / 2`` per class.
    ray : float
        Maximum radius of the petals (``a`` in the course).

    Returns
    -------
    X : ndarray (2, m), float64
        Coordinates; column ``i`` is point ``i``. Class 0 fills columns ``0 .. m/2 - 1``.
    Y : ndarray (1, m), uint8
        Labels, 0 for the first half of the columns and 1 for the second.
    """
    if m < 2 or m % 2:
        raise ValueError(f"load_planar_dataset: m must be a positive even number (m / 2 points per class); got m={m}")
    rng = np.random.RandomState(seed)  # legacy stream: identical draws to np.random.seed(seed)
    n = m // 2
    X = np.zeros((2, m))
    Y = np.zeros((1, m), dtype=np.uint8)
    for j in (0, 1):
        # The draws must happen in this order (angle noise, then radius noise) to match
        # the original, because both come from one stream.
        t = np.linspace(j * FLOWER_ARC, (j + 1) * FLOWER_ARC, n) + FLOWER_NOISE * rng.randn(n)
        r = ray * np.sin(4 * t) + FLOWER_NOISE * rng.randn(n)
        columns = slice(j * n, (j + 1) * n)
        X[0, columns] = r * np.sin(t)
        X[1, columns] = r * np.cos(t)
        Y[0, columns] = j
    return X, Y


# --------------------------------------------------------------------------- extra 2-D sets


def load_extra_datasets(n: int = 200, seed: int = 1) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Four more 2-D binary problems, NumPy versions of the scikit-learn generators the
    course used (same geometry and parameters, not the same random draws).

    ``noisy_circles``
        ``make_circles(factor=0.5, noise=0.3)``: a circle of radius 1 (class 0) around
        one of radius 0.5 (class 1), both blurred by Gaussian noise of std 0.3.
    ``noisy_moons``
        ``make_moons(noise=0.2)``: two interleaving half circles, noise std 0.2.
    ``blobs``
        ``make_blobs(centers=6, cluster_std=1)``: six Gaussian clusters with centres
        uniform in [-10, 10]^2; the label is the cluster index mod 2 (the course's
        notebook also took ``Y % 2``), so each class is three clusters.
    ``gaussian_quantiles``
        ``make_gaussian_quantiles(cov=0.5, n_classes=2)``: a standard 2-D Gaussian
        (variance 0.5) split at its median distance from the origin; the inner half
        is class 0, the outer half class 1.

    Each set has its own random stream derived from ``seed``, so it does not change
    when another set's code changes, and the global ``np.random`` state is untouched.

    Parameters
    ----------
    n : int
        Points per dataset (at least 6, so that every blob gets a point).
    seed : int
        Seed; the same seed gives the same four datasets.

    Returns
    -------
    dict
        ``name -> (X, Y)`` for the names in :data:`EXTRA_NAMES`, with
        ``X : ndarray (2, n)`` float64 and ``Y : ndarray (1, n)`` uint8 of 0/1.
    """
    if n < 6:
        raise ValueError(f"load_extra_datasets: n must be at least 6 (one point per blob); got n={n}")
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(EXTRA_NAMES))]
    makers: tuple[Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]], ...] = (
        _noisy_circles, _noisy_moons, _blobs, _gaussian_quantiles)
    return {name: make(n, rng) for name, make, rng in zip(EXTRA_NAMES, makers, generators, strict=True)}


def _noisy_circles(n: int, rng: np.random.Generator, factor: float = 0.5,
                   noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: ``n // 2`` points on the unit circle (class 0), the rest
    on a circle of radius ``factor`` (class 1), evenly spaced, shuffled, then noised."""
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angle_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.hstack([[np.cos(angle_out), np.sin(angle_out)],
                   [factor * np.cos(angle_in), factor * np.sin(angle_in)]])
    y = np.concatenate([np.zeros(n_out), np.ones(n_in)])
    X, y = _shuffle(X, y, rng)
    return X + rng.normal(scale=noise, size=X.shape), _as_labels(y)


def _noisy_moons(n: int, rng: np.random.Generator, noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: the upper one centred at (0, 0) (class 0) and the
    lower one centred at (1, 0.5) (class 1), shuffled, then noised."""
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, np.pi, n_out)
    angle_in = np.linspace(0, np.pi, n_in)
    X = np.hstack([[np.cos(angle_out), np.sin(angle_out)],
                   [1 - np.cos(angle_in), 0.5 - np.sin(angle_in)]])
    y = np.concatenate([np.zeros(n_out), np.ones(n_in)])
    X, y = _shuffle(X, y, rng)
    return X + rng.normal(scale=noise, size=X.shape), _as_labels(y)


def _blobs(n: int, rng: np.random.Generator, centers: int = 6, std: float = 1.0,
           box: tuple[float, float] = (-10.0, 10.0)) -> tuple[np.ndarray, np.ndarray]:
    """``centers`` isotropic Gaussian clusters with centres uniform in ``box``;
    cluster ``k`` gets ``n // centers`` points (the first ``n % centers`` one more)
    and label ``k % 2``."""
    centre = rng.uniform(box[0], box[1], size=(centers, 2))
    sizes = np.full(centers, n // centers)
    sizes[: n % centers] += 1
    cluster = np.repeat(np.arange(centers), sizes)
    X = (centre[cluster] + rng.normal(scale=std, size=(n, 2))).T
    X, cluster = _shuffle(X, cluster, rng)
    return X, _as_labels(cluster % 2)


def _gaussian_quantiles(n: int, rng: np.random.Generator, cov: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """A centred 2-D Gaussian with covariance ``cov * I``, split at the median squared
    distance from the origin: the nearer ``n // 2`` points are class 0, the rest class 1."""
    X = rng.normal(scale=np.sqrt(cov), size=(2, n))
    X = X[:, np.argsort(np.sum(X**2, axis=0), kind="stable")]
    y = (np.arange(n) >= n // 2).astype(float)
    X, y = _shuffle(X, y, rng)
    return X, _as_labels(y)


def _shuffle(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Permute the columns of ``X (2, n)`` and the entries of ``y (n,)`` together, so the
    classes are not stored in blocks (scikit-learn's ``shuffle=True``)."""
    order = rng.permutation(X.shape[1])
    return X[:, order], y[order]


def _as_labels(y: np.ndarray) -> np.ndarray:
    """Labels ``y (n,)`` of 0/1 -> the course's ``(1, n)`` uint8 row."""
    return np.asarray(y, dtype=np.uint8).reshape(1, -1)
