"""Gather a region's map: its units, their outlines and the values the visitor chose to shade.

A province's map shows its prefectures (and the counties right under it, such as 济源市); a
prefecture's shows its counties. The counts come from the QuerySets' with_public_counts, so a
map never counts a draft; maps.py does the drawing.
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .charts import format_number
from .forms.maps import FIGURES, INDICATOR, INITIATIVES, ShadeForm
from .maps import Drawing, Unit, choropleth
from .models import County, Figure, Indicator, Outline

MAP_ID = "region-map"


@dataclass(frozen=True)
class RegionMap:
    """What a page shows of a map: the form, the drawing, and the numbers as a table."""

    form: ShadeForm
    drawing: Drawing
    title: str
    measure: str
    units: list


def region_map(region, query, *, current=None):
    """Return the RegionMap of a region's units for the GET query, or None without outlines."""
    prefectures = list(region.children.with_public_counts().order_by("code"))
    counties = list(
        County.objects.filter(region=region)
        .with_public_counts()
        .order_by(F("code").asc(nulls_last=True), "position", "name")
    )
    places = prefectures + counties
    codes = [place.code for place in places if place.code]
    outlines = {outline.code: outline for outline in Outline.objects.filter(code__in=codes)}
    if not outlines:
        # Outlines not loaded (load_regions --maps): the page keeps its lists, without a map.
        return None
    # An indicator's latest value is a county's; a prefecture has none of its own to compare.
    indicators = Indicator.objects.none()
    if not prefectures:
        indicators = Indicator.objects.filter(
            pk__in=Figure.objects.public()
            .filter(initiative__county__in=counties)
            .values("indicator")
        ).order_by("name")
    form = ShadeForm(query, indicators)
    choice = form.choice()
    values, measure = measured(choice, places, counties)
    units = []
    for place in places:
        value = values.get(place)
        units.append(
            Unit(
                name=place.name,
                url=place.get_absolute_url(),
                value=value,
                text=describe(choice, value),
                current=current is not None and place == current,
                **outline_fields(outlines.get(place.code)),
            )
        )
    title = _("%(region)s各地%(measure)s") % {"region": region.name, "measure": measure}
    description = _(
        "按%(measure)s给%(count)d个地区着色，颜色越深、纹理越密，数值越大；"
        "每个地区的数值见地图旁的表格。"
    ) % {"measure": measure, "count": len(units)}
    drawing = choropleth(units, title=title, description=description, map_id=MAP_ID)
    return RegionMap(form=form, drawing=drawing, title=title, measure=measure, units=units)


def measured(choice, places, counties):
    """Return {place: value} for the choice and the measure's name."""
    if choice == FIGURES:
        return {place: place.figure_count for place in places}, _("数据条数")
    if choice.startswith(INDICATOR):
        indicator = Indicator.objects.get(slug=choice.removeprefix(INDICATOR))
        # Each county's newest public reading, as on the indicator's page, from the QuerySet's
        # vocabulary so the page's rule of "latest" is the same.
        latest = (
            Figure.objects.public()
            .filter(indicator=indicator, initiative__county__in=counties)
            .latest_per("initiative__county")
            .select_related("initiative__county")
        )
        values = {figure.initiative.county: figure.amount for figure in latest}
        name = _("%(indicator)s（%(unit)s）") % {
            "indicator": indicator.name,
            "unit": indicator.unit,
        }
        return values, name
    return {place: place.initiative_count for place in places}, _("工作举措数")


def describe(choice, value):
    """Return a value as a visitor reads it: '12 项工作举措', '3,000', '无数据'."""
    if value is None:
        return _("无数据")
    if choice == INITIATIVES:
        return ngettext("%(n)s 项工作举措", "%(n)s 项工作举措", value) % {"n": value}
    if choice == FIGURES:
        return ngettext("%(n)s 条数据", "%(n)s 条数据", value) % {"n": value}
    return format_number(value)


def outline_fields(outline):
    """Return a Unit's outline fields from a stored Outline, or none."""
    if outline is None:
        return {}
    return {
        "path": outline.path,
        "box": outline.box,
        "label": (outline.label_x, outline.label_y),
    }
