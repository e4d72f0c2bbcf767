"""Course companion for "Neural Networks and Deep Learning".

Sub-packages, by who uses them:

- ``autograder.datasets``: the cat / non-cat stand-in, the planar sets and the loader
  (students and instructors).
- ``autograder.public``: the public checks that students run from the notebooks.
- the grading pipeline itself (instructors only).
"""

from pathlib import Path

__version__ = "0.1.0"

ROOT = Path(__file__).resolve().parent.parent
"""The course root: where ``solutions/``, ``notebooks/`` and ``datasets/`` live."""
