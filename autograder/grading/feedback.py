"""Feedback pages: ``OUT/feedback/<student_id>/<assignment_id>.html``.

One page per student and assignment: the score, then every check with its points and
message. Hidden checks say what was tested (their title) and what went wrong; they never
show expected values, because the messages are written not to contain any.

Everything a student controls on the page (their id, their exceptions' text) is HTML-escaped
and goes through ``safe_text`` first: no control character, escape sequence or bidi override
reaches the page (a terminal ``cat``-ing it, or the browser's reading order). The page's
folder is ``results.student_folder``'s, one-to-one with the student id.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from autograder.grading.model import NOTEBOOK_CHECK, Row, Status, SubmissionResult, shown_points
from autograder.grading.results import atomic_write, student_folder
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


def page(result: SubmissionResult) -> str:
    """The HTML feedback page of one graded submission: the score, then per graded function its
    points, the mistake its checks name (if any), and each check with what was right."""
    title = f"{ensure_printable(result.assignment_id)}: feedback for {ensure_printable(result.student_id)}"
    lines = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_text(title)}</h1>",
        f"<p class=\"score\">{shown_points(result.score)} / {shown_points(result.max_score)} points</p>",
    ]
    if result.broken:
        lines.append(f"<p class=\"note\">Your notebook could not be graded: {_text(result.broken)}</p>")
    notebook_rows = [r for r in result.rows if r.check_id == NOTEBOOK_CHECK]
    if notebook_rows and notebook_rows[0].status != Status.PASSED and not result.broken:
        lines.append(f"<p class=\"note\">{_text(notebook_rows[0].message)}</p>")
    lines.append("<table><thead><tr><th>function</th><th>what was checked</th><th>result</th>"
                 "<th>points</th><th>details</th></tr></thead><tbody>")
    for function, rows in _by_function(result.rows):
        earned, best = sum(r.points for r in rows), sum(r.max_points for r in rows)
        mistakes = list(dict.fromkeys(r.mistake for r in rows if r.mistake and r.status != Status.PASSED))
        named = f"Likely mistake: {mistakes[0]}" if mistakes else ""
        lines.append(f"<tr class=\"function\"><td><code>{_text(function)}</code></td>"
                     f"<td colspan=\"2\">{_text(named)}</td>"
                     f"<td class=\"pts\">{shown_points(earned)} / {shown_points(best)}</td><td></td></tr>")
        for row in rows:
            detail = "" if row.status == Status.PASSED else _without(row.message, row.mistake)
            lines.append(
                f"<tr><td></td><td>{_text(row.title or row.check_id)}</td>"
                f"<td class=\"{_text(row.status)}\">{_text(_mark(row))}</td>"
                f"<td class=\"pts\">{shown_points(row.points)} / {shown_points(row.max_points)}</td>"
                f"<td>{_text(detail)}</td></tr>")
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
