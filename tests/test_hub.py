"""The course on JupyterHub, end to end in a real (headless) browser.

The repository's hub (``hub/jupyterhub_config.py``, set up by ``hub/hubctl.py`` as ``make hub``
does, with throwaway accounts and module 2 only), driven in Debian's Chromium by Playwright:

1. the instructor logs in and formgrader lists module 2 as released;
2. two students log in (separate browser contexts), each fetches module 2 from nbgrader's
   Assignment List, types the functions into the answer cells (one all correct, one with
   ``db`` missing its 1/m), saves, runs Validate, submits;
3. ``autograder serve``, run by the hub as a service, grades each submission and releases its
   feedback: within a bounded time each student's "Fetch Feedback" brings the page back, and it
   shows their own score (full marks; less, with the mistake named);
4. the instructor's formgrader shows both scores, the gradebook's;
5. a student cannot open the other's server (the hub refuses) or files (Unix permissions).

Screenshots: ``build/screenshots/hub-*.png``. Skipped, saying why, when not root or when
chromium, node/npm or playwright is missing. ``make test-hub`` runs only this file.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from autograder import course, examples
from autograder.hidden import mistakes

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_support as bs  # next to this file; tests/ is not a package
import hub_support as hs

REASON = hs.hub_missing()
needs_hub = pytest.mark.skipif(REASON is not None, reason=REASON or "")

M2 = next(a for a in course.assignments() if a.id == "module2_logistic_regression")
FEEDBACK_SECONDS = 180   # submit to feedback page, each student (serve grades one at a time)
# The buggy student's one mistake: the catalogued one examples.py writes into its notebook.
FUNCTION, RIGHT, WRONG, MISTAKE = next(m for m in examples.MISTAKES[M2.id] if m[3] == "db_missing_mean")
SCORE = re.compile(r"([\d.]+)\s*/\s*([\d.]+)\s*points")


def shot(lab: hs.HubLab, step: str, target=None, where: str = "start") -> None:
    lab.shot(f"hub-{step}", target, where)


@pytest.fixture(scope="module")
def hub():
    for old in bs.SCREENSHOTS.glob("hub-failure-*.png"):   # an earlier run's
        old.unlink()
    running = hs.start_hub(students=["alice", "bob"], modules=[M2.id])
    yield running
    running.stop()
    bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)   # the hub's log (serve's lines too), for a failure
    shutil.copy2(running.log_path, bs.SCREENSHOTS / "hub-test.log")
    hs.hubctl.remove(Path(running.instance.folder))


@pytest.fixture(scope="module")
def browser(hub):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def person(browser, hub, short: str) -> hs.HubLab:
    """A new browser context (own cookies) for the account ``short``, its login form sent."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    lab = hs.HubLab(context.new_page(), hub, hub.account(short))
    lab.login()
    return lab


def mistake_sentence() -> str:
    return next(m.says for m in mistakes.mistakes_of(M2.id, FUNCTION) if m.name == MISTAKE)


def do_the_assignment(lab: hs.HubLab, correct: bool) -> str:
    """Fetch module 2, type every answer, save, Validate, submit; returns Validate's dialog text."""
    who = "complete" if correct else "buggy"
    lab.assignment_list()
    lab.refresh()
    shot(lab, f"{who}-assignment-list")
    lab.fetch(M2.id)
    shot(lab, f"{who}-fetched")
    path = f"{M2.id}/{M2.notebook}"
    release = lab.open(path)
    answers = hs.answer_codes(release, bs.read_cells(bs.REPO / "solutions" / M2.id / M2.notebook))
    assert len(answers) >= 6, f"{path}: only {len(answers)} answer cells found"
    for index, code in answers.items():
        if not correct and bs.grade_id(release[index]) == FUNCTION:
            assert RIGHT in code, f"the reference {FUNCTION} no longer has {RIGHT!r}"
            code = code.replace(RIGHT, WRONG)
        typed = lab.type_into(index, code)
        assert typed.split() == code.split(), f"cell {index} holds other text than what was typed:\n{typed}"
    lab.mark("type the answers")
    lab.save()
    shot(lab, f"{who}-typed", lab.cell(max(answers)), "center")
    text = lab.validate()
    shot(lab, f"{who}-validate")
    lab.dismiss_dialog()
    lab.assignment_list()
    lab.submit(M2.id)
    shot(lab, f"{who}-submitted")
    return text


def pins(path: Path) -> dict[str, str]:
    lines = [line.split("==") for line in path.read_text().splitlines() if "==" in line and not line.startswith("#")]
    return {name.lower().replace("_", "-"): version for name, version in lines}


def test_the_hub_env_pins_are_the_courses_plus_jupyterhub():
    """hub/constraints.txt: the course's constraints.txt, JupyterHub and its dependencies, and
    soupsieve 2.10 (4.x needs Python >= 3.11.5, Debian 12 has 3.11.2); nothing else differs."""
    course_pins, hub_pins = pins(bs.REPO / "constraints.txt"), pins(bs.REPO / "hub" / "constraints.txt")
    changed = {n: (v, hub_pins.get(n)) for n, v in course_pins.items() if hub_pins.get(n) != v}
    assert changed == {"soupsieve": ("4.1.3", "2.10")}, changed
    added = set(hub_pins) - set(course_pins)
    assert "jupyterhub" in added and hub_pins["jupyterhub"] == pins(bs.REPO / "hub" / "requirements.txt")["jupyterhub"]
    assert added <= {"jupyterhub", "aiodns", "aiohappyeyeballs", "aiohttp", "aiosignal", "annotated-types", "certipy",
                     "cryptography", "frozenlist", "multidict", "oauthlib", "pamela", "propcache", "pycares",
                     "pydantic", "pydantic-core", "typing-inspection", "yarl"}, added


@pytest.mark.slow
@pytest.mark.timeout(900)   # a fresh machine builds the hub environment first (about 2 minutes)
@needs_hub
def test_the_class_on_the_hub(hub, browser):
    people = [person(browser, hub, who) for who in ("instructor", "alice", "bob")]
    for lab in people:   # the hub starts the three servers at once meanwhile
        lab.wait_lab()
    try:
        the_class_on_the_hub(hub, *people)
    except BaseException:
        for lab in people:   # what each person saw when it failed
            lab.shot(f"hub-failure-{lab.account.name.split('-', 1)[1]}")
        raise
    finally:
        for lab in people:
            lab.report(lab.account.name)


def the_class_on_the_hub(hub, instructor: hs.HubLab, alice: hs.HubLab, bob: hs.HubLab) -> None:
    # 1. The instructor: formgrader lists module 2, released.
    instructor.page.goto(f"{instructor.server.base}/formgrader/manage_assignments")
    row = instructor.page.locator("tr", has_text=M2.id)
    row.wait_for(timeout=60_000)
    assert "released" in row.inner_text().split(), f"formgrader does not show {M2.id} as released:\n{row.inner_text()}"
    instructor.shot("hub-instructor-formgrader-released")

    # 2. Each student fetches, types, validates, submits (one after the other: one browser).
    validated = do_the_assignment(alice, correct=True)
    assert "Success! Your notebook passes all the tests." in validated, f"alice's Validate:\n{validated[:1500]}"
    submitted_at = time.monotonic()
    validated = do_the_assignment(bob, correct=False)
    assert "Success!" not in validated and FUNCTION in validated, f"bob's Validate:\n{validated[:1500]}"

    # 3. Feedback, graded and released by serve: each student's own page, own score.
    scores = {}
    for lab, who in ((alice, "alice"), (bob, "bob")):
        left = max(30.0, FEEDBACK_SECONDS - (time.monotonic() - submitted_at))
        lab.fetch_feedback(timeout_s=left)
        shot(lab, f"{'complete' if who == 'alice' else 'buggy'}-feedback-fetched")
        page = lab.open_feedback(Path(M2.notebook).stem + ".html")
        shot(lab, f"{'complete' if who == 'alice' else 'buggy'}-feedback-page")
        found = SCORE.search(page)
        assert found, f"{who}'s feedback page shows no score:\n{page[:1500]}\nhub log:\n{hub.log_tail()}"
        assert f"feedback for {lab.account.name}" in page, f"{who} was shown another page:\n{page[:800]}"
        scores[who] = (float(found.group(1)), float(found.group(2)))
    assert scores["alice"][0] == scores["alice"][1] > 0, scores
    assert scores["bob"][1] == scores["alice"][1] and 0 < scores["bob"][0] < scores["bob"][1], scores
    bob_page = bob.page.frame_locator("iframe").last.locator("body").inner_text()
    assert mistake_sentence().split(":")[0] in bob_page, f"bob's page does not name his mistake:\n{bob_page[:3000]}"

    # 4. The instructor's formgrader: both scores, as in the gradebook.
    book = hs.gradebook_scores(Path(hub.instance.course_root), M2.id)
    assert book == {alice.account.name: pytest.approx(scores["alice"][0], abs=0.01),
                    bob.account.name: pytest.approx(scores["bob"][0], abs=0.01)}, book
    instructor.page.goto(f"{instructor.server.base}/formgrader/manage_students")
    for lab in (alice, bob):
        instructor.page.locator("tr", has_text=lab.account.name).wait_for(timeout=60_000)
    table = instructor.page.locator("table").first.inner_text()
    for lab, who in ((alice, "alice"), (bob, "bob")):
        line = next(l for l in table.splitlines() if lab.account.name in l)
        assert who.capitalize() in line, f"formgrader's row for {who} lacks the class list's name: {line}"
        shown = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", line.replace(lab.account.name, ""))]
        assert any(abs(x - scores[who][0]) < 0.01 for x in shown), f"formgrader's row for {who}: {line}"
    instructor.shot("hub-instructor-formgrader-scores")

    # 5. Alice has no formgrader; she cannot reach Bob's server through the hub, nor his files on disk.
    assert alice.page.request.get(f"{alice.server.base}/formgrader").status == 404, "a student has formgrader"
    reply = alice.page.request.get(f"{hub.url}/user/{bob.account.name}/api/contents", max_redirects=10)
    assert reply.status == 403, f"alice asked for bob's files: {reply.status} {reply.url}\n{reply.text()[:500]}"
    alice.page.goto(f"{hub.url}/user/{bob.account.name}/lab")
    alice.page.wait_for_load_state()
    refusal = alice.page.locator("body").inner_text()
    assert "403" in refusal and "permission" in refusal, f"alice opened bob's JupyterLab:\n{refusal[:500]}"
    shot(alice, "student-refused-other-server")
    probes = {"bob's home": f"os.listdir({bob.account.home!r})",
              "the exchange's inbound": f"os.listdir({hub.instance.exchange + '/nndl-course1/inbound'!r})",
              "the gradebook": f"open({hub.instance.course_root + '/gradebook.db'!r}, 'rb').read(1)",
              "the hidden checks": "import autograder.hidden"}
    public = hs.as_user(alice.account, hub.instance, "import autograder.public.module2")   # what her kernel imports
    assert public.returncode == 0, f"alice's account cannot import the public checks: {public.stderr[-500:]}"
    for what, code in probes.items():
        peek = hs.as_user(alice.account, hub.instance, f"import os\n{code}")
        assert peek.returncode != 0 and re.search(r"PermissionError|ModuleNotFoundError", peek.stderr), (
            f"alice's account reached {what}: {peek.stdout} {peek.stderr[-500:]}")
