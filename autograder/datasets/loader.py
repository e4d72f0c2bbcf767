"""Load the cat / non-cat images used in modules 2 and 4.

The course ships two HDF5 files, ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``.
They are not redistributable, so this project generates a stand-in with the same
schema (``make datasets`` writes ``datasets/standin/``). :func:`load_cat_data` loads
whichever pair it finds, checks the schema, and says which one it loaded:

1. ``directory``, when given;
2. else the folder named by the environment variable ``NNDL_CAT_DATA``;
3. else ``<root>/datasets/``, where you may drop the course's original two files;
4. else the stand-in in ``<root>/datasets/standin/``.

The originals are recognised by their SHA-256 (``original_sha256sums.txt`` next to
this module), the stand-in by the folder it lives in (or, if the build wrote a
``SHA256SUMS`` there, by the sums in it). Any other file with a valid schema loads as
"unrecognized cat data". A pair whose two files are of different kinds (say the
original train file next to a stand-in test file) loads as a "mixed" pair, and the
printed line says so; both files must still have the same image size.

Every problem (missing file, truncated or non-HDF5 file, missing key, wrong shape or
dtype, labels other than 0/1, wrong ``list_classes``, mismatched pair) raises
:class:`DatasetError` with a one-line message that names the file, says what is
wrong and how to fix it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

import h5py
import numpy as np

from autograder import ROOT

TRAIN_FILE = "train_catvnoncat.h5"
TEST_FILE = "test_catvnoncat.h5"
FILES = {"train": TRAIN_FILE, "test": TEST_FILE}
ENV_VAR = "NNDL_CAT_DATA"
"""Environment variable naming a folder that holds the two files; it wins over ``datasets/``."""

CLASSES = (b"non-cat", b"cat")
"""The expected ``list_classes``: label 0 is non-cat, label 1 is cat."""

ORIGINAL_SUMS_FILE = Path(__file__).with_name("original_sha256sums.txt")
STANDIN_SUMS_NAME = "SHA256SUMS"

KINDS = ("original", "standin", "unrecognized", "mixed")
KIND_LABELS = {
    "original": "the course's original images",
    "standin": "the project's generated stand-in",
    "unrecognized": "unrecognized cat data (neither the course's original nor the project's stand-in)",
}

FIX_STANDIN = "run `make datasets` (python -m autograder.datasets.build) to regenerate the stand-in"
FIX_REPLACE = "replace it with an intact copy of the course's file"


class DatasetError(ValueError):
    """A dataset file is missing or does not have the course's schema.

    The message is one line: ``<file>: <what is wrong>; <how to fix it>``.
    """


@dataclass(frozen=True)
class CatDataInfo:
    """Which cat / non-cat pair was found (and, after loading, how big it is).

    Attributes
    ----------
    kind : str
        ``"original"``, ``"standin"``, ``"unrecognized"`` or ``"mixed"`` (train and
        test files of different kinds; see ``train_kind`` and ``test_kind``).
    train_kind, test_kind : str
        The kind of each file (any of the above except ``"mixed"``).
    train_path, test_path : Path
        The two files.
    chosen_by : str
        Why this folder: ``"argument"``, ``"NNDL_CAT_DATA"``, ``"datasets/"`` or ``"stand-in"``.
    root : Path
        The course root used to resolve ``datasets/`` and to shorten paths in messages.
    m_train, m_test : int or None
        Number of images in each file; ``None`` until the pair has been loaded.
    """

    kind: str
    train_kind: str
    test_kind: str
    train_path: Path
    test_path: Path
    chosen_by: str
    root: Path
    m_train: int | None = None
    m_test: int | None = None

    @property
    def summary(self) -> str:
        """The one line :func:`load_cat_data` prints, e.g.
        ``cat data: the course's original images, 209 train + 50 test (datasets/train_catvnoncat.h5, ...)``."""
        if self.kind == "mixed":
            what = (f"a mixed pair: train is {KIND_LABELS[self.train_kind]}, "
                    f"test is {KIND_LABELS[self.test_kind]}")
        else:
            what = KIND_LABELS[self.kind]
        if self.m_train is not None:
            what += f", {self.m_train} train + {self.m_test} test"
        where = f"{_display(self.train_path, self.root)}, {_display(self.test_path, self.root)}"
        if self.chosen_by == ENV_VAR:
            where += f"; from {ENV_VAR}"
        return f"cat data: {what} ({where})"


_last_loaded: CatDataInfo | None = None


def last_loaded() -> CatDataInfo | None:
    """The :class:`CatDataInfo` of the most recent successful :func:`load_cat_data`
    in this process, or ``None`` if nothing has been loaded yet."""
    return _last_loaded


# --------------------------------------------------------------------------- public API


def load_cat_data(directory: str | os.PathLike | None = None, *, verbose: bool = True,
                  root: str | os.PathLike | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load the cat / non-cat pair, as the course's ``load_dataset()`` returns it.

    Parameters
    ----------
    directory : str or Path, optional
        Folder holding ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``. When omitted,
        the search order is ``$NNDL_CAT_DATA``, ``<root>/datasets/``, ``<root>/datasets/standin/``.
    verbose : bool
        Print one line saying which data was loaded (see :attr:`CatDataInfo.summary`).
    root : str or Path, optional
        Course root for the search (default: the repository, ``autograder.ROOT``).

    Returns
    -------
    train_set_x_orig : ndarray (m_train, 64, 64, 3), uint8
    train_set_y : ndarray (1, m_train), int64 of 0/1
    test_set_x_orig : ndarray (m_test, 64, 64, 3), uint8
    test_set_y : ndarray (1, m_test), int64 of 0/1
    classes : ndarray (2,), bytes ``[b'non-cat', b'cat']``

    Raises
    ------
    DatasetError
        When a file is missing or does not have the course's schema.

    The description of what was loaded is kept: see :func:`last_loaded`.
    """
    global _last_loaded
    info = describe_cat_data(directory, root=root)
    train_x, train_y, _ = _read_split(info.train_path, "train", info)
    test_x, test_y, classes = _read_split(info.test_path, "test", info)
    _check_pair(train_x, test_x, info)
    info = replace(info, m_train=train_x.shape[0], m_test=test_x.shape[0])
    _last_loaded = info
    if verbose:
        print(info.summary)
    return train_x, train_y, test_x, test_y, classes


def describe_cat_data(directory: str | os.PathLike | None = None, *,
                      root: str | os.PathLike | None = None) -> CatDataInfo:
    """Find the pair :func:`load_cat_data` would load and tell what it is, without
    reading the images (the files are hashed, not parsed; ``m_train`` stays ``None``).

    Raises :class:`DatasetError` when a file is missing.
    """
    root = Path(root) if root is not None else ROOT
    folder, chosen_by = _choose_folder(directory, root)
    paths = {split: folder / name for split, name in FILES.items()}
    for split in FILES:
        _require_file(paths[split], paths, chosen_by, root)
    standin_dir = _standin_dir(root)
    train_kind = file_kind(paths["train"], standin_dir)
    test_kind = file_kind(paths["test"], standin_dir)
    kind = train_kind if train_kind == test_kind else "mixed"
    return CatDataInfo(kind=kind, train_kind=train_kind, test_kind=test_kind,
                       train_path=paths["train"], test_path=paths["test"],
                       chosen_by=chosen_by, root=root)


def file_kind(path: Path, standin_dir: Path | None = None) -> str:
    """``"original"``, ``"standin"`` or ``"unrecognized"`` for one existing file.

    Original: its SHA-256 is the one listed for its name in ``original_sha256sums.txt``.
    Stand-in: it lies in ``standin_dir`` (default ``<ROOT>/datasets/standin``) and, if
    that folder has a ``SHA256SUMS``, its hash is listed there; or it lies elsewhere
    but its hash is in that ``SHA256SUMS`` (a copied stand-in).
    """
    standin_dir = Path(standin_dir) if standin_dir is not None else _standin_dir(ROOT)
    digest = sha256_of(path)
    if original_sha256sums().get(path.name) == digest:
        return "original"
    standin_sums = _read_sums(standin_dir / STANDIN_SUMS_NAME)
    if standin_sums:
        return "standin" if standin_sums.get(path.name) == digest else "unrecognized"
    return "standin" if _same_dir(path.parent, standin_dir) else "unrecognized"


def original_sha256sums() -> dict[str, str]:
    """``{file name: SHA-256 hex}`` of the course's original files."""
    return _read_sums(ORIGINAL_SUMS_FILE)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- finding the files


def _standin_dir(root: Path) -> Path:
    return root / "datasets" / "standin"


def _choose_folder(directory, root: Path) -> tuple[Path, str]:
    """The folder to load from and why it was chosen (see the module docstring)."""
    if directory is not None:
        return Path(directory).expanduser(), "argument"
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise DatasetError(f"{ENV_VAR}={env}: not a directory; set {ENV_VAR} to the folder holding "
                               f"{TRAIN_FILE} and {TEST_FILE}, or unset it to use datasets/")
        return folder, ENV_VAR
    user_dir = root / "datasets"
    # Either file in datasets/ means the user meant to use it: a lone file is an
    # error below rather than a silent fall-back to the stand-in.
    if any((user_dir / name).exists() for name in FILES.values()):
        return user_dir, "datasets/"
    return _standin_dir(root), "stand-in"


def _require_file(path: Path, paths: dict[str, Path], chosen_by: str, root: Path) -> None:
    """Raise a DatasetError whose fix depends on how the folder was chosen."""
    if path.is_file():
        return
    shown = _display(path, root)
    problem = "is a directory, not a file" if path.is_dir() else "file not found"
    other = next(p for p in paths.values() if p != path)
    if chosen_by == "stand-in":
        fix = (f"{FIX_STANDIN}, or put the course's {TRAIN_FILE} and {TEST_FILE} in "
               f"{_display(root / 'datasets', root)}/")
        problem += " (the stand-in has not been generated)"
    elif chosen_by == "datasets/":
        fix = (f"{_display(other, root)} is there, so add the course's {path.name} next to it, "
               f"or remove {other.name} to use the stand-in")
    elif chosen_by == ENV_VAR:
        fix = f"put {TRAIN_FILE} and {TEST_FILE} in {ENV_VAR}={path.parent}, or unset {ENV_VAR}"
    else:
        fix = f"pass the folder that holds both {TRAIN_FILE} and {TEST_FILE}"
    raise DatasetError(f"{shown}: {problem}; {fix}")


# --------------------------------------------------------------------------- reading one file


def _read_split(path: Path, split: str, info: CatDataInfo) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read and check one file of the pair.

    Returns ``x (m, h, w, 3)`` uint8, ``y (1, m)`` int64 and ``classes (2,)`` bytes.
    """
    shown = _display(path, info.root)
    fix_bad_file = FIX_STANDIN if _same_dir(path.parent, _standin_dir(info.root)) else FIX_REPLACE
    if not h5py.is_hdf5(path):
        raise DatasetError(f"{shown}: not an HDF5 file (no HDF5 signature; empty, truncated at the start "
                           f"or another format); {fix_bad_file}")
    try:
        with h5py.File(path, "r", locking=False) as f:
            return _read_checked(f, split, shown)
    except DatasetError:
        raise
    except Exception as error:  # noqa: BLE001 (h5py raises OSError, KeyError, RuntimeError... for damaged files)
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DatasetError(f"{shown}: could not be read, the HDF5 file is truncated or corrupt ({reason}); "
                           f"{fix_bad_file}") from None


def _read_checked(f: h5py.File, split: str, shown: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check the schema of an open file, then read its arrays."""
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    _require_keys(f, (x_key, y_key, "list_classes"), split, shown)
    x = _check_images(f[x_key], x_key, shown)
    y = _check_labels(f[y_key], y_key, x.shape[0], shown)
    classes = _check_classes(f["list_classes"], shown)
    return x, y, classes


def _require_keys(f: h5py.File, keys: tuple[str, ...], split: str, shown: str) -> None:
    """Every key must be a dataset; name the keys found, and spot a swapped train/test file."""
    found = sorted(f.keys())
    for key in keys:
        if key in f and isinstance(f[key], h5py.Dataset):
            continue
        other = "test" if split == "train" else "train"
        if f"{other}_set_x" in f:
            hint = (f"it holds {other}_set_x: it looks like the {other} file saved as "
                    f"{FILES[split]}, so swap or rename the two files")
        else:
            hint = "replace it with a file that has the course's keys"
        problem = "is a group, not a dataset" if key in f else "is missing"
        raise DatasetError(f"{shown}: key '{key}' {problem} (expected keys: {', '.join(keys)}; "
                           f"found: {', '.join(found) or 'none'}); {hint}")


def _check_images(ds: h5py.Dataset, key: str, shown: str) -> np.ndarray:
    """``key`` must be ``(m, height, width, 3)`` uint8 with m >= 1."""
    if ds.ndim != 4 or ds.shape[-1] != 3 or min(ds.shape) < 1:
        raise DatasetError(f"{shown}: '{key}' has shape {ds.shape}, expected (m, 64, 64, 3) "
                           f"(m RGB images, channels last); store the images as one (m, height, width, 3) array")
    if ds.dtype != np.uint8:
        raise DatasetError(f"{shown}: '{key}' has dtype {ds.dtype}, expected uint8; store the raw 0-255 pixel "
                           f"values as uint8 (the course divides by 255 after loading)")
    return ds[()]


def _check_labels(ds: h5py.Dataset, key: str, m: int, shown: str) -> np.ndarray:
    """``key`` must hold ``m`` integer labels in {0, 1}; returns them as ``(1, m)`` int64."""
    if ds.shape not in ((m,), (1, m), (m, 1)):
        raise DatasetError(f"{shown}: '{key}' has shape {ds.shape}, expected ({m},), one label per image; "
                           f"store one 0/1 label for each of the {m} images")
    if ds.dtype.kind not in "iub":
        raise DatasetError(f"{shown}: '{key}' has dtype {ds.dtype}, expected integers (int64); "
                           f"store the labels as integers 0 (non-cat) and 1 (cat)")
    y = ds[()].astype(np.int64).reshape(1, m)
    bad = np.setdiff1d(np.unique(y), [0, 1])
    if bad.size:
        shown_values = ", ".join(str(v) for v in bad[:5]) + (", ..." if bad.size > 5 else "")
        raise DatasetError(f"{shown}: '{key}' holds labels other than 0 and 1 ({shown_values}); "
                           f"use 0 for non-cat and 1 for cat")
    return y


def _check_classes(ds: h5py.Dataset, shown: str) -> np.ndarray:
    """``list_classes`` must be ``[b'non-cat', b'cat']``; returned as an ``S7`` array."""
    values = ds[()]
    names = [v.encode() if isinstance(v, str) else bytes(v) for v in np.ravel(values)] \
        if ds.dtype.kind in "SOU" else None
    if ds.shape != (2,) or names != list(CLASSES):
        found = names if names is not None else f"{ds.dtype} values"
        raise DatasetError(f"{shown}: 'list_classes' is {found} with shape {ds.shape}, expected "
                           f"[b'non-cat', b'cat'] (label 0 = non-cat, 1 = cat); write list_classes in that order")
    return np.array(names)


def _check_pair(train_x: np.ndarray, test_x: np.ndarray, info: CatDataInfo) -> None:
    """Train and test images must have the same size, or a model trained on one cannot read the other."""
    if train_x.shape[1:] != test_x.shape[1:]:
        raise DatasetError(f"{_display(info.test_path, info.root)}: images are {test_x.shape[1:]} but the train "
                           f"images in {_display(info.train_path, info.root)} are {train_x.shape[1:]}; "
                           f"use a train and test file from the same dataset")


# --------------------------------------------------------------------------- small helpers


def _read_sums(path: Path) -> dict[str, str]:
    """Parse a ``sha256sum`` file (``<hex>  <name>`` lines, ``#`` comments) into ``{name: hex}``."""
    if not path.is_file():
        return {}
    sums = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _display(path: Path, root: Path) -> str:
    """``path`` relative to the course root when it lies inside it (shorter messages)."""
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except (ValueError, OSError):
        return str(path)
