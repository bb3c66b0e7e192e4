"""The plugin host: one pluggy `PluginManager` per app, with failures isolated per plugin."""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

import pluggy
from flask import Flask, current_app

from core import hookspecs
from core.plugins.types import PluginInfo

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "fazhi.plugins"
#: The core's own features, registered through the same hooks as any plugin.
BUILTIN_PLUGINS = ("core.builtin",)


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that failed to load, or one of whose hooks raised."""

    #: The plugin key, or the entry-point / module name when it never got that far.
    name: str
    #: "import", "register" or the name of the hook that raised.
    stage: str
    error: str
    traceback: str


@dataclass(frozen=True)
class PluginContext:
    """What a hook gets to reach the suite: the app and the plugin's own key."""

    app: Flask
    plugin_key: str


class PluginHost:
    """Loads the plugins of one app and calls their hooks, one plugin at a time."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pm = pluggy.PluginManager("fazhi")
        self.pm.add_hookspecs(hookspecs)
        #: key → PluginInfo of every loaded plugin, in load order.
        self.plugins: dict[str, PluginInfo] = {}
        self._keys_by_plugin: dict[int, str] = {}
        self.failures: list[PluginFailure] = []

    # -- loading -----------------------------------------------------------------------

    def load(self, module_names: list[str] | None) -> None:
        """Load the built-ins, then `module_names` or, when None, every entry point."""
        for name in BUILTIN_PLUGINS:
            self._load_module(name, lambda n=name: importlib.import_module(n))
        if module_names is None:
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                self._load_module(ep.name, ep.load)
        else:
            for name in module_names:
                self._load_module(name, lambda n=name: importlib.import_module(n))

    def _load_module(self, name: str, loader: Any) -> None:
        try:
            plugin = loader()
        except Exception as exc:  # a broken plugin must not take the suite down
            self._fail(name, "import", exc)
            return
        self.register(plugin, name)

    def register(self, plugin: ModuleType | object, name: str | None = None) -> PluginInfo | None:
        """Register one plugin object; returns its info, or None when it was refused."""
        label = name or getattr(plugin, "__name__", repr(plugin))
        try:
            info = self._describe(plugin)
            if info.key in self.plugins:
                raise ValueError(f"plugin key {info.key!r} is already taken")
            self.pm.register(plugin, name=info.key)
            # Misspelt hook names are a plugin bug: report them instead of silently ignoring.
            self.pm.check_pending()
        except Exception as exc:
            if self.pm.is_registered(plugin):
                self.pm.unregister(plugin)
            self._fail(label, "register", exc)
            return None
        self.plugins[info.key] = info
        self._keys_by_plugin[id(plugin)] = info.key
        return info

    @staticmethod
    def _describe(plugin: object) -> PluginInfo:
        describe = getattr(plugin, "describe_plugin", None)
        if describe is None:
            raise TypeError("a plugin must implement describe_plugin()")
        info = describe()
        if not isinstance(info, PluginInfo):
            raise TypeError("describe_plugin() must return a core.plugins.PluginInfo")
        return info

    def report_failure(self, name: str, stage: str, exc: BaseException) -> None:
        """Record that plugin `name` failed at `stage` (e.g. returned a malformed hook result)."""
        self._fail(name, stage, exc)

    def _fail(self, name: str, stage: str, exc: BaseException) -> None:
        log.error("plugin %s failed at %s: %s", name, stage, exc, exc_info=exc)
        self.failures.append(
            PluginFailure(
                name=name, stage=stage, error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()
            )
        )

    # -- calling -----------------------------------------------------------------------

    def implementations(self, hook_name: str) -> Iterator[tuple[str, Any]]:
        """(plugin key, pluggy HookImpl) of each implementation of `hook_name`, in call order."""
        caller = getattr(self.pm.hook, hook_name)
        # pluggy keeps implementations with tryfirst last; it calls them in reverse.
        for impl in reversed(caller.get_hookimpls()):
            yield self._keys_by_plugin.get(id(impl.plugin), impl.plugin_name), impl

    def call_each(self, hook_name: str, only: set[str] | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every plugin's `hook_name` on its own; a plugin that raises is recorded and skipped.

        `only` limits the call to those plugin keys (e.g. the ones switched on for a region).
        Returns (plugin key, result) for each implementation that returned.
        """
        results: list[tuple[str, Any]] = []
        for key, impl in self.implementations(hook_name):
            if only is not None and key not in only:
                continue
            # Like pluggy itself: an implementation receives only the arguments it names.
            call_kwargs = {name: kwargs.get(name) for name in impl.argnames}
            if "ctx" in call_kwargs and call_kwargs["ctx"] is None:
                call_kwargs["ctx"] = PluginContext(app=self.app, plugin_key=key)
            try:
                results.append((key, impl.function(**call_kwargs)))
            except Exception as exc:
                self._fail(key, hook_name, exc)
        return results

    def collect(self, hook_name: str, only: set[str] | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Like `call_each`, flattening list results into (plugin key, item) pairs."""
        flat: list[tuple[str, Any]] = []
        for key, result in self.call_each(hook_name, only=only, **kwargs):
            if result is None:
                continue
            if isinstance(result, list | tuple):
                flat.extend((key, item) for item in result)
            else:
                flat.append((key, result))
        return flat

    @property
    def switchable_keys(self) -> list[str]:
        """Keys of the plugins an admin can switch per region."""
        return [k for k, info in self.plugins.items() if info.switchable]


def get_host(app: Flask | None = None) -> PluginHost:
    """The `PluginHost` of `app` (default: the current app)."""
    return (app or current_app).extensions["fazhi.plugins"]
