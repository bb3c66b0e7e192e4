"""``flask dashboard recount``: forget the kept figures and count them again from the records."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from core import clock
from core.audit import acting_as
from core.dashboard import indicators_for, recount
from core.extensions import db
from core.models import Region
from core.tenancy import unscoped

dashboard_group = AppGroup("dashboard", help="首页指标：清除保存的指标并按记录重新计算。")


@dashboard_group.command("recount")
@click.option("--region-code", help="打印该区划的重算结果（默认顶级区划）。")
@click.option("--year", type=int, default=None, help="年度（默认今年）。")
def recount_command(region_code: str | None, year: int | None) -> None:
    """清除所有应用服务器保存的首页指标（下次访问按记录重新计算），并打印重算结果。"""
    with unscoped(), acting_as(None):
        recount()
        db.session.commit()
        query = (
            select(Region).where(Region.code == region_code)
            if region_code
            else select(Region).where(Region.parent_id.is_(None))
        )
        regions = db.session.execute(query.order_by(Region.id)).scalars().all()
        if not regions:
            raise click.UsageError(f"没有区划代码为 {region_code} 的区划。")
        year = year or clock.today().year
        for region in regions:
            click.echo(f"{region.name}（{year}年）：")
            for title, indicator in indicators_for(region, year):
                click.echo(f"  {title} · {indicator.label}：{indicator.display()}")
    click.echo("已清除保存的首页指标；各应用服务器下次访问时按记录重新计算。")
