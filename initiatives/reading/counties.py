"""Suggest which county a report is about, from the known county names."""

import re
from collections.abc import Sequence
from functools import lru_cache

# Development zones are often named after the prefecture ("济宁经开区") but written short ("经开区").
_ZONE_TAILS = ("经开区", "高新区", "开发区", "经济开发区", "高新技术产业开发区", "新区", "示范区")


def aliases(name: str) -> list[str]:
    """Return the ways a county name is written, longest first: 汶上县 -> 汶上县, 汶上."""
    found = {name}
    for suffix in ("新区", "县", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            found.add(name[: -len(suffix)])
            break
    for tail in _ZONE_TAILS:
        if name.endswith(tail) and len(name) - len(tail) == 2 and tail != "新区":
            found.add(tail)
            break
    return sorted(found, key=len, reverse=True)


@lru_cache(maxsize=8)
def _matcher(counties: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    """Return a pattern finding any alias of the counties, and the county each alias names."""
    owners: dict[str, str] = {}
    for name in counties:
        for alias in aliases(name):
            owners.setdefault(alias, name)  # an alias two counties share names the first
    # Longest first, so at the earliest position the longest alias wins, as a name should.
    ordered = sorted(owners, key=len, reverse=True)
    return re.compile("|".join(re.escape(alias) for alias in ordered)), owners


def find_county(text: str, counties: Sequence[str]) -> str:
    """Return the county named earliest in text (longer names win ties), or ""."""
    if not counties:
        return ""
    # One scan of the text for all names, built once per list of counties rather than once
    # per report: a page of thousands of reports is read in time linear in its length.
    pattern, owners = _matcher(tuple(counties))
    match = pattern.search(text)
    return owners[match.group()] if match else ""


_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")


def suggest_county(
    headline: str, paragraphs: Sequence[str], dateline: str, counties: Sequence[str]
) -> str:
    """Suggest the county: from the headline, else the first sentence, else the dateline."""
    if not counties:
        return ""
    first_sentence = ""
    if paragraphs:
        match = _SENTENCE.match(paragraphs[0])
        first_sentence = match.group(0) if match else ""
    for text in (headline, first_sentence, dateline):
        county = find_county(text or "", counties)
        if county:
            return county
    return ""
