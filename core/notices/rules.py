"""Notice rules: collected from every plugin (the core's own included), applied by event handlers.

The core eats its own cooking: its generic deadline rules come through the builtin plugin's
``register_notice_rules`` hook like any plugin's, and the handlers that apply rules are
subscribed through its ``register_event_handlers`` hook — one handler per rule, so one rule that
fails is retried (and dead-lettered) on its own, visibly, while the others issue their notices.

Each handler is idempotent: ``claim("notice:<rule key>:<dedupe key>")`` guards the notice in the
handler's transaction, and a unique constraint on (rule_key, dedupe_key) backs it up. A rule of
a plugin switched off for the event's region does nothing there.

The core's two rules on ``core.deadline.approaching`` (预警) and ``core.deadline.missed`` (督办)
are *fallbacks*: they stand back for an event some other rule on the same event name takes
(its `applies` is true and it names a unit), so a plugin can replace the generic notice for its
own deadlines with a more specific one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from core import modules
from core.deadlines.events import DeadlineApproaching, DeadlineEvent, DeadlineMissed
from core.events import Event, EventData, claim
from core.events.data import check_event_class
from core.extensions import db
from core.models import Unit
from core.notices.due import deadline_key, due_date, due_text
from core.notices.operations import issue_notice
from core.notices.types import NoticeKind, NoticeRule
from core.plugins.host import PluginHost, get_host
from core.subjects import SubjectRef

log = logging.getLogger(__name__)
EXTENSION_KEY = "fazhi.notice_rules"
#: The core's generic rules, which give way to a plugin's more specific rule on the same event.
FALLBACK_KEYS = frozenset({"core.deadline_approaching", "core.deadline_missed"})


@dataclass(frozen=True)
class RegisteredRule:
    """A rule with the plugin that declared it."""

    rule: NoticeRule
    plugin_key: str
    fallback: bool = False


class NoticeRules:
    """Every rule of one app, by event name, in plugin load order."""

    def __init__(self, registered: list[RegisteredRule]) -> None:
        self.registered = registered
        self.by_event: dict[str, list[RegisteredRule]] = {}
        for item in registered:
            self.by_event.setdefault(item.rule.event.name, []).append(item)

    def for_event(self, name: str) -> list[RegisteredRule]:
        """The rules reacting to event `name`."""
        return list(self.by_event.get(name, ()))

    def find(self, key: str) -> RegisteredRule | None:
        """The rule called `key`."""
        return next((r for r in self.registered if r.rule.key == key), None)

    def handlers(self) -> dict[type[EventData], list[Callable[[Event], None]]]:
        """{event class: [one handler per rule]} for ``register_event_handlers``."""
        return {items[0].rule.event: [_handler(self, item) for item in items] for items in self.by_event.values()}


def _check_rule(rule: Any, taken: set[str]) -> NoticeRule:
    if not isinstance(rule, NoticeRule):
        raise TypeError(f"register_notice_rules() 必须返回 NoticeRule 列表，而不是 {rule!r}")
    if not rule.key:
        raise ValueError("通知规则必须有 key")
    if rule.key in taken:
        raise ValueError(f"通知规则 key {rule.key!r} 重复")
    check_event_class(rule.event)
    NoticeKind(rule.kind)
    if not callable(rule.target_unit) or not callable(rule.applies):
        raise TypeError(f"通知规则 {rule.key}：target_unit 和 applies 必须可调用")
    return rule


def build_rules(host: PluginHost) -> NoticeRules:
    """Collect ``register_notice_rules`` from every plugin; a plugin with a bad rule adds none."""
    registered: list[RegisteredRule] = []
    taken: set[str] = set()
    for key, result in host.call_each("register_notice_rules"):
        if not result:
            continue
        try:
            rules: list[NoticeRule] = []
            seen = set(taken)
            for rule in result if isinstance(result, list | tuple) else [result]:
                rules.append(_check_rule(rule, seen))
                seen.add(rule.key)
        except Exception as exc:
            host.report_failure(key, "register_notice_rules", exc)
            continue
        for rule in rules:
            taken.add(rule.key)
            registered.append(RegisteredRule(rule, key, fallback=key == "core" and rule.key in FALLBACK_KEYS))
    return NoticeRules(registered)


def get_rules(app: Flask) -> NoticeRules:
    """The rules of `app`, collected once."""
    rules = app.extensions.get(EXTENSION_KEY)
    if rules is None:
        rules = app.extensions[EXTENSION_KEY] = build_rules(get_host(app))
    return rules


# -- applying ---------------------------------------------------------------------------------


def _value(value: str | Callable[[Event], str], event: Event) -> str:
    return value(event) if callable(value) else value


def _takes(item: RegisteredRule, event: Event) -> bool:
    """Whether a (non-fallback) rule would issue a notice for `event`."""
    try:
        return bool(_enabled(item, event) and item.rule.applies(event) and item.rule.target_unit(event) is not None)
    except Exception:
        # A specific rule that fails is retried on its own; the fallback must not fill in meanwhile.
        return True


def _enabled(item: RegisteredRule, event: Event) -> bool:
    host = get_host()
    info = host.plugins.get(item.plugin_key)
    if event.region_id is None or info is None or not info.switchable:
        return True
    return modules.is_enabled(item.plugin_key, event.region_id)


def apply_rule(rules: NoticeRules, item: RegisteredRule, event: Event) -> int | None:
    """Issue `item`'s notice for `event` unless it does not apply or was issued already.

    Returns the new notice's id, or None.
    """
    rule = item.rule
    if not _enabled(item, event):
        return None
    if item.fallback and any(_takes(other, event) for other in rules.for_event(event.name) if not other.fallback):
        return None
    if not rule.applies(event):
        return None
    unit_id = rule.target_unit(event)
    if unit_id is None:
        return None
    # Held in a local: the session's identity map is weak, and issue_notice looks the unit up again.
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        # Retrying cannot make the unit exist: say so in the log and let the event go.
        log.warning("notice rule %s: unit %s of event %s does not exist", rule.key, unit_id, event.id)
        return None
    dedupe = rule.dedupe(event) if rule.dedupe else f"{event.subject_type}:{event.subject_id}"
    if not claim(f"notice:{rule.key}:{dedupe}"):
        return None
    rectify_by = rule.rectify_by(event) if rule.rectify_by else None
    notice = issue_notice(
        kind=rule.kind,
        target_unit_id=unit_id,
        title=_value(rule.title, event),
        basis=_value(rule.basis, event),
        region_id=event.region_id,
        subject=SubjectRef(event.subject_type, event.subject_id) if event.subject_type and event.subject_id else None,
        rectify_days=rule.rectify_days,
        rectify_by=rectify_by,
        rule_key=rule.key,
        plugin_key=_plugin_of(rule, event),
        dedupe_key=dedupe[:255],
        source_event_id=event.id,
        issued_by=None,
    )
    return notice.id


def _handler(rules: NoticeRules, item: RegisteredRule) -> Callable[[Event], None]:
    def handler(event: Event) -> None:
        apply_rule(rules, item, event)

    # The delivery rows name the handler: one stable name per rule.
    handler.__name__ = f"apply_notice_rule[{item.rule.key}]"
    handler.__qualname__ = handler.__name__
    handler.__module__ = __name__
    return handler


# -- the core's own rules -----------------------------------------------------------------------


def _deadline_unit(event: Event[DeadlineEvent]) -> int | None:
    return event.data.responsible_unit_id


def _deadline_basis(event: Event[DeadlineEvent]) -> str:
    return event.data.basis


def _deadline_plugin_on(event: Event[DeadlineEvent]) -> bool:
    # A deadline of a module switched off for the region is not the core's business either.
    key = event.data.plugin_key
    host = get_host()
    info = host.plugins.get(key) if key else None
    if info is None or not info.switchable or event.region_id is None:
        return True
    return modules.is_enabled(key, event.region_id)


def _plugin_of(rule: NoticeRule, event: Event) -> str | None:
    """The plugin a rule's notice is about: the rule's own, or (a core rule) the deadline's plugin."""
    owner = rule.key.partition(".")[0]
    if owner != "core":
        return owner
    return getattr(event.data, "plugin_key", None) or None


def core_rules() -> list[NoticeRule]:
    """预警 before a deadline, 督办 after it is missed, to the deadline's responsible unit."""
    return [
        NoticeRule(
            key="core.deadline_approaching",
            event=DeadlineApproaching,
            kind=NoticeKind.WARNING,
            target_unit=_deadline_unit,
            basis=_deadline_basis,
            title=lambda e: f"关于“{e.data.label}”将于{due_text(e)}届满的预警通知",
            applies=_deadline_plugin_on,
            # A warning is answered by acting before the deadline itself.
            rectify_by=due_date,
            # One warning per due date: after an extension the new date may be warned about again.
            dedupe=lambda e: f"deadline:{e.data.deadline_id}:{e.data.due_date.isoformat()}",
        ),
        NoticeRule(
            key="core.deadline_missed",
            event=DeadlineMissed,
            kind=NoticeKind.SUPERVISION,
            target_unit=_deadline_unit,
            basis=_deadline_basis,
            title=lambda e: f"关于“{e.data.label}”已于{due_text(e)}届满未办结的督办通知",
            applies=_deadline_plugin_on,
            rectify_days=15,
            dedupe=deadline_key,
        ),
    ]
