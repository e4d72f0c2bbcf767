"""What a submission is graded under, in one place: :class:`GradingConfig`.

Every limit of grading is a field here, with its default (the table in SECURITY.md) and its
help: the student's process (memory, CPU, files, scratch space), its time (per call, per
cell, for the notebook's cells, for the whole submission), what the grader reads from it
(the notebook, the submission folder, the messages of its process, the arrays it keeps
numbered). The values come, in increasing precedence, from:

1. the defaults below;
2. the course's config: an ``Autograder`` section in ``nbgrader_config.py`` at the course
   root (:data:`COURSE_CONFIG`), e.g. ``c.Autograder.limits = {"call_seconds": 20,
   "memory_bytes": "3GiB"}``, read with traitlets' own loader;
3. the command line: ``python -m autograder grade ... --limit NAME=VALUE`` (repeatable).

Why ``nbgrader_config.py`` and not a file of our own: it already is the course's
configuration (nbgrader's folders, its execution timeouts), instructors already edit it,
and the grader already reads it with traitlets (``grading/gradebook.py``); one file cannot
disagree with itself about which course it describes. traitlets executes it the way
nbgrader does (``c = get_config()``, the same syntax), and nbgrader ignores a section named
``Autograder`` (it has no class of that name), so the two never read each other's settings.

Who reads this module: only the grader's side (the command line, the grading pipeline, the
Dask workers, which receive the grader's object with each task and never build their own).
The student's sandbox does not: ``autograder/sandbox/wire.py``, ``worker.py`` and
``zygote.py`` see only the files of ``autograder/allowlist.py``, and this module is not one.
The grader passes the values in instead (``wire.receive(caps=...)``,
``wire.Handles(max_bytes=...)``, the tmpfs sizes in the zygote's spawn request), and
``wire.py`` keeps its defaults as plain constants that a test holds equal to these. Nor does
``python -m autograder check`` (the student's own command, from the student bundle, which
does not hold this module either): its time limit stays in ``student_check.py``.

Not fields, on purpose: the grader's own patience with its trusted helpers (how long the
warm sandbox and the reference's process may take to start, the reference's own table of
numbered arrays: ``process.py``, ``reference_process.py``), which bounds no student and
changes no grade; one BLAS thread per process, which parallel grading relies on; and how a
class is spread over processes (``--jobs``, ``--scheduler``), which never changes a grade.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder import ROOT

if TYPE_CHECKING:   # (imported when used: numpy, which wire needs, is not needed to read a config)
    from autograder.sandbox import wire

COURSE_CONFIG = ROOT / "nbgrader_config.py"
SECTION, KEY = "Autograder", "limits"    # c.Autograder.limits = {...}

# The student's side of the numbered arrays keeps a table as large as the grader's
# (wire.HANDLES_MAX_BYTES): a grader keeping more than the student's side can would refer
# to arrays the student's side never registered. So this may be lowered, never raised.
_HANDLE_BYTES = 256 << 20

_BINARY = {"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}


class ConfigError(ValueError):
    """A limit that cannot be used: an unknown name or a value of the wrong kind (one line)."""


def _limit(default: Any, unit: str, help: str, most: int | None = None) -> Any:
    """A field of :class:`GradingConfig`: its default, its unit (``bytes``, ``seconds``,
    ``whole seconds``, ``count``: how a value is read and shown) and its help."""
    return field(default=default, metadata={"unit": unit, "help": help, "most": most})


@dataclass(frozen=True)
class GradingConfig:
    """The limits one submission is graded under (defaults: SECURITY.md's table).

    Frozen and hashable: the warm sandbox and the reference's process are kept per value,
    and it travels with each task to a grading process or a Dask worker."""
    memory_bytes: int = _limit(2 << 30, "bytes", "address space of the student's process and of the "
                               "reference's (RLIMIT_AS); NumPy needs a few hundred MiB of it")
    cpu_seconds: int = _limit(600, "whole seconds", "CPU time of a student's process (RLIMIT_CPU): a "
                              "backstop, the wall-clock limits act first")
    file_bytes: int = _limit(64 << 20, "bytes", "largest file a student's process may write (RLIMIT_FSIZE)")
    open_files: int = _limit(256, "count", "open files of a student's process (RLIMIT_NOFILE)")
    scratch_bytes: int = _limit(256 << 20, "bytes", "its private writable /scratch (tmpfs, so RAM)")
    shm_bytes: int = _limit(64 << 20, "bytes", "its private /dev/shm (tmpfs, so RAM)")
    call_seconds: float = _limit(30.0, "seconds", "one call of a student's function, wall clock, every "
                                 "message and reference answer of the call included")
    cell_seconds: float = _limit(60.0, "seconds", "one notebook cell while the notebook loads")
    load_seconds: float = _limit(60.0, "seconds", "all of the notebook's cells, every restart of its "
                                 "process included")
    submission_seconds: float = _limit(300.0, "seconds", "everything one submission costs: loading, "
                                       "restarts, checks")
    notebook_bytes: int = _limit(20 << 20, "bytes", "a submitted notebook with its outputs; a larger "
                                 "one is refused")
    folder_bytes: int = _limit(32 << 20, "bytes", "the files beside the notebook copied into the "
                               "sandbox, all together")
    folder_files: int = _limit(10_000, "count", "how many files (and folders) of the submission "
                               "folder are looked at and copied")
    message_header_bytes: int = _limit(1 << 20, "bytes", "the header of one message from the student's "
                                       "process (or the reference's), checked before it is parsed")
    message_bytes: int = _limit(64 << 20, "bytes", "one whole message from the student's process (or "
                                "the reference's), checked before its arrays are read")
    handle_bytes: int = _limit(_HANDLE_BYTES, "bytes", "arrays the grader keeps numbered for one student's "
                               "process, so they are not sent again (at most the default)",
                               most=_HANDLE_BYTES)

    def __post_init__(self) -> None:
        # Built in code (tests, Limits(call_seconds=3)) as from text: every value is checked
        # here, so no unusable limit reaches setrlimit or a deadline.
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _checked(f, getattr(self, f.name)))

    # -- what the grader's side needs --------------------------------------------------
    def student_caps(self) -> wire.Caps:
        """The wire caps for reading a student's process (and the reference's), which
        :func:`autograder.sandbox.wire.receive` takes as ``caps=``."""
        from autograder.sandbox import wire

        return wire.Caps(header_bytes=self.message_header_bytes, frame_bytes=self.message_bytes)

    def changed(self) -> dict[str, Any]:
        """The fields whose value is not the default, by name."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(DEFAULTS, f.name)}

    def keyed(self, grader_fingerprint: str) -> str:
        """The fingerprint that results are saved and reused under: the grader's own for
        the defaults (results saved before this module existed stay current), else one that
        also covers every changed limit, so a result graded under other limits is never
        reused as if graded under these."""
        changed = self.changed()
        if not changed:
            return grader_fingerprint
        digest = hashlib.sha256(grader_fingerprint.encode())
        digest.update(repr(sorted(changed.items())).encode())
        return digest.hexdigest()

    def with_values(self, values: dict[str, Any], where: str) -> GradingConfig:
        """A copy with ``values`` (name -> value or text such as ``"2GiB"``) set; ``where``
        names their origin in errors (``--limit``, the course's config)."""
        known = {f.name: f for f in dataclasses.fields(self)}
        parsed = {}
        for name, value in values.items():
            if name not in known:
                raise ConfigError(f"{where}: no limit named {name!r}; known names: {', '.join(known)}")
            try:
                parsed[name] = parse_value(known[name], value)
            except ConfigError as error:
                raise ConfigError(f"{where}: {error}; known names: {', '.join(known)}") from None
        return dataclasses.replace(self, **parsed)

    def lines(self) -> list[str]:
        """One line per field, ``name=value: help``, the value as ``--limit`` accepts it."""
        return [f"{f.name}={shown(f, getattr(self, f.name))}: {f.metadata['help']}" for f in dataclasses.fields(self)]


# -- values ---------------------------------------------------------------------------------
def _expected(f: dataclasses.Field) -> str:
    """What ``f`` takes, in words, for error messages."""
    unit = f.metadata["unit"]
    if unit == "bytes":
        what = "a size in bytes, a whole number optionally with KiB, MiB, GiB or TiB (e.g. 2GiB)"
    elif unit == "seconds":
        what = "seconds, a positive number (e.g. 30 or 2.5)"
    elif unit == "whole seconds":
        what = "seconds, a positive whole number (e.g. 600)"
    else:
        what = "a positive whole number (e.g. 256)"
    most = f.metadata.get("most")
    return what + (f" of at most {shown(f, most)}" if most else "")


def _checked(f: dataclasses.Field, value: Any, given: Any = None) -> Any:
    """``value`` as ``f``'s type (int for sizes and counts, float for seconds), positive and
    within its maximum; ConfigError otherwise, showing ``given`` (the text it was read
    from, if it was) as what was found."""
    found = value if given is None else given
    whole = f.metadata["unit"] != "seconds"
    try:
        if isinstance(value, bool):   # True is an int to Python, not a limit to anyone
            raise TypeError
        number = operator.index(value) if whole else float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{f.name} takes {_expected(f)}, got {found!r}") from None
    most = f.metadata.get("most")
    if not math.isfinite(number) or number <= 0 or (most is not None and number > most):
        raise ConfigError(f"{f.name} takes {_expected(f)}, got {found!r}")
    return number


def parse_value(f: dataclasses.Field, value: Any) -> Any:
    """``value`` for field ``f``: a number as is, or text (a size may carry a binary
    suffix: ``512MiB``, ``2GiB``); ConfigError naming what ``f`` takes otherwise."""
    if not isinstance(value, str):
        return _checked(f, value)
    text = value.strip()
    if f.metadata["unit"] == "bytes":
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]iB)?", text, re.IGNORECASE)
        if match is None:
            raise ConfigError(f"{f.name} takes {_expected(f)}, got {value!r}")
        scale = _BINARY[match.group(2).lower()] if match.group(2) else 1
        number = float(match.group(1)) * scale
        if number != int(number):
            raise ConfigError(f"{f.name} takes {_expected(f)}, got {value!r} (not a whole number of bytes)")
        return _checked(f, int(number), value)
    try:
        number = float(text) if f.metadata["unit"] == "seconds" else int(text)
    except ValueError:
        raise ConfigError(f"{f.name} takes {_expected(f)}, got {value!r}") from None
    return _checked(f, number, value)


def shown(f: dataclasses.Field, value: Any) -> str:
    """``value`` as ``--limit`` would take it: sizes in the largest binary unit that
    divides them (2GiB), seconds with no trailing zeros."""
    if f.metadata["unit"] == "bytes":
        for suffix, scale in sorted(_BINARY.items(), key=lambda item: -item[1]):
            if value >= scale and value % scale == 0:
                return f"{value // scale}{suffix[0].upper()}iB"
        return str(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


DEFAULTS = GradingConfig()   # (after the helpers its checks use)


# -- where values come from -------------------------------------------------------------------
def course_values(path: Path) -> dict[str, Any]:
    """``c.Autograder.limits`` of the course's config at ``path`` (empty when the file or
    the section is absent), read with traitlets' loader, as nbgrader reads the file."""
    path = Path(path)
    from traitlets.config.loader import LazyConfigValue

    section = _section(path)
    if KEY not in section:
        return {}
    values = section[KEY]
    if isinstance(values, LazyConfigValue):   # c.Autograder.limits.update({...})
        values = values.get_value({})
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: c.{SECTION}.{KEY} is {type(values).__name__}, expected a dict of "
                          f"limits such as {{'call_seconds': 20}}")
    return dict(values)


# -- the policies of `python -m autograder serve` ----------------------------------------------
# Next to the limits, in the same ``c.Autograder`` section: how grading on submit treats a
# student (what the feedback shows, how often, which submission counts). They never change a
# grade, so results are reused across them (they are not part of ``keyed``).
FEEDBACK_LEVELS = ("score", "checks", "mistakes")
COUNTS = ("last", "best")


def _policy(default: Any, choices: tuple[str, ...] | None, help: str) -> Any:
    return field(default=default, metadata={"choices": choices, "help": help})


@dataclass(frozen=True)
class ServePolicy:
    """What ``serve`` does for a student: ``c.Autograder.feedback``, ``.submissions_per_hour``
    and ``.counts`` in the course's ``nbgrader_config.py``."""
    feedback: str = _policy("mistakes", FEEDBACK_LEVELS,
                            "what a released feedback page shows: 'score' (the total only), 'checks' (each "
                            "check's result and points, no details), 'mistakes' (also what went wrong and the "
                            "likely mistake named)")
    submissions_per_hour: int = _policy(0, None, "graded submissions per student per hour (0: no limit); a "
                                                 "later one waits, and its feedback page says until when")
    counts: str = _policy("last", COUNTS, "which graded submission the gradebook keeps: 'last' or 'best' "
                                          "(the highest score of those graded)")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value, choices = getattr(self, f.name), f.metadata["choices"]
            if choices is not None and value not in choices:
                raise ConfigError(f"c.{SECTION}.{f.name} takes one of {', '.join(map(repr, choices))}, "
                                  f"got {value!r}")
            if choices is None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ConfigError(f"c.{SECTION}.{f.name} takes a whole number of at least 0, got {value!r}")

    def lines(self) -> list[str]:
        return [f"{f.name}={getattr(self, f.name)!r}: {f.metadata['help']}" for f in dataclasses.fields(self)]


def load_policy(course_config: Path | None = None) -> ServePolicy:
    """The serve policies of the course's config (the defaults for those it does not set);
    ConfigError (one line, naming the file) on a bad one."""
    path = Path(COURSE_CONFIG if course_config is None else course_config)
    section = _section(path)
    names = [f.name for f in dataclasses.fields(ServePolicy)]
    values = {name: section[name] for name in names if name in section}
    try:
        return ServePolicy(**values)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def _section(path: Path) -> Any:
    """The ``c.Autograder`` section of the config at ``path`` (empty when absent), read with
    traitlets' loader as nbgrader reads the file."""
    if not path.is_file():
        return {}
    from traitlets.config.loader import PyFileConfigLoader

    try:
        config = PyFileConfigLoader(path.name, path=str(path.parent)).load_config()
    except Exception as error:  # noqa: BLE001 (the instructor's Python may raise anything: theirs to fix)
        raise ConfigError(f"{path}: cannot be read ({type(error).__name__}: {' '.join(str(error).split())[:200]}); "
                          "fix the file (nbgrader cannot read it either)") from None
    return config[SECTION] if SECTION in config else {}


def option_values(options: Iterable[str], option: str = "--limit") -> dict[str, str]:
    """``NAME=VALUE`` options as a dict (a later one of the same name wins); the values
    stay text, parsed by :meth:`GradingConfig.with_values`."""
    values = {}
    for text in options:
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            known = ", ".join(f.name for f in dataclasses.fields(GradingConfig))
            raise ConfigError(f"{option} {text}: expected NAME=VALUE (e.g. {option} call_seconds=20); "
                              f"known names: {known}")
        values[name.strip()] = value
    return values


def load(options: Iterable[str] = (), course_config: Path | None = None) -> GradingConfig:
    """The config to grade under: the defaults, then the course's config (``course_config``,
    by default :data:`COURSE_CONFIG`), then the command line's ``--limit NAME=VALUE``
    options; ConfigError (one line) on a bad one."""
    course_config = Path(COURSE_CONFIG if course_config is None else course_config)
    config = DEFAULTS.with_values(course_values(course_config), f"{course_config} c.{SECTION}.{KEY}")
    for text in options:   # one at a time, so an error names the option as it was typed
        config = config.with_values(option_values([text]), f"--limit {text}")
    return config
