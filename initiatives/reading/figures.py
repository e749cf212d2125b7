"""Find reported quantities in a paragraph: value, unit, qualifier, what is counted."""

import heapq
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .counted import noun_after, noun_before, strip_edges, subject_of_change
from .lexicon import (
    AGE_NEXT,
    BENEFITS,
    CHANGE,
    CHANGE_VERB,
    CN_DIGITS,
    CN_MAGNITUDES,
    COORDINATED,
    COUNTABLE,
    FIGURE,
    GRADE,
    IMPLIED,
    IMPLIED_UNITS,
    PAIRED,
    PHASE,
    PLACES,
    PURPOSE,
    SCHEME_NAME,
    SLOGAN_UNITS,
    SMALL_MEASURES,
    UNIT_NOUNS,
    VERB_AFTER,
    VERBS,
)
from .numbers import qualifier, read_amount
from .spans import WINDOW, clause_start, enclosing, in_quotes, sentence_start
from .tense import kind_of, period_of
from .text import fold


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    quote: str
    value: str
    unit: str
    amount: Decimal
    base_unit: str
    qualifier: str  # exact | approximate | at_least | at_most | range
    amount_max: Decimal | None
    counted: str
    kind: str  # achieved | expected
    period: str
    confidence: float
    reason: str
    paragraph: int = 0


# How sure a suggestion is, from 0 to 1, shown to staff beside it. A figure starts at one of
# the first three levels and loses the amounts below for each doubt about it.
CONFIDENT = 0.9  # a number, its unit and what it counts ("102个帮扶项目")
SLOGAN = 0.4  # a number inside a short quoted phrase ("3个100%"), usually a slogan
SCHEME = 0.3  # a number defining a model ("即1个社区党组织与2至5个…"), not a result
NOUN_BEFORE = 0.05  # what is counted read backwards from the number ("专业教师60名")
NO_NOUN = 0.3  # nothing counted found: staff must name it
CHINESE_NUMERAL = 0.1  # a Chinese numeral ("两千余名") is less often a count than digits are
IMPLIED_UNIT = 0.1  # the unit is read from the measure before it ("人均增收4000多")
PLANNED = 0.1  # an expected figure: the planning word's reach is a guess
ANTECEDENT = 0.2  # given back when the noun is borrowed from the figure before ("已完成1.1万亩")
LEAST = 0.05  # no suggestion shows less

# Reasons shown with a figure.
SCHEME_REASON = "模式定义中的数字"
ELIDED = "统计对象承前省略"
NOTHING = "未找到统计对象"
UNIT_NOUN = "以单位为统计对象"
SLOGAN_REASON = "引号内的提法，可能是口号"
EXPECTED_REASON = "；预期数字"
IMPLIED_REASON = "（单位据上下文推断）"

# Longer than any figure a reporter writes: digits of its numbers, characters of its match.
LONGEST_DIGITS = 30
LONGEST_MATCH = 60
MONEY = {"元", "美元", "欧元", "港元"}
SHORT_QUOTE = 12  # a quoted phrase this short is a slogan or a name, longer ones are speech


@dataclass(frozen=True)
class Parts:
    """The pieces of a matched figure, whether its unit is printed or implied."""

    start: int
    end: int
    num_start: int
    pre: str | None
    num: str
    mult1: str | None
    unit0: str | None  # a range's first unit ("2500元至3500元")
    sep: str | None
    num2: str | None
    post0: str | None
    mult: str | None
    post1: str | None
    unit: str
    post2: str | None
    implied: bool = False


def extract_figures(paragraph: str) -> list[Found]:
    """Return the reported quantities in a paragraph, with spans into the original string."""
    if not paragraph:
        return []
    folded = fold(paragraph)
    found: list[Found] = []
    for parts in _matches(folded):
        figure = _read(paragraph, folded, parts)
        if figure is None:
            continue
        if found and COORDINATED.match(folded[found[-1].end : figure.start]) and figure.start:
            figure = replace(figure, counted=found[-1].counted)
        elif found and _elliptical(folded, figure):
            counted = _antecedent(folded, figure, found)
            if counted:
                figure = _elided(figure, counted)
        found.append(figure)
    return [_unit_counted(folded, figure) for figure in found]


def _unit_counted(folded: str, figure: Found) -> Found:
    """Return a figure naming nothing but people or households as counting its unit."""
    # "惠及3.2万人": nothing else is named, and people are what is counted; but
    # "比去年同期增加120人" is the change of a measure left unnamed.
    if figure.counted or figure.base_unit not in UNIT_NOUNS or _changed(folded, figure):
        return figure
    reason = figure.reason.replace(NOTHING, UNIT_NOUN)
    return replace(figure, counted=figure.base_unit, reason=reason)


def _matches(folded: str):
    """Yield the parts of every figure with a unit and every one whose unit is implied."""
    printed = (_parts(m) for m in FIGURE.finditer(folded))
    implied = filter(None, (_implied(folded, m) for m in IMPLIED.finditer(folded)))
    end = 0
    for parts in heapq.merge(printed, implied, key=lambda parts: parts.start):
        if parts.implied and parts.start < end:
            continue
        end = max(end, parts.end)
        yield parts


GROUPS = ("pre", "num", "mult1", "unit0", "sep", "num2", "post0", "mult", "post1", "unit", "post2")


def _parts(m: re.Match) -> Parts:
    """Return the parts of a figure whose unit is printed."""
    groups = {name: m[name] for name in GROUPS}
    return Parts(start=m.start(), end=m.end(), num_start=m.start("num"), **groups)


def _implied(folded: str, m: re.Match) -> Parts | None:
    """Return the parts of a number whose unit the measure before it gives, or None."""
    if not (m["mult"] or m["post0"] or m["post1"]):
        return None  # a bare number: a code, a year or a count of who knows what
    lead = folded[clause_start(folded, m.start()) : m.start()]
    measures = list(IMPLIED_UNITS.finditer(lead))
    if not measures:
        return None
    measure = measures[-1]
    return Parts(
        start=m.start(),
        end=m.end(),
        num_start=m.start("num"),
        pre=m["pre"],
        num=m["num"],
        mult1=None,
        unit0=None,
        sep=None,
        num2=None,
        post0=m["post0"],
        mult=m["mult"],
        post1=m["post1"],
        unit=measure.lastgroup,
        post2=None,
        implied=True,
    )


def _read(text: str, folded: str, parts: Parts) -> Found | None:
    """Return the figure a match stands for, or None when it is a trap (year, code, slogan)."""
    num, num2, mult1, mult = parts.num, parts.num2, parts.mult1, parts.mult
    if mult1 and not num2:
        if mult:
            return None
        mult1, mult = None, mult1  # 1.2万余人次: the multiplier belongs to the unit
    if (parts.unit0 and parts.unit0 != parts.unit) or _is_trap(folded, parts, mult1):
        return None
    amount = read_amount(num, num2, mult1, mult, parts.unit)
    if amount is None:
        return None
    if amount.amount_max is not None:
        how_many = "range"
    else:
        how_many = qualifier(
            parts.pre, parts.post0, parts.post1, parts.post2, "几" if amount.approximate else None
        )
    start = parts.start if parts.pre and how_many != "exact" else parts.num_start
    end = parts.end

    confidence, reason = _doubt(folded, parts, start)
    counted, how, doubts = _what_is_counted(text, folded, parts, amount.base_unit, start)
    if amount.small and not _small_counts(folded, parts, how_many, counted, start):
        return None
    if not num[0].isdigit():
        doubts.append(CHINESE_NUMERAL)
        how += "（中文数字）"
    if parts.implied:
        doubts.append(IMPLIED_UNIT)
        how += IMPLIED_REASON
    sentence = sentence_start(folded, start)
    kind = kind_of(folded, sentence, start)
    if kind == "expected":
        doubts.append(PLANNED)
    for doubt in doubts:
        confidence -= doubt

    return Found(
        start=start,
        end=end,
        quote=text[start:end],
        value=num + (mult1 or "") + (f"{parts.sep}{num2}" if num2 else ""),
        unit=(mult or "") + parts.unit,
        amount=amount.amount,
        base_unit=amount.base_unit,
        qualifier=how_many,
        amount_max=amount.amount_max,
        counted=counted,
        kind=kind,
        period=period_of(text, folded, sentence, start, kind),
        confidence=round(max(LEAST, min(confidence, 1.0)), 2),
        reason=reason or how + (EXPECTED_REASON if kind == "expected" else ""),
    )


# ---------------------------------------------------------------- the number and its traps


def _is_trap(folded: str, parts: Parts, mult1: str | None) -> bool:
    """Say whether a match is no count: a code, ordinal, slogan, age, rank, title or the like."""
    num, num2, unit = parts.num, parts.num2, parts.unit
    chinese = not num[0].isdigit()
    after = folded[parts.end : parts.end + WINDOW]
    before = folded[max(0, parts.start - WINDOW) : parts.start]
    bare = chinese and all(ch in CN_MAGNITUDES for ch in num)
    qualified = parts.pre or parts.post0 or parts.post1 or parts.post2
    return (
        # codes and formulas (5G, 1+N), numbers too long to be counts
        (num[0] == "0" and not num.startswith("0."))
        or len(num.replace(",", "").split(".")[0]) > 12
        or len(num) + len(num2 or "") > LONGEST_DIGITS
        or parts.end - parts.start > LONGEST_MATCH
        or bool(chinese and mult1 or (num2 and num2[0].isdigit() == chinese))
        # slogans: a numeral right after the unit (十个一, 5个一), unless it starts a grade
        or (
            after[:1] != ""
            and after[0] in CN_DIGITS + "十"
            and unit not in ("%", "‰")
            and not GRADE.match(after)
        )
        # codes and ages: a letter or digit after the unit (5G), or 岁 (60岁); but households
        # and then people are two counts ("1036户3520人")
        or (
            after[:1].isascii()
            and after[:1].isalnum()
            and not AGE_NEXT.match(after)  # "3.2万名60周岁以上老人": a count, then an age
            and not (unit == "户" and PAIRED.match(after))
        )
        or after.startswith(("岁", "周岁"))
        or (unit == "周" and after.startswith("岁"))
        # ordinals (第3批, 二期工程) and numbers (3号, 十四五期间)
        or before.endswith(("第", "第 "))
        or after.startswith(("号", "期间"))
        or (chinese and unit == "期" and PHASE.match(after) is not None)
        # "位列全省前10名" is a rank and "前10个月" a period, not counts.
        or (before.endswith("前") and unit in ("名", "位", "强", "个月"))
        # 百姓, 千家万户, 万村共富: a bare magnitude is not a count; 百余名 is.
        or (bare and not qualified)
        or (parts.pre in ("上", "过") and not bare)
        or enclosing(folded, parts.start, "《", "》") is not None
    )


def _small_counts(folded: str, parts: Parts, how_many: str, counted: str, start: int) -> bool:
    """Say whether a lone small Chinese numeral counts ("两个村") or names ("两个覆盖")."""
    if how_many != "exact":
        return True  # 近两亩, 两个多月
    quote = in_quotes(folded, start)
    if parts.unit in SLOGAN_UNITS or (quote is not None and quote[1] - quote[0] <= SHORT_QUOTE):
        return False
    if SCHEME_NAME.match(folded, parts.end):
        return False
    if parts.unit in SMALL_MEASURES:
        return not (len(counted) == 1 and counted in PLACES)  # 八所镇, 三元区
    return bool(COUNTABLE.search(counted))


# ---------------------------------------------------------------- confidence and counted noun


def _doubt(folded: str, parts: Parts, start: int) -> tuple[float, str]:
    """Return the confidence a figure starts from, and the reason when it is doubtful."""
    before = folded[max(0, parts.start - WINDOW) : parts.start]
    paren = enclosing(folded, start, "(", ")")
    quote = in_quotes(folded, start)
    clause = clause_start(folded, start)
    # Scheme definitions ("即1个社区党组织与2至5个…", "书记+2名社区伙伴") are not results.
    if (
        (paren is not None and folded[paren + 1 : paren + 2] == "即")
        or folded[clause : clause + 1] == "即"
        or before.endswith("+")
        or (quote is not None and "+" in folded[quote[0] : quote[1]])
    ):
        return SCHEME, SCHEME_REASON
    if quote is not None and quote[1] - quote[0] <= SHORT_QUOTE:
        return SLOGAN, SLOGAN_REASON  # a figure in a short “quoted” phrase ("3个100%")
    return CONFIDENT, ""


def _what_is_counted(
    text: str, folded: str, parts: Parts, base_unit: str, start: int
) -> tuple[str, str, list[float]]:
    """Return the counted noun, how it was found and the doubts that leaves."""
    end = parts.end
    rest = folded[end : end + WINDOW]
    doubts: list[float] = []
    subject = subject_of_change(text, folded, parts.start, end)
    if subject:
        return subject, "名词+由…到…", [NOUN_BEFORE]
    if (
        rest[:1]
        and ("\u4e00" <= rest[0] <= "\u9fff" or rest[0] in "“‘" or AGE_NEXT.match(rest))
        and not VERB_AFTER.match(rest)
        # "投资8亿元推进光伏电站提质增效": what the money is for, not what it counts
        and not (base_unit in MONEY and PURPOSE.match(rest))
    ):
        counted = noun_after(text, folded, end)
        how = "数字+量词+名词"
    else:
        counted = noun_before(text, folded, parts.start)
        if base_unit in UNIT_NOUNS and _governed(folded, parts.start):
            counted = ""  # "建成后将带动200户": the verb's object is the households
        how = "名词+数字+量词"
        doubts.append(NOUN_BEFORE)
        change = _change(folded, clause_start(folded, start), parts.start)
        if change:
            how += f"（{change.group()}）"  # the counted noun is the measure; keep how it moved
        if not counted and rest.startswith("的"):
            counted = noun_after(text, folded, end + 1)  # "90%以上的村实现…"
    if not counted:
        doubts.append(NO_NOUN)
        how = NOTHING
    return counted, how, doubts


def _governed(folded: str, start: int) -> bool:
    """Say whether the people or households at start are a verb's object ("带动200户")."""
    return BENEFITS.search(folded, max(0, start - 2), start) is not None


def _change(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """Return CHANGE's match in text[pos:endpos], scanning only if a change verb is there."""
    endpos = len(text) if endpos is None else endpos
    if CHANGE_VERB.search(text, pos, endpos) is None:
        return None  # most clauses: CHANGE would try every position of the window in vain
    return CHANGE.search(text, pos, endpos)


def _elliptical(folded: str, figure: Found) -> bool:
    """Say whether a figure names nothing of its own ("已完成1.1万亩", "同比增长15%")."""
    lead = folded[clause_start(folded, figure.start) : figure.start]
    change = _change(lead)
    return (
        not figure.counted
        or VERBS.fullmatch(figure.counted) is not None
        or (change is not None and not strip_edges(lead[: change.start()]))
    )


def _changed(folded: str, figure: Found) -> bool:
    """Say whether a figure is the change of a measure ("同比增长15%", "增加120人")."""
    return _change(folded[clause_start(folded, figure.start) : figure.start]) is not None


def _elided(figure: Found, counted: str) -> Found:
    """Return the figure counting what the figure before it counts, said in its reason."""
    if figure.counted:
        return replace(figure, counted=counted, reason=f"{figure.reason}；{ELIDED}")
    # It had lost confidence for naming nothing; the antecedent is a guess, not nothing.
    reason = figure.reason.replace(NOTHING, ELIDED)
    confidence = round(min(figure.confidence + ANTECEDENT, 1.0), 2)
    return replace(figure, counted=counted, reason=reason, confidence=confidence)


def _antecedent(folded: str, figure: Found, found: list[Found]) -> str:
    """Return the counted noun of the earlier figure in the sentence an elliptical one shares."""
    sentence = sentence_start(folded, figure.start)
    lead = folded[clause_start(folded, figure.start) : figure.start]
    # A bare change ("营业收入2.6亿元，同比增长15%") is the rate of the figure before it,
    # whatever its unit; a bare verb ("已完成1.1万亩") repeats a noun of the same unit.
    change = _change(lead)
    for earlier in reversed(found):
        if earlier.start < sentence:
            break
        if change is not None or earlier.base_unit == figure.base_unit:
            return earlier.counted
    return ""
