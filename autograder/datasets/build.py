"""Regenerate the stand-in cat / non-cat files (``make datasets``).

    python -m autograder.datasets.build [--out DIR]

Writes ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` with the course's schema
(``train_set_x`` (209, 64, 64, 3) uint8, ``train_set_y`` (209,) int64,
``list_classes`` (2,) |S7, and the same for ``test_``), uncompressed and
unchunked like the originals. Each file is written to a temporary name in the
same folder and then renamed over the target, so a reader never sees half a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

from autograder import ROOT
from autograder.datasets.catgen import generate_catvnoncat

DEFAULT_DIR = ROOT / "datasets" / "standin"
"""Where the committed stand-in files live."""


def write_h5(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as contiguous, uncompressed datasets to ``path``, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        # Fixed creation properties (no timestamps) keep the bytes reproducible.
        with h5py.File(temporary, "w", track_order=False) as f:
            for name, array in arrays.items():
                f.create_dataset(name, data=array, track_times=False)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the files are meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def split_arrays(data: dict[str, np.ndarray], split: str) -> dict[str, np.ndarray]:
    """The datasets of one file (``split`` is "train" or "test"), in the course's order."""
    return {f"{split}_set_x": data[f"{split}_set_x"], f"{split}_set_y": data[f"{split}_set_y"],
            "list_classes": data["list_classes"]}


def build(directory: str | Path = DEFAULT_DIR) -> list[Path]:
    """Generate both splits and write them to ``directory``; returns the written paths."""
    directory = Path(directory)
    data = generate_catvnoncat()
    written = []
    for split in ("train", "test"):
        path = directory / f"{split}_catvnoncat.h5"
        write_h5(path, split_arrays(data, split))
        written.append(path)
    return written


def describe(path: Path) -> str:
    """One line: file name, size, number of pictures and of cats."""
    with h5py.File(path, "r") as f:
        y = next(f[k][:] for k in f if k.endswith("_set_y"))
    return f"{path}: {path.stat().st_size / 1e6:.2f} MB, {len(y)} pictures, {int(y.sum())} cats"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: build and print what was written."""
    parser = argparse.ArgumentParser(prog="python -m autograder.datasets.build",
                                     description="Regenerate the stand-in cat / non-cat dataset.")
    parser.add_argument("--out", default=str(DEFAULT_DIR), help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        paths = build(args.out)
    except OSError as error:
        print(f"build: cannot write to {args.out}: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {describe(path)}")
    print(f"generated in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
