"""Suggest an initiative's theme and a figure's indicator from the keywords staff keep in the admin.

Pure functions over words: importing.py loads the themes' and indicators' keywords and stores
what these return, as suggestions the review screen shows and staff may change.
"""

import re
from dataclasses import dataclass

# Staff separate keywords with 、 ， , ； ; or spaces, whichever they type.
SEPARATORS = re.compile(r"[、，,；;\s]+")
# A keyword in the headline says more about the work than one in the body.
HEADLINE_WEIGHT = 3


@dataclass(frozen=True)
class Candidate:
    """A theme or an indicator as the suggestions see it: its id, keywords and base unit."""

    pk: int
    keywords: tuple
    unit: str = ""


def keyword_list(text):
    """Return the keywords staff typed in a keywords field, in order, without blanks."""
    return tuple(word for word in SEPARATORS.split(text) if word)


def suggest_theme(headline, paragraphs, themes):
    """Return the pk of the theme whose keywords occur most in the report, or None if none do.

    A keyword counts HEADLINE_WEIGHT times in the headline and once in the body; of themes
    scoring alike, the first one given wins.
    """
    body = "\n".join(paragraphs)
    best, best_score = None, 0
    for theme in themes:
        score = sum(HEADLINE_WEIGHT * headline.count(w) + body.count(w) for w in theme.keywords)
        if score > best_score:
            best, best_score = theme.pk, score
    return best


def suggest_indicator(counted, base_unit, indicators):
    """Return the pk of the indicator for a figure, or None.

    Only an indicator in the figure's base unit may take it (Figure.clean); of those, the one
    with the longest keyword found in what the figure counts.
    """
    best, longest = None, 0
    for indicator in indicators:
        if indicator.unit != base_unit:
            continue
        length = max((len(word) for word in indicator.keywords if word in counted), default=0)
        if length > longest:
            best, longest = indicator.pk, length
    return best
