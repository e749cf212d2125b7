"""Gather from the database what recognition knows of places: the gazetteer and a paper's home."""

import io
import zipfile
from functools import lru_cache
from importlib import metadata

from django.db.models import Count, Max

from .models import County, CountyAlias, Publication, Region, Town
from .reading import Area, Gazetteer, Place

# Two-character words commoner than this (lower IDF) in general Chinese are words first: a
# short form that is one (振兴) or that runs into one ("黄金乡村") is no county in running text.
COMMON_WORD_IDF = 9.0
IDF_TABLE = "jionlp/dictionary/idf.zip"
# Gazetteers kept built (about 17 MB each), one per paper's home: villages are known only around it.
CACHED_GAZETTEERS = 4


def gazetteer(home=""):
    """Return the gazetteer of the counties in the database, with villages around home."""
    return _built(signature(), home)


def signature():
    """Return what changes whenever a county, alias or town is added, edited or removed."""
    # Counties' names and regions change by edits that keep their count, hence the sum of
    # their lengths as well; a cheap aggregate, not a hash of every row.
    counties = County.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (
        tuple(counties.values()),
        tuple(County.objects.values_list("pk", "name", "region", "code").order_by("pk")),
        CountyAlias.objects.count(),
        Town.objects.aggregate(n=Count("pk"), last=Max("pk"))["n"],
        Region.objects.count(),
    )


@lru_cache(maxsize=CACHED_GAZETTEERS)
def _built(_signature, home):
    regions = {region.pk: region for region in Region.objects.all()}
    counties = list(County.objects.order_by("pk"))
    other_names = {}
    for county, name in CountyAlias.objects.values_list("county", "name"):
        other_names.setdefault(county, []).append(name)
    places, number = [], {}
    for county in counties:
        number[county.pk] = len(places)
        places.append(place_of(county, regions, other_names.get(county.pk, ())))
    towns, villages = [], []
    near = set(near_home(home, regions)) if home else set()
    for county, name, listed in Town.objects.values_list("county", "name", "villages"):
        towns.append((name, number[county]))
        if county in near and listed:
            villages.extend((village, number[county]) for village in listed.split("、"))
    areas = [Area(region.code, region.name, region.short_name) for region in regions.values()]
    return Gazetteer(places, areas, towns, villages, common_words=common_words())


def place_of(county, regions, other_names):
    """Return the recognition's Place of a County."""
    region = regions.get(county.region_id)
    areas = ()
    if region is not None:
        parent = regions.get(region.parent_id)
        areas = (region.code, parent.code) if parent else (region.code,)
    return Place(
        name=county.name,
        code=county.code or "",
        short_name=county.short_name,
        other_names=tuple(other_names),
        areas=areas,
        prefecture=county.prefecture or (region.name if region else ""),
        zone=county.kind == County.Kind.ZONE,
    )


def near_home(home, regions):
    """Return the ids of the counties in the home region (or the home county)."""
    counties = County.objects.filter(code=home)
    region = next((region for region in regions.values() if region.code == home), None)
    if region is not None:
        counties = County.objects.in_regions([region])
    return counties.values_list("pk", flat=True)


@lru_cache(maxsize=1)
def common_words():
    """Return the two-character words common in general Chinese, from jionlp's IDF table."""
    try:
        data = metadata.distribution("jionlp").locate_file(IDF_TABLE).read_bytes()
    except (metadata.PackageNotFoundError, OSError):
        return frozenset()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("idf.txt").decode("utf-8")
    words = set()
    for line in text.splitlines():
        word, _, idf = line.strip().partition("\t")
        if len(word) == 2 and idf and float(idf) < COMMON_WORD_IDF:
            words.add(word)
    return frozenset(words)


def home_of(publication):
    """Return the code of the place a paper covers: its Publication's, else what its name says."""
    name = (publication or "").strip()
    if not name:
        return ""
    paper = Publication.objects.select_related("region", "county").filter(name=name).first()
    if paper is not None:
        return paper.home()
    return home_named(name)


def home_named(name):
    """Return the code of the one region or county a paper's name starts with (济宁日报), or ""."""
    for length in range(min(len(name), 8), 1, -1):
        stem = name[:length]
        found = {
            *Region.objects.filter(name=stem).values_list("code", flat=True),
            *Region.objects.filter(short_name=stem).values_list("code", flat=True),
        }
        if not found:
            found = set(
                County.objects.filter(code__isnull=False, short_name=stem).values_list(
                    "code", flat=True
                )
            )
        if len(found) == 1:
            return found.pop()
        if found:
            return ""
    return ""
