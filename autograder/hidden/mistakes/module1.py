"""Typical mistakes of Module 1 (see autograder/hidden/mistakes/): in the notebook's order."""

from __future__ import annotations

from autograder.hidden.mistakes import Mistake

MISTAKES: list[Mistake] = [
    # -- relu (Exercise 1) --------------------------------------------------------------------
    Mistake("relu", "integer_zero",
            "relu of an integer array returns integers: max(0, z) taken with the integer 0 keeps z's dtype, "
            "and ReLU must always return floats (start from 0.0).",
            """
            def relu(z):
                a = np.maximum(0, z)
                return a
            """,
            fails=("relu_integers_and_zero",)),
    Mistake("relu", "in_place",
            "you set the negative entries of z itself to 0: that changes the caller's array; "
            "ReLU(z) = max(0, z) must be computed into a new array.",
            """
            def relu(z):
                z[z < 0] = 0
                a = z * 1.0
                return a
            """,
            named_by=("in place",)),
    Mistake("relu", "python_max",
            "Python's max(0, z) compares one number with another and fails on an array: "
            "ReLU is max(0, z) taken entry by entry (np.maximum).",
            """
            def relu(z):
                a = max(0.0, z)
                return a
            """,
            fails=("relu_random_inputs",)),
    Mistake("relu", "np_max_instead_of_np_maximum",
            "np.max(0.0, z) is the largest entry along an axis (its second argument is the axis), "
            "not max(0, z) entry by entry: that is np.maximum.",
            """
            def relu(z):
                a = np.max(0.0, z)
                return a
            """,
            fails=("relu_random_inputs",)),
    Mistake("relu", "minimum_instead_of_maximum",
            "you keep the negative entries and set the positive ones to 0, min(0, z): "
            "ReLU(z) = max(0, z) is z where z > 0 and 0 otherwise.",
            """
            def relu(z):
                a = np.minimum(0.0, np.asarray(z, dtype=float))
                return a
            """,
            fails=("relu_random_inputs",)),

    # -- predict_price (Exercise 2) -----------------------------------------------------------
    Mistake("predict_price", "no_relu",
            "you return the line w · size + b itself: the neuron's price is ReLU(w · size + b), "
            "so a small house gets 0, never a negative price.",
            """
            def predict_price(size, w, b):
                price = w * size + b
                return price
            """,
            fails=("predict_price_arrays",)),
    Mistake("predict_price", "python_max",
            "Python's max(0, w · size + b) works for one house but fails on an array of sizes: "
            "use your relu, which works entry by entry.",
            """
            def predict_price(size, w, b):
                price = max(0.0, w * size + b)
                return price
            """,
            fails=("predict_price_arrays",)),
    Mistake("predict_price", "bias_left_out",
            "the bias b is missing: the price is ReLU(w · size + b), not ReLU(w · size).",
            """
            def predict_price(size, w, b):
                price = relu(w * size)
                return price
            """,
            fails=("predict_price_arrays", "predict_price_scalar")),

    # -- house_network_forward (Exercise 3) ---------------------------------------------------
    Mistake("house_network_forward", "b2_left_out",
            "the output unit's bias b^[2] is left out: Ŷ = W^[2] A^[1] + b^[2].",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = relu(Z1)
                Y_hat = np.dot(W2, A1)
                return Y_hat
            """,
            fails=("house_network_forward_random", "house_network_forward_activations")),
    Mistake("house_network_forward", "b1_left_out",
            "the hidden layer's bias b^[1] is left out: Z^[1] = W^[1] X + b^[1], with the column b^[1] "
            "added to every example.",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = np.dot(W1, X)
                A1 = relu(Z1)
                Y_hat = np.dot(W2, A1) + b2
                return Y_hat
            """,
            fails=("house_network_forward_random", "house_network_forward_activations")),
    Mistake("house_network_forward", "relu_on_the_output",
            "the output unit has a ReLU too: it is linear, Ŷ = W^[2] A^[1] + b^[2], so a negative "
            "prediction stays negative.",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                A1 = relu(Z1)
                Y_hat = relu(np.dot(W2, A1) + b2)
                return Y_hat
            """,
            fails=("house_network_forward_random", "house_network_forward_activations")),
    Mistake("house_network_forward", "no_hidden_activation",
            "the hidden layer has no ReLU: A^[1] = ReLU(Z^[1]) is what feeds the output unit, "
            "not Z^[1] itself.",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = np.dot(W1, X) + b1
                Y_hat = np.dot(W2, Z1) + b2
                return Y_hat
            """,
            fails=("house_network_forward_random", "house_network_forward_activations")),
    Mistake("house_network_forward", "elementwise_product",
            "W^[1] X is a matrix product, shapes (n_h, n_x) by (n_x, m): * multiplies entry by entry "
            "and cannot combine these shapes (np.dot or @ can).",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = W1 * X + b1
                A1 = relu(Z1)
                Y_hat = W2 * A1 + b2
                return Y_hat
            """,
            fails=("house_network_forward_random", "house_network_forward_activations")),
    Mistake("house_network_forward", "hard_coded_houses",
            "the sizes of the notebook's example (4 houses) are written in the code: read m from X, "
            "so that Ŷ has shape (1, m) for any number of houses.",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                Z1 = np.dot(W1, X[:, :4]) + b1
                A1 = relu(Z1)
                Y_hat = (np.dot(W2, A1) + b2).reshape(1, 4)
                return Y_hat
            """,
            fails=("house_network_forward_random",)),
    Mistake("house_network_forward", "values_stored_in_parameters",
            "you store Z^[1] and A^[1] in the parameters dictionary: that changes the caller's "
            "dictionary; keep them in variables of your own.",
            """
            def house_network_forward(X, parameters):
                W1, b1 = parameters["W1"], parameters["b1"]
                W2, b2 = parameters["W2"], parameters["b2"]
                parameters["Z1"] = np.dot(W1, X) + b1
                parameters["A1"] = relu(parameters["Z1"])
                Y_hat = np.dot(W2, parameters["A1"]) + b2
                return Y_hat
            """,
            named_by=("in place",)),

    # -- sigmoid_gradient (Exercise 4) --------------------------------------------------------
    Mistake("sigmoid_gradient", "uses_z",
            "you multiply by 1 − z: the formula is σ'(z) = σ(z)(1 − σ(z)), with σ(z) in both factors.",
            """
            def sigmoid_gradient(z):
                s = sigmoid(z)
                ds = s * (1 - z)
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),
    Mistake("sigmoid_gradient", "precedence",
            "1 / 1 + e^(−z) is 1 + e^(−z): the parentheses around the denominator are missing, "
            "σ(z) = 1 / (1 + e^(−z)) (or use the sigmoid given above).",
            """
            def sigmoid_gradient(z):
                s = 1 / 1 + np.exp(-z)
                ds = s * (1 - s)
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),
    Mistake("sigmoid_gradient", "returns_the_sigmoid",
            "you return σ(z), the function itself: its derivative is σ'(z) = σ(z)(1 − σ(z)).",
            """
            def sigmoid_gradient(z):
                s = sigmoid(z)
                ds = s
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),
    Mistake("sigmoid_gradient", "tanh_derivative",
            "1 − σ(z)² is the form of tanh's derivative (1 − tanh²): the sigmoid's is σ(z)(1 − σ(z)).",
            """
            def sigmoid_gradient(z):
                s = sigmoid(z)
                ds = 1 - s ** 2
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),
    Mistake("sigmoid_gradient", "sign_flipped",
            "σ(z)(σ(z) − 1) is the derivative with its sign flipped: σ'(z) = σ(z)(1 − σ(z)) is never negative.",
            """
            def sigmoid_gradient(z):
                s = sigmoid(z)
                ds = s * (s - 1)
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),
    Mistake("sigmoid_gradient", "square_missing",
            "e^(−z) / (1 + e^(−z)) has lost the square of its denominator: σ'(z) = e^(−z) / (1 + e^(−z))², "
            "which is σ(z)(1 − σ(z)).",
            """
            def sigmoid_gradient(z):
                ds = np.exp(-z) / (1 + np.exp(-z))
                return ds
            """,
            fails=("sigmoid_gradient_random", "sigmoid_gradient_grad_check")),

    # -- relu_gradient (Exercise 5) -----------------------------------------------------------
    Mistake("relu_gradient", "one_at_zero",
            "you give ReLU'(0) = 1 (z ≥ 0): this course's convention is 0 at z = 0, "
            "so 1 only where z > 0 strictly.",
            """
            def relu_gradient(z):
                dz = np.where(np.asarray(z) >= 0, 1.0, 0.0)
                return dz
            """,
            fails=("relu_gradient_zero_and_dtype",)),
    Mistake("relu_gradient", "booleans",
            "the comparison z > 0 gives True/False: ReLU'(z) must be the numbers 1.0 and 0.0 (floats).",
            """
            def relu_gradient(z):
                dz = np.asarray(z) > 0
                return dz
            """,
            fails=("relu_gradient_zero_and_dtype",)),
    Mistake("relu_gradient", "integers",
            "ReLU'(z) comes out as the integers 1 and 0: it must be the floats 1.0 and 0.0.",
            """
            def relu_gradient(z):
                dz = (np.asarray(z) > 0).astype(int)
                return dz
            """,
            fails=("relu_gradient_zero_and_dtype",)),
    Mistake("relu_gradient", "returns_relu",
            "you return ReLU(z), the function itself: its derivative ReLU'(z) is 1 where z > 0 and 0 elsewhere.",
            """
            def relu_gradient(z):
                dz = np.maximum(0.0, z)
                return dz
            """,
            fails=("relu_gradient_random",)),
    Mistake("relu_gradient", "in_place",
            "you overwrite the entries of z itself with 1 and 0: that changes the caller's array; "
            "build ReLU'(z) as a new array.",
            """
            def relu_gradient(z):
                z[z > 0] = 1
                z[z <= 0] = 0
                dz = z
                return dz
            """,
            named_by=("in place",)),
]
