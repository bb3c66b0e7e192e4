"""The fonts of a circular: which families play which official role, where their files are, what they cover.

GB/T 9704-2012 names the official faces (方正小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312); most offices
do not hold licences for all of them, so `FontSet` defaults to open faces from Debian packages
(see DOMAIN.md) and an office may configure the ones it has licensed, by fontconfig family or by
file. Nothing here imports Flask: a worker subprocess can use it as is.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont, TTLibError

__all__ = [
    "ROLE_LABELS",
    "FontMissingError",
    "FontSet",
    "MissingGlyphsError",
    "ResolvedFont",
    "missing_glyphs",
    "resolve_fonts",
    "vertical_metrics",
]

#: The roles a face plays in a circular, with the name an office clerk knows them by.
ROLE_LABELS: dict[str, str] = {
    "song": "宋体",
    "xiaobiaosong": "小标宋",
    "hei": "黑体",
    "kai": "楷体",
    "fang": "仿宋",
}

# CSS weights → fontconfig's own weight scale (FC_WEIGHT_*), so `fc-match` picks the same face
# Pango will pick when WeasyPrint asks for that weight.
_FC_WEIGHTS = {100: 0, 200: 40, 300: 50, 400: 80, 500: 100, 600: 180, 700: 200, 800: 205, 900: 210}


class FontMissingError(RuntimeError):
    """A configured font is not installed (or its file does not exist); the message is for staff."""


class MissingGlyphsError(ValueError):
    """Text holds characters the font of its role cannot draw; the message is for staff.

    `missing` maps each role ("fang", "hei", …) to the characters its font lacks.
    """

    def __init__(self, missing: dict[str, set[str]], fonts: dict[str, str]) -> None:
        self.missing = missing
        parts = [
            f"{ROLE_LABELS.get(role, role)}字体“{fonts.get(role, role)}”缺少字符：{' '.join(sorted(chars))}"
            for role, chars in sorted(missing.items())
        ]
        super().__init__(
            "以下字符不在通报所用字体中，印出来会换成别的字体，不符合公文格式。"
            "请改用常用字（或换用覆盖这些字的已授权字体）后再试。" + "；".join(parts) + "。"
        )


@dataclass(frozen=True)
class FontSet:
    """The five faces of a circular, by fontconfig family, each optionally pinned to a font file.

    The defaults are the open stand-ins DOMAIN.md names. Set ``<role>_file`` to use a licensed
    font that is not installed system-wide (an .otf/.ttf; for a .ttc the first face is used).
    Frozen and hashable: it is the key of the per-process stylesheet cache.
    """

    #: 宋体: page numbers.
    song: str = "Noto Serif CJK SC"
    #: 小标宋: masthead and title. Noto has no 小标宋 cut; its Bold is the closest stand-in.
    xiaobiaosong: str = "Noto Serif CJK SC"
    #: 黑体: level-1 headings and table headers.
    hei: str = "Noto Sans CJK SC"
    #: 楷体: level-2 headings.
    kai: str = "AR PL KaitiM GB"
    #: 仿宋: the body. FandolFang covers GB 2312; cwTeX FangSong is traditional-only (DOMAIN.md).
    fang: str = "FandolFang"
    #: Weight of the 小标宋 role: 700 for Noto's Bold, 400 for a real 方正小标宋 (already heavy).
    xiaobiaosong_weight: int = 700
    song_file: Path | None = None
    xiaobiaosong_file: Path | None = None
    hei_file: Path | None = None
    kai_file: Path | None = None
    fang_file: Path | None = None

    def family(self, role: str) -> str:
        """The family configured for `role` ("song", "xiaobiaosong", "hei", "kai", "fang")."""
        return getattr(self, role)

    def file(self, role: str) -> Path | None:
        """The font file configured for `role`, or None to let fontconfig find the family."""
        return getattr(self, f"{role}_file")

    def weight(self, role: str) -> int:
        """The CSS weight the role is set in."""
        return self.xiaobiaosong_weight if role == "xiaobiaosong" else 400

    def css_family(self, role: str) -> str:
        """The name the stylesheet uses for `role`: the family, or an alias bound to the file by @font-face.

        The alias keeps a file-configured face from being confused with an installed family of
        the same name.
        """
        return f"fazhi-{role}" if self.file(role) else self.family(role)


@dataclass(frozen=True)
class ResolvedFont:
    """Where the face for one role lives on this machine."""

    role: str
    family: str
    path: Path
    #: Face index inside a .ttc collection (0 for .otf/.ttf).
    index: int = 0


def _fc_escape(family: str) -> str:
    # fontconfig pattern syntax gives '-', ':', ',' and '\' a meaning of their own.
    for ch in "\\-:,":
        family = family.replace(ch, "\\" + ch)
    return family


def _resolve_role(fonts: FontSet, role: str) -> ResolvedFont:
    family, label = fonts.family(role), ROLE_LABELS[role]
    if (path := fonts.file(role)) is not None:
        path = Path(path)
        if not path.is_file():
            raise FontMissingError(f"通报的{label}字体文件不存在：{path}。请检查字体配置。")
        return ResolvedFont(role, family, path, 0)
    if shutil.which("fc-match") is None:
        raise FontMissingError("找不到 fontconfig（fc-match 命令），无法确认通报字体是否已安装。请安装 fontconfig。")
    weight = _FC_WEIGHTS.get(fonts.weight(role), 80)
    out = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}", f"{_fc_escape(family)}:weight={weight}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout
    parts = out.split("\t")
    # fc-match always answers with *some* font; it is ours only if the family is among its names.
    names = {name.strip().casefold() for name in parts[0].split(",")} if len(parts) == 3 else set()
    if family.casefold() not in names:
        raise FontMissingError(
            f"未安装通报的{label}字体“{family}”。请安装该字体（默认字体见 DOMAIN.md："
            "fonts-noto-cjk、fonts-arphic-gkai00mp、texlive-lang-chinese），或在配置中改用已安装的字体或字体文件。"
        )
    return ResolvedFont(role, family, Path(parts[1]), int(parts[2] or 0))


@functools.lru_cache(maxsize=16)
def resolve_fonts(fonts: FontSet) -> dict[str, ResolvedFont]:
    """Find the file of every role's face; raise `FontMissingError` (Chinese message) if one is missing.

    Cached per process: fontconfig is asked once per `FontSet`.
    """
    roles = [f.name for f in fields(fonts) if f.name in ROLE_LABELS]
    return {role: _resolve_role(fonts, role) for role in roles}


@functools.lru_cache(maxsize=32)
def _codepoints(font_path: str, font_number: int) -> frozenset[int]:
    # Reading a CJK cmap takes tens of milliseconds; every publish checks the same few fonts.
    try:
        with TTFont(font_path, fontNumber=font_number, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError) as exc:
        raise FontMissingError(f"无法读取字体文件 {font_path}：{exc}") from exc


def _is_drawn(ch: str) -> bool:
    # Line breaks, tabs and other control characters are layout, not glyphs.
    return unicodedata.category(ch) not in {"Cc", "Zl", "Zp"}


def missing_glyphs(text: str, font_path: str | Path, font_number: int = 0) -> set[str]:
    """Return the characters of `text` that the font at `font_path` has no glyph for.

    `font_number` selects the face of a .ttc collection. WeasyPrint would draw such characters
    in some other installed font, one by one, which is not acceptable in an official document;
    the publishing side calls this (or `check_glyphs`) to refuse such text before it is frozen.
    """
    cmap = _codepoints(str(font_path), font_number)
    return {ch for ch in set(text) if _is_drawn(ch) and ord(ch) not in cmap}


@functools.lru_cache(maxsize=16)
def vertical_metrics(font_path: str | Path, font_number: int = 0, char: str = "—") -> tuple[float, float, float]:
    """Return (ascent, descent, top of `char`'s ink) in em, as Pango places a line of this font.

    Pango takes ascent and descent from HarfBuzz, which reads the OS/2 typographic values when
    the font sets USE_TYPO_METRICS and the hhea ones otherwise. The circular needs these to put
    the page number's dash exactly 7 mm below the text block, whatever 宋体 is configured.
    """
    with TTFont(str(font_path), fontNumber=font_number, lazy=True) as font:
        upem = font["head"].unitsPerEm
        os2, hhea = font["OS/2"], font["hhea"]
        if os2.fsSelection & (1 << 7) and os2.sTypoAscender:  # USE_TYPO_METRICS
            ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
        else:
            ascent, descent = hhea.ascent, -hhea.descent
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[font.getBestCmap()[ord(char)]].draw(pen)
        ink_top = pen.bounds[3] if pen.bounds else ascent
    return ascent / upem, descent / upem, ink_top / upem
