"""The stand-in cat / non-cat dataset: schema, determinism, the committed files, calibration.

The calibration tests train the course's three models (logistic regression, the
2-layer and the 4-layer network) and check that the course's lessons hold on the
stand-in: logistic regression overfits, the deeper network generalises better.
"""

from pathlib import Path

import h5py
import numpy as np
import pytest

from autograder import ROOT
from autograder.datasets import build, calibrate, catgen

STANDIN = ROOT / "datasets" / "standin"
ORIGINAL = ROOT.parent / "shared" / "datasets" / "catvnoncat"
"""The course's own files, present beside the repository on course machines and in CI only."""

SCHEMA = {
    "train": {"train_set_x": ((209, 64, 64, 3), np.uint8), "train_set_y": ((209,), np.int64),
              "list_classes": ((2,), np.dtype("S7"))},
    "test": {"test_set_x": ((50, 64, 64, 3), np.uint8), "test_set_y": ((50,), np.int64),
             "list_classes": ((2,), np.dtype("S7"))},
}
CATS = {"train": 72, "test": 33}

# Regenerating on another CPU may round a handful of values differently (the generator
# avoids array-wide transcendental functions, but BLAS-free float sums can still be
# reordered by a different NumPy build). Tolerated: at most 1 grey level, on at most
# 0.5 % of the values; labels must match exactly.
MAX_GREY_LEVELS = 1
MAX_DIFFERENT_FRACTION = 0.005


def read(path: Path) -> dict[str, np.ndarray]:
    """Every dataset of an .h5 file, as arrays."""
    with h5py.File(path, "r") as f:
        return {name: f[name][:] for name in f}


def assert_close_pictures(actual: np.ndarray, expected: np.ndarray) -> None:
    """Pictures equal within the documented regeneration tolerance."""
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    diff = np.abs(actual.astype(np.int16) - expected.astype(np.int16))
    assert diff.max() <= MAX_GREY_LEVELS, f"values differ by up to {diff.max()} grey levels"
    fraction = float(np.mean(diff > 0))
    assert fraction <= MAX_DIFFERENT_FRACTION, f"{fraction:.2%} of values differ"


@pytest.mark.parametrize("split", ["train", "test"])
def test_committed_files_have_the_course_schema(split):
    path = STANDIN / f"{split}_catvnoncat.h5"
    with h5py.File(path, "r") as f:
        assert set(f) == set(SCHEMA[split])
        for name, (shape, dtype) in SCHEMA[split].items():
            assert f[name].shape == shape, name
            assert f[name].dtype == dtype, name
            assert f[name].chunks is None and f[name].compression is None, f"{name} must be contiguous"
        assert list(f["list_classes"][:]) == [b"non-cat", b"cat"]
        y = f[f"{split}_set_y"][:]
    assert set(np.unique(y)) == {0, 1}
    assert int(y.sum()) == CATS[split]
    assert path.stat().st_size < 3_000_000


def test_pictures_are_not_blank_or_duplicated():
    data = read(STANDIN / "train_catvnoncat.h5")
    X = data["train_set_x"].reshape(209, -1)
    assert X.std(axis=1).min() > 5, "a picture is nearly flat"
    assert len(np.unique(X, axis=0)) == 209, "two pictures are identical"


def test_generate_split_shapes_counts_and_order():
    X, y = catgen.generate_split(12, 5, seed=3)
    assert X.shape == (12, 64, 64, 3) and X.dtype == np.uint8
    assert y.shape == (12,) and y.dtype == np.int64
    assert int(y.sum()) == 5
    assert not (np.all(y[:5] == 1) and np.all(y[5:] == 0)), "cats should be shuffled in"


def test_generate_split_rejects_impossible_counts():
    with pytest.raises(ValueError, match="n_cats"):
        catgen.generate_split(4, 5, seed=0)


def test_generation_is_deterministic():
    first = catgen.generate_split(16, 8, seed=7)
    second = catgen.generate_split(16, 8, seed=7)
    other = catgen.generate_split(16, 8, seed=8)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], other[0])


def test_build_regenerates_the_committed_files(tmp_path):
    assert build.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["test_catvnoncat.h5", "train_catvnoncat.h5"], "temporary files left behind"
    for split in ("train", "test"):
        fresh = read(tmp_path / f"{split}_catvnoncat.h5")
        committed = read(STANDIN / f"{split}_catvnoncat.h5")
        assert set(fresh) == set(committed)
        np.testing.assert_array_equal(fresh[f"{split}_set_y"], committed[f"{split}_set_y"])
        np.testing.assert_array_equal(fresh["list_classes"], committed["list_classes"])
        assert_close_pictures(fresh[f"{split}_set_x"], committed[f"{split}_set_x"])


@pytest.mark.slow
def test_course_lessons_hold_on_the_standin():
    figures = calibrate.calibrate(STANDIN)
    lr, two, four = figures["logistic"], figures["two_layer"], figures["four_layer"]
    # Logistic regression fits the training set but generalises poorly: it overfits.
    assert lr["train"] >= 95.0
    assert 60.0 <= lr["test"] <= 80.0
    assert lr["train"] - lr["test"] >= 15.0
    # The deeper network generalises better, and neither is perfect.
    assert four["test"] > two["test"]
    assert two["test"] < 100.0 and four["test"] < 100.0
    # Both networks learn (the course's curves end near 0.04 and 0.09).
    assert two["cost_last"] < 0.2 and four["cost_last"] < 0.2


@pytest.mark.slow
@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="the course's original files are not beside the repository")
def test_calibration_models_reproduce_the_published_figures():
    figures = calibrate.calibrate(ORIGINAL)
    lr, two, four = figures["logistic"], figures["two_layer"], figures["four_layer"]
    assert lr["train"] == pytest.approx(99.04306220095694) and lr["test"] == pytest.approx(70.0)
    assert lr["cost_first"] == pytest.approx(0.693147, abs=1e-6)
    assert two["cost_first"] == pytest.approx(0.693049735659989, abs=1e-12)
    assert two["cost_last"] == pytest.approx(0.04421498215868956, rel=1e-6)
    assert two["train"] == pytest.approx(100.0) and two["test"] == pytest.approx(72.0)
    assert four["cost_first"] == pytest.approx(0.7717493284237686, abs=1e-12)
    assert four["cost_last"] == pytest.approx(0.08843994344170202, rel=1e-6)
    assert four["train"] == pytest.approx(98.56459330143539) and four["test"] == pytest.approx(80.0)
