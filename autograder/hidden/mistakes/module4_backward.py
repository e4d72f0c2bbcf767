"""Typical mistakes of Module 4's backward pass, update and models (linear_backward to
L_layer_model); :mod:`autograder.hidden.mistakes.module4` lists them after the forward half."""

from __future__ import annotations

from autograder.hidden.mistakes import Mistake

# The two models' mistakes share the notebook's training loop; only the line of the mistake differs.

BACKWARD: list[Mistake] = [
    # ------------------------------------------------------------------ linear_backward
    Mistake("linear_backward", "db_without_keepdims",
            "db has shape (n[l],) instead of (n[l], 1): summing dZ over the examples (axis 1) drops that "
            "axis unless you keep it (keepdims), and db must have the shape of b.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ, axis=1) / m
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "dW_missing_mean",
            "dW is m times too large: the average over the examples, the 1/m of "
            "dW[l] = (1/m) dZ[l] A[l−1]ᵀ, is missing.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T)
                db = np.sum(dZ, axis=1, keepdims=True) / m
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "db_missing_mean",
            "db is m times too large: db[l] = (1/m) Σᵢ dZ[l](i) averages over the m examples.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ, axis=1, keepdims=True)
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "dA_prev_divided_by_m",
            "dA_prev is m times too small: dA[l−1] = W[l]ᵀ dZ[l] is per example (one column each), "
            "so it has no 1/m; only dW and db average over the examples.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ, axis=1, keepdims=True) / m
                dA_prev = np.dot(W.T, dZ) / m
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "db_summed_over_units",
            "db has shape (1, m): the sum of db[l] = (1/m) Σᵢ dZ[l](i) runs over the examples, the "
            "columns (axis 1), not over the units (axis 0).",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ, axis=0, keepdims=True) / m
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "db_summed_over_everything",
            "db is one number: db[l] holds one average per unit, (n[l], 1), the sum over the examples only "
            "(axis 1), not over the whole of dZ.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ) / m
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "dW_transposed",
            "dW has the shape of W transposed, (n[l−1], n[l]): the product is dZ[l] A[l−1]ᵀ, "
            "(n[l], m)(m, n[l−1]), not A[l−1] dZ[l]ᵀ.",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(A_prev, dZ.T) / m
                db = np.sum(dZ, axis=1, keepdims=True) / m
                dA_prev = np.dot(W.T, dZ)
                return dA_prev, dW, db
            """,
            fails=("linear_backward_values", "linear_backward_gradient_check")),
    Mistake("linear_backward", "W_not_transposed",
            "W[l] dZ[l] does not fit, (n[l], n[l−1])(n[l], m): dA[l−1] = W[l]ᵀ dZ[l] needs the transpose "
            "of W, which gives the shape of A[l−1].",
            """
            def linear_backward(dZ, cache):
                A_prev, W, b = cache
                m = A_prev.shape[1]
                dW = np.dot(dZ, A_prev.T) / m
                db = np.sum(dZ, axis=1, keepdims=True) / m
                dA_prev = np.dot(W, dZ)
                return dA_prev, dW, db
            """),

    # ------------------------------------------------------------------ linear_activation_backward
    Mistake("linear_activation_backward", "activations_swapped",
            "the two activations are swapped: a 'relu' layer goes back through the sigmoid's slope and a "
            "'sigmoid' layer through ReLU's; dZ[l] = dA[l] ∗ g′(Z[l]) with the layer's own g.",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                if activation == "relu":
                    dZ = sigmoid_backward(dA, activation_cache)
                else:
                    dZ = relu_backward(dA, activation_cache)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),
    Mistake("linear_activation_backward", "activation_slope_missing",
            "dA goes straight into linear_backward: the step back through the activation, "
            "dZ[l] = dA[l] ∗ g′(Z[l]), is missing.",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                dA_prev, dW, db = linear_backward(dA, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),
    Mistake("linear_activation_backward", "always_relu",
            "the activation argument is ignored: every layer goes back through ReLU's slope, also the "
            "'sigmoid' layer, whose slope is σ(z)(1 − σ(z)).",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                dZ = relu_backward(dA, activation_cache)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),
    Mistake("linear_activation_backward", "activation_of_Z_to_the_helper",
            "the helper got A = g(Z) instead of Z: sigmoid_backward and relu_backward take the layer's Z "
            "(the cache's activation part) and compute g′(Z) themselves.",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                if activation == "relu":
                    dZ = relu_backward(dA, relu(activation_cache))
                elif activation == "sigmoid":
                    dZ = sigmoid_backward(dA, sigmoid(activation_cache))
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),
    Mistake("linear_activation_backward", "sigmoid_slope_of_Z",
            "the sigmoid's slope is σ(z)(1 − σ(z)), not z (1 − z): the cache holds Z, before the "
            "activation, not A = σ(Z).",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                if activation == "relu":
                    dZ = relu_backward(dA, activation_cache)
                elif activation == "sigmoid":
                    Z = activation_cache
                    dZ = dA * Z * (1 - Z)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),
    Mistake("linear_activation_backward", "activation_instead_of_slope",
            "dA is multiplied by the activation g(Z) instead of its slope: dZ[l] = dA[l] ∗ g′(Z[l]).",
            """
            def linear_activation_backward(dA, cache, activation):
                linear_cache, activation_cache = cache
                if activation == "relu":
                    dZ = dA * relu(activation_cache)
                elif activation == "sigmoid":
                    dZ = dA * sigmoid(activation_cache)
                dA_prev, dW, db = linear_backward(dZ, linear_cache)
                return dA_prev, dW, db
            """,
            fails=("linear_activation_backward_values", "linear_activation_backward_gradient_check")),

    # ------------------------------------------------------------------ L_model_backward
    Mistake("L_model_backward", "dAL_sign_flipped",
            "dA[L] has the wrong sign: the derivative of the loss is −(Y/A[L] − (1 − Y)/(1 − A[L])), "
            "with the minus in front.",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in reversed(range(L - 1)):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "dAL_minus_not_distributed",
            "the minus of dA[L] = −(Y/A[L] − (1 − Y)/(1 − A[L])) covers both terms (mind the parentheses): "
            "the second term comes out with a plus sign.",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = -np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in reversed(range(L - 1)):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "dZL_as_dAL",
            "A[L] − Y is dZ[L], the gradient after the sigmoid: passed as dA[L] into the 'sigmoid' layer, it "
            "goes through the sigmoid's slope a second time; start from dA[L] = −(Y/A[L] − (1 − Y)/(1 − A[L])).",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = AL - Y
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in reversed(range(L - 1)):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "output_layer_relu",
            "the output layer L is taken back as a ReLU layer: it used the sigmoid in the forward pass, so "
            "its backward step is the 'sigmoid' one (only layers 1, ..., L−1 are 'relu').",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "relu")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in reversed(range(L - 1)):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "hidden_layers_sigmoid",
            "the hidden layers 1, ..., L−1 are taken back as sigmoid layers: they used ReLU in the forward "
            "pass, so their backward step is the 'relu' one.",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in reversed(range(L - 1)):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "sigmoid")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "keys_off_by_one",
            "the keys are off by one: layer l's backward step gives dA[l−1], dW[l] and db[l], stored under "
            "\"dA\" + str(l−1), \"dW\" + str(l) and \"db\" + str(l) (so the keys run dA0, ..., dA(L−1) and "
            "dW1, ..., dWL).",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
                for l in reversed(range(1, L + 1)):
                    dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
                    grads["dA" + str(l)] = dA
                    grads["dW" + str(l - 1)] = dW
                    grads["db" + str(l - 1)] = db
                return grads
            """,
            fails=("L_model_backward_values", "L_model_backward_gradient_check")),
    Mistake("L_model_backward", "loop_not_reversed",
            "the hidden layers are visited from the first to the last: backpropagation goes from layer L−1 "
            "down to layer 1, each step needing the dA[l] that the layer above has just computed.",
            """
            def L_model_backward(AL, Y, caches):
                grads = {}
                L = len(caches)
                Y = Y.reshape(AL.shape)
                dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
                dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
                grads["dA" + str(L - 1)] = dA_prev
                grads["dW" + str(L)] = dW
                grads["db" + str(L)] = db
                for l in range(L - 1):
                    dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
                    grads["dA" + str(l)] = dA_prev
                    grads["dW" + str(l + 1)] = dW
                    grads["db" + str(l + 1)] = db
                return grads
            """),

    # ------------------------------------------------------------------ gradient_check_deep
    Mistake("gradient_check_deep", "divides_by_epsilon",
            "gradapprox is twice too large: the centered difference (J(θ + εeᵢ) − J(θ − εeᵢ)) spans 2ε, "
            "so it is divided by 2ε, not ε.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = np.copy(theta)
                    theta_plus[i, 0] += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = np.copy(theta)
                    theta_minus[i, 0] -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / epsilon
                numerator = np.linalg.norm(grad - gradapprox)
                denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
                difference = float(numerator / denominator)
                return difference
            """),
    Mistake("gradient_check_deep", "theta_not_copied",
            "θ + εeᵢ and θ − εeᵢ were made without a copy of θ: the shifts pile up on the same vector, so "
            "J(θ − εeᵢ) is taken at θ itself; shift a fresh copy of θ each time.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = theta
                    theta_plus[i, 0] += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = theta
                    theta_minus[i, 0] -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
                numerator = np.linalg.norm(grad - gradapprox)
                denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
                difference = float(numerator / denominator)
                return difference
            """),
    Mistake("gradient_check_deep", "every_entry_shifted",
            "ε was added to every entry of θ at once: gradapprox_i shifts θ along eᵢ only, the vector with "
            "a 1 in position i, so that it measures ∂J/∂θᵢ alone.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = np.copy(theta)
                    theta_plus += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = np.copy(theta)
                    theta_minus -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
                numerator = np.linalg.norm(grad - gradapprox)
                denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
                difference = float(numerator / denominator)
                return difference
            """),
    Mistake("gradient_check_deep", "J_minus_at_theta_plus",
            "J(θ − εeᵢ) was computed from θ + εeᵢ (a copy-paste slip), so every gradapprox_i is 0 and the "
            "difference is 1.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = np.copy(theta)
                    theta_plus[i, 0] += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = np.copy(theta)
                    theta_minus[i, 0] -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
                numerator = np.linalg.norm(grad - gradapprox)
                denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
                difference = float(numerator / denominator)
                return difference
            """),
    Mistake("gradient_check_deep", "not_relative",
            "the difference is not relative: ‖grad − gradapprox‖₂ is divided by ‖grad‖₂ + ‖gradapprox‖₂, "
            "so that it does not depend on the size of the gradients.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = np.copy(theta)
                    theta_plus[i, 0] += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = np.copy(theta)
                    theta_minus[i, 0] -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
                difference = float(np.linalg.norm(grad - gradapprox))
                return difference
            """),
    Mistake("gradient_check_deep", "norm_of_the_sum",
            "the denominator is the sum of two norms, ‖grad‖₂ + ‖gradapprox‖₂, not the norm of the sum "
            "‖grad + gradapprox‖₂.",
            """
            def gradient_check_deep(parameters, gradients, X, Y, epsilon=1e-7):
                theta = dictionary_to_vector(parameters)
                grad = gradients_to_vector(gradients, parameters)
                num_parameters = theta.shape[0]
                gradapprox = np.zeros((num_parameters, 1))
                for i in range(num_parameters):
                    theta_plus = np.copy(theta)
                    theta_plus[i, 0] += epsilon
                    AL_plus, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
                    J_plus = compute_cost(AL_plus, Y)
                    theta_minus = np.copy(theta)
                    theta_minus[i, 0] -= epsilon
                    AL_minus, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
                    J_minus = compute_cost(AL_minus, Y)
                    gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
                numerator = np.linalg.norm(grad - gradapprox)
                denominator = np.linalg.norm(grad + gradapprox)
                difference = float(numerator / denominator)
                return difference
            """),

    # ------------------------------------------------------------------ update_parameters
    Mistake("update_parameters", "no_copy",
            "the caller's dict is changed: without the deep copy, the new W[l] and b[l] are written into "
            "params itself; update a deep copy and return it.",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = params
                L = len(parameters) // 2
                for l in range(1, L + 1):
                    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
                return parameters
            """,
            fails=("update_parameters_no_mutation",), named_by=("in place",)),
    Mistake("update_parameters", "two_layers_hard_coded",
            "only layers 1 and 2 are updated: the update W[l] := W[l] − α dW[l], b[l] := b[l] − α db[l] is "
            "for every layer l = 1, ..., L, with L = len(params) // 2.",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = copy.deepcopy(params)
                L = len(parameters) // 2
                for l in (1, 2):
                    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
                return parameters
            """,
            fails=("update_parameters_values",)),
    Mistake("update_parameters", "last_layer_missing",
            "the last layer L is not updated: the layers run l = 1, ..., L, and range stops one before its "
            "end.",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = copy.deepcopy(params)
                L = len(parameters) // 2
                for l in range(1, L):
                    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
                return parameters
            """,
            fails=("update_parameters_values",)),
    Mistake("update_parameters", "sign_flipped",
            "the step goes up the gradient: gradient descent moves against it, W[l] := W[l] − α dW[l] "
            "(and the same for b[l]).",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = copy.deepcopy(params)
                L = len(parameters) // 2
                for l in range(1, L + 1):
                    parameters["W" + str(l)] = parameters["W" + str(l)] + learning_rate * grads["dW" + str(l)]
                    parameters["b" + str(l)] = parameters["b" + str(l)] + learning_rate * grads["db" + str(l)]
                return parameters
            """,
            fails=("update_parameters_values",)),
    Mistake("update_parameters", "biases_not_updated",
            "the biases are not updated: every layer has two updates, W[l] := W[l] − α dW[l] and "
            "b[l] := b[l] − α db[l].",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = copy.deepcopy(params)
                L = len(parameters) // 2
                for l in range(1, L + 1):
                    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                return parameters
            """,
            fails=("update_parameters_values",)),
    Mistake("update_parameters", "b_updated_with_dW",
            "b[l] was updated with dW[l] (a copy-paste slip), which broadcasts b to the shape of W: "
            "b[l] := b[l] − α db[l].",
            """
            def update_parameters(params, grads, learning_rate):
                parameters = copy.deepcopy(params)
                L = len(parameters) // 2
                for l in range(1, L + 1):
                    parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
                    parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["dW" + str(l)]
                return parameters
            """,
            fails=("update_parameters_values",)),

    # ------------------------------------------------------------------ two_layer_model
    Mistake("two_layer_model", "sqrt_initialization",
            "the parameters start from the default scaling 'sqrt': this model starts, as the course's, from "
            "scaling='small' (W = randn × 0.01), so that its run is the one checked.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims)
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),
    Mistake("two_layer_model", "no_seed",
            "np.random.seed(1) is missing before the initialisation: without it the starting weights, and "
            "the whole run, change from one call to the next.",
            # (not deterministic by nature: the diagnosis cannot reproduce it, the checks catch it)
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),
    Mistake("two_layer_model", "learning_rate_hard_coded",
            "the learning rate is fixed at 0.0075: each update uses α = learning_rate, the argument.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, 0.0075)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory",)),
    Mistake("two_layer_model", "last_cost_missing",
            "the cost of the last iteration, i = num_iterations − 1, is not recorded: the costs are those "
            "of iterations 0, 100, 200, ... and of the last one.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),
    Mistake("two_layer_model", "cost_after_the_update",
            "the recorded costs are those after the iteration's update: record the cost J computed in the "
            "iteration's forward pass, before the parameters change.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        A2, _ = L_model_forward(X, parameters)
                        cost = compute_cost(A2, Y)
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory",)),
    Mistake("two_layer_model", "dA2_sign_flipped",
            "dA[2] has the wrong sign, so every step climbs the cost: "
            "dA[2] = −(Y/A[2] − (1 − Y)/(1 − A[2])), with the minus in front.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),
    Mistake("two_layer_model", "dZ2_as_dA2",
            "A[2] − Y is dZ[2], the gradient after the sigmoid: given to the 'sigmoid' layer as dA[2], it "
            "goes through the sigmoid's slope a second time; start from dA[2] = −(Y/A[2] − (1 − Y)/(1 − A[2])).",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = A2 - Y
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),
    Mistake("two_layer_model", "hidden_layer_sigmoid",
            "the hidden layer uses the sigmoid: this model is LINEAR → RELU → LINEAR → SIGMOID, so layer 1 "
            "is 'relu', forward and backward.",
            """
            def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    W1, b1 = parameters["W1"], parameters["b1"]
                    W2, b2 = parameters["W2"], parameters["b2"]
                    A1, cache1 = linear_activation_forward(X, W1, b1, "sigmoid")
                    A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
                    cost = compute_cost(A2, Y)
                    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
                    dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
                    dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "sigmoid")
                    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("two_layer_model_trajectory", "two_layer_model_other_sizes")),

    # ------------------------------------------------------------------ L_layer_model
    Mistake("L_layer_model", "learning_rate_hard_coded",
            "the learning rate is fixed at 0.0075: each update uses α = learning_rate, the argument.",
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="sqrt")
                for i in range(num_iterations):
                    AL, caches = L_model_forward(X, parameters)
                    cost = compute_cost(AL, Y)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, 0.0075)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory",)),
    Mistake("L_layer_model", "no_seed",
            "np.random.seed(1) is missing before the initialisation: without it the starting weights, and "
            "the whole run, change from one call to the next.",
            # (not deterministic by nature: the diagnosis cannot reproduce it, the checks catch it)
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                parameters = initialize_parameters_deep(layers_dims, scaling="sqrt")
                for i in range(num_iterations):
                    AL, caches = L_model_forward(X, parameters)
                    cost = compute_cost(AL, Y)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory", "L_layer_model_other_depths", "L_layer_model_cat_data")),
    Mistake("L_layer_model", "small_initialization",
            "the parameters start from scaling 'small' (W = randn × 0.01): the deep model starts from the "
            "default 'sqrt', W[l] = randn / √n[l−1], which keeps the signal alive through the layers.",
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="small")
                for i in range(num_iterations):
                    AL, caches = L_model_forward(X, parameters)
                    cost = compute_cost(AL, Y)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory", "L_layer_model_other_depths", "L_layer_model_cat_data")),
    Mistake("L_layer_model", "last_cost_missing",
            "the cost of the last iteration, i = num_iterations − 1, is not recorded: the costs are those "
            "of iterations 0, 100, 200, ... and of the last one.",
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="sqrt")
                for i in range(num_iterations):
                    AL, caches = L_model_forward(X, parameters)
                    cost = compute_cost(AL, Y)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory", "L_layer_model_other_depths", "L_layer_model_cat_data")),
    Mistake("L_layer_model", "cost_after_the_update",
            "the recorded costs are those after the iteration's update: record the cost J computed in the "
            "iteration's forward pass, before the parameters change.",
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                parameters = initialize_parameters_deep(layers_dims, scaling="sqrt")
                for i in range(num_iterations):
                    AL, caches = L_model_forward(X, parameters)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        AL, _ = L_model_forward(X, parameters)
                        cost = compute_cost(AL, Y)
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory", "L_layer_model_other_depths", "L_layer_model_cat_data")),
    Mistake("L_layer_model", "initialized_in_the_loop",
            "the parameters are initialised again at every iteration, so no update survives: initialise "
            "once, before the loop, and let each iteration start from the last update.",
            """
            def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
                costs = []
                np.random.seed(1)
                for i in range(num_iterations):
                    parameters = initialize_parameters_deep(layers_dims, scaling="sqrt")
                    AL, caches = L_model_forward(X, parameters)
                    cost = compute_cost(AL, Y)
                    grads = L_model_backward(AL, Y, caches)
                    parameters = update_parameters(parameters, grads, learning_rate)
                    if i % 100 == 0 or i == num_iterations - 1:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:.6f}")
                return parameters, costs
            """,
            fails=("L_layer_model_trajectory", "L_layer_model_other_depths", "L_layer_model_cat_data")),
]
