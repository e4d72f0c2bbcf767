"""The memo of the reference's answers (autograder.hidden.spec.ReferenceMemo): a remembered
answer must be exactly what calling the reference again would give."""

from __future__ import annotations

import numpy as np

from autograder.hidden.spec import ReferenceMemo
from autograder.reference import load_reference


def test_a_drawing_reference_is_remembered_per_generator_state_and_replays_it():
    init = load_reference("module4_deep_network")["initialize_parameters_deep"]

    def unseeded(dims):   # draws from the global generator without seeding it
        return {k: v + np.random.randn(*v.shape) for k, v in init(dims).items()}

    memo = ReferenceMemo()
    for seed in (1, 2, 1):
        np.random.seed(seed)
        direct = unseeded([5, 4, 1])
        after_direct = np.random.get_state()
        np.random.seed(seed)
        remembered = memo.call(unseeded, ([5, 4, 1],), {})
        for key in direct:
            np.testing.assert_array_equal(remembered[key], direct[key])
        np.testing.assert_array_equal(np.random.get_state()[1], after_direct[1])
        assert np.random.get_state()[2] == after_direct[2]
    assert (memo.hits, memo.misses) == (1, 2)   # seed 1 again: remembered


def test_a_reference_that_does_not_draw_is_remembered_whatever_the_state():
    cost = load_reference("module4_deep_network")["compute_cost"]
    rng = np.random.default_rng(0)
    AL = rng.uniform(0.05, 0.95, size=(1, 20))
    Y = (rng.uniform(size=(1, 20)) > 0.5).astype(float)
    memo = ReferenceMemo()
    first = memo.call(cost, (AL, Y), {})
    np.random.seed(123)   # another state: the answer cannot depend on it
    state = np.random.get_state()
    assert memo.call(cost, (AL, Y), {}) == first and memo.hits == 1
    assert np.random.get_state()[2] == state[2], "a call that did not draw leaves the state alone"
    assert memo.call(cost, (AL, 1.0 - Y), {}) != first and memo.misses == 2


def test_callers_cannot_change_what_is_remembered_and_quick_calls_are_not_kept():
    update = load_reference("module4_deep_network")["update_parameters"]
    rng = np.random.default_rng(1)
    params = {"W1": rng.normal(size=(3, 2)), "b1": np.zeros((3, 1))}
    grads = {"dW1": rng.normal(size=(3, 2)), "db1": rng.normal(size=(3, 1))}
    memo = ReferenceMemo()
    first = memo.call(update, (params, grads, 0.1), {})
    expected = {k: v.copy() for k, v in first.items()}
    first["W1"][:] = 0.0                       # the caller scribbles on its copy
    again = memo.call(update, (params, grads, 0.1), {})
    assert memo.hits == 1 and all(np.array_equal(again[k], expected[k]) for k in expected)
    quick = ReferenceMemo()
    quick.call(update, (params, grads, 0.1), {}, min_seconds=60.0)
    quick.call(update, (params, grads, 0.1), {}, min_seconds=60.0)
    assert (quick.hits, quick.misses, len(quick.entries)) == (0, 2, 0)


def test_arguments_that_are_not_plain_data_are_never_remembered():
    memo = ReferenceMemo()
    calls = []

    def apply(f):
        calls.append(f)
        return f("abc")

    assert memo.call(apply, (len,), {}) == 3 and memo.call(apply, (len,), {}) == 3
    assert len(calls) == 2 and not memo.entries
