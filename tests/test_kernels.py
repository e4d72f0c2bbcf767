"""The test runs' kernels use Unix sockets in a private folder (tests/kernels.py says why)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder import ROOT
from tests.kernels import AsyncSocketKernelManager, SocketKernelManager, app_arguments, socket_prefix

# Printed by a cell: how the kernel running it was told to connect.
CONNECTION = "import json, ipykernel.connect\ninfo = json.loads(ipykernel.connect.get_connection_info())\n"


def test_prefixes_are_fresh_short_and_private():
    first, second = socket_prefix(), socket_prefix()
    assert first != second
    assert Path(first).parent == Path(second).parent
    assert Path(first).parent.stat().st_mode & 0o077 == 0, "the socket folder is readable by others"
    # a kernel appends "-<port>"; a Unix socket path holds at most 107 bytes
    assert len(first) + len("-99999") < 107


def test_a_kernel_binds_its_sockets_in_the_private_folder_and_removes_them():
    manager = SocketKernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        sockets = sorted(Path(manager.ip).parent.glob(Path(manager.ip).name + "-*"))
        assert manager.transport == "ipc"
        assert len(sockets) == 5, sockets  # shell, iopub, stdin, control, heartbeat
        client.execute_interactive("x = 6 * 7", timeout=30)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert not list(Path(manager.ip).parent.glob(Path(manager.ip).name + "-*"))


def test_two_notebook_clients_at_once_get_different_sockets():
    notebooks = [nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CONNECTION + "print(info['ip'])")])
                 for _ in range(2)]
    clients = [NotebookClient(nb, timeout=60, kernel_name="python3",
                              kernel_manager_class=AsyncSocketKernelManager) for nb in notebooks]
    for client in clients:
        client.execute()
    paths = [nb.cells[0].outputs[0]["text"].strip() for nb in notebooks]
    assert paths[0] != paths[1]
    assert all(Path(p).parent == Path(socket_prefix()).parent for p in paths), paths


def _notebook_stating_its_transport(path: Path, expected: str) -> None:
    cell = nbformat.v4.new_code_cell(CONNECTION + "print(info['transport'])", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=expected + "\n")]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


def _nbval(path: Path, *plugin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "--nbval", "--nbval-current-env", *plugin, str(path)],
                          cwd=path.parent, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})


def test_nbval_kernels_use_unix_sockets_with_the_plugin_and_tcp_without(tmp_path):
    """The Makefile's ``-p tests.kernels`` is what switches nbval; the notebook's stored output
    says ``ipc``, so nbval passes only if the kernel really ran on Unix sockets."""
    notebook = tmp_path / "transport.ipynb"
    _notebook_stating_its_transport(notebook, "ipc")
    with_plugin = _nbval(notebook, "-p", "tests.kernels")
    assert with_plugin.returncode == 0, with_plugin.stdout[-2000:] + with_plugin.stderr[-2000:]
    without = _nbval(notebook)
    assert without.returncode == 1 and "tcp" in without.stdout, without.stdout[-2000:]


def test_jupyter_applications_take_the_settings_on_their_command_line(tmp_path):
    """nbgrader and JupyterLab read ``--KernelManager.*`` settings: their kernels use them."""
    settings = app_arguments()
    notebook = tmp_path / "transport.ipynb"
    cell = nbformat.v4.new_code_cell(CONNECTION + "print(info['transport'], info['ip'])")
    nb = nbformat.v4.new_notebook(cells=[cell])
    nbformat.write(nb, notebook)
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--output", "ran.ipynb", str(notebook), *settings],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = "".join(json.loads((tmp_path / "ran.ipynb").read_text())["cells"][0]["outputs"][0]["text"])
    assert printed.split() == ["ipc", settings[1].split("=", 1)[1]]
