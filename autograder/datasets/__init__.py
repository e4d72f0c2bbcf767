"""The course's datasets: the cat / non-cat images and the 2-D planar sets.

>>> from autograder.datasets import load_cat_data, load_planar_dataset
>>> train_x, train_y, test_x, test_y, classes = load_cat_data()   # prints which data it loaded
cat data: the project's generated stand-in, 209 train + 50 test (datasets/standin/train_catvnoncat.h5, ...)
>>> X, Y = load_planar_dataset()          # the module-3 flower: X (2, 400), Y (1, 400)

- :func:`load_cat_data` finds the pair (``NNDL_CAT_DATA``, then ``datasets/``, then the
  stand-in in ``datasets/standin/``), checks its schema and says whether it is the course's
  original, the project's stand-in, or unrecognized; :func:`last_loaded` tells afterwards.
- :func:`load_planar_dataset` and :func:`load_extra_datasets` generate the planar sets
  with NumPy alone, deterministically.
- ``python -m autograder.datasets.preview --out DIR`` draws all of them as PNGs.
"""

from autograder.datasets.loader import (
    CLASSES,
    ENV_VAR,
    CatDataInfo,
    DatasetError,
    describe_cat_data,
    last_loaded,
    load_cat_data,
)
from autograder.datasets.planar import EXTRA_NAMES, load_extra_datasets, load_planar_dataset

__all__ = [
    "CLASSES",
    "ENV_VAR",
    "EXTRA_NAMES",
    "CatDataInfo",
    "DatasetError",
    "describe_cat_data",
    "last_loaded",
    "load_cat_data",
    "load_extra_datasets",
    "load_planar_dataset",
]
