"""``flask backup`` / ``flask restore``: the database and the stored files in one archive.

An archive (``.tar.gz``) holds ``manifest.json`` (when, which database, the migration heads, the
row count of every table, the files), the database — a consistent copy made by SQLite's online
backup API while the suite runs, or ``pg_dump --format=custom`` — and the stored files
(attachments and circular PDFs, named by their SHA-256). A restore goes into an **empty**
database, checks every file against its hash, and then counts every table against the manifest:
a restore that does not give back every record and every file fails loudly.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from core import clock
from core.extensions import db
from core.storage import BUCKETS, local_store

FORMAT = 1


class BackupError(click.ClickException):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def _table_counts() -> dict[str, int]:
    names = sorted(inspect(db.engine).get_table_names())
    return {name: db.session.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


def _migration_heads() -> list[str]:
    from alembic.runtime.migration import MigrationContext

    return sorted(MigrationContext.configure(db.session.connection()).get_current_heads())


def _stored_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".part"))


def _libpq_url() -> str:
    """The database URL in the form pg_dump and pg_restore understand (no ``+psycopg``)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path() -> Path:
    return Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database or "")


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}（请安装 postgresql-client）") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} 失败：{exc.stderr.strip()[-2000:]}") from exc


def write_backup(target: Path) -> dict[str, Any]:
    """Write an archive of the database and the stored files to `target`; returns its manifest."""
    dialect = db.engine.dialect.name
    db.session.rollback()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": clock.now().isoformat(timespec="seconds"),
        "dialect": dialect,
        "heads": _migration_heads(),
        "tables": _table_counts(),
        "files": {},
    }
    db.session.rollback()
    with tempfile.TemporaryDirectory(prefix="fazhi-backup-") as tmp:
        work = Path(tmp)
        if dialect == "sqlite":
            database = work / "database.sqlite3"
            source = sqlite3.connect(_sqlite_path())
            copy = sqlite3.connect(database)
            with copy:
                source.backup(copy)  # a consistent snapshot, even while the suite writes
            source.close()
            copy.close()
        elif dialect == "postgresql":
            database = work / "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={database}", _libpq_url()])
        else:
            raise BackupError(f"不支持备份 {dialect} 数据库")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            # Files of the local backend; the database backend's are inside the database copy.
            for name in BUCKETS:
                folder = local_store(name).root
                files = list(_stored_files(folder))
                manifest["files"][name] = len(files)
                for path in files:
                    archive.add(path, arcname=f"{name}/{path.relative_to(folder).as_posix()}")
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, fileobj=io.BytesIO(data))
        partial.replace(target)
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"备份文件含有不安全的条目：{member.name}")
    return members


def restore_backup(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore an archive made by `write_backup` into the configured, empty database."""
    dialect = db.engine.dialect.name
    existing = inspect(db.engine).get_table_names()
    if existing and not force:
        raise BackupError(f"目标数据库不是空库（已有 {len(existing)} 张表）；请换一个空库，或用 --force 覆盖")
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, members=_safe_members(archive), filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"无法读取备份文件 {source}：{exc}") from exc
        manifest_path = work / "manifest.json"
        if not manifest_path.exists():
            raise BackupError("备份文件缺少 manifest.json，不是 Fazhi 的备份")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("dialect") != dialect:
            raise BackupError(f"备份来自 {manifest.get('dialect')} 数据库，不能恢复到 {dialect}")
        db.session.remove()
        if dialect == "sqlite":
            db.engine.dispose()
            target = sqlite3.connect(_sqlite_path())
            backup = sqlite3.connect(work / "database.sqlite3")
            with target:
                backup.backup(target)
            backup.close()
            target.close()
        else:
            clean = ["--clean", "--if-exists"] if force and existing else []
            _run(
                [
                    "pg_restore",
                    *clean,
                    "--no-owner",
                    "--no-acl",
                    f"--dbname={_libpq_url()}",
                    str(work / "database.dump"),
                ]
            )
        db.engine.dispose()
        for name in BUCKETS:
            _restore_files(work / name, local_store(name).root, name)
    counts = _table_counts()
    db.session.rollback()
    wrong = {name: (n, counts.get(name)) for name, n in manifest["tables"].items() if counts.get(name) != n}
    if wrong:
        detail = "，".join(f"{name}（应为 {n}，实为 {got}）" for name, (n, got) in sorted(wrong.items()))
        raise BackupError(f"恢复后记录数与备份不符：{detail}")
    return manifest


def _restore_files(source: Path, target: Path, name: str) -> None:
    for path in _stored_files(source):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if not path.name.startswith(digest):
            raise BackupError(f"备份中的文件 {name}/{path.name} 与其 SHA-256 不符，备份已损坏")
        destination = target / path.relative_to(source)
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
@with_appcontext
def backup_command(target: Path | None) -> None:
    """备份数据库和全部附件、通报 PDF 到一个 .tar.gz 文件（默认 instance/backups/）。"""
    if target is None:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        target = Path(current_app.instance_path) / "backups" / f"fazhi-{stamp}.tar.gz"
    manifest = write_backup(target)
    rows = sum(manifest["tables"].values())
    files = sum(manifest["files"].values())
    click.echo(f"已备份到 {target}：{len(manifest['tables'])} 张表 {rows} 行，{files} 个文件。")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标数据库不是空库时也覆盖（慎用）。")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """从 flask backup 的文件恢复到（空的）数据库，并逐表核对记录数、逐个校验文件。"""
    manifest = restore_backup(source, force=force)
    rows = sum(manifest["tables"].values())
    files = sum(manifest["files"].values())
    click.echo(f"已恢复 {source}（{manifest['created_at']}）：{rows} 行，{files} 个文件，核对无误。")
