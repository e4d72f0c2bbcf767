"""The pinned environment: one list of pins, two spellings (pip and conda) that agree.

requirements.txt holds the course's direct dependencies (constraints.txt resolves them
fully); requirements-isolation.txt holds the sandbox's bwrap wheel, pinned by version and
hash and installed by ``make setup`` in pip's hash-checking mode; environment.yml spells
both for conda.
"""

import re
import subprocess

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from autograder import ROOT

ISOLATION_PINS = "requirements-isolation.txt"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def requirement_lines(path):
    """The requirement lines of a pip requirements file: continuations joined, comments dropped."""
    text = (ROOT / path).read_text().replace("\\\n", " ")
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def requirement(line) -> Requirement:
    """The requirement of a line, without its options (``--hash=...``)."""
    return Requirement(line.split(" --", 1)[0].strip())


def pip_pins(path):
    pins = {}
    for line in requirement_lines(path):
        req = requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path}: {line!r} is not pinned with =="
        pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def conda_spec():
    """environment.yml's conda pins, its Python, and its pip section."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins, python, pip_section = {}, None, None
    for spec in env["dependencies"]:
        if isinstance(spec, dict):
            pip_section = spec.get("pip")
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(==|=)?\s*([^\s]*)", spec)
        assert match, f"environment.yml: cannot read {spec!r}"
        name, _, version = match.groups()
        if name == "python":
            python = version
        elif name != "pip":
            assert version, f"environment.yml: {name} is not pinned"
            pins[canonicalize_name(name)] = version
    return pins, python, pip_section


def conda_pins():
    pins, python, _ = conda_spec()
    return pins, python


def test_conda_and_pip_pins_agree():
    pip = pip_pins("requirements.txt")
    conda, python = conda_pins()
    assert python == "3.11"
    assert conda == pip, (
        f"only in requirements.txt: {sorted(set(pip.items()) - set(conda.items()))}; "
        f"only in environment.yml: {sorted(set(conda.items()) - set(pip.items()))}")


def test_condas_pip_section_installs_the_course_and_the_isolation_pins():
    """The course package, then requirements-isolation.txt's requirements (same version and
    platforms; pip cannot check hashes in a section that also holds ``-e .``)."""
    _, _, pip_section = conda_spec()
    assert pip_section and pip_section[0] == "-e .", f"environment.yml: its pip section starts with -e .: {pip_section}"
    wanted = [requirement(line) for line in requirement_lines(ISOLATION_PINS)]
    found = [Requirement(spec) for spec in pip_section[1:]]
    assert [(canonicalize_name(r.name), str(r.specifier), str(r.marker)) for r in found] == \
        [(canonicalize_name(r.name), str(r.specifier), str(r.marker)) for r in wanted], (
        f"environment.yml's pip section {pip_section[1:]} differs from {ISOLATION_PINS}")


def test_constraints_pin_every_requirement_at_the_same_version():
    pip = pip_pins("requirements.txt")
    constraints = pip_pins("constraints.txt")
    for name, version in pip.items():
        assert constraints.get(name) == version, \
            f"constraints.txt: {name} is {constraints.get(name)}, requirements.txt says {version}"


def test_the_isolation_wheel_is_pinned_by_version_and_hash_and_nowhere_else():
    """Every line of requirements-isolation.txt has an exact version and sha256 hashes, and its
    packages are not also in requirements.txt (installed there without a hash check) nor
    pinned at another version by constraints.txt."""
    lines = requirement_lines(ISOLATION_PINS)
    assert lines, f"{ISOLATION_PINS} pins nothing"
    for line in lines:
        assert HASH.search(line), f"{ISOLATION_PINS}: {line!r} has no --hash=sha256:..."
        assert requirement(line).marker is not None, f"{ISOLATION_PINS}: {line!r} needs a platform marker (Linux only)"
    pins = pip_pins(ISOLATION_PINS)
    direct, resolved = pip_pins("requirements.txt"), pip_pins("constraints.txt")
    for name, version in pins.items():
        assert name not in direct, f"requirements.txt lists {name}: keep it only in {ISOLATION_PINS}, with its hash"
        assert resolved.get(name, version) == version, \
            f"constraints.txt pins {name} {resolved[name]}, {ISOLATION_PINS} says {version}"


def test_make_setup_installs_the_isolation_pins_hash_checked(tmp_path):
    """The venv's stamp depends on requirements-isolation.txt (a change rebuilds the venv,
    an unchanged one leaves it: `make setup` stays idempotent) and the rebuild installs it
    with --require-hashes. In a copy with a fresh stamp; ``make -n`` prints, runs nothing."""
    import shutil

    for name in ("Makefile", "requirements.txt", "constraints.txt", ISOLATION_PINS, "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").touch()   # newer than every pin file just copied

    def dry_run(*extra):
        done = subprocess.run(["make", "-n", *extra, ".venv/.installed"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return [line for line in done.stdout.splitlines() if "pip install" in line]

    assert dry_run() == [], "an up-to-date venv must not be set up again"
    installs = [line for line in dry_run("-W", ISOLATION_PINS) if f"-r {ISOLATION_PINS}" in line]
    assert installs and all("--require-hashes" in line for line in installs), installs


def test_the_venv_runs_the_pinned_versions():
    from importlib.metadata import version

    for name, pinned in pip_pins("requirements.txt").items():
        assert version(name) == pinned, f"{name} {version(name)} installed, {pinned} pinned: run `make setup`"
    for line in requirement_lines(ISOLATION_PINS):
        req = requirement(line)
        if req.marker is None or req.marker.evaluate():
            pinned = next(iter(req.specifier)).version
            installed = version(req.name)
            assert installed == pinned, f"{req.name} {installed} installed, {pinned} pinned: run `make setup`"
