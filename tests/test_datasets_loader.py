"""Tests of autograder.datasets.loader: schema, recognition, search order, error messages.

Fixture pairs are small HDF5 files with the course's schema written into tmp_path; the
search order is exercised with ``root=tmp_path`` so nothing is written into the repo.
The course's original files are read in place from ../shared/datasets/catvnoncat/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import h5py
import numpy as np
import pytest

from autograder import ROOT
from autograder.datasets import (
    CLASSES,
    ENV_VAR,
    DatasetError,
    describe_cat_data,
    last_loaded,
    load_cat_data,
    loader,
)

ORIGINALS = ROOT.parent / "shared" / "datasets" / "catvnoncat"
needs_originals = pytest.mark.skipif(
    not (ORIGINALS / "train_catvnoncat.h5").is_file(),
    reason=f"the course's original files are not at {ORIGINALS} (only on the project's machine)",
)


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    """A developer's NNDL_CAT_DATA must not change what these tests load."""
    monkeypatch.delenv(ENV_VAR, raising=False)


# --------------------------------------------------------------------------- fixture files


def write_split(path: Path, split: str, m: int, *, size: int = 64, seed: int = 0,
                x=None, y=None, classes=None, drop: tuple[str, ...] = ()) -> Path:
    """Write one file with the course's schema (``m`` images of ``size`` x ``size``).

    ``x``, ``y``, ``classes`` replace the arrays stored under ``<split>_set_x``,
    ``<split>_set_y`` and ``list_classes``; keys in ``drop`` are left out.
    """
    rng = np.random.default_rng(seed)
    arrays = {
        f"{split}_set_x": rng.integers(0, 256, size=(m, size, size, 3), dtype=np.uint8) if x is None else x,
        f"{split}_set_y": (np.arange(m) % 2).astype(np.int64) if y is None else y,
        "list_classes": np.array(CLASSES, dtype="S7") if classes is None else classes,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        for key, value in arrays.items():
            if key not in drop:
                f.create_dataset(key, data=value)
    return path


def write_pair(folder: Path, m_train: int = 6, m_test: int = 4, **test_overrides) -> Path:
    """A valid train/test pair in ``folder``; ``test_overrides`` go to the test file."""
    write_split(folder / "train_catvnoncat.h5", "train", m_train, seed=1)
    write_split(folder / "test_catvnoncat.h5", "test", m_test, seed=2, **test_overrides)
    return folder


def load_error(folder: Path, **kwargs) -> str:
    """Load ``folder`` expecting a DatasetError; return its message after checking its form."""
    with pytest.raises(DatasetError) as caught:
        load_cat_data(folder, verbose=False, **kwargs)
    message = str(caught.value)
    assert "\n" not in message, f"message spans lines: {message!r}"
    # No h5py traceback chained underneath: the message is the whole story.
    error = caught.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    return message


# --------------------------------------------------------------------------- schema


def test_fixture_pair_has_the_course_shapes(tmp_path):
    folder = write_pair(tmp_path / "data", m_train=6, m_test=4)
    train_x, train_y, test_x, test_y, classes = load_cat_data(folder, verbose=False)
    assert train_x.shape == (6, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (4, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 6) and train_y.dtype == np.int64
    assert test_y.shape == (1, 4) and test_y.dtype == np.int64
    assert list(train_y[0]) == [0, 1, 0, 1, 0, 1]
    assert classes.shape == (2,) and list(classes) == [b"non-cat", b"cat"]
    # The course's preprocessing must work on what is returned.
    assert (train_x.reshape(train_x.shape[0], -1).T / 255.0).shape == (12288, 6)


def test_unrecognized_data_loads_and_says_so(tmp_path, capsys):
    folder = write_pair(tmp_path / "mine")
    load_cat_data(folder, root=tmp_path)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    assert out.startswith("cat data: unrecognized cat data")
    assert "mine/train_catvnoncat.h5" in out and "mine/test_catvnoncat.h5" in out
    info = last_loaded()
    assert (info.kind, info.chosen_by, info.m_train, info.m_test) == ("unrecognized", "argument", 6, 4)


def test_verbose_false_prints_nothing(tmp_path, capsys):
    load_cat_data(write_pair(tmp_path), verbose=False)
    assert capsys.readouterr().out == ""


def test_labels_stored_as_int32_or_row_are_returned_as_int64_rows(tmp_path):
    folder = write_pair(tmp_path, m_test=4, y=np.array([[1, 0, 1, 1]], dtype=np.int32))
    _, _, _, test_y, _ = load_cat_data(folder, verbose=False)
    assert test_y.dtype == np.int64 and test_y.tolist() == [[1, 0, 1, 1]]


def test_variable_length_string_classes_are_accepted(tmp_path):
    folder = write_pair(tmp_path, classes=np.array(["non-cat", "cat"], dtype=h5py.string_dtype()))
    *_, classes = load_cat_data(folder, verbose=False)
    assert list(classes) == [b"non-cat", b"cat"]


def test_describe_does_not_read_the_images(tmp_path):
    info = describe_cat_data(write_pair(tmp_path))
    assert info.m_train is None and info.kind == "unrecognized"
    assert "train +" not in info.summary


# --------------------------------------------------------------------------- the course's originals


@needs_originals
def test_originals_are_recognised_by_sha256(capsys):
    train_x, train_y, test_x, test_y, classes = load_cat_data(ORIGINALS)
    line = capsys.readouterr().out.strip()
    assert line.startswith("cat data: the course's original images, 209 train + 50 test")
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert int(train_y.sum()) == 72 and int(test_y.sum()) == 33
    assert list(classes) == [b"non-cat", b"cat"]
    assert last_loaded().kind == "original"


@needs_originals
def test_sums_file_matches_the_shared_sums():
    shared = loader._read_sums(ORIGINALS / "SHA256SUMS")
    assert loader.original_sha256sums() == shared
    assert loader.sha256_of(ORIGINALS / "test_catvnoncat.h5") == shared["test_catvnoncat.h5"]


@needs_originals
def test_originals_found_through_the_environment_variable(tmp_path, monkeypatch, capsys):
    write_pair(tmp_path / "datasets")  # would be next in line: the variable must win
    monkeypatch.setenv(ENV_VAR, str(ORIGINALS))
    load_cat_data(root=tmp_path)
    assert f"from {ENV_VAR}" in capsys.readouterr().out
    info = last_loaded()
    assert (info.kind, info.chosen_by) == ("original", ENV_VAR)


# --------------------------------------------------------------------------- the stand-in and the search order


def test_standin_recognised_by_its_folder(tmp_path, capsys):
    write_pair(tmp_path / "datasets" / "standin")
    load_cat_data(root=tmp_path)
    line = capsys.readouterr().out.strip()
    assert line.startswith("cat data: the project's generated stand-in, 6 train + 4 test")
    assert "(datasets/standin/train_catvnoncat.h5, datasets/standin/test_catvnoncat.h5)" in line
    assert (last_loaded().kind, last_loaded().chosen_by) == ("standin", "stand-in")


def write_standin_sums(standin: Path, names=("train_catvnoncat.h5", "test_catvnoncat.h5")) -> None:
    lines = [f"{hashlib.sha256((standin / n).read_bytes()).hexdigest()}  {n}" for n in names]
    (standin / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def test_standin_sums_recognise_a_copy_and_reject_an_edit(tmp_path):
    standin = write_pair(tmp_path / "datasets" / "standin")
    write_standin_sums(standin)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("train_catvnoncat.h5", "test_catvnoncat.h5"):
        (copy / name).write_bytes((standin / name).read_bytes())
    assert describe_cat_data(copy, root=tmp_path).kind == "standin"
    write_split(standin / "test_catvnoncat.h5", "test", 4, seed=99)  # no longer the listed file
    info = describe_cat_data(root=tmp_path)
    assert (info.kind, info.train_kind, info.test_kind) == ("mixed", "standin", "unrecognized")


def test_mixed_pair_loads_and_names_both_kinds(tmp_path, capsys):
    standin = write_pair(tmp_path / "datasets" / "standin")
    write_standin_sums(standin, names=("train_catvnoncat.h5",))
    load_cat_data(root=tmp_path)
    line = capsys.readouterr().out
    assert "a mixed pair: train is the project's generated stand-in, test is unrecognized cat data" in line


def test_search_order_env_then_datasets_then_standin(tmp_path, monkeypatch):
    write_pair(tmp_path / "datasets" / "standin", m_train=2)
    assert load_cat_data(root=tmp_path, verbose=False)[0].shape[0] == 2
    write_pair(tmp_path / "datasets", m_train=3)
    assert load_cat_data(root=tmp_path, verbose=False)[0].shape[0] == 3
    assert last_loaded().chosen_by == "datasets/"
    monkeypatch.setenv(ENV_VAR, str(write_pair(tmp_path / "elsewhere", m_train=4)))
    assert load_cat_data(root=tmp_path, verbose=False)[0].shape[0] == 4
    # An explicit directory beats everything.
    explicit = write_pair(tmp_path / "explicit", m_train=5)
    assert load_cat_data(explicit, root=tmp_path, verbose=False)[0].shape[0] == 5


def test_nothing_found_says_to_generate_the_standin(tmp_path):
    message = load_error(None, root=tmp_path)
    assert message.startswith("datasets/standin/train_catvnoncat.h5: file not found")
    assert "make datasets" in message


def test_lone_file_in_datasets_is_an_error_not_a_fallback(tmp_path):
    write_pair(tmp_path / "datasets" / "standin")
    write_split(tmp_path / "datasets" / "train_catvnoncat.h5", "train", 3)
    message = load_error(None, root=tmp_path)
    assert message.startswith("datasets/test_catvnoncat.h5: file not found")
    assert "datasets/train_catvnoncat.h5 is there" in message


def test_environment_variable_must_name_a_directory(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    message = load_error(None, root=tmp_path)
    assert message.startswith(f"{ENV_VAR}=") and "not a directory" in message


def test_environment_folder_without_files(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    message = load_error(None, root=tmp_path / "repo")
    assert "train_catvnoncat.h5: file not found" in message and f"unset {ENV_VAR}" in message


# --------------------------------------------------------------------------- broken files


def truncate(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


BROKEN = {
    # name: (how to break the test file of a valid pair, words the message must contain)
    "missing": (lambda p: p.unlink(), "file not found"),
    "empty": (lambda p: p.write_bytes(b""), "not an HDF5 file"),
    "text": (lambda p: p.write_text("train_set_x,train_set_y\n1,2\n"), "not an HDF5 file"),
    "truncated_early": (lambda p: truncate(p, 0.02), "truncated or corrupt"),
    "truncated_half": (lambda p: truncate(p, 0.5), "truncated or corrupt"),
    "truncated_end": (lambda p: truncate(p, 0.99), "truncated or corrupt"),
    "missing_x": (lambda p: write_split(p, "test", 4, drop=("test_set_x",)), "key 'test_set_x' is missing"),
    "missing_classes": (lambda p: write_split(p, "test", 4, drop=("list_classes",)),
                        "key 'list_classes' is missing"),
    "train_file_as_test": (lambda p: write_split(p, "train", 4), "looks like the train file"),
    "x_three_dims": (lambda p: write_split(p, "test", 4, x=np.zeros((4, 64, 192), np.uint8)),
                     "'test_set_x' has shape (4, 64, 192), expected (m, 64, 64, 3)"),
    "x_grey": (lambda p: write_split(p, "test", 4, x=np.zeros((4, 64, 64, 1), np.uint8)),
               "has shape (4, 64, 64, 1)"),
    "x_float": (lambda p: write_split(p, "test", 4, x=np.zeros((4, 64, 64, 3))),
                "'test_set_x' has dtype float64, expected uint8"),
    "y_float": (lambda p: write_split(p, "test", 4, y=np.array([0.0, 1.0, 1.0, 0.0])),
                "'test_set_y' has dtype float64, expected integers"),
    "y_too_short": (lambda p: write_split(p, "test", 4, y=np.array([0, 1, 1])),
                    "'test_set_y' has shape (3,), expected (4,)"),
    "y_not_binary": (lambda p: write_split(p, "test", 4, y=np.array([0, 1, 2, -1])),
                     "labels other than 0 and 1 (-1, 2)"),
    "classes_reversed": (lambda p: write_split(p, "test", 4, classes=np.array([b"cat", b"non-cat"])),
                         "'list_classes' is [b'cat', b'non-cat']"),
    "classes_three": (lambda p: write_split(p, "test", 4, classes=np.array([b"non-cat", b"cat", b"dog"])),
                      "with shape (3,), expected [b'non-cat', b'cat']"),
    "classes_numbers": (lambda p: write_split(p, "test", 4, classes=np.array([0, 1])),
                        "'list_classes' is int64 values"),
    "other_image_size": (lambda p: write_split(p, "test", 4, size=32),
                         "images are (32, 32, 3) but the train images"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_gives_a_one_line_error_naming_it(tmp_path, case):
    folder = write_pair(tmp_path / "data")
    breaker, words = BROKEN[case]
    breaker(folder / "test_catvnoncat.h5")
    message = load_error(folder, root=tmp_path)
    assert message.startswith("data/test_catvnoncat.h5: "), message
    assert words in message, message
    assert ";" in message, f"no fix given: {message}"  # '<file>: <problem>; <fix>'


def test_broken_standin_suggests_regenerating_it(tmp_path):
    write_pair(tmp_path / "datasets" / "standin")
    truncate(tmp_path / "datasets" / "standin" / "train_catvnoncat.h5", 0.5)
    message = load_error(None, root=tmp_path)
    assert message.startswith("datasets/standin/train_catvnoncat.h5: could not be read")
    assert "make datasets" in message


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, ValueError)


# --------------------------------------------------------------------------- the repo's own stand-in


STANDIN = ROOT / "datasets" / "standin"


@pytest.mark.skipif(not (STANDIN / "train_catvnoncat.h5").is_file(),
                    reason="datasets/standin/ not generated yet (make datasets)")
def test_repo_standin_has_the_course_schema():
    train_x, train_y, test_x, test_y, classes = load_cat_data(STANDIN, verbose=False)
    assert last_loaded().kind == "standin"
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    with h5py.File(STANDIN / "train_catvnoncat.h5", "r") as f:
        assert f["train_set_y"].dtype == np.int64 and f["list_classes"].dtype == np.dtype("S7")


# --------------------------------------------------------------------------- previews


def test_preview_writes_three_pngs(tmp_path, capsys):
    from autograder.datasets import preview

    folder = write_pair(tmp_path / "data", m_train=5, m_test=2)
    status = preview.main(["--out", str(tmp_path / "out"), "--cat-data", str(folder)])
    assert status == 0
    out = capsys.readouterr().out
    for name in ("catvnoncat.png", "flower.png", "extra_datasets.png"):
        path = tmp_path / "out" / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"wrote {path}" in out


def test_preview_without_cat_data_still_draws_the_planar_sets(tmp_path, capsys):
    from autograder.datasets import preview

    status = preview.main(["--out", str(tmp_path / "out"), "--cat-data", str(tmp_path / "none")])
    assert status == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["extra_datasets.png", "flower.png"]
    assert "skipped catvnoncat.png: " in capsys.readouterr().err
