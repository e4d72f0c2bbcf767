"""The notebooks as nbgrader assignments: structure, release, first stub, nbgrader validate.

The stored outputs of the solutions are compared by nbval (`make test` runs
`pytest --nbval solutions/` and `--nbval-lax notebooks/`); these tests check the rest.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from nbclient import NotebookClient

from autograder import ROOT, course, notebook
from tests.browser_support import browser_missing
from tests.kernels import AsyncSocketKernelManager, app_arguments

ASSIGNMENTS = course.assignments()
IDS = [a.id for a in ASSIGNMENTS]
NBGRADER = str(Path(sys.executable).with_name("nbgrader"))


def test_the_course_has_four_modules():
    assert [a.module for a in ASSIGNMENTS] == ["module1", "module2", "module3", "module4"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_graded_function_has_an_answer_cell_and_a_test_cell_with_points(assignment):
    nb = notebook.read(assignment.source)
    functions = notebook.graded_functions(nb)
    points = notebook.test_points(nb)
    assert functions, f"{assignment.source}: no answer cells"
    for name in functions:
        assert points.get(f"test_{name}", 0) > 0, f"{assignment.source}: no test_{name} cell with points"
    grade_ids = [notebook.nbgrader(c)["grade_id"] for c in nb.cells if notebook.nbgrader(c)]
    duplicates = {g for g in grade_ids if grade_ids.count(g) > 1}
    assert not duplicates, f"{assignment.source}: duplicate grade_ids {duplicates}"
    for cell in nb.cells:
        if notebook.kind(cell) == "answer":
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        if notebook.kind(cell) == "test":
            assert "run_hidden_checks(" in cell.source, f"{notebook.nbgrader(cell)['grade_id']}: no hidden checks"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_test_cell_runs_hidden_checks_registered_for_its_function(assignment):
    from autograder.hidden import checks_for

    for name in notebook.graded_functions(notebook.read(assignment.source)):
        assert checks_for(assignment.id, name), f"{assignment.id}: no hidden checks for {name}"


def test_release_matches_the_sources():
    """`make release` regenerates notebooks/ byte for byte from solutions/."""
    done = subprocess.run([sys.executable, "-m", "autograder.release", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment):
    text = assignment.release.read_text()
    for secret in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_checks"):
        assert secret not in text, f"{assignment.release} contains {secret!r}"
    reference = notebook.read(assignment.source)
    for cell in reference.cells:
        if notebook.kind(cell) == "answer":
            body = cell.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
            for line in body.splitlines():
                line = line.strip()
                if len(line) > 25 and not line.startswith("#"):
                    assert line not in text, f"{assignment.release} leaks solution line {line!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_student_notebook_runs_cleanly_up_to_the_first_stub(assignment):
    nb = notebook.read(assignment.release)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   kernel_manager_class=AsyncSocketKernelManager,
                   resources={"metadata": {"path": str(assignment.release.parent)}}).execute()
    errored = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
               for o in c.get("outputs", []) if o.output_type == "error"]
    assert errored, "the release ran without reaching a stub"
    first_index, first = errored[0]
    assert first.ename == "NotImplementedError", f"first error is {first.ename}: {first.evalue}"
    named = re.findall(r"`(\w+)` is not written yet", first.evalue)
    assert named and named[0] in notebook.graded_functions(nb), \
        f"the stub's message names no graded function: {first.evalue}"
    for index, output in errored:
        assert "raises-exception" in notebook.tags(nb.cells[index]), (
            f"cell {index + 1} raised {output.ename} but is not tagged raises-exception: "
            f"{nb.cells[index].source[:80]!r}")


def _validate(path: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NBGRADER_EXECUTION="validate")
    return subprocess.run([NBGRADER, "validate", str(path), *extra, *app_arguments()], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


# Where the browser test runs, it presses nbgrader's Validate on each solution notebook and
# asserts this same success line (tests/test_browser.py): the notebook is not run twice more.
BROWSER_VALIDATES = browser_missing() is None


@pytest.mark.slow
@pytest.mark.skipif(BROWSER_VALIDATES, reason="tests/test_browser.py validates the solutions through JupyterLab")
@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_nbgrader_validate_passes_on_the_solution(assignment):
    done = _validate(assignment.source)
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_nbgrader_validate_fails_on_the_release_and_invert_passes(assignment):
    done = _validate(assignment.release)
    assert "Success!" not in done.stdout and "failed" in done.stdout.lower() + done.stderr.lower(), done.stdout[-2000:]
    inverted = _validate(assignment.release, "--invert")
    assert "Success!" in inverted.stdout, inverted.stdout[-2000:] + inverted.stderr[-2000:]
