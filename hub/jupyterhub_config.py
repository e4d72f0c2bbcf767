"""JupyterHub for the course: one instructor, the class, nbgrader per role, grading on submit.

Started by ``hub/hubctl.py up`` (``make hub``) with ``NNDL_HUB_INSTANCE`` naming the instance
folder whose ``hub.json`` hubctl.py wrote (ports, the hub environment, the proxy, the accounts,
the course root, the exchange). docs/hub.md says what to change for a real server.

- Authentication: demo passwords (hub/demo_auth.py: a table of PBKDF2 hashes, root only).
- Spawner: LocalProcessSpawner, each server as its person's Unix account (homes mode 700),
  running the hub environment's ``jupyterhub-singleuser`` (its Python is the course's kernel).
- nbgrader per role: ``JUPYTER_CONFIG_PATH`` names ``roles/student`` or ``roles/instructor``
  (nbgrader_config.py, the server extensions enabled, the lab plugins disabled), and user
  config in homes is ignored (``disable_user_config``), so a student cannot turn formgrader on.
- ``python -m autograder serve`` as a hub-managed service, run as the instructor from the
  course root: every submission is graded and its feedback released.
"""

import json
import os
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_auth import DemoAuthenticator  # next to this file

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

instance = Path(os.environ["NNDL_HUB_INSTANCE"])
hub = json.loads((instance / "hub.json").read_text())
state = instance / "state"
env_bin = Path(hub["env"]) / "bin"
accounts = {a["name"]: a for a in hub["accounts"]}
instructor = next(a for a in hub["accounts"] if a["role"] == "instructor")

# -- network: everything on 127.0.0.1 (a real server puts HTTPS in front: docs/hub.md) --------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = hub["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{hub['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [hub["proxy"]]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True

# -- who may log in ------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = DemoAuthenticator
c.DemoAuthenticator.password_file = str(state / "passwords.json")
c.Authenticator.allowed_users = set(accounts)

# -- each person's server ------------------------------------------------------------------------
c.JupyterHub.spawner_class = LocalProcessSpawner
c.Spawner.cmd = [str(env_bin / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.disable_user_config = True
c.Spawner.env_keep = ["LANG", "LC_ALL"]   # not the hub's PATH or PYTHONPATH: the servers get their own
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.LocalProcessSpawner.shell_cmd = []


def role_environment(spawner):
    """The person's role folder and the course's Python, set before their server starts."""
    account = accounts[spawner.user.name]
    environment = {
        "PATH": f"{env_bin}:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(instance / "roles" / account["role"]),
        "NNDL_EXCHANGE": hub["exchange"],
        "OPENBLAS_NUM_THREADS": "1",
    }
    if account["role"] == "instructor":
        # formgrader imports nothing of the course; the course root comes first for its tools
        environment.update(NNDL_COURSE_ROOT=hub["course_root"], PYTHONPATH=hub["course_root"])
    else:
        # the student bundle: the public checks and the data, no solution and no hidden check
        environment["PYTHONPATH"] = hub["student_code"]
    spawner.environment = environment


c.Spawner.pre_spawn_hook = role_environment

# -- grading on submit ---------------------------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "nndl-serve",
        "command": [str(env_bin / "python"), "-m", "autograder", "serve", "--course", hub["course_root"],
                    "--poll", str(hub["serve_poll"])],
        "user": instructor["name"],
        "cwd": hub["course_root"],
        "environment": {
            "PATH": f"{env_bin}:/usr/bin:/bin",
            "PYTHONPATH": hub["course_root"],
            "OPENBLAS_NUM_THREADS": "1",
        },
    },
]
