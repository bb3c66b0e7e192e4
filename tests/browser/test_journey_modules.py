"""Switching a module off for a county: the city admin does it, the county's menu loses it."""

from __future__ import annotations


def _menu(journey) -> str:
    return journey.page.inner_text("nav")


def test_the_city_admin_switches_a_module_off_for_a_county(journey):
    journey.login("duodao_staff")
    assert "行政复议" in _menu(journey)
    journey.logout()

    journey.login("city_admin")
    journey.go("/admin/modules/")
    journey.assert_chinese()
    row = journey.page.locator("#module-switches tr", has_text="掇刀区")
    cell = row.locator("form", has=journey.page.locator("input[name=plugin_key][value=admin_review]"))
    with journey.page.expect_navigation():
        cell.locator("button[value=off]").click()
    assert "关" in cell.locator(".badge").inner_text()
    journey.shot("modules")
    journey.logout()

    journey.login("duodao_staff")
    assert "行政复议" not in _menu(journey)
    assert "出庭应诉" in _menu(journey)
    journey.expect("/admin/admin_review_cases/", 403)
    response = journey.go("/admin/admin_review_cases/")
    assert response.status == 403
