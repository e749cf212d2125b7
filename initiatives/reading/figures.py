"""Find reported quantities in a paragraph: value, unit, qualifier, what is counted."""

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import cn2an

from .counted import noun_after, noun_before, strip_edges
from .lexicon import (
    AGE_NEXT,
    APPROXIMATE,
    AT_LEAST,
    AT_MOST,
    CHANGE,
    CHANGE_VERB,
    CLAUSE_BREAK,
    CN_DIGITS,
    CN_MAGNITUDES,
    COORDINATED,
    EXPECTED,
    FIGURE,
    GRADE,
    MULTIPLIERS,
    PERIOD,
    PERIOD_CHARS,
    RESULT,
    SO_FAR,
    VERB_AFTER,
    VERBS,
)
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
PLANNED = 0.1  # an expected figure: the planning word's reach is a guess
ANTECEDENT = 0.2  # given back when the noun is borrowed from the figure before ("已完成1.1万亩")
LEAST = 0.05  # no suggestion shows less

# Reasons shown with a figure.
SCHEME_REASON = "模式定义中的数字"
ELIDED = "统计对象承前省略"
NOTHING = "未找到统计对象"
SLOGAN_REASON = "引号内的提法，可能是口号"
EXPECTED_REASON = "；预期数字"

# How far to look around a figure for its sentence, brackets and quotes; keeps long
# unbroken text linear.
WINDOW = 300
# Longer than any figure a reporter writes: digits of its numbers, characters of its match.
LONGEST_DIGITS = 30
LONGEST_MATCH = 60
LARGEST = Decimal(10) ** 15  # an amount this big is a code or a typo, not a count
FINEST = -4  # nor is one with more than four decimals


def extract_figures(paragraph: str) -> list[Found]:
    """Return the reported quantities in a paragraph, with spans into the original string."""
    if not paragraph:
        return []
    folded = fold(paragraph)
    found: list[Found] = []
    for match in FIGURE.finditer(folded):
        figure = _read(paragraph, folded, match)
        if figure is None:
            continue
        if found and COORDINATED.match(folded[found[-1].end : figure.start]) and figure.start:
            figure = replace(figure, counted=found[-1].counted)
        elif found and _elliptical(folded, figure):
            counted = _antecedent(folded, figure, found)
            if counted:
                figure = _elided(figure, counted)
        found.append(figure)
    return found


def _read(text: str, folded: str, m: re.Match) -> Found | None:
    """Return the figure a match stands for, or None when it is a trap (year, code, slogan)."""
    numerals = _numerals(m)
    if numerals is None:
        return None
    num, num2, mult1, mult = numerals
    if _is_trap(folded, m, num, num2, mult1):
        return None
    amounts = _amounts(num, num2, mult1, mult)
    if amounts is None:
        return None
    amount, amount_max = amounts
    qualifier = "range" if num2 else _qualifier(m["pre"], m["post0"], m["post1"], m["post2"])
    start = m.start() if m["pre"] and qualifier != "exact" else m.start("num")
    end = m.end()

    confidence, reason = _doubt(folded, m, start)
    counted, how, doubts = _what_is_counted(text, folded, m, start)
    if not num[0].isdigit():
        doubts.append(CHINESE_NUMERAL)
        how += "（中文数字）"
    sentence_start = _sentence_start(folded, start)
    kind = _kind(folded, sentence_start, start)
    if kind == "expected":
        doubts.append(PLANNED)
    for doubt in doubts:
        confidence -= doubt

    return Found(
        start=start,
        end=end,
        quote=text[start:end],
        value=num + (mult1 or "") + (f"{m['sep']}{num2}" if num2 else ""),
        unit=(mult or "") + m["unit"],
        amount=amount,
        base_unit=m["unit"],
        qualifier=qualifier,
        amount_max=amount_max,
        counted=counted,
        kind=kind,
        period=_period(text, folded, sentence_start, start, kind),
        confidence=round(max(LEAST, min(confidence, 1.0)), 2),
        reason=reason or how + (EXPECTED_REASON if kind == "expected" else ""),
    )


# ---------------------------------------------------------------- the number and its traps


def _numerals(m: re.Match) -> tuple[str, str | None, str | None, str | None] | None:
    """Return (number, second number of a range, its multiplier, the unit's multiplier)."""
    num, num2 = m["num"], m["num2"]
    mult1, mult = m["mult1"], m["mult"]
    if mult1 and not num2:
        if mult:
            return None
        mult1, mult = None, mult1  # 1.2万余人次: the multiplier belongs to the unit
    return num, num2, mult1, mult


def _is_trap(folded: str, m: re.Match, num: str, num2: str | None, mult1: str | None) -> bool:
    """Say whether a match is no count: a code, ordinal, slogan, age, rank, title or the like."""
    chinese = not num[0].isdigit()
    unit = m["unit"]
    after = folded[m.end() : m.end() + WINDOW]
    before = folded[max(0, m.start() - WINDOW) : m.start()]
    bare = chinese and all(ch in CN_MAGNITUDES for ch in num)
    return (
        # codes and formulas (5G, 1+N), numbers too long to be counts
        (num[0] == "0" and not num.startswith("0."))
        or len(num.replace(",", "").split(".")[0]) > 12
        or len(num) + len(num2 or "") > LONGEST_DIGITS
        or m.end() - m.start() > LONGEST_MATCH
        or bool(chinese and mult1 or (num2 and num2[0].isdigit() == chinese))
        # slogans: a numeral right after the unit (十个一, 5个一), unless it starts a grade
        or (
            after[:1] != ""
            and after[0] in CN_DIGITS + "十"
            and unit not in ("%", "‰")
            and not GRADE.match(after)
        )
        # codes and ages: a letter or digit after the unit (5G), or 岁 (60岁)
        or (
            after[:1].isascii()
            and after[:1].isalnum()
            and not AGE_NEXT.match(after)  # "3.2万名60周岁以上老人": a count, then an age
        )
        or after.startswith(("岁", "周岁"))
        or (unit == "周" and after.startswith("岁"))
        # ordinals (第3批) and numbers (3号, 十四五期间)
        or before.endswith(("第", "第 "))
        or after.startswith(("号", "期间"))
        # "位列全省前10名" is a rank and "前10个月" a period, not counts.
        or (before.endswith("前") and unit in ("名", "位", "强", "个月"))
        # 百姓, 千家万户, 万村共富: a bare magnitude is not a count; 百余名 is.
        or (bare and not (m["pre"] or m["post0"] or m["post1"] or m["post2"]))
        or (m["pre"] == "上" and not bare)
        or _enclosing(folded, m.start(), "《", "》") is not None
    )


def _amounts(
    num: str, num2: str | None, mult1: str | None, mult: str | None
) -> tuple[Decimal, Decimal | None] | None:
    """Return the amount (and a range's upper end) in base units, or None if out of bounds."""
    low = _number(num)
    if low is None:
        return None
    high = None
    if num2:
        high = _number(num2)
        if high is None or high <= low:
            return None
    multiplier = Decimal(MULTIPLIERS.get(mult or "", 1))
    if mult1:
        low = low * Decimal(MULTIPLIERS[mult1]) / (multiplier if mult else 1)
    amount = _plain(low * multiplier)
    amount_max = _plain(high * multiplier) if high is not None else None
    if amount.as_tuple().exponent < FINEST or amount >= LARGEST:
        return None
    if amount_max is not None and amount_max >= LARGEST:
        return None
    return amount, amount_max


def _number(text: str) -> Decimal | None:
    """Return the value of an Arabic or Chinese numeral, or None if it is not a plain number."""
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if not any(ch in CN_MAGNITUDES for ch in text):
        return None
    if all(ch in CN_MAGNITUDES for ch in text):
        text = "一" + text  # 万 -> 一万 (近万名)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception:  # noqa: BLE001 - cn2an raises bare ValueError/KeyError/IndexError subclasses
        return None


def _plain(number: Decimal) -> Decimal:
    """Return number without exponent or trailing zeros (12000, 0.5)."""
    return Decimal(format(number.normalize(), "f"))


def _qualifier(*words: str | None) -> str:
    """Return the qualifier the words around a number amount to (余 -> approximate)."""
    words = {w for w in words if w}
    if words & AT_LEAST:
        return "at_least"
    if words & AT_MOST:
        return "at_most"
    if words & APPROXIMATE:
        return "approximate"
    return "exact"


# ---------------------------------------------------------------- confidence and counted noun


def _doubt(folded: str, m: re.Match, start: int) -> tuple[float, str]:
    """Return the confidence a figure starts from, and the reason when it is doubtful."""
    before = folded[max(0, m.start() - WINDOW) : m.start()]
    paren = _enclosing(folded, start, "(", ")")
    quote = _in_quotes(folded, start)
    clause = _clause_start(folded, start)
    # Scheme definitions ("即1个社区党组织与2至5个…", "书记+2名社区伙伴") are not results.
    if (
        (paren is not None and folded[paren + 1 : paren + 2] == "即")
        or folded[clause : clause + 1] == "即"
        or before.endswith("+")
        or (quote is not None and "+" in folded[quote[0] : quote[1]])
    ):
        return SCHEME, SCHEME_REASON
    if quote is not None and quote[1] - quote[0] <= 12:
        return SLOGAN, SLOGAN_REASON  # a figure in a short “quoted” phrase ("3个100%")
    return CONFIDENT, ""


def _what_is_counted(
    text: str, folded: str, m: re.Match, start: int
) -> tuple[str, str, list[float]]:
    """Return the counted noun, how it was found and the doubts that leaves."""
    end = m.end()
    rest = folded[end : end + WINDOW]
    doubts: list[float] = []
    if (
        rest[:1]
        and ("\u4e00" <= rest[0] <= "\u9fff" or rest[0] in "“‘" or AGE_NEXT.match(rest))
        and not VERB_AFTER.match(rest)
    ):
        counted = noun_after(text, folded, end)
        how = "数字+量词+名词"
    else:
        counted = noun_before(text, folded, m.start())
        how = "名词+数字+量词"
        doubts.append(NOUN_BEFORE)
        change = _change(folded, _clause_start(folded, start), m.start())
        if change:
            how += f"（{change.group()}）"  # the counted noun is the measure; keep how it moved
        if not counted and rest.startswith("的"):
            counted = noun_after(text, folded, end + 1)  # "90%以上的村实现…"
    if not counted:
        doubts.append(NO_NOUN)
        how = NOTHING
    return counted, how, doubts


def _change(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """Return CHANGE's match in text[pos:endpos], scanning only if a change verb is there."""
    endpos = len(text) if endpos is None else endpos
    if CHANGE_VERB.search(text, pos, endpos) is None:
        return None  # most clauses: CHANGE would try every position of the window in vain
    return CHANGE.search(text, pos, endpos)


def _elliptical(folded: str, figure: Found) -> bool:
    """Say whether a figure names nothing of its own ("已完成1.1万亩", "同比增长15%")."""
    lead = folded[_clause_start(folded, figure.start) : figure.start]
    change = _change(lead)
    return (
        not figure.counted
        or VERBS.fullmatch(figure.counted) is not None
        or (change is not None and not strip_edges(lead[: change.start()]))
    )


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
    sentence = _sentence_start(folded, figure.start)
    lead = folded[_clause_start(folded, figure.start) : figure.start]
    # A bare change ("营业收入2.6亿元，同比增长15%") is the rate of the figure before it,
    # whatever its unit; a bare verb ("已完成1.1万亩") repeats a noun of the same unit.
    change = _change(lead)
    for earlier in reversed(found):
        if earlier.start < sentence:
            break
        if change is not None or earlier.base_unit == figure.base_unit:
            return earlier.counted
    return ""


# ---------------------------------------------------------------- kind and period


def _kind(folded: str, sentence_start: int, start: int) -> str:
    """Return expected when a planning word earlier in the sentence still governs start."""
    # Only the last planning word outside quotes matters: look for it from the end.
    markers = reversed(list(EXPECTED.finditer(folded, sentence_start, start)))
    marker = next((m for m in markers if _in_quotes(folded, m.start()) is None), None)
    if marker is None:
        return "achieved"
    for comma in CLAUSE_BREAK.finditer(folded, marker.end(), start):
        if RESULT.match(folded, comma.end(), start):
            return "achieved"
    return "expected"


def _period(text: str, folded: str, sentence_start: int, start: int, kind: str) -> str:
    """Return the last period the sentence gives before start, outside quotes ("每周一修")."""
    if PERIOD_CHARS.search(folded, sentence_start, start) is None:
        return ""
    periods = (
        p
        for p in reversed(list(PERIOD.finditer(folded, sentence_start, start)))
        if _in_quotes(folded, p.start()) is None
        # "目前，二期工程已开工，计划修建…45公里": a plan is not counted up to now.
        and not (kind == "expected" and SO_FAR.search(p.group()))
    )
    chosen = next(periods, None)
    if chosen is None:
        return ""
    if chosen.group() == "累计":
        chosen = next(periods, chosen)  # "截至目前，全县累计…": the date says more than 累计
    return text[chosen.start() : chosen.end()]


# ---------------------------------------------------------------- sentences, brackets, quotes


def _enclosing(folded: str, start: int, opener: str, closer: str) -> int | None:
    """Return where the innermost `opener` enclosing `start` opens, or None."""
    # Walk back from bracket to bracket (str.rfind) rather than character by character.
    floor = max(0, start - WINDOW + 1)
    depth = 0
    opening = folded.rfind(opener, floor, start)
    closing = folded.rfind(closer, floor, start)
    while opening != -1:
        if closing > opening:
            depth += 1
            closing = folded.rfind(closer, floor, closing)
        elif depth == 0:
            return opening if folded.find(closer, start, start + WINDOW) != -1 else None
        else:
            depth -= 1
            opening = folded.rfind(opener, floor, opening)
    return None


def _in_quotes(folded: str, start: int) -> tuple[int, int] | None:
    """Return the span of the “quoted” phrase around start, or None."""
    left = folded.rfind("“", max(0, start - WINDOW), start)
    if left == -1 or folded.rfind("”", left, start) != -1:
        return None
    right = folded.find("”", start, start + WINDOW)
    return (left, right) if right != -1 else None


# The last mark before a figure: one scan of the window rather than one per mark.
LAST_SENTENCE_END = re.compile(r"[。！？!?；;][^。！？!?；;]*\Z")
LAST_CLAUSE_END = re.compile(r"[，。；：,;:！？!?（(][^，。；：,;:！？!?（(]*\Z")


def _sentence_start(folded: str, start: int) -> int:
    """Return where the sentence holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_SENTENCE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor


def _clause_start(folded: str, start: int) -> int:
    """Return where the clause holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_CLAUSE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor
