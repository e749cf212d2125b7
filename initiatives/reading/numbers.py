"""Read the numerals of a figure: Arabic or Chinese, ranges, multipliers and qualifiers."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from .lexicon import APPROXIMATE, AT_LEAST, AT_MOST, CN_MAGNITUDES, MONEY_UNITS, MULTIPLIERS

LARGEST = Decimal(10) ** 15  # an amount this big is a code or a typo, not a count
FINEST = -4  # nor is one with more than four decimals
DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 三四个, 五六万元, 六七十万元, 二三十人: two neighbouring digits, then magnitudes, make a range.
CHINESE_RANGE = re.compile(r"([两二三四五六七八])([三四五六七八九])([十百千万亿]*)")
# 十几名, 二十几个, 十几万元: a teen or a score and some.
SOME = re.compile(r"((?:[两二三四五六七八九])?十)几([百千万亿]*)")
SMALL = set("两三四五六七八九")


@dataclass(frozen=True)
class Numeral:
    low: Decimal
    high: Decimal | None = None
    approximate: bool = False  # 十几
    small: bool = False  # a lone 两…九, which counts only in some company


@dataclass(frozen=True)
class Amount:
    amount: Decimal
    amount_max: Decimal | None
    base_unit: str
    approximate: bool
    small: bool


def read_amount(
    num: str, num2: str | None, mult1: str | None, mult: str | None, unit: str
) -> Amount | None:
    """Return the amount (and a range's upper end) in base units, or None if out of bounds."""
    numeral = read_numeral(num)
    if numeral is None:
        return None
    low, high = numeral.low, numeral.high
    if num2:
        second = read_numeral(num2)
        if high is not None or second is None or second.high is not None or second.small:
            return None
        high = second.low
    if high is not None and high <= low:
        return None
    multiplier = Decimal(MULTIPLIERS.get(mult or "", 1))
    if mult1:
        low = low * Decimal(MULTIPLIERS[mult1]) / (multiplier if mult else 1)
    base_unit, value = MONEY_UNITS.get(unit, (unit, 1))
    multiplier *= Decimal(value)
    amount = plain(low * multiplier)
    amount_max = plain(high * multiplier) if high is not None else None
    if amount.as_tuple().exponent < FINEST or amount >= LARGEST:
        return None
    if amount_max is not None and amount_max >= LARGEST:
        return None
    return Amount(amount, amount_max, base_unit, numeral.approximate, numeral.small)


def read_numeral(text: str) -> Numeral | None:
    """Return the value of an Arabic or Chinese numeral, or None if it is not a plain number."""
    if text[0].isdigit():
        try:
            return Numeral(Decimal(text.replace(",", "")))
        except InvalidOperation:
            return None
    pair = CHINESE_RANGE.fullmatch(text)
    if pair and DIGITS[pair[2]] == DIGITS[pair[1]] + 1:
        magnitude = _magnitude(pair[3])
        if magnitude is None:
            return None
        return Numeral(DIGITS[pair[1]] * magnitude, DIGITS[pair[2]] * magnitude)
    some = SOME.fullmatch(text)
    if some:
        base, magnitude = _cn2an(some[1]), _magnitude(some[2])
        if base is None or magnitude is None:
            return None
        return Numeral(base * magnitude, approximate=True)
    if "几" in text:
        return None  # 几十, 几百: no number at all
    if not any(ch in CN_MAGNITUDES for ch in text):
        return Numeral(Decimal(DIGITS[text]), small=True) if text in SMALL else None
    if all(ch in CN_MAGNITUDES for ch in text):
        text = "一" + text  # 万 -> 一万 (近万名)
    value = _cn2an(text)
    return None if value is None else Numeral(value)


def _magnitude(text: str) -> Decimal | None:
    """Return what magnitude characters multiply by ("" -> 1, "十万" -> 100000)."""
    return _cn2an("一" + text) if text else Decimal(1)


def _cn2an(text: str) -> Decimal | None:
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception:  # noqa: BLE001 - cn2an raises bare ValueError/KeyError/IndexError subclasses
        return None


def plain(number: Decimal) -> Decimal:
    """Return number without exponent or trailing zeros (12000, 0.5)."""
    return Decimal(format(number.normalize(), "f"))


def qualifier(*words: str | None) -> str:
    """Return the qualifier the words around a number amount to (余 -> approximate)."""
    words = {w for w in words if w}
    if words & AT_LEAST:
        return "at_least"
    if words & AT_MOST:
        return "at_most"
    if words & APPROXIMATE:
        return "approximate"
    return "exact"
