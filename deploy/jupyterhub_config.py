"""JupyterHub for an Attuned cohort on one server: real Unix accounts, nbgrader's shared exchange.

This follows nbgrader's "Using nbgrader with JupyterHub", use case *one class, one grader*: the
instructor's own single-user server runs the formgrader on a course folder in the instructor's
home; trainees fetch and submit through nbgrader's exchange, a folder every account shares.
``tests/hub`` starts a hub from this very file (only ports, an API token and throwaway paths
are laid over it) and runs the whole cycle with real accounts and PAM logins, so what is written
here is tested.

Set-up, as root, on a Debian/Ubuntu server (adapt the names marked ADAPT below):

1. One venv, made with the SYSTEM Python in a folder every account can read (a venv of a pyenv
   or conda Python under /root cannot be read by trainee accounts, and their servers fail):

       umask 022
       /usr/bin/python3 -m venv /opt/attuned-hub/venv
       /opt/attuned-hub/venv/bin/pip install '/path/to/attuned-checkout[hub]'   # a checkout or unpacked sdist; not -e
       npm install --prefix /opt/attuned-hub configurable-http-proxy@5.3   # or npm install -g

   The course's notebooks import ``attuned`` in each trainee's kernel, so it must be installed
   in that venv (non-editable: an editable install points into a checkout trainees cannot read).

2. nbgrader's extensions, as nbgrader's installation guide describes. Everyone gets the
   Assignments tab; the formgrader, course list and "create assignment" are turned off for all,
   then on again for the instructor account only:

       J=/opt/attuned-hub/venv/bin/jupyter
       $J server extension disable --sys-prefix nbgrader.server_extensions.formgrader
       $J server extension disable --sys-prefix nbgrader.server_extensions.course_list
       for verb in disable unlock; do $J labextension $verb --level=sys_prefix \
           @jupyter/nbgrader:formgrader @jupyter/nbgrader:course-list @jupyter/nbgrader:create-assignment; done
       # then as the instructor (e.g. runuser -u instructor -- ...):
       $J labextension enable --level=user @jupyter/nbgrader:formgrader \
           @jupyter/nbgrader:course-list @jupyter/nbgrader:create-assignment

   and the instructor's ``~/.jupyter/jupyter_server_config.json`` (owned by the instructor):

       {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": true,
                                              "nbgrader.server_extensions.course_list": true}}}

   (``jupyter server extension enable --user`` would be the command, but jupyter_server 2
   refuses an extension that is installed in the venv rather than the user's folder, printing
   "could not be found" and still exiting 0.)

   ``unlock``: JupyterLab 4.1+ ``disable`` may also lock plugins (its migration from 4.0 copies
   plugins already disabled into ``lockedExtensions``), and a plugin locked at sys-prefix level
   cannot be turned on at user level (``enable`` then changes nothing and still exits 0).

   All this is convenience, not security: what keeps trainees out of the gradebook and the hidden
   tests (the knowledge-check keys) is Unix permissions on the instructor's home (step 4).

3. The exchange: nbgrader's default ``/srv/nbgrader/exchange``, writable by every account with
   the sticky bit (nbgrader requires exactly rwx for all on this folder; the sticky bit stops
   one account deleting another's files). This file creates it when missing. nbgrader itself
   makes ``inbound/`` write-only for others, so a trainee cannot list other submissions, and
   names each submission with a random suffix. Copy ``deploy/nbgrader_config.py`` to
   ``/etc/jupyter/nbgrader_config.py``: it gives every account the course id and the exchange.

4. Accounts: one per trainee and one for the instructor, every home mode 0700 (Debian's
   ``useradd`` makes 0755 homes unless ``HOME_MODE 0700`` is set in /etc/login.defs). Put the
   trainees in the group ``attuned-trainees`` (ADAPT). The instructor keeps the course in
   ``~/course`` (``attuned quickstart ~/course``, or a checkout and ``make release``; set
   ``c.Exchange.root`` in its nbgrader_config.py if the exchange is not
   ``/srv/nbgrader/exchange``) and writes
   ``~/.jupyter/nbgrader_config.py`` with ``c.CourseDirectory.root = '/home/<instructor>/course'``
   so the formgrader finds it.

5. Start: ``/opt/attuned-hub/venv/bin/jupyterhub -f /path/to/deploy/jupyterhub_config.py`` as
   root (LocalProcessSpawner starts each server as its user, which needs root), behind a TLS
   proxy (nginx, Caddy) or with ``c.JupyterHub.ssl_cert``/``ssl_key``.

Spawner: LocalProcessSpawner (the default, used here) runs each trainee's server as an ordinary
process. For a cohort on a shared machine, consider SystemdSpawner (``pip install
jupyterhub-systemdspawner``; ``c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"``):
it gives each server a systemd unit with limits such as ``c.SystemdSpawner.mem_limit = "2G"``,
``c.SystemdSpawner.cpu_limit = 1.0`` and a private /tmp (``isolate_tmp = True``). Keep
``dynamic_users`` off: nbgrader's exchange relies on real, stable Unix accounts. The PATH in
``Spawner.environment`` below applies to both spawners.

How many trainees one server holds, measured with this very file by ``make loadtest``, and the
settings that matter for a class (culler timeouts, memory limits): docs/deployment.md.

Beyond one server (several hundred trainees, several machines): Zero to JupyterHub on Kubernetes
(https://z2jh.jupyter.org), where the exchange needs a shared ReadWriteMany volume or an
exchange service such as ngshare.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# ADAPT: the instructor's account, and the Unix group of the trainees' accounts.
INSTRUCTOR = os.environ.get("ATTUNED_INSTRUCTOR", "instructor")
TRAINEE_GROUP = os.environ.get("ATTUNED_TRAINEE_GROUP", "attuned-trainees")
# ADAPT: where the hub keeps its own state (database, cookie secret, proxy pid), root only.
STATE = Path(os.environ.get("ATTUNED_HUB_STATE", "/srv/jupyterhub"))
# nbgrader's default exchange; deploy/nbgrader_config.py reads the same variable.
EXCHANGE = Path(os.environ.get("ATTUNED_EXCHANGE", "/srv/nbgrader/exchange"))

# The venv this hub runs from is the one every single-user server and kernel uses.
VENV_BIN = Path(sys.prefix) / "bin"

# --- Hub and proxy -------------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("ATTUNED_HUB_URL", "http://127.0.0.1:8000")  # ADAPT
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if os.environ.get("ATTUNED_CHP"):  # configurable-http-proxy when it is not on root's PATH
    c.ConfigurableHTTPProxy.command = [os.environ["ATTUNED_CHP"]]

# --- Who may log in --------------------------------------------------------------------------
# PAM: the accounts' own Unix passwords. Trainees by group, so adding a trainee is `useradd -G`.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {INSTRUCTOR}
c.PAMAuthenticator.allowed_groups = {TRAINEE_GROUP}
# Not an admin by default: a hub admin can open every trainee's server (and their reflections).
# c.Authenticator.admin_users = {INSTRUCTOR}

# --- Single-user servers -----------------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"  # see the note on SystemdSpawner above
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# The spawner starts servers with a near-empty environment. The venv must come first on PATH:
# nbgrader runs `alembic` by name, and the kernels, terminals and `nbgrader` commands a trainee
# or the instructor types must be the venv's, with `attuned` importable.
# Not ATTUNED_DB_URL: every trainee's server gets this environment, and a PostgreSQL URL carries
# the gradebook's password. Name it for the instructor only, in a config file nbgrader reads:
# c.CourseDirectory.db_url = "postgresql+psycopg://..." in ~/.jupyter/nbgrader_config.py or in the
# course folder's nbgrader_config.py (both private to the instructor). A config file wins over
# $ATTUNED_DB_URL (attuned.pipeline.settings), and Formgrader, which this hub starts without the
# instructor's shell profile, reads it too, as do `attuned report`, `export` and `portfolio`.
c.Spawner.environment = {
    "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "ATTUNED_EXCHANGE": str(EXCHANGE),
}
c.Spawner.start_timeout = 120  # a first start on a busy two-core machine takes a while
c.Spawner.http_timeout = 90

# --- Restarting the hub -------------------------------------------------------------------------
# A restart (an upgrade, a config change, a crash) must not end trainees' servers and kernels in
# the middle of a session: the hub finds them again from its database when it comes back. Its
# proxy restarts with it, so open notebooks lose their connection for a few seconds and reconnect
# by themselves; to keep even that connection, run configurable-http-proxy as its own service
# (ConfigurableHTTPProxy.should_start = False and a fixed CONFIGPROXY_AUTH_TOKEN). Measured in
# benchmarks/loadtest (docs/deployment.md).
c.JupyterHub.cleanup_servers = False

# --- Idle culler ---------------------------------------------------------------------------------
# jupyterhub-idle-culler (pyproject's `hub` extra) stops a server nobody has used for
# ATTUNED_CULL_TIMEOUT seconds (default an hour), checked every ATTUNED_CULL_EVERY seconds; its
# memory comes back, and the trainee's work is safe: every answer was saved to the response log
# when it was given, and the widgets resume from it when the trainee starts again. The hub learns
# of activity every `last_activity_interval` (300 s by default), so a timeout below ~10 minutes
# needs that, and JUPYTERHUB_ACTIVITY_INTERVAL in the servers' environment, set lower too.
import importlib.util  # noqa: E402 - kept beside the one setting that needs it

if importlib.util.find_spec("jupyterhub_idle_culler") is not None:
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={int(os.environ.get('ATTUNED_CULL_TIMEOUT', '3600'))}",
                    f"--cull-every={int(os.environ.get('ATTUNED_CULL_EVERY', '300'))}"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler", "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }]

# --- nbgrader's exchange ---------------------------------------------------------------------
# rwx for everyone plus the sticky bit; nbgrader's release_assignment refuses any other mode
# unless it can change it (it cannot, run by the instructor on a folder root owns).
EXCHANGE.mkdir(parents=True, exist_ok=True)
os.chmod(EXCHANGE, 0o1777)  # noqa: S103 - nbgrader's exchange is shared by design

# The course's own folder in the exchange belongs to the instructor from the start, made here
# before any trainee can log in (a trainee's folder there would block every release; see
# attuned.pipeline.exchange.claim_course_folder).
COURSE_ID = os.environ.get("ATTUNED_COURSE_ID", "attuned")  # ADAPT: deploy/nbgrader_config.py's course id

from attuned.pipeline.exchange import claim_course_folder  # noqa: E402 - the hub's venv holds the course

claim_course_folder(EXCHANGE, COURSE_ID, INSTRUCTOR)
