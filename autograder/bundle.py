"""The student bundle, ``dist/``: what students receive, and nothing that grades them.

    python -m autograder.bundle [--out DIR]      (run by ``make release``)

The bundle is built from an allow-list, never by copying the repository and removing
secrets: a new file is secret until someone decides students may have it. The list is
:mod:`autograder.allowlist`, the same one the sandbox's view of the project is derived from
(the sandbox sees a subset of the bundle). It holds the released notebooks, the stand-in
datasets, the public checks and the data loaders, the student-process side of the sandbox
(``zygote``, ``worker``, ``wire``: process plumbing, no checks) and the
``python -m autograder check`` command; not ``solutions/``, the hidden checks, the
reference loader, the grader, or the calibration (which trains the course's models and so
contains module 4's answers). ``tests/test_security.py`` searches the bundle for every
solution body and every hidden check.

Written as ``dist/nndl-course1-student/`` and a zip of it with fixed timestamps, so the
same sources give the same bytes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder import ROOT, allowlist

NAME = "nndl-course1-student"
DIST = ROOT / "dist"

# Relative to the repository root; folders are copied whole (minus caches). Derived from
# the one allow-list that the sandbox's view comes from too: edit autograder/allowlist.py.
ALLOWED = [entry.path for entry in allowlist.ENTRIES]

STUDENT_README = """\
# Neural Networks and Deep Learning: the course notebooks

    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -c constraints.txt
    PYTHONPATH=$PWD .venv/bin/jupyter lab --notebook-dir=notebooks

Open a module's notebook, read, fill in each function where it says `# YOUR CODE HERE`,
and run the check cell under it. To run every public check of a notebook at once:

    PYTHONPATH=$PWD .venv/bin/python -m autograder check notebooks/module1_introduction/introduction.ipynb

The cat pictures in `datasets/standin/` are a stand-in drawn by the course's own code; if
you have the course's original `train_catvnoncat.h5` and `test_catvnoncat.h5`, put them in
`datasets/` and the notebooks use them instead.
"""

_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _files(root: Path) -> list[Path]:
    """The allowed files under ``root``, sorted (relative paths); a listed path that is
    missing raises FileNotFoundError."""
    return [Path(relative) for relative in allowlist.bundle_files(root)]


def build(out: Path = DIST) -> tuple[Path, Path]:
    """Write ``out/NAME/`` and ``out/NAME.zip`` atomically; returns both paths."""
    out.mkdir(parents=True, exist_ok=True)
    folder, archive = out / NAME, out / f"{NAME}.zip"
    with tempfile.TemporaryDirectory(dir=out, prefix=".bundle-") as scratch:
        staged = Path(scratch) / NAME
        for relative in _files(ROOT):
            target = staged / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / relative, target)
        (staged / "README.md").write_text(STUDENT_README, encoding="utf-8")
        staged_zip = Path(scratch) / f"{NAME}.zip"
        with zipfile.ZipFile(staged_zip, "w", zipfile.ZIP_DEFLATED) as bundle:
            for relative in sorted(p.relative_to(staged) for p in staged.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{NAME}/{relative.as_posix()}", date_time=_ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, (staged / relative).read_bytes())
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staged, folder)
        os.replace(staged_zip, archive)
    return folder, archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.bundle", description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(DIST), help="where to write the bundle (default: %(default)s)")
    args = parser.parse_args(argv)
    folder, archive = build(Path(args.out))
    print(f"student bundle: {folder} and {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
