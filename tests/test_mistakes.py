"""The catalogue of typical mistakes (autograder/hidden/mistakes/), run through every check.

One table for the whole course: each assignment's ``MISTAKES`` list. Every mistake must

- fail a hidden check of its own function (the ones it names in ``fails``, when it does) and
  no hidden check of any other function (while a function is graded, the graded functions it
  calls are the reference's, so a mistake costs one function only);
- fail its public check (unless it says the public inputs cannot tell, ``public=False``);
- never be described in words that quote the solution (for every hint and sentence).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
from functools import cache

import pytest

from autograder import course, notebook
from autograder.hidden import Result, run_checks_in_namespace
from autograder.hidden.mistakes import Mistake, catalogue
from autograder.public.report import CheckFailed
from autograder.reference import load_reference

ASSIGNMENTS = [a.id for a in course.assignments()]
# At least this many mistakes per graded function; module 1's functions are one-liners with
# fewer ways to go wrong (the issue asks for "the ones that apply" there).
AT_LEAST = {"module1_introduction": 2}
DEFAULT_AT_LEAST = 5

CASES = [(a, m) for a in ASSIGNMENTS for m in catalogue(a)]
IDS = [f"{a.split('_')[0]}-{m.function}-{m.name}" for a, m in CASES]


@cache
def _graded(assignment_id: str) -> list[str]:
    return notebook.graded_functions(notebook.read(course.assignment(assignment_id).source))


@cache
def _dependencies(assignment_id: str) -> dict[str, list[str]]:
    return notebook.dependencies(notebook.read(course.assignment(assignment_id).source))


def _namespace(assignment_id: str, mistake: Mistake) -> dict:
    """A notebook's namespace: the reference with the one function written wrong."""
    namespace = dict(load_reference(assignment_id))
    namespace[mistake.function] = mistake.implementation(namespace)
    return namespace


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_graded_function_has_its_mistakes(assignment_id):
    listed = [m.function for m in catalogue(assignment_id)]
    unknown = sorted(set(listed) - set(_graded(assignment_id)))
    assert not unknown, f"mistakes of functions that are not graded: {unknown}"
    want = AT_LEAST.get(assignment_id, DEFAULT_AT_LEAST)
    short = {f: listed.count(f) for f in _graded(assignment_id) if listed.count(f) < want}
    assert not short, f"{assignment_id}: fewer than {want} mistakes catalogued for {short}"


@cache
def _hidden(assignment_id: str, mistake: Mistake) -> list[Result]:
    """The hidden checks of the mistake's function, run on it (once per test process)."""
    return run_checks_in_namespace(assignment_id, mistake.function, _namespace(assignment_id, mistake))


@cache
def _public(assignment_id: str, mistake: Mistake) -> tuple[bool, str]:
    """(did the public check fail, what it printed) for the mistake's function."""
    public = importlib.import_module(f"autograder.public.{course.assignment(assignment_id).module}")
    namespace = _namespace(assignment_id, mistake)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            getattr(public, f"test_{mistake.function}")(namespace[mistake.function])
    except CheckFailed:
        return True, out.getvalue()
    return False, out.getvalue()


@pytest.mark.parametrize("assignment_id, mistake", CASES, ids=IDS)
def test_a_mistake_fails_the_hidden_checks_of_its_function_only(assignment_id, mistake):
    namespace = _namespace(assignment_id, mistake)
    deps = _dependencies(assignment_id)
    # Besides its own, only the functions that call it could be touched (and must not be:
    # they run with the reference in its place); the others are not run again.
    callers = [f for f in _graded(assignment_id) if mistake.function in deps.get(f, [])]
    own = _hidden(assignment_id, mistake)
    failed = {r.check_id.split(".", 1)[1]: r.message for r in own if not r.passed}
    assert failed, f"{mistake.name}: every hidden check of {mistake.function} passed"
    missed = [name for name in mistake.fails if name not in failed]
    assert not missed, f"{mistake.name}: these hidden checks of {mistake.function} passed: {missed}"
    assert all(failed.values()), "a failed check must say why"
    for caller in callers:
        others = [(r.check_id, r.message) for r in run_checks_in_namespace(assignment_id, caller, namespace)
                  if not r.passed]
        assert not others, f"{mistake.name} in {mistake.function} made checks of {caller} fail: {others}"


@pytest.mark.parametrize("assignment_id, mistake", [c for c in CASES if c[1].public],
                         ids=[i for i, c in zip(IDS, CASES, strict=True) if c[1].public])
def test_a_mistake_fails_its_public_check(assignment_id, mistake):
    failed, out = _public(assignment_id, mistake)
    assert failed and "✗" in out, out


# -- the feedback names the mistake ------------------------------------------------------------
# The goal: at least this fraction of the catalogue's mistakes (and of the example class's) is
# named, by its own sentence, in the hidden feedback and in the public check's output. A mistake
# can be missed when another one of the catalogue gives the same values on a check's inputs
# (the earlier one is named) or when a check fails before it looks at the mistaken output.
NAMED_AT_LEAST = 0.9


def _named_by_hidden(assignment_id: str, mistake: Mistake) -> bool:
    failed = [r for r in _hidden(assignment_id, mistake) if not r.passed]
    return any(r.mistake == mistake.says or any(p in r.message for p in mistake.named_by) for r in failed)


def _named_by_public(assignment_id: str, mistake: Mistake) -> bool:
    failed, out = _public(assignment_id, mistake)
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)   # (colours, when a kernel's module is loaded)
    return failed and (f"Likely mistake: {mistake.says}" in out or any(p in out for p in mistake.named_by))


def _fraction(named: list[bool]) -> float:
    return sum(named) / len(named)


def _assert_most_named(where: str, cases: list[tuple[str, Mistake]], named_by) -> None:
    named = {f"{a}:{m.function}.{m.name}": named_by(a, m) for a, m in cases}
    missed = sorted(k for k, ok in named.items() if not ok)
    print(f"{where} name {sum(named.values())} of {len(named)} catalogued mistakes "
          f"({_fraction(list(named.values())):.0%}); missed: {missed}")
    assert _fraction(list(named.values())) >= NAMED_AT_LEAST, missed


def test_the_hidden_feedback_names_the_mistake():
    _assert_most_named("the hidden checks", CASES, _named_by_hidden)


def test_the_public_checks_name_the_mistake():
    _assert_most_named("the public checks", [(a, m) for a, m in CASES if m.public], _named_by_public)


def test_the_public_mistake_table_is_current():
    """autograder/public/mistakes.json is what the catalogue gives today (make release writes it)."""
    from autograder.hidden import mistake_table

    assert mistake_table.main(["--check"]) == 0, "run `python -m autograder.hidden.mistake_table`"


# -- no hint hands over the answer -------------------------------------------------------------

def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def _solution_lines() -> dict[str, str]:
    """Squeezed solution code -> where it is: every line of every solution region and, for an
    assignment, its right-hand side (a hint could quote just that). Code that the student's
    release already shows (given code, the instructions' own examples such as
    ``np.random.seed(1)``) gives nothing away and is left out."""
    found: dict[str, str] = {}
    for assignment in course.assignments():
        release = _squeeze("\n".join(c.source for c in notebook.read(assignment.release).cells))
        for cell in notebook.read(assignment.source).cells:
            if notebook.kind(cell) != "answer":
                continue
            inside = False
            for line in cell.source.splitlines():
                stripped = line.strip()
                if stripped == "### BEGIN SOLUTION":
                    inside = True
                elif stripped == "### END SOLUTION":
                    inside = False
                elif inside and stripped and not stripped.startswith(("#", "return ")):
                    code = stripped.split("#", 1)[0]
                    where = f"{assignment.id}: {stripped}"
                    candidates = [code]
                    target, equals, value = code.partition("=")
                    if equals and not value.startswith("=") and not target.endswith(("<", ">", "!")):
                        candidates.append(value)   # (a short call such as sigmoid(z) names, not quotes)
                    for text, shortest in zip(candidates, (5, 12), strict=False):
                        if len(_squeeze(text)) >= shortest and _squeeze(text) not in release:
                            found[_squeeze(text)] = where
    return found


def _texts_students_read() -> list[tuple[str, str]]:
    """Every string a student can be shown: the catalogue's sentences, and the string constants
    of the public and hidden checks (hints, messages, titles), except the speed checks'
    baselines (code that runs in a process of its own, never shown)."""
    texts = [(f"mistake {m.function}.{m.name}", m.says) for _, m in CASES]
    for package in ("public", "hidden"):
        for assignment in course.assignments():
            path = course.ROOT / "autograder" / package / f"{assignment.module}.py"
            tree = ast.parse(path.read_text())
            baselines = {id(node.value) for node in ast.walk(tree)
                         if isinstance(node, ast.Assign) and any(
                             isinstance(t, ast.Name) and t.id.startswith("LOOPED") for t in node.targets)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in baselines:
                    texts.append((f"{path.relative_to(course.ROOT)}:{node.lineno}", node.value))
    return texts


def test_no_hint_or_sentence_quotes_a_line_of_a_solution():
    lines = _solution_lines()
    assert len(lines) > 50, "the solution regions were not found"
    quoting = []
    for where, text in _texts_students_read():
        squeezed = _squeeze(text)
        quoting += [f"{where} quotes {source!r}" for code, source in lines.items() if code in squeezed]
    assert not quoting, "\n".join(quoting)
