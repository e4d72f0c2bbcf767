"""The student's day in JupyterLab, in a real (headless) browser.

One JupyterLab server (random port and token) on a temporary copy of the course, one
Chromium driven by Playwright. For each module:

- the student notebook, run all: the first error on the page is the first stub's friendly
  ``NotImplementedError`` (its message names the function), with no other error above it,
  and the first stub's check cell shows the line ``python -m autograder check`` prints;
- one stub filled in through the editor (the reference answer, typed over the stub), run,
  and its public check prints its success line; in module 1 also a Python-basics exercise
  (``normalize_rows``): a catalogued mistake typed in is named by its check, then the answer passes;
- the solution notebook, run all: no error output, every figure rendered as an image;
- nbgrader's Validate button on that (completed) notebook: the dialog says it passes.

Screenshots go to ``build/screenshots/<module>-<step>.png``. The repository's notebooks are
never opened, only copies, and nothing is saved but the copies. Skipped (with the reason)
when /usr/bin/chromium or playwright is missing; ``make test-browser`` runs only this file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder import course
from autograder.hidden.mistakes import catalogue
from autograder.public import todo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_support as bs  # next to this file; tests/ is not a package

REASON = bs.browser_missing()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

ASSIGNMENTS = course.assignments()
IDS = [a.module for a in ASSIGNMENTS]
# What the notebooks' kernels get: short training demos (as under nbgrader), one BLAS thread.
KERNEL_ENV = {"NBGRADER_EXECUTION": "validate", "OPENBLAS_NUM_THREADS": "1"}
VALIDATE_TIMEOUT_MS = 300_000  # nbgrader runs the whole notebook again (about 25 s for module 4)


def todo_message(function: str) -> str:
    """The stub's message for ``function``, as ``autograder.public.todo`` words it."""
    namespace = {"todo": todo}
    exec(f"def {function}():\n    return todo()\n", namespace)
    return namespace[function]()


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The JupyterLab server, on a copy of the course."""
    home = tmp_path_factory.mktemp("jupyterlab")
    root = bs.copy_course(home / "course")
    server = bs.LabServer(root, home, KERNEL_ENV).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def jlab(lab):
    """One headless Chromium, one tab, JupyterLab loaded in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(60_000)
        page = bs.LabPage(context.new_page(), lab)
        page.load()
        yield page
        context.close()
        browser.close()


def solution_path(assignment) -> str:
    return f"solutions/{assignment.id}/{assignment.notebook}"


def student_path(assignment) -> str:
    return f"notebooks/{assignment.id}/{assignment.notebook}"


@pytest.fixture(scope="module")
def solutions_running(jlab):
    """The four solution notebooks (copies, stored outputs cleared) open, each running all cells.

    Their training demos are most of this test's work: started first, their kernels compute
    while the student tests click around, and each solution test finds its run finished.
    """
    for assignment in ASSIGNMENTS:
        jlab.open(solution_path(assignment))
        jlab.start_run_all()
    jlab.report("solutions started")


def first_answer(cells: list[dict]) -> tuple[int, str]:
    """Index and function name of a notebook's first answer cell (its first stub)."""
    for index, cell in enumerate(cells):
        if bs.is_answer(cell):
            return index, bs.grade_id(cell)
    raise AssertionError("no answer cell")


def cell_index(cells: list[dict], wanted_grade_id: str) -> int:
    return next(i for i, c in enumerate(cells) if bs.grade_id(c) == wanted_grade_id)


def check_command_lines(notebook: Path) -> list[str]:
    """What ``python -m autograder check NOTEBOOK`` prints, line by line, without colour."""
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(notebook)],
                          capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, **KERNEL_ENV))
    return [bs.plain(line).strip() for line in done.stdout.splitlines() if line.strip()]


def run_down_to(jlab, cells: list[dict], answer: int, check: int) -> None:
    """Shift+Enter on the answer cell and every code cell after it, down to its check cell."""
    for index in range(answer, check + 1):
        if cells[index]["cell_type"] == "code":
            jlab.run_cell(index)


def texts(outputs: list[dict]) -> str:
    return "\n".join(o["text"] for o in outputs)


# -- the tests ---------------------------------------------------------------------------------

@pytest.mark.usefixtures("solutions_running")
@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_student_notebook_run_all_then_fill_the_first_stub(jlab, assignment):
    module, path = assignment.module, student_path(assignment)
    source = jlab.open(path)
    answer, function = first_answer(source)
    check = cell_index(source, f"test_{function}")

    # Run all: the first error shown is the first stub's NotImplementedError, nothing above it.
    shown = jlab.run_all()
    errors = bs.error_outputs(shown)
    assert errors, f"{path}: run all showed no error, but its stubs are not written"
    first_cell, first_text = errors[0]
    assert "NotImplementedError" in first_text and todo_message(function) in first_text, (
        f"{path}: the first error on the page (cell {first_cell}) is not the friendly "
        f"NotImplementedError of the first stub, {function}:\n{first_text[:1500]}")
    assert first_cell > answer, f"{path}: cell {first_cell} fails before the first stub"
    jlab.shot(f"{module}-student-first-error", jlab.cell(first_cell))

    # The first stub's check cell shows the line `python -m autograder check` prints for it.
    printed = check_command_lines(jlab.server.root / path)
    line = next((l for l in printed if l.startswith(f"✗ {function}:")), None)
    assert line, f"`python -m autograder check` printed no line for {function}:\n" + "\n".join(printed)
    in_browser = texts(shown[check]["outputs"])
    assert line in in_browser, (f"{function}'s check cell in the browser does not show what "
                                f"`python -m autograder check` prints:\n  {line}\nbrowser:\n{in_browser}")
    jlab.shot(f"{module}-student-failing-check", jlab.cell(check))
    jlab.mark("first stub")

    if module == "module1":
        # A wrong answer (a transposed result): the check names the likely mistake, no traceback.
        jlab.type_into(answer, "def relu(z):\n    return np.maximum(0.0, z).T")
        run_down_to(jlab, source, answer, check)
        text = texts(jlab.outputs(check))
        assert "✗ relu" in text and "Hint:" in text and "transpos" in text, (
            f"the check of a transposed relu does not name the likely mistake:\n{text}")
        assert "Traceback" not in text, f"a failed public check shows a traceback:\n{text}"
        jlab.shot(f"{module}-wrong-answer-check", jlab.cell(check), "center")
        jlab.mark("wrong answer")

    # Type the reference answer over the stub, run it and its check: the success line.
    reference = bs.read_cells(jlab.server.root / solution_path(assignment))
    code = bs.solution_code(reference[cell_index(reference, function)]["source"])
    typed = jlab.type_into(answer, code)
    assert typed.split() == code.split(), f"the editor holds other text than what was typed:\n{typed}"
    run_down_to(jlab, source, answer, check)
    outputs = jlab.outputs(check)
    assert re.search(rf"All \d+ checks passed for {re.escape(function)}\.", texts(outputs)), (
        f"{function}'s check after filling the stub:\n{texts(outputs)}")
    assert not [o for o in outputs if o["mime"] == bs.STDERR], f"{function}'s check:\n{texts(outputs)}"
    jlab.shot(f"{module}-stub-filled-check-passes", jlab.cell(check), "end")
    jlab.mark("fill the stub")
    if module == "module1":
        python_basics_exercise(jlab, source, reference)
    jlab.close(path)
    jlab.report(f"{module} student notebook")


def python_basics_exercise(jlab, source: list[dict], reference: list[dict],
                           function: str = "normalize_rows", mistake: str = "columns_normalized") -> None:
    """Module 1's Python-basics part: a catalogued mistake typed in is named, the answer passes.

    The cells from the part's setup down to the exercise's check run one by one (run all
    stopped at the first stub), so the exercise sees the part's own imports.
    """
    wrong = next(m for m in catalogue("module1_introduction") if m.function == function and m.name == mistake)
    answer, check = cell_index(source, function), cell_index(source, f"test_{function}")
    jlab.type_into(answer, textwrap.dedent(wrong.source).strip())
    run_down_to(jlab, source, cell_index(source, "setup_3"), check)
    text = texts(jlab.outputs(check))
    assert f"✗ {function}" in text and "Likely mistake" in text and wrong.says[:40] in bs.plain(text), (
        f"the check of {function} with the mistake {mistake!r} does not name it:\n{text}")
    assert "Traceback" not in text, f"a failed public check shows a traceback:\n{text}"
    jlab.shot("module1-python-basics-mistake-named", jlab.cell(check), "center")

    code = bs.solution_code(reference[cell_index(reference, function)]["source"])
    jlab.type_into(answer, code)
    run_down_to(jlab, source, answer, check)
    text = texts(jlab.outputs(check))
    assert re.search(rf"All \d+ checks passed for {function}\.", text), f"{function}'s check:\n{text}"
    jlab.shot("module1-python-basics-check-passes", jlab.cell(check), "end")
    jlab.mark("python basics")


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_solution_notebook_runs_clean_and_validates(jlab, solutions_running, assignment):
    module, path = assignment.module, solution_path(assignment)
    jlab.activate(path)  # opened and started by the fixture
    shown = jlab.finish_run()
    errors = bs.error_outputs(shown)
    assert not errors, f"{path}: run all shows error output:\n" + "\n".join(
        f"cell {i}: {text[:600]}" for i, text in errors)
    source = bs.read_cells(jlab.server.root / path)
    unrun = [c["index"] for c in shown  # "[ ]:" (a cell whose input is folded away shows no prompt)
             if c["code"] and re.fullmatch(r"\[ \]:?", c["prompt"].strip()) and source[c["index"]]["source"].strip()]
    assert not unrun, f"{path}: cells not run: {unrun}"

    # The copy's stored outputs were cleared: every figure the repository's notebook stores is drawn.
    stored = sum(1 for c in bs.read_cells(bs.REPO / path) if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    rendered = jlab.images().evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert rendered and all(rendered), f"{path}: images not rendered: {rendered}"
    assert len(rendered) >= stored, f"{path}: {len(rendered)} images shown, {stored} in the stored outputs"
    jlab.shot(f"{module}-solution-run-all", jlab.images().first)

    # nbgrader's Validate button: it saves this copy, then nbgrader validates it on the server.
    jlab.page.locator(f"{bs.PANEL} .validate-button").click()
    dialog = jlab.page.locator(".jp-Dialog")
    jlab.page.wait_for_function(
        "() => { const d = document.querySelector('.jp-Dialog'); "
        "return d && /passes all the tests|failed|error/i.test(d.innerText); }",
        timeout=VALIDATE_TIMEOUT_MS, polling=500)
    text = dialog.inner_text()
    jlab.shot(f"{module}-validate")
    jlab.mark("validate")
    dialog.locator(".jp-mod-accept").click()  # dismissed before asserting: the next test needs the page
    dialog.wait_for(state="detached")
    jlab.close(path)
    assert "Success! Your notebook passes all the tests." in text, f"Validate on {path}:\n{text[:2000]}"
    jlab.report(f"{module} solution notebook")
