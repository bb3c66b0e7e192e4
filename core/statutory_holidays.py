"""The holidays 《全国年节及纪念日放假办法》 fixes, for any year, without the State Council's notice.

Art 2 of the 办法 (2024 revision, in force 2025-01-01) gives every citizen these days off:

- 元旦 1 day (1 January);
- 春节 4 days (除夕 and 正月初一 to 初三) — before 2025: 3 days, 初一 to 初三;
- 清明节 1 day (the day of the 清明 solar term);
- 劳动节 2 days (1 and 2 May) — before 2025: 1 day;
- 端午节 1 day (五月初五); 中秋节 1 day (八月十五);
- 国庆节 3 days (1 to 3 October).

A year the State Council has not yet arranged (调休: which weekends are worked, which weekdays
are bridged) can still count these as rest days; only the make-up arrangements stay unknown, so
a date in such a year remains provisional (core.workcalendar). Lunar dates come from `lunardate`
(除夕 is the day before 正月初一, whether the twelfth month has 29 or 30 days); 清明 from the
solar-term formula of `chinesecalendar`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

_ONE_DAY = dt.timedelta(days=1)
#: The 2024 revision (国务院令第795号) is in force from this year on.
_REVISED_FROM = 2025


@cache
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Every statutory holiday of `year` under 《全国年节及纪念日放假办法》 art 2: day → its name."""
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    spring = [new_year + _ONE_DAY * i for i in range(3)]
    if year >= _REVISED_FROM:
        spring.insert(0, new_year - _ONE_DAY)  # 除夕
    days.update(dict.fromkeys(spring, "春节"))
    days[qingming(year)] = "清明节"
    days.update(dict.fromkeys([dt.date(year, 5, d) for d in (1, 2) if d == 1 or year >= _REVISED_FROM], "劳动节"))
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days.update(dict.fromkeys([dt.date(year, 10, d) for d in (1, 2, 3)], "国庆节"))
    return days


def qingming(year: int) -> dt.date:
    """The day of the 清明 solar term in `year` (4, 5 or 6 April)."""
    for day, term in get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30)):
        if str(term) == "清明":
            return day
    raise ValueError(f"no 清明 found in April {year}")


__all__ = ["qingming", "statutory_holidays"]
