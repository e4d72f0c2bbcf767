"""Writing the class report: ``OUT/report/index.html`` with its figures, ``summary.json``, and
(when the submissions were compared) ``similarity.html`` and ``similarity.csv``.

Everything a student controls that reaches a page (their id, their failure messages, their
code) goes through ``safe_text`` (no control, escape or bidi character) and is HTML-escaped;
links to feedback pages are built from ``feedback.path_of``'s file names, percent-encoded
for the URL, so no id can leave the attribute or the folder. Every file is written
atomically (``results.atomic_write``).
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autograder.classreport import figures
from autograder.classreport.similarity import Pair, Similarity, safe_code_line, shared_lines
from autograder.grading.feedback import path_of
from autograder.grading.model import shown_points
from autograder.grading.results import atomic_write
from autograder.safe_text import clean_message, csv_cell

SIMILARITY_HEADER = ["assignment_id", "student_a", "student_b", "score"]   # other tools read these names
SHOWN_STUDENTS = 40     # students listed by name in a cell; the rest are counted (summary.json has all)
SHOWN_CHECKS = 25
SHOWN_CODE_LINES = 80

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; border: 1px solid #eee; } nav a { margin-right: .8rem; }
.low { color: #b3261e; font-weight: 600; } .note { background: #fff4e5; padding: .5rem .8rem; border-radius: 4px; }
pre { background: #f8f8f8; padding: .5rem; overflow-x: auto; font-size: .8rem; margin: 0; }
mark { background: #ffe08a; } table.side { table-layout: fixed; width: 100%; } .side td { width: 50%; }
"""


def _t(text: object) -> str:
    """Text safe on a page: one clean line, HTML-escaped."""
    return escape(clean_message(str(text)))


def feedback_href(student_id: str, assignment_id: str) -> str:
    """The feedback page of a submission, relative to ``OUT/report/``, as a URL."""
    page = path_of(Path("."), student_id, assignment_id)   # feedback/<folder>/<assignment>.html
    return "../" + "/".join(quote(part, safe="") for part in page.parts)


def student_link(student_id: str, assignment_id: str, text: str | None = None) -> str:
    href = escape(feedback_href(student_id, assignment_id), quote=True)
    return f'<a href="{href}">{_t(student_id if text is None else text)}</a>'


def _students(ids: list[str], assignment_id: str) -> str:
    links = ", ".join(student_link(s, assignment_id) for s in ids[:SHOWN_STUDENTS])
    return links + (f" and {len(ids) - SHOWN_STUDENTS} more" if len(ids) > SHOWN_STUDENTS else "")


def _num(value: float | None, digits: int = 2, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.0f} %" if percent else f"{value:+.{digits}f}"


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                      for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _figure(name: str, written: set[str], alt: str) -> str:
    return f'<p><img src="{name}.png" alt="{escape(alt)}"></p>' if name in written else "<p>(nothing to draw)</p>"


# -- the sections ------------------------------------------------------------------------------

def _scores(summary: dict[str, Any], written: set[str]) -> str:
    rows = [[_t(name), str(e["submitted"]), shown_points(e["max_points"]), _num(e["mean_percent"], 1).lstrip("+"),
             _num(e["median_percent"], 1).lstrip("+")]
            for name, e in summary["scores"].items()]
    return ('<h2 id="scores">Scores</h2>' + _figure("scores", written, "score histograms")
            + _table(["assignment", "submitted", "max points", "mean %", "median %"], rows, {1, 2, 3, 4}))


def _completion(summary: dict[str, Any], written: set[str]) -> str:
    kinds = ["attempted_all", "stubs_left", "blank", "broken", "missing"]
    rows = [[_t(a)] + [str(summary["completion"][a][k]) for k in kinds] for a in summary["assignments"]]
    return ('<h2 id="completion">Completion</h2>' + _figure("completion", written, "completion per assignment")
            + _table(["assignment", "every function attempted", "some stubs left", "blank (all stubs)", "broken",
                      "missing"], rows, {1, 2, 3, 4, 5}))


def _items(summary: dict[str, Any], written: set[str]) -> str:
    functions = [[_t(f["assignment"]), f"<code>{_t(f['function'])}</code>", str(f["graded"]),
                  _cls(f["mean_share"]), _num(f["full_marks"], percent=True), _num(f["discrimination"]),
                  _num(f["upper_lower"])] for f in summary["functions"]]
    checks = [[_t(c["assignment"]), f"<code>{_t(c['check_id'])}</code>", _t(c["title"]), _cls(c["pass_rate"]),
               _num(c["mean_share"], percent=True), _num(c["pass_discrimination"]), _num(c["upper_lower"])]
              for c in summary["checks"]]
    check_header = ["assignment", "check", "what it checks", "passed", "mean share", "point-biserial", "upper-lower"]
    rest = (f"<details><summary>all {len(checks)} checks</summary>{_table(check_header, checks, {3, 4, 5, 6})}"
            "</details>") if len(checks) > SHOWN_CHECKS else ""
    return ('<h2 id="difficulty">Difficulty and discrimination</h2>'
            + _figure("difficulty", written, "difficulty per function")
            + _table(["assignment", "function", "graded", "mean share", "full marks", "point-biserial",
                      "upper-lower"], functions, {2, 3, 4, 5, 6})
            + "<h3>Checks, hardest first</h3>" + _figure("checks", written, "checks: pass rate and discrimination")
            + _table(check_header, checks[:SHOWN_CHECKS], {3, 4, 5, 6}) + rest)


def _cls(share: float | None) -> str:
    text = _num(share, percent=True)
    return f'<span class="low">{text}</span>' if share is not None and share < 0.5 else text


def _mistakes(summary: dict[str, Any], written: set[str]) -> str:
    named = [[_t(m["assignment"]), f"<code>{_t(m['function'])}</code>", _t(m["mistake"]), str(m["count"]),
              _students(m["students"], m["assignment"])] for m in summary["mistakes"]]
    other = [[_t(m["assignment"]), f"<code>{_t(m['check_id'])}</code>", _t(m["message"]), str(m["count"]),
              _students(m["students"], m["assignment"])] for m in summary["failure_messages"][:30]]
    return ('<h2 id="mistakes">Common mistakes</h2>' + _figure("mistakes", written, "most common named mistakes")
            + (_table(["assignment", "function", "named mistake", "students", "who"], named, {3}) if named
               else "<p>No catalogued mistake was named.</p>")
            + "<h3>Most common failures without a named mistake</h3>"
            + (_table(["assignment", "check", "message (an example; numbers vary)", "students", "who"], other, {3})
               if other else "<p>None.</p>"))


def _timing(summary: dict[str, Any], written: set[str]) -> str:
    timing = summary["timing"]
    slow = [[student_link(s["student"], s["assignment"]), _t(s["assignment"]), f"{s['seconds']:.1f}"]
            for s in timing["slowest"]]
    timeouts = [[_t(t["assignment"]), f"<code>{_t(t['check_id'])}</code>", str(t["count"]),
                 _students(t["students"], t["assignment"])] for t in timing["timeouts"]]
    broken = [[student_link(b["student"], b["assignment"]), _t(b["assignment"]), _t(b["reason"])]
              for b in timing["broken"]]
    median = timing["median_seconds"]
    return ('<h2 id="timing">Timing</h2>' + _figure("timing", written, "seconds per submission")
            + (f"<p>Median {median:.1f} s per submission.</p>" if median is not None else "")
            + "<h3>Slowest submissions</h3>"
            + (_table(["student", "assignment", "seconds"], slow, {2}) if slow else "<p>No times recorded.</p>")
            + "<h3>Time-outs</h3>"
            + (_table(["assignment", "check", "students", "who"], timeouts, {2}) if timeouts else "<p>None.</p>")
            + "<h3>Broken submissions</h3>"
            + (_table(["student", "assignment", "why"], broken) if broken else "<p>None.</p>"))


def _per_student(summary: dict[str, Any]) -> str:
    assignments = summary["assignments"]
    rows = []
    for s in summary["per_student"]:
        cells = [_t(s["student"])]
        for a in assignments:
            score = s["scores"].get(a)
            if score is None:
                cells.append("")
            elif score["state"] in ("missing", "broken"):
                cells.append(student_link(s["student"], a, score["state"]))
            else:
                cells.append(student_link(s["student"], a, f"{shown_points(score['points'])}/"
                                                            f"{shown_points(score['max_points'])}"))
        wrong = "; ".join(" ".join(filter(None, (figures.short(w["assignment"]), w["function"]))) + f": {w['what']}"
                          for w in s["wrong"])
        cells += [f"{shown_points(s['points'])}/{shown_points(s['max_points'])}", f"{s['percent']:.0f} %",
                  _t(clean_message(wrong, limit=300))]
        rows.append(cells)
    header = ["student"] + [_t(figures.short(a)) for a in assignments] + ["total", "%", "what they got wrong"]
    numeric = set(range(1, len(assignments) + 3))
    return '<h2 id="students">Students</h2>' + _table(header, rows, numeric)


def _similarity_section(summary: dict[str, Any]) -> str:
    found = summary.get("similarity")
    if not found or not found.get("computed"):
        why = found.get("why", "") if found else ""
        return f'<h2 id="similarity">Similarity</h2><p class="note">Not computed: {_t(why)}</p>'
    pairs = found["pairs"]
    return ('<h2 id="similarity">Similarity</h2>'
            f'<p>{len(pairs)} pair(s) flagged among {sum(found["compared"].values())} compared submissions: '
            '<a href="similarity.html">shared fragments side by side</a>, <a href="similarity.csv">similarity.csv</a>.'
            "</p>")


def index_page(summary: dict[str, Any], written: set[str]) -> str:
    nav = "".join(f'<a href="#{k}">{k}</a>' for k in
                  ("scores", "completion", "difficulty", "mistakes", "timing", "students", "similarity"))
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Class report</title><style>{_STYLE}</style></head><body>",
             f"<h1>Class report: {summary['students']} students, {summary['submissions']} submissions</h1>",
             f"<nav>{nav}</nav>", _scores(summary, written), _completion(summary, written),
             _items(summary, written), _mistakes(summary, written), _timing(summary, written),
             _similarity_section(summary), _per_student(summary), "</body></html>", ""]
    return "\n".join(parts)


# -- similarity --------------------------------------------------------------------------------

def _code(source: str, marked: set[int]) -> str:
    """A cell's code, the rows in ``marked`` highlighted, each line made safe."""
    lines = source.splitlines()[:SHOWN_CODE_LINES]
    shown = [f"<mark>{safe_code_line(line)}</mark>" if number in marked else safe_code_line(line)
             for number, line in enumerate(lines, start=1)]
    more = "\n…" if len(source.splitlines()) > SHOWN_CODE_LINES else ""
    return "<pre>" + "\n".join(shown) + more + "</pre>"


def _pair(pair: Pair) -> str:
    left, right = shared_lines(pair.a, pair.shared), shared_lines(pair.b, pair.shared)
    rows = []
    for cell in sorted(set(left) | set(right)):
        rows.append(f"<tr><th colspan=\"2\">{_t(cell)}</th></tr><tr>"
                    f"<td>{_code(pair.a.cells.get(cell, ''), left.get(cell, set()))}</td>"
                    f"<td>{_code(pair.b.cells.get(cell, ''), right.get(cell, set()))}</td></tr>")
    return (f"<h2>{_t(pair.assignment_id)}: {_t(pair.a.student_id)} and {_t(pair.b.student_id)}, "
            f"score {pair.score:.2f}</h2><p>{len(pair.shared)} shared fingerprints; feedback: "
            f"{student_link(pair.a.student_id, pair.assignment_id)}, "
            f"{student_link(pair.b.student_id, pair.assignment_id)}</p>"
            f"<table class=\"side\"><thead><tr><th>{_t(pair.a.student_id)}</th>"
            f"<th>{_t(pair.b.student_id)}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def similarity_page(found: Similarity) -> str:
    listed = _table(["assignment", "student a", "student b", "score"],
                    [[_t(p.assignment_id), _t(p.a.student_id), _t(p.b.student_id), f"{p.score:.2f}"]
                     for p in found.pairs], {3})
    notes = "".join(f"<li>{_t(n)}</li>" for n in found.notes)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Similar submissions</title><style>{_STYLE}</style></head><body>",
        "<h1>Similar submissions</h1>",
        "<p>Only code written in answer cells is compared, without the release's code, the reference's, the "
        "catalogued mistakes' and code many students share; names, comments and the order of lines do not "
        "matter. A flag is a reason to look, not a finding: read the fragments.</p>",
        listed if found.pairs else "<p>No pair is above the threshold.</p>",
        *[_pair(p) for p in found.pairs],
        f"<h2>Not compared</h2><ul>{notes}</ul>" if notes else "", '<p><a href="index.html">back</a></p>',
        "</body></html>", ""])


def similarity_csv(found: Similarity) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SIMILARITY_HEADER)
    for p in found.pairs:
        writer.writerow([csv_cell(p.assignment_id), csv_cell(p.a.student_id), csv_cell(p.b.student_id),
                         f"{p.score:.4f}"])
    return buffer.getvalue().encode("utf-8")


def similarity_summary(found: Similarity | None, why: str) -> dict[str, Any]:
    if found is None:
        return {"computed": False, "why": why}
    return {"computed": True, "compared": found.compared, "notes": found.notes,
            "pairs": [{"assignment": p.assignment_id, "student_a": p.a.student_id, "student_b": p.b.student_id,
                       "score": p.score, "shared": len(p.shared)} for p in found.pairs]}


# -- writing -----------------------------------------------------------------------------------

def write(out: Path, summary: dict[str, Any], found: Similarity | None) -> Path:
    """Every file of ``OUT/report/``; the index's path."""
    folder = out / "report"
    written = set()
    for name, draw in figures.ALL.items():
        figure = draw(summary)
        if figure is not None:
            atomic_write(folder / f"{name}.png", figures.png(figure))
            written.add(name)
        else:   # a figure from an earlier report must not stay
            (folder / f"{name}.png").unlink(missing_ok=True)
    if found is not None:
        atomic_write(folder / "similarity.html", similarity_page(found).encode("utf-8"))
        atomic_write(folder / "similarity.csv", similarity_csv(found))
    else:   # an earlier run's pairs must not pass for this run's
        for name in ("similarity.html", "similarity.csv"):
            (folder / name).unlink(missing_ok=True)
    data = json.dumps(summary, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
    atomic_write(folder / "summary.json", data)
    atomic_write(folder / "index.html", index_page(summary, written).encode("utf-8"))
    return folder / "index.html"
