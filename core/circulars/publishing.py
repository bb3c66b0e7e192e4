"""Publishing: number, freeze, render, store and announce a circular — all or nothing.

The web request only checks the draft and marks it `publishing`; the render runs in a separate,
long-lived process (`flask circulars worker`) that keeps fonts and stylesheet loaded between
documents, so a long document never blocks a web worker and every render after the first is
warm. Operators may run that worker as a service; when none has shown a heartbeat for a few
seconds, the request starts one, which exits after a while without work.

The worker claims a circular atomically, then takes the region's yearly counter row (an
UPDATE … RETURNING, which locks the row on PostgreSQL and the database on SQLite until
commit), renders with that number, stores the PDF and commits number, file hash and event
together. A render that fails rolls the counter back — no number is consumed, the draft goes
back to draft with the error.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from core.audit import record_event
from core.circulars.compose import document_of, has_content, plain_text
from core.circulars.events import CircularPublished
from core.circulars.models import Circular, CircularCounter, CircularState
from core.circulars.render import FontMissingError, MissingGlyphsError, check_glyphs, render_pdf
from core.events import publish
from core.extensions import db
from core.heartbeats import Heartbeat
from core.models.base import utcnow
from core.storage import local_store, store_for
from core.tenancy import unscoped

log = logging.getLogger(__name__)


class PublishError(ValueError):
    """The circular cannot be published; the message says why, in Chinese."""


def today_in_china() -> date:
    """The local date (the date printed on a circular); `core.clock` decides it."""
    from core import clock

    return clock.today()


def storage_dir() -> Path:
    """Where published PDFs live in the local backend: FAZHI_CIRCULAR_DIR or <instance>/circulars."""
    return local_store("circulars").root


def pdf_path(sha256: str) -> Path:
    """The local file of a PDF with this hash (the local backend)."""
    return local_store("circulars").path(sha256)


def check_publishable(circular: Circular) -> None:
    """Refuse (PublishError) a circular that is not a draft, is empty, or has text the fonts lack."""
    if circular.state != CircularState.DRAFT:
        raise PublishError("只有草稿可以印发；已印发的通报不能再修改，更正请另发一期并注明所更正的通报")
    document = document_of(circular, number=1, issue_date=today_in_china())
    if not document.title.strip():
        raise PublishError("通报标题不能为空")
    if not has_content(document):
        raise PublishError("通报没有任何正文内容，不能印发")
    try:
        check_glyphs(document)
    except (MissingGlyphsError, FontMissingError) as exc:
        raise PublishError(str(exc)) from exc


def _ensure_counter(region_id: int, year: int) -> None:
    exists = db.session.execute(
        select(CircularCounter.id).where(CircularCounter.region_id == region_id, CircularCounter.year == year)
    ).first()
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(CircularCounter).values(region_id=region_id, year=year, last_number=0))
    except IntegrityError:
        pass  # somebody else created it at the same moment: fine


def request_publish(circular: Circular, user: object) -> None:
    """Check the draft, mark it `publishing`, commit, and start the render job."""
    check_publishable(circular)
    with unscoped():
        _ensure_counter(circular.region_id, today_in_china().year)
    circular.state = CircularState.PUBLISHING
    circular.last_error = ""
    record_event(
        "circular_publish_requested",
        user=user,
        region_id=circular.region_id,
        subject_type="circular",
        subject_id=circular.id,
        summary=circular.title,
    )
    db.session.commit()
    ensure_worker()


def job_environment() -> dict[str, str]:
    """The environment a job process needs to build the same app as this one."""
    config = current_app.config
    env = dict(os.environ)
    env["DATABASE_URL"] = str(config["SQLALCHEMY_DATABASE_URI"])
    env["SECRET_KEY"] = str(config["SECRET_KEY"])
    env["FAZHI_ENV"] = str(config.get("FAZHI_PROFILE", "default"))
    env["FAZHI_INSTANCE_PATH"] = current_app.instance_path
    env["FAZHI_CIRCULAR_DIR"] = str(storage_dir())
    env["FAZHI_STORAGE"] = str(config.get("FAZHI_STORAGE", "local"))
    if config.get("FAZHI_ATTACHMENT_DIR"):
        env["FAZHI_ATTACHMENT_DIR"] = str(config["FAZHI_ATTACHMENT_DIR"])
    # A render holds the SQLite write lock for a second or two; a job waiting its turn must not give up.
    env["FAZHI_SQLITE_BUSY_TIMEOUT_MS"] = "120000"
    plugins = config.get("FAZHI_PLUGINS")
    if plugins is not None:
        env["FAZHI_PLUGINS"] = ",".join(plugins) if plugins else ""
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def heartbeat_path() -> Path:
    """The file a running render worker touches on every loop (shared by the processes of one host)."""
    return Path(current_app.instance_path) / "run" / "circular-worker.heartbeat"


def worker_alive(max_age: float = 5.0) -> bool:
    """Whether a render worker has shown a heartbeat within `max_age` seconds."""
    try:
        return time.time() - heartbeat_path().stat().st_mtime < max_age
    except FileNotFoundError:
        return False


def ensure_worker() -> subprocess.Popen[bytes] | None:
    """Start ``flask circulars worker`` in the background unless one is running; returns it."""
    if worker_alive():
        return None
    logs = Path(current_app.instance_path) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    heartbeat_path().parent.mkdir(parents=True, exist_ok=True)
    heartbeat_path().touch()  # a second request in the same instant does not start another
    idle_exit = str(current_app.config.get("FAZHI_CIRCULAR_WORKER_IDLE_EXIT", 600))
    with open(logs / "circular-worker.log", "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "circulars", "worker", "--idle-exit", idle_exit],
            cwd=str(Path(__file__).resolve().parents[2]),
            env=job_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    # Kept so tests (and a graceful shutdown) can end the workers this app started.
    current_app.extensions.setdefault("fazhi.circular_workers", []).append(process)
    return process


#: A claim older than this is taken to belong to a worker that died mid-render.
CLAIM_LEASE = timedelta(minutes=10)


def claim_next() -> int | None:
    """Take the oldest circular waiting to be rendered (atomic: two workers never take the same)."""
    now = utcnow()
    unclaimed = (
        Circular.state == CircularState.PUBLISHING,
        or_(Circular.render_claimed_at.is_(None), Circular.render_claimed_at < now - CLAIM_LEASE),
    )
    with unscoped():
        waiting = select(Circular.id).where(*unclaimed).order_by(Circular.id).limit(1).scalar_subquery()
        # The conditions stand in the UPDATE's own WHERE too: on PostgreSQL a worker that waited
        # for another's claim re-checks them on the committed row and takes nothing.
        claimed = db.session.execute(
            update(Circular)
            .where(Circular.id == waiting, *unclaimed)
            .values(render_claimed_at=now)
            .returning(Circular.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        db.session.commit()
    return claimed


def run_worker(
    idle_exit: float | None = None,
    poll: float = 0.2,
    once: bool = False,
    stopping: Callable[[], bool] = lambda: False,
) -> int:
    """Render waiting circulars until idle for `idle_exit` seconds (None: forever) or `stopping()`
    answers True (checked between circulars: a render in progress is finished); returns how many."""
    from core.circulars.render import warm_up

    warm_up()
    done = 0
    idle_since = time.monotonic()
    beat = heartbeat_path()
    beat.parent.mkdir(parents=True, exist_ok=True)
    pulse = Heartbeat("circulars")  # for /healthz, on every host (the file is for this host's spawner)
    try:
        while True:
            beat.touch()
            pulse()
            circular_id = claim_next()
            if circular_id is not None:
                publish_circular(circular_id)
                db.session.remove()
                done += 1
                idle_since = time.monotonic()
                if stopping():
                    return done
                continue
            if once or stopping() or (idle_exit is not None and time.monotonic() - idle_since > idle_exit):
                return done
            time.sleep(poll)
    finally:
        pulse.stop()


def _take_number(region_id: int, year: int) -> int:
    # UPDATE … RETURNING both allocates and locks: nobody else numbers in this region and year
    # until this transaction ends, and a rollback gives the number back.
    number = db.session.execute(
        update(CircularCounter)
        .where(CircularCounter.region_id == region_id, CircularCounter.year == year)
        .values(last_number=CircularCounter.last_number + 1)
        .returning(CircularCounter.last_number)
    ).scalar_one_or_none()
    if number is None:
        _ensure_counter(region_id, year)
        return _take_number(region_id, year)
    return number


def store_pdf(content: bytes) -> str:
    """Keep PDF bytes by their SHA-256 in the configured storage (`core.storage`); returns the hash."""
    return store_for("circulars").put(content)


def publish_circular(circular_id: int) -> Circular | None:
    """The job: number, render, store and announce one circular marked `publishing`.

    Idempotent: a circular no longer `publishing` is left alone. On failure nothing of the
    publish remains (number, file reference, event) and the draft records the error.
    """
    with unscoped():
        circular = db.session.get(Circular, circular_id)
        if circular is None or circular.state != CircularState.PUBLISHING:
            return circular
        region_id = circular.region_id
        issue_date = today_in_china()
        # End the read, so the next statement — the counter's UPDATE — is the transaction's first:
        # it takes the lock, and what is read after it is what the last holder committed.
        db.session.rollback()
        try:
            number = _take_number(region_id, issue_date.year)
            circular = db.session.get(Circular, circular_id)
            if circular.state != CircularState.PUBLISHING:  # another worker published it meanwhile
                db.session.rollback()
                return circular
            circular.render_claimed_at = None
            document = document_of(circular, number=number, year=issue_date.year, issue_date=issue_date)
            content = render_pdf(document)
            digest = store_pdf(content)
            circular.number = number
            circular.year = issue_date.year
            circular.issue_date = issue_date
            circular.frozen = {"document": _document_data(document)}
            circular.frozen_text = plain_text(document)
            circular.pdf_sha256 = digest
            circular.pdf_size = len(content)
            circular.published_at = utcnow()
            circular.state = CircularState.PUBLISHED
            publish(
                CircularPublished(number=number, year=issue_date.year, title=circular.title, sha256=digest),
                region_id=circular.region_id,
                subject=circular,
            )
            db.session.commit()
            return circular
        except Exception as exc:  # any failure: give the number back and keep the draft
            db.session.rollback()
            log.exception("publishing circular %s failed", circular_id)
            circular = db.session.get(Circular, circular_id)
            if circular.state != CircularState.PUBLISHING:  # published by another worker after all
                db.session.rollback()
                return circular
            circular.state = CircularState.DRAFT
            circular.render_claimed_at = None
            message = (
                str(exc) if isinstance(exc, MissingGlyphsError | FontMissingError) else f"{type(exc).__name__}: {exc}"
            )
            circular.last_error = f"生成失败，未编号，草稿保留：{message}"[:2000]
            db.session.commit()
            return circular


def _document_data(document: object) -> dict:
    from dataclasses import asdict

    data = asdict(document)  # type: ignore[call-overload]
    data["issue_date"] = data["issue_date"].isoformat()
    return data


def read_published_pdf(circular: Circular) -> bytes:
    """The stored bytes of a published circular, checked against its hash (PublishError if not)."""
    if circular.state != CircularState.PUBLISHED or not circular.pdf_sha256:
        raise PublishError("该通报尚未印发")
    content = store_for("circulars").get(circular.pdf_sha256)
    if content is None:
        raise PublishError("通报文件缺失或已被改动，请联系管理员")
    return content
