"""Naming the student's mistake by evidence, from the catalogue (autograder/hidden/mistakes/).

When a hidden check fails, every catalogued mistake of the function that was called is run
here, in the grader, on the inputs the check gave the student's function (never anything the
student chose, and never in the student's process). A mistake is named when it reproduces
what the student's function did:

1. it raises the same exception as the student's call, or changes the same argument in place;
2. it returns what the student's call returned, whole (types and shapes included);
3. failing that, it returns the student's value at the place where the check found the
   difference (``dW1`` of the grads, say), where the reference's value is another.

The first mistake of the catalogue's order that matches by 1 or 2 is named, else the first by
3; none when nothing matches (the check's own message, with its structural diagnosis, is then
all the student reads). The answers are remembered with the reference's (every submission's
checks use the same inputs), so a mistake runs once per input for the whole class.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.errors import CheckFailure, StudentError
from autograder.hidden.mistakes import Mistake, mistakes_for_module
from autograder.public.report import deep_equal
from autograder.safe_text import clean_message

# What a call that never ran the student's answer raised: a stub, or no function at all
# (autograder.sandbox.process._explain and NamespaceSide word them so); no mistake explains it.
NOT_WRITTEN = ("(it raises NotImplementedError)", "is not defined")


@dataclass
class Call:
    """One call of a student's function during a check, as the tester made it."""
    name: str
    args: tuple[Any, ...]          # untouched copies of what was sent
    kwargs: dict[str, Any]
    random_state: Any              # NumPy's global generator before the call
    result: Any = None
    raised: str = ""               # the StudentError's message when the call raised
    args_after: tuple[Any, ...] | None = None
    kwargs_after: dict[str, Any] | None = None

    @property
    def mutated(self) -> bool:
        if self.args_after is None:
            return False
        return not (all(deep_equal(a, b) for a, b in zip(self.args, self.args_after, strict=False)) and
                    all(deep_equal(v, (self.kwargs_after or {}).get(k)) for k, v in self.kwargs.items()))


@dataclass(frozen=True)
class Outcome:
    """What a mistake's function did on a call's inputs."""
    result: Any = None
    raised: str = ""               # "TypeError: ..." when it raised
    mutated: bool = False


def name_the_mistake(module: str, calls: list[Call], failure: CheckFailure | StudentError,
                     reference: dict[str, Any], memo: Any = None) -> Mistake | None:
    """The catalogued mistake that explains ``failure`` of a check that made ``calls``, if any.

    ``memo`` (a :class:`~autograder.hidden.spec.ReferenceMemo`, optional) remembers the
    mistakes' answers across submissions."""
    call = _the_call(calls, failure)
    if call is None or any(stub in call.raised for stub in NOT_WRITTEN):
        return None
    mistakes = mistakes_for_module(module, call.name)
    if not mistakes:
        return None
    state = np.random.get_state()
    try:
        partial: Mistake | None = None
        for mistake in mistakes:
            outcome = _run(mistake, call, reference, memo)
            if _explains_whole(outcome, call, reference, memo):
                return mistake
            if partial is None and _explains_where_it_failed(outcome, call, failure, reference, memo):
                partial = mistake
        return partial
    finally:
        np.random.set_state(state)   # the check's (and the next check's) numbers are untouched


def _the_call(calls: list[Call], failure: Exception) -> Call | None:
    """The call whose answer the check judged: the one holding the value that differed, or
    else the last call (a check judges what it asked for last)."""
    found = failure.found if isinstance(failure, CheckFailure) and failure.located else None
    if found is not None:
        for call in reversed(calls):
            if any(leaf is found for _, leaf in _leaves(call.result)):
                return call
    return calls[-1] if calls else None


def _run(mistake: Mistake, call: Call, reference: dict[str, Any], memo: Any) -> Outcome:
    function = _implementation(mistake, reference)

    def compute(*args: Any, **kwargs: Any) -> Outcome:
        np.random.set_state(call.random_state)
        sent_args, sent_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            with np.errstate(all="ignore"):   # (a mistake may overflow: its values are the evidence)
                result = function(*sent_args, **sent_kwargs)
        except Exception as error:  # noqa: BLE001 (a mistake that raises is one kind of evidence)
            return Outcome(raised=f"{type(error).__name__}: {clean_message(error, 160)}")
        mutated = not (all(deep_equal(a, b) for a, b in zip(args, sent_args, strict=False)) and
                       all(deep_equal(v, sent_kwargs.get(k)) for k, v in kwargs.items()))
        return Outcome(result, "", mutated)

    if memo is None:
        return compute(*call.args, **call.kwargs)
    np.random.set_state(call.random_state)   # (the memo tells calls apart by the state they start from)
    return memo.call(compute, call.args, call.kwargs, identity=("mistake", mistake.function, mistake.name))


_IMPLEMENTATIONS: dict[tuple[int, str, str], Callable[..., Any]] = {}


def _implementation(mistake: Mistake, reference: dict[str, Any]) -> Callable[..., Any]:
    key = (id(reference), mistake.function, mistake.name)
    if key not in _IMPLEMENTATIONS:
        _IMPLEMENTATIONS[key] = mistake.implementation(reference)
    return _IMPLEMENTATIONS[key]


def _explains_whole(outcome: Outcome, call: Call, reference: dict[str, Any], memo: Any) -> bool:
    if call.raised:
        return bool(outcome.raised) and call.raised.endswith(outcome.raised)
    if outcome.raised:
        return False
    if call.mutated:
        return outcome.mutated
    return _close(outcome.result, call.result, strict_types=True) and \
        not _close(outcome.result, _reference_answer(call, reference, memo), strict_types=True)


def _explains_where_it_failed(outcome: Outcome, call: Call, failure: Exception, reference: dict[str, Any],
                              memo: Any) -> bool:
    """The mistake's value where the student's differs from the reference's is the student's."""
    found = failure.found if isinstance(failure, CheckFailure) and failure.located else None
    if found is None or outcome.raised or call.raised:
        return False
    expected = _reference_answer(call, reference, memo)
    for path, leaf in _leaves(call.result):
        if leaf is not found and not _close(leaf, found):
            continue
        theirs, right = _at(outcome.result, path), _at(expected, path)
        if theirs is not _MISSING and _close(theirs, found) and not _close(right, found):
            return True
    return False


def _reference_answer(call: Call, reference: dict[str, Any], memo: Any) -> Any:
    state = np.random.get_state()
    np.random.set_state(call.random_state)
    try:
        function = reference[call.name]
        return function(*copy.deepcopy(call.args), **copy.deepcopy(call.kwargs)) if memo is None else \
            memo.call(function, call.args, call.kwargs)
    except Exception:  # noqa: BLE001 (no reference answer: nothing to tell the mistake from)
        return _MISSING
    finally:
        np.random.set_state(state)


_MISSING = object()


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, value) of every array or number inside tuples, lists and dicts, two levels deep."""
    if isinstance(value, dict) and len(path) < 3:
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, (tuple, list)) and len(path) < 3 and len(value) <= 64 and \
            not all(isinstance(v, (int, float)) for v in value):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    else:
        yield path, value


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return value


def _close(a: Any, b: Any, strict_types: bool = False) -> bool:
    """Equal within a tight tolerance; ``strict_types``: structure, types and shapes too
    (the whole answer), else values alone (a size-1 array is its number)."""
    if a is _MISSING or b is _MISSING:
        return False
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and \
            all(_close(a[k], b[k], strict_types) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and \
            (strict_types or not _numeric_list(a) or not _numeric_list(b)):
        return (type(a) is type(b) or not strict_types) and len(a) == len(b) and \
            all(_close(x, y, strict_types) for x, y in zip(a, b, strict=True))
    if strict_types and (isinstance(a, np.ndarray) != isinstance(b, np.ndarray) or
                         np.shape(a) != np.shape(b) or _kind(a) != _kind(b)):
        return False
    try:
        x, y = np.asarray(a), np.asarray(b)
        if x.dtype.kind not in "biuf" or y.dtype.kind not in "biuf":
            return bool(a == b) if not strict_types or type(a) is type(b) else False
        if not strict_types and x.size == y.size == 1:
            x, y = x.reshape(()), y.reshape(())
        return x.shape == y.shape and bool(np.allclose(x.astype(float), y.astype(float), rtol=1e-6, atol=1e-9,
                                                       equal_nan=True))
    except (TypeError, ValueError):
        return False


def _numeric_list(value: Any) -> bool:
    return all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in value)


def _kind(value: Any) -> str:
    """Float, integer or boolean: what a student's wrong type is told apart by."""
    kind = np.asarray(value).dtype.kind if isinstance(value, (np.ndarray, np.generic)) else type(value).__name__
    return {"f": "float", "i": "int", "u": "int", "b": "bool"}.get(kind, kind)

