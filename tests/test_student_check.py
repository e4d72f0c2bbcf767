"""``python -m autograder check NOTEBOOK``: a student's public checks from the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder import ROOT, course
from autograder.examples import MISTAKES

EXAMPLES = ROOT / "examples" / "submitted"


def check(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "check", str(path)], capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("assignment", course.assignments(), ids=lambda a: a.id)
def test_complete_passes_and_the_release_names_every_stub(assignment):
    done = check(EXAMPLES / "complete" / assignment.id / assignment.notebook)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "✗" not in done.stdout
    release = check(assignment.release)
    assert release.returncode == 1
    functions = [line.split("`")[1] for line in release.stdout.splitlines() if "is not written yet" in line]
    assert functions and f"0 of {len(functions)} functions pass" in release.stdout
    assert f"{len(functions)} of {len(functions)} functions pass" in done.stdout


def test_a_written_in_mistake_is_reported_with_its_function():
    assignment = course.assignment("module2_logistic_regression")
    done = check(EXAMPLES / "buggy" / assignment.id / assignment.notebook)
    assert done.returncode == 1
    failing = {line.split(":")[0].lstrip("✗ ").strip() for line in done.stdout.splitlines() if line.startswith("✗")}
    assert {function for function, *_ in MISTAKES[assignment.id]} <= failing, done.stdout


def test_bad_input_gets_a_one_line_error(tmp_path):
    missing = check(tmp_path / "nothing.ipynb")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nothing.ipynb" in missing.stderr
    other = tmp_path / "someone_else.ipynb"
    other.write_text("{}")
    wrong = check(other)
    assert wrong.returncode == 2 and "someone_else.ipynb" in wrong.stderr, wrong.stderr
