"""The circular renderer, checked on the PDF it produces (parsed back with pypdf and pdfplumber).

Lengths are GB/T 9704-2012's, as DOMAIN.md sets them out: A4, text block 156 × 225 mm at 28 mm
from the left and 37 mm from the top, page numbers' dashes 7 mm below the block.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from core.circulars import render
from core.circulars.fonts import resolve_fonts, vertical_metrics
from core.circulars.render import (
    CircularDocument,
    FontMissingError,
    FontSet,
    MissingGlyphsError,
    Section,
    Table,
    check_glyphs,
    format_date,
    heading_numbers,
    missing_glyphs,
    render_html,
    render_pdf,
)
from core.circulars.samples import sample_circular

MM = 72 / 25.4  # PDF points per millimetre
BLOCK_LEFT, BLOCK_RIGHT = 28 * MM, (28 + 156) * MM
BLOCK_TOP, BLOCK_BOTTOM = 37 * MM, (37 + 225) * MM
TOLERANCE = 1 * MM
EXPECTED_FONTS = {"FandolFang", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC", "AR-PL-KaitiM-GB"}


def font_of(char: dict) -> str:
    """The font name without the subset tag (ABCDEF+FandolFang → FandolFang)."""
    return char["fontname"].split("+", 1)[-1]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def small_doc(**changes) -> CircularDocument:
    doc = CircularDocument(
        number=3,
        year=2026,
        issuing_office="荆门市人民政府办公室",
        issue_date=date(2026, 11, 27),
        title="关于行政复议工作情况的通报",
        sections=[
            Section("基本情况", 1, ["全年共收到行政复议申请一百二十件，依法受理一百零八件。"]),
            Section("主要做法", 2, ["坚持公开听证，注重实地调查。"]),
        ],
        report_to="省司法厅",
        copies=50,
    )
    return replace(doc, **changes)


@pytest.fixture(scope="module")
def sample() -> CircularDocument:
    return sample_circular()


@pytest.fixture(scope="module")
def sample_pdf(sample: CircularDocument) -> bytes:
    return render_pdf(sample)


@pytest.fixture(scope="module")
def pages(sample_pdf: bytes):
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        yield pdf.pages


def page_number_chars(page) -> list[dict]:
    return [c for c in page.chars if c["top"] > BLOCK_BOTTOM + TOLERANCE]


# --------------------------------------------------------------------------------------
# Page geometry
# --------------------------------------------------------------------------------------


def test_every_page_is_a4(sample_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    assert len(reader.pages) >= 20
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)


def test_text_stays_inside_the_text_block(pages) -> None:
    for page in pages:
        inside = [c for c in page.chars if c not in page_number_chars(page)]
        assert inside, f"page {page.page_number} has no text"
        assert min(c["x0"] for c in inside) >= BLOCK_LEFT - TOLERANCE
        assert max(c["x1"] for c in inside) <= BLOCK_RIGHT + TOLERANCE
        assert min(c["top"] for c in inside) >= BLOCK_TOP - TOLERANCE
        assert max(c["bottom"] for c in inside) <= BLOCK_BOTTOM + TOLERANCE


def test_page_numbers_alternate_sides_seven_mm_below_the_block(pages) -> None:
    song = resolve_fonts(FontSet())["song"]
    _, _, dash_top_em = vertical_metrics(song.path, song.index, "—")
    one_char = 14  # "one character in": a 4号 (14 pt) character
    for page in pages:
        n = page.page_number
        chars = page_number_chars(page)
        assert "".join(c["text"] for c in chars) == f"— {n} —"
        assert {font_of(c) for c in chars} == {"Noto-Serif-CJK-SC"}
        assert all(c["size"] == pytest.approx(14, abs=0.05) for c in chars)
        if n % 2:
            assert max(c["x1"] for c in chars) == pytest.approx(BLOCK_RIGHT - one_char, abs=TOLERANCE)
        else:
            assert min(c["x0"] for c in chars) == pytest.approx(BLOCK_LEFT + one_char, abs=TOLERANCE)
        # The dash's top edge (its ink, not its em box): baseline minus the glyph's height.
        baseline = page.height - chars[0]["matrix"][5]
        assert baseline - dash_top_em * 14 == pytest.approx(BLOCK_BOTTOM + 7 * MM, abs=TOLERANCE)


def test_body_follows_the_28_by_22_grid() -> None:
    long_text = "依法行政是法治政府建设的核心要求各级行政机关必须严格按照法定权限和程序行使权力" * 40
    pdf = render_pdf(small_doc(sections=[Section("基本情况", 1, [long_text])]))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 3
        lines = [squeeze(line["text"]) for line in doc.pages[1].extract_text_lines()]
        body = [line for line in lines if not line.startswith("—")]
        # A full page of body text: 22 lines of 28 characters.
        assert len(body) == 22
        assert {len(line) for line in body} == {28}
        first_page = [squeeze(line["text"]) for line in doc.pages[0].extract_text_lines()]
        # The first line of the paragraph starts two characters in: 26 characters.
        assert len(next(line for line in first_page if line.startswith("依法行政"))) == 26


# --------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------


def test_masthead_number_office_and_date(pages, sample: CircularDocument) -> None:
    first = pages[0]
    text = squeeze(first.extract_text())
    assert text.startswith(f"政府情况通报第{sample.number}期{sample.issuing_office}{format_date(sample.issue_date)}")
    masthead = [c for c in first.chars if c["text"] in "政府情况通报" and c["size"] > 40]
    assert "".join(c["text"] for c in masthead) == "政府情况通报"
    assert all(font_of(c) == "Noto-Serif-CJK-SC-Bold" for c in masthead)
    for c in masthead:  # red
        red, green, blue = c["non_stroking_color"]
        assert red > 0.8 and green < 0.1 and blue < 0.2
    office_line = next(line for line in first.extract_text_lines() if "办公室" in line["text"])
    date_chars = [c for c in office_line["chars"] if c["x0"] > 100 * MM]
    assert squeeze("".join(c["text"] for c in date_chars)) == "2026年11月27日"
    assert min(c["x0"] for c in office_line["chars"]) < 40 * MM  # office at the left
    # The red rule across the block, between that line and the title.
    title_top = min(c["top"] for c in first.chars if c["text"] == "关")
    rules = [
        r
        for r in first.rects
        if r["non_stroking_color"][0] > 0.8
        and r["x1"] - r["x0"] == pytest.approx(156 * MM, abs=TOLERANCE)
        and office_line["bottom"] < r["bottom"] < title_top
    ]
    assert rules


def test_a_longer_masthead_is_set_smaller_to_stay_on_one_line() -> None:
    doc = small_doc(masthead="荆门市法治政府建设情况通报")
    with pdfplumber.open(io.BytesIO(render_pdf(doc))) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["size"] > 24]  # larger than the 22 pt title
    assert "".join(c["text"] for c in chars) == "荆门市法治政府建设情况通报"
    assert len({round(c["top"]) for c in chars}) == 1  # one line
    assert min(c["x0"] for c in chars) >= BLOCK_LEFT and max(c["x1"] for c in chars) <= BLOCK_RIGHT + TOLERANCE


def test_chinese_text_is_extractable(pages, sample: CircularDocument) -> None:
    text = squeeze("".join(page.extract_text() for page in pages))
    assert "关于2026年度法治政府建设实施方案落实情况检查结果的通报" in text
    for section in sample.sections:
        for paragraph in section.paragraphs:
            assert squeeze(paragraph) in text
    assert "一、基本情况" in text and "（一）建立健全工作制度" in text and "1.重视程度不够" in text
    assert "（1）建立问题清单" in text


def test_long_table_splits_with_its_header_on_every_page(pages, sample: CircularDocument) -> None:
    table = next(s.table for s in sample.sections if s.table)
    header = "".join(table.header)
    rows = ["".join(row) for row in table.rows]
    assert len(rows) >= 300
    found, pages_with_rows = [], 0
    for page in pages:
        lines = [squeeze(line["text"]) for line in page.extract_text_lines()]
        on_page = [line for line in lines if line in rows]
        if not on_page:
            continue
        pages_with_rows += 1
        # The header heads every page's part of the table.
        assert header in lines
        assert lines.index(header) < lines.index(on_page[0])
        found += on_page
    assert found == rows  # every row once, in order
    assert pages_with_rows >= 15


def test_body_characters_are_drawn_in_the_body_font_only(pages, sample: CircularDocument) -> None:
    body = [p for s in sample.sections for p in s.paragraphs]
    body += ["".join(row) for s in sample.sections if s.table for row in s.table.rows]
    checked = 0
    for page in pages:
        for line in page.extract_text_lines():
            text = squeeze(line["text"])
            if text and any(text in b for b in body):
                assert {font_of(c) for c in line["chars"] if c["text"].strip()} == {"FandolFang"}, text
                checked += len(line["chars"])
    assert checked > 10_000
    # No fallback face anywhere: the PDF's fonts are exactly the configured ones.
    fonts = {font_of(c) for page in pages for c in page.chars}
    assert fonts == EXPECTED_FONTS


def test_headings_and_title_use_their_faces(pages) -> None:
    expected = {
        "关于2026年度法治政府建设实施方案": "Noto-Serif-CJK-SC-Bold",
        "一、基本情况": "Noto-Sans-CJK-SC",
        "（一）建立健全工作制度": "AR-PL-KaitiM-GB",
        "1.重视程度不够": "FandolFang",
        "（1）建立问题清单": "FandolFang",
    }
    seen = {}
    for page in pages:
        for line in page.extract_text_lines():
            if (text := squeeze(line["text"])) in expected:
                seen[text] = {font_of(c) for c in line["chars"] if c["text"].strip()}
    assert seen == {text: {font} for text, font in expected.items()}


def test_distribution_block_sits_at_the_foot_of_the_last_page(pages) -> None:
    last = pages[-1]
    lines = [line for line in last.extract_text_lines() if line["top"] < BLOCK_BOTTOM]
    texts = [squeeze(line["text"]) for line in lines]
    assert texts[-4:] == ["报：省人民政府办公厅，省司法厅", "送：市委办公室，市人大常委会办公室，市政协办公室",
                          "发：各县（市、区）人民政府，市政府各部门", "（共印120份）"]  # fmt: skip
    assert lines[-1]["bottom"] == pytest.approx(BLOCK_BOTTOM - 3 * MM, abs=1.5 * MM)
    # Between rules: black rules spanning the block above the first line and below the last.
    rules = [r for r in last.rects if r["x1"] - r["x0"] == pytest.approx(156 * MM, abs=TOLERANCE)]
    assert min(r["top"] for r in rules) < lines[-4]["top"]
    assert max(r["bottom"] for r in rules) == pytest.approx(BLOCK_BOTTOM, abs=TOLERANCE)


def test_user_html_is_printed_as_text() -> None:
    doc = small_doc(title="关于<b>x</b>的通报", sections=[Section("<i>标题</i>", 1, ["<script>alert(1)</script>"])])
    html = render_html(doc)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert "<script>" not in html and "<i>" not in html
    with pdfplumber.open(io.BytesIO(render_pdf(doc))) as pdf:
        text = squeeze(pdf.pages[0].extract_text())
    assert "关于<b>x</b>的通报" in text
    assert "一、<i>标题</i>" in text and "<script>alert(1)</script>" in text


def test_title_breaks_where_staff_put_a_newline() -> None:
    doc = small_doc(title="关于2026年度行政复议\n工作情况的通报")
    with pdfplumber.open(io.BytesIO(render_pdf(doc))) as pdf:
        lines = [squeeze(line["text"]) for line in pdf.pages[0].extract_text_lines()]
        assert pypdf.PdfReader(io.BytesIO(render_pdf(doc))).metadata.title.endswith(
            "关于2026年度行政复议工作情况的通报"
        )
    assert "关于2026年度行政复议" in lines and "工作情况的通报" in lines


def test_preview_html_renders_to_the_same_pages_as_the_pdf(tmp_path: Path) -> None:
    """The admin preview is the PDF's markup; renumbering the fonts changes no pixel."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
    import weasyprint

    doc = sample_circular(rows=60)
    bare = weasyprint.HTML(string=render_html(doc)).write_pdf()
    ours = render_pdf(doc)
    # Noto Serif Bold and Noto Sans no longer carry ~40,000 empty glyph slots each (~70 KB apiece).
    assert len(bare) - len(ours) > 140_000
    for name, data in (("bare", bare), ("ours", ours)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "50", "-png", tmp_path / f"{name}.pdf", tmp_path / name], check=True)
    bare_pngs, our_pngs = sorted(tmp_path.glob("bare*.png")), sorted(tmp_path.glob("ours*.png"))
    assert len(bare_pngs) == len(our_pngs) >= 3
    for a, b in zip(bare_pngs, our_pngs, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_embedded_fonts_are_subset_with_contiguous_glyph_ids(sample_pdf: bytes) -> None:
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    seen = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cid_font = font["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"].get_object()
            program = (descriptor.get("/FontFile3") or descriptor["/FontFile2"]).get_object().get_data()
            widths = cid_font["/W"]
            used = sum(len(widths[i + 1]) for i in range(0, len(widths), 2))
            seen[font["/BaseFont"].split("+")[1]] = (TTFont(io.BytesIO(program)), used, len(program))
    assert set(seen) == EXPECTED_FONTS
    for name, (font, used, _) in seen.items():
        # Only the glyphs drawn (and .notdef): no empty slots up to the highest original id.
        assert font["maxp"].numGlyphs <= used + 1, name
        if "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
            assert font.getGlyphOrder()[1:] == [f"cid{i:05d}" for i in range(1, font["maxp"].numGlyphs)]
    assert seen["Noto-Serif-CJK-SC-Bold"][2] < 20_000  # ~30 glyphs; before renumbering, 450 KB
    assert sum(size for _, _, size in seen.values()) < 300_000


def test_same_document_gives_the_same_bytes() -> None:
    doc = small_doc()
    assert render_pdf(doc) == render_pdf(doc)


# --------------------------------------------------------------------------------------
# Fonts and glyphs
# --------------------------------------------------------------------------------------


def test_missing_glyphs_reports_characters_outside_the_font() -> None:
    fang = resolve_fonts(FontSet())["fang"]
    assert missing_glyphs("依法行政，2026年（一）。\n", fang.path) == set()
    assert missing_glyphs("法治𠮷😀", fang.path) == {"𠮷", "😀"}


def test_text_outside_the_fonts_is_refused_with_a_clear_message() -> None:
    doc = small_doc(sections=[Section("基本情况", 1, ["申请人𠮷某不服处罚决定。"])])
    with pytest.raises(MissingGlyphsError) as raised:
        render_pdf(doc)
    assert raised.value.missing == {"fang": {"𠮷"}}
    assert "仿宋" in str(raised.value) and "FandolFang" in str(raised.value) and "𠮷" in str(raised.value)
    with pytest.raises(MissingGlyphsError):
        check_glyphs(doc)


def test_a_missing_font_is_a_clear_error() -> None:
    with pytest.raises(FontMissingError, match="未安装通报的仿宋字体“方正仿宋不存在”"):
        render_pdf(small_doc(), FontSet(fang="方正仿宋不存在"))
    with pytest.raises(FontMissingError, match="字体文件不存在"):
        render_pdf(small_doc(), FontSet(hei_file=Path("/nonexistent/FZHei.ttf")))


def test_a_licensed_font_can_be_configured_by_file() -> None:
    fang = resolve_fonts(FontSet())["fang"]
    fonts = FontSet(fang="Office FangSong", fang_file=fang.path)
    with pdfplumber.open(io.BytesIO(render_pdf(small_doc(), fonts))) as pdf:
        line = next(x for x in pdf.pages[0].extract_text_lines() if x["text"].startswith("全年"))
        descriptor_files = {c["fontname"] for c in line["chars"]}
    # WeasyPrint names the face after the family the stylesheet asked for: the file's alias.
    assert descriptor_files and all(name.endswith("+fazhi-fang") for name in descriptor_files)


def test_fonts_and_stylesheet_are_built_once_per_process() -> None:
    fonts = FontSet()
    render_pdf(small_doc(), fonts)
    before = render._engine.cache_info()
    render_pdf(small_doc(number=4), fonts)
    after = render._engine.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses
    assert render._engine(fonts).font_config is render._engine(FontSet()).font_config


# --------------------------------------------------------------------------------------
# The document model
# --------------------------------------------------------------------------------------


def test_headings_are_numbered_by_level() -> None:
    sections = [
        Section("甲", 1),
        Section("乙", 2),
        Section("丙", 3),
        Section("丁", 4),
        Section("戊", 4),
        Section("己", 2),
        Section("庚", 3),
        Section("无号", 3, numbered=False),
        *(Section(str(i), 1) for i in range(2, 22)),
    ]
    numbers = heading_numbers(sections)
    assert numbers[:8] == ["一、甲", "（一）乙", "1.丙", "（1）丁", "（2）戊", "（二）己", "1.庚", "无号"]
    assert numbers[8] == "二、2" and numbers[16] == "十、10" and numbers[17] == "十一、11"
    assert numbers[26] == "二十、20" and numbers[27] == "二十一、21"


def test_bad_documents_are_rejected() -> None:
    with pytest.raises(ValueError, match="1至4级"):
        Section("x", 5)
    with pytest.raises(ValueError, match="第2行有1列"):
        Table(["a", "b"], [["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="期号"):
        small_doc(number=0)
