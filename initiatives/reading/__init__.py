"""Read pasted newspaper pages and extract figures; pure Python, no ORM."""

from decimal import Decimal

from .counties import place_items, suggest_county
from .figures import Found, extract_figures
from .gazetteer import Area, Gazetteer, Place
from .page import Item, read_page
from .text import MAX_PAGE_BYTES, MAX_PAGE_CHARS, NoDatelineError, ReadingError, decode

__all__ = [
    "MAX_PAGE_BYTES",
    "MAX_PAGE_CHARS",
    "Area",
    "Found",
    "Gazetteer",
    "Item",
    "NoDatelineError",
    "Place",
    "ReadingError",
    "decode",
    "extract_figures",
    "place_items",
    "read_page",
    "suggest_county",
    "to_json",
]


def decimal_string(number: Decimal | None) -> str | None:
    """Return a decimal as a plain string without exponent or trailing zeros ("12000", "0.5")."""
    # normalize() rounds to the context's 28 digits; an amount holds at most 20.
    if number is None:
        return None
    return format(number.normalize(), "f")


def figure_json(found: Found) -> dict:
    return {
        "paragraph": found.paragraph,
        "start": found.start,
        "end": found.end,
        "quote": found.quote,
        "value": found.value,
        "unit": found.unit,
        "amount": decimal_string(found.amount),
        "base_unit": found.base_unit,
        "qualifier": found.qualifier,
        "amount_max": decimal_string(found.amount_max),
        "counted": found.counted,
        "kind": found.kind,
        "period": found.period,
        "confidence": found.confidence,
        "reason": found.reason,
    }


def to_json(items: list[Item]) -> dict:
    """Return the reading in the shape `import_page --dry-run --json` prints."""
    return {
        "reports": [
            {
                "county": item.county,
                "county_code": item.county_code,
                "county_reason": item.county_reason,
                "county_confidence": item.county_confidence,
                "dateline": item.dateline,
                "correspondents": list(item.correspondents),
                "headline": item.headline,
                "subheadline": item.subheadline,
                "kind": item.kind,
                "paragraphs": list(item.paragraphs),
                "figures": [figure_json(found) for found in item.figures],
            }
            for item in items
        ]
    }
