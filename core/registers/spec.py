"""A register declared once: its columns (Chinese headers, how each cell is read and written).

A `Register` is what an office keeps as a spreadsheet (行政复议案件登记表, 出庭应诉登记表…). A plugin
subclasses it, lists its `Column`s and says how a checked row becomes a record (`save`); the core then
exports it (`core.registers.excel`) and imports it (`core.registers.importing`) with a per-row error
report in Chinese that names the row and the column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from flask_babel import gettext
from sqlalchemy import Select

from core import tenancy
from core.choices import LabelledEnum
from core.refusals import Refusal

ColumnKind = Literal["text", "date", "int", "bool", "choice", "unit", "region"]

TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message (Chinese) says what is wrong, not where."""


class RowRejected(Refusal):
    """A row refused as a whole by the register (a duplicate number, dates out of order…).

    A `Refusal` whose field is the column key the fault is reported under (None: the row as a
    whole). A register's `check` and `save` may raise any `Refusal`; its `field` names the column.
    """

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(column, message)

    @property
    def column(self) -> str | None:
        """The column key the fault is reported under."""
        return self.field


@dataclass(frozen=True)
class RowError:
    """One fault of one row: the spreadsheet row number, the column's header and what is wrong."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}「{self.column}」：{self.message}" if self.column else f"{where}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The error as stored in an import job."""
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Column:
    """One column of a register.

    `key` names the value in the row dict the register reads and writes; `header` is the
    Chinese header in the workbook. `export` turns a record into the cell value (default: the
    record's attribute `key`); `parse` reads a raw cell (default: by `kind`). A ``"unit"`` column
    holds an agency (`core.models.Unit`), a ``"region"`` column a region: exported by its name, read
    back as the one of that name in the importing user's regions (`ImportContext.unit`,
    `ImportContext.region`: a blank region cell is the user's own).
    """

    key: str
    header: str
    kind: ColumnKind = "text"
    required: bool = False
    #: For ``kind="choice"``: (stored value, label shown in the workbook) pairs, or a `LabelledEnum` class.
    choices: tuple[tuple[str, str], ...] | type[LabelledEnum] = ()
    max_length: int | None = None
    #: Column width in the workbook (characters).
    width: int = 14
    export: Callable[[Any], Any] | None = None
    parse: Callable[[Any, ImportContext], Any] | None = None
    #: A hint written as the header cell's comment (allowed values, format).
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.choices, type) and issubclass(self.choices, LabelledEnum):
            object.__setattr__(self, "choices", tuple(self.choices.choices()))

    def label_of(self, value: Any) -> Any:
        """The workbook form of a stored value (choice label, 是/否); dates and numbers unchanged."""
        if value is None:
            return None
        if self.kind == "choice":
            return dict(self.choices).get(str(value), str(value))
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind in ("unit", "region"):
            return value.name
        return value

    def read(self, raw: Any, ctx: ImportContext) -> Any:
        """The stored value of a raw cell; raises `CellError` with a message for the user."""
        if self.parse is not None:
            return self.parse(raw, ctx)
        if self.kind == "region":
            return ctx.region(raw)
        if is_blank(raw):
            if self.required:
                raise CellError("必填，不能为空")
            return False if self.kind == "bool" else None
        if self.kind == "unit":
            return ctx.unit(raw)
        return _READERS[self.kind](self, raw)


def is_blank(raw: Any) -> bool:
    """Whether a cell is empty (None or only spaces)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(raw: Any) -> dt.date:
    """A date from a cell: an Excel date, or text such as 2024-09-27, 2024/9/27, 2024年9月27日."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        text = str(int(raw)) if float(raw).is_integer() else text
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    # In the user's language on a page (an act's date); Chinese in an import (no request there).
    raise CellError(gettext("日期格式不正确（“%(text)s”），应为如 2024-09-27 的日期", text=text))


def _read_text(column: Column, raw: Any) -> str:
    text = raw.isoformat() if isinstance(raw, dt.date) else str(raw)
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))  # a number typed into a text column (a phone number, a sequence)
    text = text.strip()
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"超过{column.max_length}个字符（现有{len(text)}个）")
    return text


def _read_int(column: Column, raw: Any) -> int:
    try:
        number = float(str(raw).strip()) if not isinstance(raw, int | float) else float(raw)
    except ValueError:
        raise CellError(f"应为整数（“{raw}”）") from None
    if not number.is_integer():
        raise CellError(f"应为整数（“{raw}”）")
    return int(number)


def _read_bool(column: Column, raw: Any) -> bool:
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"应填“是”或“否”（“{raw}”）")


def _read_choice(column: Column, raw: Any) -> str:
    text = str(raw).strip()
    for value, label in column.choices:
        if text in (label, value):
            return value
    allowed = "、".join(label for _value, label in column.choices)
    raise CellError(f"“{text}”不是可选值（可选：{allowed}）")


_READERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": _read_text,
    "date": lambda column, raw: parse_date(raw),
    "int": _read_int,
    "bool": _read_bool,
    "choice": _read_choice,
}


@dataclass
class ImportContext:
    """What a register sees while it checks and saves the rows of one file."""

    #: The importing user (None from the command line).
    user: Any
    #: Regions the rows may be placed in (None: unscoped).
    scope: frozenset[int] | None
    #: Look-up caches a register may fill (unit names → ids…), valid for this file.
    cache: dict[str, Any] = field(default_factory=dict)
    #: Keys already claimed by earlier rows of the file (e.g. case numbers), to refuse repeats.
    seen: dict[str, int] = field(default_factory=dict)
    #: The spreadsheet row being read (for messages).
    row: int = 0

    def scoped(self, query: Any, model: type) -> Any:
        """`query` limited to the regions this import may place rows in."""
        from core import tenancy

        criterion = tenancy.scope_filter(model, self.scope)
        return query if criterion is None else query.where(criterion)

    def one(self, column: Any, raw: Any, missing: str, ambiguous: str = "") -> Any:
        """The one record of the import's regions whose `column` (``Plan.title``) holds the text of
        cell `raw`, cached per file.

        A blank cell is refused as required; `missing` (none found) and `ambiguous` (several,
        default `missing`) are the cell's errors: Chinese msgids with ``%(value)s`` for the text.
        """
        from sqlalchemy import select

        from core.extensions import db
        from core.i18n import say

        if is_blank(raw):
            raise CellError("必填，不能为空")
        model, value = column.class_, str(raw).strip()
        key = f"{model.__tablename__}.{column.key}:{value}"
        if key not in self.cache:
            query = self.scoped(select(model).where(column == value), model).limit(2)
            found = db.session.execute(query).scalars().all()
            if len(found) != 1:
                raise CellError(say(missing if not found else ambiguous or missing, value=value))
            self.cache[key] = found[0]
        return self.cache[key]

    def unit(self, raw: Any) -> Any:
        """The one unit of the import's regions named `raw` (a required cell), cached per file."""
        from core.models import Unit

        return self.one(Unit.name, raw, "找不到本辖区内的单位“%(value)s”", "单位名称“%(value)s”不唯一")

    def region(self, raw: Any) -> Any:
        """The region of the import's regions named `raw`; a blank cell (or none): the importing user's own."""
        from core.extensions import db
        from core.models import Region

        if is_blank(raw) and self.user is not None:
            return db.session.get(Region, self.user.region_id)
        return self.one(Region.name, raw, "找不到本辖区内的行政区划“%(value)s”")

    def claim(self, key: str, column: str, what: str) -> None:
        """Refuse a second row of the file with the same `key` (e.g. the same case number)."""
        first = self.seen.get(key)
        if first is not None and first != self.row:
            raise RowRejected(f"{what}与第{first}行重复", column)
        self.seen[key] = self.row


class Register:
    """A register: subclass, set `key`, `title`, `columns`, and implement `query` and `save`."""

    #: Stable key ("admin_review_cases"); import jobs keep it.
    key: ClassVar[str] = ""
    #: The register's Chinese name, used as the workbook title and file name (行政复议案件登记表).
    title: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    #: The model the register's rows are (for scoping the export query).
    model: ClassVar[type | None] = None
    #: Whether the export page offers a year filter (passed to `query` as ``args["year"]``).
    year_filter: ClassVar[bool] = False

    # -- export ------------------------------------------------------------------------------------

    def query(self, args: dict[str, str]) -> Select:
        """The records to export as a SELECT (unscoped: the core adds the scope); `args` are filters."""
        raise NotImplementedError

    def records(self, scope: frozenset[int] | None, args: dict[str, str] | None = None) -> Iterable[Any]:
        """The records of the register the user may see, in order."""
        from core.extensions import db

        statement = self.query(args or {})
        criterion = tenancy.scope_filter(self.model, scope) if self.model is not None else None
        if criterion is not None:
            statement = statement.where(criterion)
        return db.session.execute(statement).scalars().all()

    def export_row(self, record: Any) -> list[Any]:
        """The workbook cells of one record, in column order."""
        cells = []
        for column in self.columns:
            value = column.export(record) if column.export else getattr(record, column.key, None)
            cells.append(column.label_of(value))
        return cells

    # -- import ------------------------------------------------------------------------------------

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """Cross-column checks of one read row; raise `RowRejected` naming the column. Default: none."""

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        """Create (or update) the record of one checked row in the current transaction; may raise `RowRejected`."""
        raise NotImplementedError

    def fill(self, record: Any, values: dict[str, Any], keys: Iterable[str]) -> None:
        """Set the read values of the columns `keys` on `record` (a key the row lacks is left alone).

        A blank cell of a plain text column is stored as "", as the forms store an empty field: the
        models keep text NOT NULL, so an imported record reads like one entered by hand.
        """
        for key in keys:
            if key in values:
                value = values[key]
                setattr(record, key, "" if value is None and key in self._plain_text else value)

    @functools.cached_property
    def _plain_text(self) -> frozenset[str]:
        """The keys of the text columns read as they are (no `parse`), worked out once per register."""
        return frozenset(c.key for c in self.columns if c.kind == "text" and c.parse is None)

    # -- helpers -----------------------------------------------------------------------------------

    def column(self, key: str) -> Column:
        """The column with `key`."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def header_of(self, key: str | None) -> str | None:
        """The Chinese header of column `key` (for messages), or `key` itself if it is none."""
        if key is None:
            return None
        try:
            return self.column(key).header
        except KeyError:
            return key
