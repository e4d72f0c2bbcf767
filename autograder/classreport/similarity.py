"""Similarity across a class: which students share code that nobody else wrote.

What is compared: the code a student wrote in the answer cells of one assignment (read with
the grader's notebook reader, ``program.read_submission``, under its size cap; at most
``ANSWER_CHARS`` characters of it). What is left out before comparing: every fingerprint of
the release's code (the stubs and the given code), of the reference solution's answer cells
and of the catalogued mistakes (code many students write on their own), and every fingerprint
that more than ``max(COMMON_MIN, COMMON_SHARE × students)`` students share: correct short
answers look alike, and a line everyone writes says nothing about who copied.

How: each answer cell is tokenized (the standard library's ``tokenize``; a cell that does not
parse keeps the tokens before the error) and normalized: comments, docstrings, indentation and
blank lines go; every name a student chooses becomes ``V``, while keywords, builtins,
attributes (``np.sum``, ``.T``) and keyword arguments (``keepdims=``) stay, since they are
what the code does; long strings become ``S``. Each logical line gives its k-grams of ``K``
tokens (a shorter line is one gram), hashed (BLAKE2b, stable across runs) and winnowed
(Schleimer, Wilkerson and Aiken 2003: the smallest hash of every window of ``WINDOW`` grams),
so that any shared run of ``K + WINDOW - 1`` tokens within a line is found. Grams never cross
lines, so renamed variables, changed comments and reordered lines all keep every fingerprint.
Two students' score is the Jaccard index of their remaining fingerprints; a pair is flagged
at ``THRESHOLD`` or more with at least ``MIN_SHARED`` fingerprints in common. Candidate pairs
come from an inverted index (fingerprint → students), never from all n² pairs.

Why not ``copydetect`` (0.5.0, on PyPI, MIT; it needs pygments, jinja2, tqdm, numpy and
matplotlib, all in our venv already): it fingerprints one file against another, and for this
its defaults fit badly. Its Pygments filter turns every name into ``V``, attributes and keyword
arguments included (``np.sum(A, axis=1, keepdims=True)`` and ``np.mean(A, axis=0)`` both
become ``V.V(V,V=1,V=True)``-like strings), which makes independent NumPy answers look alike;
its k-grams run over the whole file's characters, so reordered lines break them; it hashes
with Python's salted ``hash()``, so fingerprints differ from run to run; it has no notion of
code many students share, and its class comparison is all pairs. What we need of it (a
tokenizer filter, k-gram hashing, winnowing) is about a page here, on the standard library.
"""

from __future__ import annotations

import builtins
import hashlib
import html
import io
import keyword
import math
import re
import textwrap
import tokenize
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder import course, notebook
from autograder.grading.program import BrokenNotebook, read_submission
from autograder.grading.submissions import Submission, find

K = 5                 # tokens per k-gram
WINDOW = 4            # k-grams per winnowing window
THRESHOLD = 0.5       # Jaccard index from which a pair is flagged
MIN_SHARED = 6        # and at least this many fingerprints in common (a few lines of code)
COMMON_SHARE = 0.05   # a fingerprint more than this share of the class has is common code...
COMMON_MIN = 3        # ...or more than this many students, in a small class
ANSWER_CHARS = 200_000   # characters of answer code read per submission (a page of code is 3,000)
LONG_STRING = 24      # string literals longer than this (messages) become S; keys ("dW1") stay
_KEPT = frozenset(dir(builtins)) | frozenset(keyword.kwlist)


@dataclass(frozen=True)
class Line:
    """A logical line of a student's answer: its cell and source rows (1-based, inclusive)."""
    cell: str
    first: int
    last: int


@dataclass
class Document:
    """One student's answer code for one assignment, fingerprinted."""
    student_id: str
    cells: dict[str, str]                                   # cell label -> its code (capped)
    prints: dict[int, list[Line]] = field(default_factory=dict)   # fingerprint -> where it occurs


@dataclass
class Pair:
    assignment_id: str
    a: Document
    b: Document
    shared: set[int]
    score: float


# -- normalizing and fingerprinting ------------------------------------------------------------

def _normal(tokens: list[tokenize.TokenInfo]) -> tuple[str, ...]:
    """One logical line's tokens, normalized (see the module's docstring)."""
    out, depth = [], 0
    for index, tok in enumerate(tokens):
        text = tok.string
        if tok.type == tokenize.NAME:
            before = tokens[index - 1].string if index else ""
            after = tokens[index + 1].string if index + 1 < len(tokens) else ""
            kept = text in _KEPT or before == "." or (depth > 0 and after == "=")
            out.append(text if kept else "V")
        elif tok.type == tokenize.STRING:
            out.append(text if len(text) <= LONG_STRING else "S")
        else:
            depth += text in ("(", "[", "{")
            depth -= text in (")", "]", "}")
            out.append(text)
    return tuple(out)


_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


@lru_cache(maxsize=20_000)
def logical_lines(code: str) -> tuple[tuple[tuple[str, ...], int, int], ...]:
    """(normalized tokens, first row, last row) of every logical line of ``code`` that is not
    a docstring or a bare string; a cell that stops parsing keeps the lines before the error."""
    lines: list[tuple[tuple[str, ...], int, int]] = []
    current: list[tokenize.TokenInfo] = []

    def close() -> None:
        if current and not all(t.type == tokenize.STRING for t in current):
            lines.append((_normal(current), current[0].start[0], current[-1].end[0]))
        current.clear()

    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                close()
            elif tok.type not in _SKIPPED:
                current.append(tok)
    except (tokenize.TokenError, SyntaxError):   # unclosed brackets, bad dedents: the lines before count
        current.clear()                              # (the unfinished one does not)
    close()
    return tuple(lines)


def _hash(gram: tuple[str, ...]) -> int:
    data = "\x1f".join(gram).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@lru_cache(maxsize=200_000)
def line_prints(tokens: tuple[str, ...]) -> frozenset[int]:
    """The winnowed fingerprints of one normalized line."""
    grams = [tokens] if len(tokens) <= K else [tokens[i:i + K] for i in range(len(tokens) - K + 1)]
    hashes = [_hash(g) for g in grams]
    if len(hashes) <= WINDOW:
        return frozenset([min(hashes)])
    return frozenset(min(hashes[i:i + WINDOW]) for i in range(len(hashes) - WINDOW + 1))


def fingerprints(code: str) -> set[int]:
    return {p for tokens, _, _ in logical_lines(code) for p in line_prints(tokens)}


def fingerprint(document: Document) -> Document:
    for label, code in document.cells.items():
        for tokens, first, last in logical_lines(code):
            for p in line_prints(tokens):
                document.prints.setdefault(p, []).append(Line(label, first, last))
    return document


# -- what a class's answers are compared against ----------------------------------------------

def _without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def expected_prints(assignment: course.Assignment) -> set[int]:
    """Fingerprints of code a student is expected to have without copying: the release's code
    cells, the reference's answer cells and the catalogued mistakes of the assignment."""
    # (imported here: the hidden checks are the grader's, never in the student bundle)
    from autograder.hidden.mistakes import catalogue

    found: set[int] = set()
    for cell in notebook.read(assignment.release).cells:
        if cell.get("cell_type") == "code":
            found |= fingerprints(cell.source)
    if assignment.source.is_file():
        for cell in notebook.read(assignment.source).cells:
            if notebook.kind(cell) == "answer":
                found |= fingerprints(_without_markers(cell.source))
    for mistake in catalogue(assignment.id):
        found |= fingerprints(textwrap.dedent(mistake.source))
    return found


# -- reading the students' answers ------------------------------------------------------------

def _definer(functions: frozenset[str]) -> re.Pattern[str]:
    """A line ``def <a graded function>(``: a cell of the student's own that defines one is
    theirs (a regular expression, not ``ast.parse``: a notebook has some 30 such cells)."""
    names = "|".join(sorted(re.escape(f) for f in functions)) or "(?!)"
    return re.compile(rf"^[ \t]*def[ \t]+(?:{names})[ \t]*\(", re.MULTILINE)


def answer_cells(nb: notebook.Node, answer_ids: frozenset[str], course_ids: frozenset[str],
                 functions: frozenset[str]) -> dict[str, str]:
    """The code a student wrote: the answer cells (by nbgrader id), and cells of their own that
    define a graded function (their metadata lost); at most ``ANSWER_CHARS`` in all."""
    cells, budget, definer = {}, ANSWER_CHARS, _definer(functions)
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code" or not isinstance(cell.get("source"), str) or budget <= 0:
            continue
        grade_id = notebook.nbgrader(cell).get("grade_id")
        grade_id = grade_id if isinstance(grade_id, str) else None
        source = cell.source[:budget]
        if grade_id in answer_ids:
            label = grade_id
        elif grade_id not in course_ids and definer.search(source):
            label = f"cell {index + 1}"
        else:
            continue
        cells[label] = source
        budget -= len(source)
    return cells


def read_documents(submissions: list[Submission], max_bytes: int) -> tuple[list[Document], list[str]]:
    """Each readable submission's answers, fingerprinted; and a note per unreadable one."""
    from autograder.plan import plan

    documents, notes = [], []
    plans = {a: plan(a) for a in {s.assignment.id for s in submissions}}   # (plan() lists solutions/ each call)
    for sub in submissions:
        if sub.path is None:
            continue
        facts = plans[sub.assignment.id]
        try:
            nb = read_submission(sub.path, max_bytes)
        except (BrokenNotebook, OSError) as error:
            notes.append(f"{sub.key}: not compared ({error})")
            continue
        cells = answer_cells(nb, facts.answer_ids, facts.course_ids, frozenset(facts.functions))
        documents.append(fingerprint(Document(sub.student_id, cells)))
    return documents, notes


# -- comparing ---------------------------------------------------------------------------------

def common_limit(students: int) -> int:
    """More students than this sharing a fingerprint make it common code."""
    return max(COMMON_MIN, math.ceil(COMMON_SHARE * students))


def filtered(documents: list[Document], expected: set[int]) -> list[Document]:
    """The documents without expected and common fingerprints."""
    frequency = Counter(p for d in documents for p in d.prints)
    limit = common_limit(len(documents))
    for d in documents:
        d.prints = {p: lines for p, lines in d.prints.items() if p not in expected and frequency[p] <= limit}
    return documents


def compare(assignment_id: str, documents: list[Document], threshold: float = THRESHOLD,
            min_shared: int = MIN_SHARED) -> list[Pair]:
    """Flagged pairs of (filtered) documents, most similar first."""
    holders: dict[int, list[int]] = {}
    for index, d in enumerate(documents):
        for p in d.prints:
            holders.setdefault(p, []).append(index)
    together: Counter[tuple[int, int]] = Counter()
    for group in holders.values():
        for at, first in enumerate(group):
            for second in group[at + 1:]:
                together[(first, second)] += 1
    pairs = []
    for (i, j), count in together.items():
        a, b = documents[i], documents[j]
        score = count / (len(a.prints) + len(b.prints) - count)
        if count >= min_shared and score >= threshold:
            if b.student_id < a.student_id:
                a, b = b, a
            pairs.append(Pair(assignment_id, a, b, set(a.prints) & set(b.prints), round(score, 4)))
    return sorted(pairs, key=lambda p: (-p.score, p.a.student_id, p.b.student_id))


@dataclass
class Similarity:
    pairs: list[Pair]
    compared: dict[str, int]     # assignment -> submissions compared
    notes: list[str]


def class_similarity(submitted: Path, assignments: list[str], students: list[str], max_bytes: int,
                     threshold: float = THRESHOLD) -> Similarity:
    """Flagged pairs of every assignment among ``assignments``, for the graded ``students``.

    One process: reading the notebooks (``read_submission`` parses each whole, outputs
    included) is most of the time, and two processes were slower than one on 2 busy cores
    (the documents' transfer back costs what the second core saves)."""
    known = set(students)
    result = Similarity([], {}, [])
    for assignment_id in assignments:
        subs = [s for s in find(submitted, assignments=[assignment_id]) if s.student_id in known]
        documents, notes = read_documents(subs, max_bytes)
        documents = filtered(documents, expected_prints(course.assignment(assignment_id)))
        result.pairs += compare(assignment_id, documents, threshold)
        result.compared[assignment_id] = len(documents)
        result.notes += notes
    result.pairs.sort(key=lambda p: (-p.score, p.assignment_id, p.a.student_id, p.b.student_id))
    return result


# -- showing -----------------------------------------------------------------------------------

def shared_lines(document: Document, shared: set[int]) -> dict[str, set[int]]:
    """cell label -> the source rows holding a shared fingerprint."""
    rows: dict[str, set[int]] = {}
    for p in shared:
        for line in document.prints.get(p, []):
            rows.setdefault(line.cell, set()).update(range(line.first, line.last + 1))
    return rows


def safe_code_line(line: str, limit: int = 160) -> str:
    """A line of a student's code safe to show: its indentation kept (tabs as 4 spaces), the
    rest through ``safe_text.clean_message`` (no control, escape or bidi character), then
    HTML-escaped."""
    from autograder.safe_text import clean_message

    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)].expandtabs(4)[:40]
    return html.escape(indent + clean_message(stripped, limit=limit))
