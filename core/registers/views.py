"""The admin page of a register: export to Excel, import with a per-row error report and progress.

A plugin adds one per register::

    RegisterView(CaseRegister(), name="登记表导入导出", endpoint="admin_review_register", category="行政复议")

Everything it shows is scoped like the plugin's own views: the export lists only the records the
user may see, rows are imported into the user's regions only, and a job is visible to the users
who see the region it was started in.
"""

from __future__ import annotations

import io
from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, request, send_file, url_for
from flask_admin import expose
from flask_login import current_user
from openpyxl import load_workbook
from sqlalchemy import select

from core import reporting, tenancy
from core.admin.views import ScopedBaseView, content_disposition, user_can_write
from core.extensions import db
from core.models.registers import ImportJob, ImportMode, ImportState
from core.registers.excel import export_workbook
from core.registers.importing import live_progress, start_job
from core.registers.spec import Register

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def estimate_rows(content: bytes) -> int:
    """Roughly how many rows the first sheet has (its declared dimension), 0 when unknown."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        try:
            return int(workbook.worksheets[0].max_row or 0)
        finally:
            workbook.close()
    except Exception:  # not a workbook: the import itself reports it
        return 0


class RegisterView(ScopedBaseView):
    """Export and import of one `Register`, with the import jobs of the user's regions."""

    def __init__(self, register: Register, *args: Any, plugin_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        if plugin_key is not None:
            self.plugin_key = plugin_key

    def visible_region_ids(self) -> frozenset[int] | None:
        """The user's regions where the register's plugin is switched on."""
        return reporting.visible_region_ids(self.plugin_key)

    def _jobs_query(self) -> Any:
        query = select(ImportJob).where(ImportJob.register_key == self.register.key)
        criterion = tenancy.scope_filter(ImportJob, self.visible_region_ids())
        return query if criterion is None else query.where(criterion)

    def _job(self, job_id: int) -> ImportJob:
        job = db.session.execute(self._jobs_query().where(ImportJob.id == job_id)).scalar_one_or_none()
        if job is None:
            abort(404)
        return job

    @expose("/")
    def index(self) -> Any:
        jobs = db.session.execute(self._jobs_query().order_by(ImportJob.id.desc()).limit(10)).scalars().all()
        return self.render(
            "fazhi/registers/index.html",
            register=self.register,
            jobs=jobs,
            modes=ImportMode.labels(),
            states=ImportState.labels(),
            can_import=user_can_write(),
        )

    @expose("/export.xlsx")
    def export(self) -> Any:
        args = {k: v for k, v in request.args.items() if v}
        records = self.register.records(self.visible_region_ids(), args)
        subtitle = "、".join(args.values())
        return self._xlsx(export_workbook(self.register, records, subtitle), self.register.title, subtitle)

    @expose("/template.xlsx")
    def template(self) -> Any:
        return self._xlsx(export_workbook(self.register, []), self.register.title, "空白模板")

    def _xlsx(self, content: bytes, title: str, subtitle: str) -> Any:
        name = f"{title}{'（' + subtitle + '）' if subtitle else ''}.xlsx"
        response = send_file(io.BytesIO(content), mimetype=XLSX_MIME, as_attachment=True, download_name=name)
        response.headers["Content-Disposition"] = content_disposition(name)
        return response

    @expose("/import", methods=["POST"])
    def import_file(self) -> Any:
        if not user_can_write():
            abort(403)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash("请选择要导入的 Excel 文件", "error")
            return redirect(url_for(".index"))
        try:
            mode = ImportMode(request.form.get("mode") or ImportMode.ALL_OR_NOTHING)
        except ValueError:
            flash("未知的导入方式", "error")
            return redirect(url_for(".index"))
        content = upload.read()
        threshold = current_app.config["FAZHI_REGISTER_BACKGROUND_ROWS"]
        job = start_job(
            self.register,
            content,
            filename=upload.filename,
            mode=mode,
            user=current_user._get_current_object(),
            scope=self.visible_region_ids(),
            background=estimate_rows(content) > threshold,
        )
        return redirect(url_for(".job", job_id=job.id))

    @expose("/jobs/<int:job_id>")
    def job(self, job_id: int) -> Any:
        job = self._job(job_id)
        return self.render(
            "fazhi/registers/job.html",
            register=self.register,
            job=job,
            progress=self._progress(job),
            states=ImportState.labels(),
            modes=ImportMode.labels(),
        )

    @expose("/jobs/<int:job_id>.json")
    def job_status(self, job_id: int) -> Any:
        return jsonify(self._progress(self._job(job_id)))

    @staticmethod
    def _progress(job: ImportJob) -> dict[str, Any]:
        db.session.refresh(job)
        status = {
            "id": job.id,
            "state": job.state,
            "state_label": ImportState.label_of(job.state),
            "phase": job.phase,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "saved": job.saved_rows,
            "error_rows": job.error_rows,
            "finished": job.finished,
            "message": job.message,
        }
        live = None if job.finished else live_progress(job.id)
        if live:
            status.update(live)
        status["percent"] = round(100 * status["processed"] / status["total"]) if status["total"] else 0
        return status
