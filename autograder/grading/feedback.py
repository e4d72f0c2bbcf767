"""Feedback pages: ``OUT/feedback/<student_id>/<assignment_id>.html``.

One page per student and assignment: the score, then every check with its points and
message. Hidden checks say what was tested (their title) and what went wrong; they never
show expected values, because the messages are written not to contain any.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from autograder.grading.grade import NOTEBOOK_CHECK, SubmissionResult
from autograder.grading.results import _safe_part, atomic_write

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.4rem; } .score { font-size: 2rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; } td.pts { white-space: nowrap; text-align: right; }
.passed { color: #137333; } .failed, .error, .timeout, .missing { color: #b3261e; }
.note { background: #fff4e5; padding: .6rem .8rem; border-radius: 4px; }
"""

_MARK = {"passed": "✓ passed", "failed": "✗ failed", "error": "✗ error", "timeout": "⏱ timeout",
         "missing": "✗ missing"}


def page(result: SubmissionResult) -> str:
    """The HTML feedback page of one graded submission."""
    title = f"{result.assignment_id}: feedback for {result.student_id}"
    lines = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class=\"score\">{result.score:g} / {result.max_score:g} points</p>",
    ]
    if result.broken:
        lines.append(f"<p class=\"note\">Your notebook could not be graded: {escape(result.broken)}</p>")
    notebook_rows = [r for r in result.rows if r.check_id == NOTEBOOK_CHECK]
    if notebook_rows and notebook_rows[0].status != "passed" and not result.broken:
        lines.append(f"<p class=\"note\">{escape(notebook_rows[0].message)}</p>")
    lines.append("<table><thead><tr><th>function</th><th>what was checked</th><th>result</th>"
                 "<th>points</th><th>details</th></tr></thead><tbody>")
    for row in result.rows:
        if row.check_id == NOTEBOOK_CHECK:
            continue
        detail = "" if row.status == "passed" else row.message
        lines.append(
            f"<tr><td><code>{escape(row.function)}</code></td><td>{escape(row.title or row.check_id)}</td>"
            f"<td class=\"{escape(row.status)}\">{escape(_MARK.get(row.status, row.status))}</td>"
            f"<td class=\"pts\">{row.points:g} / {row.max_points:g}</td><td>{escape(detail)}</td></tr>")
    lines += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(lines)


def write(out: Path, result: SubmissionResult) -> Path:
    path = out / "feedback" / _safe_part(result.student_id) / f"{result.assignment_id}.html"
    atomic_write(path, page(result).encode("utf-8"))
    return path
