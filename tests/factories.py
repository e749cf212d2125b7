"""Build test data: one factory per model, each with the same meaning in every test module."""

import itertools
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Permission

from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    Paragraph,
    Region,
    Report,
    Status,
    Theme,
)

_serial = itertools.count(1)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "seed_page.json"

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
    if "county" not in kwargs:  # Not setdefault: its default would make a county every call.
        kwargs["county"] = report.county if report else make_county()
    county = kwargs["county"]
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


def make_counties():
    """Create the counties of the demo fixture, without its reports."""
    rows = [row for row in json.loads(FIXTURE.read_text()) if row["model"] == "initiatives.county"]
    return County.objects.bulk_create(County(**row["fields"]) for row in rows)


def make_themes_and_indicators():
    """Create the demo fixture's themes and indicators, with their keywords."""
    rows = json.loads(FIXTURE.read_text())
    themes = {
        row["pk"]: Theme.objects.create(**row["fields"])
        for row in rows
        if row["model"] == "initiatives.theme"
    }
    for row in rows:
        if row["model"] == "initiatives.indicator":
            fields = row["fields"] | {"theme": themes.get(row["fields"]["theme"])}
            Indicator.objects.create(**fields)
    return list(themes.values())


def make_staff(django_user_model, *codenames, username="editor"):
    """Create a staff user holding these permissions of the app (codenames)."""
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames)
    )
    return user


def make_region(code, name, parent=None, **kwargs):
    """Create a province (no parent) or a prefecture of the gazetteer."""
    level = Region.Level.PREFECTURE if parent else Region.Level.PROVINCE
    kwargs.setdefault("short_name", name[:2])
    return Region.objects.create(code=code, name=name, parent=parent, level=level, **kwargs)


# Staff who may add, change, view and delete reported content but not publish it, and publishers.
CONTENT_MODELS = ("report", "paragraph", "initiative", "figure", "county", "theme", "indicator")
EDITOR = [
    f"{action}_{model}"
    for action in ("add", "change", "view", "delete")
    for model in CONTENT_MODELS
]
PUBLISHER = [*EDITOR, "publish_report", "publish_initiative"]
# The start of publishing.REFUSED, the message that refuses a change of published content.
REFUSED = "只有具有发布权限的人员才能修改或删除"
