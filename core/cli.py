"""Command line: ``flask --app wsgi init | demo | users create`` plus what plugins add."""

from __future__ import annotations

import os
import time
from typing import Any

import click
from flask import Flask, current_app
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


#: `flask demo --scale province`: the Hubei province tree instead of a multiple of the city demo.
PROVINCE_SCALE = "province"


class DemoScale(click.ParamType):
    """A positive whole number (multiple of the city demo) or ``province``."""

    name = "N|province"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int) and value >= 1:
            return value
        text = str(value).strip().lower()
        if text == PROVINCE_SCALE:
            return PROVINCE_SCALE
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(f"{value!r} 不是正整数，也不是 province", param, ctx)


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
    @click.option(
        "--scale",
        type=DemoScale(),
        default="1",
        show_default=True,
        help="演示数据规模：倍数 N（荆门市），或 province（湖北省：17个市州、100余个县市区）",
    )
    @click.option(
        "--jobs",
        type=click.IntRange(min=1),
        help="省级演示并行载入的进程数（PostgreSQL 默认每核一个；SQLite 只用一个）",
    )
    @click.option("--divisions", hidden=True, help="只载入这些市州（代码，逗号分隔；试运行用）")
    @click.option(
        "--walk-every-county",
        is_flag=True,
        help="省级演示：每个县级区划都逐条经业务操作载入（默认只载入每个市州的一个县，其余县复制它的记录）",
    )
    def demo_command(scale: int | str, jobs: int | None, divisions: str | None, walk_every_county: bool) -> None:
        """建库并载入演示数据：荆门市（默认）或湖北省（--scale province）的区划、单位、账号和各模块演示记录。"""
        from core.demo import DEMO_PASSWORD, demo_exists, load_demo_tenancy

        upgrade_database()
        if scale == PROVINCE_SCALE:
            codes = [code.strip() for code in divisions.split(",")] if divisions else None
            _province_demo(jobs, codes, copy_counties=not walk_every_county)
            return
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

    def _province_demo(jobs: int | None, codes: list[str] | None, copy_counties: bool) -> None:
        from core import demo

        if demo.province_demo_exists():
            unfinished = demo.unattached_divisions()
            if unfinished:
                names = "、".join(region.name for region in unfinished)
                raise click.ClickException(f"上次载入省级演示数据未完成（{names}）：请删除数据库后重新载入。")
            click.echo("省级演示数据已存在，未重复载入。")
            _print_province_logins(demo)
            return
        if demo.any_region_exists():
            raise click.ClickException(
                "数据库中已有行政区划（如荆门市演示数据）。省级演示数据需要空数据库："
                "请删除 instance/fazhi.sqlite3（或换一个 DATABASE_URL）后重试。"
            )
        start = time.perf_counter()
        province, trees, _logins = demo.load_province_tenancy(codes)
        regions = sum(1 + len(counties) for _, counties in trees)
        jobs = jobs or demo.default_jobs()
        click.echo(
            f"已建立{province.name}区划：{len(trees)}个市州、{regions - len(trees)}个县级区划"
            f"（{demo.elapsed_since(start)}）。载入各地演示记录（{jobs}个进程）："
        )
        with click.progressbar(
            length=regions, label="各地演示记录", show_pos=True, show_eta=True, item_show_func=lambda name: name
        ) as bar:
            demo.load_province_records(
                current_app._get_current_object(),  # type: ignore[attr-defined]
                host,
                province,
                trees,
                scale=1,
                jobs=jobs,
                on_region=lambda name: bar.update(1, name),
                copy_counties=copy_counties,
            )
        counts = demo.record_counts()
        click.echo(f"载入完成，用时 {demo.elapsed_since(start)}，共 {sum(counts.values()):,} 条记录：")
        for group, tables in _grouped(counts, host):
            total = sum(n for _, n in tables)
            biggest = "，".join(f"{name} {n:,}" for name, n in sorted(tables, key=lambda t: -t[1])[:4])
            click.echo(f"  {group:<14} {total:>9,}（{biggest}）")
        _print_province_logins(demo)

    def _grouped(counts: dict[str, int], host: PluginHost) -> list[tuple[str, list[tuple[str, int]]]]:
        keys = sorted(host.plugins, key=len, reverse=True)
        groups: dict[str, list[tuple[str, int]]] = {}
        for table, n in counts.items():
            group = next((key for key in keys if table.startswith(f"{key}_") or table == key), "core")
            groups.setdefault(group, []).append((table, n))
        return sorted(groups.items(), key=lambda item: (item[0] != "core", item[0]))

    def _print_province_logins(demo: Any) -> None:
        click.echo(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        click.echo(
            "  admin（系统管理员）、province_admin（区域管理员）、province_staff（工作人员）、leader（只读）：湖北省"
        )
        click.echo("  各市州和县（市、区）：<拼音>_admin（区域管理员）、<拼音>_staff（工作人员）")
        with unscoped():
            codes = [code for _, code, _, _ in demo.DIVISIONS]
            loaded = set(db.session.execute(select(Region.code).where(Region.code.in_(codes))).scalars())
        for name, code, login, counties in demo.DIVISIONS:
            if code not in loaded:
                continue
            logins = "、".join(county_login for _, _, county_login, _ in counties)
            click.echo(f"  {name} {login}" + (f"；{logins}" if logins else ""))

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
