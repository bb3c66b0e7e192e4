"""Registers (登记表): declared once, exported to Excel and imported with a per-row error report.

    from core.registers import Column, Register, RegisterView

A plugin subclasses `Register` (columns with Chinese headers and parsers, `query` for the export,
`check` and `save` for the import) and adds a `RegisterView` for it to its admin views.
"""

from core.models.registers import ImportJob, ImportMode, ImportState
from core.registers.excel import WorkbookError, export_workbook, read_workbook
from core.registers.importing import ImportResult, import_rows, start_job, wait_for
from core.registers.spec import CellError, Column, ImportContext, Register, RowError, RowRejected, is_blank, parse_date
from core.registers.views import RegisterView

__all__ = [
    "CellError",
    "Column",
    "ImportContext",
    "ImportJob",
    "ImportMode",
    "ImportResult",
    "ImportState",
    "Register",
    "RegisterView",
    "RowError",
    "RowRejected",
    "WorkbookError",
    "export_workbook",
    "import_rows",
    "is_blank",
    "parse_date",
    "read_workbook",
    "start_job",
    "wait_for",
]
