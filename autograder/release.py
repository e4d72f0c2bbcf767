"""Make the student notebooks from the sources: ``make release``.

A pipeline of small steps per assignment:

1. ``generate``: nbgrader's ``generate_assignment`` turns ``solutions/<id>/`` into a
   student version (solutions replaced by stubs, hidden tests removed, outputs cleared);
2. ``tag_cells_that_need_stubs``: cells that use a student's function (directly or through
   a name computed from one) get nbval's ``raises-exception`` tag, because in the release
   they stop at the stub's NotImplementedError;
3. ``write`` into ``notebooks/<id>/`` atomically, byte-stable so the drift test can compare;

then the student bundle, ``dist/`` (see :mod:`autograder.bundle`).

``python -m autograder.release --check`` regenerates into a temporary folder and fails on
any difference with ``notebooks/`` (the drift test uses it).
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from autograder import ROOT, course, notebook

NBVAL_RAISES = "raises-exception"


def generate(assignment: course.Assignment, out_dir: Path) -> Path:
    """Run nbgrader's generate_assignment for one assignment into ``out_dir/<id>/``."""
    nbgrader = Path(sys.executable).with_name("nbgrader")
    command = [str(nbgrader), "generate_assignment", assignment.id, "--force", "--no-db",
               "--quiet", f"--CourseDirectory.release_directory={out_dir}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    produced = out_dir / assignment.id / assignment.notebook
    if done.returncode != 0 or not produced.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"nbgrader generate_assignment {assignment.id} failed: {' | '.join(tail)}")
    return produced


def _python(source: str) -> ast.Module | None:
    """A cell's source as Python (IPython magics turned into calls), or None."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def _names(tree: ast.AST, context: type) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, context)}


def _free_loads(tree: ast.AST) -> set[str]:
    """Names a cell loads from outside: a function's own parameters are not outside."""
    loads: set[str] = set()

    def visit(node: ast.AST, bound: frozenset) -> None:
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            a = node.args
            params = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
            params |= {p.arg for p in (a.vararg, a.kwarg) if p is not None}
            for default in a.defaults + [d for d in a.kw_defaults if d is not None]:
                visit(default, bound)
            body = node.body if isinstance(node, ast.FunctionDef) else [node.body]
            for part in body:
                visit(part, bound | params)
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound:
            loads.add(node.id)
        for child in ast.iter_child_nodes(node):
            visit(child, bound)

    visit(tree, frozenset())
    return loads


def tag_cells_that_need_stubs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Tag the cells that will raise in the release because they reach a stub.

    A name is "tainted" when it is a graded function, or is defined or assigned in a cell
    that loads a tainted name (a helper that calls ``propagate``, ``d = model(...)``).
    Every non-answer code cell that loads a tainted name is tagged ``raises-exception``.
    """
    tainted = set(notebook.graded_functions(nb))
    for cell in nb.cells:
        if cell.cell_type != "code" or notebook.kind(cell) in ("answer", "setup"):
            continue
        tree = _python(cell.source)
        if tree is None:
            continue
        defined = _names(tree, ast.Store) | {
            n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        if _free_loads(tree) & tainted:
            tainted |= defined
            tags = notebook.tags(cell)
            if NBVAL_RAISES not in tags:
                cell.metadata["tags"] = tags + [NBVAL_RAISES]
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write atomically (temp file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb) + "\n"
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".release-", suffix=".ipynb")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def build(assignment: course.Assignment, dest: Path) -> Path:
    """The whole pipeline for one assignment; returns the written student notebook."""
    with tempfile.TemporaryDirectory(prefix="release-") as scratch:
        produced = generate(assignment, Path(scratch))
        nb = tag_cells_that_need_stubs(nbformat.read(produced, as_version=4))
        target = dest / assignment.id / assignment.notebook
        write(nb, target)
    return target


def check(assignments: list[course.Assignment]) -> list[str]:
    """Regenerate into a temporary folder; the assignments whose release has drifted."""
    drifted = []
    with tempfile.TemporaryDirectory(prefix="release-check-") as scratch:
        for a in assignments:
            fresh = build(a, Path(scratch))
            if not a.release.exists() or fresh.read_bytes() != a.release.read_bytes():
                drifted.append(a.id)
    return drifted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.release", description=__doc__.split("\n")[0])
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and report drift from notebooks/")
    args = parser.parse_args(argv)
    chosen = [course.assignment(a) for a in args.assignment] if args.assignment else course.assignments()
    if not chosen:
        print(f"no assignments under {course.SOLUTIONS}", file=sys.stderr)
        return 1
    if args.check:
        drifted = check(chosen)
        for name in drifted:
            print(f"{course.RELEASE / name}: differs from what `make release` makes from solutions/{name}; "
                  "run `make release` and commit the result")
        if not drifted:
            print(f"notebooks/ matches solutions/ for {len(chosen)} assignment(s)")
        return 1 if drifted else 0
    for a in chosen:
        target = build(a, course.RELEASE)
        print(f"released {target.relative_to(ROOT)}")
    from autograder import bundle

    folder, archive = bundle.build()
    print(f"student bundle: {folder.relative_to(ROOT)}/ and {archive.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
