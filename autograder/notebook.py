"""Reading the course's notebooks: which cell is which (see docs/notebook-conventions.md).

Kinds, from nbgrader metadata and tags:
- ``setup``: tagged ``setup``; imports and provided helpers, executed by the grader;
- ``answer``: nbgrader ``solution: true`` code cell, one graded function each;
- ``test``: nbgrader ``grade: true`` code cell (public check + hidden tests), with points;
- ``other``: markdown, demos, plots.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path


class Node(dict):
    """A notebook's JSON with attribute access (``nb.cells``, ``cell.source``), like
    nbformat's NotebookNode. Reading with ``json`` instead of nbformat keeps the grader's and
    ``check``'s start-up short: importing nbformat takes about a second (its validator)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


def to_node(value):
    if isinstance(value, dict):
        return Node((k, to_node(v)) for k, v in value.items())
    if isinstance(value, list):
        return [to_node(v) for v in value]
    return value


def from_json(raw: dict) -> Node:
    """A parsed notebook as :class:`Node`, with each cell's source joined into one string."""
    nb = to_node(raw)
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and isinstance(cell.get("source"), list):
            cell["source"] = "".join(str(part) for part in cell["source"])
    return nb


def read(path: Path) -> Node:
    """Read a notebook (no validation: the callers check what they need). Writers that must
    produce nbformat's exact bytes (the release) use nbformat itself."""
    with open(path, encoding="utf-8") as handle:
        return from_json(json.load(handle))


def nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def kind(cell) -> str:
    """One of ``setup``, ``answer``, ``test``, ``other``."""
    if cell.get("cell_type") != "code":
        return "other"
    meta = nbgrader(cell)
    if meta.get("solution") and not meta.get("grade"):
        return "answer"
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if "setup" in tags(cell):
        return "setup"
    return "other"


def defined_functions(source: str) -> list[str]:
    """Names of the top-level functions a cell defines (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def graded_functions(notebook) -> list[str]:
    """The graded functions, in notebook order: those defined in answer cells."""
    names = []
    for cell in notebook.cells:
        if kind(cell) == "answer":
            names += [n for n in defined_functions(cell.source) if n not in names]
    return names


def dependencies(notebook) -> dict[str, list[str]]:
    """For each graded function, the other graded functions its reference body uses.

    While a function is graded these, and only these, are answered by the reference: a
    student cannot borrow another reference (say ``predict_price(z, 1, 0)`` for ``relu``).
    """
    graded = graded_functions(notebook)
    found: dict[str, list[str]] = {}
    for cell in notebook.cells:
        if kind(cell) != "answer":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in graded:
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                found[node.name] = [g for g in graded if g in used and g != node.name]
    return found


RANDOM_WORDS = ("random", "rng", "randn", "rand", "seed", "shuffle", "permutation", "choice")


def random_users(notebook) -> set[str]:
    """The graded functions whose reference may draw from NumPy's generator, directly or
    through functions of the notebook it calls.

    Conservative on purpose (any of ``RANDOM_WORDS`` in a body counts): the grader keeps
    the two processes' global generators in step only around calls of these, and missing
    one would give a student's seeded code other numbers than the reference's.
    """
    bodies: dict[str, ast.FunctionDef] = {}
    for cell in notebook.cells:
        if kind(cell) in ("setup", "answer"):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            bodies.update({n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)})
    users = {name for name, node in bodies.items()
             if any(word in ast.unparse(node) for word in RANDOM_WORDS)}
    calls = {name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in bodies}
             for name, node in bodies.items()}
    changed = True
    while changed:   # a function that calls a user is one
        changed = False
        for name, called in calls.items():
            if name not in users and called & users:
                users.add(name)
                changed = True
    return users & set(graded_functions(notebook))


def test_points(notebook) -> dict[str, float]:
    """Points of each test cell, keyed by its grade_id (``test_<function>``)."""
    return {nbgrader(c)["grade_id"]: float(nbgrader(c).get("points", 0))
            for c in notebook.cells if kind(c) == "test"}


def to_python(source: str) -> str:
    """A cell's source with IPython syntax (magics, ``!`` commands) turned into Python."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def definitions_only(source: str) -> str:
    """Keep a cell's imports, function and class definitions and literal constants.

    The grader and ``python -m autograder check`` run students' cells this way: what the
    checks need (the functions and what they use) without the cell's demos, plots and
    training runs. A cell that does not parse yields nothing.
    """
    try:
        tree = ast.parse(to_python(source))
    except SyntaxError:
        return ""
    kept: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, _KEPT):
            kept.append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not all(isinstance(t, ast.Name) for t in targets):
                continue  # x[0] = 1 or obj.a = 1 needs x or obj: a statement, not a constant
            try:
                ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
            kept.append(node)
    return ast.unparse(ast.Module(body=kept, type_ignores=[])) if kept else ""
