"""Draw the course's datasets as PNG files, to eyeball them.

    python -m autograder.datasets.preview --out DIR [--cat-data FOLDER]

writes

- ``DIR/catvnoncat.png``: 48 training images (6 x 8) titled "cat" / "non-cat", then a row
  of 8 test images, from whatever :func:`load_cat_data` finds (or ``--cat-data``);
- ``DIR/flower.png``: the module-3 flower, coloured by class;
- ``DIR/extra_datasets.png``: the four extra 2-D sets, 2 x 2.

It prints each path it writes. If the cat data cannot be loaded, it still draws the
planar sets, prints why the cat grid was skipped, and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never open a window (works headless and in CI)
import matplotlib.pyplot as plt  # after the backend choice (ruff's E402 allows imports after matplotlib.use)
import numpy as np

from autograder.datasets.loader import DatasetError, last_loaded, load_cat_data
from autograder.datasets.planar import EXTRA_NAMES, load_extra_datasets, load_planar_dataset

TRAIN_ROWS, COLS, TEST_ROWS = 6, 8, 1
CLASS_COLOURS = {0: "#555555", 1: "#c0392b"}  # non-cat grey, cat red: readable at a glance
CMAP = plt.cm.Spectral  # the course's colour map for the planar sets
DPI = 100


def cat_grid(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray,
             classes: np.ndarray, title: str) -> plt.Figure:
    """A grid of labelled images: ``TRAIN_ROWS`` rows of training images, then ``TEST_ROWS``
    of test images, each titled with its class and index.

    train_x : ndarray (m_train, h, w, 3) uint8; train_y : ndarray (1, m_train) of 0/1;
    test_x, test_y likewise; classes : ndarray (2,) of bytes names, indexed by label.
    """
    rows = TRAIN_ROWS + TEST_ROWS
    fig, axes = plt.subplots(rows, COLS, figsize=(COLS * 1.45, rows * 1.6 + 0.6))
    cells = [("train", i, train_x, train_y) for i in range(TRAIN_ROWS * COLS)] + \
            [("test", i, test_x, test_y) for i in range(TEST_ROWS * COLS)]
    for ax, (split, i, x, y) in zip(axes.ravel(), cells, strict=True):
        ax.set_axis_off()
        if i >= x.shape[0]:
            continue  # a small dataset leaves the rest of its rows blank
        label = int(y[0, i])
        ax.imshow(x[i])
        ax.set_title(f"{split} {i}: {classes[label].decode()}", fontsize=8, color=CLASS_COLOURS[label])
    # A rule between the train rows and the test row: they are different files.
    separator = 1 - TRAIN_ROWS / rows
    fig.add_artist(plt.Line2D([0.03, 0.97], [separator * 0.955 + 0.005] * 2, color="black", linewidth=0.8))
    fig.suptitle(title.replace(" (", "\n(", 1), fontsize=9)  # paths on their own line
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def scatter(ax: plt.Axes, X: np.ndarray, Y: np.ndarray, title: str) -> None:
    """Points ``X (2, m)`` coloured by labels ``Y (1, m)``, with a legend of the classes."""
    for label in (0, 1):
        chosen = Y[0] == label
        ax.scatter(X[0, chosen], X[1, chosen], s=12, color=CMAP(0.0 if label == 0 else 1.0),
                   edgecolors="black", linewidths=0.3, label=f"y = {label} ({chosen.sum()})")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(fontsize=8, loc="best")
    ax.set_aspect("equal", adjustable="datalim")


def flower_figure() -> plt.Figure:
    """The module-3 flower, seed 1."""
    X, Y = load_planar_dataset()
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    scatter(ax, X, Y, f"planar flower: X {X.shape}, Y {Y.shape}")
    fig.tight_layout()
    return fig


def extra_figure() -> plt.Figure:
    """The four extra 2-D sets, 2 x 2."""
    data = load_extra_datasets()
    fig, axes = plt.subplots(2, 2, figsize=(9, 9))
    for ax, name in zip(axes.ravel(), EXTRA_NAMES, strict=True):
        X, Y = data[name]
        scatter(ax, X, Y, name)
    fig.tight_layout()
    return fig


def write_previews(out: Path, cat_dir: str | Path | None = None) -> tuple[list[Path], str | None]:
    """Write the PNGs into ``out``. Returns the paths written and, if the cat grid was
    skipped, the reason (the loader's one-line error)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    problem = None
    figures = []
    try:
        train_x, train_y, test_x, test_y, classes = load_cat_data(cat_dir)
        info = last_loaded()
        assert info is not None  # load_cat_data just succeeded
        title = info.summary
        figures.append(("catvnoncat.png", cat_grid(train_x, train_y, test_x, test_y, classes, title)))
    except DatasetError as error:
        problem = str(error)
    figures += [("flower.png", flower_figure()), ("extra_datasets.png", extra_figure())]
    for name, fig in figures:
        path = out / name
        fig.savefig(path, dpi=DPI)
        plt.close(fig)
        written.append(path)
    return written, problem


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m autograder.datasets.preview",
                                     description="Write PNG previews of the course's datasets.")
    parser.add_argument("--out", default="build/preview", help="output folder (default: %(default)s)")
    parser.add_argument("--cat-data", default=None, metavar="FOLDER",
                        help="folder with train_catvnoncat.h5 and test_catvnoncat.h5 "
                             "(default: the loader's search: NNDL_CAT_DATA, datasets/, datasets/standin/)")
    args = parser.parse_args(argv)
    written, problem = write_previews(Path(args.out), args.cat_data)
    for path in written:
        print(f"wrote {path}")
    if problem:
        print(f"skipped catvnoncat.png: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
