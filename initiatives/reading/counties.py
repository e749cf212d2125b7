"""Suggest which county a report is about from the places it names; pure Python, no ORM.

The evidence, strongest first: county names and short forms in the headline, the dateline and
the text; towns, streets and villages that belong to one county; the paper's home, a county
paper's own county; on a page of briefs, the county of the brief before. Where a name belongs
to several places (two 市中区, a hundred 城关镇), a prefecture printed before it ("枣庄市市中区"),
a region the report names elsewhere, the paper's home region and the region of the page's
other reports decide, in that order; failing all, the places that competed are reported.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .gazetteer import Gazetteer, Suggestion, as_gazetteer
from .lexicon import (
    NOT_AFTER_SHORT_FORM,
    REGION_WIDE,
)

# Confidence of a county read from each part of a report, before the discounts below.
SEGMENT_CONFIDENCE = {"headline": 0.95, "dateline": 0.9, "lead": 0.85, "text": 0.75}
TOWN_CONFIDENCE = 0.7
VILLAGE_CONFIDENCE = 0.6
HOME_CONFIDENCE = 0.5
PREVIOUS_BRIEF_CONFIDENCE = 0.4
# A short form, a zone's tail or a generic name is weaker evidence than a full name.
KIND_FACTOR = {"name": 1.0, "alias": 1.0, "short": 0.9, "zone": 0.85, "town": 1.0, "village": 1.0}
# A name several places share, decided by region, is weaker than one that names one place.
DECIDED_FACTOR = {"": 1.0, "qualified": 1.0, "named": 0.95, "home": 0.9, "page": 0.85}
# Names a headline kicker ("汶上：") is at most this long.
KICKER_LENGTH = 8
# Places named in an ambiguity's reason, at most.
COMPETITORS_SHOWN = 5
# A page's region is the prefecture of at least this many of its items (and more than half).
PAGE_REGION_ITEMS = 2

SEGMENT_NAMES = {"headline": "标题", "dateline": "电头", "lead": "导语", "text": "正文"}
KIND_NAMES = {"town": "乡镇街道", "village": "村（社区）"}


@dataclass
class _Evidence:
    segment: str
    position: int
    place: int
    kind: str
    key: str
    decided: str = ""  # How a shared name was decided: qualified, named, home, page.
    region: str = ""  # The code of the region that decided it.


@dataclass
class _Reading:
    evidence: list[_Evidence] = field(default_factory=list)
    ambiguous: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    headline_areas: list[str] = field(default_factory=list)  # Regions the headline names.


_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")


def segments(headline: str, paragraphs: Sequence[str], dateline: str):
    """Return the parts of a report in order of strength: (segment, text, slot length)."""
    first = paragraphs[0] if paragraphs else ""
    match = _SENTENCE.match(first)
    lead = match.group(0) if match else ""
    rest = "\n".join([first[len(lead) :], *paragraphs[1:]])
    kicker = re.match(rf"^[^：:，,。\s]{{2,{KICKER_LENGTH}}}[：:]", headline or "")
    return [
        ("headline", headline or "", kicker.end() if kicker else 0),
        ("dateline", dateline or "", len(dateline or "")),
        ("lead", lead, 0),
        ("text", rest, 0),
    ]


def read_places(gazetteer, headline, paragraphs, dateline, *, home="", page_areas=()):
    """Return the places a report names, each decided between namesakes where it can be."""
    parts = [
        (segment, text, slot, gazetteer.scan(text))
        for segment, text, slot in segments(headline, paragraphs, dateline)
    ]
    named = {e.area for *_rest, found in parts for m in found for e in m.entries if e.area}
    context = Context(named=frozenset(named), home=home, page=frozenset(page_areas))
    reading = _Reading()
    for segment, text, slot, mentions in parts:
        qualifier, qualifier_end = frozenset(), -1
        for mention in mentions:
            in_slot = mention.end <= slot
            before = qualifier if qualifier_end == mention.start else frozenset()
            for entry in mention.entries:
                if entry.kind == "area":
                    continue
                if not in_slot and not usable(gazetteer, text, mention, entry):
                    continue
                places, decided = decide(gazetteer, entry.places, before, context)
                if len(places) == 1:
                    reading.evidence.append(
                        _Evidence(
                            segment, mention.start, places[0], entry.kind, mention.key, *decided
                        )
                    )
                elif places and (entry.kind != "zone" or in_slot):
                    # A generic name (城区, 经开区) in running text is no sign of a place.
                    reading.ambiguous.append((mention.key, places))
            areas = frozenset(entry.area for entry in mention.entries if entry.area)
            if areas:
                qualifier, qualifier_end = areas, mention.end
                if segment == "headline":
                    reading.headline_areas.append(mention.key)
    return reading


@dataclass(frozen=True)
class Context:
    """The regions that decide between same-named places, strongest first after a qualifier."""

    named: frozenset[str] = frozenset()  # Regions the report itself names.
    home: str = ""  # The paper's home: a province, prefecture or county code.
    page: frozenset[str] = frozenset()  # The prefecture of most of the page's reports.


def usable(gazetteer, text, mention, entry):
    """Say whether a name in running text names its county, not a word, a road or a village."""
    key, words = mention.key, gazetteer.common_words
    after = text[mention.end : mention.end + 2]
    before = text[mention.start - 1 : mention.start] if mention.start else ""
    if entry.kind == "name":
        if len(key) == 2:
            # "示范县": a one-character name (范县) read across a word (示范) is no county.
            return before + key[0] not in words
        # "新建区域": a common word (新建) and a suffix that runs into another (区域).
        return not (key[:-1] in words and key[-1] + after[:1] in words)
    if entry.kind != "short":
        return True
    if entry.common or after.startswith(NOT_AFTER_SHORT_FORM):
        return False
    # "整合水泊": 合水 read across the words 整合 and 水泊 is no county.
    return before + key[0] not in words and key[-1] + after[:1] not in words


def decide(gazetteer, numbers, qualifier, context):
    """Return the places a name may mean, narrowed by region, and (how, region) it was decided.

    The region printed right before the name ("枣庄市市中区") narrows first; then the regions
    the report names, the paper's home and the page's region, until one place is left.
    """
    decided = ("", "")
    if qualifier:
        kept = tuple(n for n in numbers if deciding_area(gazetteer.places[n], qualifier))
        numbers = kept or numbers
        if kept:
            decided = ("qualified", deciding_area(gazetteer.places[kept[0]], qualifier))
    if len(numbers) == 1:
        return numbers, decided
    for how, codes in (
        ("named", context.named),
        ("home", {context.home} if context.home else set()),
        ("page", context.page),
    ):
        kept = tuple(n for n in numbers if deciding_area(gazetteer.places[n], codes))
        if len(kept) == 1:
            return kept, (how, deciding_area(gazetteer.places[kept[0]], codes))
        numbers = kept or numbers
    return numbers, ("", "")


def deciding_area(place, codes):
    """Return the first of the place's own code and its regions' that is in codes, or ""."""
    return next((code for code in (place.code, *place.areas) if code and code in codes), "")


def suggest(
    gazetteer: Gazetteer,
    headline: str,
    paragraphs: Sequence[str],
    dateline: str,
    *,
    home: str = "",
    page_areas: Sequence[str] = (),
) -> Suggestion:
    """Return the county suggested for a report, with its reason and confidence."""
    reading = read_places(
        gazetteer, headline, paragraphs, dateline, home=home, page_areas=tuple(page_areas)
    )
    counties = [e for e in reading.evidence if e.kind not in ("town", "village")]
    smaller = [e for e in reading.evidence if e.kind in ("town", "village")]
    if reading.headline_areas and not any(e.segment == "headline" for e in counties):
        # "济宁：长者食堂开到村头" is about the whole prefecture, whatever county it visits.
        return Suggestion(reason=f"标题说的是{reading.headline_areas[0]}，不是一个县区")
    if counties and all(e.segment == "text" for e in counties):
        whole = "".join((headline, *paragraphs))
        counts = Counter(e.place for e in counties)
        if max(counts.values()) < 2 and (len(counts) > 1 or REGION_WIDE.search(whole)):
            # A county named once in passing ("在微山县韩庄镇") by a report about 全市.
            counties = []
    for evidence in (counties, smaller):
        if evidence:
            return from_evidence(gazetteer, evidence)
    home_place = next(
        (n for n, place in enumerate(gazetteer.places) if home and place.code == home), None
    )
    if home_place is not None:
        place = gazetteer.places[home_place]
        return Suggestion(
            place.name,
            place.code,
            f"报道未提及地名，按县级报纸所在的{place.name}",
            HOME_CONFIDENCE,
            home_place,
        )
    if reading.ambiguous:
        key, numbers = reading.ambiguous[0]
        labels = tuple(gazetteer.places[n].label for n in numbers)
        shown = "、".join(labels[:COMPETITORS_SHOWN]) + (
            "等" if len(labels) > COMPETITORS_SHOWN else ""
        )
        return Suggestion(reason=f"“{key}”有{len(labels)}处：{shown}，无法确定", competitors=labels)
    return Suggestion()


def from_evidence(gazetteer, evidence):
    """Return the suggestion of the strongest segment's evidence, discounted by what competes."""
    order = list(SEGMENT_CONFIDENCE)
    best_segment = min(evidence, key=lambda e: order.index(e.segment)).segment
    here = [e for e in evidence if e.segment == best_segment]
    if best_segment == "text" or here[0].kind in ("town", "village"):
        counts = Counter(e.place for e in here)
        chosen = max(here, key=lambda e: (counts[e.place], -e.position))
    else:
        chosen = min(here, key=lambda e: e.position)
    place = gazetteer.places[chosen.place]
    if chosen.kind in ("town", "village"):
        base = TOWN_CONFIDENCE if chosen.kind == "town" else VILLAGE_CONFIDENCE
    else:
        base = SEGMENT_CONFIDENCE[best_segment]
    share = sum(e.place == chosen.place for e in evidence) / len(evidence)
    confidence = base * KIND_FACTOR[chosen.kind] * DECIDED_FACTOR[chosen.decided]
    confidence *= 0.6 + 0.4 * share
    others = list(dict.fromkeys(gazetteer.places[e.place].name for e in evidence))
    others.remove(place.name)
    return Suggestion(
        place.name,
        place.code,
        reason_for(gazetteer, chosen, place, others),
        round(confidence, 2),
        chosen.place,
        tuple(others),
    )


def reason_for(gazetteer, evidence, place, others):
    """Say in a line where the county was read, and what decided it."""
    where = SEGMENT_NAMES[evidence.segment]
    if evidence.kind in KIND_NAMES:
        reason = f"{where}中的{KIND_NAMES[evidence.kind]}“{evidence.key}”（属{place.name}）"
    else:
        reason = f"{where}中的“{evidence.key}”"
    region = gazetteer.region_name(evidence.region)
    reason += {
        "qualified": f"，前面写明了{region}",
        "named": f"；同名的有多处，按文中提到的{region}",
        "home": f"；同名的有多处，按报纸所在的{region}",
        "page": f"；同名的有多处，按同版其他报道所在的{region}",
    }.get(evidence.decided, "")
    if others:
        reason += f"；另提到{'、'.join(others[:COMPETITORS_SHOWN])}"
    return reason


def place_items(items, counties, *, home: str = ""):
    """Return the items with their counties suggested, the page's items deciding each other."""
    gazetteer = as_gazetteer(counties)
    suggestions = [
        suggest(gazetteer, item.headline, item.paragraphs, item.dateline, home=home)
        for item in items
    ]
    page_areas = page_region(gazetteer, suggestions)
    if page_areas:
        suggestions = [
            suggest(
                gazetteer,
                item.headline,
                item.paragraphs,
                item.dateline,
                home=home,
                page_areas=page_areas,
            )
            if not found.county
            else found
            for item, found in zip(items, suggestions, strict=True)
        ]
    placed = []
    for number, (item, found) in enumerate(zip(items, suggestions, strict=True)):
        if not found.county and number and is_brief(item) and is_brief(items[number - 1]):
            before = placed[-1]
            if before.county:
                found = Suggestion(
                    before.county,
                    before.county_code,
                    f"简讯未提及地名，按上一条简讯的{before.county}",
                    PREVIOUS_BRIEF_CONFIDENCE,
                )
        placed.append(
            replace(
                item,
                county=found.county,
                county_code=found.code,
                county_reason=found.reason,
                county_confidence=found.confidence,
            )
        )
    return placed


def page_region(gazetteer, suggestions):
    """Return the prefecture most of a page's items are in, as a tuple of codes, or ()."""
    prefectures = Counter(
        gazetteer.places[found.place].areas[0]
        for found in suggestions
        if found.place is not None and gazetteer.places[found.place].areas
    )
    if not prefectures:
        return ()
    code, count = prefectures.most_common(1)[0]
    if count >= PAGE_REGION_ITEMS and count * 2 > sum(prefectures.values()):
        return (code,)
    return ()


def is_brief(item):
    """Say whether an item is a brief: one paragraph, under a marked place or no dateline."""
    marked = item.dateline and not item.dateline.endswith(("讯", "电"))
    return item.kind == "report" and len(item.paragraphs) <= 1 and (marked or not item.dateline)


def suggest_county(
    headline: str, paragraphs: Sequence[str], dateline: str, counties: Sequence[str]
) -> str:
    """Suggest the county's name: from the headline, the dateline, then the text; or ""."""
    return suggest(as_gazetteer(counties), headline, paragraphs, dateline).county
