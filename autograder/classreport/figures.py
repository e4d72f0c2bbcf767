"""The report's figures, drawn from the summary's numbers (:mod:`autograder.classreport.stats`).

Each function takes the summary and returns a matplotlib ``Figure`` (or None when there is
nothing to draw). Figures are made with ``matplotlib.figure.Figure`` and its Agg canvas, never
``pyplot``: no global state, no window, whatever ``MPLBACKEND`` says. The texts drawn are the
course's (assignment, function and check ids, the catalogue's mistake sentences); no student
id is drawn. Tick labels are plain text (``$`` would start math mode), cut to a readable length.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

PASS_COLOR, FAIL_COLOR, NEUTRAL = "#137333", "#b3261e", "#4c72b0"
COMPLETION_COLORS = {"attempted_all": "#137333", "stubs_left": "#f2a900", "blank": "#9aa0a6",
                     "broken": "#b3261e", "missing": "#5f6368"}
MOST_BARS = 30


def label(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def short(assignment_id: str) -> str:
    return assignment_id.split("_", 1)[0]


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _horizontal(width: float, height: float, names: list[str], fontsize: float) -> Figure:
    """A figure with one axes whose left margin fits the longest of ``names`` (no layout
    engine: measuring every label's box took most of the report's drawing time)."""
    figure = Figure(figsize=(width, height))
    figure.subplots()
    margin = 0.15 + 0.0066 * fontsize * max((len(n) for n in names), default=0)   # inches: ~0.55 em a character
    figure.subplots_adjust(left=min(margin / width, 0.6), right=0.97, top=1 - 0.15 / height, bottom=0.75 / height)
    return figure


def scores(summary: dict[str, Any]) -> Figure:
    """One histogram of scores (percent of the maximum) per assignment, and the overall one."""
    names = [*summary["assignments"], "overall"]
    columns = min(3, len(names))
    rows = -(-len(names) // columns)
    figure = Figure(figsize=(4.2 * columns, 3.0 * rows))
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.16 / rows, top=1 - 0.1 / rows, wspace=0.3,
                           hspace=0.55)
    for ax, name in zip(axes, names, strict=False):
        entry = summary["scores"][name]
        edges, counts = entry["histogram"]["edges"], entry["histogram"]["counts"]
        ax.bar(edges[:-1], counts, width=edges[1] - edges[0], align="edge",
               color=NEUTRAL if name != "overall" else "#55a868", edgecolor="white")
        mean = entry["mean_percent"]
        ax.set_title(f"{short(name) if name != 'overall' else 'overall'}: n={entry['submitted']}"
                     + (f", mean {mean:.0f} %" if mean is not None else ""), fontsize=10)
        ax.set_xlim(0, 100)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("score, % of the maximum")
        ax.set_ylabel("students")
    for ax in axes[len(names):]:
        ax.set_visible(False)
    return figure


def completion(summary: dict[str, Any]) -> Figure:
    """Per assignment, a stacked bar: all functions attempted, stubs left, blank, broken, missing."""
    assignments = summary["assignments"]
    height = 0.6 * len(assignments) + 1.4
    figure = Figure(figsize=(8, height))
    ax = figure.subplots()
    figure.subplots_adjust(left=0.12, right=0.97, top=1 - 0.15 / height, bottom=1.0 / height)
    left = [0] * len(assignments)
    for kind, color in COMPLETION_COLORS.items():
        counts = [summary["completion"][a][kind] for a in assignments]
        ax.barh([short(a) for a in assignments], counts, left=left, color=color, label=kind.replace("_", " "))
        left = [x + c for x, c in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("submissions")
    ax.legend(ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.6 / (height - 1.15)), fontsize=8,
              frameon=False)
    return figure


def difficulty(summary: dict[str, Any]) -> Figure | None:
    """Each graded function's mean share of points (hardest at the top), with its discrimination."""
    functions = [f for f in summary["functions"] if f["mean_share"] is not None][:MOST_BARS]
    if not functions:
        return None
    names = [label(f"{short(f['assignment'])} {f['function']}") for f in functions]
    figure = _horizontal(8, 0.28 * len(functions) + 1.2, names, 8)
    ax = figure.axes[0]
    shares = [100 * f["mean_share"] for f in functions]
    ax.barh(range(len(functions)), shares, color=[FAIL_COLOR if s < 50 else NEUTRAL for s in shares])
    ax.set_yticks(range(len(functions)), names, fontsize=8)
    for y, f in enumerate(functions):
        r = f["discrimination"]
        ax.text(101, y, f"r={r:+.2f}" if r is not None else "r=–", va="center", fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel("mean share of the function's points earned, % (hardest first); r: discrimination")
    return figure


def checks(summary: dict[str, Any]) -> Figure | None:
    """Every check: the fraction who passed it against its discrimination."""
    points = [(c["pass_rate"], c["pass_discrimination"]) for c in summary["checks"]
              if c["pass_discrimination"] is not None]
    if not points:
        return None
    figure = Figure(figsize=(6, 4))
    ax = figure.subplots()
    figure.subplots_adjust(left=0.13, right=0.97, top=0.92, bottom=0.13)
    ax.scatter([100 * p for p, _ in points], [d for _, d in points], s=18, color=NEUTRAL, alpha=0.7)
    ax.axhline(0.2, color="#999", linestyle="--", linewidth=0.8)
    ax.set_xlim(-2, 102)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("passed the check, % of graded submissions")
    ax.set_ylabel("discrimination (point-biserial)")
    ax.set_title(f"{len(points)} checks; below the dashed line they separate strong from weak poorly", fontsize=9)
    return figure


def mistakes(summary: dict[str, Any], most: int = 15) -> Figure | None:
    """The most common named mistakes, by the number of students who made them."""
    found = summary["mistakes"][:most]
    if not found:
        return None
    names = [label(f"{m['function']}: {m['mistake']}", 70) for m in found]
    figure = _horizontal(10, 0.32 * len(found) + 1.0, names, 8)
    ax = figure.axes[0]
    ax.barh(range(len(found)), [m["count"] for m in found], color=FAIL_COLOR)
    ax.set_yticks(range(len(found)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return figure


def timing(summary: dict[str, Any]) -> Figure | None:
    """The seconds each submission took to grade."""
    histogram = summary["timing"]["histogram"]
    if not sum(histogram["counts"]):
        return None
    figure = Figure(figsize=(6, 3))
    ax = figure.subplots()
    figure.subplots_adjust(left=0.12, right=0.97, top=0.95, bottom=0.18)
    edges = histogram["edges"]
    ax.bar(edges[:-1], histogram["counts"], width=edges[1] - edges[0], align="edge", color=NEUTRAL,
           edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("seconds to grade one submission")
    ax.set_ylabel("submissions")
    return figure


ALL = {"scores": scores, "completion": completion, "difficulty": difficulty, "checks": checks,
       "mistakes": mistakes, "timing": timing}
