"""Demo cases: a few hundred a year per county, walked through the real operations, from a fixed seed.

The same seed (the region's code or name, the year and the scale) gives the same cases, with the
same applicants, respondents, dates and outcomes. Last year's cases are mostly concluded; this
year's are spread over every state of the life cycle, the recent ones still open — with a few
overdue, deemed accepted, suspended, extended, mediated and abandoned, as in a real register.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from sqlalchemy import select

from core import clock
from core.audit import acting_as
from core.extensions import db
from core.models import Region, RegionLevel, Unit, User
from core.refusals import Refusal
from plugins.admin_review import deadlines, operations
from plugins.admin_review.models import AdministrativeReviewCase, Party
from plugins.admin_review.settings import setting
from plugins.admin_review.vocabulary import (
    ActType,
    Category,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    Procedure,
    SimplifiedGround,
    TerminationGround,
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌志辉海燕鹏飞宇浩凯俊峰亮成林"
FIRMS = ("商贸有限公司", "建筑工程有限公司", "农业专业合作社", "食品有限公司", "物流有限公司", "置业有限公司")
CATEGORY_WEIGHTS = {
    Category.LAND: 10,
    Category.FOREST: 5,
    Category.HOUSING: 12,
    Category.PUBLIC_SECURITY: 25,
    Category.MARKET: 14,
    Category.LABOUR: 14,
    Category.ENVIRONMENT: 6,
    Category.INFORMATION: 8,
    Category.OTHER: 6,
}
DECISION_WEIGHTS = {
    DecisionType.UPHOLD: 44,
    DecisionType.DISMISS_REQUEST: 12,
    DecisionType.REVOKE: 12,
    DecisionType.PARTIAL_REVOKE: 3,
    DecisionType.CONFIRM_ILLEGAL: 9,
    DecisionType.ORDER_PERFORMANCE: 6,
    DecisionType.VARY: 4,
    DecisionType.CONFIRM_INVALID: 1,
    DecisionType.DISMISS_APPLICATION: 3,
}
ACT_FOR_CATEGORY = {
    Category.LAND: ActType.EXPROPRIATION,
    Category.FOREST: ActType.CONFIRMATION,
    Category.HOUSING: ActType.COMPULSION,
    Category.PUBLIC_SECURITY: ActType.PENALTY,
    Category.MARKET: ActType.PENALTY,
    Category.LABOUR: ActType.WORK_INJURY,
    Category.ENVIRONMENT: ActType.PENALTY,
    Category.INFORMATION: ActType.INFORMATION,
    Category.OTHER: ActType.LICENSING,
}


log = logging.getLogger(__name__)

#: States a recent demo case may be left in.
STOP_STATES = (
    "received",
    "correction",
    "accepted",
    "copy_sent",
    "under_review",
    "mediating",
    "suspended",
    "decided",
    "terminated",
    "served",
    "performance_checked",
)


class _Stop(Exception):
    """The next step of a demo case would lie in the future: the case stays where it is."""


class DemoCases:
    """Generates the demo cases of one region for one year."""

    def __init__(self, region: Region, year: int, scale: int, today: dt.date) -> None:
        self.region = region
        self.year = year
        self.today = today
        self.rng = random.Random(f"admin_review:{region.code or region.name}:{year}:{scale}")
        units = db.session.execute(select(Unit).where(Unit.region_id == region.id).order_by(Unit.id)).scalars().all()
        self.respondents = [u for u in units if not u.is_legal_office] or units
        self.staff = (
            db.session.execute(
                select(User)
                .where(User.region_id == region.id, User.role.in_(("staff", "region_admin")))
                .order_by(User.id)
            )
            .scalars()
            .all()
        )
        per_year = setting("DEMO_CASES_PER_YEAR")
        self.count = per_year * scale * (4 if region.level == RegionLevel.CITY else 3) // 3
        self.stop_at: str | None = None
        #: Acts the operations refused while walking the cases (expected: none).
        self.refused: list[str] = []
        self.case: AdministrativeReviewCase | None = None

    def run(self) -> int:
        """Create the year's cases; returns how many."""
        last_day = min(dt.date(self.year, 12, 31), self.today - dt.timedelta(days=1))
        first_day = dt.date(self.year, 1, 2)
        if last_day < first_day:
            return 0
        span = (last_day - first_day).days
        days = sorted(first_day + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(self.count))
        for received_on in days:
            staff = self.rng.choice(self.staff) if self.staff else None
            # Most cases of the last three months stop in an open state, so every state is seen.
            recent = (self.today - received_on).days <= 90 and self.rng.random() < 0.6
            self.stop_at = self.rng.choice(STOP_STATES) if recent else None
            with acting_as(staff):
                self.case = case = self._register(received_on, staff)
                try:
                    self._walk(case)
                except _Stop:
                    pass
                except Refusal as exc:
                    # An act refused (a date the generator did not foresee): the case stays where it
                    # is, consistent, as the act changed nothing. Reported, never fatal to the demo.
                    self.refused.append(f"{case.case_number}: {exc.message}")
                    log.warning("demo case %s stopped: %s", case.case_number, exc.message)
        return len(days)

    # -- one case ----------------------------------------------------------------------------------------

    def _person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    def _register(self, received_on: dt.date, staff: User | None) -> AdministrativeReviewCase:
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        organisation = rng.random() < 0.18
        name = (self.region.name[:2] + self._person()[1:] + rng.choice(FIRMS)) if organisation else self._person()
        simplified = category in (Category.INFORMATION, Category.PUBLIC_SECURITY) and rng.random() < 0.45
        respondent = rng.choice(self.respondents)
        case = AdministrativeReviewCase(
            region_id=self.region.id,
            case_number="",
            received_on=received_on,
            channel=rng.choices(list(Channel), weights=(45, 20, 25, 6, 4))[0],
            applicant_name=name,
            applicant_kind=PartyKind.ORGANISATION if organisation else PartyKind.PERSON,
            applicant_contact=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            agent_name=self._person() if rng.random() < 0.3 else "",
            respondent_id=respondent.id,
            act_type=ACT_FOR_CATEGORY[category],
            act_number=f"{respondent.name[:2]}〔{received_on.year}〕{rng.randint(1, 400)}号",
            act_date=received_on - dt.timedelta(days=rng.randint(5, 55)),
            request=rng.choice(("撤销该行政行为", "确认该行政行为违法", "责令被申请人履行法定职责", "变更处罚决定")),
            category=category,
            major_complex=rng.random() < 0.05,
            procedure=Procedure.SIMPLIFIED if simplified else Procedure.ORDINARY,
            simplified_ground=(
                SimplifiedGround.INFORMATION if category == Category.INFORMATION else SimplifiedGround.ON_THE_SPOT
            )
            if simplified
            else None,
            staff_id=staff.id if staff else None,
        )
        if rng.random() < 0.1:
            case.parties.append(Party(region_id=self.region.id, role=PartyRole.THIRD_PARTY, name=self._person()))
        if organisation is False and rng.random() < 0.05:
            case.parties.append(Party(region_id=self.region.id, role=PartyRole.CO_APPLICANT, name=self._person()))
        return operations.register_case(case)

    def _at(self, day: dt.date) -> dt.date:
        if day >= self.today or str(self.case.state) == self.stop_at:
            raise _Stop
        return day

    def _walk(self, case: AdministrativeReviewCase) -> None:
        rng = self.rng
        day = case.received_on
        roll = rng.random()
        if self.stop_at == "received" and (self.today - day).days <= 5:
            raise _Stop
        if self.stop_at == "correction":
            roll = 0.0
        if roll < 0.08:  # 补正
            day = self._at(day + dt.timedelta(days=rng.randint(1, 3)))
            # Handed over in person: the applicant receives the notice the day it is issued (art 31 ¶2).
            operations.request_correction(case, day, "申请人身份证明、被申请行政行为的相关材料", served_on=day)
            if rng.random() < 0.2 and self.stop_at is None:
                due = deadlines.CORRECTION
                last = deadlines.current_calendar().add_working_days(case.correction_served_on, due.working_days).date
                operations.abandon(case, self._at(last + dt.timedelta(days=1)), system=True)
                return
            day = self._at(day + dt.timedelta(days=rng.randint(3, 12)))
            operations.supplement(case, day)
        elif roll < 0.14:  # 不予受理
            operations.refuse(case, self._at(day + dt.timedelta(days=rng.randint(1, 4))), "不属于行政复议范围")
            return
        if rng.random() < 0.03:  # nobody decided within the review period
            due = deadlines.acceptance_due(case)
            self._at(due + dt.timedelta(days=1))
            operations.deem_accepted(case, due)
            day = due
        else:
            day = self._at(day + dt.timedelta(days=rng.randint(1, 5)))
            operations.accept(case, day)
        self._review(case, day)

    def _review(self, case: AdministrativeReviewCase, accepted: dt.date) -> None:
        rng = self.rng
        day = self._at(accepted + dt.timedelta(days=rng.randint(1, 3 if case.simplified else 6)))
        operations.send_copy(case, day)
        if rng.random() < 0.08:
            reply = case.copy_received_on + dt.timedelta(days=rng.randint(16, 20))
            operations.record_reply_missed(case, self._at(reply))
            day = reply
        else:
            day = self._at(day + dt.timedelta(days=rng.randint(4, 12)))
            operations.receive_reply(case, day)
        if str(case.category) in ("land", "forest"):
            day = self._at(day + dt.timedelta(days=rng.randint(2, 6)))
            operations.investigate(case, day, "到现场调查核实，制作现场勘验笔录")
        if case.major_complex:
            day = self._hearing(case, day)
        if rng.random() < 0.07 or self.stop_at == "suspended":
            day = self._at(day + dt.timedelta(days=rng.randint(2, 8)))
            operations.suspend(case, day, rng.choice(("5", "7", "8")), "需等待相关案件审理结果")
            day = self._at(day + dt.timedelta(days=rng.randint(10, 45)))
            operations.resume(case, day)
        if not case.simplified and rng.random() < 0.06:
            due = deadlines.decision_deadline(case).due_date
            day = self._at(min(due, day + dt.timedelta(days=rng.randint(20, 40))))
            operations.extend(case, day, rng.randint(15, 30), "案情复杂，需进一步调查取证", "行政复议机构负责人")
        roll = {"mediating": 0.0, "terminated": 0.1}.get(self.stop_at or "", rng.random())
        if roll < 0.07:  # mediation
            day = self._at(day + dt.timedelta(days=rng.randint(2, 10)))
            operations.start_mediation(case, day)
            day = self._at(day + dt.timedelta(days=rng.randint(5, 20)))
            if rng.random() < 0.6:
                operations.decide(case, day, DecisionType.MEDIATION, summary="双方达成调解协议")
                self._after(case, day)
                return
            operations.end_mediation(case, day)
        elif roll < 0.13:  # withdrawn or settled
            day = self._at(day + dt.timedelta(days=rng.randint(3, 20)))
            ground = rng.choice((TerminationGround.WITHDRAWN, TerminationGround.SETTLED))
            operations.terminate(case, day, ground, "申请人撤回行政复议申请")
            self._after(case, day)
            return
        due = deadlines.decision_deadline(case).due_date
        late = rng.random() < 0.03
        target = (
            due + dt.timedelta(days=rng.randint(1, 12))
            if late
            else min(due, case.accepted_on + dt.timedelta(days=rng.randint(12, 28 if case.simplified else 55)))
        )
        day = self._at(max(day, target))
        kind = rng.choices(list(DECISION_WEIGHTS), weights=list(DECISION_WEIGHTS.values()))[0]
        redo = kind in (DecisionType.REVOKE, DecisionType.PARTIAL_REVOKE) and rng.random() < 0.5
        operations.decide(
            case,
            day,
            kind,
            number=f"{case.case_number}决定书",
            redo_ordered=redo,
            performance_days=30 if redo or kind == DecisionType.ORDER_PERFORMANCE else None,
        )
        self._after(case, day)

    def _hearing(self, case: AdministrativeReviewCase, day: dt.date) -> dt.date:
        rng = self.rng
        calendar = deadlines.current_calendar()
        notify_day = calendar.add_working_days(day, 2).date
        # Held on a working day that leaves the five working days of written notice (art 51 ¶1).
        hearing_day = calendar.add_working_days(notify_day, 5 + rng.randint(0, 6)).date
        hearing = operations.schedule_hearing(
            case,
            self._at(calendar.add_working_days(day, 1).date),
            hearing_day,
            "行政复议听证室",
            "被申请行政行为的事实和依据",
            self._person(),
            f"{self._person()}、{self._person()}",
            self._person(),
        )
        operations.notify_hearing(hearing, self._at(notify_day))
        roll = rng.random()
        attended, delegate, explanation = roll < 0.8, "", ""
        if not attended and roll < 0.95:
            delegate, explanation = self._person(), "负责人因公出差，委托工作人员参加"
        operations.hold_hearing(
            hearing,
            self._at(hearing_day),
            attended,
            self._person() if attended else "",
            delegate,
            explanation,
            "听证笔录已存卷",
        )
        return hearing_day

    def _after(self, case: AdministrativeReviewCase, decided: dt.date) -> None:
        rng = self.rng
        day = self._at(decided + dt.timedelta(days=rng.randint(2, 7)))
        operations.serve(case, day)
        if any(d.kind == deadlines.HEAD_NOTICE.kind for d in deadlines.pending(case)):
            operations.notify_head(
                case, self._at(day + dt.timedelta(days=rng.randint(1, 8))), "书面告知被申请人主要负责人"
            )
        if case.redo_ordered:
            day = self._at(day + dt.timedelta(days=rng.randint(20, 40)))
            operations.check_performance(case, day, rng.random() < 0.9, "已重新作出行政行为")
        if rng.random() < 0.75:
            day = self._at(day + dt.timedelta(days=rng.randint(20, 80)))
            operations.visit(case, day, "电话回访申请人，对办理结果表示理解")


def load_demo_data(region: Region, scale: int, today: dt.date | None = None, strict: bool = False) -> int:
    """Create the demo cases of `region` (counties and the city) for last year and this year.

    `strict` (the tests): raise when any act of the generated cases was refused.
    """
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE):
        return 0
    today = today or clock.today()
    exists = db.session.execute(
        select(AdministrativeReviewCase.id).where(AdministrativeReviewCase.region_id == region.id).limit(1)
    ).first()
    if exists:
        return 0
    total, refused = 0, []
    for year in (today.year - 1, today.year):
        cases = DemoCases(region, year, scale, today)
        total += cases.run()
        refused += cases.refused
    if strict and refused:
        raise RuntimeError("demo acts refused: " + "; ".join(refused[:5]))
    return total
