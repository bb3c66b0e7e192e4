"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, works on an offline intranet.

Two shapes leaders read at a glance: a horizontal bar per region (Chinese names need the room
on the left) and a line over the years. Every bar and point is a link to the records behind it
and carries a tooltip (<title>) with the numerator and denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

_BAR = "#2f6fb0"
_LINE = "#c0392b"
_GRID = "#d8dde3"
_TEXT = "#333"


@dataclass(frozen=True)
class Datum:
    """One bar or point: a label, a value (a fraction 0–1 for a rate), its text and its link."""

    label: str
    value: float | None
    #: What the tooltip and the value label say, e.g. "96.0%（427/447）".
    text: str
    url: str | None = None


def _link(url: str | None, inner: str) -> str:
    if not url:
        return inner
    return f'<a href="{escape(url)}">{inner}</a>'


def _fmt(n: float) -> str:
    return f"{n:.1f}"


def _open(kind: str, title: str, width: int, height: int) -> list[str]:
    """The SVG element, its accessible title and the visible caption."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="{_TEXT}">{escape(title)}</text>',
    ]


def bar_chart(title: str, data: list[Datum], *, width: int = 520, label_width: int = 120) -> Markup:
    """Horizontal bars of rates (0–100 %), one row per datum; None is drawn as "—" (no data)."""
    row, top, bottom, right = 26, 28, 22, 150
    height = top + row * max(len(data), 1) + bottom
    plot = width - label_width - right
    parts = _open("bar", title, width, height)
    for tick in (0, 0.5, 1):
        x = label_width + plot * tick
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{top - 4}" x2="{_fmt(x)}" y2="{height - bottom}" stroke="{_GRID}"/>'
            f'<text x="{_fmt(x)}" y="{height - 6}" font-size="10" text-anchor="middle" fill="#777">'
            f"{int(tick * 100)}%</text>"
        )
    for i, d in enumerate(data):
        y = top + i * row
        bar_width = plot * max(0.0, min(1.0, d.value)) if d.value is not None else 0
        bar = (
            f'<g class="bar"><title>{escape(d.label)}：{escape(d.text)}</title>'
            f'<rect x="{label_width}" y="{y + 4}" width="{_fmt(bar_width)}" height="{row - 10}" fill="{_BAR}"/>'
            f'<text x="{_fmt(label_width + bar_width + 4)}" y="{y + row / 2 + 4}" font-size="11" fill="{_TEXT}">'
            f"{escape(d.text)}</text></g>"
        )
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row / 2 + 4}" font-size="12" text-anchor="end" fill="{_TEXT}">'
            f"{escape(d.label)}</text>"
        )
        parts.append(_link(d.url, bar))
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(title: str, data: list[Datum], *, width: int = 360, height: int = 200) -> Markup:
    """A rate (0–100 %) over successive periods (years); gaps where a value is None."""
    left, right, top, bottom = 40, 16, 28, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(data) - 1, 1)
    parts = _open("line", title, width, height)
    for tick in (0, 0.5, 1):
        y = top + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" stroke="{_GRID}"/>'
            f'<text x="{left - 4}" y="{_fmt(y + 3)}" font-size="10" text-anchor="end" fill="#777">'
            f"{int(tick * 100)}%</text>"
        )
    points: list[tuple[float, float] | None] = []
    for i, d in enumerate(data):
        x = left + step * i if len(data) > 1 else left + plot_w / 2
        parts.append(
            f'<text x="{_fmt(x)}" y="{height - 8}" font-size="11" text-anchor="middle" fill="{_TEXT}">'
            f"{escape(d.label)}</text>"
        )
        points.append(None if d.value is None else (x, top + plot_h * (1 - max(0.0, min(1.0, d.value)))))
    segment: list[str] = []
    for point in [*points, None]:
        if point is None:
            if len(segment) > 1:
                parts.append(f'<polyline fill="none" stroke="{_LINE}" stroke-width="2" points="{" ".join(segment)}"/>')
            segment = []
        else:
            segment.append(f"{_fmt(point[0])},{_fmt(point[1])}")
    for d, point in zip(data, points, strict=True):
        if point is None:
            continue
        dot = (
            f'<g class="point"><title>{escape(d.label)}：{escape(d.text)}</title>'
            f'<circle cx="{_fmt(point[0])}" cy="{_fmt(point[1])}" r="4" fill="{_LINE}"/></g>'
        )
        parts.append(_link(d.url, dot))
    parts.append("</svg>")
    return Markup("".join(parts))
