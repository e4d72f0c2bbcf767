"""nbgrader for a student on the course hub (found through JUPYTER_CONFIG_PATH, set by the hub).

The exchange is the hub's shared folder (NNDL_EXCHANGE, set by jupyterhub_config.py); the
student's id is their hub account (nbgrader reads JUPYTERHUB_USER); assignments are fetched
into the home folder, where the server starts.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.course_id = "nndl-course1"
c.Exchange.root = os.environ["NNDL_EXCHANGE"]
c.Exchange.assignment_dir = os.environ.get("HOME", ".")
