"""Module 2's public and hidden checks: they pass on the reference and catch typical mistakes.

Each mistake below is a small wrong implementation of one graded function, of the kind
students write. It must fail at least one hidden check of that function (the named ones,
when given) and no hidden check of any other function: while a function is graded, the
other graded functions it calls are the reference's.
"""

from __future__ import annotations

import textwrap

import pytest

from autograder import course, notebook
from autograder.hidden import run_checks_in_namespace
from autograder.public import module2 as public
from autograder.public.report import CheckFailed
from autograder.reference import load_reference

ASSIGNMENT = "module2_logistic_regression"
DEPENDENCIES = notebook.dependencies(notebook.read(course.assignment(ASSIGNMENT).source))
FUNCTIONS = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]


@pytest.fixture(scope="module")
def reference():
    return load_reference(ASSIGNMENT)


def with_mistake(reference: dict, source: str) -> dict:
    """A notebook namespace: the reference, with one function redefined by ``source``."""
    namespace = dict(reference)
    exec(textwrap.dedent(source), namespace)
    return namespace


def test_every_graded_function_has_public_and_hidden_checks(reference):
    from autograder import course, notebook

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


# (function, mistake id, wrong implementation, hidden checks of that function that must fail)
MISTAKES = [
    ("sigmoid", "precedence", """
        def sigmoid(z):
            return 1 / 1 + np.exp(-z)
        """, ["sigmoid_random_shapes", "sigmoid_scalar"]),
    ("sigmoid", "sign_flipped", """
        def sigmoid(z):
            return 1 / (1 + np.exp(z))
        """, ["sigmoid_random_shapes", "sigmoid_large_inputs"]),
    ("sigmoid", "math_exp_on_arrays", """
        import math
        def sigmoid(z):
            return 1 / (1 + math.exp(-z))
        """, ["sigmoid_random_shapes"]),
    ("initialize_with_zeros", "integer_b", """
        def initialize_with_zeros(dim):
            return np.zeros((dim, 1)), 0
        """, ["init_b_float"]),
    ("initialize_with_zeros", "rank_1_w", """
        def initialize_with_zeros(dim):
            return np.zeros(dim), 0.0
        """, ["init_shapes"]),
    ("initialize_with_zeros", "integer_w", """
        def initialize_with_zeros(dim):
            return np.zeros((dim, 1), dtype=int), 0.0
        """, ["init_w_float"]),
    ("initialize_with_zeros", "hard_coded_size", """
        def initialize_with_zeros(dim):
            return np.zeros((2, 1)), 0.0
        """, ["init_shapes"]),
    ("propagate", "loops_over_the_examples", """
        def propagate(w, b, X, Y):
            n_x, m = X.shape
            dw, db, cost = np.zeros((n_x, 1)), 0.0, 0.0
            for i in range(m):
                a = sigmoid(float(np.dot(w[:, 0], X[:, i])) + b)
                cost -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
                dw[:, 0] += X[:, i] * (a - Y[0, i])
                db += a - Y[0, i]
            return {"dw": dw / m, "db": db / m}, cost / m
        """, ["propagate_speed"]),
    ("propagate", "loops_over_the_features", """
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
            return {"dw": dw, "db": np.sum(A - Y) / m}, cost
        """, ["propagate_speed"]),
    ("propagate", "missing_1_over_m", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": np.dot(X, (A - Y).T), "db": np.sum(A - Y)}, cost
        """, ["propagate_dw", "propagate_db", "propagate_gradient_check"]),
    ("propagate", "cost_sign_flipped", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, cost
        """, ["propagate_cost"]),
    ("propagate", "gradient_sign_flipped", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": np.dot(X, (Y - A).T) / m, "db": np.sum(Y - A) / m}, cost
        """, ["propagate_dw", "propagate_gradient_check"]),
    ("propagate", "db_kept_as_1x1_array", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1, keepdims=True) / m
            return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y, axis=1, keepdims=True) / m}, cost
        """, ["propagate_structure"]),
    ("propagate", "elementwise_instead_of_matrix_product", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.sum(w * X, axis=0, keepdims=True) + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": np.sum(X * (A - Y), axis=1) / m, "db": np.sum(A - Y) / m}, cost
        """, ["propagate_structure", "propagate_dw"]),
    ("propagate", "only_the_first_example", """
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": X[:, :1] * (A[0, 0] - Y[0, 0]), "db": np.sum(A - Y) / m}, cost
        """, ["propagate_dw", "propagate_gradient_check"]),
    ("optimize", "updates_w_in_place", """
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w -= learning_rate * grads["dw"]
                b = b - learning_rate * grads["db"]
                if i % 100 == 0:
                    costs.append(cost)
            return {"w": w, "b": b}, grads, costs
        """, ["optimize_no_mutation"]),
    ("optimize", "gradient_ascent", """
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            w = copy.deepcopy(w)
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w = w + learning_rate * grads["dw"]
                b = b + learning_rate * grads["db"]
                if i % 100 == 0:
                    costs.append(cost)
            return {"w": w, "b": b}, grads, costs
        """, ["optimize_trajectory", "optimize_params_and_grads"]),
    ("optimize", "hard_coded_learning_rate", """
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            w = copy.deepcopy(w)
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w = w - 0.009 * grads["dw"]
                b = b - 0.009 * grads["db"]
                if i % 100 == 0:
                    costs.append(cost)
            return {"w": w, "b": b}, grads, costs
        """, ["optimize_trajectory", "optimize_arguments"]),
    ("optimize", "cost_every_iteration", """
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            w = copy.deepcopy(w)
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w = w - learning_rate * grads["dw"]
                b = b - learning_rate * grads["db"]
                costs.append(cost)
            return {"w": w, "b": b}, grads, costs
        """, ["optimize_trajectory", "optimize_arguments"]),
    ("optimize", "b_never_updated", """
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            w = copy.deepcopy(w)
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w = w - learning_rate * grads["dw"]
                if i % 100 == 0:
                    costs.append(cost)
            return {"w": w, "b": b}, grads, costs
        """, ["optimize_trajectory", "optimize_params_and_grads"]),
    ("predict", "threshold_greater_or_equal", """
        def predict(w, b, X):
            A = sigmoid(np.dot(w.T, X) + b)
            return (A >= 0.5).astype(float)
        """, ["predict_threshold"]),
    ("predict", "boolean_output", """
        def predict(w, b, X):
            A = sigmoid(np.dot(w.T, X) + b)
            return A > 0.5
        """, ["predict_dtype"]),
    ("predict", "threshold_on_z_at_one_half", """
        def predict(w, b, X):
            Z = np.dot(w.T, X) + b
            return (Z > 0.5).astype(float)
        """, ["predict_random"]),
    ("predict", "rank_1_output", """
        def predict(w, b, X):
            A = sigmoid(np.dot(w.T, X) + b)
            return (A[0] > 0.5).astype(float)
        """, ["predict_random", "predict_dtype"]),
    ("model", "ignores_num_iterations_and_learning_rate", """
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
            w, b = initialize_with_zeros(X_train.shape[0])
            params, grads, costs = optimize(w, b, X_train, Y_train)
            w, b = params["w"], params["b"]
            return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
                    "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
                    "learning_rate": learning_rate, "num_iterations": num_iterations}
        """, ["model_small_problem", "model_arguments", "model_defaults"]),
    ("model", "train_and_test_swapped", """
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
            w, b = initialize_with_zeros(X_train.shape[0])
            params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
            w, b = params["w"], params["b"]
            return {"costs": costs, "Y_prediction_test": predict(w, b, X_train),
                    "Y_prediction_train": predict(w, b, X_test), "w": w, "b": b,
                    "learning_rate": learning_rate, "num_iterations": num_iterations}
        """, ["model_small_problem", "model_arguments"]),
    ("model", "hard_coded_feature_count", """
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
            w, b = initialize_with_zeros(5)
            params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
            w, b = params["w"], params["b"]
            return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
                    "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
                    "learning_rate": learning_rate, "num_iterations": num_iterations}
        """, ["model_arguments", "model_defaults"]),
    ("model", "missing_keys", """
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
            w, b = initialize_with_zeros(X_train.shape[0])
            params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
            w, b = params["w"], params["b"]
            return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
                    "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b}
        """, ["model_keys"]),
]


@pytest.mark.parametrize("function, mistake, source, must_fail", MISTAKES,
                         ids=[f"{f}-{m}" for f, m, _, _ in MISTAKES])
def test_a_typical_mistake_fails_the_hidden_checks_of_its_function_only(reference, function, mistake,
                                                                        source, must_fail):
    namespace = with_mistake(reference, source)
    # Besides its own, only the functions that call it could be touched by a mistake (and
    # must not be: they run with the reference in its place); the others are not re-run.
    for graded in [f for f in FUNCTIONS if f == function or function in DEPENDENCIES.get(f, [])]:
        results = run_checks_in_namespace(ASSIGNMENT, graded, namespace)
        failed = {r.check_id.split(".", 1)[1]: r.message for r in results if not r.passed}
        if graded == function:
            missed = [name for name in must_fail if name not in failed]
            assert not missed, f"{mistake}: these hidden checks of {function} passed: {missed}"
            assert all(message for message in failed.values())
        else:
            assert not failed, f"{mistake} in {function} made checks of {graded} fail: {failed}"


@pytest.mark.parametrize("function, mistake, source, must_fail",
                         [m for m in MISTAKES if m[1] in (
                             "precedence", "integer_b", "missing_1_over_m", "updates_w_in_place",
                             "threshold_greater_or_equal", "train_and_test_swapped")],
                         ids=lambda value: value if isinstance(value, str) and "\n" not in value else "")
def test_a_typical_mistake_fails_the_public_check_with_a_message(reference, function, mistake, source,
                                                                 must_fail, capsys):
    namespace = with_mistake(reference, source)
    with pytest.raises(CheckFailed):
        getattr(public, f"test_{function}")(namespace[function])
    out = capsys.readouterr().out
    assert "✗" in out, out


@pytest.mark.parametrize("loop", ["loops_over_the_examples", "loops_over_the_features"])
def test_a_looped_propagate_costs_only_the_speed_check(reference, loop):
    namespace = with_mistake(reference, MISTAKES[[m[1] for m in MISTAKES].index(loop)][2])
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
    namespace = with_mistake(reference, MISTAKES[[m[1] for m in MISTAKES].index("updates_w_in_place")][2])
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
