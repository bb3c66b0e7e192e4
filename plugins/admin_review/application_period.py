"""Whether an application came within its period (行政复议法 arts 20, 21; art 30 ¶1 (4)).

- art 20 ¶1: 60 days from the day the applicant knew or should have known of the act, or the
  longer period a law gives;
- art 20 ¶2: force majeure or another good reason that held the applicant up stops the period;
  it runs on from the day the obstacle was removed (the core's suspension, counted once);
- art 20 ¶3: when the act did not tell of the right to apply, the review body and the period, the
  period runs from the day the applicant learnt them — but never more than one year from knowing
  of the act itself;
- art 21: never more than 20 years after the act for real property, 5 years otherwise.

The periods are counted by the core's one period function (民诉法 art 85 through art 88 ¶1: start
day not counted, last day rolled past rest days). The result is shown at registration and when
deciding acceptance; the office decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.deadlines import Counting, period_end
from core.deadlines.periods import Stop
from core.i18n import say
from core.refusals import Refusal
from core.workcalendar import DueDate

DEFAULT_DAYS = 60


@dataclass(frozen=True)
class ApplicationPeriod:
    """The verdict: in time (True), late (False) or unknown (None), with the reasoning in Chinese."""

    timely: bool | None
    text: str
    due: DueDate | None = None


def application_period(case: Any, cal: Any) -> ApplicationPeriod:
    """Judge the application of `case` (received on `received_on`) against arts 20 and 21."""
    received = case.received_on
    if case.act_date is not None:
        years = 20 if case.real_property else 5
        bar = period_end(cal, case.act_date, Counting.MONTHS, 12 * years)
        if received > bar.date:
            what = say(
                "因不动产提出的申请自行政行为作出之日起超过二十年"
                if case.real_property
                else "自行政行为作出之日起超过五年"
            )
            return ApplicationPeriod(
                False, say("%(what)s（%(bar)s届满），不予受理（第二十一条）", what=what, bar=bar), bar
            )
    if case.known_on is None:
        return ApplicationPeriod(None, say("未录入知道或者应当知道行政行为之日，无法审查申请期限（第二十条），请补录"))
    days = case.application_days or DEFAULT_DAYS
    basis = say("第二十条第一款" if days == DEFAULT_DAYS else "第二十条第一款但书（法律规定的较长期限）")
    stops, held = _obstacle(case)
    if not case.right_not_told:
        due = period_end(cal, case.known_on, Counting.CALENDAR_DAYS, days, stops)
        reason = say(
            "自知道或者应当知道行政行为之日（%(known)s）起%(days)s日%(held)s，至%(due)s（%(basis)s）",
            known=case.known_on,
            days=days,
            held=held,
            due=due,
            basis=basis,
        )
    else:
        cap = period_end(cal, case.known_on, Counting.MONTHS, 12, stops)
        if case.right_known_on is None:
            due = cap
            reason = say(
                "未告知申请权利和期限，自知道行政行为内容之日起最长一年%(held)s，至%(cap)s（第二十条第三款）",
                held=held,
                cap=cap,
            )
        else:
            own = period_end(cal, case.right_known_on, Counting.CALENDAR_DAYS, days, stops)
            due = own if own.date <= cap.date else cap
            reason = say(
                "未告知申请权利和期限，自知道申请权利和期限之日（%(known)s）起%(days)s日，"
                "但自知道行政行为内容之日起不超过一年%(held)s，至%(due)s（第二十条第三款）",
                known=case.right_known_on,
                days=days,
                held=held,
                due=due,
            )
    if received <= due.date:
        return ApplicationPeriod(True, say("在法定申请期限内：%(reason)s", reason=reason), due)
    return ApplicationPeriod(
        False,
        say(
            "超过法定申请期限：%(reason)s，%(received)s收到申请（第三十条第一款第四项；有正当理由的见第二十条第二款）",
            reason=reason,
            received=received,
        ),
        due,
    )


def _obstacle(case: Any) -> tuple[tuple[Stop, ...], str]:
    """The art 20 ¶2 stop of the period, and the words that explain it ("" when there is none)."""
    start, end = case.obstacle_from, case.obstacle_until
    if start is None or end is None:
        return (), ""
    stop = Stop(start, end)
    why = (
        say("因%(reason)s", reason=case.obstacle_reason) if case.obstacle_reason else say("因不可抗力或者其他正当理由")
    )
    return (stop,), say(
        "（%(why)s耽误，%(start)s至%(end)s障碍消除前的%(days)s日不计入，第二十条第二款）",
        why=why,
        start=start,
        end=end,
        days=stop.days,
    )


def check_known_dates(case: Any) -> None:
    """Refuse period facts that contradict each other (a `Refusal` naming the field)."""
    if case.known_on is not None and case.known_on > case.received_on:
        raise Refusal("known_on", say("「知道或者应当知道行政行为之日」不能晚于收到日期"))
    if case.act_date is not None and case.known_on is not None and case.known_on < case.act_date:
        raise Refusal("known_on", say("「知道或者应当知道行政行为之日」不能早于行政行为日期"))
    if case.application_days is not None and case.application_days <= DEFAULT_DAYS:
        raise Refusal(
            "application_days", say("「法律规定的申请期限（日）」只填写法律规定超过六十日的期限（第二十条第一款但书）")
        )
    start, end = case.obstacle_from, case.obstacle_until
    if (start is None) != (end is None):
        raise Refusal(
            "obstacle_until",
            say("「耽误申请期限的障碍」须同时填写发生日期和消除日期（第二十条第二款）；尚未消除的暂不填写"),
        )
    if start is not None and end is not None:
        if end <= start:
            raise Refusal("obstacle_until", say("「障碍消除之日」应晚于「障碍发生之日」"))
        if end > case.received_on:
            raise Refusal("obstacle_until", say("「障碍消除之日」不能晚于收到申请的日期"))
        if case.known_on is not None and start < case.known_on:
            raise Refusal(
                "obstacle_from",
                say("「障碍发生之日」不能早于知道或者应当知道行政行为之日：申请期限此前尚未开始计算"),
            )
        if not (case.obstacle_reason or "").strip():
            raise Refusal(
                "obstacle_reason",
                say("「耽误申请期限的理由」必填：写明不可抗力或者其他正当理由（第二十条第二款）"),
            )


__all__ = ["ApplicationPeriod", "application_period", "check_known_dates"]
