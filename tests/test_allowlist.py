"""One allow-list of what students get (autograder/allowlist.py), for the bundle and the sandbox.

The sandbox shows a student's process a subset of the student bundle, both derived from
the same list; and, tried from inside a real sandboxed student process with each bwrap of
this machine, exactly the allow-listed files of the repository can be read, and nothing
else of it can be read or even listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder import ROOT, allowlist, bundle
from autograder.sandbox import isolation
from test_isolation import bwrap, clean_env  # noqa: F401 (bwrap: the fixture of each binary)

# Secrets and grader-only code: none may be in the bundle or in the sandbox.
SECRETS = ["solutions", "autograder/hidden", "autograder/reference.py", "autograder/grading",
           "autograder/datasets/calibrate.py", "autograder/datasets/build.py", "autograder/datasets/catgen.py",
           "autograder/datasets/preview.py", "autograder/sandbox/process.py", "autograder/sandbox/isolation.py",
           "autograder/allowlist.py", "tests", "examples", "benchmarks", ".git"]


def _under(relative: str, folder: str) -> bool:
    return relative == folder or relative.startswith(folder + "/")


# -- the lists ---------------------------------------------------------------------------
def test_the_sandbox_sees_a_subset_of_the_bundle():
    sandbox, student_bundle = set(allowlist.sandbox_files()), set(allowlist.bundle_files())
    assert sandbox, "the sandbox would show a student's process nothing of the course"
    assert sandbox <= student_bundle, f"shown in the sandbox but not in the bundle: {sorted(sandbox - student_bundle)}"


def test_bundle_and_sandbox_are_derived_from_the_allow_list():
    assert bundle.ALLOWED == [entry.path for entry in allowlist.ENTRIES]
    assert [p.as_posix() for p in bundle._files(ROOT)] == allowlist.bundle_files()
    assert isolation.VISIBLE == allowlist.sandbox_files(), "isolation.VISIBLE must come from the allow-list"


def test_every_entry_is_unique_and_says_why_it_is_safe():
    paths = [entry.path for entry in allowlist.ENTRIES]
    assert len(paths) == len(set(paths)), f"listed twice: {sorted(p for p in paths if paths.count(p) > 1)}"
    for entry in allowlist.ENTRIES:
        assert len(entry.why.split()) >= 3, f"{entry.path}: say why students may have it"
        nested = [other for other in paths if other != entry.path and _under(entry.path, other)]
        assert not nested, f"{entry.path} is already inside {nested}"


def test_no_secret_is_in_the_bundle_or_the_sandbox():
    for listed in (allowlist.bundle_files(), allowlist.sandbox_files()):
        leaked = [f for f in listed for secret in SECRETS if _under(f, secret)]
        assert not leaked, f"secret or grader-only files allowed: {leaked}"


def test_a_missing_bundle_entry_is_an_error_and_a_missing_sandbox_file_is_left_out(tmp_path):
    (tmp_path / "autograder").mkdir()
    (tmp_path / "autograder" / "__init__.py").write_text("")
    with pytest.raises(FileNotFoundError, match="listed in autograder/allowlist.py ENTRIES but missing"):
        allowlist.bundle_files(tmp_path)
    assert allowlist.sandbox_files(tmp_path) == ["autograder/__init__.py"]


def test_caches_are_in_neither_list(tmp_path):
    public = tmp_path / "autograder" / "public"
    (public / "__pycache__").mkdir(parents=True)
    (public / "__init__.py").write_text("")
    (public / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"")
    assert [f for f in allowlist.sandbox_files(tmp_path) if "public" in f] == ["autograder/public/__init__.py"]


def test_the_sandbox_holds_every_course_module_a_students_process_imports():
    """What the warm sandbox preloads (zygote.PRELOAD) and everything of the course that pulls
    in, imported here: each such module's file must be allow-listed for the sandbox."""
    from autograder.sandbox.zygote import PRELOAD

    script = ("import importlib, json, sys\n"
              f"for name in {list(PRELOAD)!r}: importlib.import_module(name)\n"
              "ours = [m for n, m in list(sys.modules.items()) if n == 'autograder' or n.startswith('autograder.')]\n"
              "print(json.dumps(sorted(m.__file__ for m in ours if getattr(m, '__file__', None))))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=clean_env(MPLBACKEND="Agg"))
    assert done.returncode == 0, done.stderr
    loaded = {os.path.relpath(path, ROOT).replace(os.sep, "/") for path in json.loads(done.stdout)}
    assert "autograder/sandbox/worker.py" in loaded and "autograder/datasets/loader.py" in loaded, loaded
    missing = loaded - set(allowlist.sandbox_files())
    assert not missing, f"the student's process imports files the sandbox does not show: {sorted(missing)}"


# -- tried from inside the sandbox -------------------------------------------------------
# The student's code: tries to read every file and list every folder it is given, walks the
# course root as the sandbox shows it, imports what the warm sandbox preloads and loads the
# data the notebooks load. It returns what it found, as plain data.
PROBE = '''
import importlib, os

def _readable(path):
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        return True
    except OSError:
        return False

def _listing(path):
    try:
        return sorted(os.listdir(path))
    except OSError:
        return None

def probe(root, files, folders, modules, skip):
    found = {"read": [f for f in files if _readable(f)],
             "listed": {d: _listing(d) for d in folders if _listing(d) is not None},
             "walk_files": [], "walk_folders": {}, "import_errors": {}}
    for here, subfolders, names in os.walk(root):
        found["walk_folders"][here] = sorted(subfolders + names)
        subfolders[:] = [s for s in subfolders if os.path.join(here, s) not in skip]
        found["walk_files"] += [os.path.join(here, n) for n in names if _readable(os.path.join(here, n))]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:
            found["import_errors"][name] = f"{type(error).__name__}: {error}"
    from autograder.datasets import last_loaded, load_cat_data, load_planar_dataset
    train_x = load_cat_data(verbose=False)[0]
    found["cat"] = [list(train_x.shape), last_loaded().kind]
    found["planar"] = list(load_planar_dataset()[0].shape)
    return found
'''

# Runs in a fresh grader process (its own detect(), its own warm sandbox) under the given
# AUTOGRADER_BWRAP, with isolation required, so a sandbox that does not start fails loudly.
RUNNER = '''
import json, sys
from autograder.sandbox.process import Limits, StudentProcess
request = json.load(sys.stdin)
process = StudentProcess(limits=Limits(), workdir=None)
process.start()
try:
    errors = process.load([("probe", request["probe"])])
    assert not errors, errors
    found = process.call("probe", tuple(request["args"]), {}, [], reference=lambda *a: None)[0]
finally:
    process.stop()
print("RESULT " + json.dumps(found))
'''


def _python_prefixes() -> set[str]:
    """The course's Python inside the repository (a .venv/): the sandbox shows it read-only as
    it shows the system, and it is no part of the course's files."""
    cache = os.environ.get("MPLCONFIGDIR")
    return {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, cache) if p}


def _repository() -> tuple[list[str], list[str], set[str]]:
    """Every file and folder of the repository (caches, .git, build/ and dist/ included),
    but the course's Python; and the paths of that Python found inside it."""
    files, folders, skipped = [], [], set()
    prefixes = _python_prefixes()
    for here, subfolders, names in os.walk(ROOT):
        for name in list(subfolders):
            if os.path.realpath(os.path.join(here, name)) in prefixes:
                skipped.add(os.path.join(here, name))
                subfolders.remove(name)
        folders += [os.path.join(here, name) for name in subfolders]
        files += [os.path.join(here, name) for name in names]
    return files, folders, skipped


def _ancestors(relative_files: list[str]) -> dict[str, set[str]]:
    """Each folder that leads to an allowed file, with the names it may show."""
    shown: dict[str, set[str]] = {}
    for relative in relative_files:
        parts = relative.split("/")
        for depth in range(len(parts)):
            folder = os.path.join(str(ROOT), *parts[:depth])
            shown.setdefault(folder, set()).add(parts[depth])
    return shown


def _probe_in_sandbox(binary: str, files, folders, skipped) -> dict:
    from autograder.sandbox.zygote import PRELOAD

    request = {"probe": PROBE, "args": [str(ROOT), files, folders, list(PRELOAD), sorted(skipped)]}
    env = clean_env(**{isolation.BWRAP_VAR: binary, isolation.ISOLATION_VAR: "bwrap", "MPLBACKEND": "Agg"})
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(request), capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env=env)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and results, done.stdout[-2000:] + done.stderr[-3000:]
    return json.loads(results[-1][len("RESULT "):])


def test_a_sandboxed_student_process_sees_exactly_the_allow_list(bwrap):  # noqa: F811 (the fixture)
    files, folders, skipped = _repository()
    allowed = allowlist.sandbox_files()
    allowed_paths = {os.path.join(str(ROOT), *relative.split("/")) for relative in allowed}
    assert allowed_paths <= set(files), "an allow-listed file is missing from the repository: make datasets?"
    found = _probe_in_sandbox(bwrap, files, folders, skipped)

    # of the repository's files, exactly the allow-listed ones can be read
    read = set(found["read"])
    assert not read - allowed_paths, f"readable in the sandbox but not allow-listed: {sorted(read - allowed_paths)}"
    assert not allowed_paths - read, f"allow-listed but not readable in the sandbox: {sorted(allowed_paths - read)}"
    # walking the course root inside finds the same files, and no folder shows a name
    # beyond those leading to allowed files (and the course's Python)
    assert set(found["walk_files"]) == allowed_paths, sorted(set(found["walk_files"]) ^ allowed_paths)
    shown = _ancestors(allowed)
    python_names = {os.path.dirname(p): os.path.basename(p) for p in skipped}
    for folder, names in {**found["listed"], **found["walk_folders"]}.items():
        extra = set(names) - shown.get(folder, set()) - {python_names.get(folder)}
        assert not extra, f"{folder} shows {sorted(extra)} in the sandbox"
    hidden_folders = [d for d in folders if d not in shown]
    assert not [d for d in hidden_folders if d in found["listed"]], "folders outside the allow-list are listable"
    assert os.path.join(str(ROOT), "solutions") in hidden_folders and os.path.join(str(ROOT), ".git") in hidden_folders

    # and what the student's process needs is all there
    assert found["import_errors"] == {}, found["import_errors"]
    assert found["cat"] == [[209, 64, 64, 3], "standin"], found["cat"]
    assert found["planar"] == [2, 400], found["planar"]
