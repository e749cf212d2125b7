"""Read what a figure counts: the noun phrase after it ("102个帮扶项目") or before it."""

import re

from .lexicon import (
    ADVERBS,
    AGE_NEXT,
    CHANGE,
    CHANGE_TO,
    CODE_SUFFIX,
    COMPARED,
    DELIMITERS,
    FROM,
    FROM_TO,
    GOVERNING,
    LEADING,
    MEASURES,
    NOMINAL,
    NOUN_SUFFIXES,
    PARTICLES,
    PERIOD,
    SPENDING,
    STOPS,
    TRAILING,
    VERBS,
)
from .text import fold

# The longest counted phrase kept, and how far a phrase is read after or before its figure.
LONGEST = 20
AFTER_REACH = 24
BEFORE_REACH = 30
# How far back a change from one amount to another ("由…的1668元增加到2.5万元") is looked for.
CHANGE_REACH = 60
CLAUSE_END = re.compile(r"[，。；,;：:！？!?]")
LAST_CLAUSE_END = re.compile(r"[，。；,;：:！？!?][^，。；,;：:！？!?]*\Z")


def noun_after(text: str, folded: str, i: int) -> str:
    """Return the noun phrase after a figure, up to punctuation or a verb."""
    age = AGE_NEXT.match(folded, i)
    j = age.end() if age else i  # "3.2万名60周岁以上老人": the age belongs to the noun
    while j < len(text) and j - i < AFTER_REACH:
        ch = folded[j]
        # Look for the closing mark only as far as it may be: unbounded, each figure before
        # an unclosed bracket would scan the rest of the paragraph.
        if ch in "(" and j > i:
            close = folded.find(")", j, j + 9)
            if close == -1:
                break
            j = close + 1
            continue
        if ch in "“‘":
            close = folded.find("”" if ch == "“" else "’", j, j + 13)
            if close == -1:
                break
            j = close + 1
            continue
        if not ("\u4e00" <= ch <= "\u9fff"):
            break
        j += 1
    phrase = text[i:j]
    for stop in STOPS.finditer(fold(phrase)):
        if stop.start() >= 1 and not inside_quotes(phrase, stop.start()):
            phrase = phrase[: stop.start()]
            break
    return tidy(phrase)


def inside_quotes(phrase: str, position: int) -> bool:
    """Say whether `position` in a short phrase falls inside “quotes”."""
    return phrase.count("“", 0, position) > phrase.count("”", 0, position)


def noun_before(text: str, folded: str, start: int) -> str:
    """Return the noun phrase before a post-noun figure ("专业教师60名" -> 专业教师)."""
    if start and folded[start - 1] == " ":
        start -= 1
    if start and folded[start - 1] in "的等":
        start -= 1  # "占全镇小麦种植面积的56%", "导游、民宿经营者等900多人"
    i = _phrase_start(folded, start)
    phrase = text[i:start]
    periods = list(PERIOD.finditer(fold(phrase)))
    if periods and len(phrase) > periods[-1].end():
        phrase = phrase[periods[-1].end() :]
    change = CHANGE.search(phrase)
    if change:
        # "比去年同期增加120人" names no measure: leave it to the figure before, or to staff.
        subject = GOVERNING.sub("", strip_edges(phrase[: change.start()]))
        return tidy(strip_edges(subject)) if len(subject) >= 2 else ""
    compared = COMPARED.search(phrase)
    if compared:
        # "订单收购价每斤高出市场价0.2元以上": the price, not the market's.
        return tidy(strip_edges(phrase[: compared.start()]))
    counted = tidy(strip_edges(_object(phrase)))
    # A bare verb ("建成1.2万处") names nothing; 培训 and 投资 name what they count.
    if VERBS.fullmatch(counted) and counted not in SPENDING | NOMINAL:
        return ""
    return counted


def _phrase_start(folded: str, start: int) -> int:
    """Return where the phrase before `start` begins: a delimiter or digit outside brackets."""
    i = start
    depth = 0
    quoted = False
    while i > 0 and start - i < BEFORE_REACH:
        ch = folded[i - 1]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                break
            depth -= 1
        elif ch == "”":
            quoted = True
        elif ch == "“":
            quoted = False
        elif depth == 0 and not quoted and (ch in DELIMITERS or ch.isdigit()):
            break
        i -= 1
    if folded.startswith(("岁", "周岁"), i) or (
        i
        and folded[i - 1].isascii()
        and folded[i - 1].isalnum()
        and (folded[i] in CODE_SUFFIX or folded[i].isascii() and folded[i].isalnum())
    ):
        # "60岁以上老年人达12.8万人", "X5型公交车", "4A级景区": the age or code belongs to
        # the noun.
        while (
            i > 0 and folded[i - 1].isascii() and (folded[i - 1].isalnum() or folded[i - 1] in ".-")
        ):
            i -= 1
    return i


def _object(phrase: str) -> str:
    """Return what the verbs of a phrase before a figure leave as the thing counted."""
    verbs = [m for m in VERBS.finditer(phrase) if not inside_quotes(phrase, m.start())]
    # The object of the last verb that has one ("投入专项资金1200万元"); a verb ending a
    # noun ("技能培训68期") has none, so look further back.
    ends = [v.start() for v in verbs[1:]] + [len(phrase)] if verbs else []
    objects = [
        v
        for v, until in reversed(list(zip(verbs, ends, strict=True)))
        # "将稳定在4万亩": an adverb before a verb takes no object
        if not (v.group() in ADVERBS - {"有", "共有"} and VERBS.match(phrase, v.end()))
        and len(strip_edges(phrase[v.end() :])) >= 2
        and not MEASURES.match(strip_edges(phrase[v.end() : until]))
    ]
    if objects:
        verb = objects[0]
        earlier = [v for v in verbs if v.end() == verb.start() and v.group() not in ADVERBS]
        if verb.group() in NOMINAL and earlier:
            verb = earlier[0]
        return phrase[verb.end() :]
    if verbs and verbs[-1].group() in SPENDING and verbs[-1].end() == len(phrase):
        # "市人民医院投资1.2亿元": the investment, not the hospital; 总投资 stays whole.
        return phrase[verbs[-1].start() - phrase[: verbs[-1].start()].endswith("总") :]
    if verbs and PARTICLES.match(phrase[verbs[-1].end() :]):
        # "满意度提升至92.5%": the verb's subject is what is counted.
        subject = strip_edges(phrase[: verbs[-1].start()])
        return subject if len(subject) >= 2 else phrase
    if verbs and len(phrase) - verbs[-1].end() == 1 and phrase[-1] not in NOUN_SUFFIXES:
        return phrase[verbs[-1].end() :]
    return phrase


def strip_edges(phrase: str) -> str:
    """Return a noun phrase without leading subjects and adverbs or trailing verbs."""
    while True:
        shorter = TRAILING.sub("", LEADING.sub("", phrase, count=1), count=1)
        if shorter == phrase:
            return phrase
        phrase = shorter


def tidy(phrase: str) -> str:
    """Return a counted phrase without edge punctuation or enclosing quotes, at most LONGEST."""
    phrase = phrase.strip(" ：:，,、")
    if len(phrase) >= 2 and phrase[0] == "“" and phrase[-1] == "”" and "“" not in phrase[1:-1]:
        phrase = phrase[1:-1]
    return phrase[:LONGEST]


def subject_of_change(text: str, folded: str, start: int, end: int) -> str:
    """Return the measure a change from one amount to another counts, or "" if none.

    "人均纯收入由2013年的1668元增加到2.5万元": both figures count 人均纯收入, named before 由.
    """
    floor = max(0, start - CHANGE_REACH)
    at = max(folded.rfind("由", floor, start), folded.rfind("从", floor, start))
    if at == -1 or CLAUSE_END.search(folded, at, start):
        return ""  # most figures: no 由 or 从 in their clause
    lead = folded[at:start]
    if FROM_TO.match(lead) is None and (
        FROM.match(lead) is None or CHANGE_TO.match(folded, end) is None
    ):
        return ""
    last = LAST_CLAUSE_END.search(folded, floor, at)
    clause = last.start() + 1 if last else floor
    subject = strip_edges(text[clause:at])
    return tidy(strip_edges(subject)) if len(subject) >= 2 else ""
