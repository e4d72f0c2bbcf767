"""Tests of autograder.datasets.planar: the module-3 flower and the four extra 2-D sets."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.datasets import EXTRA_NAMES, load_extra_datasets, load_planar_dataset


def global_state_is_unchanged(call) -> bool:
    """Run ``call()`` and tell whether the legacy global ``np.random`` state survived it."""
    before = np.random.get_state()
    call()
    after = np.random.get_state()
    return before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# --------------------------------------------------------------------------- the flower


def test_flower_shapes_and_types():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8


def test_flower_classes_are_balanced_and_in_blocks():
    _, Y = load_planar_dataset()
    assert np.all(Y[0, :200] == 0) and np.all(Y[0, 200:] == 1)


def test_flower_points_lie_on_the_petals():
    # Each point is (r sin t, r cos t) with |r| <= 4 + noise: nothing far outside radius 4.
    X, _ = load_planar_dataset()
    radius = np.hypot(X[0], X[1])
    assert radius.max() < 4.9
    assert radius.max() > 3.5  # and the petals do reach out


def original_flower_with_global_seed() -> tuple[np.ndarray, np.ndarray]:
    """The course's recipe written independently of the module: global ``np.random.seed(1)``,
    rows are examples ``(m, 2)`` and get transposed at the end. Restores the global state."""
    saved = np.random.get_state()
    try:
        np.random.seed(1)
        rows = np.zeros((400, 2))
        labels = np.zeros((400, 1), dtype="uint8")
        for j in range(2):
            block = range(200 * j, 200 * (j + 1))
            t = np.linspace(j * 3.12, (j + 1) * 3.12, 200) + np.random.randn(200) * 0.2
            r = 4 * np.sin(4 * t) + np.random.randn(200) * 0.2
            rows[block] = np.c_[r * np.sin(t), r * np.cos(t)]
            labels[block] = j
        return rows.T, labels.T
    finally:
        np.random.set_state(saved)


def test_flower_matches_the_course_recipe_with_seed_1():
    X, Y = load_planar_dataset()
    X_ref, Y_ref = original_flower_with_global_seed()
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(Y, Y_ref)


def test_flower_first_point_derived_by_hand():
    # Seed 1's first legacy randn is 1.6243453636632417, so t0 = 0 + 0.2 * 1.62434536...;
    # the radius noise of point 0 is draw number 201 (after class 0's 200 angle draws).
    draws = np.random.RandomState(1).randn(201)
    t0 = 0.2 * 1.6243453636632417
    r0 = 4 * np.sin(4 * t0) + 0.2 * draws[200]
    X, _ = load_planar_dataset()
    assert X[0, 0] == pytest.approx(r0 * np.sin(t0), abs=1e-15)
    assert X[1, 0] == pytest.approx(r0 * np.cos(t0), abs=1e-15)
    # Regression values of the first three points (seed 1).
    np.testing.assert_allclose(X[:, :3], [[1.20444229, 0.1587099, 0.0952472],
                                          [3.57611415, -1.4821709, -1.27995533]], atol=1e-8)


def test_flower_is_deterministic_and_seeded():
    X1, _ = load_planar_dataset()
    X2, _ = load_planar_dataset(seed=1)
    X3, _ = load_planar_dataset(seed=2)
    np.testing.assert_array_equal(X1, X2)
    assert not np.allclose(X1, X3)


def test_flower_leaves_the_global_random_state_alone():
    assert global_state_is_unchanged(load_planar_dataset)


def test_flower_other_sizes():
    X, Y = load_planar_dataset(m=10, ray=2)
    assert X.shape == (2, 10) and Y.tolist() == [[0] * 5 + [1] * 5]
    with pytest.raises(ValueError, match="even"):
        load_planar_dataset(m=401)


# --------------------------------------------------------------------------- the extra sets


def test_extra_datasets_shapes_and_labels():
    data = load_extra_datasets()
    assert tuple(data) == EXTRA_NAMES == ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")
    for name, (X, Y) in data.items():
        assert X.shape == (2, 200) and X.dtype == np.float64, name
        assert Y.shape == (1, 200) and Y.dtype == np.uint8, name
        assert set(np.unique(Y)) == {0, 1}, name
        assert int(Y.sum()) == 100, f"{name}: classes not balanced"
        assert np.isfinite(X).all(), name


def test_extra_datasets_odd_size():
    for name, (X, Y) in load_extra_datasets(n=51).items():
        assert X.shape == (2, 51) and Y.shape == (1, 51), name
    with pytest.raises(ValueError, match="at least 6"):
        load_extra_datasets(n=5)


def test_extra_datasets_are_deterministic_and_seeded():
    a, b, c = load_extra_datasets(), load_extra_datasets(seed=1), load_extra_datasets(seed=7)
    for name in EXTRA_NAMES:
        np.testing.assert_array_equal(a[name][0], b[name][0])
        np.testing.assert_array_equal(a[name][1], b[name][1])
        assert not np.allclose(a[name][0], c[name][0]), name


def test_extra_datasets_leave_the_global_random_state_alone():
    assert global_state_is_unchanged(load_extra_datasets)


def test_extra_datasets_are_shuffled():
    # Labels in one block would make mini-batch experiments misleading.
    for name, (_, Y) in load_extra_datasets().items():
        assert 0 < Y[0, :100].sum() < 100, name


def test_extra_datasets_geometry():
    data = load_extra_datasets(n=2000)
    X, Y = data["noisy_circles"]
    radius = np.hypot(X[0], X[1])
    assert radius[Y[0] == 1].mean() < radius[Y[0] == 0].mean()  # inner circle is class 1
    X, Y = data["noisy_moons"]
    assert X[1, Y[0] == 0].mean() > X[1, Y[0] == 1].mean()  # upper moon is class 0
    X, Y = data["gaussian_quantiles"]
    radius = np.hypot(X[0], X[1])
    assert radius[Y[0] == 0].max() <= radius[Y[0] == 1].min()  # split at the median radius
    assert np.var(X, axis=1) == pytest.approx([0.5, 0.5], rel=0.1)
    X, Y = data["blobs"]
    assert np.abs(X).max() < 10 + 6  # centres in [-10, 10], std 1
