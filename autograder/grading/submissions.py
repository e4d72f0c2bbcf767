"""Finding submissions in nbgrader's layout: ``SUBMITTED/<student_id>/<assignment_id>/<notebook>``.

Every student folder gets one entry per assignment of the course, submitted or not, so
the results list every student and every assignment.

Submissions are what they claim to be. A student controls the files under their folder,
and a link would make the grader read someone else's: a symbolic link from the notebook
into ``solutions/``, an assignment folder that links to a classmate's, a hard link to the
instructor's reference beside the notebook (read by a helper cell). So:

- :func:`find` records a student folder, assignment folder or notebook that is a symbolic
  link, and a notebook that is not a regular file or has more than one hard link, as a
  refused submission (status ``error``) with a one-line reason naming the file;
- every read of a submitted notebook (its key, its grading) opens its folder and then the
  notebook without following a link and checks the open descriptor
  (:func:`open_submitted`), then reads that same descriptor: a file or folder swapped for a
  link after :func:`find` looked at it is refused too;
- :func:`submission_files` is the safe list of a submission folder's files for the
  student's sandbox: symbolic links, hard-linked files and anything not a regular file are
  left out.

Student ids: the id of a student is :func:`autograder.safe_text.printable_id` of their
folder's name, derived once here and used everywhere (rows, results, file names, the
gradebook). A name that is not valid text (undecodable bytes, which ``os.listdir`` returns
as surrogate escapes) or holds control characters thus gets a printable id of its own,
one-to-one, while the folder on disk is still read under its real name (``path``).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograder import course
from autograder.config import DEFAULTS
from autograder.safe_text import printable_id

# The caps on what is read of a submission (the notebook's size, the folder's bytes and
# files: a folder of a million empty files is not a submission) are the grading config's
# (autograder/config.py); grading passes the run's values, the defaults serve the rest.

# Open without following a final symbolic link (ELOOP instead), without blocking on a FIFO
# (a reader would wait for a writer forever) and without making a terminal ours.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
# A folder, without following a link: O_DIRECTORY refuses anything but a folder.
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

_KINDS = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")]


class UnsafeFile(OSError):
    """A submitted file that is not what it claims: a symbolic link, a hard link, not a
    regular file. ``reason`` is what is wrong and the likely fix, to follow the file's name."""

    def __init__(self, shown: str, reason: str):
        super().__init__(f"{shown} {reason}")
        self.shown, self.reason = shown, reason


def unsafe_reason(status: os.stat_result, what: str = "the notebook file") -> str:
    """Why a file with this ``lstat``/``fstat`` status cannot be used as a submitted file
    (and the fix, naming ``what`` to submit instead); "" when it can: a regular file with
    one name."""
    if stat.S_ISLNK(status.st_mode):
        return f"is a symbolic link; submit {what} itself"
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a file")
        return f"is {kind}, not a regular file; submit {what} itself"
    if status.st_nlink > 1:
        return (f"has {status.st_nlink} hard links (the same file under other names, maybe outside "
                f"your folder); submit a copy of {what}, not a link to it")
    return ""


def shown_name(path: str | Path, parts: int = 2) -> str:
    """The last ``parts`` components of ``path``, printable (for messages): the student's
    folder names are theirs, so they are shown through ``printable_id``."""
    return "/".join(printable_id(p) for p in Path(path).parts[-parts:])


def open_regular(path: str | Path, dir_fd: int | None = None) -> tuple[int, os.stat_result]:
    """An open read-only descriptor of ``path`` and its ``fstat``, if it is a regular file
    with one link; :class:`UnsafeFile` otherwise (other ``OSError`` as they come).

    The link is not followed (``O_NOFOLLOW``) and the checks are made on the open
    descriptor, which is what the caller then reads: nothing can be swapped in between.
    ``path`` is relative to ``dir_fd`` when that is given. The caller closes the descriptor.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:   # what O_NOFOLLOW answers for a symbolic link
            raise UnsafeFile(shown_name(path), unsafe_reason(os.lstat(path, dir_fd=dir_fd))
                             or "is a symbolic link; submit the notebook file itself") from None
        raise
    try:
        status = os.fstat(fd)
        reason = unsafe_reason(status)
        if reason:
            raise UnsafeFile(shown_name(path), reason)
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def read_descriptor(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``fd`` (from where it is to its end)."""
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def open_submitted(path: Path) -> tuple[int, os.stat_result]:
    """:func:`open_regular` for a submitted file, with its folder opened first without
    following a link (``O_DIRECTORY | O_NOFOLLOW``) and the file opened in that folder: an
    assignment folder swapped for a link to a classmate's is refused too
    (:class:`UnsafeFile`). The one way a submitted notebook is opened, for its key and for
    grading alike; the caller closes the descriptor."""
    path = Path(path)
    try:
        folder_fd = os.open(path.parent, _FOLDER_FLAGS)
    except OSError:
        if os.path.islink(path.parent):   # ELOOP (or ENOTDIR) from O_NOFOLLOW
            folder = shown_name(path.parent, parts=1)
            raise UnsafeFile(f"{folder}/", f"is a symbolic link, not a folder: submit your own {folder}/ "
                                           "folder, not a link to another") from None
        raise
    try:
        fd, status = open_regular(path.name, dir_fd=folder_fd)
    except UnsafeFile as error:
        raise UnsafeFile(shown_name(path), error.reason) from None   # named with its folder
    finally:
        os.close(folder_fd)
    return fd, status


def read_regular_file(path: Path, limit: int = DEFAULTS.notebook_bytes + 1) -> bytes:
    """The bytes of the submitted file ``path`` (at most ``limit``; by default one byte
    more than the default notebook cap, enough to tell a notebook over it), opened by
    :func:`open_submitted`: never through a link, never from anything but a regular file
    with one name."""
    fd, _ = open_submitted(path)
    try:
        return read_descriptor(fd, limit)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Submission:
    """One student's submission of one assignment.

    ``student_id`` is printable (see the module's docstring); ``path`` is the notebook on
    disk, under the folder's real name. When ``path`` is None, ``problem`` says why for the
    student: nothing was submitted (``refused`` false: rows ``missing``), or what was
    submitted is refused as it is, a link or not a regular file (``refused``: rows ``error``).
    Read ``path`` with :func:`read_regular_file`, never ``Path.read_bytes`` (which follows links).
    """
    student_id: str
    assignment: course.Assignment
    path: Path | None          # None when nothing usable was submitted
    problem: str = ""          # why ``path`` is None, for the student
    refused: bool = False      # something was submitted, but it is not what it claims

    @property
    def key(self) -> str:
        return f"{self.student_id}/{self.assignment.id}"


def submitted_root(path: Path) -> Path:
    """``SUBMITTED`` itself, or the ``submitted/`` folder of an nbgrader course root."""
    if (path / "nbgrader_config.py").exists() and (path / "submitted").is_dir():
        return path / "submitted"
    return path


def find(path: Path, students: list[str] | None = None,
         assignments: list[str] | None = None) -> list[Submission]:
    """Every (student, assignment) pair under ``path``, sorted by student id then module.

    ``students`` may name a student by their id or by their folder's name. A student folder
    that is a symbolic link to a folder is listed, with every assignment refused.
    """
    root = submitted_root(path)
    if not root.is_dir():
        raise FileNotFoundError(f"{path}: no such folder of submissions")
    chosen = [a for a in course.assignments() if not assignments or a.id in assignments]
    unknown = set(assignments or []) - {a.id for a in chosen}
    if unknown:
        known = ", ".join(a.id for a in course.assignments())
        raise ValueError(f"unknown assignment(s) {sorted(unknown)}; the course has: {known}")
    found = []
    for student_id, folder in _student_folders(root):
        if students and student_id not in students and folder.name not in students:
            continue
        if folder.is_symlink():
            problem = f"{student_id}/ is a symbolic link, not a folder: submit your own folder, not a link to another"
            found += [Submission(student_id, a, None, problem, refused=True) for a in chosen]
            continue
        for a in chosen:
            found.append(_one(student_id, a, folder / a.id))
    return found


def _student_folders(root: Path) -> list[tuple[str, Path]]:
    """(printable id, folder) of every student folder under ``root``, sorted by id: the
    folders, and the symbolic links to folders (which ``find`` refuses); hidden ones left out."""
    folders = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_dir():   # is_dir follows a link
                continue
            folders.append((printable_id(entry.name), root / entry.name))
    return sorted(folders)


def _one(student_id: str, assignment: course.Assignment, folder: Path) -> Submission:
    """What ``folder`` (a student's folder for ``assignment``) holds, looked at with
    ``lstat`` so that no link is followed."""
    try:
        return _looked_at(student_id, assignment, folder)
    except OSError as error:   # unreadable (permissions): this submission, not the class
        return Submission(student_id, assignment, None,
                          f"{assignment.id}/ cannot be read ({error.strerror}): ask the instructor to check "
                          "the folder's permissions", refused=True)


def _looked_at(student_id: str, assignment: course.Assignment, folder: Path) -> Submission:
    try:
        folder_status = os.lstat(folder)
    except FileNotFoundError:
        return Submission(student_id, assignment, None, f"no {assignment.id}/ folder was submitted")
    if stat.S_ISLNK(folder_status.st_mode):
        return Submission(student_id, assignment, None,
                          f"{assignment.id}/ is a symbolic link, not a folder: submit your own "
                          f"{assignment.id}/ folder, not a link to another", refused=True)
    if not stat.S_ISDIR(folder_status.st_mode):
        return Submission(student_id, assignment, None,
                          f"{assignment.id} is not a folder: submit the folder {assignment.id}/ "
                          f"with {assignment.notebook} in it")
    expected = folder / assignment.notebook
    try:
        reason = unsafe_reason(os.lstat(expected))
    except FileNotFoundError:
        return _no_notebook(student_id, assignment, folder)
    if reason:
        return Submission(student_id, assignment, None, f"{assignment.id}/{assignment.notebook} {reason}",
                          refused=True)
    return Submission(student_id, assignment, expected)


def _no_notebook(student_id: str, assignment: course.Assignment, folder: Path) -> Submission:
    others = sorted(printable_id(p.name) for p in folder.glob("*.ipynb"))
    if others:
        return Submission(student_id, assignment, None,
                          f"{assignment.id}/ holds {', '.join(others)} but not {assignment.notebook}: "
                          "submit the notebook under its original name")
    return Submission(student_id, assignment, None, f"{assignment.id}/ holds no {assignment.notebook}")


def submission_files(folder: str | os.PathLike[str] | None, max_bytes: int = DEFAULTS.folder_bytes,
                     max_files: int = DEFAULTS.folder_files) -> list[list[Any]]:
    """The files of a submission folder for the student's sandbox, which sees no folder of
    the host: ``[relative_path, numpy uint8 array]`` for each, in a stable order.

    Only regular files with one name are kept: symbolic links (to files or folders),
    hard-linked files (``st_nlink > 1``: another name of the same file may be the
    instructor's reference) and anything else (FIFOs, sockets, devices) are left out, as is
    a ``folder`` that is itself a link. Each file is opened without following a link and
    checked on its open descriptor, which is then read. A file that would bring the total
    over ``max_bytes`` is left out (the smaller ones after it still come), and at most
    ``max_files`` files come (the grading config's ``folder_bytes`` and ``folder_files``);
    names that are not valid UTF-8 are left out (they cannot cross the wire to the sandbox
    as text).
    """
    if not folder:
        return []
    top = os.fspath(folder)
    files: list[list[Any]] = []   # [relative path, numpy uint8 array]
    total = folders = 0
    # fwalk opens each folder without following a link (a ``top`` that is a link gives
    # nothing) and hands us its descriptor, so the files are opened relative to the folder
    # that was checked, not by a path that could be swapped
    for here, dirs, names, dir_fd in os.fwalk(top, follow_symlinks=False):
        dirs.sort()   # a stable order, whatever the filesystem's
        folders += 1
        if folders > max_files:   # a maze of empty folders is not a submission either
            return files
        for name in sorted(names):
            if len(files) >= max_files:
                return files
            relative = os.path.relpath(os.path.join(here, name), top)
            if not _is_utf8(relative):
                continue
            data = _read_if_safe(name, dir_fd, max_bytes - total)
            if data is not None:
                total += len(data)
                files.append([relative, np.frombuffer(data, np.uint8)])
    return files


def _read_if_safe(name: str, dir_fd: int, budget: int) -> bytes | None:
    """The bytes of ``name`` in ``dir_fd`` if it is a regular file with one name and at
    most ``budget`` bytes; None otherwise (and for a file that cannot be read)."""
    try:
        fd, status = open_regular(name, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        if status.st_size > budget:
            return None
        data = read_descriptor(fd, budget + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= budget else None   # it grew while read: left out


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
