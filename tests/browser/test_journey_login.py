"""Logging in: a wrong password is refused in Chinese, the right one opens the dashboard."""

from __future__ import annotations


def test_log_in_and_see_the_dashboard(journey):
    journey.go("/login")
    journey.assert_chinese()
    journey.shot("login")
    journey.expect("/login", 401)
    journey.login("city_staff", "wrong-password")
    assert "用户名或密码错误" in journey.flashes()
    journey.login("city_staff")
    assert journey.page.url.startswith(journey.base + "/admin")
    text = journey.text()
    assert "指标" in text and "通知" in text and "期限" in text
    journey.assert_chinese()
    journey.shot("dashboard")
