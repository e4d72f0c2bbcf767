"""The pickle-free format between the grader and a student's process (autograder/sandbox/wire.py)."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time

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
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
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
    grader, student = wire.Handles(issue=True), wire.Handles(issue=False)
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
    (_raw(b"[" * 50_000 + b"]" * 50_000), "malformed header"),
    (_raw(b'{"tree": {"~array": 0, "dtype": "<f8", "shape": [2]}, "sizes": [8]}', b"\0" * 8), "wrong size"),
    (_raw(b'{"tree": {"~array": 0, "dtype": "|O", "shape": [1]}, "sizes": [8]}', b"\0" * 8), "not allowed"),
    (_raw(b'{"tree": {"~handle": 7}, "sizes": []}'), "unknown array handle"),
    (_raw(b'{"tree": {"~pickle": "x"}, "sizes": []}'), "unexpected item"),
], ids=["not json", "no sizes", "negative size", "huge size", "huge header", "deep header", "short buffer",
        "object dtype", "unknown handle", "unknown tag"])
def test_a_malformed_frame_is_refused_not_obeyed(frame, error):
    a, b = _pair()
    try:
        a.sendall(frame)
        with pytest.raises(wire.WireError, match=error):
            wire.receive(b, wire.Handles(), wire.FROM_STUDENT)
    finally:
        a.close()
        b.close()


def test_a_closed_peer_is_reported_as_gone():
    a, b = _pair()
    a.close()
    with pytest.raises(wire.PeerGone):
        wire.receive(b)
    b.close()


def test_a_header_over_the_cap_is_refused_before_a_byte_of_it_is_read():
    """The JSON-bomb attack: a 40 MB header of ``[],[],...`` was parsed into 13 million
    lists before any check. Now only its 8-byte length is read (the rest never arrives
    here, and the refusal does not wait for it)."""
    a, b = _pair()
    try:
        a.sendall(struct.pack("<Q", 40 << 20) + b"[[],")
        with pytest.raises(wire.WireError, match="header of 41943040 bytes is over the limit"):
            wire.receive(b, wire.Handles(), wire.FROM_STUDENT, deadline=time.monotonic() + 5)
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("pause", [0.05, 0.3])
def test_one_deadline_covers_the_whole_message_however_the_bytes_trickle(pause):
    """A peer that sends a byte now and then used to reset the timeout on every read (two
    calls took 320 s against a 30 s limit). The deadline is absolute: a frame trickled
    over longer than it is refused when it passes, whatever the pause between bytes."""
    a, b = _pair()
    frame = _raw(json.dumps({"tree": {"~dict": [["op", "result"]]}, "sizes": []}).encode())
    stop = threading.Event()

    def trickle():
        for byte in frame:
            if stop.wait(pause):
                return
            try:
                a.send(bytes([byte]))
            except OSError:
                return

    sender = threading.Thread(target=trickle)
    sender.start()
    start = time.monotonic()
    try:
        with pytest.raises(TimeoutError):
            wire.receive(b, wire.Handles(), wire.FROM_STUDENT, deadline=start + 1.0)
        assert time.monotonic() - start < 1.5
    finally:
        stop.set()
        sender.join()
        a.close()
        b.close()


def test_the_grader_keeps_no_array_its_peer_numbered_and_resolves_only_its_own():
    """The handle-retention attack: six 300 MB arrays under new handle numbers were all
    kept by the grader. The grader's table ignores numbers the peer chose, and a peer's
    reference to a number the grader never issued is refused."""
    grader = wire.Handles(issue=True)
    tree = {"~dict": [["x", {"~array": 0, "dtype": "<f8", "shape": [1000], "handle": 5000}]]}
    value = wire.decode(tree, [memoryview(np.zeros(1000).tobytes())], grader)
    assert value["x"].shape == (1000,) and grader.by_handle == {} and grader.bytes == 0
    for handle in (5000, "0", 0.0, True, -1):
        with pytest.raises(wire.WireError, match="unknown array handle"):
            wire.decode({"~handle": handle}, [], grader)


def test_what_the_grader_numbers_is_capped_then_sent_in_full():
    """The grader numbers the arrays it sends (so a training loop does not copy X on every
    call) up to ``max_bytes``; past it, arrays still cross, in full, unnumbered."""
    grader = wire.Handles(issue=True, max_bytes=3 * 80_000)
    arrays = [np.full(10_000, float(i)) for i in range(5)]   # 80 kB each
    numbered = ["handle" in json.dumps(wire.encode(a, grader)[0]) for a in arrays]
    assert numbered == [True, True, True, False, False] and grader.bytes == 3 * 80_000
    student = wire.Handles(issue=False)
    tree, buffers = wire.encode(np.ones(10_000), student)
    assert "handle" not in json.dumps(tree) and student.by_handle == {}   # the student never numbers
