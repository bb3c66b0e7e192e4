"""统一社会信用代码 (GB 32100-2015): eighteen characters, the last a check character.

The code is made of the 31 characters below (no I, O, Z, S, V); the check character at position
18 is computed from the first 17 with the standard's weights, modulo 31 (GB 32100-2015 §5).
"""

from __future__ import annotations

from core.i18n import say

#: The code's character set, in the order of their values 0–30 (GB 32100-2015 表1).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weight of positions 1–17 (3^(i-1) mod 31).
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """A code that is not a valid unified social credit code; the message says why."""


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """The code as stored: stripped, upper-case, full-width characters made half-width."""
    text = (code or "").strip().upper()
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)


def validate(code: str) -> str:
    """The normalised code, or `CreditCodeError` naming what is wrong."""
    text = normalise(code)
    if len(text) != 18:
        raise CreditCodeError(say("统一社会信用代码应为18位（“%(code)s”为%(n)s位）", code=text, n=len(text)))
    bad = sorted({c for c in text if c not in CHARSET})
    if bad:
        raise CreditCodeError(say("统一社会信用代码含有不允许的字符“%(bad)s”（不使用I、O、Z、S、V）", bad="".join(bad)))
    expected = check_character(text[:17])
    if text[17] != expected:
        raise CreditCodeError(
            say(
                "统一社会信用代码“%(code)s”校验位错误（第18位应为“%(expected)s”），请核对", code=text, expected=expected
            )
        )
    return text


def make(first17: str) -> str:
    """A complete code from its first 17 characters (demo data, tests)."""
    return first17 + check_character(first17)
