"""The case list's filters: unit, court, instance, head appeared, overdue."""

from __future__ import annotations

import datetime as dt

from core.testing.fixtures import listed_ids

D = dt.date


def _filter(app, name: str) -> str:
    """The URL argument of the case list's filter called `name` (Flask-Admin numbers them)."""
    view = next(v for v in app.extensions["fazhi.admin"]._views if getattr(v, "endpoint", "") == "court_cases")
    for index, flt in enumerate(view._filters):
        if str(flt.name) == name:
            return f"flt0_{view.get_filter_arg(index, flt)}"
    raise KeyError(name)


def test_filters_find_the_cases(app, court):
    head = court.head("东宝区公安局", "王局长")
    with_head = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 3, 1))
    court.held(court.hearing(with_head, D(2024, 4, 10), notice_received_on=None), head=head)
    lawyer_only = court.case("东宝区住房和城乡建设局", "(2024)鄂0802行初2号", D(2024, 3, 1), instance="first")
    court.held(court.hearing(lawyer_only, D(2024, 4, 11), notice_received_on=None), lawyers="律师甲")
    overdue = court.case(
        "东宝区公安局",
        "(2024)鄂08行终3号",
        D(2024, 3, 1),
        instance="appeal",
        court="荆门市中级人民法院",
        complaint_copy_received_on=D(2024, 3, 5),
    )
    client = court.client

    def listed(**args) -> set[int]:
        return listed_ids(client.get("/admin/court_cases/", query_string=args).get_data(as_text=True))

    assert listed() >= {with_head, lawyer_only, overdue}
    assert listed(**{_filter(app, "负责人出庭"): "1"}) == {with_head}
    assert listed(**{_filter(app, "负责人出庭"): "0"}) == {lawyer_only, overdue}
    assert listed(**{_filter(app, "期限已逾期"): "1"}) == {overdue}
    assert listed(**{_filter(app, "审级"): "appeal"}) == {overdue}
    view = next(v for v in app.extensions["fazhi.admin"]._views if getattr(v, "endpoint", "") == "court_cases")
    unit_filter = next(
        f"flt0_{view.get_filter_arg(i, flt)}"
        for i, flt in enumerate(view._filters)
        if str(flt.name) == "被告行政机关" and type(flt).__name__ == "FilterEqual"
    )
    assert listed(**{unit_filter: "东宝区住房和城乡建设局"}) == {lawyer_only}
