"""Source text with its figures marked in place, escaped piece by piece."""

from django.utils.html import conditional_escape, format_html_join


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
