"""Where stored files live: one interface, a local folder or the database.

Attachments and circular PDFs are content-addressed — stored once under their SHA-256 and checked
against it on every read — so any backend that maps (bucket, hash) to bytes will do:

- ``local`` (default): ``<FAZHI_ATTACHMENT_DIR or instance/attachments>/<ab>/<hash>`` and
  ``<FAZHI_CIRCULAR_DIR or instance/circulars>/<ab>/<hash>.pdf``, written atomically. One machine.
- ``database``: the `stored_blob` table, written in the caller's transaction (a rolled-back upload
  leaves no bytes behind). Every app server on the same PostgreSQL serves every file.

``FAZHI_STORAGE`` picks the backend; ``flask storage move --to database`` (or ``--to local``)
copies every file across, checking each hash, so a deployment can switch without losing one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.extensions import db
from core.models.blobs import StoredBlob

#: The buckets and, for the local backend, the setting naming their folder and the files' suffix.
BUCKETS = {"attachments": ("FAZHI_ATTACHMENT_DIR", ""), "circulars": ("FAZHI_CIRCULAR_DIR", ".pdf")}
BACKENDS = ("local", "database")


class BlobStore(Protocol):
    """Bytes by SHA-256 in one bucket."""

    def put(self, content: bytes) -> str:
        """Store `content` (once) and return its SHA-256."""

    def get(self, sha256: str) -> bytes | None:
        """The bytes stored under `sha256`, or None if missing or damaged (hash mismatch)."""

    def hashes(self) -> Iterator[str]:
        """Every hash stored in the bucket."""


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class LocalStore:
    """A folder: ``<root>/<first two hex digits>/<hash><suffix>``, each file written atomically."""

    def __init__(self, root: Path, suffix: str = "") -> None:
        self.root = root
        self.suffix = suffix

    def path(self, sha256: str) -> Path:
        """The file of `sha256` (whether or not it exists)."""
        return self.root / sha256[:2] / f"{sha256}{self.suffix}"

    def put(self, content: bytes) -> str:
        digest = _digest(content)
        path = self.path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(content)
            partial.replace(path)  # a reader never sees half a file
        return digest

    def get(self, sha256: str) -> bytes | None:
        path = self.path(sha256)
        content = path.read_bytes() if path.exists() else None
        return content if content is not None and _digest(content) == sha256 else None

    def hashes(self) -> Iterator[str]:
        if self.root.is_dir():
            for path in sorted(self.root.glob(f"??/*{self.suffix}")):
                if not path.name.endswith(".part"):
                    yield path.name.removesuffix(self.suffix) if self.suffix else path.name


class DatabaseStore:
    """The `stored_blob` table; writes go through the caller's session and commit with it."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def put(self, content: bytes) -> str:
        digest = _digest(content)
        values = {"bucket": self.bucket, "sha256": digest, "size": len(content), "content": content}
        dialect = db.session.get_bind().dialect.name
        # Two users uploading the same file at once: the second insert is a no-op, never an error
        # that would abort the caller's transaction.
        if dialect == "postgresql":
            statement = pg_insert(StoredBlob.__table__).values(**values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            statement = sqlite_insert(StoredBlob.__table__).values(**values).on_conflict_do_nothing()
        else:
            if self.get(digest) is not None:
                return digest
            statement = insert(StoredBlob.__table__).values(**values)
        db.session.execute(statement)
        return digest

    def get(self, sha256: str) -> bytes | None:
        content = db.session.execute(
            select(StoredBlob.content).where(StoredBlob.bucket == self.bucket, StoredBlob.sha256 == sha256)
        ).scalar_one_or_none()
        return content if content is not None and _digest(content) == sha256 else None

    def hashes(self) -> Iterator[str]:
        yield from db.session.execute(
            select(StoredBlob.sha256).where(StoredBlob.bucket == self.bucket).order_by(StoredBlob.sha256)
        ).scalars()


def local_store(bucket: str) -> LocalStore:
    """The local folder of `bucket` (whatever backend is configured: backups and moves use it)."""
    setting, suffix = BUCKETS[bucket]
    configured = current_app.config.get(setting)
    root = Path(configured) if configured else Path(current_app.instance_path) / bucket
    return LocalStore(root, suffix)


def store_for(bucket: str, backend: str | None = None) -> BlobStore:
    """The store of `bucket` in `backend` (default: the configured ``FAZHI_STORAGE``)."""
    if bucket not in BUCKETS:
        raise ValueError(f"unknown storage bucket {bucket!r}")
    backend = backend or current_app.config.get("FAZHI_STORAGE", "local")
    if backend == "local":
        return local_store(bucket)
    if backend == "database":
        return DatabaseStore(bucket)
    raise ValueError(f"FAZHI_STORAGE 应为 {' 或 '.join(BACKENDS)}，而不是 {backend!r}")


storage_group = AppGroup("storage", help="附件和通报文件的存储。")


@storage_group.command("move")
@click.option("--to", "target", type=click.Choice(BACKENDS), required=True, help="目标存储")
def move_command(target: str) -> None:
    """把全部附件和通报文件复制到目标存储（逐个校验 SHA-256）；之后把 FAZHI_STORAGE 改为目标。"""
    source = "database" if target == "local" else "local"
    copied = present = 0
    for bucket in BUCKETS:
        origin, destination = store_for(bucket, source), store_for(bucket, target)
        for sha256 in list(origin.hashes()):
            if destination.get(sha256) is not None:
                present += 1
                continue
            content = origin.get(sha256)
            if content is None:
                raise click.ClickException(f"{bucket}/{sha256} 在{source}存储中缺失或已损坏，未复制")
            destination.put(content)
            copied += 1
        db.session.commit()  # the database store writes through the session
    click.echo(f"已复制 {copied} 个文件到 {target}（{present} 个已存在）。")
