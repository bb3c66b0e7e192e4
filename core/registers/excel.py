"""Registers as Excel workbooks (openpyxl): a titled sheet to write, header-matched rows to read.

Layout of an exported register: row 1 the title (merged across the columns), row 2 the Chinese
headers, data from row 3, panes frozen under the headers. Reading finds the header row by its
headers, so a workbook whose columns were reordered, or which lacks the title row, reads too.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.registers.spec import Register, RowError, is_blank

#: Rows searched for the header row.
_HEADER_SEARCH_ROWS = 10
_THIN = Side(style="thin", color="999999")
#: Strings Excel would run as formulas; they are written as typed text (never a formula cell).
_FORMULA_STARTS = ("=", "+", "-", "@")


class WorkbookError(ValueError):
    """A file that is not a readable register workbook (message in Chinese)."""


def export_workbook(register: Register, records: Iterable[Any], subtitle: str = "") -> bytes:
    """The register's records as an .xlsx file (bytes), written in streaming (write-only) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(register.title[:31] or "Sheet1")
    width = len(register.columns)
    for index, column in enumerate(register.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    title = WriteOnlyCell(sheet, value=register.title + (f"（{subtitle}）" if subtitle else ""))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.append([title])
    if width > 1:
        sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    headers = []
    for column in register.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        if column.note or column.required:
            cell.comment = Comment(("必填。" if column.required else "") + column.note, "Fazhi")
        headers.append(cell)
    sheet.append(headers)
    for record in records:
        sheet.append([_cell(sheet, value) for value in register.export_row(record)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    """A data cell: dates as dates, formula-like text as typed text, anything else as it is."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        # openpyxl makes "=…" a formula; typed text keeps the value exactly and Excel never runs it.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


@dataclass(frozen=True)
class SheetRows:
    """The data rows of a register workbook: the column keys found, and the rows to read."""

    #: column key → position (0-based) in the sheet.
    positions: dict[str, int]
    #: Headers present in the sheet that the register does not know (ignored, reported).
    unknown_headers: tuple[str, ...]
    #: (spreadsheet row number, raw cells) of every non-blank data row.
    rows: list[tuple[int, tuple[Any, ...]]]


def read_workbook(register: Register, content: bytes) -> SheetRows:
    """The rows of a register workbook; raises `WorkbookError` when the file or its headers are unusable."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"无法读取该文件，请上传 Excel（.xlsx）格式的登记表（{type(exc).__name__}）") from None
    except Exception as exc:  # zipfile.BadZipFile and friends: not an xlsx at all
        raise WorkbookError(f"无法读取该文件，请上传 Excel（.xlsx）格式的登记表（{type(exc).__name__}）") from None
    try:
        sheet = workbook.worksheets[0]
        iterator: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        headers_by_text = {column.header: column.key for column in register.columns}
        header_row = 0
        positions: dict[str, int] = {}
        unknown: list[str] = []
        for number, cells in enumerate(iterator, start=1):
            texts = [str(c).strip() if c is not None else "" for c in cells]
            found = {i: headers_by_text[t] for i, t in enumerate(texts) if t in headers_by_text}
            if len(found) >= max(1, min(3, len(register.columns))):
                header_row = number
                positions = {key: i for i, key in found.items()}
                unknown = [t for t in texts if t and t not in headers_by_text]
                break
            if number >= _HEADER_SEARCH_ROWS:
                break
        if not header_row:
            raise WorkbookError(f"找不到表头行：前{_HEADER_SEARCH_ROWS}行中没有“{register.title}”的列名")
        missing = [c.header for c in register.columns if c.required and c.key not in positions]
        if missing:
            raise WorkbookError("缺少必填列：" + "、".join(f"「{h}」" for h in missing))
        rows = []
        for number, cells in enumerate(iterator, start=header_row + 1):
            if all(is_blank(c) for c in cells):
                continue
            rows.append((number, tuple(cells)))
        return SheetRows(positions=positions, unknown_headers=tuple(unknown), rows=rows)
    finally:
        workbook.close()


def header_errors(sheet: SheetRows) -> list[RowError]:
    """Warnings about unknown headers (their columns are not read)."""
    return [RowError(0, header, "不是本登记表的列，已忽略") for header in sheet.unknown_headers]
