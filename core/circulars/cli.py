"""``flask circulars publish-job ID``: the render job a publish starts in its own process."""

from __future__ import annotations

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
