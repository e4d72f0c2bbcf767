"""What of this repository students may have, and what their graded process may see: one list.

Two things hand parts of the repository to students, and they must never disagree:

- the student bundle (:mod:`autograder.bundle`, ``make release``): what students receive;
- the sandbox (:mod:`autograder.sandbox.isolation`): what of the project a student's
  process sees while it is graded (bubblewrap binds exactly these files read-only).

Both are derived from :data:`ENTRIES` below, by :func:`bundle_files` and
:func:`sandbox_files`. The sandbox sees a subset of the bundle (the entries marked
``sandbox``), so every file the sandbox shows a student is one the student already has,
and nothing a student's process is shown can be a secret that the bundle keeps back.

The list allows; it never removes. A file that is not listed is secret until someone
decides students may have it: a new module in ``autograder/datasets/`` (where the
calibration trains the course's models, that is module 4's answers) or in
``autograder/sandbox/`` stays out of both until it is added here with the reason it is
safe. A folder entry means every file under it, caches aside (``__pycache__``,
``.ipynb_checkpoints``), so a folder is listed only where everything in it is for
students; elsewhere the files are listed one by one. The sandbox binds files one by one
even for folder entries, so it shows no cache or stray file that the bundle leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder import ROOT

SKIPPED_PARTS = ("__pycache__", ".ipynb_checkpoints")   # caches, never part of either list


@dataclass(frozen=True)
class Entry:
    """One allowed path: who gets it, and why students may have it."""
    path: str       # relative to the repository root, "/"-separated; a folder means its files
    sandbox: bool   # also seen by a student's process while it is graded (always in the bundle)
    why: str        # why it holds nothing that grades students


ENTRIES: tuple[Entry, ...] = (
    Entry("notebooks", False,
          "the student releases: nbgrader's generate_assignment replaced every solution with a "
          "stub and removed the hidden tests (a test fails if they drift from solutions/)"),
    Entry("datasets/standin", True,
          "the cat / non-cat stand-in, drawn by the project's own code; the notebooks load it"),
    Entry("autograder/__init__.py", True,
          "the package marker and ROOT; every import of the course starts here"),
    Entry("autograder/__main__.py", False, "`python -m autograder`, for the student's `check`"),
    Entry("autograder/cli.py", False,
          "the command line; its grading commands import the grader lazily, which is not here"),
    Entry("autograder/course.py", False, "the list of modules and where their notebooks are"),
    Entry("autograder/notebook.py", False, "reading notebooks and nbgrader's cell metadata"),
    Entry("autograder/student_check.py", False, "`python -m autograder check`: the public checks of a notebook"),
    Entry("autograder/plan.py", False,
          "what a notebook says of its graded functions and cells (check reads it from the release)"),
    Entry("autograder/public", True,
          "what the notebooks import: todo() for the stubs and the public checks, which know "
          "neither the hidden checks nor the reference"),
    Entry("autograder/datasets/__init__.py", True, "the data loaders' public names (the notebooks import them)"),
    Entry("autograder/datasets/loader.py", True, "loads and recognizes the cat pictures"),
    Entry("autograder/datasets/planar.py", True, "generates module 3's planar sets with NumPy"),
    Entry("autograder/datasets/original_sha256sums.txt", True,
          "the hashes the loader tells the course's original files by (the files are not here)"),
    Entry("autograder/sandbox/__init__.py", True, "the sandbox's package marker (empty)"),
    Entry("autograder/sandbox/zygote.py", True,
          "the warm sandbox the student's process is forked from: process plumbing, no checks"),
    Entry("autograder/sandbox/worker.py", True,
          "runs the student's cells and answers calls: it never holds expected values"),
    Entry("autograder/sandbox/wire.py", True, "the pickle-free message format between grader and worker"),
    Entry("requirements.txt", False, "the course's pinned packages, to set up a Python for the notebooks"),
    Entry("constraints.txt", False, "the fully resolved pins behind requirements.txt"),
)


def _expand(entries: list[Entry], root: Path, strict: bool) -> list[str]:
    """The files of ``entries`` under ``root``, sorted, as "/"-separated relative paths.

    ``strict``: a listed path that does not exist is an error (a release must not quietly
    lose a file); otherwise it is left out (a sandbox before ``make datasets`` still runs)."""
    found: set[str] = set()
    for entry in entries:
        path = root / entry.path
        if path.is_dir():
            found.update(p.relative_to(root).as_posix() for p in path.rglob("*")
                         if p.is_file() and not set(SKIPPED_PARTS) & set(p.relative_to(root).parts))
        elif path.is_file():
            found.add(entry.path)
        elif strict:
            raise FileNotFoundError(
                f"{path}: listed in autograder/allowlist.py ENTRIES but missing; restore it "
                "(`make datasets` for datasets/, `make release` for notebooks/) or remove its entry")
    return sorted(found)


def bundle_files(root: Path = ROOT) -> list[str]:
    """Every file of the student bundle (all entries); a missing entry raises FileNotFoundError."""
    return _expand(list(ENTRIES), root, strict=True)


def sandbox_files(root: Path = ROOT) -> list[str]:
    """The files a student's process sees while graded: the ``sandbox`` entries that exist."""
    return _expand([e for e in ENTRIES if e.sandbox], root, strict=False)
