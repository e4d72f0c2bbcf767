"""The exchange's inbound folder: ``<student>+<assignment>+<timestamp>[+<random>]`` per submission.

Everything here is the students' (the folder is writable by every student): names are parsed
as nbgrader's collect parses them (split on the last ``+`` signs), an entry is taken only once
``nbgrader submit`` has finished writing it (its ``timestamp.txt`` and ``submission_secret.txt``
are there and well formed: submit writes them after the notebooks), and a name serve cannot
hand to nbgrader safely (a glob character, a separator, an unknown assignment) is refused
with the reason, never guessed at.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.grading import feedback
from autograder.safe_text import printable_id

MAX_ENTRIES = 100_000          # names looked at per scan: a flooded inbound is not a class
INCOMPLETE_SECONDS = 600.0     # an entry still without its stamps after this is refused
_UNSAFE = set("*?[]/\\") | {"\0"}


@dataclass(frozen=True)
class Entry:
    name: str            # the folder's name in inbound
    student_id: str
    assignment_id: str
    timestamp: str       # as in the name


def parse(name: str) -> Entry | None:
    """The entry of an inbound folder name, split as nbgrader's collect splits it; None when
    the name has fewer than three parts."""
    parts = name.rsplit("+", 3)
    if len(parts) < 3:
        return None
    return Entry(name, parts[0], parts[1], parts[2])


def refusal(entry: Entry, assignments: set[str]) -> str:
    """Why ``entry`` cannot be served ("" when it can)."""
    sid = entry.student_id
    if not sid or sid != printable_id(sid) or set(sid) & _UNSAFE or sid.startswith(".") or len(sid) > 128:
        return (f"student id {printable_id(sid)!r} is not a plain name (no glob characters, separators, control "
                "characters or leading dot; at most 128 characters); submit under your user name")
    if entry.assignment_id not in assignments:
        return f"no assignment {printable_id(entry.assignment_id)!r} in this course; submit one of the released ones"
    return ""


def scan(inbound: Path) -> list[str]:
    """The folder names in ``inbound`` (at most MAX_ENTRIES, hidden ones left out), sorted."""
    names: list[str] = []
    with os.scandir(inbound) as entries:
        for item in entries:
            if len(names) >= MAX_ENTRIES:
                break
            if not item.name.startswith(".") and item.is_dir(follow_symlinks=False):
                names.append(item.name)
    return sorted(names)


def stamps(inbound: Path, name: str) -> dict[str, str] | None:
    """The entry's nbgrader stamps once ``nbgrader submit`` has finished writing it; None before."""
    return feedback.nbgrader_stamps(inbound / name)


def abandoned(inbound: Path, name: str, now: float | None = None) -> bool:
    """An entry that has had no stamps for INCOMPLETE_SECONDS (a submit that died half-way)."""
    try:
        modified = os.lstat(inbound / name).st_mtime
    except OSError:
        return True
    return (now or time.time()) - modified > INCOMPLETE_SECONDS
