"""The circulars' admin: drafts with their sections, the preview, publishing with progress, downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms.validators import ValidationError

from core import tenancy
from core.admin.views import ScopedModelView, content_disposition
from core.circulars.access import readable
from core.circulars.compose import compose, document_of
from core.circulars.models import Circular, CircularSection, CircularState
from core.circulars.publishing import PublishError, read_published_pdf, request_publish, today_in_china
from core.circulars.render import render_html
from core.extensions import db
from core.models.tenancy import Region


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
        "year": _l("年度"),
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
        "addressees": _l("发送范围"),
    }
    column_descriptions = {
        "addressees": _l("印发后可阅读和下载本通报的区划（含其下级）；不选即本级及全部下级区划"),
    }
    column_formatters = {
        "number": lambda v, c, m, p: (
            gettext("%(year)s年第%(number)s期", year=m.year, number=m.number) if m.number else "—"
        ),
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
        "addressees",
        "copies",
        "corrects",
    ]
    inline_models = [SectionInline(CircularSection)]
    details_template = "fazhi/circulars/details.html"
    can_export = False

    def _scope(self, query: Any) -> Any:
        # Own region's circulars as every record, plus the published ones sent to the user's region
        # (core.circulars.access). The criterion is complete, so the safety net steps aside for it.
        visible = self.visible_region_ids()
        if visible is None:
            return query
        return query.filter(readable(visible, current_user.region)).execution_options(fazhi_unscoped=True)

    def is_record_locked(self, model: Circular) -> str | None:
        """Published circulars are frozen (a correction is another issue); one being rendered waits.

        A circular another region sent to the user's region is read only for them in any state."""
        if not tenancy.is_visible(model):
            return "这是上级发来的通报，只能阅读和下载。"
        if model.state == CircularState.PUBLISHED:
            return "已印发的通报不能修改或删除；如需更正，请另发一期更正通报。"
        if model.state == CircularState.PUBLISHING:
            return "通报正在生成 PDF 并编号，不能修改或删除。"
        return None

    def on_model_change(self, form: Any, model: Circular, is_created: bool) -> None:
        if not is_created and model.state != CircularState.DRAFT:
            raise ValidationError(gettext("已印发或正在生成的通报不能修改；更正请另发一期"))
        if model.period_start and model.period_end and model.period_start > model.period_end:
            raise ValidationError(gettext("起始日期不能晚于截止日期"))
        super().on_model_change(form, model, is_created)
        issuer = model.region if model.region is not None else db.session.get(Region, model.region_id)
        for addressee in model.addressees:
            # Sent downward only: a region above or beside the issuer is not its addressee.
            if issuer is not None and not addressee.path.startswith(issuer.path):
                raise ValidationError(
                    gettext(
                        "发送范围只能是%(issuer)s或其下级区划，%(addressee)s不是",
                        issuer=issuer.name,
                        addressee=addressee.name,
                    )
                )
        for section in model.sections:
            section.region_id = model.region_id if model.region_id is not None else model.region.id
            if section.level not in (1, 2, 3, 4):
                raise ValidationError(gettext("段落“%(heading)s”的层次只能是1至4", heading=section.heading))

    def after_model_change(self, form: Any, model: Circular, is_created: bool) -> None:
        if is_created:
            for warning in compose(model):
                flash(warning, "warning")
            db.session.commit()

    def on_model_delete(self, model: Circular) -> None:
        if model.state != CircularState.DRAFT:
            raise ValidationError(gettext("已印发的通报不能删除"))

    def preview_html(self, circular: Circular) -> str:
        """The circular as the PDF will print it (HTML, same content), for an iframe.

        A plain string, not Markup: the page puts it in the iframe's srcdoc attribute, whose `|e`
        must escape it (Markup would pass unescaped, end the attribute at its first quote and
        spill the document, stylesheet included, into the admin page).
        """
        if circular.state == CircularState.PUBLISHED and circular.frozen:
            document = document_of(circular)
        else:
            document = document_of(circular, number=circular.number or 1, issue_date=today_in_china())
        return render_html(document)

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
        flash(gettext("正在生成 PDF，完成后自动编号印发"), "info")
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
        flash(gettext("已按各模块最新数据重新生成段落"), "success")
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


def _mentions_panel(record: Any) -> Any:
    """ "The circulars in which this unit/notice appears": records that offer `circular_mention()`."""
    from flask import render_template

    from core.circulars.compose import circulars_mentioning
    from core.panels import Panel

    mention = getattr(record, "circular_mention", None)
    if mention is None:
        return None
    html = render_template("fazhi/circulars/mentions.html", circulars=circulars_mentioning(mention()))
    return Panel(key="circulars", title="出现在以下政府情况通报中", html=Markup(html))


def record_panels() -> list[Any]:
    """The mentions panel, on every record page (returned by the builtin plugin)."""
    from core.panels import RecordPanel

    return [RecordPanel("circulars", _mentions_panel, order=50)]
