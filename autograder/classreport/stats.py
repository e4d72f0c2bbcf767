"""The numbers of the class report, computed once from the graded class: the figures, the
HTML and ``summary.json`` all show these (so a test can check any of them against
``grades.csv``). Texts enter the summary through ``safe_text.clean_message`` (the rows are
read without it, see ``data._row``).

Definitions (docs/class-report.md says how to read them):

- a submission is *missing* when nothing was submitted, *broken* when it could not be
  graded; the others are *graded*, and the item statistics are over the graded ones;
- a function is a *stub* when every check of it says it is not written yet (it still raises
  the release's ``NotImplementedError``);
- *difficulty* of an item (a check, or a function with all its checks) is the mean share of
  its points the graded students earned (and, for a check, the fraction who passed it): low
  is hard; *discrimination* is the corrected point-biserial correlation, between the item's
  score and the rest of the assignment's score (the item left out, so it does not correlate
  with itself), and the upper-lower index: the item's mean share among the top 27 % of the
  assignment's scores minus that among the bottom 27 %.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

import numpy as np

from autograder.classreport.data import GradedClass
from autograder.grading.model import NOTEBOOK_CHECK, Row, Status, SubmissionResult
from autograder.safe_text import clean_message

BINS = 10                 # score histograms: 10 bins of 10 % of the maximum
GROUP_SHARE = 0.27        # the upper and lower groups of the upper-lower index (Kelley's 27 %)
SLOWEST = 10


def histogram(percents: list[float], bins: int = BINS) -> dict[str, list[float] | list[int]]:
    """Counts of ``percents`` (0..100) in ``bins`` equal bins; the last one holds 100."""
    counts = [0] * bins
    for value in percents:
        counts[min(max(int(value * bins // 100), 0), bins - 1)] += 1
    return {"edges": [100 * i / bins for i in range(bins + 1)], "counts": counts}


def _percent(points: float, best: float) -> float:
    return 100.0 * points / best if best > 0 else 0.0


def is_stub(function: str, rows: list[Row]) -> bool:
    """Every check of ``function`` says it still raises the release's NotImplementedError."""
    prefix = f"{function} is not written yet"
    return bool(rows) and all(r.status == Status.ERROR and r.message.startswith(prefix) for r in rows)


def by_function(rows: list[Row]) -> dict[str, list[Row]]:
    """The check rows grouped by graded function, in check order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.check_id != NOTEBOOK_CHECK:
            groups.setdefault(row.function, []).append(row)
    return groups


def state(result: SubmissionResult) -> str:
    """``missing``, ``broken``, ``blank`` (every function a stub), ``stubs_left`` or ``attempted_all``."""
    if result.nothing_submitted:
        return "missing"
    if result.broken:
        return "broken"
    stubs = [is_stub(f, rows) for f, rows in by_function(result.rows).items()]
    if stubs and all(stubs):
        return "blank"
    return "stubs_left" if any(stubs) else "attempted_all"


COMPLETION = ("attempted_all", "stubs_left", "blank", "broken", "missing")


def correlation(x: list[float], y: list[float]) -> float | None:
    """Pearson's r of two equal-length lists; None when either does not vary."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)   # shapes (n,)
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return round(float(np.corrcoef(a, b)[0, 1]), 4)


def upper_lower(item: list[float], total: list[float]) -> float | None:
    """Mean of ``item`` in the top 27 % of ``total`` minus the mean in the bottom 27 %."""
    if len(item) < 4:
        return None
    order = sorted(range(len(total)), key=lambda i: total[i])   # stable: ties keep the students' order
    size = max(1, round(GROUP_SHARE * len(order)))
    low, high = order[:size], order[-size:]
    return round(sum(item[i] for i in high) / size - sum(item[i] for i in low) / size, 4)


def _item(values: list[float], totals: list[float], best: float) -> dict[str, Any]:
    """Difficulty and discrimination of an item worth ``best`` with these points per student."""
    shares = [v / best if best > 0 else 0.0 for v in values]
    rest = [t - v for t, v in zip(totals, values, strict=True)]
    return {"graded": len(values), "max_points": round(best, 6),
            "mean_share": round(sum(shares) / len(shares), 4) if shares else None,
            "discrimination": correlation(shares, rest), "upper_lower": upper_lower(shares, totals)}


def items(graded: list[SubmissionResult], assignment_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(functions, checks) of one assignment with their difficulty and discrimination."""
    totals = [r.score for r in graded]
    functions: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    if not graded:
        return functions, checks
    layout = by_function(graded[0].rows)
    grouped = [by_function(r.rows) for r in graded]   # once per submission, not once per function
    for function, rows in layout.items():
        ids = {r.check_id for r in rows}
        per = [[row for row in groups.get(function, []) if row.check_id in ids] for groups in grouped]
        values = [sum(row.points for row in these) for these in per]
        entry = _item(values, totals, sum(row.max_points for row in rows))
        entry.update(assignment=assignment_id, function=function,
                     full_marks=round(sum(v >= entry["max_points"] - 1e-9 for v in values) / len(values), 4))
        functions.append(entry)
        for check in rows:
            found = [next((row for row in these if row.check_id == check.check_id), None) for these in per]
            # (a check missing from a submission, graded by an older grader, counts as not passed)
            points = [row.points if row else 0.0 for row in found]
            entry = _item(points, totals, check.max_points)
            passed = [1.0 if row is not None and row.status == Status.PASSED else 0.0 for row in found]
            entry.update(assignment=assignment_id, function=function, check_id=check.check_id,
                         title=clean_message(check.title or check.check_id),
                         pass_rate=round(sum(passed) / len(passed), 4),
                         pass_discrimination=correlation(passed, [t - p for t, p in zip(totals, points, strict=True)]))
            checks.append(entry)
    return functions, checks


def _hardest_first(entries: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (e[key] if e[key] is not None else 2.0))   # stable within ties


_NUMBER = re.compile(r"[-+]?\d[\d.eE+-]*")


def _message_key(message: str) -> str:
    """A failure message with its numbers blanked, so one failure with other values groups."""
    return _NUMBER.sub("#", message)


def mistakes(results: list[SubmissionResult]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(named mistakes, other failure messages), most students first, with who made them."""
    named: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    other: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    example: dict[tuple[str, str, str], tuple[str, str]] = {}
    for result in results:
        if result.broken:
            continue
        for function, rows in by_function(result.rows).items():
            if is_stub(function, rows):
                continue
            for row in rows:
                if row.status == Status.PASSED:
                    continue
                if row.mistake:
                    named[(result.assignment_id, function, row.mistake)].add(result.student_id)
                else:
                    key = (result.assignment_id, row.check_id, _message_key(row.message))
                    other[key].add(result.student_id)
                    example.setdefault(key, (function, row.message))
    found = [{"assignment": a, "function": f, "mistake": clean_message(m), "count": len(s), "students": sorted(s)}
             for (a, f, m), s in named.items()]
    messages = [{"assignment": a, "check_id": c, "function": example[(a, c, k)][0],
                 "message": clean_message(example[(a, c, k)][1]), "count": len(s), "students": sorted(s)}
                for (a, c, k), s in other.items()]
    order = lambda e: (-e["count"], e["assignment"], e.get("function", ""), e.get("mistake", e.get("message")))  # noqa: E731
    return sorted(found, key=order), sorted(messages, key=order)


def timing(results: list[SubmissionResult]) -> dict[str, Any]:
    """The slowest submissions, the seconds' histogram, the time-outs and the broken ones."""
    timed = [r for r in results if r.seconds > 0]
    slowest = sorted(timed, key=lambda r: (-r.seconds, r.student_id, r.assignment_id))[:SLOWEST]
    timeouts: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for result in results:
        for row in result.rows:
            if row.status == Status.TIMEOUT:
                timeouts[(result.assignment_id, row.function, row.check_id)].add(result.student_id)
    top = max([r.seconds for r in timed], default=0.0)
    edges = [round(top * i / BINS, 3) for i in range(BINS + 1)]
    counts = [0] * BINS
    for r in timed:
        counts[min(int(r.seconds / top * BINS), BINS - 1) if top > 0 else 0] += 1
    return {
        "slowest": [{"student": r.student_id, "assignment": r.assignment_id, "seconds": round(r.seconds, 3)}
                    for r in slowest],
        "median_seconds": round(statistics.median([r.seconds for r in timed]), 3) if timed else None,
        "histogram": {"edges": edges, "counts": counts},
        "timeouts": sorted(({"assignment": a, "function": f, "check_id": c, "count": len(s), "students": sorted(s)}
                            for (a, f, c), s in timeouts.items()), key=lambda e: (-e["count"], e["check_id"])),
        "broken": [{"student": r.student_id, "assignment": r.assignment_id, "reason": clean_message(r.broken)}
                   for r in results if r.broken and not r.nothing_submitted],
    }


def _wrong(result: SubmissionResult) -> list[dict[str, Any]]:
    """What a submission lost points on: once for one that was not graded (missing, broken),
    else per function the named mistake or the first failure message, and the stubs together."""
    if result.broken:
        what = "not submitted" if result.nothing_submitted else f"broken: {clean_message(result.broken)}"
        return [{"function": "", "lost": result.max_score, "what": what}]
    wrong, stubs, lost_to_stubs = [], [], 0.0
    for function, rows in by_function(result.rows).items():
        lost = sum(r.max_points - r.points for r in rows)
        if lost <= 1e-9:
            continue
        if is_stub(function, rows):
            stubs.append(function)
            lost_to_stubs += lost
            continue
        failing = [r for r in rows if r.status != Status.PASSED]
        what = next((r.mistake for r in failing if r.mistake), failing[0].message if failing else "")
        wrong.append({"function": function, "lost": round(lost, 6), "what": clean_message(what)})
    if stubs:
        wrong.append({"function": ", ".join(stubs), "lost": round(lost_to_stubs, 6), "what": "not written"})
    return wrong


def per_student(graded: GradedClass) -> list[dict[str, Any]]:
    cell = {(r.student_id, r.assignment_id): r for r in graded.results}
    table = []
    for student in graded.students:
        scores, wrong, got, best = {}, [], 0.0, 0.0
        for assignment in graded.assignments:
            result = cell.get((student, assignment))
            if result is None:
                continue
            scores[assignment] = {"points": result.score, "max_points": result.max_score, "state": state(result)}
            got, best = got + result.score, best + result.max_score
            wrong += [dict(w, assignment=assignment) for w in _wrong(result)]
        table.append({"student": student, "scores": scores, "points": round(got, 6), "max_points": round(best, 6),
                      "percent": round(_percent(got, best), 2), "wrong": wrong})
    return table


def summarize(graded: GradedClass) -> dict[str, Any]:
    """Every number of the report, JSON-ready."""
    scores: dict[str, Any] = {}
    completion: dict[str, dict[str, int]] = {}
    functions: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    for assignment in graded.assignments:
        results = graded.of(assignment)
        states = [state(r) for r in results]
        completion[assignment] = {name: states.count(name) for name in COMPLETION}
        gradable = [r for r, s in zip(results, states, strict=True) if s not in ("missing", "broken")]
        submitted = [r for r, s in zip(results, states, strict=True) if s != "missing"]
        percents = [_percent(r.score, r.max_score) for r in submitted]
        scores[assignment] = {
            "max_points": max((r.max_score for r in results), default=0.0), "submitted": len(submitted),
            "mean_percent": round(statistics.fmean(percents), 2) if percents else None,
            "median_percent": round(statistics.median(percents), 2) if percents else None,
            "histogram": histogram(percents)}
        f, c = items(gradable, assignment)
        functions += f
        checks += c
    students = per_student(graded)
    overall = [_percent(s["points"], s["max_points"]) for s in students]
    scores["overall"] = {"max_points": round(sum(scores[a]["max_points"] for a in graded.assignments), 6),
                         "submitted": len(students),
                         "mean_percent": round(statistics.fmean(overall), 2) if overall else None,
                         "median_percent": round(statistics.median(overall), 2) if overall else None,
                         "histogram": histogram(overall)}
    named, messages = mistakes(graded.results)
    return {"students": len(graded.students), "submissions": len(graded.results),
            "assignments": graded.assignments, "scores": scores, "completion": completion,
            "functions": _hardest_first(functions, "mean_share"), "checks": _hardest_first(checks, "pass_rate"),
            "mistakes": named, "failure_messages": messages, "timing": timing(graded.results),
            "per_student": students}
