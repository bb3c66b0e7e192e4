"""The plugin host and the small value types plugins return through the hooks."""

from core.plugins.host import PluginContext, PluginFailure, PluginHost, get_host
from core.plugins.types import Indicator, PluginInfo

__all__ = ["Indicator", "PluginContext", "PluginFailure", "PluginHost", "PluginInfo", "get_host"]
