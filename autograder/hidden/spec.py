"""How hidden checks are written, and the tester they receive.

A hidden check is a function registered for one graded function::

    @hidden_check("sigmoid", weight=2, title="matches the reference on random inputs")
    def sigmoid_random_inputs(t):
        z = t.rng.normal(0.0, 4.0, size=(3, 4))
        t.compare(t.student("sigmoid", z), t.reference("sigmoid", z), what="sigmoid(z)")

The tester ``t`` is the same whoever runs the student's code: inside the notebook's kernel
(nbgrader's autograde, the notebook's own hidden cells) or in the grader's sandbox, where
``t.student`` is a call into another process. Comparisons always happen on the grader's
side, with the reference; messages name what was tested without revealing expected values.

A check fails by raising :class:`~autograder.errors.CheckFailure` (``t.check``, ``t.fail``
and ``t.compare`` do): the grader's exception, whose one-line message reaches the student
only through ``grades.csv`` and the feedback page (:class:`~autograder.errors.StudentError`
and :class:`~autograder.errors.CheckTimeout`, its kinds, say the student's code raised or ran
too long). It is not the public checks' ``CheckFailed`` (:mod:`autograder.public.report`),
which a notebook's own check cells raise in front of the student.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# What a check raises: defined in autograder.errors (the sandbox's plumbing raises them too)
# and importable from here, where checks are written. A hidden check fails with CheckFailure,
# in the grader, and the row says "failed"; the public checks' CheckFailed is another
# exception, raised in the student's own notebook for the student to read.
from autograder.errors import CheckFailure, StudentError
from autograder.hidden.diagnosis import Call, name_the_mistake
from autograder.hidden.mistakes import Mistake
from autograder.public.report import deep_equal, numerical_gradient, relative_error
from autograder.student_side import StudentSide, Timing

__all__ = ["CheckFailure", "HiddenCheck", "REGISTRY", "StudentSide", "Tester", "Timing", "compare", "hidden_check"]


@dataclass(frozen=True)
class HiddenCheck:
    module: str                 # "module2": the assignment's check module
    function: str               # the graded function it exercises
    name: str                   # the check's Python name, unique within the module
    title: str                  # what it tests, shown to students
    weight: float               # share of the function's points
    run: Callable[[Tester], None]
    about_mutation: bool = False  # the function's dedicated "does not change its inputs" check

    @property
    def check_id(self) -> str:
        return f"{self.function}.{self.name}"

    @property
    def seed(self) -> int:
        """Fixed per check, so grading is reproducible and checks do not share inputs."""
        return zlib.crc32(f"{self.module}/{self.check_id}".encode())


REGISTRY: dict[str, list[HiddenCheck]] = {}


def hidden_check(function: str, weight: float = 1.0, title: str | None = None, about_mutation: bool = False):
    """Register a hidden check of ``function`` in its module's list.

    Every call through ``t.student`` fails its check when the function changes an argument
    in place, unless the function has a check registered with ``about_mutation=True``:
    then that check alone judges mutation, and a function that is right apart from
    changing its inputs loses only that check's points.
    """
    def register(run: Callable[[Tester], None]) -> Callable[[Tester], None]:
        module = run.__module__.rsplit(".", 1)[-1]
        check = HiddenCheck(module, function, run.__name__,
                            title or (run.__doc__ or run.__name__).strip().splitlines()[0],
                            float(weight), run, about_mutation)
        checks = REGISTRY.setdefault(module, [])
        if any(c.check_id == check.check_id for c in checks):
            raise ValueError(f"hidden check {check.check_id} is registered twice in {module}")
        checks.append(check)
        return run
    return register


class Tester:
    """What a hidden check uses: the student's and the reference's functions, comparisons."""

    def __init__(self, check: HiddenCheck, student: StudentSide, reference: dict,
                 failing: frozenset[str] = frozenset()):
        self.check_info = check
        self.failing = failing   # graded functions already found wrong by an earlier check
        self.rng = np.random.default_rng(check.seed)
        self._student = student
        self._reference = reference
        self.calls: list[Call] = []            # every call of the student's functions, for diagnosis
        self.parts: dict[str, float] = {}      # output -> the share of it earned (see compare's part)
        self.part_messages: dict[str, str] = {}   # output -> why it lost its share (the first reason)
        self.mistake: Mistake | None = None    # the catalogued mistake named, if any

    # -- calling -----------------------------------------------------------------------
    def student(self, name: str, *args, **kwargs) -> Any:
        """Call the student's ``name`` on copies of the arguments; fail if it mutates them
        (see :func:`hidden_check` for the functions whose mutation one check judges)."""
        sent_args, sent_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        pristine_args, pristine_kwargs = copy.deepcopy(sent_args), copy.deepcopy(sent_kwargs)
        call = Call(name, pristine_args, pristine_kwargs, np.random.get_state())
        self.calls.append(call)
        try:
            result, args_after, kwargs_after = self._student.call(name, sent_args, sent_kwargs)
        except StudentError as error:
            call.raised = str(error)
            raise
        call.result, call.args_after, call.kwargs_after = result, args_after, kwargs_after
        if not self._judges_mutation(name):
            return result
        for index, (before, after) in enumerate(zip(pristine_args, args_after, strict=False)):
            if not deep_equal(before, after):
                raise CheckFailure(f"{name} changed its argument #{index + 1} in place; "
                                   "work on a copy (copy.deepcopy) instead of updating it.")
        for key in pristine_kwargs:
            if not deep_equal(pristine_kwargs[key], kwargs_after.get(key)):
                raise CheckFailure(f"{name} changed its argument {key!r} in place; work on a copy.")
        return result

    def student_printing(self, name: str, *args, **kwargs) -> tuple[Any, str]:
        """:meth:`student`, and what the call printed (wherever the student's code runs)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):   # a function called in this process
            result = self.student(name, *args, **kwargs)
        return result, out.getvalue() + self._student.printed

    def _judges_mutation(self, name: str) -> bool:
        if self.check_info.about_mutation:
            return True
        dedicated = any(c.about_mutation and c.function == name
                        for c in REGISTRY.get(self.check_info.module, []))
        return not dedicated

    def reference(self, name: str, *args, **kwargs) -> Any:
        return REFERENCE_MEMO.call(self._reference[name], args, kwargs)

    def speed_against(self, name: str, args: tuple, baseline_code: str, vary: Callable[[int], Any],
                      repeats: int = 7) -> Timing:
        """Time the student's ``name`` against ``baseline_code``'s function of the same name.

        Both run in processes of their own with the same limits (one BLAS thread), called
        alternately ``repeats`` times on the same ``args`` except the first, which is
        ``vary(i)`` on repetition ``i`` (a different value each time, so no earlier answer
        can serve a later call). The times are taken here, in the grader, with every
        process of the student's stopped while the baseline runs; the ratio is baseline
        median / student median. Every timed answer is judged, not just the last, so fast
        garbage on some calls cannot pass: against the reference's answer to the same
        input, or, for a function an earlier check already found wrong (its answers are
        not the reference's anyway), against its own answer to the same input asked again
        afterwards, untimed.
        """
        own = name in self.failing
        timing = self._student.timed_calls(name, args, baseline_code, vary, repeats, recheck=own)
        for i, found in enumerate(timing.results):
            what = f"{name} during the speed check (timed call {i + 1} of {len(timing.results)})"
            if own:
                try:
                    compare(found, timing.untimed[i], what, rtol=1e-9, atol=1e-12)
                except CheckFailure:
                    raise CheckFailure(f"{what} answered differently from the same call untimed: "
                                       "only honest answers are timed.") from None
            else:
                compare(found, self.reference(name, vary(i), *args[1:]), what)
        return timing

    # -- judging -----------------------------------------------------------------------
    def check(self, condition: bool, message: str) -> None:
        if not condition:
            raise CheckFailure(message)

    def fail(self, message: str) -> None:
        raise CheckFailure(message)

    def compare(self, found: Any, expected: Any, what: str, rtol: float = 1e-6,
                atol: float = 1e-8, part: str | None = None) -> None:
        """Structure, scalar-ness, shape, dtype and values, each reported separately.

        ``part``: the output this compares (``"dW1"``, ``"cost"``), for partial credit. A
        check that names parts earns the mean of its parts' shares: 1 for an output right on
        every compare, ``VALUE_SHARE`` for one whose values are right in the wrong type (a
        (1, 1) array for a number), 0 otherwise; a failed compare of a part does not end the
        check. Without ``part`` a failed compare fails the whole check."""
        if part is None:
            compare(found, expected, what, rtol, atol)
            return
        try:
            compare(found, expected, what, rtol, atol)
        except CheckFailure as failure:
            self._lose(part, VALUE_SHARE if _only_the_type_differs(found, expected, rtol, atol) else 0.0, failure)
        else:
            self.parts.setdefault(part, 1.0)

    def _lose(self, part: str, share: float, failure: CheckFailure) -> None:
        """Record that ``part`` earns at most ``share``, the first reason, and the mistake."""
        self.parts[part] = min(share, self.parts.get(part, 1.0))
        self.part_messages.setdefault(part, str(failure))
        if self.mistake is None:
            self.mistake = self.diagnose(failure)

    def compare_parts(self, found: Any, expected: Any, what: str, names: tuple[str, ...] | None = None,
                      rtol: float = 1e-6, atol: float = 1e-8) -> None:
        """:meth:`compare` with each output its own part: each key of a dict (a missing key
        loses its part; an unexpected key fails the check, as :func:`compare` does), each
        item of a tuple (named by ``names``, else by position), or the
        whole value (named ``names[0]``, else ``what``)."""
        if isinstance(expected, dict):
            if not isinstance(found, dict) or any(key not in expected for key in found):
                compare(found, expected, what, rtol, atol)   # (fails: not a dict, or keys it must not have)
            for key in expected:
                label = str(key)
                if key not in found:
                    self.compare(_MISSING_KEY, expected[key], _inside(what, f"[{key!r}]"), rtol, atol, part=label)
                else:
                    self.compare(found[key], expected[key], _inside(what, f"[{key!r}]"), rtol, atol, part=label)
            return
        if isinstance(expected, tuple):
            if not isinstance(found, (tuple, list)) or len(found) != len(expected):
                compare(found, expected, what, rtol, atol)   # (fails: the structure is wrong)
            for index, (f, e) in enumerate(zip(found, expected, strict=True)):
                label = names[index] if names and index < len(names) else f"item {index + 1}"
                self.compare(f, e, f"{label} ({what})" if names else _inside(what, f"[{index}]"), rtol, atol,
                             part=label)
            return
        self.compare(found, expected, what, rtol, atol, part=names[0] if names else what)

    def score(self) -> tuple[float, str]:
        """The share of the check's points earned once it ran to its end, and why not all:
        the first output that lost its share, and the outputs that were right."""
        if not self.parts:
            return 1.0, ""
        earned = sum(self.parts.values()) / len(self.parts)
        if earned >= 1.0:
            return 1.0, ""
        wrong = [p for p, share in self.parts.items() if share < 1.0]
        right = [p for p, share in self.parts.items() if share >= 1.0]
        message = self.part_messages[wrong[0]]
        if len(wrong) > 1:
            message += f" Also wrong: {', '.join(wrong[1:])}."
        if right:
            message += f" Right: {', '.join(right)}."
        return earned, message

    def diagnose(self, failure: CheckFailure | StudentError) -> Mistake | None:
        """The catalogued mistake that explains ``failure``, by evidence (see diagnosis.py)."""
        try:
            return name_the_mistake(self.check_info.module, self.calls, failure, self._reference, REFERENCE_MEMO)
        except Exception:  # noqa: BLE001 (naming the mistake is a courtesy: never a reason to fail grading)
            return None

    def grad_check(self, f: Callable[[np.ndarray], float], x: np.ndarray, analytic: Any,
                   what: str, eps: float = 1e-7, threshold: float = 1e-6, part: str | None = None) -> None:
        """Analytic gradient against centered finite differences of ``f`` at ``x``; ``part``:
        the gradient's share of the check (see :meth:`compare`), else a failure fails it all.

        The relative error ||a - n|| / (||a|| + ||n||) must stay below ``threshold``:
        with eps = 1e-7 and float64 a correct gradient gives about 1e-9 to 1e-8 on the
        course's smooth losses, a mistake (a missing term, a transpose) gives 1e-2 or more.
        """
        if part is not None:
            try:
                self.grad_check(f, x, analytic, what, eps, threshold)
            except CheckFailure as gradient_wrong:
                self._lose(part, 0.0, gradient_wrong)
            else:
                self.parts.setdefault(part, 1.0)
            return
        analytic_arr = np.asarray(analytic, dtype=float) if _numeric(analytic) else None
        if analytic_arr is None or analytic_arr.shape != np.shape(x):
            raise CheckFailure(f"gradient check of {what}: the gradient has shape "
                               f"{np.shape(analytic)}, its parameter has shape {np.shape(x)}.")
        error = relative_error(analytic_arr, numerical_gradient(f, x, eps))
        if not error < threshold:
            wrong = CheckFailure(f"gradient check of {what}: relative error {error:.1e} against "
                                 f"centered finite differences (threshold {threshold:.0e}).")
            wrong.found, wrong.expected, wrong.located = analytic, None, True   # (the student's value)
            raise wrong


class _Missing:
    def __repr__(self) -> str:
        return "nothing (the key is missing)"


_MISSING_KEY = _Missing()   # what compare_parts compares a missing key's expected value with


# The share of an output's points kept when its values are right in the wrong type (a (1, 1)
# array where a number is expected, a list for an array): the value is the harder part.
VALUE_SHARE = 0.75


def _only_the_type_differs(found: Any, expected: Any, rtol: float, atol: float) -> bool:
    """``found`` holds ``expected``'s values, in another type or size-1 shape."""
    if isinstance(found, (dict, str)) or isinstance(expected, (dict, str)) or found is None:
        return False
    try:
        f, e = np.asarray(found), np.asarray(expected)
    except (TypeError, ValueError):
        return False
    if f.dtype.kind not in "biuf" or e.dtype.kind not in "biuf" or f.size != e.size:
        return False
    if f.shape != e.shape and not (f.size == 1 and e.ndim == 0):
        return False   # a transposed or rank-1 array is a mistake in the mathematics, not the type
    return bool(np.allclose(f.reshape(e.shape).astype(float), e.astype(float), rtol=rtol, atol=atol))


class ReferenceMemo:
    """The reference's results, remembered across submissions.

    Every submission's checks ask the reference the same questions (the inputs come from
    each check's fixed seed), and some answers cost as much as the student's run (a model
    trained on the cat pictures). A call is looked up by the function and a digest of its
    arguments; a call that drew from NumPy's global generator (the state changed) is
    remembered with the state it started from, and replayed with the state it left (a call
    that leaves the state alone does not depend on it). Callers get copies, so nothing they
    change reaches the memo. Arguments that are not plain data are not remembered.
    """

    def __init__(self, max_bytes: int = 256 << 20):
        self.max_bytes = max_bytes
        self.entries: OrderedDict = OrderedDict()   # key -> (result, state after, size)
        self.size = 0
        self.hits = self.misses = 0

    def call(self, function: Callable, args: tuple, kwargs: dict, min_seconds: float = 0.0,
             copy_arguments: bool = True, identity: Any = None) -> Any:
        """``function(*args, **kwargs)``, or its remembered result. Only calls that took at
        least ``min_seconds`` are remembered (a training loop's many small calls would
        cost more to remember than to repeat); ``copy_arguments=False`` when the caller's
        arguments are its own to lose (decoded from the wire, say). ``identity``: what the
        results are remembered under instead of ``function`` (which may then be a new
        callable on every call, e.g. one bound to a deadline)."""
        identity = function if identity is None else identity
        arguments = _digest((args, kwargs))
        if arguments is not None:
            state_before = np.random.get_state()
            for key in ((identity, arguments, None), (identity, arguments, _digest(state_before))):
                if key in self.entries:
                    result, state_after, _ = self.entries[key]
                    self.entries.move_to_end(key)
                    self.hits += 1
                    if state_after is not None:
                        np.random.set_state(state_after)
                    return copy.deepcopy(result)
        start = time.perf_counter()
        if copy_arguments:
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        result = function(*args, **kwargs)
        self.misses += 1
        if arguments is not None and time.perf_counter() - start >= min_seconds:
            state_after = np.random.get_state()
            drew = _digest(state_after) != _digest(state_before)
            key = (identity, arguments, _digest(state_before) if drew else None)
            self._remember(key, result, state_after if drew else None)
        return result

    def _remember(self, key: tuple, result: Any, state_after: Any) -> None:
        size = _size(result)
        if size > self.max_bytes // 4:
            return
        self.entries[key] = (copy.deepcopy(result), state_after, size)
        self.size += size
        while self.size > self.max_bytes:
            _, (_, _, dropped) = self.entries.popitem(last=False)
            self.size -= dropped


REFERENCE_MEMO = ReferenceMemo()


def _digest(value: Any) -> str | None:
    """A digest of plain data (numbers, strings, arrays, containers), None for anything else."""
    digest = hashlib.blake2b(digest_size=20)

    def feed(v: Any) -> bool:
        if v is None or isinstance(v, (bool, int, float, complex, str, bytes, np.generic)):
            digest.update(f"{type(v).__name__}:{v!r};".encode())
            return True
        if isinstance(v, np.ndarray):
            if v.dtype.hasobject:
                return False
            digest.update(f"nd{v.dtype.str}{v.shape};".encode())
            digest.update(np.ascontiguousarray(v).view(np.uint8).data)
            return True
        if isinstance(v, (list, tuple)):
            digest.update(f"{type(v).__name__}{len(v)}[".encode())
            if not all(feed(item) for item in v):
                return False
            digest.update(b"]")
            return True
        if isinstance(v, dict):
            digest.update(f"dict{len(v)}{{".encode())
            if not all(feed(k) and feed(item) for k, item in v.items()):
                return False
            digest.update(b"}")
            return True
        return False

    return digest.hexdigest() if feed(value) else None


def _size(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes + 100
    if isinstance(value, (list, tuple)):
        return 60 + sum(_size(v) for v in value)
    if isinstance(value, dict):
        return 100 + sum(_size(v) for v in value.values())
    return 50


def _numeric(value: Any) -> bool:
    try:
        np.asarray(value, dtype=float)
        return True
    except (TypeError, ValueError):
        return False


def _is_scalar(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0


def _kind_name(value: Any) -> str:
    if isinstance(value, _Missing):
        return "nothing (the key is missing)"
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape}"
    return f"a {type(value).__name__}"


def compare(found: Any, expected: Any, what: str, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """Raise :class:`CheckFailure` naming the first difference; never print expected values.

    The failure carries the values that differed (``found``, ``expected``: the innermost pair,
    an entry of a dict, say) for the diagnosis, which looks for a mistake that gives ``found``."""
    try:
        _compare(found, expected, what, rtol, atol)
    except CheckFailure as failure:
        if not failure.located:   # set by the innermost compare only
            failure.found, failure.expected, failure.located = found, expected, True
        raise


def _inside(what: str, index: str) -> str:
    """``what`` indexed: ``grads['dW1']``, or ``grads for m = 7, at ['dW1']`` when ``what``
    is a phrase (an index after its last word would read as that word's)."""
    return f"{what}{index}" if what.isidentifier() or what.endswith(("]", ")")) and " " not in what \
        else f"{what}, at {index}"


def _compare(found: Any, expected: Any, what: str, rtol: float, atol: float) -> None:
    if isinstance(expected, dict):
        if not isinstance(found, dict):
            raise CheckFailure(f"{what}: returned {_kind_name(found)}, a dict is expected.")
        missing = [k for k in expected if k not in found]
        extra = [k for k in found if k not in expected]
        if missing or extra:
            parts = ([f"missing keys {missing}"] if missing else []) + \
                    ([f"unexpected keys {extra}"] if extra else [])
            raise CheckFailure(f"{what}: {'; '.join(parts)}.")
        for key in expected:
            compare(found[key], expected[key], _inside(what, f"[{key!r}]"), rtol, atol)
        return
    if isinstance(expected, (tuple, list)):
        if not isinstance(found, (tuple, list)):
            raise CheckFailure(f"{what}: returned {_kind_name(found)}, a {type(expected).__name__} "
                               f"of {len(expected)} items is expected.")
        if len(found) != len(expected):
            raise CheckFailure(f"{what}: returned {len(found)} items, {len(expected)} are expected.")
        for index, (f, e) in enumerate(zip(found, expected, strict=True)):   # (of equal lengths: checked above)
            compare(f, e, _inside(what, f"[{index}]"), rtol, atol)
        return
    if isinstance(expected, str) or expected is None or isinstance(expected, bool):
        if not (type(found) is type(expected) and found == expected):
            raise CheckFailure(f"{what}: the value differs from the reference.")
        return
    if _is_scalar(expected):
        if not _is_scalar(found):
            hint = " (use float(...) or np.squeeze)" if isinstance(found, np.ndarray) and found.size == 1 else ""
            raise CheckFailure(f"{what}: returned {_kind_name(found)}, a scalar is expected{hint}.")
        _compare_values(np.asarray(found), np.asarray(expected), what, rtol, atol)
        return
    if isinstance(expected, np.ndarray):
        if not isinstance(found, np.ndarray):
            raise CheckFailure(f"{what}: returned {_kind_name(found)}, an ndarray is expected.")
        found = np.asarray(found)  # a subclass is judged by its data alone
        if found.shape != expected.shape:
            raise CheckFailure(f"{what}: shape {found.shape}, the reference's is {expected.shape}.")
        _compare_values(found, expected, what, rtol, atol)
        return
    raise CheckFailure(f"{what}: cannot compare a {type(found).__name__} with the reference's "
                       f"{type(expected).__name__}.")


def _compare_values(found: np.ndarray, expected: np.ndarray, what: str, rtol: float, atol: float) -> None:
    if found.dtype.kind not in "biuf":
        raise CheckFailure(f"{what}: dtype {found.dtype}, numbers are expected.")
    if expected.dtype.kind == "f" and found.dtype.kind in "iu" and \
            not np.array_equal(expected, np.round(expected)):
        raise CheckFailure(f"{what}: dtype {found.dtype} (integers) where the values have "
                           "fractions; start from floats.")
    f, e = found.astype(float), expected.astype(float)
    if not np.all(np.isfinite(f)) and np.all(np.isfinite(e)):
        raise CheckFailure(f"{what}: the result contains NaN or inf.")
    if not np.allclose(f, e, rtol=rtol, atol=atol, equal_nan=True):
        difference = np.abs(f - e)
        worst = float(np.nanmax(difference)) if difference.size else 0.0
        raise CheckFailure(f"{what}: values differ from the reference "
                           f"(largest absolute difference {worst:.2e}, tolerance rtol={rtol:g}).")
