"""A throwaway nbgrader course with its own exchange, driven by nbgrader's real commands: for
the tests and the latency benchmark of ``serve``, and for an instructor to try serve on.

``Trial.make(folder, assignments)`` copies this course's ``nbgrader_config.py`` and
``solutions/`` into ``folder/course``, points ``c.Exchange.root`` at ``folder/exchange``, and
runs ``nbgrader generate_assignment`` and ``nbgrader release_assignment``; each student then
has a home ``folder/students/<id>`` with an exchange cache of its own, and runs
``nbgrader fetch_assignment``, ``nbgrader submit`` and ``nbgrader fetch_feedback`` there, as
``--student <id>`` (the exchange checks no Unix user here: everyone is the same user).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import ROOT, course

COURSE_ID = "nndl-course1"   # the course's own c.CourseDirectory.course_id


def environment() -> dict[str, str]:
    """nbgrader's commands with the venv's bin first on PATH (nbgrader runs `alembic` from it)."""
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))


def nbgrader(cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """One nbgrader command in ``cwd``; RuntimeError with its output's tail when it fails."""
    command = [str(Path(sys.executable).with_name("nbgrader")), *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment(), timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({done.returncode}): {done.stderr[-1500:]}")
    return done


@dataclass(frozen=True)
class Trial:
    folder: Path

    @property
    def root(self) -> Path:
        return self.folder / "course"

    @property
    def exchange(self) -> Path:
        return self.folder / "exchange"

    @classmethod
    def make(cls, folder: Path, assignments: list[course.Assignment]) -> Trial:
        trial = cls(Path(folder).resolve())
        trial.root.mkdir(parents=True)
        trial.exchange.mkdir(mode=0o777)
        config = (ROOT / "nbgrader_config.py").read_text()
        (trial.root / "nbgrader_config.py").write_text(config + f"\nc.Exchange.root = {str(trial.exchange)!r}\n")
        for a in assignments:
            shutil.copytree(a.source.parent, trial.root / "solutions" / a.id)
            nbgrader(trial.root, "generate_assignment", a.id, "--force")
            nbgrader(trial.root, "release_assignment", a.id, "--force")
        return trial

    def configure(self, *lines: str) -> None:
        """Append ``lines`` to the course's nbgrader_config.py (serve reads it when it starts)."""
        with open(self.root / "nbgrader_config.py", "a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(lines) + "\n")

    def home(self, student: str) -> Path:
        return self.folder / "students" / student

    def student_args(self, student: str) -> list[str]:
        return [f"--course={COURSE_ID}", f"--student={student}", f"--Exchange.root={self.exchange}",
                f"--Exchange.cache={self.home(student) / '.nbgrader-cache'}"]

    def fetch_assignment(self, student: str, a: course.Assignment) -> Path:
        self.home(student).mkdir(parents=True, exist_ok=True)
        nbgrader(self.home(student), "fetch_assignment", a.id, *self.student_args(student))
        return self.home(student) / a.id / a.notebook

    def write(self, student: str, a: course.Assignment, nb: nbformat.NotebookNode | bytes) -> None:
        path = self.home(student) / a.id / a.notebook
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        else:
            nbformat.write(nb, str(path))

    def submit_command(self, student: str, a: course.Assignment) -> list[str]:
        return [str(Path(sys.executable).with_name("nbgrader")), "submit", a.id, *self.student_args(student)]

    def submit(self, student: str, a: course.Assignment) -> None:
        nbgrader(self.home(student), "submit", a.id, *self.student_args(student))

    def fetch_feedback(self, student: str, a: course.Assignment) -> list[Path]:
        """The feedback pages ``nbgrader fetch_feedback`` brought back, newest submission last."""
        nbgrader(self.home(student), "fetch_feedback", a.id, *self.student_args(student))
        return sorted((self.home(student) / a.id / "feedback").glob(f"*/{Path(a.notebook).stem}.html"))

    def feedback_page(self, student: str, a: course.Assignment) -> Path:
        """Where ``nbgrader fetch_feedback`` looks for the page of the student's newest
        submission: the exchange's ``feedback/<hash of its secret>.html`` (there or not yet)."""
        from nbgrader.utils import notebook_hash

        cache = self.home(student) / ".nbgrader-cache" / COURSE_ID
        newest = sorted(cache.glob(f"*+{a.id}+*"))[-1]
        secret = (newest / "submission_secret.txt").read_text()
        name = notebook_hash(secret=secret, notebook_id=Path(a.notebook).stem)
        return self.exchange / COURSE_ID / "feedback" / f"{name}.html"

    def released_page(self, student: str, a: course.Assignment) -> Path | None:
        """:meth:`feedback_page` once it has been released; None before."""
        page = self.feedback_page(student, a)
        return page if page.is_file() else None

    def serve_command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "autograder.serve", "--course", str(self.root), *args]
