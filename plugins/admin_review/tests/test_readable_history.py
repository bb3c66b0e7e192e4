"""What a legal officer reads about a case: labels in its history, its name in the deadlines list."""

from __future__ import annotations

import re

from plugins.admin_review.tests.conftest import BASE


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_history_panel_speaks_in_labels(desk):
    case_id = desk.register("2024-03-04", applicant_name="李四")
    desk.act(case_id, "accept", on="2024-03-06")
    page = desk.page(case_id)
    history = _text(page.split('id="panel-history"')[1])
    assert "状态： 受理审查中 → 已受理" in history or "状态：受理审查中 → 已受理" in history
    assert "申请人：李四" in history.replace("： ", "：")
    assert "None" not in history
    assert "state" not in history and "received_on" not in history
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d(?!:)", history)  # local time to the minute
    assert "新建" in history and "修改" in history


def test_the_deadlines_list_names_the_case_and_opens_on_running_deadlines(desk):
    old = desk.register("2024-03-04", applicant_name="李四")
    desk.act(old, "accept", on="2024-03-06")
    new = desk.register("2024-05-06", applicant_name="王五")
    number = desk.case(new).case_number
    html = desk.client.get("/admin/deadlines/").get_data(as_text=True)
    assert f'href="{BASE}/details/?id={new}"' in html
    assert number in html
    assert "admin_review_case#" not in html
    rows = [_text(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if "/details/?id=" in r]
    states = [r for r in rows if "行政复议" in r]  # the module's title, not its key
    assert states and len(states) == len(rows)
    running = [i for i, row in enumerate(states) if "进行中" in row or "已延长" in row]
    finished = [i for i, row in enumerate(states) if "按期完成" in row or "逾期" in row or "已撤销" in row]
    assert running and finished and max(running) < min(finished)
