"""Demo passwords for the local trial hub: a JupyterHub authenticator that checks a table of hashes.

``hub/hubctl.py`` writes the table (``state/passwords.json``, root only): account name to
``pbkdf2_sha256$rounds$salt$hex``. The accounts are the Unix accounts hubctl.py created, so
JupyterHub's LocalProcessSpawner starts each server as its own person. On a real server use a
real authenticator instead (docs/hub.md): PAM, or your institution's OAuth / LDAP.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

MAX_FIELD = 256   # a login form's fields are the public's input: longer ones are refused unread


def verify(password: str, stored: str) -> bool:
    """Whether ``password`` matches a ``pbkdf2_sha256$rounds$salt$hex`` hash (constant-time)."""
    try:
        scheme, rounds, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    got = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(rounds)).hex()
    return hmac.compare_digest(got, digest)


class DemoAuthenticator(Authenticator):
    password_file = Unicode(help="JSON table: account name -> pbkdf2_sha256 hash").tag(config=True)

    def _table(self) -> dict[str, str]:
        return json.loads(Path(self.password_file).read_text())

    async def authenticate(self, handler, data):
        username, password = str(data.get("username", "")), str(data.get("password", ""))
        if not username or len(username) > MAX_FIELD or len(password) > MAX_FIELD:
            return None
        stored = self._table().get(username)
        if stored is None or not verify(password, stored):
            self.log.warning("failed login for %r", username[:64])
            return None
        return username
