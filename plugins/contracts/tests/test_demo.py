"""The demo reproduces the source report's city figures, computed from the records; counties keep their own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core.extensions import db
from core.models import Region
from core.periods import Period
from core.tenancy import unscoped


def test_city_figures_equal_the_source_report_and_counties_have_smaller_registers(app, login_as):
    from plugins.contracts.demo import load_demo_data
    from plugins.contracts.indicators import collect, figures
    from plugins.contracts.models import CheckItem, Contract

    with app.app_context(), unscoped():
        city = db.session.execute(select(Region).where(Region.code == "420800")).scalar_one()
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        load_demo_data(city, 1)
        load_demo_data(dongbao, 1)
        db.session.commit()
        # 近三年来（2015—2017），市法制办审查政府合同259件，涉及标的额4890亿，提出审查意见1619条。
        f = figures(frozenset({city.id}), dt.date(2015, 1, 1), dt.date(2017, 12, 31))
        assert (f.reviewed, f.amount_yi, f.opinions) == (259, "4890.00", 1619)
        assert f.amount_fen == 489_000_000_000 * 100
        # The dashboard's indicators of the three years (the city's subtree: the counties' registers are recent).
        by_year = [{i.key: i for i in collect(city, Period.year(year))} for year in (2015, 2016, 2017)]
        assert sum(y["reviewed"].numerator for y in by_year) == 259
        assert sum(y["opinions"].numerator for y in by_year) == 1619
        assert sum(y["amount"].extra["fen"] for y in by_year) == 48_900_000_000_000
        # 对2013—2017年市政府对外签订的151件履行情况进行监督检查。
        # The circular's section over the same three years says the same.
        from plugins.contracts.circular import sections

        section = sections(city, Period(dt.date(2015, 1, 1), dt.date(2017, 12, 31)))[0]
        assert "共审查政府合同259件，涉及标的额4890.00亿元" in section.paragraphs[0]
        assert "提出审查意见1619条" in section.paragraphs[0]
        assert any("对151件合同的履行情况进行了监督检查" in p for p in section.paragraphs)
        assert section.table.header[0] == "报送单位" and section.table.rows
        checked = db.session.scalar(
            select(func.count(func.distinct(CheckItem.contract_id)))
            .join(Contract, Contract.id == CheckItem.contract_id)
            .where(
                Contract.region_id == city.id, Contract.signed_on.between(dt.date(2013, 1, 1), dt.date(2017, 12, 31))
            )
        )
        assert checked == 151
        county = db.session.scalar(select(func.count(Contract.id)).where(Contract.region_id == dongbao.id))
        assert 0 < county < 259
        states = set(db.session.execute(select(Contract.state).where(Contract.region_id == dongbao.id)).scalars())
        assert len(states) >= 6, states
    # The list shows the city's register with its total, as a city user sees it.
    listing = login_as("city_staff").get("/admin/contracts_contracts/?year=2016&figure=reviewed").get_data(as_text=True)
    assert "共86件" in listing
