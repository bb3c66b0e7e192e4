"""The command line: init and demo on an empty database, both safe to run twice."""

from __future__ import annotations

from sqlalchemy import func, select

from core.extensions import db
from core.models import Region, User
from core.tenancy import unscoped
from core.testing.fixtures import make_app


def test_init_then_demo_on_an_empty_database(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}", plugins=[])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init", "--password", "Admin2026x"])
    assert result.exit_code == 0, result.output
    assert "已创建系统管理员 admin" in result.output
    again = runner.invoke(args=["init", "--password", "Admin2026x"])
    assert again.exit_code == 0 and "跳过" in again.output
    weak = make_app(f"sqlite:///{tmp_path / 'weak.sqlite3'}", plugins=[]).test_cli_runner()
    refused = weak.invoke(args=["init", "--password", "123"])
    assert refused.exit_code != 0 and "密码至少" in refused.output


def test_demo_loads_once_and_prints_logins(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'demo.sqlite3'}", plugins=[])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "dongbao_staff" in first.output and "Fazhi2026!" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "未重复载入" in second.output
    with app.app_context(), unscoped():
        assert db.session.execute(select(func.count()).select_from(Region).where(Region.code == "420800")).scalar() == 1
        assert db.session.execute(select(func.count()).select_from(User)).scalar() == 20


def test_users_create(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'users.sqlite3'}", plugins=[])
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "zhangsan",
            "--role",
            "viewer",
            "--region-code",
            "420882",
            "--password",
            "Zhangsan2026",
            "--full-name",
            "张三",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context(), unscoped():
        user = db.session.execute(select(User).where(User.username == "zhangsan")).scalar_one()
        assert user.region.name == "京山市" and user.role == "viewer"
    duplicate = runner.invoke(args=["users", "create", "zhangsan", "--region-code", "420882", "--password", "Abc12345"])
    assert duplicate.exit_code != 0 and "已存在" in duplicate.output
