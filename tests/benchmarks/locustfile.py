"""Locust journeys for the load test (``tests/benchmarks/bench_load.py`` runs it; not a test).

Two kinds of user, as an office's day mixes them:

- **county staff** (``FAZHI_LOAD_STAFF``, most users): open module lists, page through and search
  them, read a record's details, now and then save a harmless change — a dated line in a record's
  备注 through its edit form, or a progress report (报送进展, an act that publishes an event) on a
  supervision task — look at the home page (the dashboard) and export a list to Excel;
- **city admins** (``FAZHI_LOAD_ADMINS``): more home page and registers (the city's figures),
  lists, details and exports, and now and then compose and publish a 《政府情况通报》 circular.

Every user logs in through the real form with its CSRF token (as ``core.testing.fixtures.Client``
does). Requests are named by page kind (``list``, ``search``, ``details``…), so the statistics are
one row per kind. A response is a failure when its status is not the one a browser expects, when
a page that should be served answers the login form (session lost), when a save does not
redirect, or when a circular comes back unpublished (bench_load.py also waits, after the load, for
every circular still being rendered and counts those never published).

Environment (set by bench_load.py):
  FAZHI_LOAD_STAFF / FAZHI_LOAD_ADMINS  comma-separated usernames (demo password by default)
  FAZHI_LOAD_PASSWORD                   their password (default: the demo's)
  FAZHI_LOAD_WAIT                       think time between pages, "MIN,MAX" seconds (default 1,3)
  FAZHI_LOAD_FAILURES                   a file to write every failure to (JSON lines), ramp-up included
  FAZHI_LOAD_PUBLISH_CHANCE             chance a city admin's publishing turn publishes (default 1/8)
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import threading
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from typing import Any

from locust import HttpUser, between, events

DEMO_PASSWORD = "Fazhi2026!"
PASSWORD = os.environ.get("FAZHI_LOAD_PASSWORD", DEMO_PASSWORD)
_wait = [float(x) for x in os.environ.get("FAZHI_LOAD_WAIT", "1,3").split(",")]
WAIT = between(_wait[0], _wait[-1])
#: Chance that a city admin's publishing task does publish (it is drawn as often as an export).
PUBLISH_CHANCE = float(os.environ.get("FAZHI_LOAD_PUBLISH_CHANCE", "0.125"))

#: The module lists people work in, in the order they are tried; those a user cannot open (a
#: module switched off for the region) are left out after login, from the menu.
LISTS = [
    "/admin/admin_review_cases/",
    "/admin/court_cases/",
    "/admin/contracts_contracts/",
    "/admin/counsel_matters/",
    "/admin/supervision_tasks/",
    "/admin/deadlines/",
    "/admin/notices/",
]
#: Excel registers (the city's books); exported whole or filtered.
REGISTERS = [
    "/admin/admin_review_register/",
    "/admin/court_register/",
    "/admin/contracts_register/",
    "/admin/counsel_engagement_register/",
    "/admin/supervision_register/",
]
#: Words people type into a list's search box: one to five characters.
SEARCHES = ["局", "合同", "政府", "有限公司", "人民政府", "纠纷", "行政处罚", "2025", "工程", "决定"]
#: Record views whose edit form takes a harmless change: a dated line in the record's 备注 (note).
EDITABLE = {
    "/admin/admin_review_cases/": "note",
    "/admin/court_cases/": "note",
    "/admin/contracts_contracts/": "note",
}

_logins: dict[str, itertools.cycle] = {}
_login_lock = threading.Lock()


def next_login(kind: str) -> str:
    """Usernames handed out in turn, so users of one kind spread over the demo's counties."""
    with _login_lock:
        if kind not in _logins:
            names = [n.strip() for n in os.environ.get(kind, "").split(",") if n.strip()]
            if not names:
                raise RuntimeError(f"{kind} is empty: bench_load.py sets it from the demo's users")
            random.shuffle(names)
            _logins[kind] = itertools.cycle(names)
        return next(_logins[kind])


# -- failures, written as they happen (statistics may be reset after the ramp-up) ------------

_failures_path = os.environ.get("FAZHI_LOAD_FAILURES")
_failures_lock = threading.Lock()


@events.request.add_listener
def _record_failure(request_type: str, name: str, response: Any, exception: Any, **_: Any) -> None:
    if exception is None or not _failures_path:
        return
    status = getattr(response, "status_code", None)
    url = getattr(response, "url", None) or ""
    line = json.dumps({"name": name, "method": request_type, "status": status, "url": url, "error": str(exception)})
    with _failures_lock, open(_failures_path, "a", encoding="utf-8") as out:
        out.write(line + "\n")


# -- reading pages ---------------------------------------------------------------------------


@dataclass
class Form:
    """One POST form as a browser would submit it: field values, and each field's kind."""

    action: str = ""
    fields: dict[str, str] = dataclass_field(default_factory=dict)
    kinds: dict[str, str] = dataclass_field(default_factory=dict)


class FormReader(HTMLParser):
    """Every POST form of a page (the menu's language and logout forms come first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(action=a.get("action", ""))
                self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or "disabled" in a:
            return  # a browser does not submit disabled fields (e.g. edit-locked dates)
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form.fields[name] = a.get("value", "on" if kind == "checkbox" else "")
            form.kinds[name] = kind
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            form.kinds[name] = "select-multiple" if "multiple" in a else "select"
        elif tag == "option" and self._select:
            value = a.get("value")
            if self._select_first is None and value is not None:
                self._select_first = value
            if "selected" in a and value is not None and not self._select_chosen:
                form.fields[self._select] = value
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
            form.kinds[name] = "textarea"

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and form.kinds.get(self._select) == "select" and self._select_first is not None:
                form.fields[self._select] = self._select_first  # what a browser submits
            self._select = None
        elif tag == "textarea" and self._textarea:
            form.fields[self._textarea] = "".join(self._text).removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._form = None


def read_form(html: str, holding: str) -> Form | None:
    """The page's POST form that has a field named `holding` (None: no such form)."""
    reader = FormReader()
    reader.feed(html)
    return next((form for form in reader.forms if holding in form.kinds), None)


def fail(name: str, message: str) -> None:
    """Count a failure that is not one response's (a missing form, a circular never published)."""
    events.request.fire(
        request_type="CHECK",
        name=name,
        response_time=0,
        response_length=0,
        exception=AssertionError(message),
        context={},
    )


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
LOGIN_FORM = 'name="password"'


def ids_on(html: str, list_path: str) -> list[int]:
    """Record ids linked from a list page (its own details links)."""
    return sorted({int(v) for v in re.findall(re.escape(list_path) + r"details/\?id=(\d+)", html)})


# -- the users -------------------------------------------------------------------------------


class OfficeUser(HttpUser):
    """A logged-in user of one kind; subclasses choose the accounts and weight the pages."""

    abstract = True
    wait_time = WAIT
    accounts = ""

    def on_start(self) -> None:
        self.username = next_login(self.accounts)
        self.csrf = ""
        self.lists: list[str] = []
        self.registers: list[str] = []
        self.ids: dict[str, list[int]] = {}
        self.publishing: list[str] = []
        self.reportable: list[int] = []
        self.login()

    # -- helpers --

    def login(self) -> None:
        page = self.client.get("/login", name="login (form)")
        match = CSRF.search(page.text)
        with self.client.post(
            "/login",
            data={"username": self.username, "password": PASSWORD, "csrf_token": match.group(1) if match else ""},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username}: {response.status_code}")
                return
        # The menu says which lists and registers this user can open.
        with self.client.get("/account/password", name="login (account page)", catch_response=True) as page:
            match = CSRF.search(page.text)
            if match is None:
                page.failure("no CSRF token after login")
                return
            self.csrf = match.group(1)
            menu = set(re.findall(r'href="(/admin/[a-z_]+/)"', page.text))
        self.lists = [path for path in LISTS if path in menu] or LISTS[:1]
        self.registers = [path for path in REGISTERS if path in menu]

    def page(self, path: str, name: str, expect_html: bool = True) -> Any:
        """GET a page; a failure unless 200 and (for HTML) not the login form."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif expect_html and LOGIN_FORM in response.text and "/login" in response.url:
                response.failure(f"sent to the login page from {path} (session lost)")
            return response

    def record_ids(self, list_path: str) -> list[int]:
        if not self.ids.get(list_path):
            response = self.page(list_path, "list")
            self.ids[list_path] = ids_on(response.text, list_path) if response.ok else []
        return self.ids[list_path]

    # -- what people do --

    def open_list(self) -> None:
        path = random.choice(self.lists)
        page = random.choice([1, 1, 1, 2])
        response = self.page(path if page == 1 else f"{path}?page={page - 1}", "list")
        if response.ok and page == 1:
            self.ids[path] = ids_on(response.text, path) or self.ids.get(path, [])

    def search(self) -> None:
        path = random.choice(self.lists)
        self.page(f"{path}?search={random.choice(SEARCHES)}", "search")

    def details(self) -> None:
        path = random.choice(self.lists)
        ids = self.record_ids(path)
        if ids:
            self.page(f"{path}details/?id={random.choice(ids)}", "details")

    def home(self) -> None:
        self.page("/admin/", "home")

    def export(self) -> None:
        path = random.choice(self.lists)
        self.page(f"{path}export/xlsx/", "export (list xlsx)", expect_html=False)

    def register_export(self) -> None:
        if self.registers:
            self.page(f"{random.choice(self.registers)}export.xlsx", "export (register xlsx)", expect_html=False)

    def edit(self) -> None:
        """Open a record's edit form, add a dated note to a free-text field and save it."""
        candidates = [path for path in self.lists if path in EDITABLE]
        if not candidates:
            return
        path = random.choice(candidates)
        ids = self.record_ids(path)
        if not ids:
            return
        record = random.choice(ids)
        url = f"{path}edit/?id={record}"
        form_page = self.page(url, "edit (form)")
        if not form_page.ok:
            return
        field = EDITABLE[path]
        form = read_form(form_page.text, field)
        if form is None and "/edit/" not in form_page.url:
            return  # not editable for this user (e.g. a decided case): sent back to the record
        if form is None or form.kinds.get(field) not in ("text", "textarea"):
            fail("edit (save)", f"no {field} field on {url}")
            return
        note = f"负载测试 {dt.datetime.now():%H:%M:%S}"
        old = form.fields.get(field, "")
        form.fields[field] = re.sub(r"\s*负载测试 \d\d:\d\d:\d\d$", "", old) + ("\n" if old else "") + note
        with self.client.post(
            url, data=form.fields, name="edit (save)", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302:
                problem = re.search(
                    r'class="[^"]*(?:alert-danger|help-block|invalid-feedback)[^"]*"[^>]*>([^<]{0,200})', r.text
                )
                r.failure(f"save of {url} answered {r.status_code}: {problem.group(1).strip() if problem else ''}")

    def report_progress(self) -> None:
        """报送进展 on a supervision task of theirs (an act: a progress report and its event)."""
        path = "/admin/supervision_tasks/"
        if path not in self.lists:
            return
        if not self.reportable:
            ids = self.record_ids(path)
            if not ids:
                return
            record = random.choice(ids)
            page = self.page(f"{path}details/?id={record}", "details")
            if f"{path}act/report/?id={record}" not in page.text.replace("&amp;", "&"):
                return  # not a task in the works (accepted, applied…): next time another one
            self.reportable.append(record)
        record = random.choice(self.reportable)
        data = {
            "csrf_token": self.csrf,
            "on": dt.date.today().isoformat(),
            "step": "",
            "content": f"按计划推进，本周完成材料整理（负载测试 {dt.datetime.now():%H:%M:%S}）",
        }
        with self.client.post(
            f"{path}act/report/?id={record}",
            data=data,
            name="act (报送进展)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"报送进展 on task {record} answered {r.status_code}")
                return
        page = self.page(f"{path}details/?id={record}", "details")
        refused = re.search(r"未报送进展[:：][^<]{0,200}", page.text)
        if refused:
            fail("act (报送进展)", f"task {record}: {refused.group(0)}")
            self.reportable.remove(record)

    def publish_circular(self) -> None:
        """Compose a circular of this year so far, read its preview, publish it, download the PDF."""
        form_page = self.page("/admin/circulars/new/", "circular (new form)")
        if not form_page.ok:
            return
        form = read_form(form_page.text, "title")
        if form is None:
            fail("circular (compose)", "no circular form on /admin/circulars/new/")
            return
        today = dt.date.today()
        form.fields.update(
            {
                "title": f"关于{today.year}年度法治政府建设情况的通报（负载测试 {time.time():.0f}）",
                "period_start": f"{today.year}-01-01",
                "period_end": today.isoformat(),
                "report_to": form.fields.get("report_to") or "省人民政府",
                "distribute_to": form.fields.get("distribute_to") or "各县（市、区）人民政府，市直各部门",
                "copies": form.fields.get("copies") or "30",
                "_continue_editing": "1",
            }
        )
        form.fields.setdefault("issuing_office", "")
        if not form.fields["issuing_office"]:
            form.fields["issuing_office"] = "人民政府办公室"
        with self.client.post(
            "/admin/circulars/new/",
            data=form.fields,
            name="circular (compose)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            match = re.search(r"id=(\d+)", r.headers.get("Location", ""))
            if r.status_code != 302 or match is None:
                r.failure(f"composing a circular answered {r.status_code} {r.headers.get('Location', '')}")
                return
        circular = match.group(1)
        self.page(f"/admin/circulars/details/?id={circular}", "circular (details with preview)")
        with self.client.post(
            "/admin/circulars/publish/",
            data={"id": circular, "csrf_token": self.csrf},
            name="circular (publish)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"publish answered {r.status_code}")
                return
        # Rendering takes a while (the render worker); the admin goes on working and looks again later.
        self.publishing.append(circular)

    def check_circulars(self) -> None:
        """Look at the circulars this admin sent to publication; download those published."""
        for circular in list(self.publishing):
            with self.client.get(
                f"/admin/circulars/status/?id={circular}", name="circular (status)", catch_response=True
            ) as r:
                try:
                    status = r.json()
                except ValueError:
                    r.failure(f"status answered {r.status_code}, not JSON")
                    self.publishing.remove(circular)
                    continue
            state = status.get("state", "")
            if state == "publishing":
                continue
            self.publishing.remove(circular)
            if state != "published":
                fail("circular (published)", f"circular {circular} came back {state}: {status.get('error')}")
                continue
            self.page(f"/admin/circulars/download/?id={circular}", "circular (download PDF)", expect_html=False)


class CountyStaff(OfficeUser):
    """A county legal office's staff member: their lists all day, records, a few saves."""

    weight = 4
    accounts = "FAZHI_LOAD_STAFF"
    #: What they do, with how often (locust's weights).
    tasks = {
        OfficeUser.open_list: 10,
        OfficeUser.search: 4,
        OfficeUser.details: 8,
        OfficeUser.edit: 1,
        OfficeUser.report_progress: 2,
        OfficeUser.home: 2,
        OfficeUser.export: 1,
    }


class CityAdmin(OfficeUser):
    """A city office's admin: the city's figures, lists and registers; publishes circulars."""

    weight = 1
    accounts = "FAZHI_LOAD_ADMINS"

    def publish_turn(self) -> None:
        """Look at circulars sent to publication; rarely, publish one."""
        self.check_circulars()
        # Rare: an office publishes a few circulars a month; one in ~150 of an admin's pages here.
        if random.random() < PUBLISH_CHANCE:
            self.publish_circular()

    tasks = {
        OfficeUser.home: 5,
        OfficeUser.open_list: 6,
        OfficeUser.search: 2,
        OfficeUser.details: 4,
        OfficeUser.export: 1,
        OfficeUser.register_export: 1,
        publish_turn: 1,
    }
