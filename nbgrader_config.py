"""nbgrader course configuration: sources in solutions/, student releases in notebooks/.

One assignment folder per module (solutions/<assignment_id>/<notebook>.ipynb). Run nbgrader
commands from this folder (or use `make release` / `make grade`).
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

root = Path(__file__).resolve().parent
c.CourseDirectory.course_id = "nndl-course1"
c.CourseDirectory.root = str(root)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"

# The stub names the function a student has to write (autograder.public.todo reads the
# caller's frame): nbgrader puts the same text into every solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError(todo())"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Training demos check NBGRADER_EXECUTION and run shorter when it is set.
c.ExecutePreprocessor.timeout = 300
c.Execute.timeout = 300

# The limits `python -m autograder grade` grades under (their names, defaults and help:
# `python -m autograder doctor`; `--limit NAME=VALUE` on the command line overrides these), e.g.
# c.Autograder.limits = {"call_seconds": 20, "memory_bytes": "3GiB"}
