"""Amounts of money, exact to the fen: read from what people type, shown as a reader expects.

Amounts are stored as whole fen (分) in an integer column and computed with integers and
`Decimal`, never with floats: 4,890亿元 is 48,900,000,000,000 fen, which a float would hold
but a sum of floats would not keep exact. People write amounts as 元 ("120000000",
"1,234.56元"), or with the Chinese units 万 and 亿 ("3500万", "1.2亿元"): those are read
exactly (1.2亿 = 120,000,000.00元). Anything else is refused with an example of how to write it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.i18n import say, translate

FEN_PER_YUAN = 100
WAN = 10_000
YI = 100_000_000

#: How an amount may be written: a number with optional thousands separators, then 元, 万(元) or 亿(元).
_AMOUNT = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>亿元|亿|万元|万|元)?$")
_UNITS = {None: 1, "元": 1, "万": WAN, "万元": WAN, "亿": YI, "亿元": YI}
HOW_TO_WRITE = "请填写阿拉伯数字金额，单位为元（如 120000000 或 1,234.56），也可写作“3500万”“1.2亿”，最多精确到分"


class AmountError(ValueError):
    """An amount that cannot be read exactly; the message says how to write it."""


def parse_fen(raw: object) -> int:
    """Whole fen from `raw` (text as typed, an int or a Decimal in 元); raises `AmountError`."""
    if isinstance(raw, bool):
        raise AmountError(say(HOW_TO_WRITE))
    if isinstance(raw, int):
        yuan = Decimal(raw)
    elif isinstance(raw, Decimal):
        yuan = raw
    elif isinstance(raw, float):
        # Excel hands numbers over as floats: take the shortest decimal that prints as the float.
        yuan = Decimal(repr(raw))
    else:
        yuan = _read_text(str(raw or ""))
    if yuan < 0:
        raise AmountError(say("金额不能为负数（“%(raw)s”）", raw=raw))
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise AmountError(say("金额最多精确到分（“%(raw)s”折合%(yuan)s元）", raw=raw, yuan=yuan))
    return int(fen)


def _read_text(text: str) -> Decimal:
    cleaned = text.strip().replace("，", ",").replace("．", ".").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if cleaned.startswith(("-", "－", "负")):
        raise AmountError(say("金额不能为负数（“%(raw)s”）", raw=text.strip()))
    match = _AMOUNT.match(cleaned)
    if not match:
        raise AmountError(say("无法识别的金额“%(raw)s”：", raw=text.strip()) + say(HOW_TO_WRITE))
    try:
        number = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise AmountError(say("无法识别的金额“%(raw)s”：", raw=text.strip()) + say(HOW_TO_WRITE)) from None
    return number * _UNITS[match.group("unit")]


def yuan_text(fen: int | None) -> str:
    """The exact amount in 元 with two decimals and thousands separators: "120,000,000.00元"."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), FEN_PER_YUAN)
    return translate("%(amount)s元") % {"amount": f"{sign}{whole:,}.{cents:02d}"}


def plain_yuan(fen: int | None) -> str:
    """The exact amount in 元 as a register cell: "120000000.00" (read back exactly by `parse_fen`)."""
    if fen is None:
        return ""
    whole, cents = divmod(int(fen), FEN_PER_YUAN)
    return f"{whole}.{cents:02d}"


def in_yi(fen: int, places: int = 2) -> str:
    """The amount in 亿元, rounded half up to `places` decimals, without the unit: "4890.00"."""
    value = (Decimal(int(fen)) / (FEN_PER_YUAN * YI)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:.{places}f}"


def in_wan(fen: int, places: int = 2) -> str:
    """The amount in 万元, rounded half up: "3500.00"."""
    value = (Decimal(int(fen)) / (FEN_PER_YUAN * WAN)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:.{places}f}"


def readable(fen: int | None) -> str:
    """As a reader expects: 亿元 from one 亿, 万元 from one 万, otherwise 元 ("1.20亿元", "3500.00万元")."""
    if fen is None:
        return ""
    yuan = abs(int(fen)) // FEN_PER_YUAN
    if yuan >= YI:
        return translate("%(amount)s亿元") % {"amount": in_yi(fen)}
    if yuan >= WAN:
        return translate("%(amount)s万元") % {"amount": in_wan(fen)}
    return yuan_text(fen)
