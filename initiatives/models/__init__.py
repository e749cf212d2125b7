"""The models, one module per part of the data; imported here, as Django looks for them."""

from ..querysets import Status
from .content import Indicator, Initiative, InitiativeAlias, Paragraph, Report, Theme
from .figures import Correction, Figure, Revision
from .regions import (
    CODE_PATTERN,
    County,
    CountyAlias,
    Outline,
    Publication,
    Region,
    Town,
    pinyin_of,
)

__all__ = [
    "CODE_PATTERN",
    "Correction",
    "County",
    "CountyAlias",
    "Figure",
    "Indicator",
    "Initiative",
    "InitiativeAlias",
    "Outline",
    "Paragraph",
    "Publication",
    "Region",
    "Report",
    "Revision",
    "Status",
    "Theme",
    "Town",
    "pinyin_of",
]
