"""Find a figure's sentence, clause, brackets and quotes, looking a bounded way around it."""

import re

# How far to look around a figure for its sentence, brackets and quotes; keeps long
# unbroken text linear.
WINDOW = 300


def enclosing(folded: str, start: int, opener: str, closer: str) -> int | None:
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


def in_quotes(folded: str, start: int) -> tuple[int, int] | None:
    """Return the span of the “quoted” phrase around start, or None."""
    left = folded.rfind("“", max(0, start - WINDOW), start)
    if left == -1 or folded.rfind("”", left, start) != -1:
        return None
    right = folded.find("”", start, start + WINDOW)
    return (left, right) if right != -1 else None


# The last mark before a figure: one scan of the window rather than one per mark.
LAST_SENTENCE_END = re.compile(r"[。！？!?；;][^。！？!?；;]*\Z")
LAST_CLAUSE_END = re.compile(r"[，。；：,;:！？!?（(][^，。；：,;:！？!?（(]*\Z")


def sentence_start(folded: str, start: int) -> int:
    """Return where the sentence holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_SENTENCE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor


def clause_start(folded: str, start: int) -> int:
    """Return where the clause holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_CLAUSE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor
