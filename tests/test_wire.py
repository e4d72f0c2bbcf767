"""The pickle-free format between the grader and a student's process (autograder/sandbox/wire.py)."""

from __future__ import annotations

import json
import socket
import struct
import threading

import numpy as np
import pytest

from autograder.sandbox import wire


def _pair():
    a, b = socket.socketpair()
    a.settimeout(10)
    b.settimeout(10)
    return a, b


def _through(value, handles_out=None, handles_in=None):
    a, b = _pair()
    try:
        sender = threading.Thread(target=wire.send, args=(a, value, handles_out))
        sender.start()
        got = wire.receive(b, handles_in)
        sender.join()
        return got
    finally:
        a.close()
        b.close()


def _random_value(rng, depth=0):
    kind = rng.integers(0, 9 if depth < 3 else 5)
    if kind == 0:
        return int(rng.integers(-10**12, 10**12))
    if kind == 1:
        return float(rng.normal())
    if kind == 2:
        return rng.choice([None, True, False, "text", "é ∑ 🐈", float("nan"), float("inf")])
    if kind == 3:
        dtype = rng.choice(["float64", "float32", "int64", "uint8", "bool"])
        shape = tuple(int(n) for n in rng.integers(0, 5, size=rng.integers(0, 4)))
        return (rng.normal(size=shape) * 10).astype(dtype)
    if kind == 4:
        return np.float64(rng.normal())
    if kind == 5:
        return [_random_value(rng, depth + 1) for _ in range(rng.integers(0, 4))]
    if kind == 6:
        return tuple(_random_value(rng, depth + 1) for _ in range(rng.integers(0, 4)))
    if kind == 7:
        return {f"k{i}": _random_value(rng, depth + 1) for i in range(rng.integers(0, 4))}
    return rng.normal(size=(300, 300))   # large: sent without a copy


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and \
            np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, np.generic):
        return isinstance(b, np.generic) and a.dtype == b.dtype and (a == b or (a != a and b != b))
    if isinstance(a, float):
        return isinstance(b, float) and (a == b or (a != a and b != b))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def test_plain_values_cross_unchanged():
    rng = np.random.default_rng(0)
    for _ in range(60):
        value = {"op": "x", "value": _random_value(rng)}
        assert _same(value, _through(value))


def test_anything_else_arrives_as_unsupported_never_as_itself():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    sub = np.arange(3.0).view(Liar)
    got = _through({"f": len, "o": object(), "keys": {1: 2}, "sub": sub,
                    "objects": np.array([object()], dtype=object)})
    assert isinstance(got["f"], wire.Unsupported) and isinstance(got["o"], wire.Unsupported)
    assert isinstance(got["keys"], wire.Unsupported) and isinstance(got["objects"], wire.Unsupported)
    assert type(got["sub"]) is np.ndarray and np.array_equal(got["sub"], [0.0, 1.0, 2.0])


def test_large_arrays_travel_back_by_handle():
    big = np.random.default_rng(1).normal(size=(200, 100))
    grader, student = wire.Handles(), wire.Handles()
    received = _through({"X": big}, grader, student)["X"]
    a, b = _pair()
    try:   # sent back: only its number crosses, and the grader gets its own array again
        tree, buffers = wire.encode({"X": received}, student)
        assert buffers == [] and "~handle" in json.dumps(tree)
    finally:
        a.close()
        b.close()
    assert _through({"X": received}, student, grader)["X"] is big


def _raw(header: bytes, body: bytes = b"") -> bytes:
    return struct.pack("<Q", len(header)) + header + body


@pytest.mark.parametrize("frame, error", [
    (_raw(b"not json"), "malformed header"),
    (_raw(b'{"tree": 1}'), "malformed header"),
    (_raw(b'{"tree": 1, "sizes": [-1]}'), "malformed buffer sizes"),
    (_raw(json.dumps({"tree": 1, "sizes": [1 << 40]}).encode()), "over the size limit"),
    (struct.pack("<Q", 1 << 40), "over the limit"),
    (_raw(b'{"tree": {"~array": 0, "dtype": "<f8", "shape": [2]}, "sizes": [8]}', b"\0" * 8), "wrong size"),
    (_raw(b'{"tree": {"~array": 0, "dtype": "|O", "shape": [1]}, "sizes": [8]}', b"\0" * 8), "not allowed"),
    (_raw(b'{"tree": {"~handle": 7}, "sizes": []}'), "unknown array handle"),
    (_raw(b'{"tree": {"~pickle": "x"}, "sizes": []}'), "unexpected item"),
], ids=["not json", "no sizes", "negative size", "huge size", "huge header", "short buffer",
        "object dtype", "unknown handle", "unknown tag"])
def test_a_malformed_frame_is_refused_not_obeyed(frame, error):
    a, b = _pair()
    try:
        a.sendall(frame)
        with pytest.raises(wire.WireError, match=error):
            wire.receive(b, wire.Handles())
    finally:
        a.close()
        b.close()


def test_a_closed_peer_is_reported_as_gone():
    a, b = _pair()
    a.close()
    with pytest.raises(wire.PeerGone):
        wire.receive(b)
    b.close()
