"""Values that cross the hook boundary: small frozen dataclasses with documented fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n import translate


@dataclass(frozen=True)
class PluginInfo:
    """Who a plugin is (returned by `describe_plugin`)."""

    #: Short stable key: module switches, event prefixes and URLs use it ("admin_review").
    key: str
    #: Chinese title shown in the menu and on the modules page (行政复议).
    title: str
    #: English title.
    title_en: str
    version: str = "0.1.0"
    #: Keys of plugins this one needs switched on too.
    requires: tuple[str, ...] = ()
    #: Core plugins cannot be switched off per region.
    switchable: bool = True


@dataclass(frozen=True)
class Indicator:
    """One figure for the dashboard and circulars: a rate keeps its numerator and denominator."""

    #: Stable key, unique within the plugin ("correction_rate").
    key: str
    #: Chinese label (纠错率).
    label: str
    numerator: float
    #: None for a plain count; a rate otherwise.
    denominator: float | None = None
    unit: str = ""
    #: Where the records behind the figure are listed (a URL), if anywhere. A list counts exactly
    #: the records of `listed` (the numerator, or a rate's denominator) within the same reporting
    #: scope (`core.reporting`); tests/test_reporting_scope.py holds every plugin to it.
    url: str | None = None
    #: Which count the list at `url` shows: "numerator" or "denominator".
    listed: str = "numerator"
    plugin_key: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def value(self) -> float | None:
        """The rate (numerator ÷ denominator), or the count itself; None when 0 ÷ 0."""
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None
        return self.numerator / self.denominator

    def display(self) -> str:
        """The figure as a leader reads it: "96.0%（427/447）" or "8643"."""
        if self.denominator is None:
            unit = translate(self.unit)
            # An English unit ("cases") is a word of its own; a Chinese one follows the figure.
            return f"{self.numerator:g} {unit}" if unit != self.unit else f"{self.numerator:g}{self.unit}"
        value = self.value
        rate = "—" if value is None else f"{value * 100:.1f}%"
        return f"{rate}（{self.numerator:g}/{self.denominator:g}）"
