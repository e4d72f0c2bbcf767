"""Public checks that tell a student precisely what is wrong.

A check function in ``moduleN.py`` makes a :class:`Checker` for the graded function,
calls the function on fixed inputs, compares what it returned with what the notebook
shows as the expected output, and ends with :meth:`Checker.done`::

    def test_sigmoid(sigmoid):
        c = Checker("sigmoid")
        s = c.call(sigmoid, np.array([0.0, 2.0]))
        c.shape(s, (2,))
        c.close(s, [0.5, 0.88079708], hint="sigmoid(z) = 1 / (1 + np.exp(-z))")
        c.done()

Every check prints one line: ``✓ sigmoid: shape`` when it passes, and on failure what was
expected, what was found and a hint for the likely mistake. ``done()`` raises
:class:`CheckFailed` when anything failed; in Jupyter it shows as one line, not a traceback,
because a failed check is an expected outcome for a student, not a crash.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import numpy as np

from autograder.public.evidence import fingerprint, likely_mistake

__all__ = ["Checker", "CheckFailed", "FAILED", "diagnose", "relative_error",
           "numerical_gradient", "describe", "deep_equal", "snapshot"]


class _Failed:
    """Sentinel returned by :meth:`Checker.call` when the student's function raised."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED = _Failed()

GREEN, RED, BOLD, RESET = "\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[0m"


def _use_colour() -> bool:
    """Colour in Jupyter (which renders ANSI) and on terminals, plain text elsewhere."""
    if os.environ.get("NO_COLOR"):
        return False
    if "ipykernel" in sys.modules:
        return True
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


def paint(text: str, colour: str) -> str:
    return f"{colour}{text}{RESET}" if _use_colour() else text


class CheckFailed(AssertionError):
    """Raised by :meth:`Checker.done` when a public check failed.

    IPython calls ``_render_traceback_`` instead of printing a traceback, so the student
    sees the summary line under the check lines that already explain the failure.
    """

    def __init__(self, function: str, failed: int, total: int, first: str = "") -> None:
        self.function, self.failed, self.total = function, failed, total
        # The first failure itself, not only a pointer to it: nbgrader's Validate dialog
        # shows this message alone, without the ✗ lines printed above it.
        more = f" (and {failed - 1} more, marked ✗ above)" if failed > 1 else ""
        super().__init__(f"{failed} of {total} checks failed for {function}: {first}{more}" if first else
                         f"{failed} of {total} checks failed for {function}: see the lines marked ✗ above.")

    def _render_traceback_(self) -> list[str]:
        return [paint(f"CheckFailed: {self}", RED)]


def describe(value: Any, limit: int = 140) -> str:
    """A one-line, bounded description of a value for messages."""
    if isinstance(value, np.ndarray):
        if value.size > 12:
            text = (f"array of shape {value.shape}, dtype {value.dtype}, "
                    f"first values {np.array2string(value.ravel()[:4], precision=6)}")
        else:
            text = f"{np.array2string(value, precision=8, separator=', ')} (shape {value.shape})"
    elif isinstance(value, float):
        text = f"{value:.8g}"
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_array(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def diagnose(found: Any, expected: Any, m: int | None = None) -> str | None:
    """Name the likely mistake behind ``found`` differing from ``expected``.

    Shape mistakes are recognized first (a transpose, a rank-1 array, a broadcast that
    blew up into a matrix), then value mistakes (sign, a missing or doubled ``1/m``,
    integer truncation, a constant factor). Returns None when nothing is recognized.
    """
    f_shape, e_shape = np.shape(found), np.shape(expected)
    if f_shape != e_shape:
        if len(e_shape) == 2 and f_shape == e_shape[::-1]:
            return "the shape is transposed: check where you use .T (or np.dot's argument order)."
        if len(f_shape) == 1 and len(e_shape) == 2 and f_shape[0] in e_shape and 1 in e_shape:
            return (f"a rank-1 array of shape {f_shape}: keep two dimensions, e.g. "
                    f"np.sum(..., axis=1, keepdims=True) or .reshape{e_shape}.")
        if len(e_shape) == 0 and np.size(found) == 1:
            return "a scalar is expected: use float(...) or np.squeeze(...) on the result."
        if np.size(found) > max(1, int(np.prod(e_shape))) and len(f_shape) == 2:
            return ("broadcasting made a bigger array than expected: an (n, 1) and a (1, n) "
                    "(or a rank-1) array were combined; check transposes and keepdims.")
        return None
    f, e = _as_array(found), _as_array(expected)
    if f is None or e is None or not np.all(np.isfinite(f)):
        if f is not None and not np.all(np.isfinite(f)):
            return "the result has NaN or inf: look for log(0), division by zero or overflow."
        return None
    if np.issubdtype(np.asarray(found).dtype, np.integer) and not np.allclose(e, np.round(e)):
        return ("the result is an integer array, so fractions were lost: start from floats "
                "(e.g. 0.0 instead of 0, or np.zeros).")
    if np.any(e != 0) and np.allclose(f, -e, rtol=1e-4, atol=1e-9):
        return "the sign is flipped: check the minus signs in the formula."
    if m and m > 1:
        if np.allclose(f, e * m, rtol=1e-4, atol=1e-9):
            return f"the result is m = {m} times too large: the average's 1/m is missing."
        if np.allclose(f, e / m, rtol=1e-4, atol=1e-9):
            return f"the result is m = {m} times too small: 1/m is applied twice."
    # Any single wrong number is "off by a constant factor" of the right one: the hint
    # only means something when several entries share the factor (and the zeros agree).
    nonzero = np.abs(e) > 1e-12
    if np.count_nonzero(nonzero) >= 2 and np.allclose(f[~nonzero], 0.0, atol=1e-9):
        ratios = f[nonzero] / e[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-4) and not np.isclose(ratios[0], 1.0):
            return f"every entry is off by the same factor, {ratios[0]:.4g}."
    return None


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    r"""Relative difference :math:`\|a - b\| / (\|a\| + \|b\|)`, 0 when both are zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       eps: float = 1e-7) -> np.ndarray:
    r"""Centered finite differences :math:`(f(x + \epsilon e_i) - f(x - \epsilon e_i)) / 2\epsilon`.

    Parameters
    ----------
    f : callable, ndarray (same shape as x) -> float
    x : ndarray (any shape), the point; not modified
    """
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + eps
        plus = float(f(x))
        x[i] = saved - eps
        minus = float(f(x))
        x[i] = saved
        grad[i] = (plus - minus) / (2 * eps)
    return grad


class Checker:
    """Runs and reports the public checks of one graded function."""

    # When a list, every Checker made appends itself (the mistake table's generator reads
    # their observations: autograder/hidden/mistake_table.py).
    recording: list[Checker] | None = None

    def __init__(self, function: str, stream: TextIO | None = None, module: str | None = None) -> None:
        self.function = function
        self.stream = stream
        self.passed = 0
        self.failed = 0
        self.first_failure = ""   # what the CheckFailed message quotes
        self.broken = False  # the function raised: later checks have nothing to look at
        # the check module ("module2") whose catalogue names mistakes: the caller's, by default
        self.module = module or sys._getframe(1).f_globals.get("__name__", "").rsplit(".", 1)[-1]
        self.observations: list[tuple[str, Any, bool]] = []   # (what was looked at, its fingerprint, ok)
        self.mistake: str | None = None   # the catalogued mistake named when the checks failed
        if Checker.recording is not None:
            Checker.recording.append(self)

    def _observe(self, key: str, found: Any, ok: bool) -> None:
        """Keep what was seen, for naming the mistake (evidence.py)."""
        seen = sum(1 for k, _, _ in self.observations if k.split("#", 1)[0] == key)
        self.observations.append((f"{key}#{seen + 1}" if seen else key, fingerprint(found), ok))

    # -- reporting ---------------------------------------------------------------------
    def _print(self, line: str) -> None:
        print(line, file=self.stream or sys.stdout)

    def _pass(self, what: str) -> bool:
        self.passed += 1
        self._print(f"{paint('✓', GREEN)} {self.function}: {what}")
        return True

    def _fail(self, what: str, detail: str) -> bool:
        self.failed += 1
        if self.failed == 1:
            self.first_failure = f"{what} — {detail}"
        self._print(f"{paint('✗', RED)} {paint(self.function + ': ' + what, BOLD)} — {detail}")
        return False

    def _skip(self, *values: Any) -> bool:
        return self.broken or any(v is FAILED for v in values)

    @staticmethod
    def _detail(expected: Any, found: Any, hint: str | None) -> str:
        parts = []
        if expected is not None:
            parts.append(f"expected {describe(expected)}")
        if found is not None:
            parts.append(f"found {describe(found)}")
        text = ", ".join(parts) + "." if parts else ""
        if hint:
            text += f" Hint: {hint}"
        return text.strip()

    # -- checks ------------------------------------------------------------------------
    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the student's function; report a raised exception as a failed check.

        After one call raised, later calls are skipped quietly: the first message says it all.
        """
        if self.broken:
            return FAILED
        try:
            return fn(*args, **kwargs)
        except NotImplementedError as error:
            self.broken = True
            self._observe("call", "NotImplementedError", False)
            # the stub's own words (todo()), so the check, the cell and `autograder check` agree
            self._fail("not written yet", str(error) or f"{self.function} raised NotImplementedError: "
                       "replace the `raise` line with your code and run that cell again.")
        except Exception as error:  # noqa: BLE001 (a student's bug: report it, don't crash the notebook)
            self.broken = True
            message = " ".join(str(error).split())[:200]
            self._observe("call", f"{type(error).__name__}: {message}", False)
            self._fail("raised an error", f"{type(error).__name__}: {message}. Hint: run "
                       f"{self.function} on the example above to see where it fails.")
        return FAILED

    def true(self, condition: bool, what: str, expected: Any = None, found: Any = None,
             hint: str | None = None) -> bool:
        if self._skip(found):
            return False
        self._observe(f"true:{what}", found, bool(condition))
        if condition:
            return self._pass(what)
        return self._fail(what, self._detail(expected, found, hint))

    def equal(self, found: Any, expected: Any, what: str, hint: str | None = None) -> bool:
        if self._skip(found):
            return False
        try:
            same = bool(np.array_equal(found, expected)) if isinstance(found, np.ndarray) \
                else bool(found == expected)
        except Exception:  # noqa: BLE001 (a student's value whose == raises is simply not equal)
            same = False
        self._observe(f"equal:{what}", found, same)
        if same:
            return self._pass(what)
        return self._fail(what, self._detail(expected, found, hint))

    def shape(self, found: Any, expected_shape: tuple, what: str = "output",
              hint: str | None = None) -> bool:
        if self._skip(found):
            return False
        found_shape = np.shape(found) if isinstance(found, (np.ndarray, list, tuple, float, int)) \
            else getattr(found, "shape", None)
        self._observe(f"shape:{what}", list(found_shape) if isinstance(found_shape, tuple) else found_shape,
                      found_shape == tuple(expected_shape))
        if found_shape == tuple(expected_shape):
            return self._pass(f"{what} has shape {tuple(expected_shape)}")
        dummy = np.zeros(found_shape) if isinstance(found_shape, tuple) else found
        hint = diagnose(dummy, np.zeros(expected_shape)) or hint
        return self._fail(f"{what} shape", self._detail(
            f"shape {tuple(expected_shape)}", f"shape {found_shape}" if found_shape is not None
            else f"{type(found).__name__} (no shape)", hint))

    def dtype_kind(self, found: Any, kinds: str = "f", what: str = "output") -> bool:
        """``kinds`` as numpy's dtype.kind letters: f float, i/u integer, b bool."""
        if self._skip(found):
            return False
        kind = np.asarray(found).dtype.kind
        names = {"f": "float", "i": "integer", "u": "unsigned", "b": "bool"}
        wanted = " or ".join(names.get(k, k) for k in kinds)
        self._observe(f"dtype:{what}", kind, kind in kinds)
        if kind in kinds:
            return self._pass(f"{what} is {wanted}")
        hint = None
        if "f" in kinds and kind == "b":
            hint = "a comparison gives booleans: convert with .astype(float)."
        elif "f" in kinds and kind in "iu":
            hint = "integers lose fractions: start from floats (0.0, np.zeros)."
        return self._fail(f"{what} dtype", self._detail(wanted, f"{np.asarray(found).dtype}", hint))

    def scalar(self, found: Any, what: str = "cost") -> bool:
        """A Python number or a 0-d array (the course's cost convention)."""
        if self._skip(found):
            return False
        ok = isinstance(found, (int, float, np.floating, np.integer)) and not isinstance(found, bool)
        ok = ok or (isinstance(found, np.ndarray) and found.ndim == 0)
        self._observe(f"scalar:{what}", type(found).__name__ + str(np.shape(found)), ok)
        if ok:
            return self._pass(f"{what} is a scalar")
        return self._fail(f"{what} is not a scalar", self._detail(
            "a float", found, "use float(...) or np.squeeze(...) to turn a 1x1 array into a number."))

    def close(self, found: Any, expected: Any, what: str = "values", rtol: float = 1e-5,
              atol: float = 1e-7, hint: str | None = None, m: int | None = None) -> bool:
        if self._skip(found):
            return False
        expected_arr = np.asarray(expected, dtype=float)
        found_arr = _as_array(found)
        # A 0-d expected value takes a 0-d answer of size 1 (a NumPy scalar or a 0-d array).
        shape_ok = found_arr is not None and (found_arr.shape == expected_arr.shape or (
            expected_arr.ndim == 0 and found_arr.size == 1 and found_arr.ndim == 0))
        ok = found_arr is not None and shape_ok and bool(np.all(np.isfinite(found_arr))) and bool(
            np.allclose(found_arr, expected_arr, rtol=rtol, atol=atol))
        self._observe(f"close:{what}", found, ok)
        if ok:
            return self._pass(what)
        if found_arr is None:
            return self._fail(what, self._detail(expected, found, "return numbers (an ndarray or a float)."))
        if not shape_ok:
            return self._fail(f"{what} shape", self._detail(
                f"shape {expected_arr.shape}", f"shape {found_arr.shape}",
                diagnose(found, expected_arr, m) or hint))
        return self._fail(what, self._detail(expected, found, diagnose(found, expected_arr, m) or hint))

    def keys(self, found: Any, expected_keys: Iterable[str], what: str = "returned dict") -> bool:
        if self._skip(found):
            return False
        expected_keys = list(expected_keys)
        if not isinstance(found, dict):
            return self._fail(what, self._detail(f"a dict with keys {expected_keys}",
                                                 type(found).__name__, None))
        missing = [k for k in expected_keys if k not in found]
        extra = [k for k in found if k not in expected_keys]
        self._observe(f"keys:{what}", " ".join(sorted(map(str, found))), not missing and not extra)
        if not missing and not extra:
            return self._pass(f"{what} has keys {expected_keys}")
        detail = []
        if missing:
            detail.append(f"missing keys {missing}")
        if extra:
            detail.append(f"unexpected keys {extra}")
        return self._fail(what, "; ".join(detail) + ". Hint: check the key names (e.g. 'dW1', not 'dw1').")

    def unchanged(self, before: Any, after: Any, what: str = "input") -> bool:
        """``before`` is a deep copy taken before the call, ``after`` the object passed in."""
        if self.broken:
            return False
        self._observe(f"unchanged:{what}", "unchanged" if deep_equal(before, after) else "changed",
                      deep_equal(before, after))
        several = " and " in what   # "parameters and grads are", "X is"
        if deep_equal(before, after):
            return self._pass(f"{what} {'are' if several else 'is'} not modified")
        return self._fail(f"{what} {'were' if several else 'was'} modified",
                          f"the function changed its input{'s' if several else ''} {what}. "
                          "Hint: work on a copy (copy.deepcopy) instead of updating in place (-=).")

    def grad_check(self, f: Callable[[np.ndarray], float], x: np.ndarray, analytic: Any,
                   what: str, eps: float = 1e-7, threshold: float = 1e-6) -> bool:
        """Compare an analytic gradient with centered finite differences of ``f`` at ``x``."""
        if self._skip(analytic):
            return False
        analytic_arr = _as_array(analytic)
        if analytic_arr is None or analytic_arr.shape != np.shape(x):
            return self._fail(f"gradient check of {what}", self._detail(
                f"shape {np.shape(x)}", f"shape {np.shape(analytic)}", None))
        numeric = numerical_gradient(f, x, eps)
        error = relative_error(analytic_arr, numeric)
        self._observe(f"gradient:{what}", analytic, error < threshold)
        if error < threshold:
            return self._pass(f"gradient check of {what} (relative error {error:.1e})")
        return self._fail(f"gradient check of {what}", f"relative error {error:.1e} between your "
                          f"gradient and the numerical one (threshold {threshold:.0e}). "
                          f"Hint: {diagnose(analytic_arr, numeric) or 'check the chain rule step by step.'}")

    def done(self) -> None:
        total = self.passed + self.failed
        if self.failed or self.broken:
            failed = [(key, seen) for key, seen, ok in self.observations if not ok]
            self.mistake = likely_mistake(self.module, self.function, failed)
            first = self.first_failure
            if self.mistake:
                self._print(f"{paint('→', RED)} {paint('Likely mistake:', BOLD)} {self.mistake}")
                first = f"likely mistake: {self.mistake} ({first})"
            raise CheckFailed(self.function, self.failed, total, first)
        self._print(paint(f"All {total} checks passed for {self.function}.", GREEN))


def snapshot(value: Any) -> Any:
    """Deep copy of an input, taken before a call, for :meth:`Checker.unchanged`."""
    return copy.deepcopy(value)


def deep_equal(a: Any, b: Any) -> bool:
    """Exact equality of nested dicts, lists, tuples and arrays (for the mutation checks)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
        except TypeError:  # equal_nan needs a numeric dtype
            return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 (values whose == raises, or is not a truth value, are not equal)
        return False
