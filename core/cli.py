"""Command line: ``flask --app wsgi init | demo | users create`` plus what plugins add."""

from __future__ import annotations

import os

import click
from flask import Flask
from sqlalchemy import select

from core.audit import acting_as
from core.extensions import db
from core.migrations_config import upgrade_database
from core.models import Region, RegionLevel, Role, Unit, User
from core.passwords import hash_password, password_problem
from core.plugins.host import PluginHost
from core.refusals import present_refusals_on
from core.tenancy import unscoped


def create_user(
    username: str, password: str, role: str, region: Region, full_name: str = "", unit: Unit | None = None
) -> User:
    """Create a user (the caller commits); refuses weak passwords and taken names."""
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="password")
    with unscoped():
        if db.session.execute(select(User.id).where(User.username == username)).first():
            raise click.BadParameter(f"用户名 {username} 已存在", param_hint="username")
        user = User(
            username=username,
            full_name=full_name,
            role=Role(role),
            region_id=region.id,
            unit_id=unit.id if unit else None,
            password_hash=hash_password(password),
        )
        db.session.add(user)
    return user


def init_cli(app: Flask, host: PluginHost) -> None:
    """Register the core's commands and the plugins' (`register_cli_commands`)."""

    @app.cli.command("init")
    @click.option("--region-name", default="荆门市", show_default=True, help="根行政区划名称")
    @click.option("--region-code", default="420800", show_default=True, help="根行政区划代码")
    @click.option("--admin", "admin_name", default="admin", show_default=True)
    @click.option("--password", envvar="FAZHI_ADMIN_PASSWORD", help="首个管理员密码（或环境变量 FAZHI_ADMIN_PASSWORD）")
    def init_command(region_name: str, region_code: str, admin_name: str, password: str | None) -> None:
        """建库（迁移到最新）并创建根区划和首个系统管理员。"""
        upgrade_database()
        with unscoped(), acting_as(None):
            if db.session.execute(select(User.id)).first():
                click.echo("数据库已初始化，跳过创建管理员。")
                return
            if not password:
                password = click.prompt("管理员密码", hide_input=True, confirmation_prompt=True)
            region = Region(name=region_name, code=region_code or None, level=RegionLevel.CITY)
            db.session.add(region)
            db.session.flush()
            create_user(admin_name, password, Role.SYSTEM_ADMIN, region, "系统管理员")
            db.session.commit()
        click.echo(f"已创建系统管理员 {admin_name}（{region_name}）。")

    @app.cli.command("demo")
    @click.option("--scale", default=1, show_default=True, help="演示数据规模倍数")
    def demo_command(scale: int) -> None:
        """建库并载入荆门市演示数据（区划、单位、各县管理员和工作人员、各模块演示记录）。"""
        from core.demo import DEMO_PASSWORD, demo_exists, load_demo_tenancy

        upgrade_database()
        if demo_exists():
            click.echo("演示数据已存在，未重复载入。")
            _print_logins(DEMO_PASSWORD)
            return
        city, counties, _logins = load_demo_tenancy()
        with unscoped(), acting_as(None):
            for region in [city, *counties]:
                host.call_each("load_demo_data", ctx=None, region=region, scale=scale)
                db.session.commit()
        _print_logins(DEMO_PASSWORD)

    def _print_logins(password: str) -> None:
        with unscoped():
            users = db.session.execute(select(User).order_by(User.id)).scalars().all()
            click.echo(f"演示账号（密码均为 {password}）：")
            for user in users:
                click.echo(f"  {user.username:<18} {user.region.name:<8} {user.role}")

    @app.cli.group("users")
    def users_group() -> None:
        """用户管理。"""

    @users_group.command("create")
    @click.argument("username")
    @click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.STAFF.value, show_default=True)
    @click.option("--region-code", help="所属区划代码")
    @click.option("--region-name", help="所属区划名称（无代码的功能区）")
    @click.option("--full-name", default="")
    @click.option("--password", default=lambda: os.environ.get("FAZHI_USER_PASSWORD"))
    def users_create(
        username: str, role: str, region_code: str | None, region_name: str | None, full_name: str, password: str | None
    ) -> None:
        """创建用户。"""
        with unscoped(), acting_as(None):
            query = select(Region)
            if region_code:
                query = query.where(Region.code == region_code)
            elif region_name:
                query = query.where(Region.name == region_name)
            else:
                raise click.UsageError("请用 --region-code 或 --region-name 指定所属区划")
            region = db.session.execute(query).scalar_one_or_none()
            if region is None:
                raise click.UsageError("找不到该行政区划")
            if not password:
                password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
            create_user(username, password, role, region, full_name)
            db.session.commit()
        click.echo(f"已创建用户 {username}")

    host.call_each("register_cli_commands", cli=app.cli)
    present_refusals_on(app.cli)
