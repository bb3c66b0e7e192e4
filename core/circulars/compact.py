"""Renumber the glyphs of the fonts WeasyPrint embeds, so CJK subsets stop carrying empty slots.

WeasyPrint subsets fonts but keeps every glyph at its original index (HarfBuzz's RETAIN_GIDS),
because its content streams address glyphs by index. Noto CJK holds 65,535 glyphs and common
Han characters sit high in it, so a subset of 40 characters still carries ~40,000 empty glyph
slots — about 80 KB per face after compression, ×3 Noto faces per circular. This finisher
(the `finisher` hook of `Document.write_pdf`, meant for post-processing) re-subsets each
embedded font with contiguous glyph ids and renumbers the glyph codes in the content streams,
the width arrays and the ToUnicode maps to match.

It is all or nothing: if the PDF holds anything it does not recognise (a font with a custom
encoding, a text operator it does not parse), it leaves the PDF exactly as WeasyPrint made it —
larger, but correct.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from dataclasses import dataclass, field

import pydyf
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

log = logging.getLogger(__name__)

__all__ = ["compact_fonts"]

_TF = re.compile(rb"^/(\S+) (\S+) Tf$")
_TJ = re.compile(rb"^\[(.*)\] TJ$", re.DOTALL)
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_BFCHAR = re.compile(rb"^<([0-9a-fA-F]{4})> (<[0-9a-fA-F]*>)$")
# Operators that show text; only TJ is what WeasyPrint writes for text, the rest mean "unknown PDF".
_OTHER_TEXT_OPS = re.compile(rb"(?:^|\s)(?:Tj|'|\")$")


class _Unsupported(Exception):
    """Something in the PDF this finisher does not handle; the PDF is left unchanged."""


@dataclass
class _Font:
    """One embedded font program and the dictionaries that refer to it by glyph id."""

    file_stream: pydyf.Stream
    cid_fonts: list[pydyf.Dictionary] = field(default_factory=list)
    to_unicode: list[pydyf.Stream] = field(default_factory=list)
    used: set[int] = field(default_factory=lambda: {0})
    #: Old glyph id → new glyph id, once the font is re-subset.
    gid_map: dict[int, int] = field(default_factory=dict)


def _deref(pdf: pydyf.PDF, ref: object) -> object:
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return pdf.objects[int(ref.split()[0])]
    return ref


def _widths(w: pydyf.Array) -> dict[int, object]:
    # WeasyPrint writes W as [first [w w w …] first [w …] …].
    widths, items = {}, list(w)
    if len(items) % 2:
        raise _Unsupported("W array")
    for first, run in zip(items[::2], items[1::2], strict=True):
        if not isinstance(first, int) or not isinstance(run, (list, tuple)):
            raise _Unsupported("W array")
        for i, width in enumerate(run):
            widths[first + i] = width
    return widths


def _w_array(widths: dict[int, object]) -> pydyf.Array:
    array: pydyf.Array = pydyf.Array()
    run: pydyf.Array | None = None
    for gid in sorted(widths):
        if gid - 1 not in widths or run is None:
            run = pydyf.Array()
            array.extend([gid, run])
        run.append(widths[gid])
    return array


def _collect(pdf: pydyf.PDF) -> tuple[dict[bytes, _Font], dict[int, _Font]]:
    """Map each font resource name and each font file object to its `_Font`."""
    by_file: dict[int, _Font] = {}
    by_name: dict[bytes, _Font] = {}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and "Font" in obj):
            continue
        resources = _deref(pdf, obj["Font"])
        if not isinstance(resources, pydyf.Dictionary):
            continue
        for name, ref in resources.items():
            font = _deref(pdf, ref)
            if not isinstance(font, pydyf.Dictionary) or font.get("Subtype") != "/Type0":
                raise _Unsupported(f"font {name}")
            if font.get("Encoding") != "/Identity-H":
                # WeasyPrint's own CMap for .notdef glyphs: not worth renumbering through.
                raise _Unsupported("custom encoding")
            cid_font = _deref(pdf, font["DescendantFonts"][0])
            descriptor = _deref(pdf, cid_font["FontDescriptor"])
            if cid_font.get("CIDToGIDMap", "/Identity") != "/Identity" or "CIDSet" in descriptor:
                raise _Unsupported("CIDToGIDMap or CIDSet")
            key = "FontFile3" if "FontFile3" in descriptor else "FontFile2"
            file_stream = _deref(pdf, descriptor[key])
            entry = by_file.setdefault(file_stream.number, _Font(file_stream))
            if cid_font not in entry.cid_fonts:
                entry.cid_fonts.append(cid_font)
                entry.used |= set(_widths(cid_font["W"]))
                entry.to_unicode.append(_deref(pdf, font["ToUnicode"]))
            by_name[name.encode() if isinstance(name, str) else name] = entry
    return by_name, by_file


# Tables that do not name glyphs, or that `_compact_cff` renumbers; any other table is dropped
# rather than left pointing at glyphs that moved (the PDF needs none of them).
_CFF_TABLES = {"CFF ", "head", "hhea", "vhea", "maxp", "OS/2", "name", "post", "hmtx", "vmtx", "VORG", "cmap"}


def _slice_metrics(data: bytes, long_count: int, keep: list[int]) -> bytes:
    """Keep the `keep` glyphs' entries of an hmtx/vmtx table, all written as full (advance, bearing) pairs."""
    out = bytearray()
    last_advance = data[4 * (long_count - 1) : 4 * (long_count - 1) + 2]
    for gid in keep:
        if gid < long_count:
            out += data[4 * gid : 4 * gid + 4]
        else:  # past the long entries: the last advance repeats, only the bearing is stored
            offset = 4 * long_count + 2 * (gid - long_count)
            out += last_advance + data[offset : offset + 2]
    return bytes(out)


def _compact_cff(font: TTFont, used: set[int]) -> dict[int, int]:
    """Keep only the `used` glyphs of an OpenType/CFF font, numbered 0…n-1; return old → new ids.

    Done on the font's own structures rather than with fontTools' subsetter, which would decompile
    and recompile every charstring to look for subroutines WeasyPrint has already removed — a
    third of a second per CJK face. Charstring bytecode is carried over untouched.
    """
    cff = font["CFF "].cff
    if cff.major != 1 or len(cff.keys()) != 1:
        raise _Unsupported("CFF layout")
    top = cff[cff.keys()[0]]
    charstrings = top.CharStrings
    if not charstrings.charStringsAreIndexed:
        raise _Unsupported("CFF charstrings")
    order = font.getGlyphOrder()
    keep = sorted(used | {0})
    # The PDF addresses a CID-keyed CFF's glyphs by CID, which viewers look up in the charset,
    # so CID n must name glyph n again; a name-keyed CFF is addressed by glyph id directly.
    if hasattr(top, "ROS"):
        names = [".notdef", *(f"cid{i:05d}" for i in range(1, len(keep)))]
    else:
        names = [order[gid] for gid in keep]
    rename = {order[gid]: names[i] for i, gid in enumerate(keep)}

    index = charstrings.charStringsIndex
    index.items = [index[charstrings.charStrings[order[gid]]] for gid in keep]
    del index.file, index.offsets  # every kept item is loaded; nothing more to read from the file
    charstrings.charStrings = {name: i for i, name in enumerate(names)}
    if hasattr(top, "FDSelect"):
        top.FDSelect.format = None
        top.FDSelect.gidArray = [top.FDSelect.gidArray[gid] for gid in keep]
    top.charset = names
    top.numGlyphs = len(names)

    for tag, header, count in (("hmtx", "hhea", "numberOfHMetrics"), ("vmtx", "vhea", "numberOfVMetrics")):
        if tag in font.reader:
            # Sliced from the raw table: decoding 40,000 entries with fontTools would cost more
            # than everything else here together.
            table = DefaultTable(tag)
            table.data = _slice_metrics(font.reader[tag], getattr(font[header], count), keep)
            font[tag] = table
            setattr(font[header], count, len(keep))
    if "VORG" in font:
        records = font["VORG"].VOriginRecords
        font["VORG"].VOriginRecords = {rename[old]: y for old, y in records.items() if old in rename}
    if "cmap" in font:
        for table in font["cmap"].tables:
            if table.format == 14:  # variation sequences keep their glyphs in a list of their own
                table.uvsDict = {
                    selector: [(code, rename.get(name) if name else None) for code, name in records]
                    for selector, records in table.uvsDict.items()
                }
            else:
                table.cmap = {code: rename[name] for code, name in table.cmap.items() if name in rename}
    if "post" in font:
        font["post"].formatType = 3.0  # no glyph names (CFF carries its own)
    for tag in set(font.keys()) - _CFF_TABLES - {"GlyphOrder"}:
        del font[tag]
    font.setGlyphOrder(names)
    font["maxp"].numGlyphs = len(names)
    return {gid: i for i, gid in enumerate(keep)}


def _subset_truetype(font: TTFont, used: set[int]) -> dict[int, int]:
    """Keep only the `used` glyphs (and their components) of a TrueType font; return old → new ids."""
    order = font.getGlyphOrder()
    options = subset.Options()
    # WeasyPrint already dropped hints and layout tables; only the numbering changes.
    options.retain_gids = False
    options.notdef_outline = True
    options.hinting = True
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.glyph_names = True
    options.prune_unicode_ranges = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[order[gid] for gid in sorted(used | {0})])
    subsetter.subset(font)
    new_index = {name: i for i, name in enumerate(font.getGlyphOrder())}
    return {gid: new_index[order[gid]] for gid in used}


def _resubset(entry: _Font) -> bytes:
    """Return the font program with only the used glyphs, numbered 0…n-1; fill `entry.gid_map`."""
    # No bounding-box or timestamp recalculation: both cost time, and a new timestamp would make
    # the same circular render to different bytes.
    font = TTFont(io.BytesIO(entry.file_stream.stream[0]), recalcBBoxes=False, recalcTimestamp=False)
    if max(entry.used) >= font["maxp"].numGlyphs:
        raise _Unsupported("glyph id out of range")
    if "CFF " in font:
        entry.gid_map = _compact_cff(font, entry.used)
    elif "glyf" in font:
        entry.gid_map = _subset_truetype(font, entry.used)
    else:
        raise _Unsupported("font format")
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _remap_hex(match: re.Match[bytes], gid_map: dict[int, int]) -> bytes:
    digits = match.group(1)
    if len(digits) % 4:
        raise _Unsupported("glyph string")
    try:
        return b"<" + b"".join(b"%04x" % gid_map[int(digits[i : i + 4], 16)] for i in range(0, len(digits), 4)) + b">"
    except KeyError as exc:
        raise _Unsupported("glyph not in W") from exc


def _rewrite_content(stream: pydyf.Stream, by_name: dict[bytes, _Font]) -> list | None:
    """Return the stream's items with glyph codes renumbered, or None if it shows no text."""
    current: _Font | None = None
    items, changed = [], False
    for item in stream.stream:
        if not isinstance(item, bytes):
            if not isinstance(item, (str, int, float)):
                raise _Unsupported("stream item")
        elif item.endswith(b"Tf") and (m := _TF.match(item)):
            if m.group(1) not in by_name:
                raise _Unsupported(f"unknown font {m.group(1)!r}")
            current = by_name[m.group(1)]
        elif item.endswith(b"TJ"):
            if current is None or not (m := _TJ.match(item)):
                raise _Unsupported("TJ")
            item = b"[" + _HEX.sub(functools.partial(_remap_hex, gid_map=current.gid_map), m.group(1)) + b"] TJ"
            changed = True
        elif item.endswith((b"Tj", b"'", b'"')) and _OTHER_TEXT_OPS.search(item):
            raise _Unsupported("text operator")
        items.append(item)
    return items if changed else None


def _rewrite_to_unicode(stream: pydyf.Stream, gid_map: dict[int, int]) -> list:
    items = []
    for item in stream.stream:
        if isinstance(item, bytes) and (m := _BFCHAR.match(item)):
            item = b"<%04x> %s" % (gid_map[int(m.group(1), 16)], m.group(2))
        items.append(item)
    return items


def compact_fonts(document: object, pdf: pydyf.PDF) -> None:
    """`write_pdf` finisher: give every embedded font contiguous glyph ids (see the module docstring).

    Leaves `pdf` untouched if anything in it is not as WeasyPrint writes it.
    """
    # Work out every change first and apply them only once all have succeeded.
    try:
        by_name, by_file = _collect(pdf)
        programs = {number: _resubset(entry) for number, entry in by_file.items()}
        skip = set(by_file) | {s.number for entry in by_file.values() for s in entry.to_unicode}
        contents = {}
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Stream) or obj.number in skip:
                continue
            if (items := _rewrite_content(obj, by_name)) is not None:
                contents[obj.number] = items
    except _Unsupported as exc:
        log.warning("Fonts left uncompacted (%s): the PDF is correct, only larger.", exc)
        return
    except Exception:
        # A font fontTools cannot re-subset must not stop a publish: fall back to WeasyPrint's subset.
        log.exception("Fonts left uncompacted: the PDF is correct, only larger.")
        return
    for number, items in contents.items():
        pdf.objects[number].stream = items
    for number, entry in by_file.items():
        entry.file_stream.stream = [programs[number]]
        if "Length1" in entry.file_stream.extra:
            # TrueType programs carry their uncompressed length (PDF 32000-1 §9.9).
            entry.file_stream.extra["Length1"] = len(programs[number])
        for cid_font in entry.cid_fonts:
            cid_font["W"] = _w_array({entry.gid_map[g]: w for g, w in _widths(cid_font["W"]).items()})
        for to_unicode in entry.to_unicode:
            to_unicode.stream = _rewrite_to_unicode(to_unicode, entry.gid_map)
