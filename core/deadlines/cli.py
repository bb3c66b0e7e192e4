"""``flask deadlines scan | recompute``."""

from __future__ import annotations

import datetime as dt
import signal
import time

import click
from flask.cli import AppGroup

from core.extensions import db
from core.heartbeats import Heartbeat

deadlines_group = AppGroup("deadlines", help="期限：到期预警与逾期扫描、按新日历重算。")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"日期格式应为 YYYY-MM-DD：{value}") from exc


@deadlines_group.command("scan")
@click.option("--today", help="按指定日期扫描（YYYY-MM-DD，默认今天）。")
@click.option(
    "--warning-days",
    type=click.IntRange(min=0),
    default=None,
    help="提前多少个工作日预警（默认 FAZHI_DEADLINE_WARNING_DAYS）。",
)
@click.option(
    "--deliver/--no-deliver", default=True, show_default=True, help="提交后立即投递事件（否则留给 flask events work）。"
)
@click.option(
    "--every",
    type=click.IntRange(min=60),
    default=None,
    help="常驻运行，每隔多少秒扫描一次（可代替 cron；每个期限仍只通报一次）。",
)
def scan_command(today: str | None, warning_days: int | None, deliver: bool, every: int | None) -> None:
    """发布即将到期（core.deadline.approaching）和已逾期（core.deadline.missed）事件，每个期限各一次。"""
    stopping: list[int] = []
    if not every:
        _scan_once(today, warning_days, deliver)
        return
    # SIGTERM (systemd, docker stop) ends the loop between scans; /healthz sees the beats.
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    pulse = Heartbeat("deadline_scan")
    try:
        while not stopping:
            pulse()
            _scan_once(today, warning_days, deliver)
            slept = 0
            while slept < every and not stopping:
                pulse()
                time.sleep(1)
                slept += 1
    finally:
        pulse.stop()


def _scan_once(today: str | None, warning_days: int | None, deliver: bool) -> None:
    from core.deadlines.scan import scan

    report = scan(_date(today), warn_days=warning_days)
    db.session.commit()
    if deliver:
        from core.events import deliver_committed

        deliver_committed()
    click.echo(str(report))


@deadlines_group.command("recompute")
@click.option("--year", type=int, default=None, help="同时重算期间与该年度重叠的进行中期限。")
@click.option("--all", "include_all", is_flag=True, help="重算全部进行中的期限（日历更正后使用）。")
def recompute_command(year: int | None, include_all: bool) -> None:
    """按当前工作日历重新计算暂定期限（及指定范围内的期限）。"""
    from core.deadlines.recompute import recompute_deadlines

    report = recompute_deadlines(year=year, include_all=include_all)
    db.session.commit()
    from core.events import deliver_committed

    deliver_committed()
    click.echo(str(report))
