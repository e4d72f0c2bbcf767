"""Grading on a Dask cluster: ``python -m autograder grade ... --scheduler ADDRESS``.

The same work as the local pool (``grade_submission`` per submission), run by Dask workers:

- ``ADDRESS`` is a running scheduler (``tcp://host:8786``) or ``local`` for a LocalCluster
  on this machine (``--jobs`` worker processes, default 2, one thread each);
- each task grades one submission and returns its result; it writes nothing, so a task
  run twice (a lost worker's tasks are re-run elsewhere by the scheduler, a failed one is
  retried once) gives the same result, and only this process writes ``OUT/`` (atomically,
  per submission, as results arrive: the cache and resume work as without a cluster);
- a task carries the notebook's bytes: a worker that does not see the submission under the
  same path with the same content grades a private copy instead (the repo checkout on
  every worker is still required: the checks and the solutions come from there);
- a task carries the grader's limits (:class:`autograder.config.GradingConfig`, from the
  defaults, the course's config and ``--limit``), and the worker grades under those, never
  under its own defaults or its own checkout's course config;
- a worker whose grader or solutions differ from ours (another commit) refuses the task
  instead of grading under a different key; so does one without isolation when this
  machine has it. Both come back as internal errors, which are not saved.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from autograder.config import GradingConfig
from autograder.grading.grade import grade_submission, grader_fingerprint, submission_key
from autograder.grading.model import SubmissionResult
from autograder.grading.submissions import Submission, read_regular_file

RETRIES = 1  # a task that raised (a bug of ours, a full disk) is tried once more


class WorkerMismatch(RuntimeError):
    """A worker that cannot grade like this machine (different checkout, no isolation)."""


@functools.lru_cache(maxsize=1)
def _worker_fingerprint() -> str:
    return grader_fingerprint()


def grade_task(sub: Submission, fingerprint: str, key: str, data: bytes | None,
               isolated: bool, limits: GradingConfig) -> SubmissionResult:
    """One submission, on a worker, under the grader's ``limits``: pure (same inputs, same
    result) and writes nothing. ``fingerprint`` is the grader's, keyed by those limits."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # what the CLI sets: no window on a worker
    host = socket.gethostname()
    if limits.keyed(_worker_fingerprint()) != fingerprint:
        raise WorkerMismatch(f"worker {host} has a different grader or solutions (another checkout "
                             "or commit of the course repo); every worker needs the same one")
    from autograder.sandbox.isolation import detect

    if isolated and not detect().isolated:
        raise WorkerMismatch(f"worker {host} cannot isolate student code ({detect().detail})")
    if sub.path is None or data is None:
        return grade_submission(sub, fingerprint, limits)
    try:
        same = sub.path.is_file() and submission_key(sub, fingerprint, limits.notebook_bytes) == key
    except OSError:
        same = False
    if same:
        return grade_submission(sub, fingerprint, limits)
    # not on this machine (no shared filesystem) or different there: grade the bytes we were sent
    scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
    try:
        copy = scratch / "submitted" / sub.assignment.id / sub.path.name
        copy.parent.mkdir(parents=True)
        copy.write_bytes(data)
        result = grade_submission(dataclasses.replace(sub, path=copy), fingerprint, limits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def _task_key(sub: Submission, key: str) -> str:
    # deterministic: the same submission under the same grader is the same task
    who = hashlib.sha256(sub.key.encode()).hexdigest()[:12]
    return f"autograder-grade-{who}-{key[:24]}"


def grade_on_cluster(address: str, todo: list[tuple[Submission, str]], fingerprint: str,
                     jobs: int | None = None, limits: GradingConfig | None = None,
                     ) -> Iterator[tuple[Submission, str, SubmissionResult | BaseException]]:
    """Grade ``todo`` on the cluster at ``address`` under ``limits`` (the defaults when
    None), which every task carries; yield (sub, key, result or error) as each ends."""
    if not todo:
        return
    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    from autograder.sandbox.isolation import detect

    isolated = detect().isolated
    limits = limits or GradingConfig()
    cluster = None
    if address == "local":
        # no statistical profiler in the workers: it samples every thread every 10 ms and slowed
        # grading (thousands of small round trips to the student's process) by about 10 %
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=jobs or 2, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address)
        except OSError as error:  # no scheduler there: a clear line, not a traceback
            raise ValueError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        futures = {}
        for sub, key in todo:
            if sub.path is not None:
                sub = dataclasses.replace(sub, path=sub.path.resolve())
            try:
                # up to one byte over the cap: the worker tells a notebook over it, as here
                data = read_regular_file(sub.path, limits.notebook_bytes + 1) if sub.path is not None else None
            except OSError as error:
                yield sub, key, error
                continue
            future = client.submit(grade_task, sub, fingerprint, key, data, isolated, limits,
                                   key=_task_key(sub, key), retries=RETRIES, pure=False)
            futures[future] = (sub, key)
        for future in as_completed(futures):
            sub, key = futures.pop(future)
            try:
                outcome: SubmissionResult | BaseException = future.result()
            except Exception as error:  # noqa: BLE001 (a refused task, or one whose workers kept dying)
                outcome = error
            future.release()
            yield sub, key, outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
