"""Typical mistakes of Module 3 (see autograder/hidden/mistakes/): in the notebook's order."""

from __future__ import annotations

from autograder.hidden.mistakes import Mistake

MISTAKES: list[Mistake] = [
    # -- layer_sizes ---------------------------------------------------------------------------
    Mistake("layer_sizes", "hard_coded",
            "the sizes are written into the code as the flower's (2, 4, 1): read n_x and n_y from the "
            "shapes of X (n_x, m) and Y (n_y, m).",
            """
            def layer_sizes(X, Y):
                n_x = 2
                n_h = 4
                n_y = 1
                return (n_x, n_h, n_y)
            """,
            fails=("layer_sizes_shapes",)),
    Mistake("layer_sizes", "columns",
            "n_x and n_y are read from the columns: examples are columns, so X (n_x, m) has n_x rows "
            "and m columns; the sizes are the numbers of rows.",
            """
            def layer_sizes(X, Y):
                n_x = X.shape[1]
                n_h = 4
                n_y = Y.shape[1]
                return (n_x, n_h, n_y)
            """,
            fails=("layer_sizes_shapes",)),
    Mistake("layer_sizes", "n_y_hard_coded",
            "n_y is written into the code as 1: read it from Y, of shape (n_y, m) (the checks use "
            "outputs with more than one row).",
            """
            def layer_sizes(X, Y):
                n_x = X.shape[0]
                n_h = 4
                n_y = 1
                return (n_x, n_h, n_y)
            """,
            fails=("layer_sizes_shapes",)),
    Mistake("layer_sizes", "x_and_y_swapped",
            "n_x and n_y are swapped: n_x is the number of rows of X (the input layer), n_y that of Y "
            "(the output layer).",
            """
            def layer_sizes(X, Y):
                n_x = Y.shape[0]
                n_h = 4
                n_y = X.shape[0]
                return (n_x, n_h, n_y)
            """,
            fails=("layer_sizes_shapes",)),
    Mistake("layer_sizes", "whole_shape",
            "n_x and n_y are whole shape tuples (n, m), not numbers: each size is only the first "
            "entry of the shape, the number of rows.",
            """
            def layer_sizes(X, Y):
                n_x = X.shape
                n_h = 4
                n_y = Y.shape
                return (n_x, n_h, n_y)
            """,
            fails=("layer_sizes_shapes",)),

    # -- initialize_parameters -----------------------------------------------------------------
    Mistake("initialize_parameters", "seeds_inside",
            "initialize_parameters seeds the generator itself, so every call draws the same weights: "
            "the caller seeds (nn_model does it with np.random.seed(3)), not this function.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                np.random.seed(2)
                W1 = np.random.randn(n_h, n_x) * 0.01
                b1 = np.zeros((n_h, 1))
                W2 = np.random.randn(n_y, n_h) * 0.01
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_no_reseed")),
    Mistake("initialize_parameters", "unscaled",
            "the weights are standard normal draws without the factor 0.01: large weights saturate "
            "tanh (Section 6), the course starts from randn · 0.01.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.randn(n_h, n_x)
                b1 = np.zeros((n_h, 1))
                W2 = np.random.randn(n_y, n_h)
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_scale")),
    # The buggy example student's mistake (autograder/examples.py): W1 alone is unscaled.
    Mistake("initialize_parameters", "W1_unscaled",
            "W^[1] is not scaled by 0.01 (W^[2] is): both weight matrices are standard normal draws "
            "times 0.01.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.randn(n_h, n_x)
                b1 = np.zeros((n_h, 1))
                W2 = np.random.randn(n_y, n_h) * 0.01
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_scale")),
    Mistake("initialize_parameters", "transposed",
            "the weight matrices are transposed: row j of W^[1] holds hidden unit j's weights, so "
            "W^[1] is (n_h, n_x) and W^[2] is (n_y, n_h).",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.randn(n_x, n_h) * 0.01
                b1 = np.zeros((n_h, 1))
                W2 = np.random.randn(n_h, n_y) * 0.01
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_scale")),
    Mistake("initialize_parameters", "W2_drawn_first",
            "W^[2] is drawn before W^[1]: with the caller's seed the order of the draws decides the "
            "numbers, and the convention is W^[1] first, then W^[2].",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W2 = np.random.randn(n_y, n_h) * 0.01
                W1 = np.random.randn(n_h, n_x) * 0.01
                b1 = np.zeros((n_h, 1))
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded",)),
    Mistake("initialize_parameters", "uniform_draws",
            "the weights are uniform draws from [0, 1) (np.random.rand), not standard normal ones "
            "(np.random.randn): all positive, and other numbers than the seed gives.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.rand(n_h, n_x) * 0.01
                b1 = np.zeros((n_h, 1))
                W2 = np.random.rand(n_y, n_h) * 0.01
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_scale")),
    Mistake("initialize_parameters", "rank1_biases",
            "the biases are rank-1 arrays of shape (n,): b^[1] and b^[2] are columns of shapes "
            "(n_h, 1) and (n_y, 1), so that they broadcast across the m columns.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.randn(n_h, n_x) * 0.01
                b1 = np.zeros(n_h)
                W2 = np.random.randn(n_y, n_h) * 0.01
                b2 = np.zeros(n_y)
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """,
            fails=("initialize_parameters_seeded", "initialize_parameters_scale")),
    Mistake("initialize_parameters", "randn_given_a_tuple",
            "np.random.randn takes the dimensions as separate numbers, randn(n_h, n_x), not as one "
            "shape tuple the way np.zeros does.",
            """
            def initialize_parameters(n_x, n_h, n_y):
                W1 = np.random.randn((n_h, n_x)) * 0.01
                b1 = np.zeros((n_h, 1))
                W2 = np.random.randn((n_y, n_h)) * 0.01
                b2 = np.zeros((n_y, 1))
                parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
                return parameters
            """),

    # -- forward_propagation -------------------------------------------------------------------
    Mistake("forward_propagation", "relu_hidden",
            "the hidden layer uses ReLU, max(0, z): this network's hidden activation is "
            "A^[1] = tanh(Z^[1]).",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                b1 = parameters["b1"]
                W2 = parameters["W2"]
                b2 = parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = np.maximum(0, Z1)
                Z2 = np.dot(W2, A1) + b2
                A2 = sigmoid(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),
    Mistake("forward_propagation", "no_biases",
            "the biases are left out: Z^[1] = W^[1] X + b^[1] and Z^[2] = W^[2] A^[1] + b^[2].",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                W2 = parameters["W2"]
                Z1 = np.dot(W1, X)
                A1 = np.tanh(Z1)
                Z2 = np.dot(W2, A1)
                A2 = sigmoid(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),
    Mistake("forward_propagation", "elementwise_product",
            "W^[1] X is a matrix product (np.dot), not the elementwise * (which only broadcasts "
            "arrays of compatible shapes).",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                b1 = parameters["b1"]
                W2 = parameters["W2"]
                b2 = parameters["b2"]
                Z1 = W1 * X + b1
                A1 = np.tanh(Z1)
                Z2 = W2 * A1 + b2
                A2 = sigmoid(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),
    Mistake("forward_propagation", "sigmoid_hidden",
            "the hidden layer uses the sigmoid: it uses tanh, A^[1] = tanh(Z^[1]); the sigmoid is "
            "for the output unit only.",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                b1 = parameters["b1"]
                W2 = parameters["W2"]
                b2 = parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = sigmoid(Z1)
                Z2 = np.dot(W2, A1) + b2
                A2 = sigmoid(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),
    Mistake("forward_propagation", "tanh_output",
            "the output unit uses tanh: it is a sigmoid, A^[2] = σ(Z^[2]), a probability in (0, 1).",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                b1 = parameters["b1"]
                W2 = parameters["W2"]
                b2 = parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = np.tanh(Z1)
                Z2 = np.dot(W2, A1) + b2
                A2 = np.tanh(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),
    Mistake("forward_propagation", "Z2_from_Z1",
            "Z^[2] is computed from Z^[1], skipping the activation: the output layer reads the hidden "
            "activations, Z^[2] = W^[2] A^[1] + b^[2].",
            """
            def forward_propagation(X, parameters):
                W1 = parameters["W1"]
                b1 = parameters["b1"]
                W2 = parameters["W2"]
                b2 = parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = np.tanh(Z1)
                Z2 = np.dot(W2, Z1) + b2
                A2 = sigmoid(Z2)
                cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
                return A2, cache
            """,
            fails=("forward_propagation_random",)),

    # -- compute_cost --------------------------------------------------------------------------
    Mistake("compute_cost", "missing_1_over_m",
            "the cost is m times too large: J is the average over the m examples, the 1/m in front "
            "of the sum is missing (m is the number of columns of Y).",
            """
            def compute_cost(A2, Y):
                logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
                cost = float(-np.sum(logprobs))
                return cost
            """,
            fails=("compute_cost_random", "compute_cost_uint8")),
    Mistake("compute_cost", "array_not_float",
            "the cost is a (1, 1) array (what the matrix product gives): return a Python float, with "
            "float(...) or np.squeeze.",
            """
            def compute_cost(A2, Y):
                m = Y.shape[1]
                cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m
                return cost
            """,
            fails=("compute_cost_random", "compute_cost_scalar")),
    Mistake("compute_cost", "minus_on_uint8_labels",
            "the minus sign is on Y alone: with the flower's uint8 labels −Y wraps around (−1 becomes "
            "255); put the minus in front of the whole sum, as in J = −(1/m) Σ (...).",
            """
            def compute_cost(A2, Y):
                m = Y.shape[1]
                logprobs = -Y * np.log(A2) - (1 - Y) * np.log(1 - A2)
                cost = float(np.sum(logprobs) / m)
                return cost
            """,
            fails=("compute_cost_uint8",)),
    Mistake("compute_cost", "sign_flipped",
            "the cost is negative: the minus sign in J = −(1/m) Σ (y log a^[2] + (1 − y) log(1 − a^[2])) "
            "is missing (the logarithms of probabilities are negative).",
            """
            def compute_cost(A2, Y):
                m = Y.shape[1]
                logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
                cost = float(np.sum(logprobs) / m)
                return cost
            """,
            fails=("compute_cost_random", "compute_cost_uint8")),
    Mistake("compute_cost", "first_term_only",
            "the term (1 − y) log(1 − a^[2]) of the examples labelled 0 is missing: the loss has a "
            "term for each class.",
            """
            def compute_cost(A2, Y):
                m = Y.shape[1]
                logprobs = Y * np.log(A2)
                cost = float(-np.sum(logprobs) / m)
                return cost
            """,
            fails=("compute_cost_random", "compute_cost_uint8")),
    Mistake("compute_cost", "log10",
            "the logarithms are in base 10 (np.log10): the cross-entropy uses the natural logarithm, "
            "np.log.",
            """
            def compute_cost(A2, Y):
                m = Y.shape[1]
                logprobs = Y * np.log10(A2) + (1 - Y) * np.log10(1 - A2)
                cost = float(-np.sum(logprobs) / m)
                return cost
            """,
            fails=("compute_cost_random", "compute_cost_uint8")),

    # -- backward_propagation ------------------------------------------------------------------
    # The buggy example student's mistake (autograder/examples.py).
    Mistake("backward_propagation", "tanh_derivative_1_minus_a",
            "the derivative of tanh is 1 − a², not 1 − a: dZ^[1] = W^[2]ᵀ dZ^[2] ∗ (1 − A^[1]²), "
            "with A^[1] holding tanh(Z^[1]).",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - A1)
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "sigmoid_derivative",
            "the hidden layer is backpropagated with the sigmoid's derivative a(1 − a): it is a tanh "
            "layer, whose derivative is 1 − a², so dZ^[1] = W^[2]ᵀ dZ^[2] ∗ (1 − A^[1]²).",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * A1 * (1 - A1)
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "db1_no_keepdims",
            "db^[1] is a rank-1 array of shape (n_h,): keep the column shape (n_h, 1) of b^[1] when "
            "summing dZ^[1] over the examples (keepdims).",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "dW1_missing_1_over_m",
            "dW^[1] is m times too large: the 1/m of dW^[1] = (1/m) dZ^[1] Xᵀ is missing.",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T)
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "m_from_rows",
            "m is read from the rows of X (that is n_x): the number of examples m is the number of "
            "columns, and every gradient is an average over them.",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[0]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "dZ2_sign_flipped",
            "every gradient has the wrong sign: dZ^[2] = A^[2] − Y (prediction minus label), not "
            "Y − A^[2].",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = Y - A2
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "dW2_transposed",
            "dW^[2] is transposed, (n_h, n_y): dW^[2] = (1/m) dZ^[2] A^[1]ᵀ has the shape (n_y, n_h) "
            "of W^[2].",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(A1, dZ2.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "db1_axis_0",
            "db^[1] sums over the hidden units (axis 0) instead of over the examples: the sum in "
            "db^[1] = (1/m) Σᵢ dZ^[1](i) runs along the columns, axis=1.",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=0, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),
    Mistake("backward_propagation", "W2_not_transposed",
            "the gradient flows back through W^[2] transposed: dA^[1] = W^[2]ᵀ dZ^[2], of shape "
            "(n_h, m); without the transpose the shapes do not match.",
            """
            def backward_propagation(parameters, cache, X, Y):
                m = X.shape[1]
                W2 = parameters["W2"]
                A1 = cache["A1"]
                A2 = cache["A2"]
                dZ2 = A2 - Y
                dW2 = np.dot(dZ2, A1.T) / m
                db2 = np.sum(dZ2, axis=1, keepdims=True) / m
                dZ1 = np.dot(W2, dZ2) * (1 - np.power(A1, 2))
                dW1 = np.dot(dZ1, X.T) / m
                db1 = np.sum(dZ1, axis=1, keepdims=True) / m
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                return grads
            """,
            fails=("backward_propagation_random", "backward_propagation_gradient_check")),

    # -- update_parameters ---------------------------------------------------------------------
    Mistake("update_parameters", "in_place",
            "the caller's parameters are changed in place (−= on their arrays): compute each new "
            "array W − α dW and return a new dict, leaving parameters and grads as they were.",
            """
            def update_parameters(parameters, grads, learning_rate=1.2):
                for name in ("W1", "b1", "W2", "b2"):
                    parameters[name] -= learning_rate * grads["d" + name]
                return parameters
            """,
            fails=("update_parameters_no_mutation",), named_by=("in place",)),
    Mistake("update_parameters", "fixed_rate",
            "the learning rate is written into the code as 1.2: use the argument learning_rate (α), "
            "the checks pass other rates.",
            """
            def update_parameters(parameters, grads, learning_rate=1.2):
                new_parameters = {}
                for name in ("W1", "b1", "W2", "b2"):
                    new_parameters[name] = parameters[name] - 1.2 * grads["d" + name]
                return new_parameters
            """,
            fails=("update_parameters_random",)),
    Mistake("update_parameters", "plus_sign",
            "the step goes up the gradient: gradient descent moves against it, W := W − α dW.",
            """
            def update_parameters(parameters, grads, learning_rate=1.2):
                new_parameters = {}
                for name in ("W1", "b1", "W2", "b2"):
                    new_parameters[name] = parameters[name] + learning_rate * grads["d" + name]
                return new_parameters
            """,
            fails=("update_parameters_random", "update_parameters_default_rate")),
    Mistake("update_parameters", "default_rate_changed",
            "the default learning rate was changed (to Module 2's 0.5): keep the given default, "
            "α = 1.2.",
            """
            def update_parameters(parameters, grads, learning_rate=0.5):
                new_parameters = {}
                for name in ("W1", "b1", "W2", "b2"):
                    new_parameters[name] = parameters[name] - learning_rate * grads["d" + name]
                return new_parameters
            """,
            fails=("update_parameters_default_rate",)),
    Mistake("update_parameters", "biases_not_updated",
            "the biases are not updated: b^[1] := b^[1] − α db^[1] and b^[2] := b^[2] − α db^[2] take "
            "a step too.",
            """
            def update_parameters(parameters, grads, learning_rate=1.2):
                new_parameters = {}
                for name in ("W1", "b1", "W2", "b2"):
                    new_parameters[name] = parameters[name]
                new_parameters["W1"] = parameters["W1"] - learning_rate * grads["dW1"]
                new_parameters["W2"] = parameters["W2"] - learning_rate * grads["dW2"]
                return new_parameters
            """,
            fails=("update_parameters_random", "update_parameters_default_rate")),

    # -- nn_model ------------------------------------------------------------------------------
    Mistake("nn_model", "no_seed",
            "the np.random.seed(3) line is gone: without it the initial weights, and so the trained "
            "ones, depend on whatever the generator did before; keep it as the first line.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                n_x, _, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(num_iterations):
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    parameters = update_parameters(parameters, grads)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_seeds_itself",)),
    Mistake("nn_model", "update_discarded",
            "the parameters never change: update_parameters returns the new parameters (it leaves "
            "its input alone), so its result must replace the old ones in each iteration.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                np.random.seed(3)
                n_x, _, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(num_iterations):
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    update_parameters(parameters, grads)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_matches_reference", "nn_model_trajectory", "nn_model_print_cost")),
    Mistake("nn_model", "ignores_n_h",
            "the hidden layer has layer_sizes' 4 units, not the argument n_h: take only n_x and n_y "
            "from layer_sizes.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                np.random.seed(3)
                n_x, n_h, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(num_iterations):
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    parameters = update_parameters(parameters, grads)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_matches_reference", "nn_model_trajectory")),
    Mistake("nn_model", "wrong_rate",
            "the update uses a learning rate of 0.5: nn_model trains with α = 1.2, update_parameters' "
            "default.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                np.random.seed(3)
                n_x, _, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(num_iterations):
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    parameters = update_parameters(parameters, grads, 0.5)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_matches_reference", "nn_model_trajectory", "nn_model_print_cost")),
    Mistake("nn_model", "one_iteration_short",
            "the loop runs num_iterations − 1 steps: iterations i = 0, 1, ..., num_iterations − 1 are "
            "num_iterations steps, all of which update the parameters.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                np.random.seed(3)
                n_x, _, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(1, num_iterations):
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    parameters = update_parameters(parameters, grads)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_matches_reference", "nn_model_trajectory", "nn_model_print_cost")),
    Mistake("nn_model", "initialized_in_the_loop",
            "the parameters are initialized inside the loop, so every iteration starts again from new "
            "random weights: initialize once, before the loop.",
            """
            def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
                np.random.seed(3)
                n_x, _, n_y = layer_sizes(X, Y)
                parameters = initialize_parameters(n_x, n_h, n_y)
                for i in range(num_iterations):
                    parameters = initialize_parameters(n_x, n_h, n_y)
                    A2, cache = forward_propagation(X, parameters)
                    cost = compute_cost(A2, Y)
                    grads = backward_propagation(parameters, cache, X, Y)
                    parameters = update_parameters(parameters, grads)
                    if print_cost and i % 1000 == 0:
                        print(f"Cost after iteration {i}: {cost:f}")
                return parameters
            """,
            fails=("nn_model_matches_reference", "nn_model_trajectory", "nn_model_print_cost")),

    # -- predict -------------------------------------------------------------------------------
    Mistake("predict", "threshold_on_Z2",
            "the threshold 0.5 is applied to Z^[2], not to the probability A^[2] = σ(Z^[2]): predict 1 "
            "where a^[2] > 0.5.",
            """
            def predict(parameters, X):
                A2, cache = forward_propagation(X, parameters)
                predictions = cache["Z2"] > 0.5
                return predictions
            """,
            fails=("predict_threshold",)),
    Mistake("predict", "probabilities",
            "the probabilities A^[2] are returned, not the classes: predict 1 where a^[2] > 0.5 and "
            "0 elsewhere.",
            """
            def predict(parameters, X):
                A2, cache = forward_propagation(X, parameters)
                predictions = A2
                return predictions
            """,
            fails=("predict_random", "predict_threshold")),
    Mistake("predict", "classes_inverted",
            "the classes are inverted: the network predicts 1 (blue) where its probability a^[2] is "
            "above 0.5, not below.",
            """
            def predict(parameters, X):
                A2, cache = forward_propagation(X, parameters)
                predictions = A2 < 0.5
                return predictions
            """,
            fails=("predict_random", "predict_threshold")),
    Mistake("predict", "hidden_layer_thresholded",
            "the hidden activations A^[1] are thresholded: the prediction reads the output A^[2], "
            "of shape (1, m).",
            """
            def predict(parameters, X):
                A2, cache = forward_propagation(X, parameters)
                predictions = cache["A1"] > 0.5
                return predictions
            """,
            fails=("predict_random", "predict_threshold")),
    Mistake("predict", "arguments_swapped",
            "forward_propagation is called with its arguments swapped: it takes X first, then the "
            "parameters dict.",
            """
            def predict(parameters, X):
                A2, cache = forward_propagation(parameters, X)
                predictions = A2 > 0.5
                return predictions
            """,
            fails=("predict_random", "predict_threshold")),
    Mistake("predict", "tuple_compared",
            "the whole result of forward_propagation, a tuple (A2, cache), is compared with 0.5: "
            "unpack it and compare A^[2] alone.",
            """
            def predict(parameters, X):
                predictions = forward_propagation(X, parameters) > 0.5
                return predictions
            """,
            fails=("predict_random", "predict_threshold")),
]
