"""Attachments: files kept with any record, stored once by SHA-256, scoped like the record.

The kind is decided from the content (magic bytes and, for zip-based formats, the members
that define them), never from the name alone: a renamed executable is refused.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from core import tenancy
from core.extensions import db
from core.i18n import punctuation
from core.models import Attachment
from core.models.base import RegionOwned
from core.panels import Panel, RecordPanel, record_view
from core.storage import store_for

bp = Blueprint("attachments", __name__, url_prefix="/attachments")

#: The names each detected kind may carry.
EXTENSIONS = {
    "pdf": {"pdf"},
    "ofd": {"ofd"},
    "doc": {"doc"},
    "xls": {"xls"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
}


class AttachmentError(ValueError):
    """An upload that cannot be kept; the message is for the user (Chinese)."""


def detect_kind(content: bytes) -> str | None:
    """The kind of `content` judged from its bytes, or None when it is none we accept."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 holds both Word 97 and Excel 97 files; the stream names tell them apart.
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in content:
            return "doc"
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in content or b"B\x00o\x00o\x00k" in content:
            return "xls"
        return None
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return None
        if "OFD.xml" in names:
            return "ofd"
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def read_upload(stream: Any, limit: int) -> bytes:
    """Read at most `limit` bytes; refuse anything longer without reading it all."""
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise AttachmentError(_("文件超过大小限制（%(mb)s MB）", mb=limit // (1024 * 1024)))
    if not content:
        raise AttachmentError("文件为空")
    return content


def store_attachment(record: Any, filename: str, content: bytes, user: Any = None, description: str = "") -> Attachment:
    """Keep `content` as an attachment of `record` (the caller commits).

    Raises `AttachmentError` with a Chinese message for a disallowed kind, a name that does
    not match the content, or a file over the size limit.
    """
    limit = current_app.config["FAZHI_ATTACHMENT_MAX_BYTES"]
    if len(content) > limit:
        raise AttachmentError(_("文件超过大小限制（%(mb)s MB）", mb=limit // (1024 * 1024)))
    filename = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    if not filename:
        raise AttachmentError("缺少文件名")
    kind = detect_kind(content)
    allowed = set(current_app.config["FAZHI_ATTACHMENT_KINDS"])
    if kind is None or kind not in allowed:
        raise AttachmentError(
            _(
                "不支持的文件类型：仅接受 %(kinds)s（按文件内容判断）",
                kinds=punctuation("、", ", ").join(sorted(allowed)),
            )
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS[kind]:
        raise AttachmentError(
            _("文件名后缀 .%(extension)s 与文件内容（%(kind)s）不符", extension=extension or _("（无）"), kind=kind)
        )
    digest = store_for("attachments").put(content)
    attachment = Attachment(
        region_id=record.region_id,
        subject_type=type(record).__tablename__,
        subject_id=record.id,
        filename=filename,
        kind=kind,
        sha256=digest,
        size=len(content),
        uploaded_by_id=getattr(user, "id", None),
        description=description[:255],
    )
    db.session.add(attachment)
    return attachment


def attachments_of(record: Any) -> list[Attachment]:
    """The attachments of `record` the current user may see, oldest first."""
    criterion = tenancy.scope_filter(Attachment)
    query = select(Attachment).where(
        Attachment.subject_type == type(record).__tablename__, Attachment.subject_id == record.id
    )
    if criterion is not None:
        query = query.where(criterion)
    return list(db.session.execute(query.order_by(Attachment.id)).scalars())


def _model_for_table(table: str) -> type | None:
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    return None


def _load_subject(subject_type: str, subject_id: int) -> tuple[Any, Any]:
    """The record and its admin view, when the user may open both; 404 otherwise."""
    model = _model_for_table(subject_type)
    if model is None or not issubclass(model, RegionOwned):
        abort(404)
    view = record_view(model)
    if view is None or not view.is_accessible():
        abort(404)
    record = view.get_one(str(subject_id))  # the view's own scoping: 404 when outside
    return record, view


@bp.route("/<subject_type>/<int:subject_id>", methods=["POST"])
@login_required
def upload(subject_type: str, subject_id: int) -> Any:
    """Attach an uploaded file to a record."""
    record, view = _load_subject(subject_type, subject_id)
    back = request.form.get("next") or url_for(f"{view.endpoint}.details_view", id=subject_id)
    if not back.startswith("/"):
        back = "/"
    if not view.can_edit:
        abort(403)
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        flash("请选择要上传的文件", "error")
        return redirect(back)
    try:
        content = read_upload(upload_file.stream, current_app.config["FAZHI_ATTACHMENT_MAX_BYTES"])
        store_attachment(record, upload_file.filename, content, current_user, request.form.get("description", ""))
        db.session.commit()
    except AttachmentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back)
    flash("附件已上传", "success")
    return redirect(back)


def _scoped_attachment(attachment_id: int) -> Attachment:
    query = select(Attachment).where(Attachment.id == attachment_id)
    criterion = tenancy.scope_filter(Attachment)
    if criterion is not None:
        query = query.where(criterion)
    attachment = db.session.execute(query).scalar_one_or_none()
    if attachment is None:
        abort(404)
    _load_subject(attachment.subject_type, attachment.subject_id)  # the record itself must be visible
    return attachment


@bp.route("/<int:attachment_id>")
@login_required
def download(attachment_id: int) -> Any:
    """Send an attachment with its original (Chinese) name, after checking its hash."""
    attachment = _scoped_attachment(attachment_id)
    content = store_for("attachments").get(attachment.sha256)
    if content is None:
        abort(410, description="附件文件缺失或已损坏，请联系管理员")
    # Werkzeug writes filename*=UTF-8''… (RFC 5987) for non-ASCII names.
    return send_file(io.BytesIO(content), download_name=attachment.filename, as_attachment=True)


_PANEL = "fazhi/attachments/panel.html"


def _attachments_panel(record: Any) -> Panel | None:
    if not isinstance(record, RegionOwned) or isinstance(record, Attachment):
        return None
    view = record_view(type(record))
    html = render_template(
        _PANEL,
        attachments=attachments_of(record),
        can_upload=bool(view and view.can_edit),
        subject_type=type(record).__tablename__,
        subject_id=record.id,
    )
    return Panel(key="attachments", title=_("附件"), html=Markup(html))


#: The attachments panel, first under every record (returned by the builtin plugin).
ATTACHMENTS_PANEL = RecordPanel("attachments", _attachments_panel, order=10)
