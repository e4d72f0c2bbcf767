"""The bundled example class (``examples/submitted/``) and ``make grade`` on it.

The example students are generated from the solutions and the releases; the buggy student
carries the typical mistakes of ``autograder.examples.MISTAKES``. Grading them the way
``make grade`` does (the CLI, from the repository root, with a relative path) must give
each student what they deserve, and each written-in mistake must cost points on its own
function and nowhere else.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict

import pytest

from autograder import ROOT, course
from autograder.examples import MISTAKES
from autograder.plan import plan


def test_the_examples_are_up_to_date_with_the_solutions_and_releases():
    done = subprocess.run([sys.executable, "-m", "autograder.examples", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_assignment_has_a_written_in_mistake():
    assert set(MISTAKES) == {a.id for a in course.assignments()}
    assert all(MISTAKES.values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("grades")
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "examples/submitted", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    return out, done.stdout, table


def _per_function(table):
    scores = defaultdict(lambda: [0.0, 0.0])
    for r in table:
        if r["function"]:
            key = (r["student_id"], r["assignment_id"], r["function"])
            scores[key][0] += float(r["points"])
            scores[key][1] += float(r["max_points"])
    return scores


def test_make_grade_gives_each_example_student_what_they_deserve(graded):
    out, stdout, table = graded
    scores = _per_function(table)
    for a in course.assignments():
        functions = {f for (s, aid, f) in scores if aid == a.id}
        assert functions, a.id
        for f in functions:
            got, best = scores[("complete", a.id, f)]
            assert got == pytest.approx(best) and best > 0, ("complete", a.id, f)
            assert scores[("blank", a.id, f)][0] == 0, ("blank", a.id, f)
        partial = sum(scores[("partial", a.id, f)][0] for f in functions)
        assert 0 < partial < sum(scores[("complete", a.id, f)][0] for f in functions), a.id
    # the summary table and the gradebook, as the README shows them
    total = sum(plan(a.id).points for a in course.assignments())
    assert "complete" in stdout and f"{total:g}/{total:g}" in stdout, stdout
    assert (out / "gradebook.db").exists()
    assert {p.name for p in (out / "feedback").iterdir()} == {"blank", "buggy", "complete", "partial"}


def test_each_written_in_mistake_costs_points_on_its_function_only(graded):
    _, _, table = graded
    scores = _per_function(table)
    for a in course.assignments():
        wrong = {function for function, *_ in MISTAKES[a.id]}
        for (student, aid, function), (got, best) in scores.items():
            if student != "buggy" or aid != a.id:
                continue
            if function in wrong:
                assert got < best, f"{a.id}: the mistake in {function} cost nothing"
            else:
                assert got == pytest.approx(best), f"{a.id}: {function} lost points for another's mistake"


def test_each_written_in_mistake_is_named_by_the_feedback(graded):
    """The buggy student's every wrong function gets its mistake's sentence from the catalogue,
    in grades.csv (the message) and on the feedback page."""
    from html import unescape

    from autograder.hidden.mistakes import mistakes_of

    out, _, table = graded
    for a in course.assignments():
        page = unescape((out / "feedback" / "buggy" / f"{a.id}.html").read_text(encoding="utf-8"))
        for function, _, _, name in MISTAKES[a.id]:
            says = next(m.says for m in mistakes_of(a.id, function) if m.name == name)
            messages = [r["message"] for r in table if r["student_id"] == "buggy" and r["assignment_id"] == a.id
                        and r["function"] == function and r["status"] != "passed"]
            assert messages and any(says in m for m in messages), (a.id, function, messages)
            assert f"Likely mistake: {says}" in page, (a.id, function)
