"""A warm sandbox that forks a fresh student's process for each submission.

Starting a student's process from scratch costs about a second: bubblewrap, Python, and
above all the imports of the setup cells (``matplotlib.pyplot`` alone is half a second).
This process starts once per grading process, inside the bubblewrap sandbox, imports what
the notebooks import, and then forks one child per submission: the child starts with all
of it loaded, copy-on-write, and serves the grader as ``autograder.sandbox.worker``.

Nothing of one child may reach the next, and the rule is kept by construction rather than
by cleaning up afterwards:

- The sandbox's own filesystem is read-only: its root, ``/tmp``, ``/dev`` and ``/dev/shm``
  (bubblewrap remounts them so before this process starts). No child can leave a file
  where a later one would find it, or plant a module on ``sys.path``.
- Each child enters namespaces of its own before any student code runs
  (:func:`enter_private_namespaces`): a user namespace (its own kernel keyrings), a
  mount namespace with a fresh size-capped tmpfs on ``/scratch`` (its home, its temporary
  files and the copy of its submission) and on ``/dev/shm``, and an IPC namespace (its own
  System V objects and POSIX message queues). Then it drops every capability, so it cannot
  unmount its tmpfs to reach the read-only one below. What it writes goes when it ends.
- When a child ends, every other process of the sandbox's PID namespace is killed (what
  it left running, in any session), and the sandbox confirms none is left; if it cannot,
  it says so and the grader throws the whole sandbox away.
- The submission's files never pass through this process (the child receives them from
  the grader itself), so no freed memory here holds a student's bytes for the next fork.

If the kernel does not let a child make its namespaces, the sandbox says so
(``private: false``) and the grader uses each sandbox for one child only: a fresh
bubblewrap per submission, slower and just as clean. This process is not dumpable, so a
child (same user) can neither trace it nor read its memory; a child can still kill it,
which costs a new sandbox, nothing else.

Started by :class:`autograder.sandbox.process.WarmSandbox` (the grader's side of this process) as
``python -P -m autograder.sandbox.zygote FD MODE`` (MODE ``isolated`` inside bubblewrap;
``plain`` otherwise: then children share the grader's view of the disk, only the child's
process group is killed, and the student is told isolation is off).

Requests on the control socket, each after one marker byte that may carry file descriptors:
  spawn  (fds: the child's socket, its stderr)  {"op": "spawn", "scratch_bytes": int, "shm_bytes": int}
         -> {"op": "spawned", "pid": int, "private": bool}
  status {"op": "status", "pid": int, "timeout": float} -> {"op": "status", "code": int | None}
  freeze {"op": "freeze"} / thaw {"op": "thaw"}: stop / continue every process of the
         child's (the speed check keeps the student from running while the baseline is timed)
         -> {"op": "frozen"} / {"op": "thawed"}
  end    {"op": "end", "pid": int} -> {"op": "ended", "code": int | None, "clean": bool, "why": str}
  exit   {"op": "exit"}
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.sandbox import wire

PUBLIC = Path(__file__).resolve().parent.parent / "public"   # allow-listed: the sandbox sees it


def public_check_modules(folder: Path = PUBLIC) -> tuple[str, ...]:
    """``autograder.public.moduleN`` for every module's public checks, in module order.

    Each module's setup cell imports its own; found from the files of
    ``autograder/public/`` rather than listed, so a new module is preloaded without an edit
    here. Not from ``autograder.course`` (the assignments), which this sandbox cannot
    import (it is not allow-listed); every assignment ``moduleN_*`` has its
    ``public/moduleN.py`` (``autograder.course`` says so), and a test holds the two equal."""
    numbers = sorted(int(m.group(1)) for p in folder.glob("module*.py")
                     if (m := re.fullmatch(r"module(\d+)", p.stem)))
    return tuple(f"autograder.public.module{n}" for n in numbers)


# What the course's setup cells import: loaded once here, shared by every child.
PRELOAD = ("numpy", "matplotlib", "matplotlib.pyplot", "h5py", "copy", "autograder.public",
           *public_check_modules(), "autograder.datasets", "autograder.sandbox.worker")
SCRATCH = "/scratch"      # a child's private writable folder (inside the sandbox)

PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 4, 24, 38
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


def _prctl(option: int, value: int) -> int:
    return int(_libc.prctl(option, value, 0, 0, 0))   # (ctypes' default restype: a C int, a Python int)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _mount_tmpfs(target: str, size: int) -> None:
    options = f"size={size},mode=0700".encode()
    _check(_libc.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options),
           f"mounting a private tmpfs on {target}")


def enter_private_namespaces(scratch_bytes: int, shm_bytes: int) -> None:
    """Make this (forked) process's writable places, keyrings and IPC its own, then give
    up every capability.

    A new user namespace maps only our own uid and gid (the sandbox runs as a non-zero uid
    so that this needs no privilege); in it we may create a mount namespace, where fresh
    tmpfs mounts of ``scratch_bytes`` and ``shm_bytes`` cover ``/scratch`` and ``/dev/shm``
    (tmpfs is RAM, so the caps are what stops a child filling the machine's memory through
    files), and an IPC namespace. Capabilities are then dropped from every set, the
    bounding set included, and no_new_privs is set, so nothing the child runs gets them back.
    """
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC), "unshare")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")
    _check(_libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "making mounts private")
    _mount_tmpfs(SCRATCH, scratch_bytes)
    _mount_tmpfs("/dev/shm", shm_bytes)
    drop_capabilities()


def drop_capabilities() -> None:
    """No capability in any set, none to regain on exec, and no_new_privs."""
    with open("/proc/sys/kernel/cap_last_cap") as last:
        for cap in range(int(last.read()) + 1):
            _prctl(PR_CAPBSET_DROP, cap)   # (a cap the kernel does not know is refused: fine)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    nothing = (Data * 2)()
    _check(_libc.capset(ctypes.byref(Header(_LINUX_CAPABILITY_VERSION_3, 0)), nothing), "capset")
    _check(_prctl(PR_SET_NO_NEW_PRIVS, 1), "no_new_privs")


def children_can_be_private() -> bool:
    """Whether a forked child can enter its own namespaces here (tried in a throwaway fork)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            enter_private_namespaces(1 << 20, 1 << 20)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (a missing optional module is the child's problem)
            pass


def exit_code(status: int) -> int:
    """os.waitpid's status as Popen reports it: the exit code, or minus the signal."""
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


class Sandbox:
    """The warm sandbox's side of the control socket (see the module doc)."""

    def __init__(self, control: socket.socket, isolated: bool):
        self.control, self.isolated = control, isolated
        self.private = isolated and children_can_be_private()
        self.child: int | None = None
        self.codes: dict[int, int] = {}   # exit codes of children already reaped

    def serve(self) -> None:
        while True:
            _, fds, _, _ = socket.recv_fds(self.control, 1, 2)
            message = wire.receive(self.control)
            op = message.get("op")
            if op == "spawn":
                pid = self.spawn(fds, message)
                wire.send(self.control, {"op": "spawned", "pid": pid, "private": self.private})
            elif op == "status":
                code = self.wait(int(message["pid"]), float(message.get("timeout", 0)))
                wire.send(self.control, {"op": "status", "code": code})
            elif op in ("freeze", "thaw"):
                self.signal_children(signal.SIGSTOP if op == "freeze" else signal.SIGCONT)
                wire.send(self.control, {"op": "frozen" if op == "freeze" else "thawed"})
            elif op == "end":
                code = self.end(int(message["pid"]))
                clean, why = self.clean()
                wire.send(self.control, {"op": "ended", "code": code, "clean": clean, "why": why})
            elif op == "exit":
                if self.child is not None:
                    self.end(self.child)
                return
            for fd in fds:  # never keep a child's descriptors here
                try:
                    os.close(fd)
                except OSError:
                    pass

    # -- children ----------------------------------------------------------------------
    def spawn(self, fds: list[int], message: dict[str, Any]) -> int:
        if self.child is not None:  # one child at a time, and never beside another's leftovers
            self.end(self.child)
            self.clean()
        if len(fds) != 2:
            raise wire.WireError("spawn needs the child's socket and stderr")
        pid = os.fork()
        if pid == 0:
            self.become_child(fds, message)   # never returns
        self.child = pid
        return pid

    def become_child(self, fds: list[int], message: dict[str, Any]) -> None:
        code = 0
        try:
            self.control.close()
            sock_fd, stderr_fd = fds
            os.dup2(stderr_fd, 2)
            os.close(stderr_fd)
            os.setsid()   # its own process group: ending it ends what it started
            if self.private:
                enter_private_namespaces(int(message["scratch_bytes"]), int(message["shm_bytes"]))
            _prctl(PR_SET_DUMPABLE, 1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            from autograder.sandbox.worker import serve_on

            serve_on(sock_fd)
        except BaseException:  # noqa: BLE001 (the grader hears of it through the socket)
            code = 70
        finally:
            os._exit(code)

    def signal_children(self, sig: int) -> None:
        """``sig`` to every process of the child's: in the sandbox, all but its init and this."""
        child = self.child
        targets: list[Callable[[], None]] = [lambda: os.kill(-1, sig)] if self.isolated else \
            [lambda: os.killpg(child, sig)] if child is not None else []
        for target in targets:
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass

    def wait(self, pid: int, timeout: float) -> int | None:
        """The child's exit code once it has ended (within ``timeout`` seconds), else None."""
        if pid in self.codes:
            return self.codes[pid]
        deadline = time.monotonic() + timeout
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return self.codes.get(pid)
            if done:
                self.codes[pid] = exit_code(status)
                return self.codes[pid]
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.005)

    def end(self, pid: int) -> int | None:
        """Kill the child and everything it started; its exit code (None if never ended)."""
        if pid == self.child:
            self.child = None
        code = self.wait(pid, 0)
        if code is None:
            ends: tuple[Callable[[], None], ...] = (lambda: os.killpg(pid, signal.SIGKILL),
                                                    lambda: os.kill(pid, signal.SIGKILL))
            for target in ends:
                try:
                    target()
                except (ProcessLookupError, PermissionError):
                    pass
            code = self.wait(pid, 5)
        if self.isolated:
            # every process of this PID namespace but its init and this one: what the
            # child left running, in any session
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:  # reap whatever is ours
            try:
                done, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not done:
                break
        return code

    def clean(self) -> tuple[bool, str]:
        """(True, "") when no process of the last child is left running in the sandbox.

        Files need no cleaning: a child could write only to its own tmpfs mounts, which
        went with its mount namespace."""
        if not self.isolated:
            return True, ""
        deadline = time.monotonic() + 3.0
        while (others := _living_others()) and time.monotonic() < deadline:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            time.sleep(0.01)
        if others:
            return False, f"processes still running: {others[:5]}"
        return True, ""


def _living_others() -> list[int]:
    """Processes of this PID namespace other than its init and this one, zombies aside."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in (1, os.getpid()):
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                state = stat.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in (b"Z", b"X"):
            found.append(int(name))
    return found


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    isolated = len(sys.argv) > 2 and sys.argv[2] == "isolated"
    _prctl(PR_SET_DUMPABLE, 0)   # no child may trace this process or read its memory
    preload()
    try:
        Sandbox(control, isolated).serve()
    except (wire.WireError, OSError):
        pass   # the grader is gone (or broke the protocol): end with it


if __name__ == "__main__":
    main()
