"""Read datelines, bylines and photo credits: who filed a report, from where."""

import re

from .lexicon import AGENCIES, BYLINE_PUBLISHERS, MARKS, PAPER_KINDS, PLACE_SUFFIXES, ROLES
from .text import SPACES, ends_sentence, fold

CJK = r"\u4e00-\u9fff"
# 本报汶上讯, 本报讯, 本报济宁6月12日讯, 新华社北京6月12日电, 大众日报济宁讯 (matched on folded text).
DATELINE = re.compile(
    rf"^(?:本报(?!记者|通讯员)[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)"
    rf"|(?:{AGENCIES})[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?电"
    rf"|[{CJK}·]{{1,10}}?(?:{PAPER_KINDS})(?:·[{CJK}]{{2,8}})?"
    rf"[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)(?=\s|\(|:))"
)
PAREN = re.compile(r"\s*\(([^()]{1,60})\)\s*")
ROLE = re.compile(ROLES)
# "大众日报记者 张国强", "新华社记者 孙一凡": a paper's name printed before the role.
PAPER = (
    rf"(?:[{CJK}]{{0,6}}?(?:{BYLINE_PUBLISHERS})"
    rf"(?:·[{CJK}]{{2,6}})?)"  # 齐鲁晚报·齐鲁壹点记者
)
# A name; typesetters pad a two-character one to three ("刘　洋").
NAME = rf"(?:[{CJK}] [{CJK}](?![{CJK}])|[{CJK}·]{{2,5}})"
INLINE_BYLINE = re.compile(rf"[\s:：]*((?:(?:{ROLES}) ?(?:{NAME} )+)+)")
BYLINE = re.compile(
    rf"^[{MARKS}]?\s*(?:{PAPER}?(?:{ROLES})\s*:?\s*{NAME}(?:[\s、，,]+{NAME})*\s*)+(?:报道|报導)?$"
)
CREDIT = re.compile(rf"^[{MARKS}]?\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?$")
INLINE_CREDIT = re.compile(
    rf"(?:[（(]\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?\s*[）)]"
    rf"|[{MARKS}]\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?)$"
)
PLACE_NAME = rf"[{CJK}]{{1,7}}?(?:{PLACE_SUFFIXES})"
# A news-in-brief item opens with a marked place name: "■汶上县 近日，……", "▲金乡县：……".
BRIEF = re.compile(rf"^[{MARKS}]\s*(?!图)({PLACE_NAME})(?:\s*[:：]\s*|\s+|$)")
# "……120余名老人参加。（通讯员 袁军）": a brief's reporters bracketed after its last sentence.
TRAILING_BYLINE = re.compile(
    rf"(?:(?<=[。！？!?”])|^)\s*\(\s*((?:{ROLES})?\s*{NAME}(?:[\s、，,]+{NAME}){{0,3}})\s*\)$"
)
PAPER_ROLE = re.compile(rf"{PAPER}?(?:{ROLES})")
BRACKETED_BYLINE = re.compile(
    rf"^\(\s*{PAPER}?(?:{ROLES})\s*{NAME}(?:[\s、，,]+(?:(?:{ROLES})\s*)?{NAME})*\s*\)$"
)


def unslash(folded: str) -> str:
    """Return a byline without its 文/图 labels ("文/图 本报记者 张三" -> "本报记者 张三")."""
    folded = re.sub(r"\s*(?:文/图|图/文)$", "", folded)
    folded = re.sub(rf"(?:^|(?<=[\s{MARKS}]))(?:文/图|图/文)(?:\s*:\s*|\s+)", "", folded)
    return re.sub(rf"(?:^|(?<=[\s{MARKS}]))[文图]\s*/\s*", "", folded)


def line_kind(line: str) -> str:
    """Return "dateline", "credit", "byline" or "text" for a stripped line."""
    if DATELINE.match(fold(line)) or BRIEF.match(fold(line)):
        return "dateline"
    folded = unslash(fold(line))
    if len(line) <= 50 and BRACKETED_BYLINE.match(folded):
        return "byline"  # "（记者 张涛 通讯员 李军）" on a line of its own
    if len(line) <= 50 and not ends_sentence(line):
        if CREDIT.match(folded) and (
            line[0] in MARKS or ROLE.search(line) or re.fullmatch(rf"[{CJK}]{{2,4}} +摄", folded)
        ):
            return "credit"
        if BYLINE.match(folded) and (
            line[0] in MARKS
            or line.endswith(("报道", "报導"))
            # "本报记者 张三", but not a heading such as "通讯员队伍建设"
            or (PAPER_ROLE.match(folded) and (" " in folded or ":" in folded))
        ):
            return "byline"
    return "text"


def parse_dateline(text: str) -> tuple[str, list[str], str]:
    """Return (dateline, correspondents, rest of the paragraph) from a dateline paragraph."""
    folded = fold(text)
    brief = BRIEF.match(folded)
    if brief and not DATELINE.match(folded):
        return text[brief.start(1) : brief.end(1)], [], text[brief.end() :].lstrip(SPACES)
    match = DATELINE.match(folded)
    if not match:
        return "", [], text
    dateline = text[: match.end()].strip()
    rest_at = match.end()
    names: list[str] = []
    paren = PAREN.match(folded, rest_at)
    if paren:
        names = parse_names(text[paren.start(1) : paren.end(1)])
        rest_at = paren.end()
    else:
        # "齐鲁晚报·齐鲁壹点讯 记者 王五 近日，……": the byline without brackets.
        inline = INLINE_BYLINE.match(folded, rest_at)
        if inline:
            names = parse_names(text[inline.start(1) : inline.end(1)])
            rest_at = inline.end()
    rest = text[rest_at:].lstrip(SPACES + "：:　")
    return dateline, names, rest


def parse_names(text: str) -> list[str]:
    """Return the people in a byline or credit, without their roles."""
    text = unslash(fold(text).strip(MARKS + SPACES + "()"))
    text = re.sub(r"(报道|报導|摄影|摄)$", "", text).strip()
    names = []
    for group in re.split(rf"(?:{PAPER}(?={ROLES})|{ROLES}|本报)+", text):
        parts = [p for p in re.split(r"[\s、，,/·:]+", group) if p]
        while parts:
            # "刘 洋": a two-character name padded with a space is one name.
            if len(parts) > 1 and len(parts[0]) == len(parts[1]) == 1:
                names.append(parts.pop(0) + parts.pop(0))
            else:
                names.append(parts.pop(0))
    return names


def merge_names(*groups: list[str]) -> list[str]:
    """Return the names of several bylines in order, each once."""
    return list(dict.fromkeys(name for group in groups for name in group))


def trailing_byline(paragraphs: list[str]) -> list[str]:
    """Remove a bracketed byline after the last sentence and return its names."""
    if not paragraphs:
        return []
    match = TRAILING_BYLINE.search(fold(paragraphs[-1]))
    if not match:
        return []
    paragraphs[-1] = paragraphs[-1][: match.start()].rstrip()
    if not paragraphs[-1]:
        paragraphs.pop()
    return parse_names(match.group(1))
