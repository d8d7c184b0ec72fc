# JupyterHub configuration for a class using casekit on one server (The Littlest JupyterHub style).
# Read deploy/jupyterhub/README.md first. Every setting a course changes is read from an environment
# variable, so the same file serves the course and the kit's own test (tests/hub), which runs it for real.
#
#   CASEKIT_VENV        the learners' environment built by `make hub-env` (/opt/casekit/venv); set it: the
#                       default, this checkout's .venv, is usually not readable by learners' accounts
#   CASEKIT_INBOX       the course inbox learners hand work in to (see `casekit submit`)
#   CASEKIT_HUB_PORT    where the hub's proxy listens (default 8000); put TLS in front of it (see README)
#   CASEKIT_HUB_STATE   where the hub keeps its database, cookie secret and logs (default /srv/casekit/hub)
#   CASEKIT_HUB_AUTH    "dummy" (any password: a trial or the test only) or "pam" (the server's own accounts)
#   CASEKIT_HUB_ADMINS  comma-separated instructor logins
#   CASEKIT_HUB_LOCAL   set to listen on 127.0.0.1 only (a trial, or the kit's test)
#   CASEKIT_MEM_LIMIT   memory limit per learner, e.g. 1G (enforced by Kubernetes spawners; advisory here)
#   CASEKIT_PROXY_CMD   the configurable-http-proxy command (default: found on PATH)
#   CASEKIT_SINGLEUSER_ARGS  extra command-line options for every learner's server (space-separated)
#   CASEKIT_HUB_SERVICE_TOKEN  optional: a token for scripts that call the hub's REST API as a service
import os
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it loads this file)

REPO = Path(__file__).resolve().parents[2]
venv = Path(os.environ.get("CASEKIT_VENV", REPO / ".venv"))
state = Path(os.environ.get("CASEKIT_HUB_STATE", "/srv/casekit/hub"))
state.mkdir(parents=True, exist_ok=True)

c.JupyterHub.ip = "127.0.0.1" if os.environ.get("CASEKIT_HUB_LOCAL") else ""
c.JupyterHub.port = int(os.environ.get("CASEKIT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
if os.environ.get("CASEKIT_PROXY_CMD"):
    c.ConfigurableHTTPProxy.command = os.environ["CASEKIT_PROXY_CMD"].split()

# Who may log in. "pam" uses the server's unix accounts (one per learner: `adduser --disabled-password`);
# "dummy" accepts any password and is only for a trial on a closed machine or the kit's test.
auth = os.environ.get("CASEKIT_HUB_AUTH", "pam")
c.JupyterHub.authenticator_class = "dummy" if auth == "dummy" else "pam"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {a.strip() for a in os.environ.get("CASEKIT_HUB_ADMINS", "").split(",") if a.strip()}

# Each learner's server runs as their own unix account (LocalProcessSpawner, the default), so one learner
# cannot read another's files or hand-ins. It runs the kit's environment: the same lock as `make lab`,
# with nbgitpuller and the kit's JupyterLab settings (no "Jupyter news?" prompt, offline slide theme).
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
# A terminal's shell is not a login shell, so it keeps the PATH below (Debian's /etc/profile would reset it) and
# a learner can type `casekit submit ...`; then any extra options for every learner's server.
c.Spawner.args = [
    '--ServerApp.terminado_settings=shell_command=["/bin/bash"]',
    *os.environ.get("CASEKIT_SINGLEUSER_ARGS", "").split(),
]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "CASEKIT_INBOX": os.environ.get("CASEKIT_INBOX", "/srv/casekit/inbox"),
    "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "PYTHONDONTWRITEBYTECODE": "1",  # the kit's environment is shared and read-only to learners
}
c.Spawner.mem_limit = os.environ.get("CASEKIT_MEM_LIMIT", "1G")  # enforced by Kubernetes, advisory here
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

if os.environ.get("CASEKIT_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "casekit-course", "api_token": os.environ["CASEKIT_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [
        {
            "name": "casekit-course",
            "scopes": ["admin:users", "admin:servers", "list:users"],
            "services": ["casekit-course"],
        }
    ]
