"""What ``serve`` works on: the course root, nbgrader's configuration of it, our policies.

Everything comes from the course root's ``nbgrader_config.py``, read with traitlets as
nbgrader reads it: ``CourseDirectory.course_id``, its folders and gradebook, ``Exchange.root``
(``--exchange`` overrides it), the late-penalty plugin's settings (handed to nbgrader's own
``AssignLatePenalties``), and our ``c.Autograder`` section: the limits of grading and the
policies (``autograder/config.py``: ``ServePolicy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import config as grading_config

CONFIG_FILE = "nbgrader_config.py"
LOCK_FILE = ".autograder-serve.lock"


class ServeError(Exception):
    """Serve cannot start or a step of nbgrader's failed: one line, saying what and the fix."""


@dataclass(frozen=True)
class ServeCourse:
    root: Path              # the course root (CourseDirectory.root)
    course_id: str
    exchange: Path          # Exchange.root
    db_url: str             # the course's gradebook
    submitted: Path         # where nbgrader's collect puts submissions
    feedback: Path          # where nbgrader's release_feedback reads pages
    out: Path               # our results (OUT/results, OUT/feedback, the journal)
    nbgrader: Any           # the traitlets Config nbgrader's API is built from
    policy: grading_config.ServePolicy
    limits: grading_config.GradingConfig

    @property
    def inbound(self) -> Path:
        return self.exchange / self.course_id / "inbound"

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def journal_path(self) -> Path:
        return self.out / "serve-journal.json"


def load(root: Path, exchange: str | None = None, out: str | None = None,
         limit_options: list[str] | None = None) -> ServeCourse:
    """The course at ``root``; ServeError (one line, naming the file or folder, what was
    expected and the fix) when it cannot be served."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    path = Path(root).resolve() / CONFIG_FILE
    if not path.is_file():
        raise ServeError(f"{path}: no such file; run serve from the course root (where nbgrader_config.py is) "
                         "or pass --course DIR")
    try:
        config = PyFileConfigLoader(path.name, path=str(path.parent)).load_config()
        limits = grading_config.load(limit_options or [], course_config=path)
        policy = grading_config.load_policy(path)
    except grading_config.ConfigError as error:
        raise ServeError(str(error)) from None
    if "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(path.parent)
    if exchange is not None:
        config.Exchange.root = str(Path(exchange).resolve())
    coursedir = CourseDirectory(config=config)
    if not coursedir.course_id:
        raise ServeError(f"{path}: c.CourseDirectory.course_id is not set; set it to the course's id "
                         "(the one students pass to nbgrader with --course)")
    if "root" not in config.Exchange:
        raise ServeError(f"{path}: c.Exchange.root is not set; set it to the exchange folder "
                         "(e.g. /srv/nbgrader/exchange) or pass --exchange DIR")
    course_root = Path(coursedir.root).resolve()
    return ServeCourse(
        root=course_root, course_id=coursedir.course_id, exchange=Path(config.Exchange.root),
        db_url=coursedir.db_url or f"sqlite:///{course_root / 'gradebook.db'}",
        submitted=course_root / coursedir.submitted_directory, feedback=course_root / coursedir.feedback_directory,
        out=Path(out).resolve() if out else course_root / "served", nbgrader=config, policy=policy, limits=limits)


def nbgrader_api(course: ServeCourse) -> Any:
    """nbgrader's own API on the course (its collect and release_feedback are what serve
    uses); ServeError when the exchange has no inbound folder for the course."""
    from nbgrader.apps import NbGraderAPI

    if not course.inbound.is_dir():
        raise ServeError(f"{course.inbound}: no such folder; release an assignment first "
                         f"(nbgrader release_assignment ASSIGNMENT) or pass the exchange with --exchange DIR")
    api = NbGraderAPI(config=course.nbgrader)
    api.log_level = "WARN"   # its apps log every file at INFO; serve says what it did itself
    return api
