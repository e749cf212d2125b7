"""The models, one module per part of the data; imported here, as Django looks for them."""

from ..querysets import Status
from .content import Indicator, Initiative, InitiativeAlias, Paragraph, Report, Theme
from .figures import Correction, Figure, Revision
from .listing import CountyTally, FigureTally, PublicFigure, PublicInitiative, SeriesPoint
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
    "CountyTally",
    "Figure",
    "FigureTally",
    "Indicator",
    "Initiative",
    "InitiativeAlias",
    "Outline",
    "Paragraph",
    "PublicFigure",
    "PublicInitiative",
    "Publication",
    "Region",
    "Report",
    "Revision",
    "SeriesPoint",
    "Status",
    "Theme",
    "Town",
    "pinyin_of",
]
