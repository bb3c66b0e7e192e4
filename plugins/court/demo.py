"""Deterministic demo data: the source report's picture, and one county where heads stayed away.

Every agency of the city and of each county gets its list of heads and staff, and cases with
hearings in the report's years (2014–2017, every head appeared: "出庭应诉率连续四年保持100%")
and in the last two years. The city's own agencies keep 100% throughout; in 沙洋县 this year some
hearings were attended by a lawyer only, or by staff without approval, so notices and a rate
below 100% show. Records go through `operations` like any user's, so deadlines and events are
the real ones.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zlib
from dataclasses import dataclass

from sqlalchemy import select

from core.events import deliver_committed
from core.extensions import db
from core.models import Region, RegionLevel, Role, Unit, User
from plugins.court import checks, evaluation, operations
from plugins.court.models import (
    AppearanceReport,
    CourtHearing,
    JointMeeting,
    LitigationCase,
    TrialObservation,
    UnitHead,
    UnitStaff,
)
from plugins.court.vocabulary import (
    AbsenceReason,
    CaseResult,
    HeadRank,
    HearingStatus,
    Instance,
    RulingKind,
    StaffStatus,
)

#: The county whose agencies missed hearings in the current year.
COUNTY_WITH_ABSENCES = "沙洋县"
#: The source report's years (100% every year), then the recent ones.
REPORT_YEARS = (2014, 2015, 2016, 2017)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["建国", "志强", "红梅", "海涛", "丽华", "俊杰", "晓东", "文静", "国平", "春燕", "明亮", "秀英"]
CAUSES = [
    ("行政处罚", "行政处罚决定"),
    ("行政强制", "强制拆除决定"),
    ("行政许可", "不予许可决定"),
    ("政府信息公开", "政府信息公开答复"),
    ("工伤认定", "工伤认定决定"),
    ("行政登记", "不动产登记行为"),
]
PLAINTIFFS = ["荆门某建材有限公司", "湖北某置业有限公司", "某运输合作社", "某农业专业合作社"]
#: A stand-in for a scanned, sealed power of attorney (any PDF passes the content check).
_PDF = b"%PDF-1.4\n% demo power of attorney\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class _Upload:
    """What `operations.hearing_saved` reads from an uploaded file."""

    filename: str
    stream: io.BytesIO

    def read(self) -> bytes:
        return self.stream.read()


def _court_of(region: Region) -> str:
    return (
        f"{region.name}中级人民法院" if region.level == RegionLevel.CITY else f"{region.name.rstrip('区县市')}人民法院"
    )


def _code(region: Region) -> str:
    return region.code or f"Z{region.id:03d}"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


#: Each demo agency's heads (规定 art 2) and the staff it may delegate: (post, rank or status, since).
HEAD_POSTS = (("局长", HeadRank.CHIEF, dt.date(2012, 1, 1)), ("副局长", HeadRank.DEPUTY_IN_CHARGE, dt.date(2013, 3, 1)))
STAFF_POSTS = ("法制科科长", "科员")


def _roster(unit: Unit, rng: random.Random) -> tuple[list[UnitHead], list[UnitStaff]]:
    common = {"unit": unit, "region_id": unit.region_id}
    heads = [
        UnitHead(**common, name=_person(rng), position=post, rank=rank.value, in_office_from=since)
        for post, rank, since in HEAD_POSTS
    ]
    staff = [
        UnitStaff(**common, name=_person(rng), position=post, status=StaffStatus.CIVIL_SERVANT.value)
        for post in STAFF_POSTS
    ]
    db.session.add_all(heads + staff)
    return heads, staff


def _save_case(case: LitigationCase, *, created: bool) -> None:
    changes = operations.prepare_case(case)
    operations.case_saved(case, changes, is_created=created)


def _save_hearing(hearing: CourtHearing, *, created: bool, upload: _Upload | None = None) -> None:
    changes = operations.prepare_hearing(hearing, upload)
    operations.hearing_saved(hearing, changes, is_created=created, power_of_attorney=upload)


def _approver(region: Region) -> User | None:
    """Who approves delegations in the demo: the region's admin (a legal office login)."""
    return (
        db.session.execute(
            select(User).where(User.region_id == region.id, User.role == Role.REGION_ADMIN.value).order_by(User.id)
        )
        .scalars()
        .first()
    )


#: How the agency is represented at a hearing in the demo.
HEAD, DELEGATE_APPROVED, DELEGATE_UNAPPROVED, LAWYER_ONLY = "head", "approved", "unapproved", "lawyer"


def _one_case(
    region: Region,
    unit: Unit,
    heads: list[UnitHead],
    staff: list[UnitStaff],
    year: int,
    number: int,
    plan: list[str],
    rng: random.Random,
    approver: User | None,
) -> LitigationCase:
    filed = dt.date(year, rng.randint(1, 6), rng.randint(1, 28))
    received = filed + dt.timedelta(days=rng.randint(2, 5))
    cause, act = rng.choice(CAUSES)
    case = LitigationCase(
        court=_court_of(region),
        case_number=f"({year})鄂{_code(region)[-4:]}行初{number}号",
        plaintiffs=rng.choice(PLAINTIFFS),
        defendant_unit=unit,
        defendant_unit_id=unit.id,
        contested_act=f"{unit.name}作出的{act}",
        cause=cause,
        instance=Instance.FIRST.value,
        filed_on=filed,
        complaint_copy_received_on=received,
        defence_filed_on=received + dt.timedelta(days=rng.randint(5, 12)),
    )
    db.session.add(case)
    _save_case(case, created=True)
    held_on = received + dt.timedelta(days=30)
    today = checks.today()
    for index, how in enumerate(plan):
        day = held_on + dt.timedelta(days=35 * index)
        notice = day - dt.timedelta(days=7)
        if day >= today:  # the demo never records a hearing that has not happened yet
            break
        hearing = CourtHearing(
            case=case,
            held_on=day,
            notice_received_on=notice,
            status=HearingStatus.SCHEDULED.value,
            head_required=rng.random() < 0.2,
        )
        db.session.add(hearing)
        _save_hearing(hearing, created=True)
        report = AppearanceReport(filed_on=notice + dt.timedelta(days=1))
        if how == HEAD:
            report.planned_head = rng.choice(heads)
        elif how in (DELEGATE_APPROVED, DELEGATE_UNAPPROVED):
            report.planned_delegate = staff[0]
            report.absence_reason = AbsenceReason.IRREPLACEABLE_DUTY.value
            report.absence_explanation = "负责人当日须参加市政府常务会议，无法出庭"
            report.explanation_sealed = how == DELEGATE_APPROVED
        if how != LAWYER_ONLY:
            report.hearing = hearing
            db.session.add(report)
            report_changes = operations.prepare_report(report)
            operations.report_saved(report, report_changes, is_created=True)
            if how == DELEGATE_APPROVED and approver is not None:
                operations.decide_report(
                    report, approve=True, note="理由正当，准许委托", user=approver, on=report.filed_on
                )
        hearing.status = HearingStatus.HELD.value
        hearing.lawyers = "湖北某律师事务所律师" + _person(rng)
        upload = None
        if how == HEAD:
            hearing.head = report.planned_head
            hearing.head_spoke = True
        elif how in (DELEGATE_APPROVED, DELEGATE_UNAPPROVED):
            hearing.delegate = staff[0]
            upload = _Upload("授权委托书.pdf", io.BytesIO(_PDF))
        _save_hearing(hearing, created=False, upload=upload)
    if not case.held_hearings:
        return case
    last = case.held_hearings[-1].held_on
    if last + dt.timedelta(days=45) >= today:  # still pending
        return case
    case.ruling_kind = RulingKind.JUDGMENT.value
    case.judged_on = last + dt.timedelta(days=rng.randint(10, 30))
    case.served_on = case.judged_on + dt.timedelta(days=3)
    case.result = CaseResult.LOST.value if rng.random() < 0.15 else CaseResult.WON.value
    case.appeal_decision = "no_appeal"
    case.appeal_decided_on = case.served_on + dt.timedelta(days=rng.randint(3, 10))
    _save_case(case, created=False)
    return case


def _plans(region: Region, year: int, count: int, current: int) -> list[list[str]]:
    """How each case's hearings went: heads everywhere, except 沙洋县 this year."""
    plans = [[HEAD] * (1 + i % 2) for i in range(count)]
    if region.name == COUNTY_WITH_ABSENCES and year == current:
        plans[0] = [LAWYER_ONLY]
        plans[1] = [HEAD, DELEGATE_UNAPPROVED]
        plans += [[DELEGATE_APPROVED], [HEAD], [HEAD], [HEAD]]
    return plans


def load(region: Region, scale: int = 1) -> None:
    """Create the demo records of `region`'s own agencies (the CLI commits)."""
    rng = random.Random(zlib.crc32(region.name.encode()))
    units = list(db.session.execute(select(Unit).where(Unit.region_id == region.id).order_by(Unit.id)).scalars())
    if not units:
        return
    agencies = [u for u in units if not u.is_legal_office] or units
    rosters = {unit.id: _roster(unit, rng) for unit in units}
    db.session.flush()
    approver = _approver(region)
    current = checks.today().year
    years = [*REPORT_YEARS, current - 1, current]
    per_year = (4 if region.level == RegionLevel.CITY else 3) * max(scale, 1)
    number = 0
    for year in years:
        for index, plan in enumerate(_plans(region, year, per_year, current)):
            unit = agencies[(index + year) % len(agencies)]
            heads, staff = rosters[unit.id]
            number += 1
            _one_case(region, unit, heads, staff, year, number, plan, rng, approver)
        db.session.add(
            TrialObservation(
                region_id=region.id,
                held_on=dt.date(year, 9, 15),
                title=f"{year}年度行政案件庭审观摩",
                court=_court_of(region),
                organiser_id=units[0].id,
                participants="各单位分管负责人、法制机构负责人",
                attendee_count=20 + rng.randint(0, 30),
                summary="组织旁听行政案件庭审并座谈",
            )
        )
        db.session.add(
            JointMeeting(
                region_id=region.id,
                held_on=dt.date(year, 3, 20),
                title=f"{year}年行政审判与行政执法联席会议",
                convened_by_id=units[0].id,
                participants=f"{_court_of(region)}、司法局、各执法单位",
                summary="通报上年度行政机关负责人出庭应诉情况，研究典型案例",
            )
        )
    if region.name == COUNTY_WITH_ABSENCES:
        case = (
            db.session.execute(
                select(LitigationCase)
                .where(LitigationCase.region_id == region.id, LitigationCase.judged_on.is_not(None))
                .order_by(LitigationCase.id.desc())
            )
            .scalars()
            .first()
        )
        if case is not None:
            case.recommendation_received_on = case.judged_on
            case.recommendation_summary = "建议加强行政机关负责人出庭应诉工作，严格执行应诉报告和委托准许制度"
            _save_case(case, created=False)
    # The notices come from the events: deliver them now (as a request would after its commit), so
    # the demo shows 沙洋县's 通报批评 without waiting for `flask events work`.
    db.session.commit()
    deliver_committed()
    for unit in agencies:
        for year in (current - 1, current):
            evaluation.evaluate(unit, year)
