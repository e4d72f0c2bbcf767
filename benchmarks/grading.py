"""Grading a synthetic class: our grader against ``nbgrader autograde``, scaling, reuse, memory.

    .venv/bin/python -m benchmarks.grading --students 10

The class: ``--students`` students, each submitting all four assignments; student ``i`` is
of kind ``complete``, ``partial``, ``buggy``, ``blank`` (``autograder.examples``' students)
or ``broken`` (the complete notebook cut in half: not valid JSON), in turn. The same files
are graded

1. by ``python -m autograder grade`` with ``--jobs 1``, then ``--jobs 2``, then again with
   nothing changed (the reuse of saved results);
2. by ``nbgrader autograde`` in a temporary nbgrader course (``nbgrader_config.py`` and
   ``solutions/`` copied, ``generate_assignment --force``, the class copied to
   ``submitted/``), serially as nbgrader does, with ``NBGRADER_EXECUTION=autograde``;
3. one distinct submission per kind and assignment, each in a fresh process, to measure the
   peak memory of the student processes that grading it started (``getrusage(RUSAGE_CHILDREN)``).

Times are wall-clock seconds of the whole command (start-up included). Both graders write
into a gradebook that already knows the assignments (nbgrader's from its
``generate_assignment``, ours from a copy of one registered the same way); registering is
not counted for either. The 200-student figure is extrapolated from the measured rate
(``--students 200`` measures it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import shutil
import statistics
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from autograder import ROOT, course
from benchmarks.common import VENV_BIN, environment, machine, ratio, run, table

KINDS = ["complete", "partial", "buggy", "blank", "broken"]
TARGETS = {"nbgrader": 5.0, "class_minutes": 10.0, "reuse": 10.0, "memory_mib": 1024.0}


def build_class(dest: Path, students: int) -> Path:
    """``dest/submitted/<student>/<assignment>/<notebook>`` for ``students`` students."""
    from autograder import examples

    kinds = dest / "kinds"
    examples.build(kinds)  # the example students, from the current solutions and releases
    submitted = dest / "submitted"
    for i in range(students):
        kind = KINDS[i % len(KINDS)]
        for a in course.assignments():
            data = (kinds / ("complete" if kind == "broken" else kind) / a.id / a.notebook).read_bytes()
            if kind == "broken":
                data = data[: len(data) // 2]   # a download cut short
            path = submitted / f"s{i:03d}_{kind}" / a.id / a.notebook
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
    return submitted


def registered_gradebook(scratch: Path) -> tuple[Path, float]:
    """A gradebook that knows the assignments, as an instructor's does from release time;
    each of our runs starts from a copy, as nbgrader's autograde starts from the gradebook
    its generate_assignment filled (neither registration is counted)."""
    import time

    from autograder.grading import gradebook

    path = scratch / "registered-gradebook.db"
    start = time.perf_counter()
    gradebook.record(f"sqlite:///{path}", [])   # creates it (nbgrader's migrations)
    gradebook._register_assignments(f"sqlite:///{path}", [a.id for a in course.assignments()])
    return path, time.perf_counter() - start


def ours(submitted: Path, out: Path, jobs: int, *extra: str, gradebook: Path | None = None):
    if gradebook is not None and not (out / "gradebook.db").exists():
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(gradebook, out / "gradebook.db")
    done = run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                "--jobs", str(jobs), *extra])
    found = re.search(r"graded (\d+) and reused (\d+) of (\d+)", done.output)
    if done.returncode != 0 or not found:
        sys.exit(f"our grader failed ({done.returncode}):\n{done.output[-3000:]}")
    return done, int(found.group(1)), int(found.group(2))


def nbgrader(submitted: Path, scratch: Path) -> tuple[float, float, int, float, dict]:
    """(autograde seconds, generate_assignment seconds, notebooks autograded, peak MiB, seconds per assignment)."""
    root = scratch / "nbgrader-course"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions", root / "solutions")
    env = environment(NBGRADER_EXECUTION="autograde")
    command = str(VENV_BIN / "nbgrader")
    generate = 0.0
    for a in course.assignments():
        done = run([command, "generate_assignment", a.id, "--force"], cwd=root, env=env)
        if done.returncode != 0:
            sys.exit(f"nbgrader generate_assignment {a.id} failed:\n{done.output[-3000:]}")
        generate += done.seconds
    shutil.copytree(submitted, root / "submitted")
    seconds, peak, per = 0.0, 0.0, {}
    for a in course.assignments():
        done = run([command, "autograde", a.id], cwd=root, env=env)
        # the broken notebooks make it exit 1 after grading the others
        seconds += done.seconds
        peak = max(peak, done.max_rss_mib)
        per[a.id] = done.seconds
    graded = len(list((root / "autograded").glob("*/*/*.ipynb")))
    return seconds, generate, graded, peak, per


def _grade_measured(path: str, student: str, assignment_id: str) -> tuple[str, str, float, float, float]:
    """In a fresh process: grade one submission; the peak RSS of the processes it started."""
    import os
    import resource

    os.environ.setdefault("MPLBACKEND", "Agg")
    from autograder.grading.grade import grade_submission, grader_fingerprint
    from autograder.grading.submissions import Submission

    result = grade_submission(Submission(student, course.assignment(assignment_id), Path(path)),
                              grader_fingerprint())
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    itself = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return student, assignment_id, result.seconds, children, itself


def memory(submitted: Path, jobs: int) -> list[tuple[str, str, float, float, float]]:
    """Peak memory of one submission of each kind and assignment, each graded in a new process."""
    chosen: dict[tuple[str, str], tuple[str, str, str]] = {}
    for folder in sorted(submitted.iterdir()):
        kind = folder.name.split("_", 1)[1]
        for a in course.assignments():
            chosen.setdefault((kind, a.id), (str(folder / a.id / a.notebook), folder.name, a.id))
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn, max_tasks_per_child=1) as pool:
        return list(pool.map(_grade_measured, *zip(*chosen.values(), strict=True)))


def per_kind(out: Path) -> dict[tuple[str, str], float]:
    """Mean seconds of one submission, by (kind, assignment), from the saved results."""
    times: dict[tuple[str, str], list[float]] = {}
    for path in (out / "results").glob("*/*.json"):
        data = json.loads(path.read_text())
        kind = data["student_id"].split("_", 1)[1]
        times.setdefault((kind, data["assignment_id"]), []).append(data["seconds"])
    return {k: statistics.mean(v) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=5, help="class size (default 5: one of each kind)")
    parser.add_argument("--skip-nbgrader", action="store_true", help="do not run nbgrader autograde")
    parser.add_argument("--skip-memory", action="store_true", help="do not measure memory per submission")
    parser.add_argument("--dask", action="store_true", help="also grade with --scheduler local (2 workers)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        print(f"machine: {machine()}")
        submitted = build_class(scratch, args.students)
        notebooks = args.students * len(course.assignments())
        kinds = ", ".join(f"{k} {len([i for i in range(args.students) if KINDS[i % 5] == k])}" for k in KINDS)
        print(f"class: {args.students} students x {len(course.assignments())} assignments = {notebooks} "
              f"notebooks ({kinds})")

        registered, register_seconds = registered_gradebook(scratch)
        print(f"gradebook with the assignments registered (nbgrader's generate_assignment, in process): "
              f"{register_seconds:.1f} s, not counted")
        one, graded, _ = ours(submitted, scratch / "out1", 1, gradebook=registered)
        print(f"ours --jobs 1: {one.seconds:.1f} s ({graded} graded), {one.seconds / notebooks:.2f} s per notebook")
        two, graded, _ = ours(submitted, scratch / "out2", 2, gradebook=registered)
        print(f"ours --jobs 2: {two.seconds:.1f} s ({graded} graded), {two.seconds / notebooks:.2f} s per notebook, "
              f"{ratio(one.seconds, two.seconds)} the speed of --jobs 1")
        same = (scratch / "out1" / "grades.csv").read_bytes() == (scratch / "out2" / "grades.csv").read_bytes()
        print(f"  grades.csv of --jobs 1 and --jobs 2 {'identical' if same else 'DIFFER'}")
        again, graded, reused = ours(submitted, scratch / "out2", 2)
        print(f"ours again, nothing changed: {again.seconds:.2f} s ({graded} graded, {reused} reused), "
              f"{ratio(two.seconds, again.seconds)} faster than the first --jobs 2 run")
        if graded:
            print("  warning: the grader's files changed during the benchmark (its fingerprint differs), "
                  "so results were graded again: the reuse figure is not meaningful; run it again")
        dask = None
        if args.dask:
            dask, graded, _ = ours(submitted, scratch / "out3", 2, "--scheduler", "local", gradebook=registered)
            same = (scratch / "out1" / "grades.csv").read_bytes() == (scratch / "out3" / "grades.csv").read_bytes()
            print(f"ours --scheduler local (2 workers): {dask.seconds:.1f} s ({graded} graded), "
                  f"{dask.seconds / notebooks:.2f} s per notebook; grades.csv {'identical' if same else 'DIFFER'}")

        kind_times = per_kind(scratch / "out1")
        grading = sum(json.loads(f.read_text())["seconds"] for f in (scratch / "out1" / "results").glob("*/*.json"))
        print(f"  of the --jobs 1 run: {grading:.1f} s grading the submissions, {one.seconds - grading:.1f} s the "
              "rest (start-up, feedback pages, recording in the gradebook)")
        print("\nseconds per submission by kind (--jobs 1, grading only, start-up excluded):")
        assignments = [a.id for a in course.assignments()]
        print(table([(k, *(f"{kind_times.get((k, a), 0):.2f}" for a in assignments)) for k in KINDS],
                    ("kind", *(a.split("_", 1)[0] for a in assignments))))

        nb = None
        if not args.skip_nbgrader:
            nb_seconds, generate, nb_graded, nb_peak, nb_per = nbgrader(submitted, scratch)
            nb = nb_seconds
            print(f"\nnbgrader autograde: {nb_seconds:.1f} s for {nb_graded} autograded notebooks "
                  f"({nb_seconds / notebooks:.2f} s per submitted notebook; generate_assignment "
                  f"{generate:.1f} s, not counted); largest process {nb_peak:.0f} MiB")
            print("  per assignment: " + ", ".join(f"{a.split('_', 1)[0]} {s:.1f} s" for a, s in nb_per.items()))

        mem = None
        if not args.skip_memory:
            mem = memory(submitted, 2)
            print("\npeak RSS of the student processes per submission (each graded in a fresh process):")
            print(table([(s, a.split("_", 1)[0], f"{t:.2f}", f"{c:.0f}", f"{i:.0f}")
                         for s, a, t, c, i in sorted(mem, key=lambda m: (m[1], m[0]))],
                        ("submission", "module", "seconds", "student MiB", "grader MiB")))

        # 200 students x 4 notebooks on 2 cores: the measured --jobs 2 rate, and the worst
        # case of a class where every notebook is complete (the slowest kind to grade)
        full = 200 * len(assignments)
        mixed = two.seconds / notebooks * full / 60
        complete = sum(kind_times.get(("complete", a), 0.0) for a in assignments) * 200 / 2 / 60
        print("\nsummary (measured side by side in this run):")
        rows = [
            ("ours, s per notebook (--jobs 1)", f"{one.seconds / notebooks:.2f}", ""),
            ("ours, s per notebook (--jobs 2)", f"{two.seconds / notebooks:.2f}", ""),
            ("--jobs 2 over --jobs 1", ratio(one.seconds, two.seconds), ""),
        ]
        if nb is not None:
            rows += [("nbgrader autograde, s per notebook", f"{nb / notebooks:.2f}", ""),
                     ("nbgrader / ours (--jobs 1), per notebook", ratio(nb, one.seconds),
                      f">= {TARGETS['nbgrader']:g}x")]
        if dask is not None:
            rows.append(("ours --scheduler local, s per notebook", f"{dask.seconds / notebooks:.2f}", ""))
        rows += [
            (f"class of {args.students} x {len(assignments)}, --jobs 2", f"{two.seconds:.1f} s", ""),
            (f"200 x {len(assignments)} {'measured' if args.students == 200 else 'extrapolated'}, "
             "this mix, --jobs 2", f"{mixed:.1f} min",
             f"< {TARGETS['class_minutes']:g} min"),
            (f"200 x {len(assignments)} extrapolated, all complete, 2 cores", f"{complete:.1f} min",
             f"< {TARGETS['class_minutes']:g} min"),
            ("second unchanged run", f"{again.seconds:.2f} s, {ratio(two.seconds, again.seconds)}",
             f">= {TARGETS['reuse']:g}x"),
        ]
        if mem is not None:
            peak = max(m[3] for m in mem)
            rows.append(("peak RSS per submission (student processes)",
                         f"{peak:.0f} MiB (median {statistics.median(m[3] for m in mem):.0f})",
                         f"< {TARGETS['memory_mib']:.0f} MiB"))
            rows.append(("peak RSS of a grading process", f"{max(m[4] for m in mem):.0f} MiB", ""))
        print(table(rows, ("measure", "value", "target")))
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
