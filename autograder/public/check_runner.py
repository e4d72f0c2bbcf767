"""The process ``python -m autograder check`` runs: a notebook's definitions, then its public checks.

Reads the plan (autograder/student_check.py, ``plan_for``) as JSON on stdin: the cells to run
(the release's setup cells, then the student's definitions) and the graded functions. Prints a
line per check and a summary; the exit status is 0 when every function passes. A process of
its own, so a notebook that loops or crashes costs the check its time limit, not the caller.
"""

from __future__ import annotations

import json
import sys

from autograder.public.report import CheckFailed


def main() -> int:
    plan = json.loads(sys.stdin.read())
    namespace: dict = {"__name__": "__main__"}
    for label, code in plan["cells"]:
        try:
            exec(compile(code, label, "exec"), namespace)
        except Exception as error:  # noqa: BLE001 (the student's cell: report it and go on)
            print(f"! {label} raised {type(error).__name__}: {error}".splitlines()[0])
    checks = namespace.get("checks")
    passed = 0
    for name in plan["functions"]:
        print()
        test = getattr(checks, "test_" + name, None)
        if name not in namespace:
            print(f"✗ {name}: not defined: run (or restore) the cell that defines it.")
            continue
        if test is None:
            print(f"✗ {name}: its public check was not found: restore the notebook's setup cell, "
                  "which imports the checks.")
            continue
        try:
            test(namespace[name])
            passed += 1
        except CheckFailed:
            pass
        except Exception as error:  # noqa: BLE001 (a check that cannot run on this function is reported)
            print(f"✗ {name}: the check could not run: {type(error).__name__}: {error}".splitlines()[0])
    print()
    print(f"{passed} of {len(plan['functions'])} functions pass their public checks.")
    return 0 if passed == len(plan["functions"]) else 1


if __name__ == "__main__":
    sys.exit(main())
