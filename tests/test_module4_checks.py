"""Module 4's public and hidden checks pass on the reference. Its typical mistakes are in the
course's catalogue (autograder/hidden/mistakes/module4*.py), run by tests/test_mistakes.py;
here some of them show that a hidden check gives partial credit for the outputs that are right."""

from __future__ import annotations

import contextlib
import io
import warnings

import pytest

from autograder.hidden import run_checks_in_namespace
from autograder.hidden.mistakes import catalogue
from autograder.hidden.spec import VALUE_SHARE
from autograder.public import module4

ASSIGNMENT = "module4_deep_network"
FUNCTIONS = ["layer_shapes", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
             "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
             "L_model_backward", "gradient_check_deep", "update_parameters", "two_layer_model",
             "L_layer_model"]


def _failed(results):
    return [f"{r.check_id}: {r.status}: {r.message}" for r in results if not r.passed]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_check_passes_on_the_reference(reference, name):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(module4, f"test_{name}")(reference[name])
    assert "✗" not in out.getvalue()
    assert f"passed for {name}" in out.getvalue()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hidden_checks_pass_on_the_reference(reference, name):
    results = run_checks_in_namespace(ASSIGNMENT, name, dict(reference))
    assert results and not _failed(results), _failed(results)


# -- partial credit: a check earns the share of the outputs that are right -------------------------------------
def _result_of(reference, function, check, mistake=None):
    """The result of the hidden check ``function.check`` on the reference, or with one catalogued mistake."""
    namespace = dict(reference)
    if mistake is not None:
        namespace[function] = next(m for m in catalogue(ASSIGNMENT)
                                   if m.function == function and m.name == mistake).implementation(namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        results = run_checks_in_namespace(ASSIGNMENT, function, namespace)
    return next(r for r in results if r.check_id == f"{function}.{check}")


PARTIAL_CREDIT = [
    # (function, check, mistake, outputs named right in the message): one per kind of converted check
    ("layer_shapes", "layer_shapes_lecture_network", "W_transposed", "b1, Z1, A1"),    # a dict, key by key
    ("initialize_parameters_deep", "initialize_sqrt", "b_rank_1", "W1, W2"),
    ("update_parameters", "update_parameters_values", "biases_not_updated", "W1, W2"),
    ("L_model_backward", "L_model_backward_values", "hidden_layers_sigmoid", "dW4, db4"),
    ("linear_activation_forward", "linear_activation_forward_values", "activations_swapped", "cache"),  # a tuple
    ("linear_backward", "linear_backward_values", "dW_missing_mean", "dA_prev, db"),
    ("linear_activation_forward", "linear_activation_forward_cache", "A_cached_instead_of_Z", "linear_cache"),
    ("L_model_forward", "L_model_forward_caches", "sigmoid_on_every_layer", "caches[0]"),   # the list of caches
    ("linear_backward", "linear_backward_gradient_check", "db_missing_mean", "dW, dA_prev"),   # gradient checks
    ("L_model_backward", "L_model_backward_gradient_check", "hidden_layers_sigmoid", "dW4, db4"),
    ("two_layer_model", "two_layer_model_trajectory", "cost_after_the_update", "W1, b1, W2, b2"),  # costs, parameters
]


@pytest.mark.parametrize(("function", "check", "mistake", "right"), PARTIAL_CREDIT,
                         ids=[f"{c}-{m}" for _, c, m, _ in PARTIAL_CREDIT])
def test_a_check_gives_the_right_outputs_their_share(reference, function, check, mistake, right):
    assert _result_of(reference, function, check).earned == 1
    result = _result_of(reference, function, check, mistake)
    assert not result.passed and 0 < result.earned < 1, (result.status, result.earned, result.message)
    assert "Right: " in result.message and right in result.message.split("Right: ")[1], result.message


@pytest.mark.parametrize("check", ["compute_cost_values", "compute_cost_float_labels"])
def test_a_cost_right_in_the_wrong_type_keeps_the_value_share(reference, check):
    assert _result_of(reference, "compute_cost", check).earned == 1
    result = _result_of(reference, "compute_cost", check, "array_not_float")   # a (1, 1) array
    assert not result.passed and result.earned == VALUE_SHARE, (result.earned, result.message)
    assert "a scalar is expected" in result.message


def test_unexpected_keys_still_fail_the_whole_check(reference):
    result = _result_of(reference, "L_model_backward", "L_model_backward_values", "keys_off_by_one")
    assert not result.passed and result.earned == 0
    assert "unexpected keys" in result.message
