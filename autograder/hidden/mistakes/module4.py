"""Typical mistakes of Module 4, the deep L-layer network (see autograder/hidden/mistakes/).

The forward half (layer_shapes to compute_cost) is listed here, the backward half and the
models in :mod:`autograder.hidden.mistakes.module4_backward`; ``MISTAKES`` is both, in the
notebook's order.
"""

from __future__ import annotations

from autograder.hidden.mistakes import Mistake
from autograder.hidden.mistakes.module4_backward import BACKWARD

FORWARD: list[Mistake] = [
    # ------------------------------------------------------------------ layer_shapes
    Mistake("layer_shapes", "W_transposed",
            "W[l] is transposed: it has n[l] rows (the units of layer l) and n[l−1] columns (the units of the "
            "layer before), (n[l], n[l−1]), so that W[l] A[l−1] is (n[l], m).",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {"A0": (layer_dims[0], m)}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = (layer_dims[l - 1], layer_dims[l])
                    shapes["b" + str(l)] = (layer_dims[l], 1)
                    shapes["Z" + str(l)] = (layer_dims[l], m)
                    shapes["A" + str(l)] = (layer_dims[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "lecture_network_hard_coded",
            "the sizes of the lecture's network n = [2, 3, 5, 4, 2, 1] are written in: take n[l] and L from "
            "layer_dims, so that the function works for a network of any depth.",
            """
            def layer_shapes(layer_dims, m):
                n = [2, 3, 5, 4, 2, 1]
                shapes = {"A0": (n[0], m)}
                for l in range(1, 6):
                    shapes["W" + str(l)] = (n[l], n[l - 1])
                    shapes["b" + str(l)] = (n[l], 1)
                    shapes["Z" + str(l)] = (n[l], m)
                    shapes["A" + str(l)] = (n[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks",)),
    Mistake("layer_shapes", "b_rank_1",
            "b[l] is a column vector of shape (n[l], 1), not the rank-1 shape (n[l],): it holds one number per "
            "unit and broadcasting adds it to every column of W[l] A[l−1].",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {"A0": (layer_dims[0], m)}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = (layer_dims[l], layer_dims[l - 1])
                    shapes["b" + str(l)] = (layer_dims[l],)
                    shapes["Z" + str(l)] = (layer_dims[l], m)
                    shapes["A" + str(l)] = (layer_dims[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "last_layer_missing",
            "the output layer L is missing: the loop must run over l = 1, ..., L, the last layer included "
            "(range's end is excluded).",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {"A0": (layer_dims[0], m)}
                for l in range(1, L):
                    shapes["W" + str(l)] = (layer_dims[l], layer_dims[l - 1])
                    shapes["b" + str(l)] = (layer_dims[l], 1)
                    shapes["Z" + str(l)] = (layer_dims[l], m)
                    shapes["A" + str(l)] = (layer_dims[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "L_counts_the_input_layer",
            "L counts the input layer: layer_dims holds n[0], ..., n[L], L + 1 sizes, so a network has "
            "L = len(layer_dims) − 1 layers of weights.",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims)
                shapes = {"A0": (layer_dims[0], m)}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = (layer_dims[l], layer_dims[l - 1])
                    shapes["b" + str(l)] = (layer_dims[l], 1)
                    shapes["Z" + str(l)] = (layer_dims[l], m)
                    shapes["A" + str(l)] = (layer_dims[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "A0_missing",
            "A0 is missing: the input X is A[0], of shape (n[0], m), and the dict holds A0, ..., AL.",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = (layer_dims[l], layer_dims[l - 1])
                    shapes["b" + str(l)] = (layer_dims[l], 1)
                    shapes["Z" + str(l)] = (layer_dims[l], m)
                    shapes["A" + str(l)] = (layer_dims[l], m)
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "examples_as_rows",
            "Z[l] and A[l] have one row per example: in this course the examples are columns, so they are "
            "(n[l], m), one row per unit of layer l.",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {"A0": (m, layer_dims[0])}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = (layer_dims[l], layer_dims[l - 1])
                    shapes["b" + str(l)] = (layer_dims[l], 1)
                    shapes["Z" + str(l)] = (m, layer_dims[l])
                    shapes["A" + str(l)] = (m, layer_dims[l])
                return shapes
            """,
            fails=("layer_shapes_random_networks", "layer_shapes_lecture_network")),
    Mistake("layer_shapes", "shapes_as_lists",
            "the shapes are lists: write each one as a tuple of two ints, like the .shape of an array, e.g. "
            "(n[l], m).",
            """
            def layer_shapes(layer_dims, m):
                L = len(layer_dims) - 1
                shapes = {"A0": [layer_dims[0], m]}
                for l in range(1, L + 1):
                    shapes["W" + str(l)] = [layer_dims[l], layer_dims[l - 1]]
                    shapes["b" + str(l)] = [layer_dims[l], 1]
                    shapes["Z" + str(l)] = [layer_dims[l], m]
                    shapes["A" + str(l)] = [layer_dims[l], m]
                return shapes
            """,
            fails=("layer_shapes_are_tuples",)),

    # ------------------------------------------------------------------ initialize_parameters_deep
    Mistake("initialize_parameters_deep", "scaling_ignored",
            "the scaling argument is ignored: every W[l] is multiplied by 0.01, but the default, scaling "
            "'sqrt', divides the random numbers by √n[l−1].",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt",)),
    Mistake("initialize_parameters_deep", "seeds_inside",
            "the function calls np.random.seed itself: the caller seeds, so that the same seed gives the "
            "same network; a seed inside makes every network the same whatever the caller chose.",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                np.random.seed(3)
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt", "initialize_small")),
    Mistake("initialize_parameters_deep", "sqrt_of_this_layer",
            "with scaling 'sqrt', W[l] is divided by √n[l], the size of its own layer: divide by √n[l−1], the "
            "number of inputs each unit adds up.",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt",)),
    Mistake("initialize_parameters_deep", "multiplied_by_sqrt",
            "with scaling 'sqrt', W[l] is multiplied by √n[l−1]: divide by it, so that the standard deviation "
            "is 1/√n[l−1].",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W * np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt",)),
    Mistake("initialize_parameters_deep", "default_scaling_small",
            "the default of scaling was changed to 'small': the default is 'sqrt', W[l] = randn / √n[l−1], "
            "which L_layer_model relies on.",
            """
            def initialize_parameters_deep(layer_dims, scaling="small"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt",)),
    Mistake("initialize_parameters_deep", "uniform_rand",
            "the weights come from np.random.rand, uniform numbers between 0 and 1 (all positive): use "
            "np.random.randn, standard normal numbers.",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.rand(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt", "initialize_small")),
    Mistake("initialize_parameters_deep", "W_transposed",
            "W[l] is drawn with the shape (n[l−1], n[l]): it has one row per unit of layer l, (n[l], n[l−1]).",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l - 1], layer_dims[l])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt", "initialize_small")),
    Mistake("initialize_parameters_deep", "b_rank_1",
            "b[l] is a rank-1 array of shape (n[l],): the biases are a column of zeros, (n[l], 1).",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L + 1):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros(layer_dims[l])
                return parameters
            """,
            fails=("initialize_sqrt", "initialize_small", "initialize_biases")),
    Mistake("initialize_parameters_deep", "last_layer_missing",
            "the output layer's W[L] and b[L] are missing: the loop must run over l = 1, ..., L, the last "
            "layer included (range's end is excluded).",
            """
            def initialize_parameters_deep(layer_dims, scaling="sqrt"):
                parameters = {}
                L = len(layer_dims) - 1
                for l in range(1, L):
                    W = np.random.randn(layer_dims[l], layer_dims[l - 1])
                    if scaling == "small":
                        W = W * 0.01
                    else:
                        W = W / np.sqrt(layer_dims[l - 1])
                    parameters["W" + str(l)] = W
                    parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
                return parameters
            """,
            fails=("initialize_sqrt", "initialize_small", "initialize_biases")),

    # ------------------------------------------------------------------ linear_forward
    Mistake("linear_forward", "bias_forgotten",
            "the bias is left out: Z[l] = W[l] A[l−1] + b[l], with b[l] added to every column.",
            """
            def linear_forward(A, W, b):
                Z = np.dot(W, A)
                cache = (A, W, b)
                return Z, cache
            """,
            fails=("linear_forward_values",)),
    Mistake("linear_forward", "elementwise_product",
            "W[l] A[l−1] is a matrix product, (n[l], n[l−1]) times (n[l−1], m), not the entrywise product *: "
            "use np.dot (or @).",
            """
            def linear_forward(A, W, b):
                Z = W * A + b
                cache = (A, W, b)
                return Z, cache
            """,
            fails=("linear_forward_values", "linear_forward_cache")),
    Mistake("linear_forward", "A_times_W",
            "the product is taken in the wrong order, A[l−1] W[l]: Z[l] = W[l] A[l−1] + b[l], W first, "
            "(n[l], n[l−1]) times (n[l−1], m).",
            """
            def linear_forward(A, W, b):
                Z = np.dot(A, W) + b
                cache = (A, W, b)
                return Z, cache
            """,
            fails=("linear_forward_values", "linear_forward_cache")),
    Mistake("linear_forward", "W_transposed",
            "W[l] is transposed as in logistic regression's wᵀx: here W[l] already has one row per unit, "
            "(n[l], n[l−1]), and Z[l] = W[l] A[l−1] + b[l].",
            """
            def linear_forward(A, W, b):
                Z = np.dot(W.T, A) + b
                cache = (A, W, b)
                return Z, cache
            """,
            fails=("linear_forward_values", "linear_forward_cache")),
    Mistake("linear_forward", "cache_order",
            "the cache is in the wrong order: it is (A, W, b), the layer's input first, which is how "
            "linear_backward unpacks it.",
            """
            def linear_forward(A, W, b):
                Z = np.dot(W, A) + b
                cache = (W, A, b)
                return Z, cache
            """,
            fails=("linear_forward_cache",)),
    Mistake("linear_forward", "cache_without_b",
            "the cache leaves b out: it is the triple (A, W, b), everything the layer used.",
            """
            def linear_forward(A, W, b):
                Z = np.dot(W, A) + b
                cache = (A, W)
                return Z, cache
            """,
            fails=("linear_forward_cache",)),

    # ------------------------------------------------------------------ linear_activation_forward
    Mistake("linear_activation_forward", "activations_swapped",
            "the activations are swapped: 'sigmoid' means A = σ(Z) = 1 / (1 + e^(−Z)) and 'relu' means "
            "A = max(0, Z).",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = relu(Z)
                else:
                    A = sigmoid(Z)
                cache = (linear_cache, Z)
                return A, cache
            """,
            fails=("linear_activation_forward_values",)),
    Mistake("linear_activation_forward", "A_cached_instead_of_Z",
            "the activation cache holds A, the output of the activation: it is Z, its input, which the "
            "backward step needs for g′(Z[l]).",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = sigmoid(Z)
                else:
                    A = relu(Z)
                cache = (linear_cache, A)
                return A, cache
            """,
            fails=("linear_activation_forward_values", "linear_activation_forward_cache")),
    Mistake("linear_activation_forward", "cache_order",
            "the cache is in the wrong order: it is (linear_cache, activation_cache), the linear cache "
            "(A_prev, W, b) first and Z second.",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = sigmoid(Z)
                else:
                    A = relu(Z)
                cache = (Z, linear_cache)
                return A, cache
            """,
            fails=("linear_activation_forward_values", "linear_activation_forward_cache")),
    Mistake("linear_activation_forward", "flat_cache",
            "the cache is one flat tuple of four: it is a pair, (linear_cache, activation_cache), with the "
            "linear cache (A_prev, W, b) kept whole as its first item.",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = sigmoid(Z)
                else:
                    A = relu(Z)
                cache = (A_prev, W, b, Z)
                return A, cache
            """,
            fails=("linear_activation_forward_values", "linear_activation_forward_cache")),
    Mistake("linear_activation_forward", "sigmoid_sign",
            "your sigmoid has the wrong sign in the exponent: σ(z) = 1 / (1 + e^(−z)) (or use the setup "
            "cell's sigmoid).",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = 1 / (1 + np.exp(Z))
                else:
                    A = relu(Z)
                cache = (linear_cache, Z)
                return A, cache
            """,
            fails=("linear_activation_forward_values",)),
    Mistake("linear_activation_forward", "relu_with_np_max",
            "ReLU is max(0, z) entry by entry, which is np.maximum: np.max reduces an array to its largest "
            "value (its second argument is an axis); or use the setup cell's relu.",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = sigmoid(Z)
                else:
                    A = np.max(0, Z)
                cache = (linear_cache, Z)
                return A, cache
            """,
            fails=("linear_activation_forward_values", "linear_activation_forward_cache")),
    Mistake("linear_activation_forward", "A_in_linear_cache",
            "the linear cache holds the layer's output A[l]: it is (A_prev, W, b), the layer's input A[l−1], "
            "which dW[l] needs; keep the cache linear_forward returns.",
            """
            def linear_activation_forward(A_prev, W, b, activation):
                Z, linear_cache = linear_forward(A_prev, W, b)
                if activation == "sigmoid":
                    A = sigmoid(Z)
                else:
                    A = relu(Z)
                cache = ((A, W, b), Z)
                return A, cache
            """,
            fails=("linear_activation_forward_values", "linear_activation_forward_cache")),

    # ------------------------------------------------------------------ L_model_forward
    Mistake("L_model_forward", "three_layers_hard_coded",
            "the number of layers is fixed at 3: find L from the parameters, L = (number of entries) / 2, "
            "since each layer has a W and a b.",
            """
            def L_model_forward(X, parameters):
                caches = []
                A = X
                for l in range(1, 3):
                    A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "relu")
                    caches.append(cache)
                AL, cache = linear_activation_forward(A, parameters["W3"], parameters["b3"], "sigmoid")
                caches.append(cache)
                return AL, caches
            """,
            fails=("L_model_forward_values",)),
    Mistake("L_model_forward", "sigmoid_on_every_layer",
            "every layer uses the sigmoid: the hidden layers 1, ..., L−1 use ReLU and only the output layer L "
            "uses σ.",
            """
            def L_model_forward(X, parameters):
                caches = []
                L = len(parameters) // 2
                A = X
                for l in range(1, L + 1):
                    A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "sigmoid")
                    caches.append(cache)
                return A, caches
            """,
            fails=("L_model_forward_values", "L_model_forward_caches", "L_model_forward_activations")),
    Mistake("L_model_forward", "relu_on_every_layer",
            "the output layer uses ReLU too: A[L] = σ(W[L] A[L−1] + b[L]), a probability between 0 and 1; "
            "ReLU is for the hidden layers 1, ..., L−1 only.",
            """
            def L_model_forward(X, parameters):
                caches = []
                L = len(parameters) // 2
                A = X
                for l in range(1, L + 1):
                    A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "relu")
                    caches.append(cache)
                return A, caches
            """,
            fails=("L_model_forward_values", "L_model_forward_activations")),
    Mistake("L_model_forward", "L_counts_W_and_b",
            "L counts the entries of parameters: each layer has two, W[l] and b[l], so the network has half "
            "as many layers as parameters has entries.",
            """
            def L_model_forward(X, parameters):
                caches = []
                L = len(parameters)
                A = X
                for l in range(1, L):
                    A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "relu")
                    caches.append(cache)
                AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)],
                                                      "sigmoid")
                caches.append(cache)
                return AL, caches
            """,
            fails=("L_model_forward_values", "L_model_forward_caches", "L_model_forward_activations")),
    Mistake("L_model_forward", "last_cache_missing",
            "the output layer's cache is not appended: caches holds one cache per layer, L in all, "
            "caches[L−1] for the sigmoid layer L.",
            """
            def L_model_forward(X, parameters):
                caches = []
                L = len(parameters) // 2
                A = X
                for l in range(1, L):
                    A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "relu")
                    caches.append(cache)
                AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)],
                                                      "sigmoid")
                return AL, caches
            """,
            fails=("L_model_forward_caches",)),
    Mistake("L_model_forward", "X_fed_to_every_layer",
            "every layer is fed X: layer l takes the previous layer's activations, A[l] = g(W[l] A[l−1] + b[l]), "
            "and only layer 1 takes A[0] = X.",
            """
            def L_model_forward(X, parameters):
                caches = []
                L = len(parameters) // 2
                for l in range(1, L):
                    A, cache = linear_activation_forward(X, parameters["W" + str(l)], parameters["b" + str(l)],
                                                         "relu")
                    caches.append(cache)
                AL, cache = linear_activation_forward(X, parameters["W" + str(L)], parameters["b" + str(L)],
                                                      "sigmoid")
                caches.append(cache)
                return AL, caches
            """,
            fails=("L_model_forward_values", "L_model_forward_caches", "L_model_forward_activations")),

    # ------------------------------------------------------------------ compute_cost
    Mistake("compute_cost", "missing_1_over_m",
            "the cost is m times too large: J is the average, −(1/m) Σᵢ (y⁽ⁱ⁾ log a⁽ⁱ⁾ + (1 − y⁽ⁱ⁾) "
            "log(1 − a⁽ⁱ⁾)); is the 1/m missing?",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
                cost = float(np.squeeze(cost))
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "array_not_float",
            "the cost is a 1 × 1 array: return it as a Python float (np.squeeze, then float).",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "sign_flipped",
            "the cost is negative: J = −(1/m) Σᵢ (...) has a minus in front, since the logs of probabilities "
            "are ≤ 0.",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
                cost = float(np.squeeze(cost))
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "not_summed",
            "the losses of the examples are not added up: J is one number, the sum Σᵢ over the m examples "
            "divided by m, not one loss per example.",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "dot_without_transpose",
            "np.dot of two (1, m) rows does not add up the products: the second factor must be a column, "
            "(1, m) times (m, 1); or multiply entry by entry and use np.sum.",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m
                cost = float(np.squeeze(cost))
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "only_the_y_equals_1_term",
            "the term of the examples with y = 0 is missing: each example adds −log a⁽ⁱ⁾ if y⁽ⁱ⁾ = 1 and "
            "−log(1 − a⁽ⁱ⁾) if y⁽ⁱ⁾ = 0; J needs both terms.",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -np.sum(Y * np.log(AL)) / m
                cost = float(np.squeeze(cost))
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
    Mistake("compute_cost", "one_minus_log",
            "the second term has 1 − log a⁽ⁱ⁾ where the formula has log(1 − a⁽ⁱ⁾), the log of the probability "
            "of y = 0.",
            """
            def compute_cost(AL, Y):
                m = Y.shape[1]
                cost = -np.sum(Y * np.log(AL) + (1 - Y) * (1 - np.log(AL))) / m
                cost = float(np.squeeze(cost))
                return cost
            """,
            fails=("compute_cost_values", "compute_cost_float_labels")),
]

MISTAKES: list[Mistake] = FORWARD + BACKWARD
