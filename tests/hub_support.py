"""Helpers for ``tests/test_hub.py``: a throwaway course hub, and what its people do in a browser.

The hub is the repository's own (``hub/jupyterhub_config.py``), set up by ``hub/hubctl.py``
with accounts of its own (``t<hex>-instructor``, ``t<hex>-alice``, ...: a random prefix, so a
running ``make hub`` or another run is never touched) in an instance folder under the hub
cache, both removed at the end. Only the screenshots stay, in ``build/screenshots/hub-*.png``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import browser_support as bs

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hub"))
import hubctl  # noqa: E402 (hub/ is not a package)

HUB_START_SECONDS = 60


def hub_missing() -> str | None:
    """Why the hub test cannot run here, or None when it can."""
    if os.getuid() != 0:
        return "the hub test needs root: it creates Unix accounts (one per person) and the hub runs as root"
    if shutil.which("useradd") is None:
        return "useradd not found: the hub creates one Unix account per person"
    system_python = str(hubctl.SYSTEM_PYTHON)
    if not hubctl.SYSTEM_PYTHON.exists() or subprocess.run([system_python, "-c", "import ensurepip, venv"],
                                                           capture_output=True).returncode:
        return (f"{hubctl.SYSTEM_PYTHON} with venv not found: the hub environment is built from Debian's python3 "
                "(apt-get install -y python3-venv)")
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node or npm not found: JupyterHub's proxy (configurable-http-proxy) runs on Node.js"
    return bs.browser_missing()


@dataclass
class RunningHub:
    instance: hubctl.Instance
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.instance.port}"

    def account(self, short: str) -> hubctl.Account:
        return next(a for a in self.instance.accounts if a.name.endswith(f"-{short}"))

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()   # the hub stops the servers and the serve service it started
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_hub(students: list[str], modules: list[str]) -> RunningHub:
    """Set up an instance (accounts, course, releases) and start its hub; ready when it answers."""
    folder = hubctl.CACHE / f"test-{secrets.token_hex(3)}"
    prefix = f"t{folder.name[-6:-2]}-"
    ports = [bs.free_port() for _ in range(3)]
    try:
        instance = hubctl.prepare(folder, port=ports[0], hub_port=ports[1], proxy_api_port=ports[2], prefix=prefix,
                                  students=students, modules=modules)
    except BaseException:
        hubctl.remove(folder)   # the accounts made before it failed
        raise
    command, env = hubctl.hub_command(instance)
    log_path = folder / "hub.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=folder / "state", env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    hub = RunningHub(instance, process, log_path)
    deadline = time.monotonic() + HUB_START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2) as reply:
                if reply.status == 200:
                    return hub
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    hub.stop()
    raise RuntimeError(f"the hub did not start; its log ({log_path}):\n{hub.log_tail()}")


def as_user(account: hubctl.Account, instance: hubctl.Instance, code: str) -> subprocess.CompletedProcess:
    """Python ``code`` run as ``account``'s Unix user with the hub environment's Python and a
    student kernel's import path (the student bundle)."""
    return subprocess.run([str(Path(instance.env) / "bin" / "python"), "-c", code], user=account.name,
                          group=account.name, extra_groups=[], cwd=account.home, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": account.home, "PYTHONPATH": instance.student_code},
                          timeout=60)


# -- the browser -------------------------------------------------------------------------------

class UserServer(bs.LabServer):
    """A person's server on the hub, as browser_support.LabPage sees a server: its URL and the
    folder it serves (the hub starts and stops it; the login cookie, not a token, lets one in)."""

    def __init__(self, hub: RunningHub, account: hubctl.Account):
        super().__init__(Path(account.home), Path(account.home))
        self._base = f"{hub.url}/user/{account.name}"

    @property
    def base(self) -> str:
        return self._base


class HubLab(bs.LabPage):
    """A person's JupyterLab on the hub, in one browser context (their own cookies)."""

    def __init__(self, page, hub: RunningHub, account: hubctl.Account):
        super().__init__(page, UserServer(hub, account), workspace="hub-test")
        self.hub, self.account = hub, account

    def login(self) -> None:
        """The hub's login form; the hub starts the person's server (see :meth:`wait_lab`)."""
        self.page.goto(f"{self.hub.url}/hub/login")
        self.page.locator("#username_input").fill(self.account.name)
        self.page.locator("#password_input").fill(self.account.password)
        self.page.locator("#login_submit").click()

    def wait_lab(self) -> None:
        """Until the person's JupyterLab is on screen (after :meth:`login`)."""
        self.page.wait_for_url(re.compile(rf"/user/{re.escape(self.account.name)}/lab"), timeout=180_000)
        self.page.wait_for_selector(".jp-Launcher, .jp-NotebookPanel, .jp-DirListing", timeout=120_000)
        self.mark("log in and start the server")

    def load(self) -> None:
        self.page.goto(f"{self.server.base}/lab/workspaces/{self.workspace}?reset")
        self.page.wait_for_selector(".jp-Launcher", timeout=120_000)
        self.fold_left_sidebar()

    # -- nbgrader's Assignment List ------------------------------------------------------------
    def assignment_list(self) -> None:
        """Nbgrader > Assignment List (or back to its tab)."""
        tab = self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="Assignments")
        if tab.count():
            tab.first.click()
        else:
            self.menu("Nbgrader", "Assignment List")
        self.page.wait_for_selector("#released_assignments_list", timeout=60_000)

    def rows(self, which: str):
        return self.page.locator(f"#{which}_assignments_list > .list_item")

    def refresh(self) -> None:
        self.page.locator("#refresh_assignments_list").click()
        self.page.wait_for_function(
            "() => ['released', 'fetched', 'submitted'].every(n => {"
            " const l = document.getElementById(n + '_assignments_list_loading'); return !l || l.hidden"
            " || getComputedStyle(l).display === 'none'; })", timeout=60_000)

    def fetch(self, assignment: str) -> None:
        row = self.rows("released").filter(has_text=assignment)
        row.wait_for(timeout=60_000)
        row.locator(".item_status button", has_text="Fetch").click()
        self.rows("fetched").filter(has_text=assignment).wait_for(timeout=60_000)
        self.mark("fetch")

    def submit(self, assignment: str) -> None:
        before = self.page.locator("#submitted_assignments_list .nested_list_item").count()
        self.rows("fetched").filter(has_text=assignment).locator(".item_status button", has_text="Submit").click()
        self.page.wait_for_function(
            "(n) => document.querySelectorAll('#submitted_assignments_list .nested_list_item').length > n",
            arg=before, timeout=60_000)
        self.mark("submit")

    def fetch_feedback(self, timeout_s: float) -> None:
        """"Fetch Feedback" until "(view feedback)" shows (serve grades and releases it meanwhile)."""
        button = self.page.locator("#submitted_assignments_list button", has_text="Fetch Feedback")
        deadline = time.monotonic() + timeout_s
        while True:
            button.first.click()
            try:
                self.page.locator("#submitted_assignments_list a", has_text="view feedback").wait_for(timeout=5_000)
                self.mark("feedback fetched")
                return
            except bs.PlaywrightError:
                if time.monotonic() > deadline:
                    raise
            self.page.wait_for_timeout(2_000)

    def open_feedback(self, html_name: str) -> str:
        """Click "(view feedback)" (the file browser goes to the page's folder), open the page from
        there; returns the page's text, read inside JupyterLab's HTML viewer."""
        self.page.locator("#submitted_assignments_list a", has_text="view feedback").first.click()
        item = self.page.locator(".jp-DirListing-item", has_text=html_name)
        item.wait_for(timeout=30_000)
        item.dblclick()
        frame = self.page.frame_locator(".jp-HTMLViewer iframe, .jp-RenderedHTML iframe, iframe").last
        body = frame.locator("body")
        body.wait_for(timeout=30_000)
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('iframe')).some(f => { try {"
            " return /points/.test(f.contentDocument.body.innerText); } catch (e) { return false; } })",
            timeout=30_000)
        self.fold_left_sidebar()
        self.mark("open feedback")
        return body.inner_text()

    # -- the notebook ---------------------------------------------------------------------------
    def save(self) -> None:
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("Control+s")
        self.page.wait_for_function(
            "() => { const t = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');"
            " return t && !t.classList.contains('jp-mod-dirty'); }", timeout=30_000)

    def validate(self, timeout_ms: int = 300_000) -> str:
        """nbgrader's Validate button on the notebook on screen: the dialog's text."""
        self.page.locator(f"{bs.PANEL} .validate-button").click()
        self.page.wait_for_function(
            "() => { const d = document.querySelector('.jp-Dialog'); "
            "return d && /passes all the tests|failed|error/i.test(d.innerText); }", timeout=timeout_ms, polling=500)
        self.mark("validate")
        return self.page.locator(".jp-Dialog").inner_text()

    def dismiss_dialog(self) -> None:
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator(".jp-mod-accept").first.click()
        dialog.wait_for(state="detached")


def answer_codes(release_cells: list[dict], solution_cells: list[dict]) -> dict[int, str]:
    """Index in the release of each code answer cell -> the reference answer, as typed."""
    reference = {bs.grade_id(c): bs.solution_code(c["source"]) for c in solution_cells if bs.grade_id(c)}
    return {i: reference[bs.grade_id(c)] for i, c in enumerate(release_cells) if bs.is_answer(c)}


def gradebook_scores(course_root: Path, assignment: str) -> dict[str, float]:
    """student -> score of ``assignment`` in the course's gradebook (nbgrader's API)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_root / 'gradebook.db'}") as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(assignment)}


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1))
