"""Store the gazetteer's divisions as Regions, Counties, aliases and Towns, idempotently."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from pypinyin import lazy_pinyin

from . import outlines
from .models import County, CountyAlias, Outline, Region, Town, pinyin_of

BATCH_SIZE = 2000
# Zone names that staff shorten with the prefecture's short name: 济宁高新区 for
# 济宁高新技术产业开发区, whose short name the data gives as 高新区.
ZONE_SHORTENINGS = {
    "高新技术产业开发区": "高新区",
    "经济技术开发区": "经开区",
    "经济开发区": "经开区",
    "高新技术开发区": "高新区",
}


@dataclass
class Summary:
    """What a load changed, by kind of row."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: list[str] = field(default_factory=list)  # Existing counties given their code.

    @property
    def changed(self):
        return any((*self.created.values(), *self.updated.values(), *self.deleted.values()))


@transaction.atomic
def load(divisions):
    """Bring the database in step with the divisions; return a Summary of what changed."""
    summary = Summary()
    regions = sync_regions(divisions, summary)
    counties = sync_counties(divisions, regions, summary)
    sync_aliases(divisions, counties, summary)
    sync_towns(divisions, counties, summary)
    return summary


def sync_regions(divisions, summary):
    """Create or update the provinces, then the prefectures; return every Region by code."""
    stored = {region.code: region for region in Region.objects.all()}
    for level in (Region.Level.PROVINCE, Region.Level.PREFECTURE):
        new, changed = [], []
        for unit in divisions.regions.values():
            if unit.level != level:
                continue
            parent = stored[unit.parent] if unit.parent else None
            wanted = {"name": unit.name, "short_name": unit.short_name, "parent": parent}
            region = stored.get(unit.code)
            if region is None:
                region = Region(code=unit.code, level=level, **wanted)
                new.append(region)
                stored[unit.code] = region
            elif update(region, wanted):
                changed.append(region)
        Region.objects.bulk_create(new, batch_size=BATCH_SIZE)
        Region.objects.bulk_update(changed, ["name", "short_name", "parent"])
        summary.created["region"] += len(new)
        summary.updated["region"] += len(changed)
    return stored


def update(row, wanted):
    """Set the wanted field values on row; return whether any changed."""
    changed = False
    for name, value in wanted.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def sync_counties(divisions, regions, summary):
    """Match, update or create a County per county-level unit; return them by code."""
    counties = list(County.objects.select_related("region"))
    by_code = {county.code: county for county in counties if county.code}
    unplaced = [county for county in counties if not county.code]
    slugs = {county.slug for county in counties}
    new, changed = [], []
    for unit in sorted(divisions.counties.values(), key=lambda unit: unit.code):
        region = regions[unit.parent]
        prefecture = region.name if region.level == Region.Level.PREFECTURE else ""
        county = by_code.get(unit.code) or match_unplaced(unit, region, unplaced)
        if county is None:
            county = County(
                name=unit.name,
                code=unit.code,
                kind=unit.kind,
                short_name=unit.short_name,
                region=region,
                prefecture=prefecture,
                slug=unique_slug(unit, region, slugs),
                pinyin=pinyin_of(unit.name),
            )
            new.append(county)
        else:
            if county.code != unit.code:
                summary.matched.append(f"{county.name} {unit.code}")
            # A name typed by staff stays; the gazetteer's becomes an alias (sync_aliases).
            wanted = {
                "code": unit.code,
                "short_name": unit.short_name,
                "region": region,
                "prefecture": prefecture,
            }
            if update(county, wanted):
                changed.append(county)
        by_code[unit.code] = county
    changed += place_hand_made(unplaced, regions)
    County.objects.bulk_create(new, batch_size=BATCH_SIZE)
    County.objects.bulk_update(changed, ["code", "short_name", "region", "prefecture"])
    summary.created["county"] += len(new)
    summary.updated["county"] += len(changed)
    return by_code


def match_unplaced(unit, region, unplaced):
    """Return (and take from unplaced) the hand-made county that is this unit, if any."""
    names = {unit.name, *unit.other_names}
    if region.level == Region.Level.PREFECTURE:
        for ending, shortened in ZONE_SHORTENINGS.items():
            if unit.name.endswith(ending):
                names.add(region.short_name + shortened)
        names.add(region.short_name + unit.short_name)
    for county in unplaced:
        in_region = county.region_id == region.pk or county.prefecture in (region.name, "")
        if county.name in names and in_region:
            unplaced.remove(county)
            return county
    return None


def place_hand_made(counties, regions):
    """Put hand-made counties (太白湖新区) under the prefecture their text names; return them."""
    by_name = defaultdict(list)
    for region in regions.values():
        by_name[region.name].append(region)
    placed = []
    for county in counties:
        found = by_name.get(county.prefecture, [])
        if county.region_id is None and len(found) == 1:
            county.region = found[0]
            placed.append(county)
    return placed


def unique_slug(unit, region, taken):
    """Return a pinyin slug no other county has: wenshang, shizhong-jining, then the code."""
    base = short_pinyin(unit.name, unit.short_name) or "county"
    province = region.parent or region
    here = short_pinyin(region.name, region.short_name)
    for slug in (
        base,
        f"{base}-{here}",
        f"{base}-{short_pinyin(province.name, province.short_name)}-{here}",
        f"{base}-{unit.code}",
    ):
        slug = slug.strip("-")[: County._meta.get_field("slug").max_length]
        if slug not in taken:
            taken.add(slug)
            return slug
    raise ValueError(f"no free slug for {unit.code}")


def short_pinyin(name, short_name):
    """Return the pinyin of a short name as letters, read in its full name: 朝阳区 -> chaoyang."""
    # Read alone, 朝阳 is zhaoyang (the morning sun); pypinyin knows place names whole.
    syllables = lazy_pinyin(name)
    if short_name and name.startswith(short_name) and len(syllables) == len(name):
        syllables = syllables[: len(short_name)]
    elif short_name:
        syllables = lazy_pinyin(short_name)
    return re.sub(r"[^a-z0-9]", "", "".join(syllables).lower())


def sync_aliases(divisions, counties, summary):
    """Keep the gazetteer's name of a county named otherwise, and the former names of counties."""
    wanted = {}
    for code, unit in divisions.counties.items():
        county = counties[code]
        for name in (unit.name, *unit.other_names):
            if name != county.name:
                wanted[(county.pk, name)] = (CountyAlias.Kind.OFFICIAL, None)
    for change, code in former_names(divisions):
        county = counties[code]
        if change.former_name != county.name:
            wanted[(county.pk, change.former_name)] = (CountyAlias.Kind.FORMER, change.changed_on)
    stored = set(CountyAlias.objects.values_list("county", "name"))
    new = [
        CountyAlias(county_id=county, name=name, kind=kind, changed_on=changed_on)
        for (county, name), (kind, changed_on) in wanted.items()
        if (county, name) not in stored
    ]
    CountyAlias.objects.bulk_create(new, batch_size=BATCH_SIZE)
    summary.created["alias"] += len(new)


def former_names(divisions):
    """Yield each change with the code of the county it now names, where the data still has it."""
    here = {}
    for code, unit in divisions.counties.items():
        region = divisions.regions[unit.parent]
        province = divisions.regions.get(region.parent) or region
        for prefecture in {region.name, province.name}:
            here[(province.name, prefecture, unit.name)] = code
    for change in divisions.changes:
        code = here.get((change.province, change.prefecture, change.name))
        if code is not None:
            yield change, code


def sync_towns(divisions, counties, summary):
    """Create, update or delete the towns of the gazetteer's counties to match the data."""
    wanted = {
        (counties[code].pk, town.name): "、".join(town.villages)
        for code, unit in divisions.counties.items()
        for town in unit.towns.values()
    }
    gazetteer_counties = {counties[code].pk for code in divisions.counties}
    stored = {
        (county, name): (pk, villages)
        for pk, county, name, villages in Town.objects.values_list(
            "pk", "county", "name", "villages"
        )
    }
    new = [
        Town(county_id=county, name=name, villages=villages)
        for (county, name), villages in wanted.items()
        if (county, name) not in stored
    ]
    changed = [
        Town(pk=pk, villages=wanted[key])
        for key, (pk, villages) in stored.items()
        if key in wanted and wanted[key] != villages
    ]
    # Only the towns of the gazetteer's counties: a hand-made zone's towns are staff's.
    gone = [
        pk
        for key, (pk, _villages) in stored.items()
        if key not in wanted and key[0] in gazetteer_counties
    ]
    Town.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Town.objects.bulk_update(changed, ["villages"], batch_size=BATCH_SIZE)
    Town.objects.filter(pk__in=gone).delete()
    summary.created["town"] += len(new)
    summary.updated["town"] += len(changed)
    summary.deleted["town"] += len(gone)


OUTLINE_FIELDS = ["path", "min_x", "min_y", "max_x", "max_y", "label_x", "label_y"]


def load_outlines(folder, provinces=None):
    """Store the outlines of the provinces' prefectures and counties (all provinces by default).

    Return a Summary of the outlines changed and the codes that have no outline in the data.
    One transaction per province, so an interrupted load keeps what it finished.
    """
    summary, missing = Summary(), []
    regions = Region.objects.provinces()
    if provinces is not None:
        regions = regions.filter(pk__in=[province.pk for province in provinces])
    for province in regions:
        with transaction.atomic():
            missing += store_outlines(folder, province, summary)
    return summary, missing


def store_outlines(folder, province, summary):
    """Store the outlines of one province's prefectures and counties; return codes without."""
    prefectures = list(province.children.values_list("code", flat=True))
    counties = list(
        County.objects.filter(code__isnull=False)
        .in_regions([province])
        .values_list("code", "region__code")
    )
    found, missing = outlines.province_outlines(folder, prefectures, counties)
    stored = {outline.code: outline for outline in Outline.objects.filter(code__in=found)}
    new, changed = [], []
    for code, drawn in found.items():
        wanted = dict(zip(OUTLINE_FIELDS, (drawn.path, *drawn.box, *drawn.label), strict=True))
        outline = stored.get(code)
        if outline is None:
            new.append(Outline(code=code, **wanted))
        elif update(outline, wanted):
            changed.append(outline)
    Outline.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Outline.objects.bulk_update(changed, OUTLINE_FIELDS, batch_size=BATCH_SIZE)
    summary.created["outline"] += len(new)
    summary.updated["outline"] += len(changed)
    return missing
