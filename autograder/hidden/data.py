"""The cat / non-cat data as the hidden checks use it, loaded once per grader process."""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=4)
def cat_data(pixels: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train (n_x, m_train), Y_train (1, m_train), X_test (n_x, m_test), Y_test (1, m_test).

    Pictures as the course flattens them (``reshape(m, -1).T / 255``), averaged down to
    ``pixels`` x ``pixels`` when smaller than 64 (n_x = pixels * pixels * 3), in C order
    whoever runs the check: the sandbox's wire delivers arrays in C order, and layout alone
    changes the speed of a loop over columns. Labels are floats. Read-only: cached.
    """
    from autograder.datasets.loader import load_cat_data

    train_x, train_y, test_x, test_y, _ = load_cat_data(verbose=False)

    def flatten(images: np.ndarray) -> np.ndarray:
        images = images.astype(float)
        if pixels != images.shape[1]:
            f = images.shape[1] // pixels
            images = images.reshape(images.shape[0], pixels, f, pixels, f, 3).mean(axis=(2, 4))
        X = np.ascontiguousarray(images.reshape(images.shape[0], -1).T / 255.0)
        X.setflags(write=False)
        return X

    def labels(y: np.ndarray) -> np.ndarray:
        Y = y.astype(float).reshape(1, -1)
        Y.setflags(write=False)
        return Y

    return flatten(train_x), labels(train_y), flatten(test_x), labels(test_y)
