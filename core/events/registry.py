"""Who handles which event: the subscriptions plugins declare, held as blinker signals.

Each event name gets a blinker `Signal` of the app's own `Namespace` (never the process-wide
default one, so two apps in one process — tests — do not share handlers). The DESIGN notes
three blinker pitfalls, each closed here:

- receivers are weak references by default, and a handler defined inside a hook function
  would vanish: every subscription is connected with ``weak=False``;
- ``Signal.send`` calls receivers in set order: the signals use an insertion-ordered set, so
  handlers run in plugin load order, then in the order each plugin listed them;
- an exception in one receiver stops the rest: the receiver connected is a `Subscription`
  that hands itself to the delivery runner, which runs the handler in its own transaction
  and never lets an exception out (`core.events.delivery`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableSet
from dataclasses import dataclass
from typing import Any

from blinker import ANY, Namespace, Signal

from core.events.data import EventData, check_event_class
from core.events.types import Event
from core.plugins.host import PluginHost

Handler = Callable[[Event[Any]], None]
#: What a `Subscription` calls when its signal is sent: runs one handler on one event.
Runner = Callable[["Subscription", Event], None]


class OrderedSet(MutableSet):
    """A set that iterates in insertion order (blinker's `Signal.set_class`)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items: dict[Any, None] = dict.fromkeys(items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, value: Any) -> None:
        """Add `value` at the end (no-op if present)."""
        self._items[value] = None

    def discard(self, value: Any) -> None:
        """Remove `value` if present."""
        self._items.pop(value, None)

    def copy(self) -> OrderedSet:
        """A shallow copy, same order."""
        return OrderedSet(self._items)


class OrderedSignal(Signal):
    """A blinker signal whose receivers run in the order they were connected."""

    set_class = OrderedSet


@dataclass(frozen=True, eq=False)
class Subscription:
    """One handler of one event class, declared by one plugin."""

    event_name: str
    #: The class the handler's `event.data` is rebuilt as.
    event_class: type[EventData]
    #: Stable name stored on delivery rows: ``<plugin key>:<module>.<qualified name>``.
    name: str
    plugin_key: str
    function: Handler

    def __call__(self, event: Event, *, run: Runner, only: frozenset[str] | None = None, **_: Any) -> None:
        # Receivers accept **kwargs so the send() call can grow (as Indico's receivers do).
        if only is None or self.name in only:
            run(self, event)


def handler_name(plugin_key: str, function: Handler) -> str:
    """The stable name of a handler: its plugin, module and qualified name."""
    module = getattr(function, "__module__", None) or type(function).__module__
    qualname = getattr(function, "__qualname__", None) or type(function).__qualname__
    return f"{plugin_key}:{module}.{qualname}"[:240]


class EventRegistry:
    """The subscriptions of one app, by event name, in a deterministic order."""

    def __init__(self) -> None:
        self.signals = Namespace()
        self._by_name: dict[str, list[Subscription]] = {}
        #: The class subscribed under each name (one class per name).
        self.classes: dict[str, type[EventData]] = {}

    def add(self, event_class: type[EventData], plugin_key: str, function: Handler) -> Subscription:
        """Subscribe `function` (declared by `plugin_key`) to the events of `event_class`."""
        check_event_class(event_class)
        event_name = event_class.name
        if not callable(function):
            raise TypeError(f"{event_name} 的处理函数 {function!r} 不可调用")
        known = self.classes.setdefault(event_name, event_class)
        if known is not event_class:
            raise TypeError(
                f"事件名称 {event_name} 已属于 {known.__module__}.{known.__qualname__}，不能再用于 {event_class!r}"
            )
        existing = self._by_name.setdefault(event_name, [])
        base = handler_name(plugin_key, function)
        name, n = base, 1
        taken = {s.name for s in existing}
        while name in taken:  # two lambdas of one plugin: keep both, with stable suffixes
            n += 1
            name = f"{base}#{n}"
        subscription = Subscription(
            event_name=event_name, event_class=event_class, name=name, plugin_key=plugin_key, function=function
        )
        existing.append(subscription)
        self.signal(event_name).connect(subscription, sender=ANY, weak=False)
        return subscription

    def signal(self, event_name: str) -> Signal:
        """The app's signal for `event_name` (created on first use)."""
        if event_name not in self.signals:
            self.signals[event_name] = OrderedSignal(doc=f"Event {event_name}")
        return self.signals[event_name]

    def subscriptions(self, event_name: str) -> list[Subscription]:
        """The handlers of `event_name`, in the order they run."""
        return list(self._by_name.get(event_name, ()))

    def find(self, event_name: str, name: str) -> Subscription | None:
        """The subscription called `name` for `event_name`, if it is still registered."""
        return next((s for s in self._by_name.get(event_name, ()) if s.name == name), None)

    def event_names(self) -> list[str]:
        """Every event name somebody handles, sorted."""
        return sorted(self._by_name)


def _check_mapping(mapping: Any, taken: dict[str, type[EventData]]) -> list[tuple[type[EventData], Handler]]:
    if not isinstance(mapping, dict):
        raise TypeError("register_event_handlers() 必须返回 {事件类: [处理函数, …]}")
    pairs = []
    for event_class, handlers in mapping.items():
        check_event_class(event_class)
        known = taken.get(event_class.name, event_class)
        if known is not event_class:
            raise TypeError(f"事件名称 {event_class.name} 已属于 {known.__module__}.{known.__qualname__}")
        if callable(handlers):
            handlers = [handlers]
        if not isinstance(handlers, list | tuple):
            raise TypeError(f"{event_class.name} 的处理函数必须是列表")
        for function in handlers:
            if not callable(function):
                raise TypeError(f"{event_class.name} 的处理函数 {function!r} 不可调用")
            pairs.append((event_class, function))
    return pairs


def build_registry(host: PluginHost) -> EventRegistry:
    """Collect every plugin's `register_event_handlers`, one plugin at a time.

    A plugin whose hook raises or returns something malformed is recorded in `host.failures`
    and contributes no handler at all (half a plugin's subscriptions would be worse than none).
    """
    registry = EventRegistry()
    for key, mapping in host.call_each("register_event_handlers"):
        if mapping is None:
            continue
        try:
            pairs = _check_mapping(mapping, registry.classes)
        except Exception as exc:
            host.report_failure(key, "register_event_handlers", exc)
            continue
        for event_class, function in pairs:
            registry.add(event_class, key, function)
    return registry
