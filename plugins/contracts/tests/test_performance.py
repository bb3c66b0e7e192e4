"""After signing: milestones, changes and termination, supervision checks, the archive; amounts summed exactly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from core.tenancy import unscoped
from plugins.contracts.models import Borrowing, CheckItem, SupervisionCheck


def _signed(desk, **fields):
    cid = desk.approved("2024-09-02", **fields)
    desk.act(cid, "sign", on="2024-09-06")
    desk.act(cid, "file", on="2024-09-10")
    desk.act(cid, "start_performance", on="2024-09-11")
    return cid


def _check_plan(desk):
    region, _unit = desk.ids()
    response = desk.client.post_form(
        "/admin/contracts_checks/new/",
        {"region": str(region), "title": "2024年合同履行情况监督检查", "year": "2024", "planned_on": "2024-10-08",
         "scope": "本年度签订的合同", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302
    with desk.app.app_context(), unscoped():
        return db.session.execute(select(SupervisionCheck.id)).scalars().one()


def test_milestones_changes_and_termination(desk):
    cid = _signed(desk)
    assert "已设定履行节点" in desk.act(
        cid, "add_milestone", due_on="2024-10-15", kind="payment", description="首付款", amount="500万"
    )
    assert desk.deadlines(cid)["milestone:1"][0] == dt.date(2024, 10, 15)
    assert "已报告履行情况" in desk.act(cid, "report_performance", on="2024-10-09", content="工程已开工")
    assert "已报告合同变更（解除）" in desk.act(cid, "report_change", on="2024-10-10", kind="amendment",
                                           content="增加附属工程", new_amount="3,600万")  # fmt: skip
    assert desk.contract(cid).amount_fen == 3_600_000_000
    desk.act(cid, "report_change", on="2024-10-12", kind="termination", content="规划调整，协商解除")
    contract = desk.contract(cid)
    assert str(contract.state) == "terminated" and contract.terminated_on == dt.date(2024, 10, 12)
    assert desk.deadlines(cid)["milestone:1"][1] == "cancelled"
    assert "当前为“已解除（终止）”，不能履行完毕" in desk.act(cid, "complete", on="2024-10-13")


def test_supervision_check_with_rectification_overdue_draws_one_notice(desk):
    cid = _signed(desk)
    check = _check_plan(desk)
    missing = desk.act(cid, "record_check", check=check, on="2024-10-09", finding="付款凭证不全", problem="y")
    assert "「整改期限」发现问题的，应当确定整改期限" in missing
    done = desk.act(cid, "record_check", check=check, on="2024-10-09", finding="付款凭证不全", problem="y",
                    rectify_by="2024-10-18")  # fmt: skip
    assert "已记录监督检查" in done
    desk.scan("2024-10-21")
    desk.scan("2024-10-22")
    assert [n for n in desk.notices(cid) if n[1] == "supervision"] == [
        ("contracts.rectification_missed", "supervision", "东宝区住房和城乡建设局")
    ]
    with desk.app.app_context(), unscoped():
        item = db.session.execute(select(CheckItem.id)).scalar_one()
    assert "已记录整改情况" in desk.record_act(cid, "item", item, "rectify", on="2024-10-23", rectification="已补齐")
    listing = desk.client.get(f"/admin/contracts_checks/details/?id={check}").get_data(as_text=True)
    assert "检查的合同（1件）" in listing and "付款凭证不全" in listing


def test_archive_borrowing_approval_return_and_overdue_notice(desk):
    cid = _signed(desk)
    refused = desk.act(cid, "request_borrowing", on="2024-10-09", borrower_unit=desk.ids()[1], borrower_name="李明",
                       purpose="审计", mode="lend")  # fmt: skip
    assert "尚未归档" in refused
    desk.act(cid, "archive", on="2024-10-08", archive_number="DB-HT-2024-001", location="档案室")
    _region, unit = desk.ids(unit="东宝区公安局")
    desk.act(
        cid,
        "request_borrowing",
        on="2024-10-09",
        borrower_unit=unit,
        borrower_name="李明",
        purpose="审计核对",
        mode="lend",
    )
    with desk.app.app_context(), unscoped():
        borrowing = db.session.execute(select(Borrowing.id)).scalar_one()
    early = desk.record_act(cid, "borrowing", borrowing, "give_back", on="2024-10-10")
    assert "档案尚未借出，不能登记归还" in early
    assert "不能交付查阅" in desk.record_act(cid, "borrowing", borrowing, "lend", on="2024-10-10")  # not approved yet
    desk.record_act(cid, "borrowing", borrowing, "decide", on="2024-10-09", approved="y", decided_by="王主任")
    assert "已交付查阅（借出）" in desk.record_act(cid, "borrowing", borrowing, "lend", on="2024-10-10")
    # 3 working days from Thursday 10-10: Friday 10-11, Saturday 10-12 (a make-up working day), Monday 10-14.
    assert desk.deadlines(cid)[f"return:{borrowing}"] == (dt.date(2024, 10, 14), "open")
    back_before = desk.record_act(cid, "borrowing", borrowing, "give_back", on="2024-10-09")
    assert "「归还日期」（2024-10-09）不能早于借出日期（2024-10-10）" in back_before
    desk.scan("2024-10-15")
    desk.scan("2024-10-16")
    assert [n for n in desk.notices(cid) if n[1] == "supervision"] == [
        ("contracts.return_overdue", "supervision", "东宝区公安局")
    ]
    assert "已登记归还" in desk.record_act(cid, "borrowing", borrowing, "give_back", on="2024-10-17")
    with desk.app.app_context(), unscoped():
        audited = db.session.execute(
            select(AuditEntry.id).where(
                AuditEntry.subject_type == "contracts_borrowing", AuditEntry.subject_id == str(borrowing)
            )
        ).all()
    assert len(audited) >= 4  # requested, approved, lent, returned: every step in the audit trail


def test_amounts_are_exact_to_the_fen_summed_and_shown_in_yi_yuan(desk):
    # 0.1 + 0.2 in floats is 0.30000000000000004; in fen it is 30.
    for amount in ("0.10", "0.20", "1.2亿", "123456789.01", "3500万"):
        desk.submit("2024-09-02", amount=amount)
    listing = desk.client.get("/admin/contracts_contracts/").get_data(as_text=True)
    # 0.30 + 120,000,000 + 123,456,789.01 + 35,000,000 = 278,456,789.31 元 = 2.7845678931 亿元
    assert "共5件，标的额合计 <strong>2.78亿元</strong>" in listing
    from plugins.contracts.indicators import figures

    with desk.app.app_context(), unscoped():
        f = figures(frozenset(range(1, 100)), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert f.submitted == 5 and f.reviewed == 0
    with desk.app.app_context(), unscoped():
        from sqlalchemy import func

        from plugins.contracts.models import Contract

        total = db.session.scalar(select(func.sum(Contract.amount_fen)))
    assert total == 27_845_678_931
