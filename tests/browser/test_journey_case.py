"""A 行政复议 case in the browser: registered, accepted, its deadline missed, the notice seen, decided."""

from __future__ import annotations

import datetime as dt

from core import clock
from core.extensions import db


def _scan_and_deliver(app) -> None:
    # The daily scan and the event worker run beside the server (cron); here, in the test.
    from core.deadlines import scan
    from core.events.testing import deliver_pending

    with app.app_context():
        scan()
        db.session.commit()
        deliver_pending(app)


def _act(journey, key: str, **fields: str) -> None:
    page = journey.page
    page.click(f"#act-{key} summary")
    for name, value in fields.items():
        selector = f"#{key}-{name}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    with page.expect_navigation():
        page.click(f"#act-{key} form button")


def test_register_accept_miss_a_deadline_see_the_notice_and_decide(journey):
    app = journey.app
    with app.app_context():
        today = clock.today()
    received, accepted, sent = (today - dt.timedelta(days=d) for d in (40, 39, 38))
    page = journey.page
    journey.login("dongbao_staff")

    journey.go("/admin/admin_review_cases/new/")
    journey.assert_chinese()
    page.fill("#received_on", received.isoformat())
    page.select_option("#channel", "in_person")
    page.fill("#applicant_name", "张三")
    page.select_option("#applicant_kind", "person")
    page.fill("#applicant_contact", "13800000000")
    page.select_option("#respondent", label="东宝区公安局", force=True)
    page.select_option("#act_type", "penalty")
    page.fill("#act_number", "东公行罚决字〔2026〕1号")
    page.fill("#request", "撤销该行政处罚决定")
    page.select_option("#category", "public_security")
    page.select_option("#procedure", "ordinary")
    journey.shot("case-form")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]:not([name])")
    assert "保存" in journey.flashes() or "成功" in journey.flashes(), journey.flashes()

    page.click("table a[href*='/details/']")
    page.wait_for_load_state("load")
    number = page.locator("td").filter(has_text="行复〔").first.inner_text().strip()
    assert "受理审查中" in journey.text()
    _act(journey, "accept", on=accepted.isoformat())
    _act(journey, "send_copy", on=sent.isoformat())
    assert "已发送答复通知" in journey.text()
    history = page.inner_text("#panel-history")
    assert "状态：受理审查中 → 已受理" in history and "None" not in history
    case_url = page.url
    journey.assert_chinese()
    journey.shot("case")

    # The respondent's reply period (10 days, 行政复议法 art 48) has run out: the scan finds it.
    _scan_and_deliver(app)
    journey.go("/admin/")
    notices = page.locator("#notice-figures")
    assert any(v.strip() not in ("", "0") for v in notices.locator("a, span.h6").all_inner_texts())
    journey.go("/admin/deadlines/")
    assert page.locator(f"a:has-text('{number}')").count() >= 1
    assert "admin_review_case#" not in journey.text()
    journey.assert_chinese()
    journey.shot("deadlines")
    journey.go("/admin/notices/")
    assert "东宝区公安局" in journey.text()
    journey.assert_chinese()
    journey.shot("notices")

    page.goto(case_url)
    acts = page.locator("details.act").evaluate_all("es => es.map(e => e.id)")
    assert "act-decide" in acts or "act-receive_reply" in acts, (acts, journey.text()[:800])
    if "act-receive_reply" in acts:
        _act(journey, "receive_reply", on=today.isoformat())
    _act(journey, "decide", on=today.isoformat(), decision_type="uphold")
    assert "已作出决定" in journey.text() or "维持" in journey.text(), journey.flashes()
