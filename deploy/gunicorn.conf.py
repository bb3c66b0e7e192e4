"""gunicorn settings for Fazhi (``gunicorn --config deploy/gunicorn.conf.py wsgi:app``).

Environment: FAZHI_HOST / FAZHI_PORT (default 127.0.0.1:5000), FAZHI_WEB_WORKERS (default
2 × CPUs + 1), FAZHI_WEB_TIMEOUT (seconds a request may take; register exports and imports of
large files need more than gunicorn's 30).
"""

import multiprocessing
import os

bind = f"{os.environ.get('FAZHI_HOST', '127.0.0.1')}:{os.environ.get('FAZHI_PORT', '5000')}"
# Sync workers: the suite's requests are short and database-bound; more processes, not threads.
workers = int(os.environ.get("FAZHI_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("FAZHI_WEB_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("FAZHI_WEB_GRACEFUL_TIMEOUT", "30"))
# Each worker builds its own app and engine after the fork: no database connection is shared.
preload_app = False
# Fazhi writes its own access line with the request id (core.logs); gunicorn's would repeat it.
accesslog = None
errorlog = "-"
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FAZHI_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 24+ opens a control socket in the user's home, which a hardened unit cannot write and
# which Fazhi does not use (reload with SIGHUP, stop with SIGTERM).
control_socket_disable = True
