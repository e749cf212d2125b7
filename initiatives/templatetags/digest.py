"""Template helpers for the public site."""

from functools import lru_cache

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..charts import format_number
from ..citing import citation
from ..highlighting import highlight

register = template.Library()


def public_mark(figure, quote):
    """Return a figure's quote marked and linked to its row in the figure table."""
    return format_html(
        '<mark id="quote-{}" class="quote"><a href="#figure-{}">{}</a></mark>',
        figure.pk,
        figure.pk,
        quote,
    )


@register.simple_tag
def highlighted(paragraph, figures):
    """Render a paragraph with the given figures highlighted in place."""
    return highlight(paragraph.text, figures, public_mark)


@register.simple_tag
def as_of(figure):
    """Render the day a figure stands at, or that it is unknown (a tag: it is in every row)."""
    if figure.as_of:
        day = figure.as_of.isoformat()
        return format_html('<time class="as-of" datetime="{}">{}</time>', day, day)
    return format_html('<span class="as-of">{}</span>', _("日期不详"))


@register.simple_tag
def demo_label():
    """Render the label of a generated (not reported) row."""
    return demo_label_in(get_language())


@lru_cache
def demo_label_in(language):
    # The same markup on every row of a page (a list of generated figures has it on each).
    return format_html(
        '<span class="demo-label" title="{}">{}</span>',
        _("由 generate_demo 生成，不是真实报道"),
        _("演示数据"),
    )


@register.filter
def number(value):
    """Format an amount without trailing zeros and with thousands separators."""
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def minutes(duration):
    """Return a timedelta as whole minutes, rounded up (the login lockout's wait)."""
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def signed_number(value):
    """Format a change with its sign: +58, −3, 0."""
    text = format_number(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


@register.simple_tag
def series_change(series):
    """Render a series' latest value, the one before it and the change between them."""
    # A tag, not an include: a county's page shows one per indicator, an indicator's per county.
    latest, previous = series.latest, series.previous
    change = ""
    if series.change is not None:
        direction = "up" if series.change > 0 else "down" if series.change < 0 else ""
        percent = series.change_percent
        change = format_html(
            '<span class="{}">（{}{}）</span>',
            direction,
            signed_number(series.change),
            "" if percent is None else f"，{signed_number(percent)}%",
        )
    day = latest.as_of.isoformat() if latest.as_of else ""
    return format_html(
        '<p class="change">\n  {}<strong>{}</strong> {}\n  {}\n  <span class="as-of">{}</span>\n</p>',
        format_html("{} → ", number(previous.amount)) if previous else "",
        number(latest.amount),
        series.base_unit,
        change,
        _("截至 %(date)s") % {"date": day},
    )


@register.simple_tag(takes_context=True)
def page_url(context, param, number):
    """Return this page's query string with param (a page number's name) set to number."""
    params = context["request"].GET.copy()
    params[param] = number
    return "?" + params.urlencode()


# Added by share buttons, newsletters and chat apps (WeChat's from and isappinstalled,
# Alibaba's spm); a shared address keeps the parameters that choose what the page shows.
TRACKING_PARAMETERS = {"fbclid", "gclid", "spm", "from", "isappinstalled", "share_token"}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return this page's absolute address without tracking parameters ("" on error pages)."""
    request = context.get("request")
    if request is None:  # the 500 page is rendered without one
        return ""
    try:
        request.get_host()
    except DisallowedHost:  # the 400 page of a request for a host we do not serve
        return ""
    params = request.GET.copy()
    for name in list(params):
        if name.startswith("utm_") or name in TRACKING_PARAMETERS:
            del params[name]
    query = params.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@register.simple_tag(takes_context=True)
def cite(context, figure):
    """Return the text citing a figure, with its absolute address (autoescaped in the page)."""
    report = figure.paragraph.report
    return citation(
        publication=report.publication,
        published_on=report.published_on,
        page=report.page,
        quote=figure.quote,
        url=context["request"].build_absolute_uri(figure.get_absolute_url()),
    )
