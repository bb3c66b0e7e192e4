"""Stored files behind one interface (`core.storage`): the local folder or the database.

The last test is the deployment the database backend exists for: two app servers on one
database, a file uploaded through one and downloaded through the other.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select, update

from core.app import PROJECT_ROOT
from core.extensions import db
from core.models import Attachment, StoredBlob, Unit
from core.storage import store_for
from core.tenancy import unscoped
from core.testing.fixtures import DEMO_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _unit_id(app, name: str = "东宝区司法局") -> int:
    with app.app_context(), unscoped():
        return db.session.execute(select(Unit.id).where(Unit.name == name)).scalar_one()


def _upload(client, unit_id: int, content: bytes, name: str):
    return client.post_form(
        f"/attachments/unit/{unit_id}",
        {"file": (io.BytesIO(content), name), "next": "/admin/"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.fixture
def app_config():
    return {"FAZHI_STORAGE": "database"}


def test_the_database_backend_keeps_uploads_in_the_database(app, login_as, tmp_path):
    client = login_as("dongbao_staff")
    assert "附件已上传" in _upload(client, _unit_id(app), PDF, "决定书.pdf").get_data(as_text=True)
    with app.app_context(), unscoped():
        attachment = db.session.execute(select(Attachment)).scalar_one()
        blob = db.session.get(StoredBlob, ("attachments", attachment.sha256))
        assert blob is not None and blob.content == PDF and blob.size == len(PDF)
    assert not any(Path(app.config["FAZHI_ATTACHMENT_DIR"]).rglob("*")), "nothing written to the folder"
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF

    # The same file again is stored once.
    _upload(client, _unit_id(app), PDF, "决定书（副本）.pdf")
    with app.app_context(), unscoped():
        assert len(db.session.execute(select(StoredBlob.sha256)).all()) == 1

    # Bytes changed behind the suite's back are refused, not served.
    with app.app_context(), unscoped():
        db.session.execute(update(StoredBlob).values(content=PDF + b"tampered"))
        db.session.commit()
    assert client.get(f"/attachments/{attachment.id}").status_code == 410


def test_storage_move_copies_every_file_across_and_checks_it(app, login_as):
    app.config["FAZHI_STORAGE"] = "local"
    client = login_as("dongbao_staff")
    _upload(client, _unit_id(app), PDF, "决定书.pdf")
    with app.app_context(), unscoped():
        sha = db.session.execute(select(Attachment.sha256)).scalar_one()
        assert store_for("attachments", "database").get(sha) is None

    result = app.test_cli_runner().invoke(args=["storage", "move", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert "已复制 1 个文件" in result.output
    again = app.test_cli_runner().invoke(args=["storage", "move", "--to", "database"])
    assert "已复制 0 个文件到 database（1 个已存在）" in again.output

    app.config["FAZHI_STORAGE"] = "database"
    for path in Path(app.config["FAZHI_ATTACHMENT_DIR"]).rglob("*"):
        if path.is_file():
            path.unlink()
    with app.app_context(), unscoped():
        attachment_id = db.session.execute(select(Attachment.id)).scalar_one()
    assert client.get(f"/attachments/{attachment_id}").data == PDF


# -- two app servers, one database ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(database_url: str, instance: Path, plugins: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FAZHI_INSTANCE_PATH": str(instance),
        "FAZHI_ATTACHMENT_DIR": str(instance / "attachments"),
        "FAZHI_STORAGE": "database",
        "FAZHI_PLUGINS": ",".join(plugins),
        "FAZHI_PASSWORD_HASH_FAST": "1",
    }
    env.pop("FAZHI_ENV", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            requests.get(f"{base}/healthz", timeout=2)
            return process, base
        except requests.ConnectionError:
            time.sleep(0.5)
    process.kill()
    raise AssertionError(f"server did not start: {process.stderr.read().decode()[-2000:]}")


def _login(base: str, username: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.ok
    admin = session.get(f"{base}/admin/").text
    return session, re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', admin).group(1)


def test_a_file_uploaded_through_one_app_server_downloads_through_another(app, database_url, tmp_path):
    unit_id = _unit_id(app)
    with app.app_context():
        db.engine.dispose()
    plugins = app.config["FAZHI_PLUGINS"]
    first, base_a = _serve(database_url, tmp_path / "host-a", plugins)
    second, base_b = _serve(database_url, tmp_path / "host-b", plugins)
    try:
        session_a, token = _login(base_a, "dongbao_staff")
        uploaded = session_a.post(
            f"{base_a}/attachments/unit/{unit_id}",
            data={"csrf_token": token, "next": "/admin/"},
            files={"file": ("授权委托书.pdf", PDF, "application/pdf")},
        )
        assert "附件已上传" in uploaded.text
        with app.app_context(), unscoped():
            attachment_id = db.session.execute(select(Attachment.id)).scalar_one()
            db.engine.dispose()
        session_b, _ = _login(base_b, "dongbao_staff")
        download = session_b.get(f"{base_b}/attachments/{attachment_id}")
        assert download.status_code == 200
        assert download.content == PDF
        assert not (tmp_path / "host-b" / "attachments").exists() or not any(
            (tmp_path / "host-b" / "attachments").rglob("*")
        )
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
