"""Production: PostgreSQL by DATABASE_URL, a real SECRET_KEY from the environment.

Example::

    export FAZHI_ENV=production
    export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
    export DATABASE_URL=postgresql+psycopg://fazhi:***@127.0.0.1:5432/fazhi
    honcho start          # the Procfile: gunicorn, event worker, render worker, deadline scan
"""

# Secure session and remember-me cookies come with FAZHI_HTTPS below (core/security.py), so that
# FAZHI_HTTPS=0 really gives a plain-HTTP intranet cookies its browsers send back.
#: Refuse to start without these (checked by the app factory).
FAZHI_REQUIRE_REAL_SECRET = True
#: One JSON object a line, with the request id (collected by journald or a log shipper).
FAZHI_LOG_FORMAT = "json"
#: Served over HTTPS (TLS at the reverse proxy): Secure cookies and HSTS. Set FAZHI_HTTPS=0 only
#: for a plain-HTTP intranet, where the browser would otherwise never send the session cookie.
FAZHI_HTTPS = True
