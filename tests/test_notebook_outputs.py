"""The solution notebooks' stored outputs: made by full runs, and true to the numbers their text quotes.

`make outputs` (autograder/outputs.py) runs the solutions in full; `make test` re-runs them
with NBGRADER_EXECUTION set, which shortens the training demos, so nbval ignores the output
of those cells (tag `nbval-ignore-output`). These tests read the stored outputs, run nothing,
and say which cell or which sentence is wrong (docs/notebook-conventions.md, *Long training*
and *Numbers in the text*).
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from autograder import course, notebook

ASSIGNMENTS = course.assignments()
IDS = [a.id for a in ASSIGNMENTS]
IGNORE_OUTPUT = "nbval-ignore-output"

# `NAME = SHORT if <graded> else FULL`, <graded> being GRADED or os.environ.get("NBGRADER_EXECUTION").
SHORTENING = re.compile(r"^[ \t]*(\w+)[ \t]*=[ \t]*(\d[\d_]*)[ \t]+if[ \t]+"
                        r"(?:GRADED|os\.environ\.get\(\"NBGRADER_EXECUTION\"\))[ \t]+else[ \t]+(\d[\d_]*)[ \t]*$",
                        re.M)
GRADED_DEFINITION = 'GRADED = bool(os.environ.get("NBGRADER_EXECUTION"))'


def output_text(cell) -> str:
    """What a code cell's stored outputs say, as text: streams and text/plain results."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
    # nbformat keeps multi-line text as a list of lines when a notebook is read without validation
    return "".join("".join(part) if isinstance(part, list) else part for part in parts)


def shortened_runs(nb) -> list[tuple[int, str, int, int]]:
    """(cell index, name, shortened value, full value) of every length that NBGRADER_EXECUTION shortens."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for name, short, full in SHORTENING.findall(cell.source):
                found.append((index, name, int(short.replace("_", "")), int(full.replace("_", ""))))
    return found


def shortened_output_problems(nb) -> list[str]:
    """Why the stored outputs do not look like a full run: one line per cell that is wrong."""
    problems = []
    for index, name, short, full in shortened_runs(nb):
        text = output_text(nb.cells[index])
        if not re.search(rf"\b{full}\b iterations", text):
            problems.append(f"cell {index + 1}: {name} is {full} in a full run, but its stored output does not "
                            f"say '{full} iterations' (it ran shortened, or does not print its length)")
        elif re.search(rf"\b{short}\b iterations", text):
            problems.append(f"cell {index + 1}: its stored output says '{short} iterations', the shortened run")
    return problems


def _python(source: str) -> ast.Module:
    from IPython.core.inputtransformer2 import TransformerManager

    return ast.parse(TransformerManager().transform_cell(source))


def _assigned(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _loaded(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def ignore_output_problems(nb) -> list[str]:
    """The `nbval-ignore-output` tags, as few as possible: on every shortened cell, and on a cell
    only when it is shortened or uses a name a shortened cell computes (its output depends on the run)."""
    shortened = {index for index, *_ in shortened_runs(nb)}
    trained: set[str] = set()   # names whose value depends on the run's length, in notebook order
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = _python(cell.source)
        depends = index in shortened or bool(_loaded(tree) & trained)
        if depends:
            trained |= _assigned(tree)
        tagged = IGNORE_OUTPUT in notebook.tags(cell)
        if index in shortened and not tagged:
            problems.append(f"cell {index + 1} runs shorter under NBGRADER_EXECUTION but is not tagged {IGNORE_OUTPUT}")
        if tagged and not depends:
            problems.append(f"cell {index + 1} is tagged {IGNORE_OUTPUT} but neither is shortened nor uses "
                            "what a shortened cell computes: remove the tag")
        mentions = "NBGRADER_EXECUTION" in cell.source or re.search(r"\bGRADED\b", cell.source)
        if mentions and index not in shortened and cell.source.strip() != GRADED_DEFINITION \
                and GRADED_DEFINITION not in cell.source.splitlines():
            problems.append(f"cell {index + 1} reads NBGRADER_EXECUTION other than as `NAME = SHORT if GRADED else "
                            "FULL`, so no test can tell whether its stored output is a full run")
    return problems


# ---- numbers quoted in the markdown ----------------------------------------------------------

# A statement that names where its figure comes from is not checked against the outputs.
SOURCE = re.compile(r"\b(original|published|the course reports|printed by module \d)\b", re.I)
APPROXIMATE = re.compile(r"(about|around|roughly|nearly|almost|~)\s*$", re.I)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
KINDS = {   # kind: (pattern of a quoted number in the text, what an output that states one contains)
    "accuracy": (re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%"), re.compile(r"%")),
    "count": (re.compile(r"\b(\d+)\s+(?:of\s+(?:the\s+)?\d+\s+(?:\w+\s+){0,2})?(?:wrong|misclassified)\b"),
              re.compile(r"wrong|misclassified|correct")),
    "cost": (re.compile(r"(?<![\w.])(\d+\.\d{3,})(?![\w.])"), re.compile(r"cost", re.I)),
}


def _prose(markdown: str) -> str:
    """The markdown without code blocks, inline code, math and links' targets."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def statements(markdown: str) -> list[tuple[str, str]]:
    """(statement, context) pairs: a sentence with its paragraph, or a table cell with its column's header."""
    found: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", _prose(markdown)):
        lines = block.strip().splitlines()
        rows = [line for line in lines if line.lstrip().startswith("|")]
        if rows and len(rows) == len(lines):
            cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
            header = cells[0]
            for row in cells[2:]:
                for j, value in enumerate(row):
                    column = header[j] if j < len(header) else ""
                    found.append((value, f"{column} | {row[0]}"))
            continue
        items: list[list[str]] = []
        for line in lines:   # a list item starts a statement of its own
            if not items or re.match(r"\s*([-*]|\d+\.)\s", line):
                items.append([])
            items[-1].append(line)
        for item in items:
            for sentence in re.split(r"(?<=[.!?:;])\s+(?=[A-Z(*])", " ".join(item)):
                found.append((sentence, ""))
    return found


def quoted_numbers(markdown: str) -> list[tuple[str, str, float, float]]:
    """(kind, statement, value, tolerance) of every result the markdown quotes without a source."""
    quoted = []
    for statement, context in statements(markdown):
        if SOURCE.search(statement) or SOURCE.search(context):
            continue
        for kind, (pattern, _) in KINDS.items():
            if kind == "cost" and not re.search(r"cost", statement + context, re.I):
                continue
            for match in pattern.finditer(statement):
                digits = match.group(1)
                decimals = len(digits.split(".")[1]) if "." in digits else 0
                unit = 10.0 ** -decimals
                approximate = APPROXIMATE.search(statement[:match.start(1)])
                quoted.append((kind, statement.strip(), float(digits), unit if approximate else unit / 2 + 1e-12))
    return quoted


def printed_numbers(nb) -> dict[str, list[float]]:
    """For each kind, the numbers in the stored outputs of the cells whose output is about that kind."""
    printed: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = output_text(cell)
        for kind, (_, about) in KINDS.items():
            if about.search(text):
                printed[kind] += [float(n) for n in NUMBER.findall(text)]
    return printed


def unsupported_numbers(nb) -> list[str]:
    """The results the markdown quotes that no stored output states, one line each."""
    printed = printed_numbers(nb)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for kind, statement, value, tolerance in quoted_numbers(cell.source):
            if not any(abs(value - number) <= tolerance for number in printed[kind]):
                problems.append(f"markdown cell {index + 1} quotes the {kind} {value:g}, which no stored output "
                                f"states (print it, or name its source): {statement[:160]!r}")
    return problems


# ---- the tests ---------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_stored_outputs_come_from_full_runs(assignment):
    nb = notebook.read(assignment.source)
    problems = shortened_output_problems(nb)
    assert not problems, f"{assignment.source} (run `make outputs`):\n" + "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_only_the_cells_that_depend_on_the_run_length_ignore_their_output(assignment):
    problems = ignore_output_problems(notebook.read(assignment.source))
    assert not problems, f"{assignment.source}:\n" + "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_result_the_text_quotes_is_in_the_stored_outputs_or_names_its_source(assignment):
    problems = unsupported_numbers(notebook.read(assignment.source))
    assert not problems, f"{assignment.source}:\n" + "\n".join(problems)


def _code(source: str, printed: str, tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    return cell


def test_a_stored_output_of_a_shortened_run_is_found():
    source = 'ITERATIONS = 300 if os.environ.get("NBGRADER_EXECUTION") else 2000\nprint(ITERATIONS)'
    nb = nbformat.v4.new_notebook(cells=[_code(source, "training for 300 iterations\n", (IGNORE_OUTPUT,))])
    assert shortened_runs(nb) == [(0, "ITERATIONS", 300, 2000)]
    assert "does not say '2000 iterations'" in shortened_output_problems(nb)[0]
    nb.cells[0].outputs[0].text = "training for 2000 iterations\n"
    assert shortened_output_problems(nb) == []
    assert ignore_output_problems(nb) == []


def test_ignore_output_tags_are_required_on_shortened_cells_and_refused_elsewhere():
    nb = nbformat.v4.new_notebook(cells=[
        _code(GRADED_DEFINITION, ""),
        _code("N = 10 if GRADED else 100\nmodel = train(N)", "100 iterations\n"),
        _code("print(score(model))", "0.9\n", (IGNORE_OUTPUT,)),
        _code("print(1 + 1)", "2\n", (IGNORE_OUTPUT,)),
        _code("if GRADED:\n    pass", ""),
    ])
    problems = ignore_output_problems(nb)
    assert len(problems) == 3, problems
    assert "cell 2 runs shorter" in problems[0]
    assert "cell 4 is tagged" in problems[1]
    assert "cell 5 reads NBGRADER_EXECUTION" in problems[2]


def test_quoted_results_are_matched_against_the_outputs_of_their_kind():
    nb = nbformat.v4.new_notebook(cells=[
        _code("...", "train accuracy: 99.04306220095694 %\ntest accuracy: 66.0 %\n"),
        _code("...", "Cost after iteration 1900: 0.159228\n9 of 50 test pictures are misclassified\n"),
        nbformat.v4.new_markdown_cell(
            "The full run reaches 99.04 % and 66 % on the test set, at a cost of about 0.159. "
            "It gets 9 of the 50 test pictures wrong. On the course's original pictures: 70 %.\n\n"
            "| model | stand-in | original |\n|---|---|---|\n| logistic regression | 66 % | 70 % |"),
    ])
    assert unsupported_numbers(nb) == []
    nb.cells[2].source = "The test accuracy is 64 %, the cost 0.2 (10 wrong).\n\n| a | b |\n|---|---|\n| x | 71 % |"
    problems = unsupported_numbers(nb)
    assert [p.split(" quotes the ")[1].split(",")[0] for p in problems] == \
        ["accuracy 64", "count 10", "accuracy 71"], problems
