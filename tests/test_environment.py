"""The pinned environment: one list of pins, two spellings (pip and conda) that agree."""

import re

import yaml

from autograder import ROOT


def pip_pins(path):
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{path}: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def conda_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins, python = {}, None
    for spec in env["dependencies"]:
        if isinstance(spec, dict):
            assert spec.get("pip") == ["-e ."], "environment.yml: its pip section installs only the course package"
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(==|=)?\s*([^\s]*)", spec)
        assert match, f"environment.yml: cannot read {spec!r}"
        name, _, version = match.groups()
        if name == "python":
            python = version
        elif name != "pip":
            assert version, f"environment.yml: {name} is not pinned"
            pins[name.lower().replace("_", "-")] = version
    return pins, python


def test_conda_and_pip_pins_agree():
    pip = pip_pins("requirements.txt")
    conda, python = conda_pins()
    assert python == "3.11"
    assert conda == pip, (
        f"only in requirements.txt: {sorted(set(pip.items()) - set(conda.items()))}; "
        f"only in environment.yml: {sorted(set(conda.items()) - set(pip.items()))}")


def test_constraints_pin_every_requirement_at_the_same_version():
    pip = pip_pins("requirements.txt")
    constraints = pip_pins("constraints.txt")
    for name, version in pip.items():
        assert constraints.get(name) == version, f"constraints.txt: {name} is {constraints.get(name)}, requirements.txt says {version}"


def test_the_venv_runs_the_pinned_versions():
    from importlib.metadata import version

    for name, pinned in pip_pins("requirements.txt").items():
        assert version(name) == pinned, f"{name} {version(name)} installed, {pinned} pinned: run `make setup`"
