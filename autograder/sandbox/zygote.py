"""A warm sandbox that forks a fresh student's process for each submission.

Starting a student's process from scratch costs about a second: bubblewrap, Python, and
above all the imports of the setup cells (``matplotlib.pyplot`` alone is half a second).
This process starts once per grading process, inside the same sandbox as before, imports
what the notebooks import, and then forks one child per submission: the child starts with
all of it loaded, copy-on-write, and serves the grader as ``autograder.sandbox.worker``.

Between two children nothing of the first may reach the second. One child lives at a
time; when it ends, the zygote kills every other process of its PID namespace (what the
child left running), and empties the private ``/tmp`` and ``/dev/shm``. If it cannot
confirm that, it says so and the grader throws the whole sandbox away. The zygote is not
dumpable, so a child (same user) can neither trace it nor read its memory; a child can
still kill it, which costs a new sandbox, nothing else.

Started by :class:`autograder.sandbox.process.Zygote` as
``python -m autograder.sandbox.zygote FD MODE`` (MODE ``isolated`` inside bubblewrap, where
the cleaning above is safe; ``plain`` otherwise: then only the child's process group is
killed and nothing is deleted, as without a sandbox there is nothing private to empty).

Requests on the control socket, each after one marker byte that may carry file descriptors:
  spawn  (fds: the child's socket, its stderr)  {"op": "spawn", "files": [[path, bytes]], "workdir": str}
         -> {"op": "spawned", "pid": int}
  status {"op": "status", "pid": int, "timeout": float} -> {"op": "status", "code": int | None}
  end    {"op": "end", "pid": int} -> {"op": "ended", "code": int | None, "clean": bool, "why": str}
  exit   {"op": "exit"}
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import sys
import time

from autograder.sandbox import wire

# What the course's setup cells import: loaded once here, shared by every child.
PRELOAD = ("numpy", "matplotlib", "matplotlib.pyplot", "h5py", "copy", "autograder.public",
           "autograder.public.module1", "autograder.public.module2", "autograder.public.module3",
           "autograder.public.module4", "autograder.datasets", "autograder.sandbox.worker")
PRIVATE = ("/tmp", "/dev/shm")   # emptied between children (inside the sandbox only)
WORKDIR = "/tmp/submission"      # a child's copy of its submission folder (inside the sandbox)

PR_SET_DUMPABLE = 4


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


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


class Zygote:
    def __init__(self, control: socket.socket, isolated: bool):
        self.control, self.isolated = control, isolated
        self.child: int | None = None
        self.codes: dict[int, int] = {}   # exit codes of children already reaped

    def serve(self) -> None:
        while True:
            _, fds, _, _ = socket.recv_fds(self.control, 1, 2)
            message = wire.receive(self.control)
            op = message.get("op")
            if op == "spawn":
                pid = self.spawn(fds, message)
                wire.send(self.control, {"op": "spawned", "pid": pid})
            elif op == "status":
                code = self.wait(int(message["pid"]), float(message.get("timeout", 0)))
                wire.send(self.control, {"op": "status", "code": code})
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
    def spawn(self, fds: list[int], message: dict) -> int:
        if self.child is not None:  # one child at a time, and never on another's leftovers
            self.end(self.child)
            self.clean()
        if len(fds) != 2:
            raise wire.WireError("spawn needs the child's socket and stderr")
        pid = os.fork()
        if pid == 0:
            self.become_child(fds, message)   # never returns
        self.child = pid
        return pid

    def become_child(self, fds: list[int], message: dict) -> None:
        code = 0
        try:
            self.control.close()
            sock_fd, stderr_fd = fds
            os.dup2(stderr_fd, 2)
            os.close(stderr_fd)
            os.setsid()   # its own process group: ending it ends what it started
            _prctl(PR_SET_DUMPABLE, 1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.chdir(self.workdir(message))
            from autograder.sandbox.worker import serve_on

            serve_on(sock_fd)
        except BaseException:  # noqa: BLE001 (the grader hears of it through the socket)
            code = 70
        finally:
            os._exit(code)

    def workdir(self, message: dict) -> str:
        """Inside the sandbox a copy of the submission folder; outside, the folder itself."""
        if not self.isolated:
            return str(message.get("workdir") or "/tmp")
        os.makedirs(WORKDIR, exist_ok=True)
        for relative, data in message.get("files", []):
            path = os.path.normpath(os.path.join(WORKDIR, str(relative)))
            if not path.startswith(WORKDIR + os.sep):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(memoryview(data).cast("B"))
        return WORKDIR

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
            for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
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
        """Empty the private folders; (True, "") when nothing of the last child is left."""
        if not self.isolated:
            return True, ""
        try:
            return self._clean()
        except Exception as error:  # noqa: BLE001 (the grader then discards the sandbox)
            return False, f"cleaning failed: {type(error).__name__}: {error}"

    def _clean(self) -> tuple[bool, str]:
        deadline = time.monotonic() + 3.0
        while (others := _living_others()) and time.monotonic() < deadline:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            time.sleep(0.01)
        if others:
            return False, f"processes still running: {others[:5]}"
        for folder in PRIVATE:
            if os.path.isdir(folder):
                left = _empty(folder, _mount_points_under(folder))
                if left:
                    return False, f"{folder} could not be emptied: {left[:5]}"
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


def _mount_points_under(folder: str) -> set[str]:
    """The sandbox's own mounts below ``folder``: a course (and its venv) that lives under
    /tmp is bound read-only inside the private /tmp, and must stay."""
    points = set()
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mounts:
        for line in mounts:
            fields = line.split()
            point = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), fields[4]) if len(fields) > 4 else ""
            if point.startswith(folder.rstrip("/") + "/"):
                points.add(point)
    return points


def _empty(folder: str, mounts: set[str]) -> list[str]:
    """Remove everything in ``folder`` but the mount points in ``mounts`` (and the folders
    that lead to them, emptied of everything else); what could not be removed."""
    left = []
    for entry in os.scandir(folder):
        if entry.path in mounts:
            continue
        if any(m.startswith(entry.path + "/") for m in mounts):
            left += _empty(entry.path, mounts)
            continue
        _remove(entry.path)
        if os.path.lexists(entry.path):
            left.append(entry.path)
    return left


def _remove(path: str) -> None:
    """Delete a file or a folder tree, even one whose folders were made unreadable."""
    if os.path.isdir(path) and not os.path.islink(path):
        folders = [path]
        while folders:   # iterative: a student's tree may be deeper than the recursion limit
            folder = folders.pop()
            try:
                os.chmod(folder, 0o700)
                folders += [e.path for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
            except OSError:
                pass
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    isolated = len(sys.argv) > 2 and sys.argv[2] == "isolated"
    _prctl(PR_SET_DUMPABLE, 0)   # no child may trace this process or read its memory
    preload()
    try:
        Zygote(control, isolated).serve()
    except (wire.WireError, OSError):
        pass   # the grader is gone (or broke the protocol): end with it


if __name__ == "__main__":
    main()
