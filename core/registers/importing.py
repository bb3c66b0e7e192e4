"""Importing a register workbook: every row read and checked, saved in one transaction per file.

Each row is read column by column (a bad cell is reported as 第N行「列名」：…), then checked
as a whole by the register, then saved inside a savepoint, so one refused row leaves the
others intact. At the end of the file:

- all-or-nothing (the default): any error rolls back the whole file — nothing is saved;
- valid rows: the rows without errors are committed, the others reported.

Large files run in a background thread; the job record (`ImportJob`) carries the progress the
import page polls. Progress is written through a connection of its own, so it is visible while
the import's transaction is still open — except while rows are being saved on SQLite, where the
single writer lock belongs to the import: there the page reads it from this process's memory (the
embedded SQLite deployment serves from one process). On SQLite, other writers wait for the save
phase to end (up to the busy timeout); on PostgreSQL they do not.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, OperationalError

from core import tenancy
from core.audit import acting_as
from core.extensions import db
from core.models.base import utcnow
from core.models.registers import ImportJob, ImportMode, ImportState
from core.refusals import Refusal
from core.registers.excel import WorkbookError, header_errors, read_workbook
from core.registers.spec import CellError, ImportContext, Register, RowError

log = logging.getLogger(__name__)

#: progress(phase, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    """What an import did: rows in the file, rows saved, the errors, whether it was refused."""

    total: int = 0
    saved: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Notes that did not stop the import (unknown columns).
    warnings: list[RowError] = field(default_factory=list)
    #: True when nothing was saved because of errors (all-or-nothing) or an unreadable file.
    refused: bool = False

    @property
    def error_rows(self) -> int:
        """How many distinct rows had errors."""
        return len({e.row for e in self.errors if e.row})

    def message(self) -> str:
        """One sentence for the user."""
        if self.refused and not self.total:
            return self.errors[0].message if self.errors else "文件中没有数据行"
        if self.refused:
            return f"共{self.total}行，{self.error_rows}行有错误，全部未导入；请改正后重新上传。"
        if self.errors:
            return f"共{self.total}行，已导入{self.saved}行，{self.error_rows}行有错误未导入。"
        return f"共{self.total}行，已全部导入。"


def _read_row(register: Register, positions: dict[str, int], cells: tuple[Any, ...], ctx: ImportContext) -> Any:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in register.columns:
        if column.key not in positions:
            continue
        position = positions[column.key]
        raw = cells[position] if position < len(cells) else None
        try:
            values[column.key] = column.read(raw, ctx)
        except CellError as exc:
            errors.append(RowError(ctx.row, column.header, str(exc)))
    return values, errors


def import_rows(
    register: Register,
    content: bytes,
    *,
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    user: Any = None,
    scope: frozenset[int] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a workbook's rows into the register; commits once (or rolls back everything)."""
    report = progress or (lambda phase, done, total: None)
    result = ImportResult()
    try:
        sheet = read_workbook(register, content)
    except WorkbookError as exc:
        result.errors.append(RowError(0, None, str(exc)))
        result.refused = True
        return result
    result.warnings = header_errors(sheet)
    result.total = total = len(sheet.rows)
    if not total:
        result.refused = True
        return result
    ctx = ImportContext(user=user, scope=scope)
    checked: list[tuple[int, dict[str, Any]]] = []
    report("checking", 0, total)
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        ctx.row = number
        values, row_errors = _read_row(register, sheet.positions, cells, ctx)
        if not row_errors:
            try:
                register.check(values, ctx)
            except Refusal as exc:
                row_errors.append(RowError(number, register.header_of(exc.field), exc.message))
        if row_errors:
            result.errors.extend(row_errors)
        else:
            checked.append((number, values))
        report("checking", done, total)
    if result.errors and mode == ImportMode.ALL_OR_NOTHING:
        db.session.rollback()
        result.refused = True
        return result
    _begin_write_transaction()
    report("saving", 0, len(checked))
    for done, (number, values) in enumerate(checked, start=1):
        ctx.row = number
        error = _save_row(register, values, ctx)
        if error is not None:
            result.errors.append(error)
        else:
            result.saved += 1
        report("saving", done, len(checked))
    if result.errors and mode == ImportMode.ALL_OR_NOTHING:
        db.session.rollback()
        result.saved = 0
        result.refused = True
        return result
    db.session.commit()
    return result


def _begin_write_transaction() -> None:
    """Make sure the rows are saved inside one real transaction, with a savepoint per row.

    pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT sent first would
    start (and its RELEASE commit) a transaction of its own, and the file could not be rolled back
    as a whole. On SQLite the write transaction is therefore begun explicitly.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _save_row(register: Register, values: dict[str, Any], ctx: ImportContext) -> RowError | None:
    """Save one row inside a savepoint; the row's error, or None."""
    try:
        with db.session.begin_nested():
            register.save(values, ctx)
            db.session.flush()
    except Refusal as exc:
        return RowError(ctx.row, register.header_of(exc.field), exc.message)
    except tenancy.TenancyViolation:
        return RowError(ctx.row, None, "超出本辖区范围，不能导入到其他行政区划")
    except IntegrityError:
        return RowError(ctx.row, None, "与已有记录冲突（编号重复？），未导入")
    return None


# -- jobs ----------------------------------------------------------------------------------------------

#: job id → live progress of imports running in this process: {"phase", "processed", "total"}.
_live: dict[int, dict[str, Any]] = {}
_live_lock = threading.Lock()
_threads: dict[int, threading.Thread] = {}


def live_progress(job_id: int) -> dict[str, Any] | None:
    """The in-memory progress of a job running in this process, if any."""
    with _live_lock:
        state = _live.get(job_id)
        return dict(state) if state else None


def _update_job(job_id: int, **values: Any) -> None:
    """Write job fields through a connection of its own (visible at once to the polling page)."""
    with db.engine.begin() as connection:
        connection.execute(update(ImportJob.__table__).where(ImportJob.__table__.c.id == job_id).values(**values))


class _ProgressWriter:
    """Keeps a job's progress in memory and, at most twice a second, in its row."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last_write = 0.0
        self.sqlite = db.engine.dialect.name == "sqlite"

    def __call__(self, phase: str, done: int, total: int) -> None:
        with _live_lock:
            _live[self.job_id] = {"phase": phase, "processed": done, "total": total}
        now = time.monotonic()
        if now - self.last_write < 0.5 and done not in (0, total):
            return
        if phase == "saving" and self.sqlite:
            return  # the import holds SQLite's only write lock until it commits
        self.last_write = now
        try:
            _update_job(self.job_id, phase=phase, processed_rows=done, total_rows=total)
        except OperationalError:  # a busy database: the page still has the in-memory figure
            log.debug("progress of import job %s not written", self.job_id)


def run_job(register: Register, job_id: int, content: bytes, user: Any, scope: frozenset[int] | None) -> ImportResult:
    """Run an import job to its end and record the outcome on the job."""
    _update_job(job_id, state=ImportState.RUNNING.value, phase="reading", started_at=utcnow())
    job = db.session.get(ImportJob, job_id)
    mode = ImportMode(job.mode) if job is not None else ImportMode.ALL_OR_NOTHING
    try:
        result = import_rows(register, content, mode=mode, user=user, scope=scope, progress=_ProgressWriter(job_id))
    except Exception as exc:  # a bug or a lost database must still end the job visibly
        db.session.rollback()
        log.exception("import job %s failed", job_id)
        _update_job(
            job_id,
            state=ImportState.FAILED.value,
            phase="finished",
            message=f"导入失败，未保存任何数据：{type(exc).__name__}",
            finished_at=utcnow(),
        )
        raise
    finally:
        with _live_lock:
            _live.pop(job_id, None)
    _update_job(
        job_id,
        state=(ImportState.REFUSED if result.refused else ImportState.DONE).value,
        phase="finished",
        total_rows=result.total,
        processed_rows=result.total,
        saved_rows=result.saved,
        error_rows=result.error_rows,
        errors=[e.as_dict() for e in result.warnings + result.errors],
        message=result.message()[:255],
        finished_at=utcnow(),
    )
    return result


def start_job(
    register: Register,
    content: bytes,
    *,
    filename: str,
    mode: ImportMode,
    user: Any,
    scope: frozenset[int] | None,
    background: bool,
) -> ImportJob:
    """Create the job (committed) and run it, in this request or in a background thread."""
    job = ImportJob(
        register_key=register.key,
        filename=filename[:255],
        mode=mode,
        state=ImportState.PENDING,
        region_id=user.region_id,
        user_id=user.id,
    )
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    if not background:
        run_job(register, job_id, content, user, scope)
        db.session.expire(job)
        return job
    app = current_app._get_current_object()
    thread = threading.Thread(
        target=_run_in_thread,
        args=(app, register, job_id, content, user.id, scope),
        name=f"register-import-{job_id}",
        daemon=True,
    )
    _threads[job_id] = thread
    thread.start()
    return job


def _run_in_thread(
    app: Flask, register: Register, job_id: int, content: bytes, user_id: int, scope: frozenset[int] | None
) -> None:
    from core.models import User

    with app.app_context(), tenancy.scoped_to(scope):
        try:
            with tenancy.unscoped():
                user = db.session.get(User, user_id)
            with acting_as(user):
                run_job(register, job_id, content, user, scope)
        except Exception:  # already recorded on the job by run_job; keep the thread quiet
            log.exception("import job %s stopped", job_id)
        finally:
            db.session.remove()


def wait_for(job_id: int, timeout: float = 60.0) -> bool:
    """Wait until the background thread of `job_id` (if any) ends; True when it has."""
    thread = _threads.get(job_id)
    if thread is None:
        return True
    thread.join(timeout)
    if not thread.is_alive():
        _threads.pop(job_id, None)
        return True
    return False
