"""出庭应诉案件登记表: the litigation register as an Excel workbook, exported and imported by the core.

One row per case and instance. The hearings go into one cell, a line each, as office staff write
them in their ledgers::

    2024-04-10 已开庭 负责人：王建国（发言） 律师：李明
    2024-05-10 已开庭 委托：张志强（经准许） 律师：李明
    2024-06-01 已排期

A head and a delegate are named as on the unit's lists (the import refuses a name not on them).
A delegation marked 经准许 is recorded as an approved appearance report of the hearing day, and a
named delegate as having submitted the sealed power of attorney (the register is the record of
it). An imported row goes through `operations` like a case entered by hand: the same checks,
the same deadlines and events — so a hearing without a head or an approved delegate draws its
通报批评 once, and importing the same register twice is refused (案号 already registered).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from core.choices import LabelledEnum
from core.extensions import db
from core.i18n import say
from core.models import Unit
from core.refusals import Refusal
from core.registers import CellError, Column, ImportContext, Register, RowRejected, is_blank, parse_date
from plugins.court import checks, operations
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase, UnitHead, UnitStaff
from plugins.court.vocabulary import (
    CASE_LABELS,
    RULING_FIELDS,
    AbsenceReason,
    AppealDecision,
    CaseResult,
    HearingStatus,
    Instance,
    ReportDecision,
    RulingKind,
    RulingMatter,
)

_STATUS_BY_LABEL = {label: status.value for status, label in HearingStatus.labels().items()}
_HEARING_LINE = re.compile(r"^(\S+)\s+(\S+)(.*)$")
_HEAD = re.compile(r"负责人：([^\s（]+)(（发言）)?")
_DELEGATE = re.compile(r"委托：([^\s（]+)(（经准许）)?")
_LAWYERS = re.compile(r"律师：(\S+)")


def _previous(raw: Any, ctx: ImportContext) -> LitigationCase | None:
    if is_blank(raw):
        return None
    return ctx.one(LitigationCase.case_number, raw, "找不到原审案件“%(value)s”", "原审案号“%(value)s”不唯一")


def hearing_line(hearing: CourtHearing) -> str:
    """One hearing as a line of the register's cell."""
    parts = [hearing.held_on.isoformat(), hearing.status_label]
    if hearing.head is not None:
        parts.append(f"负责人：{hearing.head.name}{'（发言）' if hearing.head_spoke else ''}")
    if hearing.delegate is not None:
        parts.append(f"委托：{hearing.delegate.name}{'（经准许）' if hearing.delegation_approved else ''}")
    if (hearing.lawyers or "").strip():
        parts.append(f"律师：{hearing.lawyers.strip().replace(' ', '')}")
    return " ".join(parts)


def _export_hearings(case: LitigationCase) -> str | None:
    return "\n".join(hearing_line(h) for h in case.hearings) or None


def _parse_hearings(raw: Any, ctx: ImportContext) -> list[dict[str, Any]]:
    if is_blank(raw):
        return []
    hearings = []
    for line in (part.strip() for part in re.split(r"[\n；;]", str(raw))):
        if not line:
            continue
        match = _HEARING_LINE.match(line)
        if match is None or match.group(2) not in _STATUS_BY_LABEL:
            allowed = "、".join(_STATUS_BY_LABEL)
            raise CellError(
                say(
                    "每行应为“日期 状态 负责人：姓名 委托：姓名 律师：姓名”，状态为%(allowed)s（“%(line)s”）",
                    allowed=allowed,
                    line=line,
                )
            )
        rest = match.group(3)
        head, delegate, lawyers = _HEAD.search(rest), _DELEGATE.search(rest), _LAWYERS.search(rest)
        hearings.append(
            {
                "held_on": parse_date(match.group(1)),
                "status": _STATUS_BY_LABEL[match.group(2)],
                "head": head.group(1) if head else None,
                "head_spoke": bool(head and head.group(2)),
                "delegate": delegate.group(1) if delegate else None,
                "approved": bool(delegate and delegate.group(2)),
                "lawyers": lawyers.group(1) if lawyers else "",
            }
        )
    return hearings


def _appearance_summary(case: LitigationCase) -> str | None:
    held = case.held_hearings
    if not held:
        return None
    return f"{sum(1 for h in held if h.head_id is not None)}/{len(held)}"


def _ignore(raw: Any, ctx: ImportContext) -> None:
    return None


def _text(key: str, width: int = 16, **kwargs: Any) -> Column:
    return Column(key, CASE_LABELS[key], width=width, **kwargs)


def _date(key: str, **kwargs: Any) -> Column:
    return Column(key, CASE_LABELS[key], kind="date", width=12, **kwargs)


def _choice(key: str, choices: type[LabelledEnum], **kwargs: Any) -> Column:
    return Column(key, CASE_LABELS[key], kind="choice", choices=choices, width=10, **kwargs)


COLUMNS = (
    _text("court", 20, required=True, max_length=128),
    _text("case_number", 22, required=True, max_length=64),
    _choice("instance", Instance, required=True),
    Column(
        "previous_case",
        CASE_LABELS["previous_case"],
        parse=_previous,
        export=lambda c: c.previous_case.case_number if c.previous_case else None,
        width=20,
        note="二审、再审案件的原审案号（须已登记）",
    ),
    _text("plaintiffs", 20, required=True, max_length=255),
    Column("defendant_unit", CASE_LABELS["defendant_unit"], kind="unit", required=True, width=22),
    _text("contested_act", 24, max_length=255),
    _text("cause", 12, max_length=64),
    _date("filed_on", required=True),
    _date("complaint_copy_received_on"),
    _date("defence_filed_on"),
    Column("decided_on_papers", CASE_LABELS["decided_on_papers"], kind="bool", width=8),
    Column(
        "hearings",
        "开庭及出庭情况",
        parse=_parse_hearings,
        export=_export_hearings,
        width=48,
        note=(
            "每次开庭一行：日期 状态（已排期/已开庭/延期开庭/取消开庭） "
            "负责人：姓名（发言） 委托：姓名（经准许） 律师：姓名"
        ),
    ),
    Column("appearance", "负责人出庭（次/开庭次数）", parse=_ignore, export=_appearance_summary, width=10),
    _choice("ruling_kind", RulingKind),
    _choice("ruling_matter", RulingMatter),
    _date("judged_on"),
    _date("served_on"),
    _choice("result", CaseResult),
    _text("ruling_summary", 24),
    _choice("appeal_decision", AppealDecision),
    _date("appeal_decided_on"),
    _date("recommendation_received_on"),
    _text("recommendation_summary", 24),
    _text("note", 20),
)
_PLAIN = (
    "court",
    "case_number",
    "instance",
    "plaintiffs",
    "contested_act",
    "cause",
    "filed_on",
    "complaint_copy_received_on",
    "defence_filed_on",
    "decided_on_papers",
    "note",
)
#: The case columns a refusal may be reported under (others go under the hearings cell).
_COLUMN_KEYS = frozenset(c.key for c in COLUMNS)


def _rejected(exc: Refusal, default: str) -> RowRejected:
    """The refusal under the register column of the field at fault (a hearing's field: the hearings cell)."""
    # A hearing's or a report's field may share a case column's key (filed_on): the label tells them apart.
    if exc.field not in _COLUMN_KEYS or exc.label not in (
        None,
        CASE_LABELS.get(exc.field),
        say(CASE_LABELS.get(exc.field, "")),
    ):
        return RowRejected(exc.text, default)
    return RowRejected(exc.message, exc.field)


class CaseRegister(Register):
    """出庭应诉案件登记表."""

    key = "court_cases"
    title = "出庭应诉案件登记表"
    model = LitigationCase
    columns = COLUMNS
    year_filter = True

    def query(self, args: dict[str, str]) -> Select:
        """Cases by region, filing date and number; ``year`` limits to the cases filed that year."""
        hearings = selectinload(LitigationCase.hearings)
        query = (
            select(LitigationCase)
            .options(
                selectinload(LitigationCase.defendant_unit),
                selectinload(LitigationCase.previous_case),
                hearings.selectinload(CourtHearing.head),
                hearings.selectinload(CourtHearing.delegate),
                hearings.selectinload(CourtHearing.report),
            )
            .order_by(LitigationCase.region_id, LitigationCase.filed_on, LitigationCase.case_number)
        )
        year = args.get("year", "")
        if year.isdigit():
            first, last = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
            query = query.where(LitigationCase.filed_on.between(first, last))
        return query

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """A case number used once (in the file and at that court); the case as a whole as the form checks it.

        The row is built as unsaved records (nothing enters the session) and run through the same
        checks as a case, its hearings and their reports entered by hand, so every bad row of a file
        is reported at once.
        """
        court, number = values["court"], values["case_number"]
        ctx.claim(f"{court}:{number}", "case_number", "案号")
        exists = db.session.execute(
            select(LitigationCase.id).where(LitigationCase.court == court, LitigationCase.case_number == number)
        ).first()
        if exists:
            raise RowRejected(say("%(court)s的%(number)s已登记", court=court, number=number), "case_number")
        case = self._case(values)
        self.fill(case, values, RULING_FIELDS)
        for spec in values.get("hearings") or []:
            hearing = CourtHearing(
                case=case, held_on=spec["held_on"], status=spec["status"], lawyers=spec["lawyers"] or ""
            )
            self._attendance(hearing, spec)
        try:
            with db.session.no_autoflush:
                for hearing in case.hearings:
                    checks.check_hearing(hearing)
                    if hearing.report is not None:
                        checks.check_report(hearing.report)
                checks.check_case(case)
        except Refusal as exc:
            raise _rejected(exc, "hearings") from None

    @staticmethod
    def _case(values: dict[str, Any]) -> LitigationCase:
        """An unsaved case from a read row, without its judgment."""
        case = LitigationCase(**{key: values.get(key) for key in _PLAIN})
        case.decided_on_papers = bool(values.get("decided_on_papers"))
        case.contested_act, case.cause, case.note = case.contested_act or "", case.cause or "", case.note or ""
        case.ruling_summary = case.recommendation_summary = ""
        case.defendant_unit = values["defendant_unit"]
        case.defendant_unit_id = case.defendant_unit.id
        if values.get("previous_case") is not None:
            case.previous_case = values["previous_case"]
        return case

    def _attendance(self, hearing: CourtHearing, spec: dict[str, Any], ctx: ImportContext | None = None) -> None:
        """Who appeared at a hearing of the register, and the approval the register records."""
        unit = hearing.case.defendant_unit
        head = self._person(UnitHead, unit, spec["head"], "负责人")
        delegate = self._person(UnitStaff, unit, spec["delegate"], "工作人员")
        if delegate is not None and spec["approved"]:
            # The register records the legal office's approval: keep it as the hearing's report.
            hearing.report = AppearanceReport(
                filed_on=spec["held_on"],
                planned_delegate=delegate,
                absence_reason=AbsenceReason.OTHER.value,
                absence_explanation="（登记表导入：经准许委托出庭）",
                explanation_sealed=True,
                decision=ReportDecision.APPROVED.value,
                decided_on=spec["held_on"],
                decided_by_id=getattr(getattr(ctx, "user", None), "id", None),
                decision_note="登记表导入",
            )
        if spec["status"] != HearingStatus.SCHEDULED.value:
            hearing.head, hearing.head_spoke = head, spec["head_spoke"]
            hearing.delegate, hearing.lawyers = delegate, spec["lawyers"] or ""
            hearing.power_of_attorney_filed = delegate is not None

    def save(self, values: dict[str, Any], ctx: ImportContext) -> LitigationCase:
        """The case, then its hearings (who appeared), then the judgment — each through `operations`."""
        case = self._case(values)
        db.session.add(case)
        try:
            changes = operations.prepare_case(case)
            operations.case_saved(case, changes, is_created=True)
            for spec in values.get("hearings") or []:
                self._hearing(case, spec, ctx)
            self.fill(case, values, RULING_FIELDS)
            changes = operations.prepare_case(case)
            operations.case_saved(case, changes, is_created=False)
        except Refusal as exc:
            raise _rejected(exc, "hearings") from None
        return case

    def _hearing(self, case: LitigationCase, spec: dict[str, Any], ctx: ImportContext) -> CourtHearing:
        hearing = CourtHearing(case=case, held_on=spec["held_on"], status=HearingStatus.SCHEDULED.value, lawyers="")
        db.session.add(hearing)
        operations.hearing_saved(hearing, operations.prepare_hearing(hearing), is_created=True)
        self._attendance(hearing, spec, ctx)
        if hearing.report is not None:
            db.session.add(hearing.report)
            operations.report_saved(hearing.report, operations.prepare_report(hearing.report), is_created=True)
        if spec["status"] != HearingStatus.SCHEDULED.value:
            hearing.status = spec["status"]
            changes = operations.prepare_hearing(hearing)
            operations.hearing_saved(hearing, changes, is_created=False)
        return hearing

    @staticmethod
    def _person(model: type, unit: Unit, name: str | None, what: str) -> Any:
        if not name:
            return None
        found = db.session.execute(select(model).where(model.unit_id == unit.id, model.name == name)).scalars().all()
        if len(found) != 1:
            problem = (
                say("“%(name)s”不在%(unit)s的%(list)s名单中", name=name, unit=unit.name, list=say(what))
                if not found
                else say("%(list)s“%(name)s”重名", list=say(what), name=name)
            )
            raise RowRejected(problem, "hearings")
        return found[0]
