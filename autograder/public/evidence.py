"""Naming a typical mistake in the student's notebook, from what the public checks saw.

Every observation a :class:`~autograder.public.report.Checker` makes (a value compared, a
shape, a dtype, an input left alone, an exception) is kept as a *fingerprint* of what the
student's function gave. At release time, ``python -m autograder.hidden.mistake_table`` runs
every public check once on every mistake of the course's catalogue and stores here, in
``mistakes.json``, the fingerprints of the observations each mistake fails, with its
sentence. No code of the reference or of the mistakes ships: only the wrong values the
public inputs give, which the notebook's own expected outputs already imply.

When a public check fails, :func:`likely_mistake` looks for the catalogued mistake whose
failed observations are exactly the student's, with the same values (else the one that
explains the most of them, all its own failures included), and the check says its sentence.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

TABLE = Path(__file__).with_name("mistakes.json")
MAX_VALUES = 256   # entries of an array kept in a fingerprint (the public inputs are small)


def fingerprint(value: Any) -> Any:
    """What a value looks like, as JSON: numbers with their shape and kind, text, or a type."""
    if isinstance(value, (bool, np.bool_)):
        return {"bool": bool(value)}
    if isinstance(value, str):
        return {"text": value[:200]}
    if value is None:
        return {"none": True}
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 (a student's object that numpy cannot read is known by its type)
        return {"type": type(value).__name__}
    if array.dtype.kind not in "biuf" or array.size > MAX_VALUES:
        if array.dtype.kind in "biuf":
            return {"shape": list(array.shape), "kind": array.dtype.kind, "summary": _summary(array)}
        return {"type": type(value).__name__}
    return {"shape": list(array.shape), "kind": array.dtype.kind, "container": type(value).__name__,
            "values": [_number(v) for v in array.astype(float).ravel()]}


def _summary(array: np.ndarray) -> list[Any]:
    values = array.astype(float)
    return [_number(float(np.mean(values))), _number(float(np.std(values)))]


def _number(x: float) -> Any:
    return x if math.isfinite(x) else str(x)


def same(a: Any, b: Any) -> bool:
    """Two fingerprints of the same value (numbers within a tight tolerance)."""
    if not isinstance(a, dict) or not isinstance(b, dict) or a.keys() != b.keys():
        return False
    if "values" in a or "summary" in a:
        if a["shape"] != b["shape"] or a["kind"] != b["kind"] or a.get("container") != b.get("container"):
            return False
        x, y = (np.array([float(v) for v in d.get("values") or d.get("summary") or []]) for d in (a, b))
        return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-5, atol=1e-8, equal_nan=True))
    return a == b


@cache
def _table() -> dict[str, Any]:
    try:
        return json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def likely_mistake(module: str, function: str, failed: list[tuple[str, Any]]) -> str | None:
    """The sentence of the catalogued mistake that explains the student's ``failed``
    observations ((key, fingerprint) pairs), or None."""
    if not failed:
        return None
    mistakes = _table().get(module, {}).get(function, [])
    best, best_count = None, 0
    for mistake in mistakes:
        theirs = [(key, print_) for key, print_ in mistake["failed"]]
        matched = sum(1 for key, print_ in failed if any(k == key and same(p, print_) for k, p in theirs))
        explains_all_of_its_own = all(any(k == key and same(p, print_) for k, p in failed) for key, print_ in theirs)
        if matched == len(failed) and len(theirs) == len(failed) and explains_all_of_its_own:
            return str(mistake["says"])
        if explains_all_of_its_own and matched > best_count:
            best, best_count = str(mistake["says"]), matched
    return best
