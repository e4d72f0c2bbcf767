"""The public checks' diagnosis of a wrong answer: each likely mistake named, and no guess
made where the evidence does not support one."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.public.report import deep_equal, diagnose, numerical_gradient, relative_error

rng = np.random.default_rng(2026)
E = rng.normal(size=(4, 3))          # an expected matrix with no zeros
m = 7


@pytest.mark.parametrize("found, expected, m, words", [
    (E.T, E, None, "transposed"),
    (E[:, 0], E[:, :1], None, "rank-1"),
    (np.array([[1.5]]), 1.5, None, "scalar"),
    (E[:, :1] + E[:, :1].T[:, :3], E[:, :1], None, "broadcasting"),
    (np.array([[np.nan, 1.0]]), np.array([[0.5, 1.0]]), None, "NaN"),
    (np.array([[0, 1]]), np.array([[0.25, 1.5]]), None, "integer"),
    (-E, E, None, "sign"),
    (E * m, E, m, "too large"),
    (E / m, E, m, "too small"),
    (E * 0.5, E, None, "same factor, 0.5"),
], ids=["transpose", "rank1", "scalar", "broadcast", "nan", "integer", "sign", "missing_1_over_m",
        "twice_1_over_m", "factor"])
def test_each_recognized_mistake_is_named(found, expected, m, words):
    hint = diagnose(found, expected, m)
    assert hint is not None and words in hint, hint


def test_no_constant_factor_is_claimed_from_a_single_number():
    assert diagnose(0.3, 0.7) is None
    assert diagnose(np.array([[0.0, 2.0]]), np.array([[0.0, 1.0]])) is None   # one nonzero entry


def test_no_constant_factor_when_the_zeros_disagree():
    expected = np.array([[0.0, 1.0, 2.0]])
    assert diagnose(np.array([[5.0, 2.0, 4.0]]), expected) is None
    assert "same factor" in diagnose(np.array([[0.0, 2.0, 4.0]]), expected)


def test_unrelated_values_get_no_hint():
    assert diagnose(rng.normal(size=(4, 3)), E, m) is None


def test_numerical_gradient_matches_an_analytic_one():
    x = rng.normal(size=(3, 2))
    A = rng.normal(size=(3, 3))

    def f(v):
        return float(np.sum(np.sin(A @ v)))

    analytic = A.T @ np.cos(A @ x)
    assert relative_error(analytic, numerical_gradient(f, x)) < 1e-8
    assert relative_error(analytic * 1.01, numerical_gradient(f, x)) > 1e-3


def test_deep_equal_sees_every_difference():
    a = {"W": np.ones((2, 2)), "list": [1.0, (2, "x")]}
    b = {"W": np.ones((2, 2)), "list": [1.0, (2, "x")]}
    assert deep_equal(a, b)
    b["W"][0, 1] = 1.0 + 1e-12
    assert not deep_equal(a, b)
    assert not deep_equal({"W": np.ones((2, 2))}, {"W": np.ones((2, 2)), "b": 0})
    assert not deep_equal(np.ones((2, 1)), np.ones((1, 2)))
