"""The course's reference functions in a process of their own, under limits.

When a student's function calls another graded function (their ``model`` calls
``optimize``), the grader answers with the course's reference run on the *student's*
arguments. Run in the grader itself, such a call has no limit: ``optimize(...,
num_iterations=9_000_000)`` would keep the grader busy for minutes while the rest of the
class waits, and ``initialize_parameters(12000, 12000, 1)`` would take gigabytes of the
grader's memory. So the reference runs here, in a plain subprocess of the grader (trusted
code on untrusted data, so no bubblewrap) with the student's limits: an address-space limit,
a CPU backstop, one BLAS thread, and the student's call's deadline measured by the grader.
A call that blows them up costs that student the check, never the class.

Grader side: :class:`ReferenceProcess` (``call`` behaves like ``reference[name](*args,
**kwargs)`` run in the grader, NumPy's global generator included) and
:func:`reference_process`, the warm one of this process and thread. Server side:
``python -P -m autograder.grading.reference_process FD ASSIGNMENT_ID`` loads the
reference once and answers requests on the socket FD.

Protocol (pickle-free, :mod:`autograder.sandbox.wire`), one round trip per call:

- server -> grader, once: ``{"op": "ready", "seconds": load time}`` or
  ``{"op": "broken", "message": ...}`` when the reference does not load;
- grader -> server: ``{"op": "call", "name", "args", "kwargs", "np_random": the caller's
  generator state, "forget": handles of arrays the grader no longer has}``;
- server -> grader: ``{"op": "result", "value", "np_random", "cpu"}`` or ``{"op":
  "raised", "type", "message", "np_random", "cpu"}`` (``cpu``: the server's CPU seconds so
  far, so the grader can retire it before its CPU backstop would end an innocent call).

NumPy's global (legacy) generator goes to the server with the call and comes back with
the answer, as if the reference had drawn from the caller's. Reading or setting it costs
about a tenth of a round trip, so a state the other side already has is sent as None: the
grader's when it is the one the server was left with, the server's when the call drew
nothing (most calls: propagate, forward passes).

Large arrays the grader sends again (the cat data ``X`` on every iteration of a training
loop) travel once and then by handle: the grader numbers them, the server only resolves
numbers (:class:`wire.Handles`). Answers always come back in full, never by handle, so the
caller gets a fresh copy, exactly as from a call in its own process.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import weakref
from typing import Any

import numpy as np

from autograder import ROOT
from autograder.safe_text import clean_message
from autograder.sandbox import wire
from autograder.sandbox.process import CallTimeout, Limits, ProcessDied, _set_limits

START_SECONDS = 120.0      # loading the reference takes about a second; a loaded machine is slower
HANDLE_BYTES = 64 << 20    # the grader's arrays the server may keep by handle (a few cat data sets)
MESSAGE_CHARACTERS = 200   # a reference's exception, as one line

# NumPy's legacy generator state: ('MT19937', 624 uint32 keys, position, has_gauss, cached_gaussian)
_State = tuple[str, np.ndarray, int, int, float]


class ReferenceBroken(RuntimeError):
    """The course's reference could not be started: the grader's fault, not the student's."""


# -- the grader's side ------------------------------------------------------------------
class ReferenceProcess:
    """The reference functions of one assignment in a process of their own, under limits.

    The server starts on the first call (about a second: it loads the reference) and is
    kept for the next ones. A call that runs past its deadline, or whose answer is too big
    to accept, ends the server; a server that died is reported once and started again on
    the next call. Not for several threads at once: :func:`reference_process` gives each
    thread its own.
    """

    def __init__(self, assignment_id: str, limits: Limits):
        self.assignment_id, self.limits = assignment_id, limits
        self.owner = os.getpid()
        self.server: _Server | None = None
        self.start_seconds: float | None = None   # how long the last start took
        self._starting: threading.Thread | None = None   # see start_soon
        self._start_error: BaseException | None = None

    @property
    def pid(self) -> int | None:
        """The running server's process id (None when none runs), for diagnostics."""
        server = self.server
        return server.process.pid if server is not None and server.owner == os.getpid() and server.alive else None

    def start_soon(self) -> None:
        """Start the server in the background (while the student's notebook loads, say): the
        next :meth:`start` or :meth:`call` waits for it. Nothing happens when one runs."""
        if self._starting is not None or (self.server is not None and self.server.owner == os.getpid()
                                          and self.server.alive):
            return

        def start() -> None:
            try:
                self._start_now()
            except BaseException as error:  # noqa: BLE001 (kept for the caller's start(), which raises it)
                self._start_error = error

        self._starting = threading.Thread(target=start, name="reference-start", daemon=True)
        self._starting.start()

    def start(self) -> float:
        """Start the server unless a live one is there; the seconds that took (0 when warm).
        ``call`` does this itself; calling it first takes the start-up off the first call."""
        starting, self._starting = self._starting, None
        if starting is not None and starting.ident is not None:
            began = time.monotonic()
            starting.join()
            error, self._start_error = self._start_error, None
            if error is not None:
                raise error
            waited = time.monotonic() - began
            if self.server is not None and self.server.alive:
                return waited
        return self._start_now()

    def _start_now(self) -> float:
        if self.server is not None and self.server.owner != os.getpid():
            self.server.abandon()   # inherited through fork: the parent's, not ours to use
            self.server = None
        if self.server is not None and not self.server.alive:
            self.server.kill()
            self.server = None
        if self.server is not None:
            return 0.0
        began = time.monotonic()
        self.server = _Server.start(self.assignment_id, self.limits)
        self.start_seconds = time.monotonic() - began
        return self.start_seconds

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deadline: float) -> Any:
        """``reference[name](*args, **kwargs)``, answered by the server before ``deadline``
        (an instant of ``time.monotonic()``; a call that had to start the server gets the
        start-up on top, as the grader's time is not the student's).

        Raises CallTimeout past the deadline, ProcessDied when the server died, the
        reference's own exception (the same builtin type, else RuntimeError; MemoryError
        when it hit the memory limit or its answer is too big to accept), KeyError for a
        name the reference does not have, ReferenceBroken when the reference cannot start.
        """
        self._retire_before_cpu_backstop(deadline)
        deadline += self.start()
        call = _describe_call(name, args, kwargs)
        if time.monotonic() >= deadline:
            raise CallTimeout(_too_slow(call))   # nothing sent: the server stays as it is
        server = self.server
        assert server is not None, "start() leaves a live server, or raises"
        state = _global_state()
        known = server.np_random is not None and _same_state(state, server.np_random)
        request = {"op": "call", "name": name, "args": tuple(args), "kwargs": dict(kwargs),
                   "np_random": None if known else state, "forget": server.handles.collect()}
        server.np_random = None   # unknown until the answer says
        reply = self._exchange(server, request, deadline, call)
        try:
            op, cpu = reply["op"], float(reply["cpu"])
            after = None if reply["np_random"] is None else _generator_state(reply["np_random"])
        except (KeyError, TypeError, ValueError) as error:
            self._end(server)
            raise ProcessDied(f"{call}: the reference's process broke the protocol "
                              f"({type(error).__name__}: {error}); this is a bug of the grader") from None
        if after is not None:
            np.random.set_state(after)   # as if the reference had drawn from the caller's generator
        server.cpu, server.np_random = cpu, after if after is not None else state
        if op == "result":
            return reply.get("value")
        raise _rebuilt_exception(str(reply.get("type")), str(reply.get("message")))

    def close(self) -> None:
        """End the server (a copy inherited through fork is only let go: it is the parent's)."""
        if self.server is not None:
            self._end(self.server)

    # -- helpers ---------------------------------------------------------------------------
    def _retire_before_cpu_backstop(self, deadline: float) -> None:
        """End a warm server that this call could push past its CPU backstop (RLIMIT_CPU
        counts every call the server ever answered, so a long-lived server would otherwise
        be killed in the middle of some innocent student's call)."""
        server = self.server
        if server is None or server.owner != os.getpid():
            return
        longest = max(deadline - time.monotonic(), 0.0)   # one BLAS thread: CPU time <= wall time
        if server.cpu + longest + 1.0 >= self.limits.cpu_seconds:
            self._end(server)

    def _exchange(self, server: _Server, request: dict[str, Any], deadline: float, call: str) -> dict[str, Any]:
        """Send ``request`` and wait for its answer before ``deadline``; every failure ends
        the server and says what happened in the student's terms."""
        sock = server.sock
        assert sock is not None, "a server is asked only while it runs (start() saw it alive)"
        try:
            wire.send(sock, request, server.handles, deadline=deadline)
            reply = wire.receive(sock, None, caps=self.limits.student_caps(), deadline=deadline)
        except TimeoutError:   # (before OSError: it is one)
            self._end(server)
            raise CallTimeout(_too_slow(call)) from None
        except (wire.PeerGone, OSError):
            reason = server.why_gone()
            self._end(server)
            raise ProcessDied(f"{call}: the process running the course's reference ended with {reason}") from None
        except wire.WireError as error:
            # the server is the course's code speaking this same module: the only way it
            # breaks the protocol is an answer over the caps, which is sized by the student's
            # arguments; it is refused before anything is allocated, and the rest of it is
            # never read, so the server goes too
            self._end(server)
            raise MemoryError(f"{call}: its answer was refused, over the {self.limits.message_bytes >> 20} "
                              f"MiB the grader accepts ({error}); look for far too large sizes in "
                              "those arguments") from None
        if not isinstance(reply, dict):
            self._end(server)
            raise ProcessDied(f"{call}: the reference's process broke the protocol (sent "
                              f"{type(reply).__name__}, expected a dict); this is a bug of the grader")
        return reply

    def _end(self, server: _Server) -> None:
        if server.owner == os.getpid():
            server.kill()
        else:
            server.abandon()
        if self.server is server:
            self.server = None


@dataclasses.dataclass(eq=False)
class _Server:
    """One running server process, as the grader sees it."""
    process: subprocess.Popen[bytes]
    sock: socket.socket | None
    stderr: Any                 # a temporary file: the server's own failures, for diagnostics
    handles: _IssuedHandles
    owner: int                  # the grader process that started it
    cpu: float = 0.0            # the server's CPU seconds, as of its last answer
    np_random: _State | None = None   # the server's generator state, when known

    @classmethod
    def start(cls, assignment_id: str, limits: Limits) -> _Server:
        """Start a server and wait until it has loaded the reference."""
        parent, child = socket.socketpair()
        stderr = tempfile.TemporaryFile(prefix="reference-stderr-")
        # -P: neither the grader's working directory nor a script's folder on sys.path
        command = [sys.executable, "-P", "-m", "autograder.grading.reference_process",
                   str(child.fileno()), assignment_id]
        try:
            process = subprocess.Popen(
                command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=stderr, env=_server_env(),
                start_new_session=True,   # its own group, so killing it ends all of it
                preexec_fn=_set_limits(limits))
        except BaseException:
            parent.close()
            stderr.close()
            raise
        finally:
            child.close()
        server = cls(process, parent, stderr, _IssuedHandles(HANDLE_BYTES), os.getpid())
        server._wait_until_ready(assignment_id, limits.student_caps())
        return server

    def _wait_until_ready(self, assignment_id: str, caps: wire.Caps) -> None:
        sock = self.sock
        assert sock is not None, "a server just started has its socket"
        try:
            hello = wire.receive(sock, None, caps=caps,
                                 deadline=time.monotonic() + START_SECONDS)
        except (OSError, wire.WireError) as error:
            why = self.why_gone() if isinstance(error, wire.PeerGone) else f"{type(error).__name__}: {error}"
            self.kill()
            raise ReferenceBroken(f"the course's reference of {assignment_id} did not start ({why}); "
                                  "load it by hand with autograder.reference.load_reference to see "
                                  "why") from None
        if not isinstance(hello, dict) or hello.get("op") != "ready":
            self.kill()
            message = hello.get("message") if isinstance(hello, dict) else repr(hello)[:100]
            raise ReferenceBroken(f"the course's reference of {assignment_id} does not load: {message}")

    @property
    def alive(self) -> bool:
        return self.sock is not None and self.process.poll() is None

    def why_gone(self) -> str:
        """How the server ended (its exit status or signal) and the last line it wrote."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            how = "no exit yet (it closed its connection)"
        elif code < 0:
            name = signal.Signals(-code).name
            how = {"SIGKILL": "SIGKILL (the memory limit, or killed from outside)",
                   "SIGSEGV": "a crash (segmentation fault)",
                   "SIGXCPU": "SIGXCPU (the CPU time limit)"}.get(name, name)
        else:
            how = f"exit status {code}"
        tail = _last_line(self.stderr)
        return f"{how}{f': {tail}' if tail else ''}"

    def kill(self) -> None:
        """End the server and everything in its process group."""
        self._close_socket()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.stderr.close()

    def abandon(self) -> None:
        """Let go of a server inherited through fork without touching it: it serves the
        parent, which will end it."""
        self._close_socket()
        self.stderr.close()

    def _close_socket(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


class _IssuedHandles(wire.Handles):
    """The grader's numbers for the arrays it sent the server, held weakly.

    A warm server outlives many submissions; a table that held its arrays would keep every
    check's data alive in the grader and fill up for good. So the arrays are held by weak
    reference: while the caller keeps an array (the cat data of a training loop) it goes
    by number, and once the caller drops it, its number is forgotten on both sides
    (:meth:`collect`, sent with the next request). An array is taken not to change while
    it lives, as the wire does for the students' processes: the grader's check inputs don't.
    """
    # Weak references where wire.Handles keeps arrays (ignore: a deliberate override; the one
    # use of by_handle as arrays, decode's "~handle", never meets this table, as the grader
    # decodes the server's answers with no handles). Tests read the weak references here.
    by_handle: dict[int, weakref.ref[np.ndarray]]  # type: ignore[assignment]

    def __init__(self, max_bytes: int):
        super().__init__(issue=True, max_bytes=max_bytes)
        self.sizes: dict[int, int] = {}

    def add(self, array: np.ndarray, handle: int | None = None) -> int | None:
        if self.bytes + array.nbytes > self.max_bytes:
            return None   # sent in full, as the wire does when the table is full
        number, self.next = self.next, self.next + 1
        self.by_handle[number] = weakref.ref(array)
        self.by_id[id(array)] = number
        self.sizes[number] = array.nbytes
        self.bytes += array.nbytes
        return number

    def lookup(self, array: np.ndarray) -> int | None:
        number = self.by_id.get(id(array))
        held = self.by_handle.get(number) if number is not None else None
        return number if held is not None and held() is array else None   # (ids are reused)

    def collect(self) -> list[int]:
        """The numbers of arrays the caller no longer has, now forgotten here."""
        gone = [number for number, held in self.by_handle.items() if held() is None]
        for number in gone:
            del self.by_handle[number]
            self.bytes -= self.sizes.pop(number)
        for key in [key for key, number in self.by_id.items() if number not in self.by_handle]:
            del self.by_id[key]
        return gone


def _server_env() -> dict[str, str]:
    """The grader's environment, with what the reference must run under: one BLAS thread
    (as in the grader and the students' processes: several would multiply the address
    space reserved and compete for the grading machine's cores), no display."""
    env = dict(os.environ)
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg", PYTHONPATH=os.pathsep.join(
                   [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    return env


def _last_line(stderr: Any) -> str:
    try:
        stderr.seek(0, os.SEEK_END)
        size = stderr.tell()
        stderr.seek(max(0, size - 2000))
        lines = stderr.read().decode(errors="replace").strip().splitlines()
    except (OSError, ValueError):
        return ""
    return lines[-1][:MESSAGE_CHARACTERS] if lines else ""


def _describe_call(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """``the course's reference optimize, called by your code as optimize(array (12288, 1),
    ..., num_iterations=9000000)``: what the student can recognize of their own call."""
    parts = [_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()]
    inside = ", ".join(parts)
    if len(inside) > 300:
        inside = inside[:297] + "..."
    return f"the course's reference {name}, called by your code as {name}({inside})"


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array {tuple(value.shape)}"
    if isinstance(value, dict):
        return f"dict of {len(value)}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _too_slow(call: str) -> str:
    return (f"{call}, ran past the time limit; look for far too many iterations or far too "
            "large sizes in those arguments")


def _rebuilt_exception(type_name: str, message: str) -> Exception:
    """The reference's exception for the caller: its builtin type (MemoryError, ValueError,
    KeyError...), else RuntimeError, with the one line the server sent."""
    kind = getattr(builtins, type_name, None)
    if isinstance(kind, type) and issubclass(kind, Exception):
        try:
            return kind(message)
        except Exception:  # noqa: BLE001 (a builtin that needs other arguments, UnicodeDecodeError...)
            pass
    return RuntimeError(message)


def _global_state() -> _State:
    """``np.random.get_state()``: NumPy's global generator is the legacy MT19937, whose state
    is a tuple (numpy's stubs type the call without arguments as returning a dict)."""
    state = np.random.get_state(legacy=True)   # (the default, spelled out for the stubs)
    assert isinstance(state, tuple), "the global generator is NumPy's legacy MT19937"
    return state


def _same_state(a: _State, b: _State) -> bool:
    """Whether two legacy generator states are the same (the keys compared as arrays)."""
    return a[0] == b[0] and tuple(a[2:]) == tuple(b[2:]) and np.array_equal(a[1], b[1])


def _generator_state(plain: Any) -> _State:
    """NumPy's legacy generator state rebuilt from plain data: ('MT19937', 624 uint32 keys,
    position, has_gauss, cached_gaussian), or ValueError."""
    if not (isinstance(plain, (tuple, list)) and len(plain) == 5):
        raise ValueError(f"a generator state has 5 items, found {type(plain).__name__} {str(plain)[:60]}")
    name, keys, position, has_gauss, cached = plain
    keys = np.asarray(keys)
    if name != "MT19937" or keys.dtype != np.uint32 or keys.shape != (624,):
        raise ValueError(f"expected MT19937 with 624 uint32 keys, found {str(name)[:20]} "
                         f"{keys.dtype} {keys.shape}")
    return ("MT19937", keys.copy(), int(position), int(has_gauss), float(cached))


_PROCESSES: dict[tuple[int, int, str, tuple[Any, ...]], ReferenceProcess] = {}   # (pid, thread, id, limits)


def reference_process(assignment_id: str, limits: Limits) -> ReferenceProcess:
    """The warm one of this grading process and thread for this assignment and limits,
    started on first use."""
    for key in [k for k, p in _PROCESSES.items() if p.owner != os.getpid()]:
        _PROCESSES.pop(key).close()   # inherited through fork: let go, never used here
    key = (os.getpid(), threading.get_ident(), assignment_id, dataclasses.astuple(limits))
    process = _PROCESSES.get(key)
    if process is None:
        process = _PROCESSES[key] = ReferenceProcess(assignment_id, limits)
    return process


@atexit.register
def close_reference_processes() -> None:
    while _PROCESSES:
        _PROCESSES.popitem()[1].close()


# -- the server's side ------------------------------------------------------------------
class _ResolvedHandles(wire.Handles):
    """The server's table: arrays by the grader's numbers, forgotten when the grader says.

    The arrays kept are read-only: the reference never changes its inputs, and one that
    did would change the array every later call resolves by number without the grader's
    copy changing; it fails loudly instead.
    """

    def __init__(self, max_bytes: int):
        super().__init__(issue=False, max_bytes=max_bytes)

    def add(self, array: np.ndarray, handle: int | None = None) -> int | None:
        number = super().add(array, handle)
        if number is not None:
            array.flags.writeable = False
        return number

    def forget(self, numbers: Any) -> None:
        for number in numbers if isinstance(numbers, list) else []:
            array = self.by_handle.pop(number, None)
            if array is not None:
                self.by_id.pop(id(array), None)
                self.bytes -= array.nbytes


def _answer(reference: dict[str, Any], request: dict[str, Any], state: _State | None) -> tuple[dict[str, Any], _State]:
    """Run one request's call with the caller's generator state (``state``: the one this
    process has, None when unknown); the reply to send, and the state after."""
    if request.get("np_random") is not None:
        state = _generator_state(request["np_random"])
        np.random.set_state(state)
    elif state is None:
        raise ValueError("the grader sent no generator state for a server that has none of it yet")
    name = request.get("name")
    try:
        if not isinstance(name, str) or name not in reference:
            raise KeyError(f"the course's reference has no {str(name)[:60]!r}; expected one of its "
                           f"functions ({', '.join(_function_names(reference))})")
        value = reference[name](*request.get("args", ()), **request.get("kwargs", {}))
        reply = {"op": "result", "value": value}
    except Exception as error:  # noqa: BLE001 (the reference's failure is the answer; MemoryError included: the address-space limit)
        # one line, built here so that the traceback (and the memory its frames hold) is
        # gone before the reply is encoded; a KeyError's own quotes are left out
        text = error.args[0] if isinstance(error, KeyError) and len(error.args) == 1 else error
        line = clean_message(f"{type(error).__name__}: {text}", MESSAGE_CHARACTERS)
        reply = {"op": "raised", "type": type(error).__name__, "message": line}
    after = _global_state()
    reply.update(np_random=None if _same_state(after, state) else after, cpu=time.process_time())
    return reply, after


def _function_names(reference: dict[str, Any]) -> list[str]:
    return [k for k, v in reference.items() if callable(v) and not isinstance(v, type)
            and getattr(v, "__module__", None) == reference.get("__name__")]


def _send_reply(sock: socket.socket, reply: dict[str, Any]) -> None:
    """Send ``reply``; an answer that cannot be encoded (out of memory) becomes the error.
    Encoding happens before the first byte is sent, so the stream stays whole."""
    try:
        wire.send(sock, reply)
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 (whatever stops the encoding, MemoryError first, is the answer)
        line = clean_message(f"{type(error).__name__}: the answer could not be sent: {error}", MESSAGE_CHARACTERS)
        wire.send(sock, {"op": "raised", "type": type(error).__name__, "message": line,
                         "np_random": reply["np_random"], "cpu": time.process_time()})


def _end_with_parent(parent: int) -> None:
    """Exit when the grader is gone, even in the middle of a long call: the socket's end
    is noticed only between calls, and nobody would read this answer."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)
    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def serve(sock: socket.socket, assignment_id: str) -> int:
    """Load the reference, say so, then answer requests until the grader closes the socket."""
    started = time.perf_counter()
    try:
        from autograder.reference import load_reference

        reference = load_reference(assignment_id)
    except BaseException as error:  # noqa: BLE001 (whatever stops the loading, SystemExit too, is told to the grader)
        traceback.print_exc()
        wire.send(sock, {"op": "broken", "message": clean_message(f"{type(error).__name__}: {error}", 300)})
        return 1
    wire.send(sock, {"op": "ready", "seconds": time.perf_counter() - started})
    handles = _ResolvedHandles(2 * HANDLE_BYTES)   # (it forgets only after decoding a request)
    state = None   # this process's generator state as the grader knows it: none yet
    while True:
        try:
            request = wire.receive(sock, handles)
        except wire.PeerGone:
            return 0   # the grader closed its end: done
        handles.forget(request.get("forget"))
        reply, state = _answer(reference, request, state)
        _send_reply(sock, reply)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m autograder.grading.reference_process FD ASSIGNMENT_ID", file=sys.stderr)
        return 2
    _end_with_parent(os.getppid())
    sock = socket.socket(fileno=int(argv[1]))
    return serve(sock, argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
