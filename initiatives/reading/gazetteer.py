"""The places a page may name, as one pattern to scan a text with: counties, their short forms, towns."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    COMMON_PLACE_WORDS,
    GENERIC_PLACE_NAMES,
    GENERIC_SHORT_FORMS,
    ZONE_TAILS,
)


@dataclass(frozen=True)
class Place:
    """A county-level unit as recognition sees it."""

    name: str
    code: str = ""
    short_name: str = ""
    other_names: tuple[str, ...] = ()  # The gazetteer's name, former names.
    areas: tuple[str, ...] = ()  # Codes of its prefecture and province.
    prefecture: str = ""  # The prefecture's name, to tell same-named places apart.
    zone: bool = False

    @property
    def label(self):
        return f"{self.name}（{self.prefecture}）" if self.prefecture else self.name


@dataclass(frozen=True)
class Area:
    """A province or prefecture: context for deciding between same-named places."""

    code: str
    name: str
    short_name: str = ""


@dataclass(frozen=True)
class Suggestion:
    """The county suggested for a report, why, and how sure."""

    county: str = ""
    code: str = ""
    reason: str = ""
    confidence: float = 0.0
    place: int | None = None  # The Place's index in the gazetteer.
    competitors: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    kind: str  # name | alias | short | zone | town | village | area
    places: tuple[int, ...] = ()
    area: str = ""
    common: bool = False  # A short form that is also an ordinary word.


@dataclass
class _Mention:
    start: int
    end: int
    key: str
    entries: list[_Entry]


def aliases(name: str) -> list[str]:
    """Return the ways a county name is written, longest first: 汶上县 -> 汶上县, 汶上."""
    found = {name}
    for suffix in ("新区", "县", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            found.add(name[: -len(suffix)])
            break
    for tail in ZONE_TAILS:
        if name.endswith(tail) and len(name) - len(tail) == 2 and tail != "新区":
            found.add(tail)
            break
    return sorted(found, key=len, reverse=True)


class Gazetteer:
    """The places recognition knows, indexed for one scan of a text per report."""

    def __init__(
        self,
        places: Sequence[Place],
        areas: Sequence[Area] = (),
        towns: Sequence[tuple[str, int]] = (),
        villages: Sequence[tuple[str, int]] = (),
        common_words: frozenset[str] = frozenset(),
    ):
        self.places = list(places)
        self.areas = {area.code: area for area in areas}
        self.common_words = common_words
        index: dict[str, list[_Entry]] = {}
        grouped: dict[tuple[str, str, bool], list[int]] = {}
        for number, place in enumerate(self.places):
            for key, kind in self._keys(place):
                grouped.setdefault((key, kind, False), []).append(number)
        for name, number in towns:
            if len(name) >= 3:
                grouped.setdefault((name, "town", False), []).append(number)
        for name, number in villages:
            if len(name) >= 3:
                grouped.setdefault((name, "village", False), []).append(number)
        area_keys = {}
        for area in self.areas.values():
            for key in {area.name, area.short_name}:
                if len(key) >= 2:
                    area_keys.setdefault(key, []).append(area.code)
        for (key, kind, _), numbers in grouped.items():
            if kind == "short" and key in area_keys:
                # "西安" is the city, not 西安区; a prefecture standing as its own county
                # (东莞市) keeps its short form.
                numbers = [n for n in numbers if self.places[n].code in area_keys[key]]
                if not numbers:
                    continue
            common = kind == "short" and self.is_common(key)
            index.setdefault(key, []).append(
                _Entry(kind, tuple(dict.fromkeys(numbers)), common=common)
            )
        for key, codes in area_keys.items():
            for code in codes:
                index.setdefault(key, []).append(_Entry("area", area=code))
        self.index = index
        lengths: dict[str, set[int]] = {}
        for key in index:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {char: sorted(found, reverse=True) for char, found in lengths.items()}

    @classmethod
    def from_names(cls, names: Sequence[str]) -> "Gazetteer":
        """Return a gazetteer of bare county names, as staff typed them."""
        return cls([Place(name) for name in dict.fromkeys(names) if name])

    def _keys(self, place: Place):
        """Yield each way of writing the place, with its kind."""
        if place.name in GENERIC_PLACE_NAMES:
            yield place.name, "zone"  # 城区, 郊区: only with a region that decides
        else:
            yield place.name, "name"
        for other in place.other_names:
            if other not in GENERIC_PLACE_NAMES:
                yield other, "alias"
        shorts = set(aliases(place.name)[1:])
        if place.short_name and place.short_name != place.name:
            shorts.add(place.short_name)
        for short in shorts:
            if len(short) < 2 or short in GENERIC_SHORT_FORMS:
                continue
            zone = place.zone or short in ZONE_TAILS
            yield short, "zone" if zone else "short"

    def region_name(self, code: str) -> str:
        """Return the name of a region or county by its code, or the code."""
        if code in self.areas:
            return self.areas[code].name
        return next((place.name for place in self.places if place.code == code), code)

    def is_common(self, word: str) -> bool:
        return word in COMMON_PLACE_WORDS or word in self.common_words

    def scan(self, text: str) -> list[_Mention]:
        """Return the names in text, leftmost-longest, in one pass linear in its length."""
        found = []
        i, end = 0, len(text)
        index, lengths = self.index, self.lengths
        while i < end:
            for length in lengths.get(text[i], ()):
                key = text[i : i + length]
                if key in index:
                    found.append(_Mention(i, i + length, key, index[key]))
                    i += length
                    break
            else:
                i += 1
        return found


@lru_cache(maxsize=8)
def _names_gazetteer(names: tuple[str, ...]) -> Gazetteer:
    return Gazetteer.from_names(names)


def as_gazetteer(counties) -> Gazetteer:
    """Return counties as a Gazetteer: itself, or one built (once) from a list of names."""
    if isinstance(counties, Gazetteer):
        return counties
    return _names_gazetteer(tuple(counties))
