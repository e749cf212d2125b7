"""Template helpers for the public site: figures highlighted in their source text."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

from ..charts import format_number

register = template.Library()


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


def highlight(text, figures):
    """Return the text escaped, each usable figure's quote marked and linked to its row."""
    pieces, position = [], 0
    for figure in usable_spans(text, figures):
        pieces.append(conditional_escape(text[position : figure.start]))
        pieces.append(
            format_html(
                '<mark id="quote-{}" class="quote"><a href="#figure-{}">{}</a></mark>',
                figure.pk,
                figure.pk,
                text[figure.start : figure.end],
            )
        )
        position = figure.end
    pieces.append(conditional_escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@register.simple_tag
def highlighted(paragraph, figures):
    """Render a paragraph with the given figures highlighted in place."""
    return highlight(paragraph.text, figures)


@register.filter
def number(value):
    """Format an amount without trailing zeros and with thousands separators."""
    if value is None or value == "":
        return ""
    return format_number(value)
