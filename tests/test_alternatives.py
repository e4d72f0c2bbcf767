"""Correct solutions written differently from the reference score full marks.

Each module's completed notebook gets some answers rewritten with other operators
(``@`` for ``np.dot``, ``np.mean`` for a sum over m, ``np.where``, a stable sigmoid),
helper functions in cells of the student's own, printing and warnings inside graded
functions, and a cell of experiments that the grader must not run. Graded by the real
grader, every check must pass.
"""

from __future__ import annotations

import nbformat
import pytest

from autograder import course, notebook
from tests.support import completed, grade, put, rows

# grade_id -> a correct answer written another way
ALTERNATIVES = {
    "module1_introduction": {
        "relu": ("import numpy as np\nimport warnings\n"
                 "def relu(z):\n"
                 "    z = np.asarray(z, dtype=float)\n"
                 "    warnings.warn('relu called')   # students leave these in\n"
                 "    return np.where(z > 0, z, 0.0)\n"),
        "house_network_forward": ("def house_network_forward(X, parameters):\n"
                                  "    print('forward on', X.shape)\n"
                                  "    A1 = hidden_layer(X, parameters['W1'], parameters['b1'])\n"
                                  "    return parameters['W2'] @ A1 + parameters['b2']\n"),
    },
    "module2_logistic_regression": {
        "sigmoid": ("def sigmoid(z):\n"
                    "    # exp(-log(1 + e^-z)), written to avoid overflow\n"
                    "    return np.exp(-np.logaddexp(0.0, -z))\n"),
        "initialize_with_zeros": ("def initialize_with_zeros(dim):\n"
                                  "    return np.zeros(dim).reshape(dim, 1), float(0)\n"),
        "propagate": ("def propagate(w, b, X, Y):\n"
                      "    A = sigmoid(w.T @ X + b)\n"
                      "    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))\n"
                      "    dZ = A - Y\n"
                      "    return {'dw': X @ dZ.T / X.shape[1], 'db': float(np.mean(dZ))}, float(cost)\n"),
    },
    "module3_shallow_network": {
        "compute_cost": ("def compute_cost(A2, Y):\n"
                         "    return float(-np.mean(np.multiply(Y, np.log(A2))"
                         " + np.multiply(1 - Y, np.log(1 - A2))))\n"),
        "backward_propagation": ("def backward_propagation(parameters, cache, X, Y):\n"
                                 "    m = X.shape[1]\n"
                                 "    dZ2 = cache['A2'] - Y\n"
                                 "    dZ1 = (parameters['W2'].T @ dZ2) * tanh_slope(cache['A1'])\n"
                                 "    return {'dW1': dZ1 @ X.T / m,"
                                 " 'db1': dZ1.mean(axis=1, keepdims=True),\n"
                                 "            'dW2': dZ2 @ cache['A1'].T / m,"
                                 " 'db2': dZ2.mean(axis=1, keepdims=True)}\n"),
    },
    "module4_deep_network": {
        "linear_forward": ("def linear_forward(A, W, b):\n"
                           "    return W @ A + b, (A, W, b)\n"),
        "linear_backward": ("def linear_backward(dZ, cache):\n"
                            "    A_prev, W, b = cache\n"
                            "    dW = dZ @ A_prev.T / A_prev.shape[1]\n"
                            "    db = dZ.mean(axis=1, keepdims=True)\n"
                            "    return W.T @ dZ, dW, db\n"),
        "compute_cost": ("def compute_cost(AL, Y):\n"
                         "    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))\n"),
    },
}

# The student's own cells: helpers the answers use, and experiments the grader must skip.
HELPERS = {
    "module1_introduction": "def hidden_layer(X, W, b):\n    return relu(W @ X + b)\n",
    "module3_shallow_network": "def tanh_slope(a):\n    return 1.0 - a ** 2\n",
}
EXPERIMENT = "raise RuntimeError('an experiment the grader must not run')\n"


def different(assignment: course.Assignment) -> nbformat.NotebookNode:
    nb = completed(assignment)
    for cell in nb.cells:
        grade_id = notebook.nbgrader(cell).get("grade_id")
        if notebook.kind(cell) == "answer" and grade_id in ALTERNATIVES[assignment.id]:
            cell.source = ALTERNATIVES[assignment.id][grade_id]
    first_answer = next(i for i, c in enumerate(nb.cells) if notebook.kind(c) == "answer")
    extra = [nbformat.v4.new_code_cell(EXPERIMENT)]
    if assignment.id in HELPERS:
        extra.insert(0, nbformat.v4.new_code_cell(HELPERS[assignment.id]))
    nb.cells[first_answer:first_answer] = extra
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("alternatives")
    for assignment in course.assignments():
        put(base / "submitted", "different", assignment, different(assignment))
    out = base / "out"
    done = grade(base / "submitted", out, "--no-db")
    assert done.returncode == 0, done.stderr[-2000:]
    return rows(out)


@pytest.mark.parametrize("assignment_id", list(ALTERNATIVES))
def test_a_correct_solution_written_differently_scores_full_marks(graded, assignment_id):
    mine = [r for r in graded if r["assignment_id"] == assignment_id]
    not_passed = [(r["check_id"], r["status"], r["message"]) for r in mine if r["status"] != "passed"]
    assert mine and not not_passed, not_passed
    assert sum(float(r["points"]) for r in mine) == pytest.approx(sum(float(r["max_points"]) for r in mine))
