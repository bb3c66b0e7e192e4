"""One reporting scope: a city's figure and the list it links to count the same records.

For every indicator of every plugin (collected through the `collect_indicators` hook, not listed
by hand), with a county that has switched the plugins off: the count the indicator's list shows
(read through real HTTP requests, page after page) equals the figure.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from flask_admin.contrib.sqla import ModelView
from sqlalchemy import select

from core import modules
from core.audit import acting_as
from core.dashboard import indicators_for
from core.extensions import db
from core.models import Region
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids

YEAR = 2017
DOMAIN_PLUGINS = ("admin_review", "contracts", "counsel", "court", "supervision")


@pytest.fixture
def app_config():
    # The court demo reports 2014–2017; the 行政复议 and 督办 demos cover last year and this year.
    return {"FAZHI_TODAY": dt.date(YEAR + 1, 3, 1).isoformat()}


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _load_demo(codes: tuple[str, ...]) -> None:
    with unscoped(), acting_as(None):
        for code in codes:
            get_host().call_each("load_demo_data", only=set(DOMAIN_PLUGINS), ctx=None, region=_region(code), scale=1)
            db.session.commit()
    assert not get_host().failures, get_host().failures


def _list_view(app, url: str) -> ModelView | None:
    """The Flask-Admin model view whose list `url` is (None: another kind of page)."""
    endpoint, _args = app.url_map.bind("localhost").match(urlsplit(url).path)
    view_endpoint, _, function = endpoint.rpartition(".")
    if function != "index_view":
        return None
    admin = app.extensions["fazhi.admin"]
    return next((v for v in admin._views if v.endpoint == view_endpoint and isinstance(v, ModelView)), None)


def _listed(client, url: str) -> int:
    """How many records the list at `url` shows, over all its pages."""
    seen: set[int] = set()
    for page in range(1000):
        response = client.get(f"{url}&page={page}" if "?" in url else f"{url}?page={page}")
        assert response.status_code == 200, (url, page, response.headers.get("Location"))
        ids = listed_ids(response.get_data(as_text=True), urlsplit(url).path)
        if not ids - seen:
            return len(seen)
        seen |= ids
    raise AssertionError(f"{url}: more than 1000 pages")


def _figures(app, client, region_id: int) -> dict[tuple[str, str], tuple[float, int | None]]:
    """{(plugin, key): (the figure its list should show, rows the list shows)} of the region's indicators."""
    with app.test_request_context(), unscoped():
        indicators = [i for _title, i in indicators_for(db.session.get(Region, region_id), YEAR)]
    result = {}
    for indicator in indicators:
        figure = indicator.numerator if indicator.listed == "numerator" else indicator.denominator
        if indicator.url and _list_view(app, indicator.url) is not None:
            result[(indicator.plugin_key, indicator.key)] = (figure, _listed(client, indicator.url))
        else:
            result[(indicator.plugin_key, indicator.key)] = (figure, None)
    return result


def test_every_figure_of_the_city_agrees_with_its_list_when_a_county_switched_the_module_off(app, login_as):
    with app.app_context():
        _load_demo(("420800", "420802", "420822"))
        city_id = _region("420800").id
    client = login_as("city_admin")
    # Outside any app context: the client's requests must not share one (and its `g`, where
    # Flask-Login keeps the user) with the figures' own request context.
    before = _figures(app, client, city_id)
    with app.app_context(), unscoped(), acting_as(None):
        for key in DOMAIN_PLUGINS:
            modules.set_module(_region("420822"), key, False, None)  # 沙洋县 switches them all off
        db.session.commit()
    client = login_as("city_admin")
    after = _figures(app, client, city_id)

    for plugin in DOMAIN_PLUGINS:
        keys = [k for k in after if k[0] == plugin]
        assert keys, f"{plugin} reported no indicator"
        # Not vacuous: each plugin has listed figures, some not zero, and the county's cases counted before.
        listed = [k for k in keys if after[k][1] is not None]
        assert listed, f"{plugin}: no indicator links to a list"
        assert any(after[k][0] for k in listed), f"{plugin}: every listed figure is zero"
        assert any(before[k][0] != after[k][0] for k in listed), f"{plugin}: switching 沙洋县 off changed nothing"
    for state, figures in (("all on", before), ("沙洋县 off", after)):
        wrong = {key: value for key, value in figures.items() if value[1] is not None and value[0] != value[1]}
        assert not wrong, f"{state}: figure ≠ rows of its list: {wrong}"
