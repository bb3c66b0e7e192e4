"""The bus of one app (``app.extensions["fazhi.events"]``): its handler registry, settings and switch cache."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from core.events.delivery import SwitchCache
from core.events.registry import EventRegistry
from core.events.settings import BusSettings

EXTENSION_KEY = "fazhi.events"


@dataclass
class EventBus:
    """What one app's bus holds."""

    registry: EventRegistry
    settings: BusSettings
    #: Module switch answers shared by the app's deliveries (requests and workers).
    switches: SwitchCache


def get_bus(app: Flask | None = None) -> EventBus:
    """The `EventBus` of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def get_registry(app: Flask | None = None) -> EventRegistry:
    """The handler registry of `app` (default: the current app)."""
    return get_bus(app).registry
