"""The plugin host: every hook reaches the test plugin; broken plugins leave the suite running."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.circulars.render import Section
from core.extensions import db
from core.models import Region
from core.panels import get_panels
from core.periods import Period
from core.plugins import get_host
from tests.plugins.hookcheck import plugin as hookcheck
from tests.plugins.hookcheck.models import InspectionObject

HOOKCHECK = "tests.plugins.hookcheck.plugin"


@pytest.fixture
def plugins():
    return [HOOKCHECK, "tests.plugins.broken_import", "tests.plugins.broken_hooks", "tests.plugins.misspelt"]


def test_every_hookspec_is_implemented_by_the_test_plugin():
    from core import hookspecs

    specs = {name for name in dir(hookspecs) if getattr(getattr(hookspecs, name), "fazhi_spec", None) is not None}
    implemented = {name for name in dir(hookcheck) if getattr(getattr(hookcheck, name), "fazhi_impl", None) is not None}
    assert specs, "no hookspecs found"
    assert specs == implemented


@pytest.mark.parametrize("plugin", ["admin_review", "court", "counsel", "contracts", "supervision"])
def test_domain_plugins_declare_the_hookspecs_types(plugin):
    """A plugin's hook takes the arguments its spec names, typed as the spec types them (the
    annotations as written: `from __future__ import annotations` keeps them as text)."""
    import importlib
    import inspect

    from core import hookspecs

    module = importlib.import_module(f"plugins.{plugin}.plugin")
    hooks = [f for _name, f in inspect.getmembers(module, inspect.isfunction) if hasattr(f, "fazhi_impl")]
    assert hooks
    for hook in hooks:
        spec = getattr(hookspecs, hook.__name__).__annotations__
        for argument, annotation in hook.__annotations__.items():
            assert annotation == spec[argument], f"{plugin}.{hook.__name__}: {argument} is {annotation}"


def test_hooks_are_called_with_their_context(app, login_as):
    host = get_host(app)
    assert list(host.plugins) == ["core", "hookcheck", "broken_hooks"]
    assert "register_admin_views:hookcheck" in hookcheck.calls
    assert app.config["HOOKCHECK_SAW_APP"] is True  # app_created
    assert any(
        str(p).endswith("hookcheck/migrations")
        for p in __import__("core.migrations_config", fromlist=["x"]).version_locations(host)
    )  # register_migrations
    with app.app_context():
        handlers = dict(host.collect("register_event_handlers"))
        assert "hookcheck" in handlers
        host.call_each("register_notice_rules")
        host.call_each("scan_deadlines", ctx=None, now=None)
        assert {"register_notice_rules", "scan_deadlines"} <= set(hookcheck.calls)
        region = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        host.call_each("load_demo_data", ctx=None, region=region, scale=1)
        db.session.commit()
        sections = host.collect("collect_circular_sections", ctx=None, region=region, period=Period.year(2024))
        assert sections == [("hookcheck", Section("检查对象", paragraphs=["东宝区"]))]
    client = login_as("dongbao_staff")
    assert client.get("/hookcheck/ping").get_data(as_text=True) == "pong"  # register_blueprints
    home = client.get("/admin/").get_data(as_text=True)
    assert "检查对象数" in home and ">3<" in home.replace(" ", "")  # collect_indicators, scoped to 东宝区
    assert client.get("/admin/inspection_objects/").status_code == 200  # register_admin_views
    with app.app_context():
        obj_id = db.session.execute(select(InspectionObject.id).order_by(InspectionObject.id)).scalars().first()
    details = client.get(f"/admin/inspection_objects/details/?id={obj_id}").get_data(as_text=True)
    assert "register_record_panels:hookcheck" in hookcheck.calls and "的检查说明" in details  # register_record_panels
    assert details.index("附件") < details.index("检查说明") < details.index("操作记录")  # in panel order
    unit_page = client.get("/admin/units/").get_data(as_text=True)
    assert "检查说明" not in unit_page
    result = app.test_cli_runner().invoke(args=["hookcheck-count"])  # register_cli_commands
    assert result.exit_code == 0 and result.output.strip() == "3"


def test_broken_plugins_are_reported_and_the_rest_keeps_working(app, login_as):
    host = get_host(app)
    failures = {(f.name, f.stage) for f in host.failures}
    assert ("tests.plugins.broken_import", "import") in failures
    assert ("broken_hooks", "register_admin_views") in failures
    assert ("tests.plugins.misspelt", "register") in failures
    admin = login_as("city_admin")
    page = admin.get("/admin/modules/").get_data(as_text=True)
    assert "这个插件故意无法导入" in page and "视图注册失败" in page
    home = admin.get("/admin/")
    assert home.status_code == 200  # collect_indicators raised in broken_hooks; the page still renders
    assert ("broken_hooks", "collect_indicators") in {(f.name, f.stage) for f in host.failures}
    assert ("broken_hooks", "register_record_panels") in failures
    assert "hookcheck-note" in {p.key for p in get_panels(app)}  # the others' panels stay
    assert admin.get("/admin/units/").status_code == 200
