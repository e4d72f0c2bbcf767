"""How the grader talks to a student's process: the student's own helpers first, and
what a call printed. Real student processes, real checks."""

from __future__ import annotations

import numpy as np

from autograder import course
from autograder.grading.grade import grade_submission, grader_fingerprint, trusted_answers
from autograder.grading.submissions import Submission
from autograder.hidden import run_check
from autograder.hidden.spec import HiddenCheck
from autograder.sandbox.process import Limits
from autograder.sandbox.side import SandboxSide
from tests.support import completed, put

M4 = course.assignment("module4_deep_network")


def _check(run) -> HiddenCheck:
    return HiddenCheck("module_test", "f", "f_matches", "f matches the reference", 1.0, run)


def _f_matches(t):
    x = t.rng.normal(size=(3, 4))
    t.compare(t.student("f", x), t.reference("f", x), what="f(x)")


class Counting:
    """A reference helper that counts its calls (answered in the grader)."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args):
        self.calls += 1
        return self.function(*args)


def _side(helper_source: str, reference: dict) -> SandboxSide:
    cells = [("cell 1", "import numpy as np\n" + helper_source +
              "def f(x):\n    return 2 * helper(x) + 1\n")]
    return SandboxSide(cells, {"f": ["helper"]}, trusted_answers(reference), Limits(call_seconds=20.0), workdir=None)


def test_right_helpers_answer_in_the_students_process_and_wrong_ones_fall_back_to_the_reference():
    helper = Counting(lambda x: np.tanh(x))
    reference = {"helper": helper, "f": lambda x: 2 * np.tanh(x) + 1}
    check = _check(_f_matches)

    side = _side("def helper(x):\n    return np.tanh(x)\n", reference)
    try:
        assert run_check(check, side, reference, suspects=[]).passed
        assert helper.calls == 0, "with a right helper nothing should cross to the grader"
        assert run_check(check, side, reference, suspects=None).passed
        assert helper.calls == 1, "the usual way, the reference answers the helper"
    finally:
        side.close()

    helper.calls = 0
    side = _side("def helper(x):\n    return np.tanh(x) + 0.5\n", reference)   # a wrong helper
    try:
        result = run_check(check, side, reference, suspects=[])
        assert result.passed, result.message   # f itself is right: the reference's helper shows it
        assert helper.calls == 1
    finally:
        side.close()

    other = {**reference, "f": lambda x: 2 * np.tanh(x)}   # f is now wrong, its helper right
    side = _side("def helper(x):\n    return np.tanh(x)\n", other)
    try:   # fails both ways
        result = run_check(check, side, other, suspects=[])
        assert result.status == "failed" and "f(x)" in result.message
    finally:
        side.close()


def test_printing_is_seen_from_the_sandbox(tmp_path):
    """The 'prints nothing unless print_cost=True' checks hear what the student's process
    printed (it runs elsewhere, so redirecting the grader's stdout would hear nothing)."""
    nb = completed(M4)
    for cell in nb.cells:
        if "def L_layer_model(" in cell.source:
            cell.source += ("\n_quiet_L_layer_model = L_layer_model\n"
                            "def L_layer_model(*args, **kwargs):\n"
                            "    print('training...')\n"
                            "    return _quiet_L_layer_model(*args, **kwargs)\n")
    path = put(tmp_path, "chatty", M4, nb)
    result = grade_submission(Submission("chatty", M4, path), grader_fingerprint())
    status = {r.check_id: r.status for r in result.rows if r.function == "L_layer_model"}
    assert status.pop("L_layer_model.L_layer_model_quiet") == "failed"
    assert set(status.values()) == {"passed"}, status
    assert {r.status for r in result.rows if r.function == "two_layer_model"} == {"passed"}
