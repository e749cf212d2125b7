"""Small factories for tests; other test modules import them, so keep their signatures stable."""

import itertools
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    Paragraph,
    Report,
    Status,
    Theme,
)

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the site's default language: a request in English leaves it active."""
    translation.activate(settings.LANGUAGE_CODE)


PARAGRAPH = "目前，全县第一批论证通过的102个帮扶项目正在实施，统筹使用300万元帮扶资金。"


def make_county(**kwargs):
    n = next(_serial)
    kwargs.setdefault("name", f"测试县{n}")
    kwargs.setdefault("slug", f"county-{n}")
    return County.objects.create(**kwargs)


def make_theme(**kwargs):
    n = next(_serial)
    kwargs.setdefault("name", f"主题{n}")
    kwargs.setdefault("slug", f"theme-{n}")
    return Theme.objects.create(**kwargs)


def make_indicator(**kwargs):
    n = next(_serial)
    kwargs.setdefault("name", f"指标{n}")
    kwargs.setdefault("slug", f"indicator-{n}")
    kwargs.setdefault("unit", "个")
    return Indicator.objects.create(**kwargs)


def make_report(paragraphs=(PARAGRAPH,), **kwargs):
    """Create a report (published unless told otherwise) with the given paragraph texts."""
    kwargs.setdefault("county", kwargs.get("county") or make_county())
    kwargs.setdefault("headline", f"报道{next(_serial)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    report = Report.objects.create(**kwargs)
    for position, text in enumerate(paragraphs):
        Paragraph.objects.create(report=report, position=position, text=text)
    return report


def make_initiative(report=None, **kwargs):
    """Create a published initiative citing report (a new published report if none)."""
    county = kwargs.setdefault("county", report.county if report else make_county())
    if report is None:
        report = make_report(county=county)
    n = next(_serial)
    kwargs.setdefault("title", f"工作举措{n}")
    kwargs.setdefault("slug", f"initiative-{n}")
    kwargs.setdefault("status", Status.PUBLISHED)
    initiative = Initiative.objects.create(**kwargs)
    initiative.reports.add(report)
    return initiative


def make_figure(initiative, quote="102个", paragraph=None, start=None, **kwargs):
    """Create a confirmed figure for quote, found in paragraph (the initiative's first)."""
    if paragraph is None:
        paragraph = Paragraph.objects.filter(report__initiatives=initiative).first()
    if start is None:
        start = paragraph.text.index(quote)
    kwargs.setdefault("value", "".join(ch for ch in quote if ch.isdigit() or ch == ".") or "1")
    kwargs.setdefault("unit", "个")
    kwargs.setdefault("amount", Decimal(kwargs["value"]))
    kwargs.setdefault("base_unit", kwargs["unit"])
    kwargs.setdefault("counted", "帮扶项目")
    return Figure.objects.create(
        initiative=initiative,
        paragraph=paragraph,
        start=start,
        end=start + len(quote),
        quote=quote,
        **kwargs,
    )


@pytest.fixture
def seed(db):
    """Load the hand-checked demo page."""
    call_command("loaddata", "seed_page", verbosity=0)
