"""The student's process: runs a submission's cells and answers the grader's calls.

Forked for each submission by the warm sandbox (:mod:`autograder.sandbox.zygote`), or
started as ``python -m autograder.sandbox.worker FD``, with a socket on file descriptor FD. It knows
nothing of the hidden checks, the expected values or the reference: it executes the code
it is sent and calls the functions it is asked to call. When a graded function under test
calls another graded function, that name is bound to a proxy that asks the grader to run
the reference and send back the result (plain data).

Messages (see :mod:`autograder.sandbox.wire`):
  grader -> worker  {"op": "setup", "files": [[path, bytes]] | None, "workdir": str}  (first)
                    {"op": "load", "cells": [[label, code], ...]}
                    {"op": "call", "name": str, "args": tuple, "kwargs": dict, "deps": [str],
                   "random": [str] (the deps whose calls carry the generator's state)}
                    {"op": "stash", "args": tuple} then {"op": "call_stashed", "name", "first", "deps"}
                    {"op": "exit"}
  worker -> grader  {"op": "ready"}
                    {"op": "loaded", "errors": [[label, message], ...], "defined": [str]}
                    {"op": "ref", "name": str, "args": tuple, "kwargs": dict}   (during a call)
                    {"op": "result", "value": any, "printed": str} then {"args": tuple, "kwargs": dict}
                    {"op": "raised", "type": str, "message": str, "printed": str}
"""

from __future__ import annotations

import builtins
import contextlib
import os
import socket
import sys
from collections.abc import Callable
from typing import Any

from autograder.sandbox import wire

WORKDIR = "/scratch/submission"   # inside the sandbox: the copy of the submission folder


def _one_line(error: BaseException) -> str:
    """An exception's text, flattened and cut short for the wire. Not safe_text.clean_message,
    the grader's one helper for student text: this process imports nothing of the grader
    (autograder/allowlist.py keeps safe_text out of its view), and the grader cleans every
    message it receives from here before storing or showing it (Row, safe_text)."""
    return " ".join(str(error).split())[:300]


class Worker:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.handles = wire.Handles(issue=False)   # only the grader numbers arrays
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.stash: tuple[Any, ...] = ()  # arguments kept for repeated (timed) calls

    def send(self, message: dict[str, Any], handles: bool = True) -> None:
        wire.send(self.sock, message, self.handles if handles else None)

    def serve(self) -> None:
        while True:
            message = wire.receive(self.sock, self.handles)
            op = message.get("op")
            if op == "setup":
                self.setup(message.get("files"), str(message.get("workdir") or "/"))
            elif op == "load":
                self.load(message["cells"])
            elif op == "call":
                self.call(message["name"], message["args"], message["kwargs"], message["deps"],
                          np_random=message.get("np_random"), random=message.get("random"))
            elif op == "stash":
                self.stash = message["args"]
                self.send({"op": "stashed"})
            elif op == "call_stashed":
                args = (message["first"],) + tuple(self.stash[1:])
                self.call(message["name"], args, {}, message["deps"], echo_args=False,
                          random=message.get("random"))
            elif op == "exit":
                return

    def setup(self, files: list[Any] | None, workdir: str) -> None:
        """Work in ``workdir``; inside the sandbox (``files`` given) that is a fresh copy of
        the submission folder in this process's private tmpfs."""
        if files is not None:
            workdir = WORKDIR
            for relative, data in files:
                path = os.path.normpath(os.path.join(WORKDIR, str(relative)))
                if not path.startswith(WORKDIR + os.sep):
                    continue
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(memoryview(data).cast("B"))
            os.makedirs(WORKDIR, exist_ok=True)
        os.chdir(workdir)
        self.send({"op": "ready"})

    def load(self, cells: list[Any]) -> None:
        errors: list[list[str]] = []
        for label, code in cells:
            try:
                exec(compile(code, label, "exec"), self.namespace)
            except BaseException as error:  # noqa: BLE001 (SystemExit, KeyboardInterrupt too: keep going)
                errors.append([label, f"{type(error).__name__}: {_one_line(error)}"])
        defined = sorted(k for k, v in self.namespace.items() if callable(v) and not k.startswith("_"))
        self.send({"op": "loaded", "errors": errors, "defined": defined})

    def proxy(self, name: str, random: bool) -> Callable[..., Any]:
        """A stand-in for a graded function that the grader answers with the reference;
        ``random``: the reference may draw numbers, so the generator's state goes along."""
        def reference(*args: Any, **kwargs: Any) -> Any:
            self.send({"op": "ref", "name": name, "args": args, "kwargs": kwargs,
                       "np_random": _np_random_state() if random else None})
            reply = wire.receive(self.sock, self.handles)
            _set_np_random_state(reply.get("np_random"))
            if reply.get("op") == "ref_result":
                return reply["value"]
            error_type = getattr(builtins, str(reply.get("type")), None)
            if not (isinstance(error_type, type) and issubclass(error_type, Exception)):
                error_type = RuntimeError
            raise error_type(f"{name} (the course's reference, called by your code) failed: "
                             f"{reply.get('message')}")
        reference.__name__ = name
        return reference

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], deps: list[str], echo_args: bool = True,
             np_random: Any = None, random: list[str] | None = None) -> None:
        function = self.namespace.get(name)
        if not callable(function):
            self.send({"op": "raised", "type": "NotDefined", "message": f"{name} is not defined"})
            return
        scope = getattr(function, "__globals__", self.namespace)
        saved = {dep: scope.get(dep, self) for dep in deps}
        random = deps if random is None else random
        scope.update({dep: self.proxy(dep, dep in random) for dep in deps})
        _set_np_random_state(np_random)
        printed = Printed()
        try:
            with contextlib.redirect_stdout(printed):
                value = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 (whatever the student's function raises is its answer)
            self.send({"op": "raised", "type": type(error).__name__, "message": _one_line(error),
                       "np_random": _np_random_state(), "printed": printed.text()})
            return
        finally:
            for dep, before in saved.items():
                if before is self:
                    scope.pop(dep, None)
                else:
                    scope[dep] = before
        self.send({"op": "result", "value": value, "np_random": _np_random_state(),
                   "printed": printed.text()})
        if echo_args:  # the arguments as they are now, in full, so the grader sees in-place changes
            self.send({"args": args, "kwargs": kwargs}, handles=False)


class Printed:
    """What a call printed, for checks of printing; the start only, so a flood costs nothing."""
    LIMIT = 4000

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: object) -> int:
        text = str(text)
        if self.size < self.LIMIT:
            self.parts.append(text[: self.LIMIT - self.size])
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


def _np_random_state() -> Any:
    """NumPy's global (legacy) generator state, if the student's code imported NumPy (a tuple
    from the module found by name, so untyped here), else None."""
    np = sys.modules.get("numpy")
    return np.random.get_state() if np is not None else None


def _set_np_random_state(state: Any) -> None:
    """Adopt the grader's global generator state, so that np.random.seed in one process and
    np.random.randn in the other behave as one generator (as in a single process)."""
    np = sys.modules.get("numpy")
    if np is not None and isinstance(state, (tuple, list)) and len(state) == 5:
        try:
            np.random.set_state(tuple(state))
        except (TypeError, ValueError):
            pass


def serve_on(fd: int) -> None:
    """Serve the grader on the socket at file descriptor ``fd`` until it says exit or goes."""
    sock = socket.socket(fileno=fd)
    try:
        Worker(sock).serve()
    except wire.PeerGone:
        pass


def main() -> None:
    serve_on(int(sys.argv[1]))


if __name__ == "__main__":
    main()
