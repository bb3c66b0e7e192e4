"""The circulars' admin: drafts with their sections, the preview, publishing with progress, downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms.validators import ValidationError

from core.admin.views import ScopedModelView, content_disposition
from core.circulars.compose import compose, document_of
from core.circulars.models import Circular, CircularSection, CircularState
from core.circulars.publishing import PublishError, read_published_pdf, request_publish, today_in_china
from core.circulars.render import render_html
from core.extensions import db


class SectionInline(InlineFormAdmin):
    """Sections edited on the circular's form: order, heading, level, text, included."""

    form_columns = ["id", "position", "heading", "level", "body", "included"]
    form_label = "通报段落"
    column_labels = {
        "position": "顺序",
        "heading": "标题",
        "level": "层次（1–4）",
        "body": "正文（每行一段）",
        "included": "印发时包含",
    }


class CircularView(ScopedModelView):
    """政府情况通报: drafts composed from the modules, published once, downloaded as PDF."""

    column_list = ["number", "title", "state", "period_end", "published_at", "region"]
    column_labels = {
        "number": _l("期号"),
        "title": _l("标题"),
        "state": _l("状态"),
        "period_start": _l("起始日期"),
        "period_end": _l("截止日期"),
        "published_at": _l("印发时间"),
        "region": _l("区划"),
        "issuing_office": _l("印发机关"),
        "report_to": _l("报"),
        "send_to": _l("送"),
        "distribute_to": _l("发"),
        "copies": _l("印数"),
        "corrects": _l("更正的通报"),
    }
    column_formatters = {
        "number": lambda v, c, m, p: f"{m.year}年第{m.number}期" if m.number else "—",
        "state": lambda v, c, m, p: CircularState.label_of(m.state),
    }
    column_filters = ["state", "year"]
    column_searchable_list = ["title"]
    column_default_sort = ("id", True)
    form_columns = [
        "title",
        "issuing_office",
        "region",
        "period_start",
        "period_end",
        "report_to",
        "send_to",
        "distribute_to",
        "copies",
        "corrects",
    ]
    inline_models = [SectionInline(CircularSection)]
    details_template = "fazhi/circulars/details.html"
    can_export = False

    def on_model_change(self, form: Any, model: Circular, is_created: bool) -> None:
        if not is_created and model.state != CircularState.DRAFT:
            raise ValidationError("已印发或正在生成的通报不能修改；更正请另发一期")
        if model.period_start and model.period_end and model.period_start > model.period_end:
            raise ValidationError("起始日期不能晚于截止日期")
        super().on_model_change(form, model, is_created)
        for section in model.sections:
            section.region_id = model.region_id if model.region_id is not None else model.region.id
            if section.level not in (1, 2, 3, 4):
                raise ValidationError(f"段落“{section.heading}”的层次只能是1至4")

    def after_model_change(self, form: Any, model: Circular, is_created: bool) -> None:
        if is_created:
            for warning in compose(model):
                flash(warning, "warning")
            db.session.commit()

    def on_model_delete(self, model: Circular) -> None:
        if model.state != CircularState.DRAFT:
            raise ValidationError("已印发的通报不能删除")

    def preview_html(self, circular: Circular) -> Markup:
        """The circular as the PDF will print it (HTML, same content), for an iframe."""
        if circular.state == CircularState.PUBLISHED and circular.frozen:
            document = document_of(circular)
        else:
            document = document_of(circular, number=circular.number or 1, issue_date=today_in_china())
        return Markup(render_html(document))

    @expose("/publish/", methods=["POST"])
    def publish_view(self) -> Any:
        circular = self.get_one(request.form.get("id", ""))
        back = url_for(".details_view", id=circular.id)
        if not self.can_edit:
            abort(403)
        try:
            request_publish(circular, current_user)
        except PublishError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(back)
        flash("正在生成 PDF，完成后自动编号印发", "info")
        return redirect(back)

    @expose("/recompose/", methods=["POST"])
    def recompose_view(self) -> Any:
        circular = self.get_one(request.form.get("id", ""))
        if not self.can_edit or circular.state != CircularState.DRAFT:
            abort(403)
        warnings = compose(circular)
        db.session.commit()
        for warning in warnings:
            flash(warning, "warning")
        flash("已按各模块最新数据重新生成段落", "success")
        return redirect(url_for(".details_view", id=circular.id))

    @expose("/status/")
    def status_view(self) -> Any:
        circular = self.get_one(request.args.get("id", ""))
        return {"state": circular.state, "number": circular.number, "error": circular.last_error}

    @expose("/download/")
    def download_view(self) -> Any:
        circular = self.get_one(request.args.get("id", ""))
        try:
            content = read_published_pdf(circular)
        except PublishError as exc:
            abort(404, description=str(exc))
        name = f"{circular.year}年第{circular.number}期 {circular.title}.pdf"
        response = Response(content, mimetype="application/pdf")
        response.headers["Content-Disposition"] = content_disposition(name)
        response.headers["X-Content-SHA256"] = circular.pdf_sha256 or ""
        return response


def circular_admin_views() -> list[Any]:
    """The core's circular views (registered by the builtin plugin)."""
    return [CircularView(Circular, name=_l("政府情况通报"), endpoint="circulars")]


_MENTIONS = """
<ul class="mb-0">
{% for c in circulars %}
  <li><a href="{{ url_for('circulars.details_view', id=c.id) }}">{{ c.year }}年第{{ c.number }}期 {{ c.title }}</a>
      （{{ c.issue_date }}）</li>
{% else %}
  <li class="text-muted">尚未出现在已印发的通报中</li>
{% endfor %}
</ul>
"""


def _mentions_panel(record: Any) -> Any:
    """ "The circulars in which this unit/notice appears": records that offer `circular_mention()`."""
    from flask import render_template_string

    from core.circulars.compose import circulars_mentioning
    from core.panels import Panel

    mention = getattr(record, "circular_mention", None)
    if mention is None:
        return None
    html = render_template_string(_MENTIONS, circulars=circulars_mentioning(mention()))
    return Panel(key="circulars", title="出现在以下政府情况通报中", html=Markup(html))


def record_panels() -> list[Any]:
    """The mentions panel, on every record page (returned by the builtin plugin)."""
    from core.panels import RecordPanel

    return [RecordPanel("circulars", _mentions_panel, order=50)]
