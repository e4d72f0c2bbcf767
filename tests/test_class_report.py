"""The class report (``autograder/classreport/``) on a class graded for real.

The class (modules 2 and 3, graded by ``python -m autograder grade --no-db``): the example
students (complete, partial, buggy, blank); three students who wrote their own correct
solutions (alice and bob in styles of their own, carol as the reference with her own names
and comments); two planted copies: dave copied alice's module 2 and ``erin<img ...>`` (an id
that is HTML) bob's module 3, each with renamed variables, other comments and reordered
lines; and frank, whose module 2 notebook is not JSON and who did not submit module 3. The
report must count what ``grades.csv`` says, in its summary and in its figures, and flag the
two planted pairs and nothing else.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest

from autograder import course
from autograder.classreport import data, figures, similarity, stats
from autograder.examples import student_notebook, students
from autograder.grading.model import Row, Status, SubmissionResult
from autograder.grading.submissions import find
from tests.support import grade, put, rows

M2, M3 = "module2_logistic_regression", "module3_shallow_network"
HOSTILE = "erin<img src=x onerror=alert(1)>"

# -- the students' own solutions ------------------------------------------------------------------

ALICE_M2 = {
    "sigmoid": """
def sigmoid(z):
    # only ever exp of a non-positive number
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))
    return s if s.ndim else float(s)
""",
    "initialize_with_zeros": """
def initialize_with_zeros(dim):
    w = np.zeros(shape=(dim, 1), dtype=np.float64)
    b = float(0)
    return w, b
""",
    "propagate": """
def propagate(w, b, X, Y):
    n_samples = X.shape[1]
    logits = w.T @ X + b
    probs = sigmoid(logits)
    residual = probs - Y  # </pre><script>alert(1)</script>
    loss_terms = np.where(Y == 1, np.log(probs), np.log1p(-probs))
    cost = float(-loss_terms.sum() / n_samples)
    dw = (X @ residual.T) / n_samples
    db = float(residual.mean())
    return {"dw": dw, "db": db}, cost
""",
    "optimize": """
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    w, b = w.copy(), float(b)
    costs = []
    for step in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if step % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (step, cost))
    return {"w": w, "b": b}, grads, costs
""",
    "predict": """
def predict(w, b, X):
    probs = sigmoid(w.reshape(-1, 1).T @ X + b)
    return np.where(probs > 0.5, 1.0, 0.0)
""",
    "model": """
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    train_pred = predict(params["w"], params["b"], X_train)
    test_pred = predict(params["w"], params["b"], X_test)
    if print_cost:
        print("train accuracy:", 100 * np.mean(train_pred == Y_train), "%")
        print("test accuracy:", 100 * np.mean(test_pred == Y_test), "%")
    return dict(costs=costs, Y_prediction_test=test_pred, Y_prediction_train=train_pred,
                w=params["w"], b=params["b"], learning_rate=learning_rate, num_iterations=num_iterations)
""",
}

BOB_M2 = {
    "sigmoid": """
def sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))
""",
    "initialize_with_zeros": """
def initialize_with_zeros(dim):
    return np.zeros([dim, 1]), 0.0
""",
    "propagate": """
def propagate(w, b, X, Y):
    m = Y.shape[1]
    Z = np.matmul(w.T, X) + b
    A = 1.0 / (1.0 + np.exp(-Z))
    J = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    cost = float(np.squeeze(J))
    dZ = A - Y
    grads = {"dw": np.matmul(X, dZ.T) / m, "db": float(np.sum(dZ)) / m}
    return grads, cost
""",
    "optimize": """
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    w = np.array(w, copy=True)
    costs = []
    i = 0
    while i < num_iterations:
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration", i, ":", cost)
        i += 1
    params = dict(w=w, b=b)
    return params, grads, costs
""",
    "predict": """
def predict(w, b, X):
    m = X.shape[1]
    A = sigmoid(np.matmul(w.reshape(X.shape[0], 1).T, X) + b)
    Y_prediction = np.zeros((1, m))
    Y_prediction[A > 0.5] = 1
    return Y_prediction
""",
}

ALICE_M3 = {
    "layer_sizes": """
def layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]
""",
    "forward_propagation": """
def forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2)
""",
    "compute_cost": """
def compute_cost(A2, Y):
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
""",
    "backward_propagation": """
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.mean(axis=1, keepdims=True),
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.mean(axis=1, keepdims=True)}
""",
    "update_parameters": """
def update_parameters(parameters, grads, learning_rate=1.2):
    return {k: parameters[k] - learning_rate * grads["d" + k] for k in parameters}
""",
}

BOB_M3 = {
    "layer_sizes": """
def layer_sizes(X, Y):
    n_x = np.shape(X)[0]
    n_y = np.shape(Y)[0]
    return (n_x, 4, n_y)
""",
    "initialize_parameters": """
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.multiply(np.random.randn(n_h, n_x), 0.01)
    W2 = np.multiply(np.random.randn(n_y, n_h), 0.01)
    b1 = np.zeros(shape=(n_h, 1))
    b2 = np.zeros(shape=(n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
""",
    "forward_propagation": """
def forward_propagation(X, parameters):
    W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))
    Z1 = np.matmul(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.matmul(W2, A1) + b2
    A2 = np.reciprocal(1 + np.exp(-Z2))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
""",
    "compute_cost": """
def compute_cost(A2, Y):
    m = np.size(Y, 1)
    total = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)
    return float(np.squeeze(-total / m))
""",
    "backward_propagation": """
def backward_propagation(parameters, cache, X, Y):
    m = np.size(X, 1)
    W1, W2 = parameters["W1"], parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = np.subtract(A2, Y)
    dW2 = np.matmul(dZ2, A1.T) * (1.0 / m)
    db2 = np.sum(dZ2, axis=1, keepdims=True) * (1.0 / m)
    dZ1 = np.multiply(np.matmul(W2.T, dZ2), 1 - np.square(A1))
    dW1 = np.matmul(dZ1, X.T) * (1.0 / m)
    db1 = np.sum(dZ1, axis=1, keepdims=True) * (1.0 / m)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
""",
    "update_parameters": """
def update_parameters(parameters, grads, learning_rate=1.2):
    new = dict()
    for layer in (1, 2):
        new["W%d" % layer] = parameters["W%d" % layer] - np.multiply(learning_rate, grads["dW%d" % layer])
        new["b%d" % layer] = parameters["b%d" % layer] - np.multiply(learning_rate, grads["db%d" % layer])
    return new
""",
    "predict": """
def predict(parameters, X):
    A2, _ = forward_propagation(X, parameters)
    return np.round(A2)
""",
}


def disguise(source: str, renames: dict[str, str], swaps: tuple[tuple[str, str], ...] = ()) -> str:
    """A copy as a student disguises it: names renamed (not inside strings), every comment
    replaced, a comment line added, and the given pairs of lines swapped."""
    for old, new in renames.items():
        source = re.sub(rf"(?<![\w\"'%]){re.escape(old)}(?![\w\"'])", new, source)
    lines = [re.sub(r"#.*$", "# worked this out on paper first", line) for line in source.strip("\n").splitlines()]
    for a, b in swaps:
        i = next(n for n, line in enumerate(lines) if line.strip() == a)
        j = next(n for n, line in enumerate(lines) if line.strip() == b)
        lines[i], lines[j] = lines[j], lines[i]
    lines.insert(1, "    # my solution")
    return "\n".join(lines) + "\n"


DAVE_M2 = {
    "sigmoid": disguise(ALICE_M2["sigmoid"], {"ez": "e_neg", "s": "out"}),
    "initialize_with_zeros": disguise(ALICE_M2["initialize_with_zeros"], {"dim": "n"},
                                      swaps=(("w = np.zeros(shape=(n, 1), dtype=np.float64)", "b = float(0)"),)),
    "propagate": disguise(ALICE_M2["propagate"], {"n_samples": "count", "logits": "z", "probs": "p",
                                                  "residual": "err", "loss_terms": "losses"},
                          swaps=(("dw = (X @ err.T) / count", "db = float(err.mean())"),)),
    "optimize": disguise(ALICE_M2["optimize"], {"step": "it", "costs": "history"}),
    "predict": disguise(ALICE_M2["predict"], {"probs": "chance"}),
    "model": disguise(ALICE_M2["model"], {"train_pred": "pred_tr", "test_pred": "pred_te", "params": "learned"}),
}
ERIN_M3 = {
    "layer_sizes": disguise(BOB_M3["layer_sizes"], {"n_x": "inputs", "n_y": "outputs"},
                            swaps=(("inputs = np.shape(X)[0]", "outputs = np.shape(Y)[0]"),)),
    "initialize_parameters": disguise(BOB_M3["initialize_parameters"], {},
                                      swaps=(("b1 = np.zeros(shape=(n_h, 1))", "b2 = np.zeros(shape=(n_y, 1))"),)),
    "forward_propagation": disguise(BOB_M3["forward_propagation"], {"key": "name", "cache": "memo"}),
    "compute_cost": disguise(BOB_M3["compute_cost"], {"m": "count", "total": "ll"}),
    "backward_propagation": disguise(BOB_M3["backward_propagation"], {"m": "size", "dZ2": "delta2", "dZ1": "delta1"},
                                     swaps=(('W1, W2 = parameters["W1"], parameters["W2"]',
                                             'A1, A2 = cache["A1"], cache["A2"]'),)),
    "update_parameters": disguise(BOB_M3["update_parameters"], {"new": "result", "layer": "i"}),
    "predict": disguise(BOB_M3["predict"], {"_": "memo"}),
}

PLANTED = {(M2, "alice", "dave"), (M3, "bob", HOSTILE)}


def with_own_names(answers: dict[str, str]) -> dict[str, str]:
    """carol: the reference, with her own variable names and comments (an independent correct
    solution that matches the reference once normalized)."""
    renames = {"cost": "J", "A": "act", "dw": "grad_w", "m": "n_examples", "Y_prediction": "labels",
               "logprobs": "terms", "new_parameters": "updated", "name": "key"}
    return {g: disguise(s, renames) if g != "initialize_parameters" else s for g, s in answers.items()}


def answers_of(assignment: course.Assignment) -> dict[str, dict[str, str]]:
    """Every student's answer cells (by grade id) for one assignment."""
    examples = students(assignment)
    reference = examples["complete"]
    own = {M2: {"alice": ALICE_M2, "bob": BOB_M2, "dave": DAVE_M2},
           M3: {"alice": ALICE_M3, "bob": BOB_M3, HOSTILE: ERIN_M3}}[assignment.id]
    found = dict(examples)
    for student in ("alice", "bob", "dave", HOSTILE):
        found[student] = {**reference, **{g: s.strip("\n") + "\n" for g, s in own.get(student, {}).items()}}
    found["carol"] = with_own_names(reference)
    return found


def build_class(root: Path) -> None:
    for assignment in (course.assignment(M2), course.assignment(M3)):
        for student, answers in answers_of(assignment).items():
            put(root, student, assignment, student_notebook(assignment, answers))
    put(root, "frank", course.assignment(M2), '{"cells": [ this is not JSON')


# -- the graded class -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("class-report")
    submitted, out = root / "submitted", root / "out"
    build_class(submitted)
    done = grade(submitted, out, "--no-db", "--jobs", "2", "--assignment", M2, "--assignment", M3)
    assert done.returncode == 0, done.stderr[-3000:]
    report = subprocess.run([sys.executable, "-m", "autograder.classreport", str(out), "--submitted", str(submitted)],
                            capture_output=True, text=True, timeout=600)
    assert report.returncode == 0, report.stderr[-3000:]
    assert "2 similar pair(s)" in report.stdout, report.stdout
    return submitted, out


@pytest.fixture(scope="module")
def summary(graded) -> dict:
    import json

    return json.loads((graded[1] / "report" / "summary.json").read_text(encoding="utf-8"))


def _by_submission(table: list[dict]) -> dict[tuple[str, str], list[dict]]:
    grouped: dict[tuple[str, str], list[dict]] = {}
    for r in table:
        grouped.setdefault((r["student_id"], r["assignment_id"]), []).append(r)
    return grouped


def _percent(rs: list[dict]) -> float:
    best = sum(float(r["max_points"]) for r in rs)
    return 100 * sum(float(r["points"]) for r in rs) / best if best else 0.0


def _counts(percents: list[float]) -> list[int]:
    counts = [0] * 10
    for p in percents:
        counts[min(int(p // 10), 9)] += 1
    return counts


def expected_histograms(out: Path) -> dict[str, list[int]]:
    """Score histograms computed here from grades.csv alone: submitted (not all-missing)
    submissions per assignment, every student's total overall."""
    grouped = _by_submission(rows(out))
    found = {}
    for assignment in (M2, M3):
        found[assignment] = _counts([_percent(rs) for (s, a), rs in grouped.items()
                                     if a == assignment and any(r["status"] != "missing" for r in rs)])
    per_student: dict[str, list[dict]] = {}
    for (s, _), rs in grouped.items():
        per_student.setdefault(s, []).extend(rs)
    found["overall"] = _counts([_percent(rs) for rs in per_student.values()])
    return found


def test_score_histograms_in_summary_and_figure_are_grades_csv(graded, summary):
    expected = expected_histograms(graded[1])
    assert sum(expected["overall"]) == 10
    figure = figures.scores(summary)
    axes = [ax for ax in figure.axes if ax.get_visible()]
    for name, ax in zip([M2, M3, "overall"], axes, strict=True):
        assert summary["scores"][name]["histogram"]["counts"] == expected[name], name
        heights = [round(p.get_height()) for p in ax.patches]
        assert heights == expected[name], f"{name}: the figure's bars {heights}, grades.csv {expected[name]}"
    assert (graded[1] / "report" / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_completion_counts_each_kind_of_submission(graded, summary):
    # blank: every function a stub; partial: half written; frank: broken module 2, no module 3
    assert summary["completion"][M2] == {"attempted_all": 7, "stubs_left": 1, "blank": 1, "broken": 1, "missing": 0}
    assert summary["completion"][M3] == {"attempted_all": 7, "stubs_left": 1, "blank": 1, "broken": 0, "missing": 1}
    widths = [round(p.get_width()) for p in figures.completion(summary).axes[0].patches]
    assert widths == [7, 7, 1, 1, 1, 1, 1, 0, 0, 1]   # per kind (in COMPLETION order), per assignment
    broken = summary["timing"]["broken"]
    assert [(b["student"], b["assignment"]) for b in broken] == [("frank", M2)] and "JSON" in broken[0]["reason"]


def test_difficulty_and_discrimination_follow_grades_csv(graded, summary):
    table = rows(graded[1])
    graded_subs = {k for k, rs in _by_submission(table).items()
                   if not ({r["status"] for r in rs} <= {"missing", "error"} and len({r["message"] for r in rs}) == 1)}
    for check in summary["checks"]:
        mine = [r for r in table if r["check_id"] == check["check_id"] and r["assignment_id"] == check["assignment"]
                and (r["student_id"], r["assignment_id"]) in graded_subs]
        assert check["graded"] == len(mine) == 9
        assert check["pass_rate"] == round(sum(r["status"] == "passed" for r in mine) / len(mine), 4), check
    rates = [c["pass_rate"] for c in summary["checks"]]
    assert rates == sorted(rates), "checks are not hardest first"
    # one function's discrimination recomputed: its points against the rest of the assignment's
    entry = next(f for f in summary["functions"] if f["assignment"] == M2 and f["function"] == "propagate")
    subs = _by_submission(table)
    keys = sorted(k for k in graded_subs if k[1] == M2)
    own = np.array([sum(float(r["points"]) for r in subs[k] if r["function"] == "propagate") for k in keys])
    rest = np.array([sum(float(r["points"]) for r in subs[k]) for k in keys]) - own
    assert entry["discrimination"] == pytest.approx(np.corrcoef(own / entry["max_points"], rest)[0, 1], abs=1e-3)
    shares = [f["mean_share"] for f in summary["functions"]]
    assert shares == sorted(shares)


def test_named_mistakes_list_the_students_with_links_to_their_feedback(graded, summary):
    out = graded[1]
    named = {(m["assignment"], m["function"], m["mistake"]): m["students"] for m in summary["mistakes"]}
    from autograder.examples import MISTAKES
    from autograder.hidden.mistakes import catalogue

    for assignment in (M2, M3):
        for function, _, _, name in MISTAKES[assignment]:
            says = next(m.says for m in catalogue(assignment) if m.name == name and m.function == function)
            assert "buggy" in named.get((assignment, function, says), []), (function, says, list(named))
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(\.\./feedback/[^"]+)"', page)
    assert hrefs and all((out / "report" / unquote(h.replace("&amp;", "&"))).is_file() for h in hrefs), \
        [h for h in hrefs if not (out / "report" / unquote(h.replace("&amp;", "&"))).is_file()][:3]
    assert 'href="../feedback/buggy/module2_logistic_regression.html">buggy</a>' in page


def test_similarity_flags_the_planted_copies_and_nothing_else(graded, summary):
    path = graded[1] / "report" / "similarity.csv"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "assignment_id,student_a,student_b,score"
    found = list(csv.DictReader(text.splitlines()))
    assert {(r["assignment_id"], r["student_a"], r["student_b"]) for r in found} == PLANTED
    scores = [float(r["score"]) for r in found]
    assert all(0 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)
    assert all(s > 0.8 for s in scores), found
    assert summary["similarity"]["compared"] == {M2: 9, M3: 9}   # frank's module 2 cannot be read
    assert any("frank" in n and "JSON" in n for n in summary["similarity"]["notes"])


def test_independent_solutions_share_little_once_the_expected_code_is_left_out(graded):
    """The scores of the pairs not flagged are far below the threshold (not just under it)."""
    submitted = graded[0]
    for assignment_id in (M2, M3):
        subs = find(submitted, assignments=[assignment_id])
        docs, _ = similarity.read_documents(subs, 20 << 20)
        docs = similarity.filtered(docs, similarity.expected_prints(course.assignment(assignment_id)))
        every = similarity.compare(assignment_id, docs, threshold=0.0, min_shared=1)
        unplanted = [p.score for p in every if (assignment_id, p.a.student_id, p.b.student_id) not in PLANTED]
        assert max(unplanted, default=0.0) < 0.25, [(p.a.student_id, p.b.student_id, p.score) for p in every]
        emptied = {d.student_id for d in docs if not d.prints}
        assert {"complete", "carol", "blank", "partial"} <= emptied   # the reference, renamed or not


def test_pages_escape_what_students_control(graded):
    report = graded[1] / "report"
    for name in ("index.html", "similarity.html"):
        page = (report / name).read_text(encoding="utf-8")
        assert "<img src=x" not in page and "<script>alert" not in page, name
        assert "erin&lt;img src=x onerror=alert(1)&gt;" in page, name
    pairs = (report / "similarity.html").read_text(encoding="utf-8")
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in pairs    # alice's comment, shown as text
    assert "<mark>" in pairs and "np.where(Y == 1, np.log(probs), np.log1p(-probs))" in pairs


def test_report_without_submitted_says_why_and_leaves_no_stale_pairs(graded, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(graded[1], out)
    done = subprocess.run([sys.executable, "-m", "autograder.classreport", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "similarity not computed" in done.stdout, done.stdout + done.stderr
    assert not (out / "report" / "similarity.csv").exists()
    assert "pass --submitted" in (out / "report" / "index.html").read_text(encoding="utf-8")


# -- without grading ---------------------------------------------------------------------------

def test_renamed_reordered_and_recommented_code_keeps_its_fingerprints():
    original = textwrap.dedent(BOB_M3["backward_propagation"])
    copy = ERIN_M3["backward_propagation"]
    assert similarity.fingerprints(original) == similarity.fingerprints(copy)
    other = original.replace("np.matmul(dZ2, A1.T)", "np.dot(dZ2, A1.T)")   # what the code does changed
    assert similarity.fingerprints(other) != similarity.fingerprints(original)
    assert similarity.fingerprints("x = np.sum(a, axis=1)") != similarity.fingerprints("x = np.sum(a, axis=0)")
    # a cell that does not parse keeps its lines before the error
    assert similarity.fingerprints("y = np.tanh(z) * 2\nz = (") == similarity.fingerprints("q = np.tanh(r) * 2")


def _result(student: str, rows_: list[tuple[str, str, float, float, Status, str]], seconds: float,
            broken: str = "") -> SubmissionResult:
    return SubmissionResult(student, M2, "k", [Row(student, M2, c, f, p, m, s, msg) for c, f, p, m, s, msg in rows_],
                            seconds, broken)


def test_timing_lists_slowest_timeouts_and_broken():
    results = [
        _result("slow", [("sigmoid.a", "sigmoid", 0, 1, Status.TIMEOUT, "sigmoid ran past 30 s")], 95.0),
        _result("quick", [("sigmoid.a", "sigmoid", 1, 1, Status.PASSED, "")], 2.0),
        _result("bad", [("sigmoid.a", "sigmoid", 0, 1, Status.ERROR, "not JSON")], 0.0, broken="not JSON"),
    ]
    found = stats.timing(results)
    assert [s["student"] for s in found["slowest"]] == ["slow", "quick"]
    assert found["timeouts"] == [{"assignment": M2, "function": "sigmoid", "check_id": "sigmoid.a", "count": 1,
                                  "students": ["slow"]}]
    assert found["broken"] == [{"student": "bad", "assignment": M2, "reason": "not JSON"}]
    assert sum(found["histogram"]["counts"]) == 2 and found["histogram"]["counts"][-1] == 1


def test_bad_out_folders_get_one_line_errors(tmp_path):
    def report(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "autograder.classreport", *args], capture_output=True,
                              text=True, timeout=120)

    done = report(str(tmp_path))
    assert done.returncode == 2 and "grades.csv" in done.stderr and "python -m autograder grade" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    (tmp_path / "grades.csv").write_text("name,score\nann,3\n", encoding="utf-8")
    done = report(str(tmp_path))
    assert done.returncode == 2 and "expected the header student_id,assignment_id" in done.stderr
    with pytest.raises(data.ReportError, match="no such folder"):
        data.load(tmp_path / "nowhere")


# -- in a browser --------------------------------------------------------------------------------

def test_report_in_chromium_shows_every_figure_and_student(graded):
    """index.html opened in headless Chromium (file://): every figure rendered, one row per
    student, the hostile id shown as text; the page saved as build/screenshots/report.png."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import browser_support as bs

    reason = bs.browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    index = graded[1] / "report" / "index.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(index.as_uri())
            page.wait_for_load_state("load")
            images = page.locator("img").evaluate_all("imgs => imgs.map(i => [i.getAttribute('src'), "
                                                      "i.complete && i.naturalWidth > 0])")
            assert {src for src, _ in images} >= {"scores.png", "completion.png", "difficulty.png", "checks.png",
                                                  "mistakes.png", "timing.png"}
            assert all(ok for _, ok in images), images
            students = page.locator("#students + table tbody tr")
            assert students.count() == 10
            assert page.locator("#students + table").inner_text().count(HOSTILE) == 1
            assert page.evaluate("() => document.querySelectorAll('script').length") == 0
            bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(bs.SCREENSHOTS / "report.png"))
            page.goto((graded[1] / "report" / "similarity.html").as_uri())
            assert page.locator("mark").count() > 0
            page.screenshot(path=str(bs.SCREENSHOTS / "report-similarity.png"))
        finally:
            browser.close()
