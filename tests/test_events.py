"""The event bus on a real database: outbox, delivery, retries, dead letters, replays, switches."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from core.audit import acting_as
from core.events import (
    DeliveryState,
    Event,
    EventData,
    EventDelivery,
    IdempotencyKey,
    OutboxEvent,
    claim,
    get_registry,
    publish,
)
from core.events.replay import replay_events
from core.events.testing import deliver_pending
from core.extensions import db
from core.models import AuditEntry, Region, User
from core.modules import set_module
from core.plugins import get_host
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids
from tests.plugins.eventcheck import plugin as eventcheck
from tests.plugins.eventcheck.events import ThingFollowed, ThingHappened, ThingIgnored
from tests.plugins.hookcheck.events import ObjectCreated
from tests.plugins.hookcheck.models import InspectionObject

PLUGINS = ["tests.plugins.hookcheck.plugin", "tests.plugins.eventcheck.plugin", "tests.plugins.broken_events"]
HAPPENED = ThingHappened.name
HANDLERS = ["on_thing_happened", "on_thing_failed", "on_thing_slowed", "on_thing_closure"]


@pytest.fixture
def plugins():
    return PLUGINS


@pytest.fixture(autouse=True)
def _forget_runs():
    eventcheck.runs.clear()
    yield
    eventcheck.runs.clear()


def region(code: str) -> Region:
    with unscoped():
        return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def deliveries(**where) -> list[EventDelivery]:
    with unscoped():
        query = select(EventDelivery).filter_by(**where).order_by(EventDelivery.id)
        return list(db.session.execute(query).scalars())


def effects(prefix: str = "") -> list[str]:
    with unscoped():
        names = db.session.execute(select(InspectionObject.name).where(InspectionObject.name.contains(":"))).scalars()
        return sorted(n for n in names if n.startswith(prefix))


def counts() -> dict[str, int]:
    """Row counts of everything handlers or the bus create."""
    with unscoped():
        return {
            model.__tablename__: db.session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (InspectionObject, IdempotencyKey, OutboxEvent, EventDelivery)
        }


def filter_index(app, endpoint: str, name: str) -> int:
    """The index Flask-Admin gives the first filter called `name` of a view (its ``flt0_<i>`` argument)."""
    view = next(v for v in app.extensions["fazhi.admin"]._views if getattr(v, "endpoint", None) == endpoint)
    return next(i for i, f in enumerate(view._filters) if str(f.name) == name)


def short(handler: str) -> str:
    return handler.rsplit(".", 1)[-1]


def test_publish_writes_the_outbox_and_one_delivery_per_handler_in_the_callers_transaction(app):
    with app.app_context():
        dongbao = region("420802")
        event = publish(ThingHappened(i=1), region_id=dongbao.id, subject=dongbao)
        # Not committed yet, but visible inside the caller's own transaction.
        row = db.session.execute(select(OutboxEvent).where(OutboxEvent.uid == event.id)).scalar_one()
        assert (row.name, row.region_id, row.subject_type, row.subject_id) == (
            HAPPENED,
            dongbao.id,
            "region",
            dongbao.id,
        )
        assert [short(d.handler) for d in deliveries(event_id=row.id)] == HANDLERS
        assert {d.state for d in deliveries()} == {DeliveryState.PENDING}
        db.session.commit()
        report = deliver_pending()
        assert (report.delivered, report.failed, report.dead) == (4, 0, 0)
        assert effects() == sorted(f"{label}:{event.id}" for label in ("happened", "failed", "slowed"))


def test_rollback_publishes_nothing(app):
    with app.app_context():
        before = counts()
        publish(ThingHappened(cascade=True), region_id=region("420802").id)
        db.session.flush()
        db.session.rollback()
        assert counts() == before
        assert not db.session.info.get("fazhi_events_published")
        assert not db.session.info.get("fazhi_events_committed")
        assert deliver_pending().claimed == 0
        assert eventcheck.runs == []


def test_an_event_with_no_handler_is_still_recorded(app):
    with app.app_context():
        publish(ThingIgnored(), region_id=None)
        db.session.commit()
        assert db.session.execute(select(OutboxEvent.name)).scalars().all() == ["eventcheck.thing.ignored"]
        assert deliveries() == []


def test_a_request_delivers_its_events_after_commit_as_the_system(app, login_as):
    client = login_as("dongbao_staff")
    response = client.post_form("/eventcheck/publish", {"cascade": "1"})
    assert response.status_code == 200
    event_id = response.get_data(as_text=True)
    with app.app_context():
        # Delivered before the response came back: the handlers and the cascaded event's.
        assert eventcheck.runs == ["happened", "failed", "slowed", "closure", "followed"]
        assert {d.state for d in deliveries()} == {DeliveryState.DELIVERED}
        staff = db.session.execute(select(User).where(User.username == "dongbao_staff")).scalar_one()
        outbox = db.session.execute(select(OutboxEvent).where(OutboxEvent.uid == event_id)).scalar_one()
        assert outbox.actor_id == staff.id  # who caused it
        # …but the handlers' writes are the system's, not the user's.
        created = db.session.execute(
            select(AuditEntry.user_id).where(AuditEntry.subject_type == "hookcheck_inspection_object")
        ).scalars()
        assert set(created) == {None}


@pytest.mark.parametrize("app_config", [{"FAZHI_EVENT_DELIVER_AFTER_REQUEST": False}])
def test_requests_can_leave_every_delivery_to_the_worker(app, login_as):
    assert login_as("dongbao_staff").post_form("/eventcheck/publish").status_code == 200
    with app.app_context():
        assert eventcheck.runs == []
        assert {d.state for d in deliveries()} == {DeliveryState.PENDING}
        assert deliver_pending().delivered == 4


def test_a_request_still_writing_after_its_commit_leaves_delivery_to_the_worker(app, login_as):
    # Delivering beside it could wait for its locks while it waits for us.
    assert login_as("dongbao_staff").post_form("/eventcheck/publish", {"dirty": "1"}).status_code == 200
    with app.app_context():
        assert eventcheck.runs == []
        assert {d.state for d in deliveries()} == {DeliveryState.PENDING}
        assert deliver_pending().delivered == 4
        with unscoped():
            unsaved = select(func.count()).select_from(InspectionObject).where(InspectionObject.name == "未提交")
            assert db.session.execute(unsaved).scalar_one() == 0  # rolled back with the request


def test_a_failing_handler_in_a_request_does_not_break_the_response(app, login_as):
    client = login_as("dongbao_staff")
    response = client.post_form("/eventcheck/publish", {"fail": "1"})
    assert response.status_code == 200
    with app.app_context():
        states = {short(d.handler): d.state for d in deliveries()}
        assert states == {
            "on_thing_happened": "delivered",
            "on_thing_failed": "failed",
            "on_thing_slowed": "delivered",
            "on_thing_closure": "delivered",
        }


def test_handlers_run_in_registered_order_and_a_closure_survives_garbage_collection(app):
    with app.app_context():
        gc.collect()  # a weakly connected closure would be gone now
        signal = get_registry().signal(HAPPENED)
        assert len(signal.receivers) == 4
        for i in range(3):
            publish(ThingHappened(i=i), region_id=region("420804").id)
        db.session.commit()
        deliver_pending()
        assert eventcheck.runs == ["happened", "failed", "slowed", "closure"] * 3


def test_a_failing_handler_is_retried_with_backoff_then_dead_lettered_while_the_others_succeed(app):
    with app.app_context():
        event = publish(ThingHappened(fail=True), region_id=region("420822").id)
        db.session.commit()
        start = datetime.now(UTC)
        report = deliver_pending(now=start)
        assert (report.delivered, report.failed) == (3, 1)
        (failing,) = deliveries(state=DeliveryState.FAILED)
        assert short(failing.handler) == "on_thing_failed" and failing.attempts == 1
        assert "下游系统不可用" in failing.last_error
        assert deliver_pending(now=start + timedelta(seconds=29)).claimed == 0  # not due before its backoff

        # 30 s, 60 s, 120 s, 240 s apart (FAZHI_EVENT_RETRY_BASE_SECONDS = 30), then dead after 5.
        now, waits = start, []
        for attempt in range(2, 6):
            db.session.expire_all()
            due = deliveries(state=DeliveryState.FAILED)[0].next_attempt_at.replace(tzinfo=UTC)
            waits.append(round((due - now).total_seconds()))
            now = due
            report = deliver_pending(now=now)
            assert report.claimed == 1
            db.session.expire_all()
            assert deliveries(id=failing.id)[0].attempts == attempt
        assert waits == [30, 60, 120, 240]
        db.session.expire_all()
        (dead,) = deliveries(state=DeliveryState.DEAD)
        assert dead.id == failing.id and dead.attempts == 5
        assert deliver_pending(now=now + timedelta(days=30)).claimed == 0  # the dead stay dead
        assert len(deliveries(state=DeliveryState.DELIVERED)) == 3
        assert effects("happened") == [f"happened:{event.id}"]


@pytest.mark.parametrize("app_config", [{"FAZHI_EVENT_MAX_ATTEMPTS": 1}])
def test_a_dead_delivery_is_replayed_from_the_admin_and_audited(app, login_as):
    with app.app_context():
        publish(ThingHappened(fail=True), region_id=region("420802").id)
        publish(ThingHappened(fail=True), region_id=region("420804").id)
        db.session.commit()
        deliver_pending()
        dead = deliveries(state=DeliveryState.DEAD)
        assert len(dead) == 2
        dongbao_dead, duodao_dead = (d.id for d in dead)

    admin = login_as("dongbao_admin")
    page = admin.get(f"/admin/event_deliveries/?flt0_{filter_index(app, 'event_deliveries', '状态')}=dead").get_data(
        as_text=True
    )  # the state filter
    assert listed_ids(page) == {dongbao_dead}  # 掇刀区 is not theirs
    response = admin.post_form(
        "/admin/event_deliveries/action/",
        {"action": "replay", "rowid": [str(dongbao_dead), str(duodao_dead)]},
    )
    assert response.status_code == 302
    with app.app_context():
        db.session.expire_all()
        states = {d.id: (d.state, d.attempts) for d in deliveries()}
        assert states[dongbao_dead] == ("pending", 0)
        assert states[duodao_dead] == ("dead", 1)  # outside the admin's regions: untouched
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "event_replay")).scalar_one()
        assert entry.username == "dongbao_admin" and entry.subject_id == str(dongbao_dead)
        assert entry.changes == {"state": ["dead", "pending"], "attempts": [1, 0]}

    viewer = login_as("leader")
    assert viewer.get("/admin/event_deliveries/").status_code == 403  # admin pages only


def test_replaying_every_event_twice_changes_nothing(app):
    with app.app_context():
        for code in ("420802", "420804", "420822"):
            publish(ThingHappened(cascade=True), region_id=region(code).id)
            publish(ObjectCreated(), region_id=region(code).id)
        db.session.commit()
        deliver_pending()
        first = counts()
        assert {d.state for d in deliveries()} == {DeliveryState.DELIVERED}
        made = effects()
        assert len(made) == 3 * 4 + 3  # happened, failed, slowed, followed per event; object_created
        for _ in range(2):
            replayed = replay_events()
            db.session.commit()
            assert replayed == first["event_delivery"]
            report = deliver_pending()
            assert report.delivered == first["event_delivery"]
            db.session.expire_all()
            assert effects() == made
            # Nothing new: no record, no key, no event (the cascade is not published again).
            assert counts() == first


def test_an_event_for_a_region_where_the_module_is_off_is_skipped(app):
    with app.app_context():
        dongbao = region("420802")
        with unscoped():
            township = db.session.execute(select(Region).where(Region.name == "子陵铺镇")).scalar_one()
        publish(ObjectCreated(), region_id=dongbao.id)
        db.session.commit()
        assert deliver_pending().delivered == 2  # the bus now remembers "on" for 东宝区…
        with unscoped():
            db.session.execute(EventDelivery.__table__.delete())
        set_module(dongbao, "eventcheck", False, by=None)  # …and forgets it when a switch is written
        db.session.commit()
        for r in (dongbao, township, region("420804")):
            publish(ObjectCreated(), region_id=r.id)
        db.session.commit()
        report = deliver_pending()
        assert (report.delivered, report.skipped) == (4, 2)
        by_region = {}
        for d in deliveries():
            by_region.setdefault(d.region_id, {})[d.plugin_key] = d.state
        off = {"hookcheck": DeliveryState.DELIVERED, "eventcheck": DeliveryState.SKIPPED}
        assert by_region[dongbao.id] == off
        assert by_region[township.id] == off  # a township follows its county
        assert by_region[region("420804").id] == {"hookcheck": "delivered", "eventcheck": "delivered"}
        assert all("停用" in d.last_error for d in deliveries(state=DeliveryState.SKIPPED))
        assert len(effects("object_created")) == 2  # the first event's and 掇刀区's


def test_claim_answers_true_once_per_key_and_rolls_back_with_the_transaction(app):
    with app.app_context():
        assert claim("k:1") is True
        assert claim("k:1") is False
        db.session.rollback()
        assert claim("k:1") is True  # the first claim went with the rolled-back transaction
        db.session.commit()
        assert claim("k:1") is False
        long_key = "x" * 600
        assert claim(long_key) is True and claim(long_key) is False
        assert claim(long_key + "y") is True  # long keys stay distinct through their hash


def test_publish_checks_its_arguments(app):
    with app.app_context():
        with pytest.raises(TypeError, match="事件类的实例"):
            publish("eventcheck.thing.happened", region_id=None)  # a name is not an event
        with pytest.raises(TypeError, match="事件类的实例"):
            publish(CaseEventBase(case_id=1), region_id=None)  # a base class without a name
        with pytest.raises(TypeError, match="JSON"):
            publish(Odd(value=object()), region_id=None)
        with pytest.raises(TypeError, match="不是数据库记录"):
            publish(ThingHappened(), region_id=None, subject=object())
        obj = InspectionObject(name="新对象", region_id=region("420802").id)
        db.session.add(obj)
        with acting_as(None):
            event = publish(ThingHappened(), region_id=obj.region_id, subject=obj)  # flushed for its id
        assert event.subject_type == "hookcheck_inspection_object" and event.subject_id == obj.id


@dataclass(frozen=True, kw_only=True)
class CaseEventBase(EventData):
    """A base of shared fields: no name of its own, so it cannot be published."""

    case_id: int


@dataclass(frozen=True, kw_only=True)
class Odd(EventData):
    name: ClassVar[str] = "eventcheck.odd.published"
    value: object = None


@dataclass(frozen=True, kw_only=True)
class Everything(CaseEventBase):
    """One field of every supported type (the round trip through the outbox's JSON)."""

    name: ClassVar[str] = "eventcheck.everything.happened"
    count: int
    ratio: float = 0.5
    label: str = ""
    flag: bool = False
    on: date | None = None
    at: datetime | None = None
    kind: DeliveryState = DeliveryState.PENDING
    names: tuple[str, ...] = ()
    days: list[date] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)


def test_an_event_class_needs_a_well_formed_name():
    with pytest.raises(ValueError, match="格式"):

        class CaseAccepted(EventData):  # refused as it is defined
            name: ClassVar[str] = "CaseAccepted"


def test_event_data_round_trips_through_the_outbox_json(app):
    data = Everything(
        case_id=7,
        count=3,
        ratio=1,
        label="东宝区",
        flag=True,
        on=date(2024, 9, 29),
        at=datetime(2024, 9, 29, 8, 30, tzinfo=UTC),
        kind=DeliveryState.DEAD,
        names=("甲", "乙"),
        days=[date(2024, 10, 8)],
        extra={"n": 1},
    )
    with app.app_context():
        event = publish(data, region_id=None)
        db.session.commit()
        row = db.session.execute(select(OutboxEvent).where(OutboxEvent.uid == event.id)).scalar_one()
    assert row.payload["on"] == "2024-09-29" and row.payload["at"] == "2024-09-29T08:30:00+00:00"
    assert row.payload["kind"] == "dead" and row.payload["names"] == ["甲", "乙"]
    assert event.data is data and event.name == "eventcheck.everything.happened"
    loaded = Event.from_row(row, Everything)
    assert loaded.data == data and loaded.payload == row.payload


def test_a_payload_of_an_older_shape_still_loads():
    # Stored by an older version: a key since dropped, and none of the fields added since.
    old = Everything.from_payload({"case_id": 1, "count": 2, "dropped_since": "x", "on": "2024-01-02"})
    assert old == Everything(case_id=1, count=2, on=date(2024, 1, 2))
    with pytest.raises(ValueError, match="缺少必填字段"):
        Everything.from_payload({"case_id": 1})  # a field without default cannot be guessed


def test_a_handler_gets_the_event_class_instance_rebuilt_from_the_outbox(app):
    seen = []
    registry = get_registry(app)
    registry.add(ThingFollowed, "eventcheck", lambda event: seen.append(event))
    with app.app_context():
        published = publish(ThingFollowed(after="abc"), region_id=region("420802").id)
        db.session.commit()
        deliver_pending()
    (event,) = seen
    assert isinstance(event.data, ThingFollowed) and event.data == ThingFollowed(after="abc")
    assert event.data is not published.data  # rebuilt from the stored fields, one copy per handler
    assert (event.id, event.name, event.payload) == (published.id, "eventcheck.thing.followed", {"after": "abc"})


def test_handlers_are_registered_by_event_class(app):
    registry = get_registry(app)
    assert registry.classes[HAPPENED] is ThingHappened

    @dataclass(frozen=True)
    class Impostor(EventData):
        name: ClassVar[str] = HAPPENED

    with pytest.raises(TypeError, match="已属于"):
        registry.add(Impostor, "eventcheck", lambda event: None)
    with pytest.raises(TypeError, match="不是事件类"):
        registry.add(HAPPENED, "eventcheck", lambda event: None)  # type: ignore[arg-type]


def test_a_plugin_answering_nonsense_registers_no_handler_and_the_others_work(app):
    with app.app_context():
        failures = {(f.name, f.stage) for f in get_host(app).failures}
        assert ("broken_events", "register_event_handlers") in failures
        assert {s.plugin_key for s in get_registry().subscriptions(HAPPENED)} == {"eventcheck"}


def test_a_delivery_whose_handler_is_gone_fails_and_is_dead_lettered(app):
    with app.app_context():
        publish(ThingHappened(), region_id=region("420802").id)
        db.session.commit()
        with unscoped():
            row = deliveries()[0]
            row.handler = "eventcheck:tests.plugins.eventcheck.plugin.renamed_handler"
            db.session.commit()
        start = datetime.now(UTC)
        deliver_pending(now=start)
        for days in range(1, 6):
            deliver_pending(now=start + timedelta(days=days))
        db.session.expire_all()
        gone = deliveries(id=row.id)[0]
        assert gone.state == DeliveryState.DEAD and "未注册" in gone.last_error


def test_the_command_line_reports_and_replays(app):
    runner = app.test_cli_runner()
    with app.app_context():
        publish(ThingHappened(fail=True), region_id=region("420802").id)
        db.session.commit()
    result = runner.invoke(args=["events", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "投递 3" in result.output and "失败 1" in result.output
    status = runner.invoke(args=["events", "status"]).output
    assert "delivered  3" in status and "failed     1" in status
    replay = runner.invoke(args=["events", "replay", "--all"])
    assert replay.exit_code == 0 and "已重置 4 条" in replay.output
    with app.app_context():
        assert (
            db.session.execute(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "event_replay")
            ).scalar_one()
            == 4
        )


def test_the_admin_lists_events_of_the_users_regions_with_filters(app, login_as):
    with app.app_context():
        publish(ThingHappened(), region_id=region("420802").id)
        publish(ObjectCreated(), region_id=region("420804").id)
        publish(ThingIgnored(), region_id=None)
        db.session.commit()
        ids = dict(db.session.execute(select(OutboxEvent.name, OutboxEvent.id)).all())
    city = login_as("admin")
    assert listed_ids(city.get("/admin/events/").get_data(as_text=True)) == set(ids.values())
    dongbao = login_as("dongbao_admin")
    assert listed_ids(dongbao.get("/admin/events/").get_data(as_text=True)) == {ids[HAPPENED]}
    page = city.get(f"/admin/events/?flt0_{filter_index(app, 'events', '事件')}=hookcheck").get_data(
        as_text=True
    )  # name contains
    assert listed_ids(page) == {ids["hookcheck.object.created"]}
    details = city.get(f"/admin/events/details/?id={ids[HAPPENED]}").get_data(as_text=True)
    assert "on_thing_closure" in details and "待投递" in details
    deliveries_page = city.get(
        f"/admin/event_deliveries/?flt0_{filter_index(app, 'event_deliveries', '事件')}=hookcheck"
    ).get_data(as_text=True)
    assert "hookcheck.object.created" in deliveries_page and HAPPENED not in deliveries_page
    assert dongbao.get(f"/admin/events/details/?id={ids['hookcheck.object.created']}").status_code == 404
    with app.app_context():
        first_delivery = deliveries()[0].id
    details = city.get(f"/admin/event_deliveries/details/?id={first_delivery}")
    assert details.status_code == 200 and "待投递" in details.get_data(as_text=True)
    by_region = city.get(f"/admin/events/?flt0_{filter_index(app, 'events', '行政区划')}=掇刀").get_data(as_text=True)
    assert listed_ids(by_region) == {ids["hookcheck.object.created"]}
    export = city.get("/admin/event_deliveries/export/csv/")
    assert export.status_code == 200 and "on_thing_closure" in export.get_data(as_text=True)
