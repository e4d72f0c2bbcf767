"""Feedback pages: ``OUT/feedback/<student_id>/<assignment_id>.html``, and the same page in
nbgrader's layout, ``<feedback>/<student_id>/<assignment_id>/<notebook>.html`` with the
submission's ``timestamp.txt`` and ``submission_secret.txt`` beside it, which is what
``nbgrader release_feedback`` releases (:func:`write_nbgrader`).

One page per student and assignment: the score, then every check with its points and
message. Hidden checks say what was tested (their title) and what went wrong; they never
show expected values, because the messages are written not to contain any.

Everything a student controls on the page (their id, their exceptions' text) is HTML-escaped
and goes through ``safe_text`` first: no control character, escape sequence or bidi override
reaches the page (a terminal ``cat``-ing it, or the browser's reading order). The page's
folder is ``results.student_folder``'s, one-to-one with the student id.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from autograder.grading.model import NOTEBOOK_CHECK, Row, Status, SubmissionResult, shown_points
from autograder.grading.results import atomic_write, student_folder
from autograder.grading.submissions import open_regular, read_descriptor
from autograder.safe_text import clean_message, ensure_printable, file_name

# A result's cell has its status as CSS class (the Status values: passed, failed, ...)
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.4rem; } .score { font-size: 2rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; } td.pts { white-space: nowrap; text-align: right; }
.passed { color: #137333; } .failed, .error, .timeout, .missing { color: #b3261e; }
.note { background: #fff4e5; padding: .6rem .8rem; border-radius: 4px; }
tr.function td { background: #fafafa; font-weight: 600; border-top: 2px solid #ccc; }
"""

# How each status shows on the page: a sign, then the status's own text ("✓ passed")
_MARK = {status: f"{sign} {status.value}" for status, sign in (
    (Status.PASSED, "✓"), (Status.FAILED, "✗"), (Status.ERROR, "✗"), (Status.TIMEOUT, "⏱"),
    (Status.MISSING, "✗"))}


def _text(text: str) -> str:
    """A student's text, safe on the page: cleaned (one line, no control character), then
    HTML-escaped."""
    return escape(clean_message(text))


def page(result: SubmissionResult, detail: str = "mistakes", notes: tuple[str, ...] = ()) -> str:
    """The HTML feedback page of one graded submission: the score, then per graded function its
    points, the mistake its checks name (if any), and each check with what was right.

    ``detail`` (a course's ``c.Autograder.feedback``) is how much of it: ``score`` (the total
    only), ``checks`` (each check's result and points, no message and no mistake named) or
    ``mistakes`` (everything). ``notes`` are our own lines for the top (a late penalty, which
    submission counts), shown as they are after escaping."""
    title = f"{ensure_printable(result.assignment_id)}: feedback for {ensure_printable(result.student_id)}"
    lines = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_text(title)}</h1>",
        f"<p class=\"score\">{shown_points(result.score)} / {shown_points(result.max_score)} points</p>",
    ]
    lines += [f"<p class=\"note\">{_text(note)}</p>" for note in notes]
    if result.broken:
        lines.append(f"<p class=\"note\">Your notebook could not be graded: {_text(result.broken)}</p>")
    notebook_rows = [r for r in result.rows if r.check_id == NOTEBOOK_CHECK]
    if notebook_rows and notebook_rows[0].status != Status.PASSED and not result.broken:
        lines.append(f"<p class=\"note\">{_text(notebook_rows[0].message)}</p>")
    if detail == "score":
        return "\n".join(lines + ["</body></html>", ""])
    lines.append("<table><thead><tr><th>function</th><th>what was checked</th><th>result</th>"
                 "<th>points</th><th>details</th></tr></thead><tbody>")
    for function, rows in _by_function(result.rows):
        earned, best = sum(r.points for r in rows), sum(r.max_points for r in rows)
        mistakes = list(dict.fromkeys(r.mistake for r in rows if r.mistake and r.status != Status.PASSED))
        named = f"Likely mistake: {mistakes[0]}" if mistakes and detail == "mistakes" else ""
        lines.append(f"<tr class=\"function\"><td><code>{_text(function)}</code></td>"
                     f"<td colspan=\"2\">{_text(named)}</td>"
                     f"<td class=\"pts\">{shown_points(earned)} / {shown_points(best)}</td><td></td></tr>")
        for row in rows:
            what = "" if row.status == Status.PASSED or detail != "mistakes" else _without(row.message, row.mistake)
            lines.append(
                f"<tr><td></td><td>{_text(row.title or row.check_id)}</td>"
                f"<td class=\"{_text(row.status)}\">{_text(_mark(row))}</td>"
                f"<td class=\"pts\">{shown_points(row.points)} / {shown_points(row.max_points)}</td>"
                f"<td>{_text(what)}</td></tr>")
    lines += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(lines)


def _by_function(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """The check rows grouped by graded function, in the order of their first check."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.check_id != NOTEBOOK_CHECK:
            groups.setdefault(row.function, []).append(row)
    return list(groups.items())


def _mark(row: Row) -> str:
    if row.status == Status.FAILED and row.points > 0:
        return "◐ partly right"
    return _MARK.get(row.status, row.status)


def _without(message: str, mistake: str) -> str:
    """A check's message without the mistake its function's row already names."""
    prefix = f"Likely mistake: {mistake} ("
    if mistake and message.startswith(prefix) and message.endswith(")"):
        return message[len(prefix):-1]
    return message


def path_of(out: Path, student_id: str, assignment_id: str) -> Path:
    """``OUT/feedback/<student's folder>/<assignment_id>.html``."""
    return student_folder(out, "feedback", student_id) / f"{file_name(assignment_id)}.html"


def write(out: Path, result: SubmissionResult) -> Path:
    """Write the feedback page of ``result`` atomically; its path."""
    path = path_of(out, result.student_id, result.assignment_id)
    atomic_write(path, page(result).encode("utf-8"))
    return path


# What nbgrader's release_feedback reads beside the page; written by `nbgrader submit`, so the
# student's: only a timestamp nbgrader can parse and a hex secret of a sane length pass.
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")
_SECRET_CHARS = frozenset("0123456789abcdef")


def nbgrader_stamps(folder: Path) -> dict[str, str] | None:
    """``timestamp.txt`` and ``submission_secret.txt`` of a collected (or inbound) submission
    folder, read capped and checked (a parsable timestamp, a hex secret of 32 to 256
    characters); None when either is missing or is not what ``nbgrader submit`` writes."""
    from nbgrader.utils import parse_utc

    found = {}
    for name in NBGRADER_FILES:
        try:   # never through a link, never blocking on a FIFO (the student made these files)
            fd, _ = open_regular(folder / name)
            try:
                text = read_descriptor(fd, 300).decode("ascii").strip()
            finally:
                os.close(fd)
        except (OSError, UnicodeDecodeError):
            return None
        found[name] = text
    secret = found["submission_secret.txt"]
    if not 32 <= len(secret) <= 256 or not set(secret) <= _SECRET_CHARS:
        return None
    try:
        parse_utc(found["timestamp.txt"])
    except (ValueError, OverflowError):
        return None
    return found


# The mode of a page nbgrader's own generate_feedback leaves: any account may read it, since
# release_feedback copies it with its mode into the exchange, where the student's
# fetch_feedback (another Unix user on a hub) reads it. The stamps beside it (the submission's
# secret among them) stay the grader's own: only release_feedback, as the grader, reads them.
RELEASED_MODE = 0o644


def nbgrader_folder(feedback_root: Path, student_id: str, assignment_id: str) -> Path:
    """``<feedback_root>/<student's folder>/<assignment_id>``: nbgrader's feedback folder of one
    submission (``feedback_root`` is the course's ``feedback/``, or ``OUT/feedback``)."""
    return feedback_root / file_name(student_id) / file_name(assignment_id)


def write_nbgrader(feedback_root: Path, result: SubmissionResult, notebook: str, stamps: dict[str, str] | None,
                   detail: str = "mistakes", notes: tuple[str, ...] = ()) -> Path:
    """The page of ``result`` as nbgrader's ``<notebook stem>.html`` in its feedback folder, with
    the submission's ``stamps`` (:func:`nbgrader_stamps`) beside it when it has them (without
    them ``nbgrader release_feedback`` cannot release the page, but an instructor can read it).
    Each file atomically; the page last, so a folder with a page has the stamps of that page."""
    folder = nbgrader_folder(feedback_root, result.student_id, result.assignment_id)
    for name, text in (stamps or {}).items():
        atomic_write(folder / name, text.encode("ascii"))
    path = folder / f"{file_name(Path(notebook).stem)}.html"
    atomic_write(path, page(result, detail, notes).encode("utf-8"), RELEASED_MODE)
    return path


def notice_page(student_id: str, assignment_id: str, message: str) -> str:
    """A page that is not a grade: why this submission is not graded yet (a policy made it
    wait), for the student's ``fetch_feedback``."""
    title = f"{ensure_printable(assignment_id)}: feedback for {ensure_printable(student_id)}"
    return "\n".join([
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_text(title)}</h1>", f"<p class=\"note\">{_text(message)}</p>", "</body></html>", ""])


def write_nbgrader_notice(feedback_root: Path, student_id: str, assignment_id: str, notebook: str,
                          stamps: dict[str, str], message: str) -> Path:
    """:func:`notice_page` in nbgrader's layout with the submission's ``stamps``, as
    :func:`write_nbgrader` writes a graded page (which later replaces it)."""
    folder = nbgrader_folder(feedback_root, student_id, assignment_id)
    for name, text in stamps.items():
        atomic_write(folder / name, text.encode("ascii"))
    path = folder / f"{file_name(Path(notebook).stem)}.html"
    atomic_write(path, notice_page(student_id, assignment_id, message).encode("utf-8"), RELEASED_MODE)
    return path
