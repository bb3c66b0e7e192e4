"""``flask events work | status | replay``: the worker and its companions on the command line."""

from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from core.events.models import DeliveryState, EventDelivery
from core.events.replay import replay_dead, replay_events
from core.events.worker import Worker
from core.extensions import db
from core.heartbeats import Heartbeat
from core.models.base import utcnow
from core.tenancy import unscoped

events_group = AppGroup("events", help="事件总线：投递进程、状态、重新投递。")


@events_group.command("work")
@click.option("--once", is_flag=True, help="投递当前到期的全部事件后退出（适合 cron）。")
@click.option("--batch", type=click.IntRange(min=1), default=None, help="每批认领的投递数（默认 FAZHI_EVENT_BATCH）。")
@click.option("--max-batches", type=click.IntRange(min=1), default=None, help="与 --once 同用：最多处理的批数。")
def work_command(once: bool, batch: int | None, max_batches: int | None) -> None:
    """运行事件投递进程：认领到期的投递并执行，失败按退避重试，多次失败转入死信。"""
    if not logging.getLogger().handlers:  # a service's log shows each batch and each failure
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    worker = Worker(current_app._get_current_object(), batch=batch)  # type: ignore[attr-defined]
    # SIGTERM (systemd, docker stop) lets the batch in progress finish; SIGKILL is safe too.
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    if once:
        click.echo(str(worker.drain(max_batches)))
        return
    # A long-running worker reports itself to /healthz; a cron run (--once) does not.
    worker.heartbeat = heartbeat = Heartbeat("events")
    try:
        report = worker.run_forever()
    finally:
        heartbeat.stop()
    click.echo(str(report))


@events_group.command("status")
def status_command() -> None:
    """按状态统计投递记录。"""
    with unscoped():
        counts = dict(db.session.execute(select(EventDelivery.state, func.count()).group_by(EventDelivery.state)).all())
        due = db.session.execute(
            select(func.count())
            .select_from(EventDelivery)
            .where(
                EventDelivery.state.in_([DeliveryState.PENDING.value, DeliveryState.FAILED.value]),
                EventDelivery.next_attempt_at <= utcnow(),
            )
        ).scalar_one()
    for state in DeliveryState:
        click.echo(f"{state.value:<10} {counts.get(state.value, 0)}")
    click.echo(f"{'due now':<10} {due}")


@events_group.command("replay")
@click.option("--dead", "which", flag_value="dead", default=True, help="重新投递全部死信（默认）。")
@click.option("--all", "which", flag_value="all", help="重新投递全部事件的全部投递（处理函数须幂等）。")
def replay_command(which: str) -> None:
    """把投递记录重置为待投递（记入全程纪实），由投递进程重新执行。"""
    count = replay_dead() if which == "dead" else replay_events()
    db.session.commit()
    click.echo(f"已重置 {count} 条投递记录。")
