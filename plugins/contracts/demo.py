"""Demo registers: the city's three years of the source report, and each county's smaller register.

The city (荆门市) gets the history the source report gives — 市法制办审查政府合同259件，涉及标的额
4890亿，提出审查意见1619条 in 2015–2017, and 151 contracts signed 2013–2017 checked for their
performance. Those years predate the system, so their contracts and opinions are entered as the
paper register recorded them (`operations.import_contract`, checked like any import) and the
2017 check is recorded through the operations; every figure is computed from the records
(`indicators.figures`), never stored. The counties (and functional zones) get
`FAZHI_CONTRACTS_DEMO_PER_COUNTY_YEAR` contracts a year for last year and this, left in every
state of the life cycle. The same seed (region, year, scale) gives the same register.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select

from core import clock
from core.deadlines.operations import current_calendar
from core.extensions import db
from core.models import Region, RegionLevel, Unit
from plugins.contracts import credit_code, operations
from plugins.contracts.models import Contract, Counterparty, ReviewOpinion, SupervisionCheck
from plugins.contracts.settings import setting
from plugins.contracts.vocabulary import Aspect, ContractKind, FundingSource, Severity

#: The source report's figures for the city (荆门市政府法制办供稿).
REPORT_YEARS = {2015: 78, 2016: 86, 2017: 95}
REPORT_CONTRACTS = 259
REPORT_AMOUNT_YUAN = 489_000_000_000  # 4,890亿元
REPORT_OPINIONS = 1619
REPORT_CHECKED = 151
#: Earlier contracts (signed 2013–2014) that the 2013–2017 performance check also covered.
EARLIER_YEARS = {2013: 26, 2014: 30}

FIRMS = ("建设投资有限公司", "城市发展集团有限公司", "置业有限公司", "环境科技有限公司", "交通建设有限公司",
         "水务有限公司", "信息技术有限公司", "农业发展有限公司", "物业服务有限公司", "融资担保有限公司")  # fmt: skip
PLACES = ("荆门", "东宝", "掇刀", "漳河", "钟祥", "京山", "沙洋", "屈家岭", "荆楚", "汉江")
KIND_WEIGHTS = {
    ContractKind.LAND_TRANSFER: 14,
    ContractKind.PPP: 8,
    ContractKind.CONCESSION: 5,
    ContractKind.PROCUREMENT: 22,
    ContractKind.CONSTRUCTION: 18,
    ContractKind.LEASE: 8,
    ContractKind.LOAN: 6,
    ContractKind.GUARANTEE: 3,
    ContractKind.COOPERATION: 16,
}
TITLES = {
    ContractKind.LAND_TRANSFER: "国有建设用地使用权出让合同",
    ContractKind.PPP: "PPP项目合同",
    ContractKind.CONCESSION: "特许经营协议",
    ContractKind.PROCUREMENT: "政府采购合同",
    ContractKind.CONSTRUCTION: "建设工程施工合同",
    ContractKind.LEASE: "国有资产租赁合同",
    ContractKind.LOAN: "借款合同",
    ContractKind.GUARANTEE: "担保合同",
    ContractKind.COOPERATION: "战略合作协议",
}
ISSUES = (
    (Aspect.ELIGIBILITY, "第一条 合同主体", "相对方营业执照经营范围未涵盖合同事项", "请核实相对方资质并补充资质证明"),
    (Aspect.PROCEDURE, "前言", "未附招标（采购）程序的合法性材料", "补充招标文件及中标通知书"),
    (Aspect.TERMS, "第五条 价款及支付", "付款节点与验收节点不对应", "约定以验收合格为付款条件"),
    (Aspect.TERMS, "第八条 违约责任", "违约责任约定不对等", "增加相对方逾期履行的违约金条款"),
    (Aspect.TERMS, "第十二条 争议解决", "争议解决方式约定不明确", "明确约定由合同签订地人民法院管辖"),
    (Aspect.RISK, "第六条 担保", "政府方承担了不应承担的担保责任", "删除政府方担保条款（《预算法》第三十五条）"),
    (Aspect.RISK, "第九条 资产处置", "国有资产处置未约定评估程序", "约定经评估后按程序处置"),
    (Aspect.TERMS, "第三条 标的", "标的数量、质量标准表述不具体", "附技术规格书并列明验收标准"),
)


def _issue(start: int, n: int) -> tuple[Aspect, str, str, str]:
    """The n-th opinion of a contract: distinct items (a register row is one clause and one issue)."""
    aspect, clause, issue, suggestion = ISSUES[(start + n) % len(ISSUES)]
    return aspect, clause, issue + (f"（另{n // len(ISSUES)}处）" if n >= len(ISSUES) else ""), suggestion


def _code(rng: random.Random, region_code: str) -> str:
    """A well-formed unified social credit code (its check character computed)."""
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return credit_code.make(f"91{region_code}{org}")


@dataclass
class Plan:
    """What becomes of one demo contract."""

    submitted: dt.date
    kind: ContractKind
    amount_fen: int
    opinions: int
    #: Stop after this act (None: walk to the end).
    stop: str | None = None
    rounds: int = 1
    late_submission: bool = False
    late_review: bool = False
    late_filing: bool = False
    rejected: bool = False


class Walker:
    """Walks demo contracts of one region through the operations, from a seed."""

    def __init__(self, region: Region, seed: str) -> None:
        self.region = region
        self.rng = random.Random(seed)
        self.cal = current_calendar()
        with db.session.no_autoflush:
            self.units = (
                db.session.execute(select(Unit).where(Unit.region_id == region.id).order_by(Unit.id)).scalars().all()
            )
        self.departments = [u for u in self.units if not u.is_legal_office] or self.units
        self.code = region.code or "420800"
        self.today = clock.today()

    def day(self, start: dt.date, working_days: int) -> dt.date:
        """`working_days` working days after `start` on the core calendar."""
        return self.cal.add_working_days(start, working_days).date

    def contract(self, plan: Plan, seq: int) -> Contract:
        """Create one contract and walk it through the operations."""
        contract = self._new(plan, seq)
        operations.submit(contract)
        self._walk(contract, plan)
        # One transaction per contract keeps the session (and each flush) small; the demo is resumable.
        db.session.commit()
        return contract

    def history(self, plan: Plan, seq: int) -> Contract:
        """One contract of the years before the system, entered from the paper register as it was recorded."""
        rng = self.rng
        contract = self._new(plan, seq)
        contract.number = f"{self.region.name}政合审〔{plan.submitted.year}〕{seq}号"
        contract.seq, contract.state = seq, "completed"
        contract.review_started_on = self.day(plan.submitted, 1)
        day = contract.review_started_on
        start = rng.randrange(len(ISSUES))
        for n in range(plan.opinions):
            aspect, clause, issue, suggestion = _issue(start, n)
            adopted = rng.random() < 0.93
            contract.opinions.append(
                ReviewOpinion(
                    region_id=self.region.id,
                    review_round=1,
                    given_on=day,
                    aspect=str(aspect),
                    clause=clause,
                    issue=issue,
                    suggestion=suggestion,
                    severity=str(Severity.IMPORTANT if n % 4 == 0 else Severity.GENERAL),
                    accepted=adopted,
                    answer="" if adopted else "经与相对方协商，维持原条款",
                    answered_on=self.day(day, 3),
                )
            )
        contract.opinions_returned_on = self.day(day, 8 if plan.late_review else rng.randint(1, 4))
        contract.revised_on = self.day(contract.opinions_returned_on, rng.randint(1, 3))
        concluded = self.day(contract.revised_on, rng.randint(1, 3))
        if plan.rejected:
            contract.state, contract.rejected_on = "not_approved", concluded
            contract.conclusion = "相对方主体资格不符合要求，不同意签订"
        else:
            contract.approved_on, contract.conclusion = concluded, "经审查，同意签订"
            contract.signed_on = self.day(concluded, rng.randint(1, 4))
            contract.filed_on = self.day(contract.signed_on, 8 if plan.late_filing else rng.randint(1, 5))
            contract.filed_late = plan.late_filing
            contract.performance_started_on = self.day(contract.filed_on, rng.randint(1, 5))
            completed = self.day(contract.performance_started_on, rng.randint(40, 200))
            archived = self.day(completed, 5)
            if archived < self.today:
                contract.completed_on, contract.archived_on = completed, archived
                contract.archive_number, contract.archive_location = f"HT-{plan.submitted.year}-{seq:04d}", "档案室"
            else:  # a demo dated soon after the report's years: the late contracts are still performed
                contract.state = "performing"
        contract.late_submission = plan.late_submission
        operations.import_contract(contract)
        return contract

    def _new(self, plan: Plan, seq: int) -> Contract:
        rng = self.rng
        place, firm = rng.choice(PLACES), rng.choice(FIRMS)
        lead = 3 if plan.late_submission else rng.randint(5, 9)
        contract = Contract(
            region_id=self.region.id,
            number="",
            title=f"{place}{TITLES[plan.kind]}（{plan.submitted.year}-{seq:03d}）",
            kind=str(plan.kind),
            unit_id=rng.choice(self.departments).id,
            amount_fen=plan.amount_fen,
            funding_source=str(
                FundingSource.INCOME
                if plan.kind in (ContractKind.LAND_TRANSFER, ContractKind.LEASE)
                else FundingSource.FISCAL
            ),
            term_start=plan.submitted + dt.timedelta(days=30),
            term_end=plan.submitted + dt.timedelta(days=30 + 365 * rng.randint(1, 5)),
            summary=f"{TITLES[plan.kind]}，相对方为{place}{firm}",
            marked_major=False,
            planned_signing_on=self.day(plan.submitted, lead),
            submitted_on=plan.submitted,
            note="",
        )
        contract.counterparties.append(
            Counterparty(name=f"{place}{firm}", credit_code=_code(rng, self.code), kind="enterprise", contact="")
        )
        return contract

    def _walk(self, contract: Contract, plan: Plan) -> None:
        rng = self.rng
        day = self.day(plan.submitted, 1)
        operations.start_review(contract, day)
        if plan.stop == "start_review":
            return
        per_round = [
            plan.opinions // plan.rounds + (1 if i < plan.opinions % plan.rounds else 0) for i in range(plan.rounds)
        ]
        start, given = rng.randrange(len(ISSUES)), 0
        for n, count in enumerate(per_round, start=1):
            for _ in range(count):
                aspect, clause, issue, suggestion = _issue(start, given)
                given += 1
                severity = (
                    Severity.MAJOR
                    if contract.major and rng.random() < 0.08
                    else rng.choice((Severity.GENERAL, Severity.GENERAL, Severity.IMPORTANT))
                )
                operations.give_opinion(contract, day, issue, str(aspect), clause, suggestion, str(severity))
            if plan.stop == "give_opinion":
                return
            if contract.major and n == 1:
                operations.record_consultation(
                    contract, day, "重大合同条款及风险防控", "同意审查意见，建议补充履约担保条款", "周律师、陈教授"
                )
            last = n == plan.rounds
            if count and not (last and plan.stop is None and rng.random() < 0.15):
                returned = self.day(day, 8 if plan.late_review else rng.randint(1, 4))
                operations.return_opinions(contract, returned, "审查意见书已送达报送单位")
                if plan.stop == "return_opinions":
                    return
                answer_day = self.day(returned, rng.randint(1, 3))
                for opinion in contract.opinions_of_round(contract.review_round):
                    adopted = rng.random() < 0.93
                    operations.answer_opinion(
                        opinion, answer_day, adopted, "" if adopted else "经与相对方协商，维持原条款"
                    )
                operations.revise(contract, answer_day, "已按审查意见修改")
                if plan.stop == "revise":
                    return
                day = answer_day
        concluded = self.day(day, rng.randint(1, 3))
        if concluded > self.today:
            return
        if plan.rejected:
            operations.reject(contract, concluded, "相对方主体资格不符合要求，不同意签订")
            return
        operations.approve(contract, concluded, "经审查，同意签订")
        if plan.stop == "approve":
            return
        signed = self.day(concluded, rng.randint(1, 4))
        if signed > self.today:
            return
        operations.sign(contract, signed)
        if plan.stop == "sign":
            return
        filed = self.day(signed, 8 if plan.late_filing else rng.randint(1, 5))
        if filed > self.today:
            return
        operations.file(contract, filed)
        if plan.stop == "file":
            return
        started = max(self.day(signed, rng.randint(3, 10)), filed)
        if started > self.today:
            return
        operations.start_performance(contract, started)
        if plan.stop == "start_performance":
            return
        if plan.stop == "terminate" and self.day(started, 20) <= self.today:
            operations.report_change(contract, self.day(started, 20), "termination", "因规划调整，双方协商一致解除合同")
            return
        done = self.day(started, rng.randint(40, 200))
        if self.day(done, 5) > self.today:
            return
        operations.complete(contract, done)
        operations.archive(
            contract, self.day(done, 5), f"HT-{contract.year}-{contract.seq or contract.id:04d}", "档案室"
        )


def _split(rng: random.Random, total: int, n: int, minimum: int) -> list[int]:
    """`n` positive parts of `total` (whole units), uneven like real subject matter, summing exactly."""
    weights = [rng.lognormvariate(0, 1.5) for _ in range(n)]
    scale = sum(weights)
    parts = [max(minimum, int(total * w / scale)) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def _counts(rng: random.Random, total: int, n: int) -> list[int]:
    counts = [rng.randint(3, 9) for _ in range(n)]
    while sum(counts) != total:
        i = rng.randrange(n)
        if sum(counts) > total and counts[i] > 1:
            counts[i] -= 1
        elif sum(counts) < total:
            counts[i] += 1
    return counts


def _dates(rng: random.Random, year: int, n: int, last: dt.date) -> list[dt.date]:
    first = dt.date(year, 1, 5)
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def load_city(region: Region, scale: int) -> None:
    """The city's register: 2013–2017 as the source report gives it, and the 2017 performance check."""
    walker = Walker(region, f"{region.code}:contracts:{scale}")
    rng = walker.rng
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    years = [y for y, n in REPORT_YEARS.items() for _ in range(n)]
    amounts = _split(rng, REPORT_AMOUNT_YUAN // 10_000, REPORT_CONTRACTS, 1)  # in 万元
    opinions = _counts(rng, REPORT_OPINIONS, REPORT_CONTRACTS)
    plans: list[Plan] = []
    for year, n in EARLIER_YEARS.items():
        for submitted in _dates(rng, year, n, dt.date(year, 11, 20)):
            amount = rng.randint(50, 50_000) * 10_000 * 100
            plans.append(Plan(submitted, rng.choices(kinds, weights)[0], amount, rng.randint(2, 6)))
    index = 0
    for year, n in REPORT_YEARS.items():
        for submitted in _dates(rng, year, n, dt.date(year, 11, 20)):
            plans.append(
                Plan(
                    submitted,
                    rng.choices(kinds, weights)[0],
                    amounts[index] * 10_000 * 100,
                    opinions[index],
                    rounds=2 if opinions[index] >= 8 else 1,
                    late_submission=rng.random() < 0.05,
                    late_review=rng.random() < 0.04,
                    late_filing=rng.random() < 0.06,
                    rejected=rng.random() < 0.02,
                )
            )
            index += 1
    assert len(years) == index == REPORT_CONTRACTS
    signed = []
    for seq, plan in enumerate(plans, start=1):
        contract = walker.history(plan, seq)
        if contract.signed_on is not None:
            signed.append(contract)
        if seq % 50 == 0:
            db.session.commit()
    check = SupervisionCheck(
        region_id=region.id,
        title="2013—2017年市政府对外签订合同履行情况监督检查",
        year=2017,
        planned_on=dt.date(2017, 12, 1),
        scope="2013—2017年市政府对外签订的政府合同",
        note="",
    )
    db.session.add(check)
    db.session.flush()
    candidates = [c for c in signed if c.signed_on <= dt.date(2017, 11, 30)]
    for contract in rng.sample(candidates, REPORT_CHECKED):
        on = walker.day(dt.date(2017, 12, 1), rng.randint(0, 12))
        problem = rng.random() < 0.12
        item = operations.record_check(
            contract,
            check,
            on,
            "履约资料不全，付款进度与合同约定不一致" if problem else "按约履行，资料齐全",
            problem,
            dt.date(2018, 1, 31) if problem else None,
        )
        if problem:
            operations.record_rectification(item, walker.day(on, rng.randint(5, 25)), "已补齐履约资料并调整付款计划")


STOPS = (
    "start_review", "give_opinion", "return_opinions", "revise", "approve", "sign", "file", "start_performance",
    "terminate", None,
)  # fmt: skip


def load_county(region: Region, scale: int, today: dt.date) -> None:
    """A county's register: a dozen contracts a year for last year and this, in every state; a check; borrowings."""
    per_year = int(setting("DEMO_PER_COUNTY_YEAR")) * max(scale, 1)
    walker = Walker(region, f"{region.code or region.name}:contracts:{scale}")
    rng = walker.rng
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    done: list[Contract] = []
    seq = 0
    for year in (today.year - 1, today.year):
        last = min(dt.date(year, 11, 20), today - dt.timedelta(days=60))
        if last < dt.date(year, 1, 5):
            continue  # the first weeks of a year: its contracts have not had time to move yet
        for i, submitted in enumerate(_dates(rng, year, per_year, last)):
            seq += 1
            recent = year == today.year
            plan = Plan(
                submitted,
                rng.choices(kinds, weights)[0],
                rng.randint(20, 300_000) * 10_000 * 100 + rng.randint(0, 99),
                rng.randint(1, 6),
                stop=STOPS[i % len(STOPS)] if recent else None,
                late_filing=rng.random() < 0.1,
            )
            contract = walker.contract(plan, seq)
            if contract.archived_on is not None:
                done.append(contract)
    signed = [c for c in done if c.signed_on is not None]
    if signed:
        check = SupervisionCheck(
            region_id=region.id, title=f"{today.year - 1}年度政府合同履行情况监督检查", year=today.year - 1,
            planned_on=max(c.signed_on for c in signed), scope="上年度签订的政府合同", note="",
        )  # fmt: skip
        db.session.add(check)
        db.session.flush()
        for contract in signed[:3]:
            on = max(check.planned_on, contract.archived_on)
            if on + dt.timedelta(days=10) > today:
                continue
            item = operations.record_check(contract, check, on, "付款凭证未归档", True, on + dt.timedelta(days=20))
            operations.record_rectification(item, on + dt.timedelta(days=10), "已补充归档")
    for contract in done[:2]:
        on = contract.archived_on + dt.timedelta(days=3)
        if walker.day(on, 2) > today:
            continue
        borrowing = operations.request_borrowing(
            contract, on, rng.choice(walker.departments), "张敏", "审计核对合同条款", "lend"
        )
        operations.decide_borrowing(borrowing, on, True, "司法局办公室主任")
        operations.lend(borrowing, on)
        operations.give_back(borrowing, walker.day(on, 2))


def load_demo_data(region: Region, scale: int, today: dt.date | None = None) -> None:
    """The demo register of `region`: the city's report history, or a county's own register."""
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE):
        return
    if db.session.execute(select(Contract.id).where(Contract.region_id == region.id).limit(1)).first():
        return
    if region.level == RegionLevel.CITY:
        load_city(region, scale)
    else:
        load_county(region, scale, today or clock.today())
