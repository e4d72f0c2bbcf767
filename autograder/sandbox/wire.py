"""Plain data between the grader and a student's process, without pickle.

Unpickling data from a student's process would run the student's code in the grader, so
values cross as a JSON header plus raw array buffers, and the decoder builds only plain
things: None, bool, int, float, str, list, tuple, dict with str keys, numeric ndarrays.
Anything else arrives as an :class:`Unsupported` marker naming its type, which no
comparison accepts.

Large arrays the grader sent travel back as *handles* (an index into the arrays the grader
already has) so that a training loop calling the reference with the same ``X`` on every
iteration does not copy it each time. Only the grader issues handles, and it keeps a
bounded number of bytes of them: a student's process can neither make the grader keep an
array of its own nor make it keep more than :attr:`Handles.max_bytes`.

Frame: 8-byte length + JSON header (the value's tree and its buffers' sizes), then the
buffers' bytes one after another. A receiver sets the caps (:class:`Caps`) and one absolute
deadline for the whole message: the header's size is checked before it is read or parsed,
the frame's size before its buffers are read, and a peer that sends a byte now and then
cannot stretch the deadline.
"""

from __future__ import annotations

import json
import math
import socket
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_DEPTH = 64
_ALLOWED_DTYPES = {np.dtype(t).str for t in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64)}
_LENGTH = struct.Struct("<Q")


class WireError(Exception):
    """A malformed or oversized message: the peer broke the protocol."""


class PeerGone(WireError):
    """The other process closed the connection (exited, crashed or was killed)."""


@dataclass(frozen=True)
class Unsupported:
    """A value the student's process returned that is not plain data."""
    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


@dataclass(frozen=True)
class Caps:
    """What a receiver accepts in one message, checked before anything is allocated."""
    header_bytes: int     # the JSON header (the value's tree)
    frame_bytes: int      # header and buffers together


# The grader reads a student's process with these by default (the course's config may set
# others and passes them in): a header bomb is refused before it is parsed, and no single
# message can take more memory than a few copies of the cat data.
FROM_STUDENT = Caps(header_bytes=1 << 20, frame_bytes=64 << 20)
# A student's process (and the sandbox) reads the grader with these: the grader is trusted,
# the caps only stop a bug from allocating without end (a notebook's cells are under 20 MiB).
FROM_GRADER = Caps(header_bytes=64 << 20, frame_bytes=1 << 31)
# The bytes of arrays a table of Handles keeps numbered: the grader passes its own (the
# course's config, never imported here: this module runs in the sandbox too), and the
# student's side keeps this many, so the grader's may be lower, never higher.
HANDLES_MAX_BYTES = 256 << 20


class Handles:
    """Arrays the grader sent, by handle number, so that either side can refer to them cheaply.

    The grader's table (``issue=True``) registers arrays it sends, at most ``max_bytes`` of
    them (then it sends in full), and resolves only numbers it issued; the student's side
    (``issue=False``) registers what the grader numbered and never numbers arrays itself.
    """

    def __init__(self, issue: bool = True, max_bytes: int = HANDLES_MAX_BYTES) -> None:
        self.issue, self.max_bytes = issue, max_bytes
        self.by_handle: dict[int, np.ndarray] = {}
        self.by_id: dict[int, int] = {}
        self.bytes = 0
        self.next = 0

    def add(self, array: np.ndarray, handle: int | None = None) -> int | None:
        """Register ``array`` (under the peer's number ``handle`` on the student's side);
        its number, or None when the table is full."""
        if self.bytes + array.nbytes > self.max_bytes:
            return None
        if handle is None:
            handle, self.next = self.next, self.next + 1
        self.by_handle[handle] = array
        self.by_id[id(array)] = handle
        self.bytes += array.nbytes
        return handle

    def lookup(self, array: np.ndarray) -> int | None:
        handle = self.by_id.get(id(array))
        return handle if handle is not None and self.by_handle.get(handle) is array else None


# -- encoding ---------------------------------------------------------------------------
def encode(value: Any, handles: Handles | None = None,
           share_min_bytes: int = 1 << 16) -> tuple[Any, list[memoryview | bytes]]:
    """``value`` as a JSON-able tree and a list of buffers.

    Arrays of at least ``share_min_bytes`` are registered in ``handles`` (when given) so the
    peer can send them back by number; arrays already registered are sent by number.
    """
    buffers: list[memoryview | bytes] = []

    def walk(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return {"~unsupported": "a too deeply nested value"}
        if v is None or isinstance(v, (bool, str)) or type(v) is int:
            return v
        if type(v) is float:
            return v if math.isfinite(v) else {"~float": repr(v)}
        if isinstance(v, np.ndarray) or isinstance(v, np.generic):
            return encode_array(v)
        if type(v) is list:
            return [walk(x, depth + 1) for x in v]
        if type(v) is tuple:
            return {"~tuple": [walk(x, depth + 1) for x in v]}
        if type(v) is dict:
            if all(type(k) is str for k in v):
                return {"~dict": [[k, walk(x, depth + 1)] for k, x in v.items()]}
            return {"~unsupported": "dict with non-string keys"}
        if isinstance(v, (int, float)):  # int/float subclasses: keep only the number
            return walk(int(v) if isinstance(v, int) else float(v), depth)
        return {"~unsupported": type(v).__name__}

    def encode_array(v: Any) -> Any:
        scalar = isinstance(v, np.generic)
        array = np.asarray(v) if scalar else v
        if not scalar and handles is not None:
            handle = handles.lookup(array)
            if handle is not None:
                return {"~handle": handle}
        # ndarray's own methods, not a subclass's overrides, decide what the data is
        dtype = np.ndarray.__getattribute__(array, "dtype")
        if dtype.str not in _ALLOWED_DTYPES:
            return {"~unsupported": f"ndarray of dtype {dtype}"}
        data = np.ndarray.view(array, np.ndarray)
        if not data.flags.c_contiguous:  # (np.ascontiguousarray would make 0-d arrays 1-d)
            data = data.copy(order="C")
        tree = {"~array": len(buffers), "dtype": dtype.str, "shape": list(data.shape)}
        if scalar:
            tree["scalar"] = True
        elif handles is not None and handles.issue and data.nbytes >= share_min_bytes:
            handle = handles.add(array)
            if handle is not None:
                tree["handle"] = handle
        # (ndarray.data is memoryview(data), typed: numpy's stubs give ndarray a __buffer__ only on 3.12+)
        buffers.append(data.data.cast("B") if data.nbytes else b"")
        return tree

    try:
        return walk(value, 0), buffers
    finally:
        # the closure refers to itself: a cycle that would keep the buffers alive (ignore: a def
        # cannot be declared Optional, and `del walk` reads to ruff as leaving `walk` undefined)
        walk = None  # type: ignore[assignment]


def decode(tree: Any, buffers: Sequence[memoryview | bytes], handles: Handles | None = None) -> Any:
    """The value that :func:`encode` described; strict about what it builds."""

    def walk(t: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if t is None or isinstance(t, (bool, int, float, str)):
            return t
        if isinstance(t, list):
            return [walk(x, depth + 1) for x in t]
        if not isinstance(t, dict) or len(t) == 0:
            raise WireError(f"unexpected item {str(t)[:60]}")
        if "~tuple" in t:
            return tuple(walk(x, depth + 1) for x in t["~tuple"])
        if "~dict" in t:
            return {str(k): walk(x, depth + 1) for k, x in t["~dict"]}
        if "~float" in t:
            return float(t["~float"]) if t["~float"] in ("nan", "inf", "-inf") else _bad(t)
        if "~unsupported" in t:
            return Unsupported(str(t["~unsupported"])[:80])
        if "~handle" in t:
            handle = t["~handle"]
            if handles is None or type(handle) is not int or handle not in handles.by_handle:
                raise WireError(f"unknown array handle {str(handle)[:20]}")
            return handles.by_handle[handle]
        if "~array" in t:
            return decode_array(t)
        return _bad(t)

    def decode_array(t: dict[str, Any]) -> Any:
        dtype = np.dtype(str(t["dtype"]))
        if dtype.str not in _ALLOWED_DTYPES:
            raise WireError(f"dtype {dtype} is not allowed")
        shape = tuple(int(n) for n in t["shape"])
        if any(n < 0 for n in shape):
            raise WireError("negative dimension")
        raw = buffers[int(t["~array"])]
        if len(raw) != dtype.itemsize * math.prod(shape):
            raise WireError("array buffer has the wrong size")
        array = np.frombuffer(raw, dtype=dtype).reshape(shape) if len(raw) else np.zeros(shape, dtype)
        if t.get("scalar"):
            return array[()]
        if handles is not None and not handles.issue and type(t.get("handle")) is int:
            handles.add(array, t["handle"])   # a number the grader issued
        return array

    try:
        return walk(tree, 0)
    finally:
        walk = decode_array = None  # type: ignore[assignment]  # as in encode: no cycle keeps the arrays alive


def _bad(t: Any) -> Any:
    raise WireError(f"unexpected item {str(t)[:60]}")


# -- framing ----------------------------------------------------------------------------
def _remaining(sock: socket.socket, deadline: float | None) -> None:
    """Give the socket what is left of ``deadline`` (None: the socket's own timeout)."""
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the message did not arrive in time")
        sock.settimeout(left)


def send(sock: socket.socket, message: dict[str, Any], handles: Handles | None = None,
         deadline: float | None = None) -> None:
    """Send one message (a dict whose values may hold arrays), all of it before ``deadline``."""
    tree, buffers = encode(message, handles)
    header = json.dumps({"tree": tree, "sizes": [len(b) for b in buffers]},
                        separators=(",", ":"), allow_nan=False).encode()
    chunk = bytearray(_LENGTH.pack(len(header)) + header)
    for buffer in buffers:
        if len(buffer) < 1 << 16:  # small arrays ride along; big ones go without a copy
            chunk += buffer
        else:
            _remaining(sock, deadline)
            sock.sendall(chunk)
            _remaining(sock, deadline)
            sock.sendall(buffer)
            chunk = bytearray()
    if chunk:
        _remaining(sock, deadline)
        sock.sendall(chunk)


def _recv_exactly(sock: socket.socket, size: int, deadline: float | None) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        _remaining(sock, deadline)   # every read gets only what is left, never a fresh timeout
        n = sock.recv_into(view[got:], min(size - got, 1 << 22))
        if n == 0:
            raise PeerGone("the other process closed the connection")
        got += n
    return buffer


def receive(sock: socket.socket, handles: Handles | None = None, caps: Caps = FROM_GRADER,
            deadline: float | None = None) -> Any:
    """Receive one message sent by :func:`send`, within ``caps`` and before ``deadline``
    (a ``time.monotonic()`` instant; TimeoutError after it): its header (with the buffers'
    sizes), then all its buffers in one read."""
    (header_size,) = _LENGTH.unpack(_recv_exactly(sock, 8, deadline))
    if header_size > caps.header_bytes:
        raise WireError(f"message header of {header_size} bytes is over the limit of {caps.header_bytes}")
    header = _recv_exactly(sock, header_size, deadline)
    try:
        frame = json.loads(header)
        sizes = [int(n) for n in frame["sizes"]]
        tree = frame["tree"]
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        raise WireError(f"malformed header: {type(error).__name__}") from None
    if any(n < 0 for n in sizes):
        raise WireError("malformed buffer sizes")
    if header_size + sum(sizes) > caps.frame_bytes:
        raise WireError(f"message of {header_size + sum(sizes)} bytes is over the size limit of {caps.frame_bytes}")
    data = memoryview(_recv_exactly(sock, sum(sizes), deadline))
    buffers, offset = [], 0
    for n in sizes:
        buffers.append(data[offset:offset + n])
        offset += n
    return decode(tree, buffers, handles)
