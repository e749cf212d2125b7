"""Say whether a figure is achieved or expected, and for which period it is reported."""

from .lexicon import CLAUSE_BREAK, EXPECTED, PERIOD, PERIOD_CHARS, RESULT, SO_FAR
from .spans import in_quotes


def kind_of(folded: str, sentence_start: int, start: int) -> str:
    """Return expected when a planning word earlier in the sentence still governs start."""
    # Only the last planning word outside quotes matters: look for it from the end.
    markers = reversed(list(EXPECTED.finditer(folded, sentence_start, start)))
    marker = next((m for m in markers if in_quotes(folded, m.start()) is None), None)
    if marker is None:
        return "achieved"
    for comma in CLAUSE_BREAK.finditer(folded, marker.end(), start):
        if RESULT.match(folded, comma.end(), start):
            return "achieved"
    return "expected"


def period_of(text: str, folded: str, sentence_start: int, start: int, kind: str) -> str:
    """Return the last period the sentence gives before start, outside quotes ("每周一修")."""
    if PERIOD_CHARS.search(folded, sentence_start, start) is None:
        return ""
    periods = (
        p
        for p in reversed(list(PERIOD.finditer(folded, sentence_start, start)))
        if in_quotes(folded, p.start()) is None
        # "目前，二期工程已开工，计划修建…45公里": a plan is not counted up to now.
        and not (kind == "expected" and SO_FAR.search(p.group()))
    )
    chosen = next(periods, None)
    if chosen is None:
        return ""
    if chosen.group() == "累计":
        chosen = next(periods, chosen)  # "截至目前，全县累计…": the date says more than 累计
    return text[chosen.start() : chosen.end()]
