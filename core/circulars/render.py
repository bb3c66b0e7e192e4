"""Rendering of a 《政府情况通报》 circular: HTML for the admin preview, PDF for publishing.

A pure function of a frozen `CircularDocument`: no database, no Flask, so the publishing side can
run it in the event worker or a subprocess. The layout follows GB/T 9704-2012 as DOMAIN.md sets
it out; the stylesheet and the font configuration are built once per process and `FontSet`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .compact import compact_fonts
from .fonts import (
    FontMissingError,
    FontSet,
    MissingGlyphsError,
    ResolvedFont,
    missing_glyphs,
    resolve_fonts,
    vertical_metrics,
)

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

__all__ = [
    "CircularDocument",
    "FontMissingError",
    "FontSet",
    "MissingGlyphsError",
    "Section",
    "Table",
    "check_glyphs",
    "format_date",
    "heading_numbers",
    "masthead_size",
    "missing_glyphs",
    "render_html",
    "render_pdf",
    "text_by_role",
    "warm_up",
]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Table:
    """A table of a section: one header row, then the rows (each as long as the header)."""

    header: list[str]
    rows: list[list[str]]
    #: Optional line printed above the table (表题).
    caption: str = ""
    #: Optional relative column widths (any unit: [1, 4, 4, 2, 1]); by default the layout guesses,
    #: and with long Chinese cells it guesses narrow columns that wrap every cell.
    widths: list[float] | None = None

    def __post_init__(self) -> None:
        for n, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"表格第{n}行有{len(row)}列，表头有{len(self.header)}列。")
        if self.widths is not None and (len(self.widths) != len(self.header) or min(self.widths) <= 0):
            raise ValueError(f"表格列宽应为{len(self.header)}个正数。")

    def percentages(self) -> list[float] | None:
        """The column widths as percentages of the text block, or None to let the layout decide."""
        if not self.widths:
            return None
        total = sum(self.widths)
        return [round(100 * w / total, 3) for w in self.widths]


@dataclass(frozen=True)
class Section:
    """A part of the body: a heading of level 1–4, its paragraphs, and optionally a table.

    Headings are numbered by the renderer (一、 （一） 1. （1）, GB/T 9704 §7.3.3) so that
    reordering sections in the editor never leaves numbers stale; set `numbered` to False for
    a heading that carries no number.
    """

    heading: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    numbered: bool = True

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3, 4):
            raise ValueError(f"标题层次只能是1至4级，收到{self.level}。")


@dataclass(frozen=True)
class CircularDocument:
    """Everything printed on a circular, already decided: its number, date and frozen text."""

    #: 期号, counted per issuing region and year.
    number: int
    year: int
    issuing_office: str
    issue_date: date
    #: The title; a newline marks where a long title is broken (by sense, not by width).
    title: str
    sections: list[Section]
    #: The masthead (版头) printed in red.
    masthead: str = "政府情况通报"
    #: Distribution block (版记): 报 (to superiors), 送 (to peers), 发 (to subordinates).
    report_to: str = ""
    send_to: str = ""
    distribute_to: str = ""
    #: Printed copies (共印N份); None leaves the line out.
    copies: int | None = None

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"期号必须是正整数，收到{self.number}。")


_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    # Headings rarely pass 二十, but a long circular can: 十一, 二十, 九十九.
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (_CHINESE_DIGITS[ones] if ones else "")


def heading_numbers(sections: list[Section]) -> list[str]:
    """Return each section's heading with its number: 一、 （一） 1. （1） by level, restarting below a parent."""
    counters = [0, 0, 0, 0]
    result = []
    for section in sections:
        if not section.heading:
            result.append("")
            continue
        if not section.numbered:
            result.append(section.heading)
            continue
        i = section.level - 1
        counters[i] += 1
        counters[i + 1 :] = [0] * (3 - i)
        n = counters[i]
        prefix = (f"{_chinese_number(n)}、", f"（{_chinese_number(n)}）", f"{n}.", f"（{n}）")[i]
        result.append(prefix + section.heading)
    return result


def format_date(day: date) -> str:
    """Date as printed on a circular: Arabic numerals, no padding (GB/T 9704-2012): 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _distribution(doc: CircularDocument) -> list[tuple[str, str]]:
    lines = (("报：", doc.report_to), ("送：", doc.send_to), ("发：", doc.distribute_to))
    return [(label, text) for label, text in lines if text]


def text_by_role(doc: CircularDocument) -> dict[str, str]:
    """All text of `doc` grouped by the font role that draws it (see `FontSet`); for the glyph check."""
    headings = heading_numbers(doc.sections)
    fang = [f"第{doc.number}期", doc.issuing_office, format_date(doc.issue_date)]
    hei, kai = [], []
    for section, heading in zip(doc.sections, headings, strict=True):
        {1: hei, 2: kai}.get(section.level, fang).append(heading)
        fang.extend(section.paragraphs)
        if section.table:
            hei.extend([section.table.caption, *section.table.header])
            fang.extend(cell for row in section.table.rows for cell in row)
    fang.extend(label + text for label, text in _distribution(doc))
    if doc.copies:
        fang.append(f"（共印{doc.copies}份）")
    return {
        "xiaobiaosong": doc.masthead + doc.title,
        "fang": "".join(fang),
        "hei": "".join(hei),
        "kai": "".join(kai),
        # Page numbers: "— 12 —".
        "song": "— 0123456789",
    }


def check_glyphs(doc: CircularDocument, fonts: FontSet | None = None) -> None:
    """Raise `MissingGlyphsError` (Chinese message) if any text of `doc` lacks a glyph in its role's font.

    Raises `FontMissingError` if a configured font is not installed.
    """
    fonts = fonts or FontSet()
    resolved = resolve_fonts(fonts)
    missing = {}
    for role, text in text_by_role(doc).items():
        face = resolved[role]
        if chars := missing_glyphs(text, face.path, face.index):
            missing[role] = chars
    if missing:
        raise MissingGlyphsError(missing, {role: face.family for role, face in resolved.items()})


@functools.lru_cache(maxsize=1)
def _jinja() -> jinja2.Environment:
    # Autoescape everything: titles, headings and cells are typed by staff and printed as text.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: Page numbers: 4号 (14 pt), their dashes' top edge 7 mm below the text block (GB/T 9704 §7.5).
FOLIO_SIZE_PT = 14.0
FOLIO_GAP_MM = 7.0
_PT_TO_MM = 25.4 / 72


def _folio_padding_mm(fonts: FontSet) -> float:
    """Padding above the page-number line that puts the top of its "—" FOLIO_GAP_MM below the block."""
    song = resolve_fonts(fonts)["song"]
    ascent, descent, dash_top = vertical_metrics(song.path, song.index, "—")
    # The margin box's line is FOLIO_SIZE_PT high; Pango centres the font's ascent + descent in it.
    baseline = FOLIO_SIZE_PT / 2 + (ascent - descent) * FOLIO_SIZE_PT / 2
    return round(FOLIO_GAP_MM - (baseline - dash_top * FOLIO_SIZE_PT) * _PT_TO_MM, 3)


@functools.lru_cache(maxsize=8)
def _stylesheet(fonts: FontSet) -> str:
    faces = [
        (role, {"alias": fonts.css_family(role), "url": Path(path).resolve().as_uri(), "weight": fonts.weight(role)})
        for role in ("song", "xiaobiaosong", "hei", "kai", "fang")
        if (path := fonts.file(role))
    ]
    return (
        _jinja()
        .get_template("circulars/circular.css")
        .render(
            font_faces=faces,
            xiaobiaosong_weight=fonts.xiaobiaosong_weight,
            folio_size=FOLIO_SIZE_PT,
            folio_padding=_folio_padding_mm(fonts),
            **{role: fonts.css_family(role) for role in ("song", "xiaobiaosong", "hei", "kai", "fang")},
        )
    )


#: The masthead's size for the default six characters; longer names are set smaller to stay on one line.
MASTHEAD_SIZE_PT = 52.0
_BLOCK_WIDTH_PT = 156 / _PT_TO_MM


def masthead_size(masthead: str) -> float:
    """Font size (pt) of the red masthead: 52 pt, or less if the name would not fit on one line."""
    # Each character takes 1.12 em (0.12 em letter-spacing), plus 0.12 em of padding to centre it.
    fits = _BLOCK_WIDTH_PT / (1.12 * max(len(masthead), 1) + 0.12)
    return min(MASTHEAD_SIZE_PT, round(fits - 0.05, 1))


def _html(doc: CircularDocument, stylesheet: str | None) -> str:
    template = _jinja().get_template("circulars/circular.html")
    return template.render(
        doc=doc,
        masthead_size=masthead_size(doc.masthead),
        date=format_date(doc.issue_date),
        sections=list(zip(doc.sections, heading_numbers(doc.sections), strict=True)),
        distribution=_distribution(doc),
        stylesheet=stylesheet,
    )


def render_html(doc: CircularDocument, fonts: FontSet | None = None) -> str:
    """Return `doc` as a standalone HTML page (stylesheet inline): the admin preview.

    It is the very markup `render_pdf` lays out, so the preview shows the same content as the PDF
    (a browser shows no page numbers: those live in the @page margins).
    """
    return _html(doc, _stylesheet(fonts or FontSet()))


@dataclass(frozen=True)
class _Engine:
    """What WeasyPrint needs per FontSet, built once per process (the FontConfiguration loads fonts)."""

    css: weasyprint.CSS
    font_config: FontConfiguration
    resolved: dict[str, ResolvedFont]


@functools.lru_cache(maxsize=4)
def _engine(fonts: FontSet) -> _Engine:
    # Imported here so the web process can render previews without loading WeasyPrint and Pango.
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    resolved = resolve_fonts(fonts)  # fail with a clear message before WeasyPrint silently falls back
    font_config = FontConfiguration()
    css = weasyprint.CSS(string=_stylesheet(fonts), font_config=font_config)
    return _Engine(css=css, font_config=font_config, resolved=resolved)


# One FontConfiguration is shared by every render in the process; Pango's font map and
# WeasyPrint's caches on it are not meant for concurrent use, so renders take turns.
_RENDER_LOCK = threading.Lock()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the garbage collector's thresholds for the duration of a render.

    WeasyPrint allocates hundreds of thousands of boxes that all live until the PDF is written;
    with CPython's default thresholds (700, 10, 10) the collector walks them again and again,
    about a fifth of the render's CPU time for a 20-page circular. The old thresholds come back
    afterwards, so the rest of the process is unaffected.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 50_000), max(old[1], 20), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def render_pdf(doc: CircularDocument, fonts: FontSet | None = None, *, check: bool = True) -> bytes:
    """Return `doc` as PDF bytes in the GB/T 9704 layout.

    With `check` (the default) the text is first checked against the fonts (`check_glyphs`), so a
    character that would be drawn in a fallback face raises `MissingGlyphsError` instead. Raises
    `FontMissingError` if a configured font is not installed. Embedded fonts are subset and
    renumbered (`compact_fonts`) to keep the file small. The output is deterministic: the same
    document and fonts give the same bytes.
    """
    import weasyprint

    fonts = fonts or FontSet()
    engine = _engine(fonts)
    if check:
        check_glyphs(doc, fonts)
    html = weasyprint.HTML(string=_html(doc, stylesheet=None))
    with _RENDER_LOCK, _fewer_collections():
        return html.write_pdf(stylesheets=[engine.css], font_config=engine.font_config, finisher=compact_fonts)


def warm_up(fonts: FontSet | None = None) -> None:
    """Load fonts and stylesheet now (at worker start) so the first publish is as fast as the rest."""
    fonts = fonts or FontSet()
    sample = CircularDocument(
        number=1,
        year=2000,
        issuing_office="示例",
        issue_date=date(2000, 1, 1),
        title="示例",
        sections=[Section("示例", 1, ["示例"]), Section("示例", 2, table=Table(["表"], [["表"]]))],
    )
    render_pdf(sample, fonts, check=False)
