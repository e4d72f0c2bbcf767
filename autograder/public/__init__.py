"""What students use from the notebooks: ``todo()`` for the stubs and the public checks.

Public checks live in ``moduleN.py`` (one ``test_<function>`` per graded function) and are
built on :class:`autograder.public.report.Checker`. Nothing here knows the hidden checks or
the reference solutions: this package ships to students.
"""

import sys


def todo() -> str:
    """Message for a stub's ``raise NotImplementedError(todo())``, naming the function.

    nbgrader replaces every solution region with the same stub text, so the stub cannot
    spell the function's name itself; the caller's frame knows it.
    """
    name = sys._getframe(1).f_code.co_name
    if name == "<module>":
        return "this exercise is not written yet: replace the `raise` line with your code."
    return (f"`{name}` is not written yet: replace the `raise NotImplementedError(...)` line "
            f"in `{name}` with your code, run its cell, then run the check below it.")
