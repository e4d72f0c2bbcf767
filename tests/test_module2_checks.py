"""Module 2's public and hidden checks: they pass on the reference; the speed and mutation checks.

The typical mistakes are in the catalogue (autograder/hidden/mistakes/module2.py), which
tests/test_mistakes.py runs through every check; the tests here take a few of them by name.
"""

from __future__ import annotations

import textwrap

import pytest

from autograder import course, notebook
from autograder.hidden import run_checks_in_namespace
from autograder.hidden.mistakes import Mistake, catalogue
from autograder.public import module2 as public

ASSIGNMENT = "module2_logistic_regression"
FUNCTIONS = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]


def with_mistake(reference: dict, source: str) -> dict:
    """A notebook namespace: the reference, with one function redefined by ``source``."""
    namespace = dict(reference)
    exec(textwrap.dedent(source), namespace)
    return namespace


def _mistake(function: str, name: str) -> Mistake:
    return next(m for m in catalogue(ASSIGNMENT) if m.function == function and m.name == name)


def test_every_graded_function_has_public_and_hidden_checks(reference):
    assert notebook.graded_functions(notebook.read(course.assignment(ASSIGNMENT).source)) == FUNCTIONS
    for name in FUNCTIONS:
        assert callable(getattr(public, f"test_{name}")), name


@pytest.mark.parametrize("function", FUNCTIONS)
def test_public_checks_pass_on_the_reference(reference, function, capsys):
    getattr(public, f"test_{function}")(reference[function])
    out = capsys.readouterr().out
    assert "✗" not in out and f"checks passed for {function}" in out, out


@pytest.mark.parametrize("function", FUNCTIONS)
def test_hidden_checks_pass_on_the_reference(reference, function):
    results = run_checks_in_namespace(ASSIGNMENT, function, dict(reference))
    assert len(results) >= 3
    failed = [(r.check_id, r.status, r.message) for r in results if not r.passed]
    assert not failed, failed


# A loop over the features: the same values as the catalogue's loop over the examples (so not
# in the catalogue, which could not tell the two apart), and as slow.
LOOPS_OVER_THE_FEATURES = """
    def propagate(w, b, X, Y):
        n_x, m = X.shape
        Z = np.zeros((1, m)) + b
        for j in range(n_x):
            Z += w[j, 0] * X[j:j + 1, :]
        A = sigmoid(Z)
        cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
        dw = np.zeros((n_x, 1))
        for j in range(n_x):
            dw[j, 0] = np.dot(X[j, :], (A - Y)[0, :]) / m
        db = np.sum(A - Y) / m
        grads = {"dw": dw, "db": db}
        return grads, cost
    """


@pytest.mark.parametrize("loop", ["loops_over_the_examples", "loops_over_the_features"])
def test_a_looped_propagate_costs_only_the_speed_check(reference, loop):
    if loop == "loops_over_the_features":
        namespace = with_mistake(reference, LOOPS_OVER_THE_FEATURES)
    else:
        namespace = dict(reference)
        namespace["propagate"] = _mistake("propagate", loop).implementation(namespace)
    results = run_checks_in_namespace(ASSIGNMENT, "propagate", namespace)
    failed = {r.check_id: r.message for r in results if not r.passed}
    assert list(failed) == ["propagate.propagate_speed"], failed
    assert "times faster than a loop over the examples" in failed["propagate.propagate_speed"]


def test_a_speed_shortfall_is_measured_again_before_it_fails(reference):
    """A vectorized propagate slowed down for one whole measurement (as by a busy core) keeps its
    point: the second, longer measurement decides."""
    from autograder.hidden.module2 import SPEED_REPEATS

    namespace = with_mistake(reference, f"""
        import time
        calls_on_the_cat_data = 0
        def propagate(w, b, X, Y):
            global calls_on_the_cat_data
            if X.shape == (12288, 209):
                calls_on_the_cat_data += 1
                if calls_on_the_cat_data <= {SPEED_REPEATS}:
                    time.sleep(0.5)
            return reference_propagate(w, b, X, Y)
        """)
    namespace["reference_propagate"] = reference["propagate"]
    speed = {r.check_id: r for r in run_checks_in_namespace(ASSIGNMENT, "propagate", namespace)}
    assert speed["propagate.propagate_speed"].passed, speed["propagate.propagate_speed"].message
    assert namespace["calls_on_the_cat_data"] == 3 * SPEED_REPEATS


def test_the_in_place_update_is_reported_as_such_and_costs_only_that_check(reference):
    namespace = dict(reference)
    namespace["optimize"] = _mistake("optimize", "updates_w_in_place").implementation(namespace)
    results = run_checks_in_namespace(ASSIGNMENT, "optimize", namespace)
    failed = {r.check_id: r.message for r in results if not r.passed}
    assert list(failed) == ["optimize.optimize_no_mutation"], failed
    assert "in place" in failed["optimize.optimize_no_mutation"]


def test_a_function_without_a_dedicated_check_fails_every_check_that_sees_it_mutate(reference):
    namespace = dict(reference)
    exec("def propagate(w, b, X, Y):\n"
         "    grads, cost = _reference_propagate(w, b, X, Y)\n"
         "    X *= 1.0000001\n"
         "    return grads, cost\n", namespace | {"_reference_propagate": reference["propagate"]}, namespace)
    results = [r for r in run_checks_in_namespace(ASSIGNMENT, "propagate", namespace)
               if r.check_id != "propagate.propagate_speed"]
    assert results and all(not r.passed and "in place" in r.message for r in results), results


# -- partial credit: each output of a check is its own part (Tester.compare's part) ------------
def _result(namespace: dict, function: str, check: str):
    return next(r for r in run_checks_in_namespace(ASSIGNMENT, function, namespace) if r.check_id == check)


def _with_catalogued(reference: dict, function: str, name: str) -> dict:
    namespace = dict(reference)
    namespace[function] = _mistake(function, name).implementation(namespace)
    return namespace


# The gradients taken again after the loop, at the final parameters: w and b are right, the
# last iteration's dw and db are not (no catalogued mistake leaves the parameters right).
GRADIENTS_AFTER_THE_LOOP = """
    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        w = copy.deepcopy(w)
        costs = []
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        grads, _ = propagate(w, b, X, Y)
        return {"w": w, "b": b}, grads, costs
    """

# model echoing a hard-coded number of iterations (the default's) next to the right learning rate.
NUM_ITERATIONS_NOT_ECHOED = """
    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        d = reference_model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate, print_cost)
        d["num_iterations"] = 2000
        return d
    """


@pytest.mark.parametrize("function, mistake, check, earned, right", [
    ("propagate", "db_missing_mean", "propagate_gradient_check", 1 / 2, "Right: dw."),
    ("propagate", "db_missing_mean", "propagate_edge_cases", 2 / 3, "Right: dw, cost."),
    ("optimize", "cost_every_iteration", "optimize_arguments", 1 / 2, "Right: w."),
    ("model", "train_and_test_swapped", "model_small_problem", 3 / 5, "Right: costs, w, b."),
    ("model", "train_and_test_swapped", "model_cat_data", 3 / 5, "Right: costs, w, b."),
])
def test_a_catalogued_mistake_keeps_the_share_of_the_outputs_it_gets_right(reference, function, mistake, check,
                                                                            earned, right):
    assert _result(dict(reference), function, f"{function}.{check}").earned == 1
    result = _result(_with_catalogued(reference, function, mistake), function, f"{function}.{check}")
    assert not result.passed and 0 < result.earned < 1
    assert result.earned == pytest.approx(earned)
    assert right in result.message, result.message
    assert result.mistake == _mistake(function, mistake).says


def test_optimize_params_and_grads_gives_the_parameters_and_the_gradients_their_shares(reference):
    assert _result(dict(reference), "optimize", "optimize.optimize_params_and_grads").earned == 1
    result = _result(with_mistake(reference, GRADIENTS_AFTER_THE_LOOP), "optimize",
                     "optimize.optimize_params_and_grads")
    assert not result.passed and result.earned == pytest.approx(1 / 2)
    assert "grads['dw'] of the last iteration" in result.message and "Also wrong: db." in result.message
    assert "Right: w, b." in result.message, result.message


def test_model_keys_gives_each_echoed_argument_its_share(reference):
    assert _result(dict(reference), "model", "model.model_keys").earned == 1
    namespace = with_mistake(reference, NUM_ITERATIONS_NOT_ECHOED)
    namespace["reference_model"] = reference["model"]
    result = _result(namespace, "model", "model.model_keys")
    assert not result.passed and result.earned == pytest.approx(1 / 2)
    assert "d['num_iterations']" in result.message and "Right: learning_rate." in result.message, result.message


def test_a_value_in_a_1x1_array_keeps_its_share_and_only_the_structure_check_judges_the_type(reference):
    """db and the cost as (1, 1) arrays: propagate_structure fails; the value checks, parts or not,
    keep forgiving the type (the division of the checks is unchanged by partial credit)."""
    namespace = _with_catalogued(reference, "propagate", "db_and_cost_kept_as_1x1_arrays")
    results = {r.check_id: r for r in run_checks_in_namespace(ASSIGNMENT, "propagate", namespace)
               if r.check_id != "propagate.propagate_speed"}
    assert results.pop("propagate.propagate_structure").earned == 0
    assert all(r.passed and r.earned == 1 for r in results.values()), results
