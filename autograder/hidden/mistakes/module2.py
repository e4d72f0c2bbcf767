"""Typical mistakes of Module 2 (see autograder/hidden/mistakes/): in the notebook's order."""

from __future__ import annotations

from autograder.hidden.mistakes import Mistake

# The given parts of optimize and model, around the student's lines, as the notebook shows them.
_OPTIMIZE_END = """
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs
"""
_MODEL_END = """
    if print_cost:
        print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
        print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")
    d = {"costs": costs,
         "Y_prediction_test": Y_prediction_test,
         "Y_prediction_train": Y_prediction_train,
         "w": w,
         "b": b,
         "learning_rate": learning_rate,
         "num_iterations": num_iterations}
    return d
"""


def _optimize(body: str) -> str:
    """optimize as the notebook gives it, with ``body`` (indented 4) as the student's part."""
    return ("def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):\n"
            "    costs = []\n" + body.strip("\n") + "\n" + _OPTIMIZE_END)


def _model(body: str, end: str = _MODEL_END) -> str:
    return ("def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, "
            "print_cost=False):\n" + body.strip("\n") + "\n" + end)


MISTAKES: list[Mistake] = [
    # -- sigmoid (Exercise 1) -----------------------------------------------------------------
    Mistake("sigmoid", "sign_flipped",
            "the exponent's sign is flipped, 1 / (1 + e^z) is σ(−z): σ(z) = 1 / (1 + e^(−z)).",
            """
            def sigmoid(z):
                s = 1 / (1 + np.exp(z))
                return s
            """,
            fails=("sigmoid_random_shapes", "sigmoid_large_inputs", "sigmoid_scalar")),
    Mistake("sigmoid", "precedence",
            "1 / 1 + e^(−z) is 1 + e^(−z): the denominator needs its parentheses, σ(z) = 1 / (1 + e^(−z)).",
            """
            def sigmoid(z):
                s = 1 / 1 + np.exp(-z)
                return s
            """,
            fails=("sigmoid_random_shapes", "sigmoid_scalar", "sigmoid_large_inputs")),
    Mistake("sigmoid", "minus_in_the_denominator",
            "the denominator is 1 − e^(−z): σ(z) = 1 / (1 + e^(−z)), with a plus.",
            """
            def sigmoid(z):
                s = 1 / (1 - np.exp(-z))
                return s
            """,
            fails=("sigmoid_random_shapes", "sigmoid_scalar", "sigmoid_large_inputs")),
    # (before math_exp_on_arrays: on a 2-D z both raise the same error, and only this one
    # works on a 1-D z)
    Mistake("sigmoid", "loop_with_math_exp",
            "looping over z with math.exp works for a 1-D array only (the entries of a 2-D array are its "
            "rows) and not for a number: np.exp applies e^(−z) to every entry of any shape, no loop.",
            """
            import math

            def sigmoid(z):
                s = np.array([1 / (1 + math.exp(-x)) for x in z])
                return s
            """,
            fails=("sigmoid_random_shapes", "sigmoid_scalar")),
    Mistake("sigmoid", "math_exp_on_arrays",
            "math.exp takes a single number and fails on an array: np.exp computes e^(−z) for every entry.",
            """
            import math

            def sigmoid(z):
                s = 1 / (1 + math.exp(-z))
                return s
            """,
            fails=("sigmoid_random_shapes", "sigmoid_large_inputs")),

    # -- initialize_with_zeros (Exercise 2) ---------------------------------------------------
    Mistake("initialize_with_zeros", "integer_b",
            "b = 0 is the integer 0: b must be the float 0.0.",
            """
            def initialize_with_zeros(dim):
                w = np.zeros((dim, 1))
                b = 0
                return w, b
            """,
            fails=("init_b_float",)),
    Mistake("initialize_with_zeros", "b_is_an_array",
            "b is an array: it must be the plain number 0.0 (one bias, a float).",
            """
            def initialize_with_zeros(dim):
                w = np.zeros((dim, 1))
                b = np.zeros(1)
                return w, b
            """,
            fails=("init_b_float",)),
    Mistake("initialize_with_zeros", "integer_w",
            "w is an array of integer zeros: it must hold floats (np.zeros gives floats by default).",
            """
            def initialize_with_zeros(dim):
                w = np.zeros((dim, 1), dtype=int)
                b = 0.0
                return w, b
            """,
            fails=("init_w_float",)),
    Mistake("initialize_with_zeros", "rank_1_w",
            "w has shape (dim,), a rank-1 array: it must be a column of shape (dim, 1).",
            """
            def initialize_with_zeros(dim):
                w = np.zeros(dim)
                b = 0.0
                return w, b
            """,
            fails=("init_shapes",)),
    Mistake("initialize_with_zeros", "row_w",
            "w is a row of shape (1, dim): it must be a column of shape (dim, 1), one weight per feature.",
            """
            def initialize_with_zeros(dim):
                w = np.zeros((1, dim))
                b = 0.0
                return w, b
            """,
            fails=("init_shapes",)),
    Mistake("initialize_with_zeros", "shape_not_a_tuple",
            "np.zeros(dim, 1) reads the 1 as a dtype: the shape (dim, 1) goes in as one tuple, "
            "with its own parentheses.",
            """
            def initialize_with_zeros(dim):
                w = np.zeros(dim, 1)
                b = 0.0
                return w, b
            """,
            fails=("init_shapes", "init_b_float", "init_w_float")),
    Mistake("initialize_with_zeros", "hard_coded_size",
            "the size of the notebook's example (2) is written in the code: w has shape (dim, 1) for any dim.",
            """
            def initialize_with_zeros(dim):
                w = np.zeros((2, 1))
                b = 0.0
                return w, b
            """,
            fails=("init_shapes",)),

    # -- propagate (Exercise 3) ---------------------------------------------------------------
    Mistake("propagate", "db_missing_mean",
            "db is m times too large: the average over the m examples, the 1/m of "
            "db = (1/m) Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾), is missing.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y)
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_db", "propagate_gradient_check")),
    Mistake("propagate", "gradients_missing_mean",
            "dw and db are m times too large: both are averages over the m examples, "
            "dw = (1/m) X (A − Y)ᵀ and db = (1/m) Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (A - Y).T)
                db = np.sum(A - Y)
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_dw", "propagate_db", "propagate_gradient_check")),
    Mistake("propagate", "cost_missing_mean",
            "the cost is m times too large: J is the average loss, J = −(1/m) Σ (y log a + (1 − y) log(1 − a)).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_cost",)),
    Mistake("propagate", "cost_sign_flipped",
            "the cost has the wrong sign: J = −(1/m) Σ (y log a + (1 − y) log(1 − a)) is positive, "
            "the minus in front is missing.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_cost",)),
    Mistake("propagate", "cost_missing_the_y_0_term",
            "the cost has only the y log a part: each example's loss is −(y log a + (1 − y) log(1 − a)), "
            "the (1 − y) log(1 − a) term is what counts the non-cats.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_cost",)),
    Mistake("propagate", "gradient_sign_flipped",
            "dw and db have the wrong sign: with dz = a − y they are dw = (1/m) X (A − Y)ᵀ and "
            "db = (1/m) Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾), not Y − A.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (Y - A).T) / m
                db = np.sum(Y - A) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_dw", "propagate_db", "propagate_gradient_check")),
    Mistake("propagate", "bias_left_out",
            "b is missing from the forward pass: A = σ(wᵀX + b).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X))
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_dw", "propagate_db", "propagate_cost")),
    Mistake("propagate", "w_not_transposed",
            "wX cannot be computed: w has shape (n_x, 1) and X (n_x, m), so the forward pass is A = σ(wᵀX + b), "
            "with the transpose.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_dw", "propagate_db", "propagate_cost")),
    Mistake("propagate", "dw_is_a_row",
            "dw has shape (1, n_x), the transpose: dw = (1/m) X (A − Y)ᵀ, of shapes (n_x, m) by (m, 1), "
            "has the shape of w, (n_x, 1).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.dot(A - Y, X.T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_structure", "propagate_dw", "propagate_gradient_check")),
    Mistake("propagate", "dw_rank_1",
            "dw has shape (n_x,), a rank-1 array: summing X·(A − Y) over the examples without keepdims "
            "loses the column; dw = (1/m) X (A − Y)ᵀ has shape (n_x, 1).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.sum(w * X, axis=0, keepdims=True) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = np.sum(X * (A - Y), axis=1) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_structure", "propagate_dw")),
    Mistake("propagate", "db_and_cost_kept_as_1x1_arrays",
            "db and the cost are (1, 1) arrays (sums with keepdims): both must be plain numbers.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1, keepdims=True) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y, axis=1, keepdims=True) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_structure",)),
    Mistake("propagate", "cost_from_dot_products_is_a_1x1_array",
            "the cost, written with matrix products Y log(A)ᵀ, is a (1, 1) array: J must be a plain number "
            "(take it out with np.squeeze or float).",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
                dw = np.dot(X, (A - Y).T) / m
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_structure",)),
    Mistake("propagate", "only_the_first_example",
            "dw comes from the first example alone: dw = (1/m) X (A − Y)ᵀ adds up x⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾) over all "
            "m examples and averages.",
            """
            def propagate(w, b, X, Y):
                m = X.shape[1]
                A = sigmoid(np.dot(w.T, X) + b)
                cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
                dw = X[:, :1] * (A[0, 0] - Y[0, 0])
                db = np.sum(A - Y) / m
                grads = {"dw": dw, "db": db}
                return grads, cost
            """,
            fails=("propagate_dw", "propagate_gradient_check")),
    # A loop gives the right values: only the speed check sees it, and the public check does
    # not time (public=False). (A loop over the features returns the same values, so it
    # cannot be told apart from this one: tests/test_module2_checks.py times it.)
    Mistake("propagate", "loops_over_the_examples",
            "propagate loops over the examples (or the features) in Python: compute A, the cost, dw and db "
            "for all m examples at once with matrix products and sums.",
            """
            def propagate(w, b, X, Y):
                n_x, m = X.shape
                dw, db, cost = np.zeros((n_x, 1)), 0.0, 0.0
                for i in range(m):
                    a = sigmoid(float(np.dot(w[:, 0], X[:, i])) + b)
                    cost -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
                    dw[:, 0] += X[:, i] * (a - Y[0, i])
                    db += a - Y[0, i]
                grads = {"dw": dw / m, "db": db / m}
                return grads, cost / m
            """,
            fails=("propagate_speed",), public=False, named_by=("loop",)),

    # -- optimize (Exercise 4) ----------------------------------------------------------------
    Mistake("optimize", "updates_w_in_place",
            "w -= α dw updates the caller's array in place: work on a copy of w (copy.deepcopy) "
            "before the loop.",
            _optimize("""
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w -= learning_rate * dw
        b -= learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_no_mutation",), named_by=("in place",)),
    Mistake("optimize", "gradient_ascent",
            "the parameters move uphill: gradient descent steps against the gradient, "
            "w := w − α dw and b := b − α db.",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w + learning_rate * dw
        b = b + learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_params_and_grads", "optimize_arguments")),
    Mistake("optimize", "b_never_updated",
            "b is never updated: each step changes both parameters, w := w − α dw and b := b − α db.",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_params_and_grads", "optimize_arguments")),
    Mistake("optimize", "gradients_computed_once",
            "the gradients are computed once, before the loop: each step needs dw and db at the current "
            "w and b, so propagate runs inside the loop.",
            _optimize("""
    w = copy.deepcopy(w)
    grads, cost = propagate(w, b, X, Y)
    dw = grads["dw"]
    db = grads["db"]
    for i in range(num_iterations):
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_params_and_grads", "optimize_arguments")),
    Mistake("optimize", "hard_coded_learning_rate",
            "the learning rate 0.009 is written in the code: use the argument learning_rate (α) that the "
            "caller passes.",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - 0.009 * dw
        b = b - 0.009 * db
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_params_and_grads", "optimize_arguments")),
    Mistake("optimize", "hard_coded_num_iterations",
            "the number of steps, 100, is written in the code: loop num_iterations times, the argument "
            "the caller passes.",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(100):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_params_and_grads", "optimize_arguments")),
    Mistake("optimize", "default_learning_rate_changed",
            "the default learning rate is changed: the signature's default is learning_rate = 0.009, "
            "keep the notebook's defaults.",
            """
            def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.005, print_cost=False):
                costs = []
                w = copy.deepcopy(w)
                for i in range(num_iterations):
                    grads, cost = propagate(w, b, X, Y)
                    dw = grads["dw"]
                    db = grads["db"]
                    w = w - learning_rate * dw
                    b = b - learning_rate * db
                    if i % 100 == 0:
                        costs.append(cost)
                params = {"w": w, "b": b}
                grads = {"dw": dw, "db": db}
                return params, grads, costs
            """,
            fails=("optimize_arguments",)),
    Mistake("optimize", "cost_every_iteration",
            "the cost is recorded at every iteration: costs keeps one cost every 100 iterations "
            "(iterations 0, 100, 200, ...).",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(cost)
"""),
            fails=("optimize_trajectory", "optimize_arguments")),
    Mistake("optimize", "costs_only_when_printing",
            "the costs are recorded only when print_cost is true: costs gets one cost every 100 iterations "
            "whether or not it is printed.",
            _optimize("""
    w = copy.deepcopy(w)
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0 and print_cost:
            costs.append(cost)
            print(f"Cost after iteration {i}: {cost:f}")
"""),
            fails=("optimize_trajectory", "optimize_arguments")),

    # -- predict (Exercise 5) -----------------------------------------------------------------
    Mistake("predict", "threshold_greater_or_equal",
            "a probability of exactly 0.5 is predicted 1: the prediction is 1 only where ŷ > 0.5, strictly.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w.T, X) + b)
                Y_prediction = (A >= 0.5).astype(float)
                return Y_prediction
            """,
            fails=("predict_threshold",)),
    Mistake("predict", "boolean_output",
            "the predictions are booleans (True/False): they must be the floats 0.0 and 1.0.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w.T, X) + b)
                Y_prediction = (A > 0.5)
                return Y_prediction
            """,
            fails=("predict_dtype",)),
    Mistake("predict", "integer_output",
            "the predictions are the integers 0 and 1: they must be the floats 0.0 and 1.0.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w.T, X) + b)
                Y_prediction = (A > 0.5).astype(int)
                return Y_prediction
            """,
            fails=("predict_dtype",)),
    Mistake("predict", "threshold_on_z",
            "the threshold 0.5 is applied to z = wᵀX + b, before the sigmoid: it is the probability "
            "ŷ = σ(wᵀX + b) that is compared with 0.5.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                Z = np.dot(w.T, X) + b
                Y_prediction = (Z > 0.5).astype(float)
                return Y_prediction
            """,
            fails=("predict_random",)),
    Mistake("predict", "rank_1_output",
            "the predictions have shape (m,), a rank-1 array: keep the shape (1, m) of ŷ, one column per example.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w.T, X) + b)
                Y_prediction = (A[0] > 0.5).astype(float)
                return Y_prediction
            """,
            fails=("predict_random", "predict_dtype", "predict_threshold")),
    Mistake("predict", "bias_left_out_of_predict",
            "b is missing: the probability is ŷ = σ(wᵀX + b).",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w.T, X))
                Y_prediction = (A > 0.5).astype(float)
                return Y_prediction
            """,
            fails=("predict_random", "predict_threshold")),
    Mistake("predict", "w_not_transposed_in_predict",
            "wX cannot be computed: w has shape (n_x, 1) and X (n_x, m), so the probability is ŷ = σ(wᵀX + b), "
            "with the transpose.",
            """
            def predict(w, b, X):
                w = w.reshape(X.shape[0], 1)
                A = sigmoid(np.dot(w, X) + b)
                Y_prediction = (A > 0.5).astype(float)
                return Y_prediction
            """,
            fails=("predict_random", "predict_threshold", "predict_dtype")),

    # -- model (Exercise 6) -------------------------------------------------------------------
    Mistake("model", "arguments_not_passed_on",
            "num_iterations and learning_rate are not passed on to optimize, which then uses its own "
            "defaults: pass them (and print_cost) along.",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_small_problem", "model_arguments", "model_defaults")),
    Mistake("model", "learning_rate_not_passed_on",
            "learning_rate is not passed on to optimize, which then uses its own default: pass it along "
            "with num_iterations.",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_small_problem", "model_arguments", "model_defaults")),
    Mistake("model", "arguments_in_the_wrong_order",
            "learning_rate and num_iterations reach optimize in the wrong order: its signature is "
            "optimize(w, b, X, Y, num_iterations, learning_rate, print_cost).",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate, num_iterations, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_small_problem", "model_arguments", "model_defaults")),
    Mistake("model", "parameters_not_taken_from_params",
            "the predictions use the initial zeros: take the learned w and b out of the params that "
            "optimize returns before predicting.",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_small_problem", "model_arguments", "model_defaults")),
    Mistake("model", "train_and_test_swapped",
            "the training and test predictions are swapped: Y_prediction_train comes from X_train, "
            "Y_prediction_test from X_test.",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_train)
    Y_prediction_train = predict(w, b, X_test)
"""),
            fails=("model_small_problem", "model_arguments")),
    Mistake("model", "hard_coded_feature_count",
            "the number of features is written in the code: w needs one entry per feature, n_x, "
            "the number of rows of X_train.",
            _model("""
    w, b = initialize_with_zeros(5)
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_arguments", "model_defaults")),
    Mistake("model", "examples_counted_as_features",
            "w is made with one entry per training example: it needs one per feature, n_x, the number of "
            "rows of X_train (its columns are the m examples).",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[1])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
"""),
            fails=("model_small_problem", "model_arguments", "model_defaults", "model_keys")),
    Mistake("model", "missing_keys",
            "the dictionary d lacks learning_rate and num_iterations: return it with all seven keys, "
            "as the notebook gives it.",
            _model("""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
""", end="""
    d = {"costs": costs,
         "Y_prediction_test": Y_prediction_test,
         "Y_prediction_train": Y_prediction_train,
         "w": w,
         "b": b}
    return d
"""),
            fails=("model_keys",)),
]
