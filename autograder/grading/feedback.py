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

from autograder.grading.model import NOTEBOOK_CHECK, Status, SubmissionResult
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
    """The HTML feedback page of one graded submission."""
    title = f"{ensure_printable(result.assignment_id)}: feedback for {ensure_printable(result.student_id)}"
    lines = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{_text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_text(title)}</h1>",
        f"<p class=\"score\">{result.score:g} / {result.max_score:g} points</p>",
    ]
    if result.broken:
        lines.append(f"<p class=\"note\">Your notebook could not be graded: {_text(result.broken)}</p>")
    notebook_rows = [r for r in result.rows if r.check_id == NOTEBOOK_CHECK]
    if notebook_rows and notebook_rows[0].status != Status.PASSED and not result.broken:
        lines.append(f"<p class=\"note\">{_text(notebook_rows[0].message)}</p>")
    lines.append("<table><thead><tr><th>function</th><th>what was checked</th><th>result</th>"
                 "<th>points</th><th>details</th></tr></thead><tbody>")
    for row in result.rows:
        if row.check_id == NOTEBOOK_CHECK:
            continue
        detail = "" if row.status == Status.PASSED else row.message
        lines.append(
            f"<tr><td><code>{_text(row.function)}</code></td><td>{_text(row.title or row.check_id)}</td>"
            f"<td class=\"{_text(row.status)}\">{_text(_MARK.get(row.status, row.status))}</td>"
            f"<td class=\"pts\">{row.points:g} / {row.max_points:g}</td><td>{_text(detail)}</td></tr>")
    lines += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(lines)


def path_of(out: Path, student_id: str, assignment_id: str) -> Path:
    """``OUT/feedback/<student's folder>/<assignment_id>.html``."""
    return student_folder(out, "feedback", student_id) / f"{file_name(assignment_id)}.html"


def write(out: Path, result: SubmissionResult) -> Path:
    """Write the feedback page of ``result`` atomically; its path."""
    path = path_of(out, result.student_id, result.assignment_id)
    atomic_write(path, page(result).encode("utf-8"))
    return path
