"""The bundled example class, ``examples/submitted/``, made from the course's notebooks.

``python -m autograder.examples`` writes four students, each with every assignment, in
nbgrader's submitted layout, starting from the student release (what a student really
receives) with the answer cells filled in:

- ``complete``: every function written as in the reference solution;
- ``partial``: the first half of each notebook's functions written, the rest left as stubs;
- ``buggy``: everything written, with the typical mistakes listed in ``MISTAKES``;
- ``blank``: the release, untouched.

``--check`` regenerates into a temporary folder and reports drift (a test runs it).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

import nbformat

from autograder import ROOT, course, notebook
from autograder.release import write

EXAMPLES = ROOT / "examples" / "submitted"

# (function, text in the reference's solution, replacement, the catalogued mistake it makes)
# per assignment: the mistake's name in autograder/hidden/mistakes/, whose sentence the
# feedback must show (tests/test_examples.py). The generator fails if a text is not found,
# so a changed solution cannot silently leave the buggy student correct.
MISTAKES: dict[str, list[tuple[str, str, str, str]]] = {
    "module1_introduction": [
        ("house_network_forward", "np.dot(W2, A1) + b2", "np.dot(W2, A1)",
         "b2_left_out"),
        ("relu_gradient", "np.asarray(z) > 0", "np.asarray(z) >= 0",
         "one_at_zero"),
        ("normalize_rows", "np.linalg.norm(x, axis=1, keepdims=True)", "np.linalg.norm(x, axis=1)",
         "norms_as_a_rank_1_array"),
    ],
    "module2_logistic_regression": [
        ("sigmoid", "1 / (1 + np.exp(-z))", "1 / (1 + np.exp(z))",
         "sign_flipped"),
        ("propagate", "db = np.sum(A - Y) / m", "db = np.sum(A - Y)",
         "db_missing_mean"),
        ("predict", "(A > 0.5).astype(float)", "(A > 0.5)",
         "boolean_output"),
    ],
    "module3_shallow_network": [
        ("initialize_parameters", "W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.randn(n_h, n_x)",
         "W1_unscaled"),
        ("backward_propagation", "(1 - np.power(A1, 2))", "(1 - A1)",
         "tanh_derivative_1_minus_a"),
    ],
    "module4_deep_network": [
        ("linear_backward", "db = np.sum(dZ, axis=1, keepdims=True) / m", "db = np.sum(dZ, axis=1) / m",
         "db_without_keepdims"),
        ("L_model_backward", 'caches[L - 1], "sigmoid"', 'caches[L - 1], "relu"',
         "output_layer_relu"),
        ("update_parameters", "parameters = copy.deepcopy(params)", "parameters = params",
         "no_copy"),
    ],
}


def solution_body(source: str) -> str:
    """An answer cell as a student would leave it: the solution, without nbgrader's markers."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def answer_sources(assignment: course.Assignment) -> dict[str, str]:
    nb = notebook.read(assignment.source)
    return {notebook.nbgrader(c)["grade_id"]: solution_body(c.source)
            for c in nb.cells if notebook.kind(c) == "answer"}


def apply_mistakes(assignment_id: str, answers: dict[str, str]) -> dict[str, str]:
    """The answers with this assignment's typical mistakes written in."""
    buggy = dict(answers)
    for function, text, replacement, mistake in MISTAKES.get(assignment_id, []):
        cell = next((g for g, src in buggy.items() if f"def {function}(" in src), None)
        if cell is None or text not in buggy[cell]:
            raise RuntimeError(f"{assignment_id}: cannot write the mistake {mistake} into {function}: "
                               f"{text!r} is not in its solution; update autograder/examples.py")
        buggy[cell] = buggy[cell].replace(text, replacement, 1)
    return buggy


def student_notebook(assignment: course.Assignment, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The release with the given answer cells (by grade_id) filled in."""
    nb = nbformat.read(assignment.release, as_version=4)
    for cell in nb.cells:
        grade_id = notebook.nbgrader(cell).get("grade_id")
        if notebook.kind(cell) == "answer" and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def students(assignment: course.Assignment) -> dict[str, dict[str, str]]:
    """The answers each example student gives for one assignment."""
    answers = answer_sources(assignment)
    order = list(answers)
    half = set(order[: (len(order) + 1) // 2])
    return {
        "complete": answers,
        "partial": {g: s for g, s in answers.items() if g in half},
        "buggy": apply_mistakes(assignment.id, answers),
        "blank": {},
    }


def build(dest: Path) -> list[Path]:
    written = []
    for assignment in course.assignments():
        for student, answers in students(assignment).items():
            path = dest / student / assignment.id / assignment.notebook
            write(student_notebook(assignment, answers), path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.examples", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report drift from examples/submitted/")
    args = parser.parse_args(argv)
    if not args.check:
        for path in build(EXAMPLES):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="examples-") as scratch:
        fresh = build(Path(scratch))
        drifted = [p for p in fresh if not (EXAMPLES / p.relative_to(scratch)).exists()
                   or not filecmp.cmp(p, EXAMPLES / p.relative_to(scratch), shallow=False)]
    for path in drifted:
        print(f"examples/submitted/{path.relative_to(scratch)} is out of date: run "
              "`python -m autograder.examples`")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
