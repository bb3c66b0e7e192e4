"""Logging: a request id on every request, and JSON lines in production.

Each request gets an id — the load balancer's ``X-Request-ID`` when it sends a sane one, else a
new one — returned in the response's ``X-Request-ID`` and attached to every log record written
while it runs, so one user's complaint can be followed through the web server's and the
database's logs. ``FAZHI_LOG_FORMAT = "json"`` (production) writes one JSON object a line.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from flask.wrappers import Response

#: What a forwarded request id may look like (anything else is replaced, never logged as is).
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("fazhi.access")


def current_request_id() -> str | None:
    """The id of the request being handled (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO), level, logger, message, request id, extras."""

    #: Attributes every LogRecord has; anything else passed with ``extra=`` is written too.
    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """Install the request id and the configured format (text or json) on the root logger once."""
    root = logging.getLogger()
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        if app.config.get("FAZHI_LOG_FORMAT") == "json":
            handler.setFormatter(JsonFormatter())
        else:
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
        root.setLevel(app.config.get("FAZHI_LOG_LEVEL", "INFO"))
        # Alembic, fontTools and WeasyPrint tell every step at INFO; a deployment wants only problems.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        for chatty in ("fontTools", "weasyprint"):  # a line per font table subsetted, per render step
            logging.getLogger(chatty).setLevel(logging.WARNING)

    @app.before_request
    def _take_request_id() -> None:
        forwarded = request.headers.get("X-Request-ID", "")
        g.request_id = forwarded if _SANE_ID.match(forwarded) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1),
                    "remote_addr": request.remote_addr,
                },
            )
        return response
