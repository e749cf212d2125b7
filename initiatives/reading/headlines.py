"""Read a report's headline: which lines may be one, and how a run of them composes."""

import re
from collections.abc import Sequence

from .bylines import CJK, DATELINE
from .lexicon import CONNECTORS, PLACE_SUFFIXES, WHEN
from .text import ends_sentence, fold

# A main title opening with its place ("济宁：…"), so a line above it is a kicker.
KICKED = re.compile(rf"^[{CJK}]{{2,6}}:")
PLACE = re.compile(rf"^[{CJK}]{{2,8}}(?:{PLACE_SUFFIXES})$")


def heading_like(line: str) -> bool:
    """Say whether a line could be (part of) a headline: short, no sentence inside it."""
    if not line or len(line) > 40 or any(ch in line for ch in "。；;"):
        return False
    if line[-1] in "，、,(（“":
        return False
    if ends_sentence(line):
        # "让老人老有所依！" can be a headline; a sentence with a comma in it is not.
        return line[-1] in "！？!?" and len(line) <= 20 and not any(ch in line for ch in "，,、")
    if line[-1] in "：:" and len(line) > 10:  # a kicker may end "嘉祥县："
        return False
    if ("，" in line or "," in line) and len(line) > 16:
        return False
    return line.count("，") <= 1 and not DATELINE.match(fold(line))


def compose_headline(lines: Sequence[str]) -> tuple[str, str]:
    """Return (headline, subheadline) from the lines of a headline run."""
    main = [x for x in lines if not x.startswith(("—", "－", "--"))]
    sub = " ".join(x.lstrip("—－- ") for x in lines if x.startswith(("—", "－", "--")))
    if not main:
        return sub, ""
    # "聚焦“一老一小”办实事" over "济宁：长者食堂开到村头": a kicker (引题) above a main title
    # that opens with its place; the kicker is kept with the subheadline.
    lead = next((k for k in range(1, len(main)) if KICKED.match(fold(main[k]))), 0)
    if lead and len(main[lead - 1]) >= 4 and main[lead - 1][-1] not in CONNECTORS:
        sub = " ".join(x for x in (" ".join(main[:lead]), sub) if x)
        main = main[lead:]
    pieces: list[str] = []  # joined once at the end: a long run is not copied line by line
    for k, line in enumerate(main):
        if not pieces:
            pieces.append(line)
            continue
        previous = main[k - 1]
        couplet = (
            len(previous) <= 12
            and len(line) <= 12
            and abs(len(previous) - len(line)) <= 2
            and line[0] not in CONNECTORS
            and previous[-1] not in CONNECTORS
            and not (k == 1 and PLACE.match(previous))
        )
        pieces.append((" " if couplet else "") + line)
    return "".join(pieces), sub


def first_clause(text: str) -> str:
    """Return the first clause of a paragraph that says more than when, for a missing headline."""
    clauses = [c for c in re.split(r"[，。；！？,;!?]", text) if c.strip()]
    for clause in clauses:
        if not WHEN.fullmatch(fold(clause).strip()):
            return clause[:60]
    return clauses[0][:60] if clauses else ""
