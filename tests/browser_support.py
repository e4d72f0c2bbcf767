"""Helpers for ``tests/test_browser.py``: a throwaway JupyterLab server on a copy of the
course, and a few steps a student takes in it (open a notebook, run all, read outputs).

Nothing here writes to the repository: the server's root is a temporary copy of the course
(``nbgrader_config.py``, ``notebooks/``, ``solutions/``, ``datasets/``), with its own Jupyter
config, runtime, settings and workspace folders. Only the screenshots go to
``build/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.kernels import app_arguments

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = REPO / "build" / "screenshots"

# JupyterLab user settings for the test run: every cell in the DOM (no virtual scrolling),
# no news or update pop-ups, no autosave (only the Validate button saves, and only copies).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) "
                "to run the browser test")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed in this Python (make setup installs the pinned version)"
    return None


# -- the course copy -------------------------------------------------------------------------

def strip_outputs(path: Path) -> None:
    """Clear a notebook's stored outputs and execution counts (so the run has to make them)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def copy_course(dest: Path) -> Path:
    """A copy of the course files a student's JupyterLab needs, in ``dest``.

    The ``autograder`` package is imported from the repository (the venv's ``.pth`` file,
    and PYTHONPATH set by :class:`LabServer`), not copied.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "solutions", "datasets"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    for notebook in (dest / "solutions").glob("*/*.ipynb"):
        strip_outputs(notebook)
    return dest


def read_cells(path: Path) -> list[dict]:
    """A notebook's cells, each source joined into one string."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return cells


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_answer(cell: dict) -> bool:
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return cell["cell_type"] == "code" and bool(nbgrader.get("solution")) and not nbgrader.get("grade")


def solution_code(source: str) -> str:
    """An answer cell's reference code as a student would type it: without the markers."""
    lines = [line for line in source.splitlines()
             if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(lines).strip("\n")


# -- the server ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 with a random port and token, rooted at ``root``."""

    def __init__(self, root: Path, home: Path, extra_env: dict[str, str] | None = None):
        self.root, self.home = root, home
        self.token = secrets.token_hex(16)
        self.port = 0
        self.log_path = home / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self.extra_env = extra_env or {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "lab") -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "JPY_")) and k not in ("MPLBACKEND", "IPYTHONDIR")}
        dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
                "JUPYTER_DATA_DIR": "data", "JUPYTERLAB_SETTINGS_DIR": "settings",
                "JUPYTERLAB_WORKSPACES_DIR": "workspaces", "IPYTHONDIR": "ipython"}
        for name, sub in dirs.items():
            (self.home / sub).mkdir(parents=True, exist_ok=True)
            env[name] = str(self.home / sub)
        python_path = [str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        env["PYTHONPATH"] = os.pathsep.join(python_path)
        env.update(self.extra_env)
        return env

    def _write_settings(self) -> None:
        for name, values in LAB_SETTINGS.items():
            path = self.home / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "jupyterlab",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
                   "--LabApp.news_url=", "--ServerApp.terminals_enabled=False", *app_arguments()]
        if os.getuid() == 0:
            command.append("--allow-root")
        return command

    def start(self, timeout: float = 90) -> LabServer:
        env = self._env()
        self._write_settings()
        for _attempt in range(3):  # another process may take the free port first
            self.port = free_port()
            log = open(self.log_path, "ab")
            # cwd: nbgrader's Validate handler reads nbgrader_config.py from the server's cwd
            self.process = subprocess.Popen(self.command(), cwd=self.root, env=env,
                                            stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    with urllib.request.urlopen(self.url("api/status"), timeout=2) as reply:
                        if reply.status == 200:
                            return self
                except (TimeoutError, urllib.error.URLError, ConnectionError):
                    time.sleep(0.25)
            if self.process.poll() is None:
                self.stop()
                break
        raise RuntimeError(f"JupyterLab did not start; its log ({self.log_path}):\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=30) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, path: str | None = None) -> None:
        """End the sessions (and kernels) of the notebook at ``path``, or all of them.

        Best effort: the server stopping meanwhile (or a session already gone) is fine.
        """
        try:
            for session in self.api("GET", "api/sessions") or []:
                if path is None or session.get("path") == path:
                    self.api("DELETE", f"api/sessions/{session['id']}")
        except (OSError, ValueError):  # URLError and HTTPError are OSErrors
            pass

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: the server shuts its kernels down and exits
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# -- the page --------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STDERR = "application/vnd.jupyter.stderr"   # how JupyterLab marks error and stderr outputs
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on screen


def plain(text: str) -> str:
    """Text without ANSI colour codes (as a terminal shows it, and as the browser renders it)."""
    return ANSI.sub("", text)


# Per cell of the notebook on screen, in page order: its prompt and its outputs.
CELLS_JS = """
() => Array.from(document.querySelectorAll('%(panel)s .jp-Notebook .jp-Cell'))
  .map((cell, index) => ({
    index,
    code: cell.classList.contains('jp-CodeCell'),
    prompt: (cell.querySelector('.jp-InputPrompt') || {}).innerText || '',
    outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      text: o.innerText,
      images: o.querySelectorAll('img').length,
    })),
  }))
""" % {"panel": PANEL}  # noqa: UP031 (in an f-string or .format every brace of the JavaScript would be doubled)

# True while a cell of the notebook on screen is queued or running ([*]) or its kernel is busy.
BUSY_JS = """
() => {
  const panel = document.querySelector('%(panel)s');
  if (!panel) return true;
  const prompts = Array.from(panel.querySelectorAll('.jp-Cell .jp-InputPrompt')).map(p => p.innerText);
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const status = indicator ? indicator.getAttribute('data-status') : null;
  return prompts.some(p => p.includes('*')) || (status !== null && status !== 'idle');
}
""" % {"panel": PANEL}  # noqa: UP031 (in an f-string or .format every brace of the JavaScript would be doubled)

# The notebook at `path` is on screen with all its `cells`, and its kernel is idle.
READY_JS = """
([path, cells]) => {
  const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
  if (!tab || !(tab.getAttribute('title') || '').includes('Path: ' + path + '\\n')) return false;
  const panel = document.querySelector('%(panel)s');
  if (!panel || panel.querySelectorAll('.jp-Notebook .jp-Cell').length !== cells) return false;
  const status = Array.from(document.querySelectorAll('.jp-StatusBar-TextItem')).map(e => e.innerText);
  return status.some(s => /\\| Idle$/.test(s.trim()));
}
""" % {"panel": PANEL}  # noqa: UP031 (in an f-string or .format every brace of the JavaScript would be doubled)


def error_outputs(cells: list[dict]) -> list[tuple[int, str]]:
    """(cell index, text) of every error or stderr output, in page order."""
    return [(c["index"], o["text"]) for c in cells for o in c["outputs"] if o["mime"] == STDERR]


try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the test skips; nothing here runs
    PlaywrightError = Exception


class LabPage:
    """One browser tab with JupyterLab, and what a student does in it, through the UI.

    Notebooks open as tabs of one JupyterLab (File > Open from Path...); the methods act on
    the notebook on screen. ``mark`` records how long each step took.
    """

    def __init__(self, page, server: LabServer, workspace: str = "browser-test"):
        self.page, self.server, self.workspace = page, server, workspace
        self.clock = time.monotonic()
        self.timings: list[str] = []

    def mark(self, step: str) -> None:
        now = time.monotonic()
        self.timings.append(f"{step} {now - self.clock:.1f} s")
        self.clock = now

    def report(self, label: str) -> None:
        print(f"\n{label}: " + ", ".join(self.timings))
        self.timings.clear()

    # -- the app and its tabs ------------------------------------------------------------
    def load(self) -> None:
        """JupyterLab with a fresh layout (its own workspace, reset)."""
        self.page.goto(f"{self.server.base}/lab/workspaces/{self.workspace}?reset&token={self.server.token}")
        self.page.wait_for_selector(".jp-Launcher", timeout=120_000)
        self.fold_left_sidebar()
        self.mark("load JupyterLab")

    def fold_left_sidebar(self) -> None:
        """Fold the file browser away (opening a file unfolds it): more room for the notebook."""
        left = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if left.count():
            left.first.click()

    def menu(self, top: str, item: str) -> None:
        """Click ``top`` in the menu bar, then its ``item`` (a label; a shortcut may follow it)."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")).click()
        self.page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}(\s|$)")).click()

    def open(self, path: str) -> list[dict]:
        """File > Open from Path...: the notebook at ``path`` (relative to the course copy).

        Returns its cells as stored, once it is on screen and its kernel is idle.
        """
        cells = read_cells(self.server.root / path)
        self.menu("File", "Open from Path…")
        self.page.locator(".jp-Dialog input").fill(path)
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.wait_ready(path, len(cells))
        self.fold_left_sidebar()
        self.mark(f"open {path.split('/')[0]}")
        return cells

    def wait_ready(self, path: str, cells: int) -> None:
        self.page.wait_for_function(READY_JS, arg=[path, cells], timeout=120_000, polling=250)

    def tab(self, path: str):
        return self.page.locator(f'.lm-DockPanel-tabBar .lm-TabBar-tab[title*="Path: {path}"]')

    def activate(self, path: str) -> None:
        self.tab(path).click()
        self.page.wait_for_function(
            "(path) => { const t = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current'); "
            "return t && (t.getAttribute('title') || '').includes('Path: ' + path + '\\n'); }", arg=path)

    def close(self, path: str) -> None:
        """File > Close Tab, discarding the notebook's changes; its kernel is shut down meanwhile
        (through the server's API, in the background: that takes a second or two)."""
        self.activate(path)
        self.menu("File", "Close Tab")
        tab, dialog = self.tab(path), self.page.locator(".jp-Dialog")
        deadline = time.monotonic() + 60
        while tab.count():  # "Save your work?" when the notebook was changed
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path}: the notebook did not close")
            if dialog.count():
                discard = dialog.get_by_role("button", name=re.compile(r"^(Discard|Don.t Save)$"))
                try:
                    (discard if discard.count() else dialog.locator(".jp-mod-accept")).first.click(timeout=2000)
                except PlaywrightError:  # the dialog went away meanwhile
                    pass
            self.page.wait_for_timeout(200)
        threading.Thread(target=self.server.shutdown_kernels, args=(path,), daemon=True).start()
        self.mark("close")

    # -- running ---------------------------------------------------------------------------
    def cell(self, index: int):
        return self.page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)

    def wait_idle(self, timeout_ms: int = 300_000) -> None:
        """Until no cell is queued or running and the kernel is idle, twice 0.4 s apart."""
        busy = f"({BUSY_JS})()"
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            self.page.wait_for_function(f"() => !{busy}", timeout=remaining, polling=200)
            self.page.wait_for_timeout(400)
            if not self.page.evaluate(f"() => {busy}"):
                return

    def start_run_all(self) -> None:
        """Run > Run All Cells, returning as soon as the run has started."""
        self.menu("Run", "Run All Cells")
        self.page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('{PANEL} .jp-InputPrompt'))"
            ".some(p => /\\[[*0-9]/.test(p.innerText))")

    def run_all(self, timeout_ms: int = 300_000) -> list[dict]:
        self.start_run_all()
        return self.finish_run(timeout_ms)

    def finish_run(self, timeout_ms: int = 300_000) -> list[dict]:
        self.wait_idle(timeout_ms)
        self.mark("run all")
        return self.cells()

    def run_cell(self, index: int) -> None:
        """Select a cell (a click on its prompt: command mode) and run it with Shift+Enter."""
        prompt = self.cell(index).locator(".jp-InputPrompt")
        before = prompt.inner_text()
        self.page.keyboard.press("Escape")
        prompt.click()
        self.page.keyboard.press("Shift+Enter")
        self.page.wait_for_function(  # a new execution count: this run has finished
            f"([i, before]) => {{ const p = document.querySelectorAll('{PANEL} .jp-Notebook .jp-Cell')[i]"
            ".querySelector('.jp-InputPrompt').innerText; return /\\[[0-9]+\\]/.test(p) && p !== before; }",
            arg=[index, before])
        self.wait_idle()

    def type_into(self, index: int, code: str) -> str:
        """Click into a cell's editor, select all its text (Ctrl+A) and type ``code`` over it.

        The text goes in as typed text (one input event, like an input method) rather than key
        by key, so that the editor's auto-indent does not indent each new line a second time.
        Returns the editor's text afterwards.
        """
        editor = self.cell(index).locator(".cm-content")
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(code)
        return editor.inner_text()

    # -- reading ---------------------------------------------------------------------------
    def cells(self) -> list[dict]:
        return self.page.evaluate(CELLS_JS)

    def outputs(self, index: int) -> list[dict]:
        return self.cells()[index]["outputs"]

    def images(self):
        return self.page.locator(f"{PANEL} .jp-OutputArea-output img")

    def shot(self, name: str, target=None, where: str = "start") -> Path:
        """``build/screenshots/<name>.png`` of the window, ``target`` (a locator) scrolled into
        view at the top (``where="start"``), middle (``"center"``) or bottom (``"end"``)."""
        if target is not None:
            target.evaluate("(e, where) => e.scrollIntoView({block: where})", where)
            self.page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path
