"""The appeal period of 行诉法 art 85 through the HTTP admin: from service only, and only for appealable rulings.

Dates worked out by hand on the State Council's notice for 国庆节 2024 (10-01…10-07 off, Sunday
09-29 and Saturday 10-12 worked); see docs/periods.md.
"""

from __future__ import annotations

import datetime as dt

from core.deadlines import deadlines_of
from core.extensions import db
from core.tenancy import unscoped
from plugins.court.models import LitigationCase

D = dt.date


def _appeal(app, case_id: int) -> tuple[dt.date, str] | None:
    with app.app_context(), unscoped():
        found = [d for d in deadlines_of(db.session.get(LitigationCase, case_id)) if d.kind == "appeal_decision"]
        return (found[0].due_date, str(found[0].state)) if found else None


def _judged_case(court, number: str) -> tuple[dict, int]:
    head = court.head("东宝区公安局", "王局长")
    form = court.case_form("东宝区公安局", number, D(2024, 6, 1))
    case = court.created("court_cases", LitigationCase, form)
    court.held(court.hearing(case, D(2024, 8, 1)), head=head)
    return form, case


def test_art_85_appeal_period_runs_from_service_and_is_unknown_without_it(app, court):
    """行政诉讼法 art 85: "自判决书送达之日起十五日内" — never from the judgment date."""
    form, case = _judged_case(court, "(2024)鄂0802行初31号")
    form.update(ruling_kind="judgment", judged_on=D(2024, 9, 13), result="lost")
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert _appeal(app, case) is None  # no service date: no deadline counted from 09-13
    page = court.client.get(f"/admin/court_cases/details/?id={case}").get_data(as_text=True)
    assert "上诉期限" in page and "未知" in page and "请录入送达日期" in page
    # Served Friday 09-27: day 15 is Saturday 10-12, a make-up working day (调休上班) → it ends then.
    form.update(served_on=D(2024, 9, 27))
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert _appeal(app, case) == (D(2024, 10, 12), "open")
    page = court.client.get(f"/admin/court_cases/details/?id={case}").get_data(as_text=True)
    assert "2024-10-12" in page


def test_art_101_only_rulings_on_filing_dismissal_and_jurisdiction_are_appealable(app, court):
    """行诉解释 art 101 ¶2: "对第一、二、三项裁定，当事人可以上诉" (不予立案, 驳回起诉, 管辖异议)."""
    form, case = _judged_case(court, "(2024)鄂0802行初32号")
    # A ruling on another matter (e.g. 准许撤诉, item 10 of ¶1): no appeal, no deadline.
    form.update(ruling_kind="ruling", ruling_matter="other", judged_on=D(2024, 9, 13), served_on=D(2024, 9, 24))
    form.update(result="withdrawn")
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert _appeal(app, case) is None
    form.update(appeal_decision="no_appeal", appeal_decided_on=D(2024, 9, 26))
    refused = court.post("court_cases", form, record_id=case).get_data(as_text=True)
    assert "第一百零一条第二款" in refused
    # A ruling dismissing the complaint (驳回起诉) served Tuesday 09-24: 10 days → Friday 10-04, inside
    # 国庆节 → Tuesday 10-08, the first working day after it (民诉法 art 85 ¶3, 行诉解释 art 48).
    form.update(ruling_matter="dismiss", result="won", appeal_decision="", appeal_decided_on="")
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert _appeal(app, case) == (D(2024, 10, 8), "open")


def _criticisms(app, hearing_id: int) -> list[str]:
    from sqlalchemy import select

    from core.notices import Notice

    with app.app_context(), unscoped():
        rows = db.session.execute(
            select(Notice.rule_key).where(Notice.subject_type == "court_hearing", Notice.subject_id == hearing_id)
        ).scalars()
        return list(rows)


def test_rule_art_5_a_late_court_notice_is_recorded_and_the_absence_not_criticised_without_a_decision(app, court):
    """规定 art 5 ¶2: the notice to appear is served at least three days before the hearing."""
    case = court.case("东宝区公安局", "(2024)鄂0802行初33号", D(2024, 9, 1))
    # Hearing Tuesday 2024-10-08, the first working day after 国庆节; the notice was served Sunday 10-06,
    # inside the holiday: two days ahead, late. It is recorded all the same.
    late = court.hearing(case, D(2024, 10, 8), notice_received_on=D(2024, 10, 6))
    court.held(late, lawyers="某律师事务所律师甲")
    assert _criticisms(app, late) == []  # only a lawyer appeared, but after a late notice: no automatic criticism
    page = court.client.get(f"/admin/court_hearings/details/?id={late}").get_data(as_text=True)
    assert "迟延送达" in page and "规定第五条第二款" in page
    # A person reviews it and decides the absence is criticised all the same.
    court.held(late, lawyers="某律师事务所律师甲", late_notice_criticism=True)
    assert _criticisms(app, late) == ["court.no_appearance"]
    # Served on Sunday 09-29 (a make-up working day) for Wednesday 10-09: ten days ahead, in time —
    # the absence draws its criticism at once.
    timely = court.hearing(case, D(2024, 10, 9), notice_received_on=D(2024, 9, 29))
    court.held(timely, lawyers="某律师事务所律师甲")
    assert _criticisms(app, timely) == ["court.no_appearance"]


def test_rule_art_10_and_interpretation_art_130_who_may_stand_in_for_the_head(app, city_court):
    """规定 art 10 ¶2 (entrusted organisation, lower-level agency); 行诉解释 art 130 ¶2 (government defendant)."""
    from core.models import Region, Unit
    from plugins.court.models import CourtHearing

    with app.app_context(), unscoped():
        dongbao = db.session.execute(db.select(Region).where(Region.code == "420802")).scalar_one()
        db.session.add(Unit(name="东宝区人民政府", region_id=dongbao.id))
        db.session.commit()
    court = city_court
    court.head("市公安局", "市局局长")
    # A lower-level agency of the same line: 东宝区公安局 under 市公安局.
    lower = court.staff("东宝区公安局", "区局法制大队长")
    case = court.case("市公安局", "(2024)鄂08行初1号", D(2024, 9, 2))
    hearing = court.hearing(case, D(2024, 10, 8), notice_received_on=D(2024, 9, 29))
    court.held(hearing, delegate=lower)
    assert court.get(CourtHearing, hearing, "delegate_id") == (lower,)
    # An organisation the agency entrusted: its staff on the agency's roster.
    entrusted = court.staff("东宝区公安局", "受委托协会工作人员", status="entrusted_org")
    case2 = court.case("东宝区公安局", "(2024)鄂0802行初41号", D(2024, 9, 2))
    court.held(court.hearing(case2, D(2024, 10, 9)), delegate=entrusted)
    # A people's government: its 法制工作机构 (东宝区司法局) and the handling agency's staff.
    legal = court.staff("东宝区司法局", "司法局法制股长")
    handling = court.staff("东宝区自然资源局", "承办科长")
    government = court.case("东宝区人民政府", "(2024)鄂08行初2号", D(2024, 9, 2))
    court.held(court.hearing(government, D(2024, 10, 10)), delegate=legal)
    court.held(court.hearing(government, D(2024, 10, 11)), delegate=handling)
    # Not so for an agency that is not a government: 住建局 staff for 公安局 are refused.
    outsider = court.staff("东宝区住房和城乡建设局", "别单位的人")
    refused = court.hold(court.hearing(case2, D(2024, 10, 12)), delegate=outsider).get_data(as_text=True)
    assert "规定第十条第二款" in refused and "第一百三十条" in refused
