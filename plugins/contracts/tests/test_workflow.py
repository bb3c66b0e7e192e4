"""The contract's life through the HTTP admin: input refused in Chinese, the signing gate, amounts to the fen."""

from __future__ import annotations

from plugins.contracts.models import Contract, Counterparty
from plugins.contracts.tests.conftest import errors


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(desk):
    before = desk.count(Contract)
    wrong_digit = desk.post_new("2024-09-02", code="91350100M000100Y44")
    assert wrong_digit.status_code == 200
    assert "校验位错误" in errors(wrong_digit) and "第18位应为“3”" in errors(wrong_digit)
    negative = desk.post_new("2024-09-02", amount="-5000")
    assert "金额不能为负数" in errors(negative)
    words = desk.post_new("2024-09-02", amount="约一千万元")
    assert "无法识别的金额" in errors(words) and "1.2亿" in errors(words)
    fraction = desk.post_new("2024-09-02", amount="12.345")
    assert "最多精确到分" in errors(fraction)
    assert desk.count(Contract) == before and desk.count(Counterparty) == 0


def test_amount_typed_with_yi_is_read_exactly_and_shown_as_a_reader_expects(desk):
    cid = desk.submit("2024-09-02", amount="1.2亿")
    assert desk.contract(cid).amount_fen == 12_000_000_000
    page = desk.page(cid)
    assert "1.20亿元" in page and "120,000,000.00元" in page
    small = desk.submit("2024-09-03", amount="1,234.56元")
    assert desk.contract(small).amount_fen == 123_456
    assert "1,234.56元" in desk.page(small)


def test_signing_gate(desk):
    cid = desk.submit("2024-09-02", planned_signing_on="2024-09-20")
    message = desk.act(cid, "sign", on="2024-09-10")
    assert "未登记签订" in message and "未经合法性审查同意，不能登记签订" in message and "已报送审查" in message
    assert desk.contract(cid).signed_on is None and str(desk.contract(cid).state) == "submitted"
    desk.act(cid, "start_review", on="2024-09-03")
    assert "未经合法性审查同意" in desk.act(cid, "sign", on="2024-09-10")
    # Not approved: still no signing.
    desk.act(cid, "reject", on="2024-09-04", conclusion="相对方不具备施工资质")
    assert "审查不同意签订" in desk.act(cid, "sign", on="2024-09-10")
    assert desk.contract(cid).signed_on is None
    # Approved: signing before the approval is refused; after it, recorded and the filing period opens.
    approved = desk.approved("2024-09-02")
    early = desk.act(approved, "sign", on="2024-09-04")
    assert "「签订日期」（2024-09-04）不能早于审查同意日期（2024-09-05）" in early
    assert "已登记签订" in desk.act(approved, "sign", on="2024-09-06")
    contract = desk.contract(approved)
    assert str(contract.state) == "signed" and contract.signed_on.isoformat() == "2024-09-06"
    assert "filing" in desk.deadlines(approved)


def test_after_signing_the_amount_changes_only_by_a_reported_change(desk):
    cid = desk.approved("2024-09-02")
    desk.act(cid, "sign", on="2024-09-06")
    region, unit = desk.ids()
    with desk.app.app_context():
        from core.extensions import db
        from core.tenancy import unscoped
        from plugins.contracts.models import Counterparty as Party

        with unscoped():
            party = db.session.query(Party).filter_by(contract_id=cid).one()
            party_id = party.id
    contract = desk.contract(cid)
    response = desk.client.post_form(
        f"/admin/contracts_contracts/edit/?id={cid}",
        {"region": str(region), "title": contract.title, "kind": contract.kind, "unit": str(unit),
         "amount_fen": "9999万", "funding_source": "fiscal", "term_start": "", "term_end": "", "summary": "",
         "note": "",
         "counterparties-0-id": str(party_id), "counterparties-0-name": "荆门城建工程有限公司",
         "counterparties-0-credit_code": "91350100M000100Y43", "counterparties-0-kind": "enterprise",
         "counterparties-0-contact": ""},
    )  # fmt: skip
    assert "请通过“报告合同变更（解除）”登记" in errors(response)
    assert desk.contract(cid).amount_fen == contract.amount_fen
