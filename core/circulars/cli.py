"""``flask circulars worker`` renders what is waiting; ``publish-job ID`` renders one circular now."""

from __future__ import annotations

import signal

import click
from flask.cli import AppGroup

from core.audit import acting_as

circulars_group = AppGroup("circulars", help="政府情况通报。")


@circulars_group.command("publish-job")
@click.argument("circular_id", type=int)
def publish_job(circular_id: int) -> None:
    """编号、生成并保存一期通报（由“印发”按钮在后台启动）。"""
    from core.circulars.publishing import publish_circular

    with acting_as(None):
        circular = publish_circular(circular_id)
    if circular is None:
        raise click.ClickException(f"没有编号为 {circular_id} 的通报")
    click.echo(f"{circular.id}: {circular.state} {circular.year or ''} {circular.number or ''} {circular.last_error}")


@circulars_group.command("worker")
@click.option("--idle-exit", type=float, default=None, help="无任务多少秒后退出（默认一直运行）")
@click.option("--once", is_flag=True, help="处理完当前等待的通报后退出")
def worker(idle_exit: float | None, once: bool) -> None:
    """常驻进程：依次生成等待印发的通报（字体和样式只加载一次）。"""
    from core.circulars.publishing import run_worker

    # SIGTERM (systemd, honcho on Ctrl+C) and SIGINT stop it between two circulars.
    stop_requested: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop_requested.append(1))
    with acting_as(None):
        done = run_worker(idle_exit=idle_exit, once=once, stopping=lambda: bool(stop_requested))
    click.echo(f"rendered {done} circular(s)")
