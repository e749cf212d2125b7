"""The text that cites one figure: its source, its words and its permanent address."""

from django.utils.translation import gettext as _


def citation(*, publication, published_on, page, quote, url):
    """Return a one-line citation of a quoted figure, in the active language."""
    # Each part the source did not record says so, rather than leaving a gap a reader may fill.
    return _("%(publication)s，%(date)s，第%(page)s版：“%(quote)s”。%(url)s") % {
        "publication": publication or _("出版物未注明"),
        "date": published_on.isoformat() if published_on else _("日期未注明"),
        "page": page or "?",
        "quote": quote,
        "url": url,
    }
