"""What ``grade`` prints: a table of scores and a one-line summary.

What a student controls (their id, the reason their submission is broken) reaches the
instructor's terminal only through ``safe_text``: printable ids, and reasons without escape
sequences or control characters, so no submission can redraw the table or fake a row.
"""

from __future__ import annotations

from pathlib import Path

from autograder.grading.model import Status, SubmissionResult, shown_points
from autograder.grading.run import Summary
from autograder.safe_text import clean_message, ensure_printable


def score_table(summary: Summary) -> str:
    """Students as rows, assignments as columns, ``score/max`` in each cell."""
    assignments = sorted({r.assignment_id for r in summary.results})
    students = sorted({ensure_printable(r.student_id) for r in summary.results})
    cell = {(ensure_printable(r.student_id), r.assignment_id): r for r in summary.results}
    short = [a.split("_", 1)[0] for a in assignments]
    width = max([len("student")] + [len(s) for s in students])
    lines = [f"{'student':<{width}}  " + "  ".join(f"{s:>11}" for s in short) + f"  {'total':>11}"]
    for student in students:
        parts, got, best = [], 0.0, 0.0
        for a in assignments:
            r = cell.get((student, a))
            if r is None:
                parts.append(f"{'':>11}")
                continue
            text = Status.MISSING.value if r.nothing_submitted else \
                "broken" if r.broken else f"{shown_points(r.score)}/{shown_points(r.max_score)}"
            parts.append(f"{text:>11}")
            got, best = got + r.score, best + r.max_score
        total = f"{shown_points(got)}/{shown_points(best)}"
        lines.append(f"{student:<{width}}  " + "  ".join(parts) + f"  {total:>11}")
    return "\n".join(lines)


def _name(r: SubmissionResult) -> str:
    return f"{ensure_printable(r.student_id)}/{ensure_printable(r.assignment_id)}"


def broken_lines(summary: Summary, limit: int = 10) -> list[str]:
    """One line per broken or missing submission, with its reason (the first ``limit``)."""
    broken = sorted(summary.broken, key=lambda r: (r.student_id, r.assignment_id))
    lines = [f"  {_name(r)}: {clean_message(r.broken)}" for r in broken[:limit]]
    if len(broken) > limit:
        lines.append(f"  ... and {len(broken) - limit} more (status error or missing in grades.csv)")
    return lines


def slowest_line(summary: Summary, count: int = 3) -> str:
    """The submissions graded in this run that took longest (empty when none was graded)."""
    timed = sorted((r for r in summary.fresh if r.seconds > 0), key=lambda r: -r.seconds)
    if not timed:
        return ""
    return "slowest: " + ", ".join(f"{_name(r)} {r.seconds:.1f} s" for r in timed[:count])


def print_summary(summary: Summary, out: Path) -> None:
    from autograder.sandbox.isolation import detect

    print(score_table(summary))
    isolation = detect()
    if not isolation.isolated:
        print(f"warning: {isolation.detail}")
    broken = len(summary.broken)
    if broken:
        print("broken or missing:")
        print("\n".join(broken_lines(summary)))
    if summary.gradebook_errors:
        print("not in the gradebook (every other submission is; grades.csv has all):")
        print("\n".join(f"  {clean_message(line)}" for line in summary.gradebook_errors))
    slowest = slowest_line(summary)
    if slowest:
        print(slowest)
    students = len({r.student_id for r in summary.results})
    print(f"graded {summary.graded} and reused {summary.reused} of {len(summary.results)} submissions "
          f"from {students} students ({broken} broken or missing) in {summary.seconds:.1f} s; "
          f"grades in {summary.csv_path}, feedback in {out / 'feedback'}"
          + (f", gradebook {summary.gradebook}" if summary.gradebook else ""))
