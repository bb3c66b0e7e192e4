"""Importing an Excel register with one bad row: the row and its error are shown, nothing saved."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook


def test_import_a_register_with_one_bad_row(journey, tmp_path):
    page = journey.page
    journey.login("dongbao_staff")
    journey.go("/admin/admin_review_register/")
    journey.assert_chinese()
    with page.expect_download() as info:
        page.click("text=下载空白模板")
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.active
    headers = [c.value for c in sheet[2]]  # row 1 is the register's title
    good = {
        "案号": "东宝行复〔2026〕101号",
        "收到日期": "2026-03-02",
        "申请方式": "当面递交",
        "申请人": "张三",
        "被申请人": "东宝区公安局",
        "行政行为类别": "行政处罚",
        "审理程序": "普通程序",
        "状态": "受理审查中",
    }
    bad = {**good, "案号": "东宝行复〔2026〕102号", "申请人": "李四", "收到日期": "2026-13-45"}
    for row in (good, bad):
        sheet.append([row.get(h) for h in headers])
    path = tmp_path / "行政复议案件登记表.xlsx"
    book.save(path)

    page.set_input_files("#register-import input[type=file]", str(path))
    with page.expect_navigation():
        page.click("#register-import button")
    page.wait_for_selector("text=日期格式不正确")
    row = journey.page.locator("tr", has_text="日期格式不正确").inner_text()
    assert "4" in row and "收到日期" in row and "2026-13-45" in row
    journey.assert_chinese()
    journey.shot("register-import")
