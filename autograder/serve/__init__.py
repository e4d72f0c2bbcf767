"""``python -m autograder serve``: grade on submit, through nbgrader's own exchange.

Run from the course root (or ``--course DIR``). Students submit with ``nbgrader submit`` (or
the Assignment List's Submit button); serve notices the submission in the exchange's inbound
folder, collects it with nbgrader's API, grades it with our grader, records the scores in the
course's gradebook and releases the feedback page through nbgrader's API, so the student's
``nbgrader fetch_feedback`` (or "Fetch Feedback") brings it back. ``docs/serve.md`` says how to
run it for a course (systemd, a JupyterHub service) and what the policies do.

- ``settings.py``: the course, from its ``nbgrader_config.py``;
- ``inbound.py``: the exchange's inbound folder, read as the students' (hostile) input;
- ``journal.py``: what was handled, kept across a ``kill -9``, and the lock two instances share;
- ``service.py``: a round and the loop.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder serve",
                                     description="grade submissions as students submit them (nbgrader's exchange)")
    parser.add_argument("--course", metavar="DIR", default=".",
                        help="the course root, where nbgrader_config.py is (default: the current folder)")
    parser.add_argument("--exchange", metavar="DIR", help="the exchange root (default: c.Exchange.root of the config)")
    parser.add_argument("--out", metavar="DIR", help="results, our own pages and the journal (default: COURSE/served)")
    parser.add_argument("--once", action="store_true", help="handle what is waiting in the inbound, then exit")
    parser.add_argument("--poll", type=float, default=5.0, metavar="SECONDS",
                        help="look at the inbound at least this often (default 5; filesystem events act sooner)")
    parser.add_argument("--no-isolation", action="store_true",
                        help="grade even where no bubblewrap sandbox can be made (student code then runs as you)")
    parser.add_argument("--limit", action="append", metavar="NAME=VALUE",
                        help="a limit to grade under, over c.Autograder.limits (repeatable; as for grade)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="grade on a Dask cluster, as grade does: a scheduler's address (tcp://host:8786), or "
                             "'local' for a LocalCluster of --jobs worker processes kept while serve runs")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="worker processes of --scheduler local (default 2)")
    parser.add_argument("--no-report", action="store_true",
                        help="do not keep OUT/grades.csv and the class report OUT/report/ current")
    return parser


def _isolation_refusal(no_isolation: bool) -> str | None:
    """Why grading must not start (as ``grade`` refuses: never silently unisolated)."""
    from autograder.sandbox import isolation

    if no_isolation:
        isolation.without_isolation()
    try:
        found = isolation.detect()
    except isolation.IsolationError as error:
        return str(error)
    return f"student code would run unisolated: {found.detail}" if found.kind == "unavailable" else None


def _interrupt(stop: threading.Event) -> None:
    if stop.is_set():
        raise KeyboardInterrupt
    print("stopping after the submission at hand (Ctrl+C again to stop now)", file=sys.stderr, flush=True)
    stop.set()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.poll <= 0:
        print(f"error: --poll takes a positive number of seconds, got {args.poll:g}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"error: --jobs takes a whole number of worker processes from 1, got {args.jobs}", file=sys.stderr)
        return 2
    os.environ.setdefault("MPLBACKEND", "Agg")
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")   # as grade: one BLAS thread (set before NumPy loads)
    # nbgrader migrates a new gradebook by running `alembic` from PATH
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    refusal = _isolation_refusal(args.no_isolation)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    from autograder.serve.service import Server
    from autograder.serve.settings import ServeError, load

    try:
        server = Server(load(Path(args.course), args.exchange, args.out, args.limit),
                        scheduler=args.scheduler, jobs=args.jobs, report=not args.no_report)
    except ServeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())   # systemd's stop: finish the submission at hand
    # JupyterHub stops a service with SIGINT first (SIGTERM only later), and a hub started from a
    # background shell hands serve SIGINT ignored: so SIGINT stops it as SIGTERM does, and a
    # second one (Ctrl+C again at a terminal) stops it at once.
    signal.signal(signal.SIGINT, lambda *_: _interrupt(stop))
    try:
        server.serve(once=args.once, poll_seconds=args.poll, stop=stop)
    except ServeError as error:   # the journal cannot be read: nothing is handled until it is fixed
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        server.close()   # the cluster serve started (or its client of a remote one)
    return 0
