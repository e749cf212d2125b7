"""Read China's administrative divisions from the installed jionlp package; no ORM here.

jionlp (Apache-2.0) ships `dictionary/china_location.zip`: every province, prefecture and
county-level unit with its GB/T 2260 code and short name, then the towns and streets of each
county and the villages of each town, and `china_location_change.txt`, the renames and mergers
since 2002. The files are read straight from the installed distribution, without importing
jionlp (which would load numpy and a word segmenter for nothing).
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata

PACKAGE = "jionlp"
LOCATIONS = "jionlp/dictionary/china_location.zip"
CHANGES = "jionlp/dictionary/china_location_change.txt"
# Taiwan, Hong Kong and Macau: the data lists their districts under codes that are not
# county-level GB/T 2260 codes (all of Hong Kong's share 810000); papers here are mainland ones.
SKIPPED_PROVINCES = ("71", "81", "82")
# Stand-ins the data uses in place of a real unit: a province's directly administered counties
# (济源市 under "省直辖行政区划") and a prefecture without counties (东莞市, 中山市).
DIRECT_UNITS = ("直辖行政区划", "直辖县级行政区划")
# County-level codes whose last two digits fall here are functional zones (开发区, 新区) that
# the statistics office numbers beside the counties.
ZONE_NUMBERS = range(70, 80)
# The endings of town and village names; other lines under a county are farms, prisons, parks.
TOWN_ENDINGS = ("镇", "乡", "街道", "苏木", "农场", "林场", "牧场")
VILLAGE_ENDINGS = ("村", "社区", "嘎查", "居委会", "村委会")


@dataclass
class Town:
    name: str
    villages: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """A province, prefecture or county-level unit as the data lists it."""

    code: str
    name: str
    short_name: str
    level: str  # "province", "prefecture" or "county"
    parent: str = ""  # The code of the prefecture or province above it.
    kind: str = ""  # For counties, a County.Kind value.
    towns: dict[str, Town] = field(default_factory=dict)
    other_names: list[str] = field(default_factory=list)  # Units the data gives the same code.


@dataclass(frozen=True)
class Change:
    """A county-level unit renamed or moved: its former name, and where it is now."""

    changed_on: date | None
    former_name: str
    province: str
    prefecture: str
    name: str


@dataclass
class Divisions:
    regions: dict[str, Unit]  # Provinces and prefectures by code, each province first.
    counties: dict[str, Unit]  # County-level units by code.
    changes: list[Change]
    version: str
    digest: str  # SHA-256 of the data files, to tell a loaded copy from a new one.


def county_kind(name, code):
    """Return the County.Kind value of a county-level unit from its code and name."""
    if int(code[4:]) in ZONE_NUMBERS:
        return "zone"
    for ending, kind in (
        ("自治县", "autonomous"),
        ("自治旗", "autonomous_banner"),
        ("旗", "banner"),
        ("特区", "special"),
        ("林区", "forestry"),
        ("县", "county"),
        ("市", "city"),
        ("区", "district"),
    ):
        if name.endswith(ending):
            return kind
    return "zone"


def read_installed():
    """Return the divisions in the installed jionlp package; raise LookupError without it."""
    try:
        distribution = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError as error:
        raise LookupError(f"{PACKAGE} is not installed (pip install -e .)") from error
    locations = distribution.locate_file(LOCATIONS).read_bytes()
    changes = distribution.locate_file(CHANGES).read_bytes()
    digest = hashlib.sha256(locations + changes).hexdigest()
    with zipfile.ZipFile(io.BytesIO(locations)) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    regions, counties = parse_locations(text)
    return Divisions(
        regions=regions,
        counties=counties,
        changes=parse_changes(changes.decode("utf-8")),
        version=distribution.version,
        digest=digest,
    )


def parse_locations(text):
    """Return the regions and the counties of china_location.txt, each by code."""
    # A line per unit, indented a tab per level: name, code and short name down to counties,
    # the bare name for towns and villages.
    regions, counties = {}, {}
    province = prefecture = county = town = None
    skipping = False
    for line in text.splitlines():
        name = line.strip("\t")
        if not name.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = name.split("\t")
        if depth == 0:
            province = Unit(fields[1], fields[0], fields[2], "province")
            skipping = province.code.startswith(SKIPPED_PROVINCES)
            if not skipping:
                regions[province.code] = province
        elif skipping:
            continue
        elif depth == 1:
            prefecture = None
            # A municipality (北京市) repeats itself at this level, under its own code: its
            # districts hang straight under it, like a province's directly administered counties.
            if not fields[0].endswith(DIRECT_UNITS) and fields[1] != province.code:
                prefecture = Unit(fields[1], fields[0], fields[2], "prefecture", province.code)
                regions[prefecture.code] = prefecture
        elif depth == 2 and len(fields) == 3:
            county = add_county(counties, fields, prefecture or province)
            town = None
        elif depth == 3 and county is not None:
            # Some towns are listed under their county's name too: 孝南区三汊镇.
            if name.startswith(county.name) and is_town(name[len(county.name) :]):
                name = name[len(county.name) :]
            town = county.towns.setdefault(name, Town(name)) if is_town(name) else None
        elif depth == 4 and town is not None and is_village(name):
            town.villages.append(name)
    for unit in counties.values():
        for town in unit.towns.values():
            town.villages = list(dict.fromkeys(town.villages))
    return regions, counties


def add_county(counties, fields, parent):
    """Add a county-level line's unit and return it; a code seen before adds only its name."""
    name, code, short_name = fields
    if name.endswith(DIRECT_UNITS):
        # A prefecture without counties (东莞市) stands in as its own county-level unit.
        name, short_name = parent.name, parent.short_name
    if code in counties:
        counties[code].other_names.append(name)
        return counties[code]
    counties[code] = Unit(code, name, short_name, "county", parent.code, county_kind(name, code))
    return counties[code]


def is_town(name):
    return name.endswith(TOWN_ENDINGS) and len(name) > 2


def is_village(name):
    return name.endswith(VILLAGE_ENDINGS) and len(name) > 2


def parse_changes(text):
    """Return the county-level renames and moves of china_location_change.txt."""
    changes = []
    for line in text.splitlines():
        before, _, after = line.partition("=>")
        old, new = before.split("\t"), after.split("\t")
        if len(old) < 8 or len(new) < 3:
            continue  # A province or prefecture renamed: no county's name changes.
        try:
            changed_on = date.fromisoformat(old[0])
        except ValueError:
            changed_on = None
        changes.append(Change(changed_on, old[6], new[0], new[1], new[2]))
    return changes
