"""English that is English: with English chosen, every page of every view speaks English.

The pages are enumerated from the running app (home, every admin view's list, create form and
a record's details page, the account pages), over the demo records of every domain plugin, so a
new plugin's views are walked without being listed here. Chinese that is data — a region's or
an agency's name, a case's title, an issued notice's text: anything stored in the database — is
allowed; Chinese that comes from the code (a label, a menu, a heading, a message) is not.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from flask_admin import BaseView
from flask_admin.model import BaseModelView
from sqlalchemy import select, update

from core.app import PROJECT_ROOT
from core.audit import acting_as
from core.extensions import db
from core.models import Region, User
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids

DOMAIN_PLUGINS = ("admin_review", "contracts", "counsel", "court", "supervision")
_CHINESE = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
#: A run of Chinese text: a Chinese character, then more of them, words, spaces and punctuation.
CJK_RUN = re.compile(rf"[{_CHINESE}][{_CHINESE}\w\s·、，。；：（）“”《》—-]*")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Where the choice of language itself is offered, in the language it switches to.
LANGUAGE_SWITCH = {"中文"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The court demo reports 2014–2017; the others cover last year and this year.
    return {"FAZHI_TODAY": dt.date(2018, 3, 1).isoformat()}


class _VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside scripts and styles, and form placeholders."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The visible text chunks of a page."""
    parser = _VisibleText()
    parser.feed(html)
    return parser.chunks


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def stored_chinese() -> re.Pattern[str]:
    """A pattern matching every Chinese string stored in the database (longest first)."""
    values: set[str] = set()
    with unscoped():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).all():
                for value in row:
                    for text in _strings(value):
                        if CJK.search(text):
                            values.add(text.strip())
                            values.update(line.strip() for line in text.splitlines() if CJK.search(line))
    ordered = sorted((v for v in values if v), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)))


def chinese_from_code(html: str, data: re.Pattern[str]) -> list[str]:
    """The Chinese runs on a page that are not stored data."""
    found = []
    for chunk in visible_text(html):
        if not CJK.search(chunk) or chunk in LANGUAGE_SWITCH:
            continue
        rest = data.sub(" ", chunk)
        found += [run.strip() for run in CJK_RUN.findall(rest) if CJK.search(run)]
    return found


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def pages(app: Flask, client: Any) -> list[str]:
    """Every page to walk: home, each view's index, create form and first record's details."""
    admin = app.extensions["fazhi.admin"]
    urls = ["/admin/", "/account/password"]
    with app.test_request_context("/"):
        for view in admin._views:
            if not isinstance(view, BaseView) or view.endpoint == "admin":
                continue
            try:
                function = "index_view" if isinstance(view, BaseModelView) else "index"
                index = url_for(f"{view.endpoint}.{function}")
            except Exception:  # a view without an index page (none today) is walked by its others
                continue
            urls.append(index)
            if isinstance(view, BaseModelView):
                if getattr(view, "_declared_can_create", False):
                    urls.append(url_for(f"{view.endpoint}.create_view"))
                urls.append(f"details:{view.endpoint}:{index}")
    walked = []
    for url in urls:
        if url.startswith("details:"):
            _, endpoint, index = url.split(":", 2)
            ids = listed_ids(client.get(index).get_data(as_text=True), urlsplit(index).path)
            if not ids:
                continue
            with app.test_request_context("/"):
                url = url_for(f"{endpoint}.details_view", id=min(ids))
        walked.append(url)
    return walked


def test_every_page_of_every_view_is_english_when_english_is_chosen(app: Flask, login_as: Any) -> None:
    with app.app_context():
        with unscoped(), acting_as(None):
            for code in ("420800", "420802"):
                region = _region(code)
                get_host().call_each("load_demo_data", only=set(DOMAIN_PLUGINS), ctx=None, region=region, scale=1)
                db.session.commit()
        db.session.execute(update(User).where(User.username == "admin").values(locale="en"))
        db.session.commit()
        data = stored_chinese()
    client = login_as("admin")
    walked, offenders = 0, {}
    for url in pages(app, client):
        response = client.get(url)
        if response.status_code != 200:
            continue
        walked += 1
        for run in chinese_from_code(response.get_data(as_text=True), data):
            offenders.setdefault(run, url)
    assert walked >= 40, walked
    assert offenders == {}, "\n".join(f"{url}: {run}" for run, url in sorted(offenders.items(), key=lambda x: x[1]))


def test_every_message_of_the_code_has_an_entry_in_its_packages_catalogue() -> None:
    # A label added without running scripts/i18n.py would show in Chinese to English users.
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "i18n.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
