"""Jupyter kernels started by the tests talk over Unix sockets in a private folder, not TCP ports.

Why: ``make test`` starts kernels in two pytest workers at once (nbval, nbclient, nbgrader,
JupyterLab). jupyter_client chooses a kernel's TCP ports by binding port 0 and letting go before
the kernel binds them, so a kernel starting at the same moment in the other worker can take one;
the kernel then dies with "Address already in use", which nbval reports only as "Kernel died
before replying to kernel_info" (one CI run lost every cell of a notebook that way). A socket path
inside a folder that only this process names cannot be taken by another process.

nbval's kernels switch when this module is loaded as a pytest plugin (``-p tests.kernels``, as the
Makefile does); tests that start kernels themselves use :class:`AsyncSocketKernelManager` (nbclient)
or :func:`app_arguments` (a Jupyter application run as a command: nbgrader, JupyterLab).
"""
from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager, KernelManager

_folder: Path | None = None
_numbers = itertools.count(1)


def socket_prefix() -> str:
    """A fresh path prefix for one kernel's sockets (the kernel adds ``-1`` ... ``-5``).

    Kept short on purpose: a Unix socket path holds at most 107 bytes, so it lives directly under
    /tmp rather than under pytest's deep temporary folders.
    """
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="nndl-kernels-", dir="/tmp"))
        atexit.register(shutil.rmtree, _folder, True)
    return str(_folder / f"k{next(_numbers)}")


class _OnUnixSockets:
    """Defaults a kernel manager to the ``ipc`` transport at a fresh private path."""

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        if kwargs["transport"] == "ipc":
            kwargs.setdefault("ip", socket_prefix())
        super().__init__(**kwargs)


class SocketKernelManager(_OnUnixSockets, KernelManager):
    """jupyter_client's blocking kernel manager on Unix sockets (what nbval uses)."""


class AsyncSocketKernelManager(_OnUnixSockets, AsyncKernelManager):
    """nbclient's kernel manager on Unix sockets: ``NotebookClient(kernel_manager_class=...)``."""


def app_arguments() -> list[str]:
    """Command-line settings that put a Jupyter application's kernels on Unix sockets.

    One fresh prefix per application: its kernels number their sockets after those still open.
    """
    return ["--KernelManager.transport=ipc", f"--KernelManager.ip={socket_prefix()}"]


def pytest_configure(config) -> None:
    """Make nbval start its kernels on Unix sockets (it builds ``nbval.kernel.KernelManager``)."""
    if config.pluginmanager.hasplugin("nbval"):
        import nbval.kernel
        nbval.kernel.KernelManager = SocketKernelManager
