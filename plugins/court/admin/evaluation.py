"""The court plugin's figures pages: 出庭应诉统计 (rates with their counts), 年度考评 and its items."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from wtforms import FloatField, SelectField
from wtforms.validators import Optional as OptionalValidator
from wtforms.validators import ValidationError

from core import clock, tenancy
from core.admin import ScopedBaseView
from core.extensions import db
from core.i18n import say
from core.models import Region
from core.periods import Period
from core.refusals import Refusal
from plugins.court import checks, evaluation
from plugins.court.admin.base import PLUGIN_KEY, CourtView
from plugins.court.models import Evaluation, EvaluationItem, EvaluationLine

# -- annual evaluation ----------------------------------------------------------------------------


class EvaluationItemView(CourtView):
    """考评项目: the office's score sheet items (local practice, configurable)."""

    admin_only = True
    column_list = ["metric", "label", "max_points", "per_record", "sort_order", "active", "region"]
    column_labels = {
        "metric": "计算方法",
        "label": "项目名称",
        "max_points": "分值",
        "per_record": "每次扣分",
        "sort_order": "排序",
        "active": "启用",
        "region": "所属区划",
    }
    column_formatters = {"metric": lambda v, c, m, n: say(evaluation.METRICS.get(m.metric, (m.metric,))[0])}
    form_columns = ["region", "metric", "label", "max_points", "per_record", "sort_order", "active"]
    # SQLAlchemy 2.1's Float is no Numeric any more, so Flask-Admin 2.2 finds no converter for it.
    form_overrides = {"metric": SelectField, "max_points": FloatField, "per_record": FloatField}
    form_args = {
        "metric": {"choices": [(key, label) for key, (label, _fn) in evaluation.METRICS.items()]},
        "per_record": {"validators": [OptionalValidator()], "default": 0.0},
    }

    def on_model_change(self, form: Any, model: EvaluationItem, is_created: bool) -> None:
        if model.max_points is None or model.max_points <= 0:
            raise Refusal("max_points", say("须大于零"), label=say("分值"))
        model.per_record = model.per_record or 0.0
        if model.per_record < 0:
            raise Refusal("per_record", say("不能为负数"), label=say("每次扣分"))
        super().on_model_change(form, model, is_created)


class EvaluationView(CourtView):
    """年度考评: one sheet per agency and year, computed from the records; adjust with a reason."""

    can_edit = False
    column_list = ["year", "unit", "total", "max_total", "computed_at", "region"]
    column_labels = {
        "year": "年度",
        "unit": "单位",
        "total": "得分",
        "max_total": "满分",
        "computed_at": "计算时间",
        "region": "所属区划",
        "unit.name": "单位",
    }
    column_default_sort = ("year", True)
    column_filters = ["year", "unit.name"]
    column_details_list = ["year", "unit", "total", "max_total", "computed_at", "region"]
    form_columns = ["unit", "year"]
    column_formatters = {"computed_at": lambda v, c, m, n: clock.local_minute(m.computed_at)}

    def on_model_change(self, form: Any, model: Evaluation, is_created: bool) -> None:
        if model.unit is None:
            raise Refusal("unit", say("请选择单位"), label=say("单位"))
        if model.year is None or not 2000 <= model.year <= checks.today().year:
            raise Refusal("year", say("年度无效"), label=say("年度"))
        model.region_id = model.unit.region_id
        if evaluation.evaluation_of(model.unit, model.year) not in (None, model):
            raise Refusal(
                "year",
                say("%(unit)s%(year)s年度的考评已存在，请打开后重新计算", unit=model.unit.name, year=model.year),
                label=say("年度"),
            )
        super().on_model_change(form, model, is_created)
        evaluation.recompute(model)

    @expose("/recompute/<int:evaluation_id>", methods=["POST"])
    def recompute_view(self, evaluation_id: int) -> Any:
        """Compute the sheet again from the records (adjustments are kept)."""
        sheet = self.get_one(str(evaluation_id))
        if not current_user.can_write:
            abort(403)
        evaluation.recompute(sheet)
        db.session.commit()
        flash(say("已重新计算：%(points)s 分", points=f"{sheet.total:g}"), "success")
        return redirect(url_for(".details_view", id=evaluation_id))

    @expose("/adjust/<int:line_id>", methods=["POST"])
    def adjust_view(self, line_id: int) -> Any:
        """Adjust one line's points with a recorded reason."""
        line = db.session.get(EvaluationLine, line_id)
        if line is None or not tenancy.is_visible(line):
            abort(404)
        sheet = self.get_one(str(line.evaluation_id))  # the sheet itself must be in scope
        if not current_user.can_write:
            abort(403)
        try:
            points = float(request.form.get("adjustment", ""))
        except ValueError:
            flash(say("调整分值：请填写数字（减分用负数）"), "error")
            return redirect(url_for(".details_view", id=sheet.id))
        try:
            evaluation.adjust(line, points=points, reason=request.form.get("reason", ""), user=current_user)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".details_view", id=sheet.id))
        flash(say("已调整“%(item)s”：%(points)s 分", item=line.label, points=f"{line.points:g}"), "success")
        return redirect(url_for(".details_view", id=sheet.id))

    @expose("/compute-all/", methods=["POST"])
    def compute_all(self) -> Any:
        """Compute the sheets of every agency of the user's region for a year."""
        if not current_user.can_write:
            abort(403)
        try:
            year = int(request.form.get("year", ""))
            region = db.session.get(Region, int(request.form.get("region", current_user.region_id)))
        except ValueError:
            abort(400)
        scope = tenancy.current_scope()
        if region is None or (scope is not None and region.id not in scope):
            abort(404)
        sheets = evaluation.evaluate_region(region, year)
        db.session.commit()
        flash(
            say(
                "已计算%(region)s %(year)s 年度 %(count)s 个单位的考评",
                region=region.name,
                year=year,
                count=len(sheets),
            ),
            "success",
        )
        return redirect(url_for("court_statistics.index", year=year, region=region.id))


# -- the statistics page --------------------------------------------------------------------------


class StatisticsView(ScopedBaseView):
    """出庭应诉统计: the appearance rate per region, per agency and per year, with its counts."""

    plugin_key = PLUGIN_KEY

    @expose("/")
    def index(self) -> Any:
        from plugins.court import indicators

        this_year = checks.today().year
        try:
            year = int(request.args.get("year", this_year))
        except ValueError:
            year = this_year
        region = current_user.region
        if request.args.get("region"):
            try:
                wanted = db.session.get(Region, int(request.args["region"]))
            except ValueError:
                wanted = None
            scope = tenancy.current_scope()
            if wanted is None or (scope is not None and wanted.id not in scope):
                abort(404)
            region = wanted
        period = Period.year(year)
        # (label, region, figures, whether the row is the region's own agencies only)
        rows = [(say("%(region)s（合计）", region=region.name), region, indicators.figures_for(region, period), False)]
        own = indicators.figures_for(region, period, own_only=True)
        rows.append((say("%(region)s本级机关", region=region.name), region, own, True))
        for child in region.children:
            rows.append((child.name, child, indicators.figures_for(child, period), False))
        return self.render(
            "court/statistics.html",
            region=region,
            year=year,
            years=list(range(this_year, this_year - 13, -1)),
            rows=rows,
            units=indicators.figures_by_unit(region, period),
            observations=indicators.observations_count(region, period),
            criticised=indicators.criticised_units(region, period),
            ranking=evaluation.ranking(region, year),
            can_compute=current_user.can_write,
        )
