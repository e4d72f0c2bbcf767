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

    # -- basic_sigmoid (Exercise 6) -----------------------------------------------------------
    Mistake("basic_sigmoid", "precedence",
            "1 / 1 + e^(−x) is 1 + e^(−x): the parentheses around the denominator are missing, "
            "σ(x) = 1 / (1 + e^(−x)).",
            """
            def basic_sigmoid(x):
                s = 1 / 1 + math.exp(-x)
                return s
            """,
            fails=("basic_sigmoid_random", "basic_sigmoid_edges")),
    Mistake("basic_sigmoid", "sign_flipped",
            "the exponent has lost its minus sign: σ(x) = 1 / (1 + e^(−x)), which is close to 1 for large x, "
            "not to 0.",
            """
            def basic_sigmoid(x):
                s = 1 / (1 + math.exp(x))
                return s
            """,
            fails=("basic_sigmoid_random",)),
    Mistake("basic_sigmoid", "one_left_out",
            "the 1 + of the denominator is missing: 1 / e^(−x) is e^x, which grows without bound; "
            "σ(x) = 1 / (1 + e^(−x)) stays between 0 and 1.",
            """
            def basic_sigmoid(x):
                s = 1 / math.exp(-x)
                return s
            """,
            fails=("basic_sigmoid_random", "basic_sigmoid_edges")),

    # -- sigmoid_derivative (Exercise 7) ------------------------------------------------------
    Mistake("sigmoid_derivative", "math_exp",
            "math.exp takes one number and fails on an array: the sigmoid of every entry of x needs NumPy's "
            "exp, which works on arrays of any shape.",
            """
            def sigmoid_derivative(x):
                s = 1 / (1 + math.exp(-x))
                ds = s * (1 - s)
                return ds
            """,
            fails=("sigmoid_derivative_random", "sigmoid_derivative_grad_check")),
    Mistake("sigmoid_derivative", "uses_x",
            "you multiply by 1 − x: the formula is σ'(x) = s(1 − s), with s = σ(x) in both factors.",
            """
            def sigmoid_derivative(x):
                s = 1 / (1 + np.exp(-x))
                ds = s * (1 - x)
                return ds
            """,
            fails=("sigmoid_derivative_random", "sigmoid_derivative_grad_check")),
    Mistake("sigmoid_derivative", "returns_the_sigmoid",
            "you return s = σ(x), the function itself: its derivative is σ'(x) = s(1 − s).",
            """
            def sigmoid_derivative(x):
                s = 1 / (1 + np.exp(-x))
                ds = s
                return ds
            """,
            fails=("sigmoid_derivative_random", "sigmoid_derivative_grad_check")),
    Mistake("sigmoid_derivative", "precedence",
            "1 / 1 + e^(−x) is 1 + e^(−x): the parentheses around the denominator are missing, "
            "s = σ(x) = 1 / (1 + e^(−x)).",
            """
            def sigmoid_derivative(x):
                s = 1 / 1 + np.exp(-x)
                ds = s * (1 - s)
                return ds
            """,
            fails=("sigmoid_derivative_random", "sigmoid_derivative_grad_check")),

    # -- image2vector (Exercise 8) ------------------------------------------------------------
    Mistake("image2vector", "row_vector",
            "you return a row, shape (1, h · w · d): the picture must become one column, shape (h · w · d, 1), "
            "as every example is a column in this course.",
            """
            def image2vector(image):
                v = image.reshape(1, image.shape[0] * image.shape[1] * image.shape[2])
                return v
            """,
            fails=("image2vector_random", "image2vector_cat_sized")),
    Mistake("image2vector", "rank_1",
            "you return a rank-1 array, shape (h · w · d,): it is neither a row nor a column; "
            "the picture must become a column, shape (h · w · d, 1).",
            """
            def image2vector(image):
                v = image.flatten()
                return v
            """,
            fails=("image2vector_random", "image2vector_cat_sized")),
    Mistake("image2vector", "transposed_first",
            "the picture is transposed before it is unrolled: the entries come out channel by channel, "
            "not pixel by pixel; unroll in row-major order, the last index (the channel) changing fastest.",
            """
            def image2vector(image):
                v = image.T.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
                return v
            """,
            fails=("image2vector_random", "image2vector_cat_sized")),
    Mistake("image2vector", "three_channels_written_in",
            "the number of channels, 3, is written in the code: read d from the picture's shape, "
            "so that a grey picture (d = 1) or any other d works too.",
            """
            def image2vector(image):
                v = image.reshape(image.shape[0] * image.shape[1] * 3, 1)
                return v
            """,
            fails=("image2vector_random",)),

    # -- normalize_rows (Exercise 9) ----------------------------------------------------------
    Mistake("normalize_rows", "columns_normalized",
            "you divide by the norms of the columns (along axis 0): each row x_i is divided by its own "
            "norm ‖x_i‖, the sum along the row (axis 1).",
            """
            def normalize_rows(x):
                x_norm = np.linalg.norm(x, axis=0, keepdims=True)
                x_normalized = x / x_norm
                return x_normalized
            """,
            fails=("normalize_rows_random", "normalize_rows_square")),
    Mistake("normalize_rows", "norms_as_a_rank_1_array",
            "the norms are a rank-1 array of shape (n,), which broadcasts along the other axis: entry i "
            "divides column i, not row i (or the shapes do not fit); keep them as an (n, 1) column (keepdims).",
            """
            def normalize_rows(x):
                x_norm = np.linalg.norm(x, axis=1)
                x_normalized = x / x_norm
                return x_normalized
            """,
            fails=("normalize_rows_random", "normalize_rows_square")),
    Mistake("normalize_rows", "square_root_missing",
            "you divide by the sum of the squares: the norm is its square root, ‖x_i‖ = √(x_i1² + ... + x_in²).",
            """
            def normalize_rows(x):
                x_norm = np.sum(x ** 2, axis=1, keepdims=True)
                x_normalized = x / x_norm
                return x_normalized
            """,
            fails=("normalize_rows_random", "normalize_rows_square")),
    Mistake("normalize_rows", "in_place",
            "you divide x itself in place: that changes the caller's array; compute the normalized rows "
            "into a new array.",
            """
            def normalize_rows(x):
                x /= np.linalg.norm(x, axis=1, keepdims=True)
                x_normalized = x
                return x_normalized
            """,
            named_by=("in place",)),

    # -- softmax (Exercise 10) ----------------------------------------------------------------
    Mistake("softmax", "columns",
            "you apply softmax to the columns (sums along axis 0): each row holds one example's scores, "
            "so each row's exponentials are divided by that row's sum (axis 1).",
            """
            def softmax(x):
                x_exp = np.exp(x - np.max(x, axis=0, keepdims=True))
                s = x_exp / np.sum(x_exp, axis=0, keepdims=True)
                return s
            """,
            fails=("softmax_random", "softmax_large_inputs")),
    Mistake("softmax", "whole_array_sum",
            "you divide by the sum over the whole array: softmax is taken row by row, each row's exponentials "
            "divided by that row's own sum, so that every row sums to 1.",
            """
            def softmax(x):
                x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
                s = x_exp / np.sum(x_exp)
                return s
            """,
            fails=("softmax_random", "softmax_large_inputs")),
    Mistake("softmax", "sums_as_a_rank_1_array",
            "the row sums are a rank-1 array of shape (m,), which broadcasts along the other axis (or does "
            "not fit): keep them as an (m, 1) column (keepdims), so that sum i divides row i.",
            """
            def softmax(x):
                x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
                s = x_exp / np.sum(x_exp, axis=1)
                return s
            """,
            fails=("softmax_random", "softmax_large_inputs")),
    Mistake("softmax", "maximum_not_subtracted",
            "e^x overflows for large scores (e^1000 is inf, and inf / inf is nan): subtract each row's own "
            "maximum from the row before the exponential, which leaves softmax unchanged.",
            """
            def softmax(x):
                x_exp = np.exp(x)
                s = x_exp / np.sum(x_exp, axis=1, keepdims=True)
                return s
            """,
            fails=("softmax_large_inputs",)),
    Mistake("softmax", "maximum_of_the_whole_array",
            "you subtract the maximum of the whole array: a row far below it has every e^(x − c) underflow "
            "to 0, and 0 / 0 is nan; subtract each row's own maximum.",
            """
            def softmax(x):
                x_exp = np.exp(x - np.max(x))
                s = x_exp / np.sum(x_exp, axis=1, keepdims=True)
                return s
            """,
            fails=("softmax_large_inputs",)),

    # -- L1 (Exercise 11) ---------------------------------------------------------------------
    Mistake("L1", "absolute_value_missing",
            "the absolute value is missing: differences above and below the labels cancel out; "
            "L1 = Σ_i |y⁽ⁱ⁾ − ŷ⁽ⁱ⁾|.",
            """
            def L1(yhat, y):
                loss = float(np.sum(y - yhat))
                return loss
            """,
            fails=("L1_random", "L1_signs")),
    Mistake("L1", "mean_instead_of_sum",
            "you divide by m (the mean): L1 = Σ_i |y⁽ⁱ⁾ − ŷ⁽ⁱ⁾| is the sum over the examples.",
            """
            def L1(yhat, y):
                loss = float(np.mean(np.abs(y - yhat)))
                return loss
            """,
            fails=("L1_random", "L1_signs")),
    Mistake("L1", "squares",
            "you square the differences: that is L2; L1 = Σ_i |y⁽ⁱ⁾ − ŷ⁽ⁱ⁾| takes their absolute values.",
            """
            def L1(yhat, y):
                loss = float(np.sum((y - yhat) ** 2))
                return loss
            """,
            fails=("L1_random", "L1_signs")),

    # -- L2 (Exercise 12) ---------------------------------------------------------------------
    Mistake("L2", "square_missing",
            "the differences are not squared: L2 = Σ_i (y⁽ⁱ⁾ − ŷ⁽ⁱ⁾)², so that no difference cancels another.",
            """
            def L2(yhat, y):
                loss = float(np.sum(y - yhat))
                return loss
            """,
            fails=("L2_random",)),
    Mistake("L2", "square_root",
            "you take the square root (the Euclidean distance ‖y − ŷ‖): the L2 loss is the sum of the squares "
            "itself, Σ_i (y⁽ⁱ⁾ − ŷ⁽ⁱ⁾)².",
            """
            def L2(yhat, y):
                loss = float(np.linalg.norm(y - yhat))
                return loss
            """,
            fails=("L2_random",)),
    Mistake("L2", "mean_instead_of_sum",
            "you divide by m (the mean): L2 = Σ_i (y⁽ⁱ⁾ − ŷ⁽ⁱ⁾)² is the sum over the examples.",
            """
            def L2(yhat, y):
                loss = float(np.mean((y - yhat) ** 2))
                return loss
            """,
            fails=("L2_random",)),
    Mistake("L2", "no_sum",
            "you return the vector of squared differences: the loss is one number, their sum "
            "Σ_i (y⁽ⁱ⁾ − ŷ⁽ⁱ⁾)².",
            """
            def L2(yhat, y):
                loss = (y - yhat) * (y - yhat)
                return loss
            """,
            fails=("L2_random",)),
    # A loop gives the right values: only the speed check sees it, and the public check does
    # not time (public=False).
    Mistake("L2", "loops_over_the_entries",
            "L2 loops over the entries in Python: compute the squared differences and their sum with NumPy "
            "operations on the whole arrays, which is many times faster.",
            """
            def L2(yhat, y):
                loss = 0.0
                for i in range(len(y)):
                    loss += (y[i] - yhat[i]) ** 2
                return loss
            """,
            fails=("L2_speed",), public=False, named_by=("loop",)),
]
