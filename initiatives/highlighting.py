"""Source text with its figures marked in place, escaped piece by piece."""

from django.utils.html import conditional_escape, format_html, format_html_join


def usable_spans(text, figures):
    """Return the figures whose span holds their quote, in order; of overlaps, the first and longest."""
    chosen, reached = [], 0
    for figure in sorted(figures, key=lambda figure: (figure.start, -figure.end)):
        if not (reached <= figure.start < figure.end <= len(text)):
            continue
        if text[figure.start : figure.end] != figure.quote:
            continue
        chosen.append(figure)
        reached = figure.end
    return chosen


def highlight(text, figures, mark):
    """Return the text escaped, each usable figure's quote replaced by mark(figure, quote)."""
    pieces, position = [], 0
    for figure in usable_spans(text, figures):
        pieces.append(conditional_escape(text[position : figure.start]))
        # mark() builds its HTML with format_html, which escapes the quote.
        pieces.append(mark(figure, text[figure.start : figure.end]))
        position = figure.end
    pieces.append(conditional_escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


# Where a sentence ends, and where a clause within it ends.
SENTENCE_ENDS = "。！？；!?;"
CLAUSE_ENDS = "，、：,:"
# A sentence longer than this (in characters) is cut to the clauses around the quote…
LONG_SENTENCE = 60
# …taking in further clauses until this many characters stand on either side, where it can.
CLAUSE_CONTEXT = 4


def sentence_around(text, start, end):
    """Return (before, quote, after, cut_before, cut_after): the sentence of text[start:end].

    A long sentence is cut to the clauses that hold the quote; the flags say whether text was
    left out before or after.
    """
    first = last_end(text, SENTENCE_ENDS, 0, start)
    stop = next_end(text, SENTENCE_ENDS, end, len(text))
    if stop - first > LONG_SENTENCE:
        clause_first = last_end(text, CLAUSE_ENDS, first, start)
        while start - clause_first < CLAUSE_CONTEXT and clause_first > first:
            clause_first = last_end(text, CLAUSE_ENDS, first, clause_first - 1)
        clause_stop = next_end(text, CLAUSE_ENDS + SENTENCE_ENDS, end, stop)
        while clause_stop - end < CLAUSE_CONTEXT and clause_stop < stop:
            clause_stop = next_end(text, CLAUSE_ENDS + SENTENCE_ENDS, clause_stop, stop)
        cut_before, cut_after = clause_first > first, clause_stop < stop
        first, stop = clause_first, clause_stop
    else:
        cut_before = cut_after = False
    return text[first:start], text[start:end], text[end:stop], cut_before, cut_after


def last_end(text, marks, low, start):
    """Return the index after the last mark in text[low:start], or low if there is none."""
    return max([low] + [text.rfind(mark, low, start) + 1 for mark in marks])


def next_end(text, marks, end, high):
    """Return the index after the first mark in text[end:high], or high if there is none."""
    found = [index + 1 for mark in marks if (index := text.find(mark, end, high)) >= 0]
    return min(found, default=high)


def sentence_html(text, start, end):
    """Return the sentence around text[start:end], escaped, the quote marked."""
    before, quote, after, cut_before, cut_after = sentence_around(text, start, end)
    return format_html(
        '{}{}<mark class="quote">{}</mark>{}{}',
        "…" if cut_before else "",
        before,
        quote,
        after,
        "…" if cut_after else "",
    )
