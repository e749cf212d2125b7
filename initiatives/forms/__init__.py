"""Every form of the admin and the editorial screens, one module per screen."""

from .content import (
    FigureForm,
    FigureInlineFormSet,
    IndicatorForm,
    InitiativeForm,
    ParagraphForm,
    ParagraphInlineFormSet,
    PublishedContentForm,
    PublishedContentInlineFormSet,
    ReportForm,
    ThemeForm,
    paragraph_label,
)
from .maps import ShadeForm
from .pages import ImportPageForm, ItemForm, ItemFormSet, MergeForm, MoveReportForm
from .review import (
    BULK_CONFIRM_AT,
    BulkConfirmForm,
    ReviewFigureForm,
    ReviewThemeForm,
    review_formset,
)

__all__ = [
    "BULK_CONFIRM_AT",
    "BulkConfirmForm",
    "FigureForm",
    "FigureInlineFormSet",
    "ImportPageForm",
    "IndicatorForm",
    "InitiativeForm",
    "ItemForm",
    "ItemFormSet",
    "MergeForm",
    "MoveReportForm",
    "ParagraphForm",
    "ParagraphInlineFormSet",
    "PublishedContentForm",
    "PublishedContentInlineFormSet",
    "ReportForm",
    "ReviewFigureForm",
    "ReviewThemeForm",
    "ShadeForm",
    "ThemeForm",
    "paragraph_label",
    "review_formset",
]
