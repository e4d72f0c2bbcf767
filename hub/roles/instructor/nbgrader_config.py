"""nbgrader for the instructor on the course hub (found through JUPYTER_CONFIG_PATH).

The course root (NNDL_COURSE_ROOT, in the instructor's home) holds the grader, solutions/ and
the gradebook; formgrader and the course tools work on it. Its own nbgrader_config.py says the
rest (folders, gradebook), as when nbgrader runs from it.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
root = os.environ["NNDL_COURSE_ROOT"]
c.CourseDirectory.course_id = "nndl-course1"
c.CourseDirectory.root = root
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = f"sqlite:///{root}/gradebook.db"
c.Exchange.root = os.environ["NNDL_EXCHANGE"]
