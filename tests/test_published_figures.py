"""The reference solutions reproduce the course's published figures on the original data.

The originals are read in place from ``../shared/datasets/catvnoncat/`` (never copied into
the project); those tests skip where the folder is absent. The published figures are in
``../shared/course-facts.md``. A fast test ties the calibration's quick trainer
(``autograder.datasets.calibrate``) to the reference solution, so the stand-in figures in
the README are the reference's figures too.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder import ROOT
from autograder.datasets import calibrate
from autograder.datasets.loader import load_cat_data
from autograder.reference import load_reference

ORIGINAL = ROOT.parent / "shared" / "datasets" / "catvnoncat"
needs_originals = pytest.mark.skipif(not ORIGINAL.is_dir(),
                                     reason="the course's original files are not beside the repository")


def _data(directory):
    train_x, train_y, test_x, test_y, _ = load_cat_data(directory, verbose=False)
    flatten = lambda images: images.reshape(images.shape[0], -1).T / 255.0  # noqa: E731
    return flatten(train_x), train_y, flatten(test_x), test_y


@pytest.mark.slow
@needs_originals
def test_logistic_regression_reproduces_the_published_figures():
    model = load_reference("module2_logistic_regression")["model"]
    X_train, Y_train, X_test, Y_test = _data(ORIGINAL)
    d = model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005)
    assert d["costs"][0] == pytest.approx(0.693147, abs=1e-6)
    assert 100 - np.mean(np.abs(d["Y_prediction_train"] - Y_train)) * 100 == pytest.approx(99.04306220095694)
    assert 100 - np.mean(np.abs(d["Y_prediction_test"] - Y_test)) * 100 == pytest.approx(70.0)


@pytest.mark.slow
@needs_originals
@pytest.mark.parametrize("model, dims, first, last, train, test", [
    ("two_layer_model", [12288, 7, 1], 0.693049735659989, 0.04421498215868956, 100.0, 72.0),
    ("L_layer_model", [12288, 20, 7, 5, 1], 0.7717493284237686, 0.08843994344170202, 98.56459330143539, 80.0),
], ids=["two_layer", "four_layer"])
def test_the_deep_networks_reproduce_the_published_figures(model, dims, first, last, train, test):
    reference = load_reference("module4_deep_network")
    X_train, Y_train, X_test, Y_test = _data(ORIGINAL)
    parameters, costs = reference[model](X_train, Y_train, dims, learning_rate=0.0075, num_iterations=2500)
    assert costs[0] == pytest.approx(first, rel=1e-12)
    assert costs[-1] == pytest.approx(last, rel=1e-9)   # iteration 2499
    assert reference["accuracy"](reference["predict"](X_train, parameters), Y_train) == pytest.approx(train)
    assert reference["accuracy"](reference["predict"](X_test, parameters), Y_test) == pytest.approx(test)


@pytest.mark.parametrize("name, model, dims", [
    ("two_layer", "two_layer_model", list(calibrate.TWO_LAYER_DIMS)),
    ("four_layer", "L_layer_model", list(calibrate.FOUR_LAYER_DIMS)),
])
def test_the_calibration_trains_exactly_as_the_reference_does(name, model, dims):
    """Same initialization, same iterates: the quick trainer is a faster way to the same model."""
    iterations = 25
    X_train, Y_train, _, _ = _data(calibrate.DEFAULT_DIR)
    initial, _, learning_rate = calibrate.MODELS[name]
    trained, costs = calibrate.train(X_train, Y_train.reshape(1, -1).astype(float), initial(), iterations,
                                     learning_rate)
    reference = load_reference("module4_deep_network")
    expected, expected_costs = reference[model](X_train, Y_train, dims, learning_rate=learning_rate,
                                                num_iterations=iterations)
    assert [costs[0], costs[-1]] == pytest.approx(expected_costs, rel=1e-9)
    for key, value in expected.items():
        np.testing.assert_allclose(trained[key], value, rtol=1e-7, atol=1e-12, err_msg=key)
