"""The review screen's forms: a row per figure, the initiative's theme, bulk confirming."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    Figure,
    Indicator,
    Initiative,
)
from ..reading import decimal_string
from .content import FigureForm, PublishedContentForm, paragraph_label


class ReviewFigureForm(FigureForm):
    """A figure row on the review screen: the report's initiative, one of its paragraphs."""

    class Meta(FigureForm.Meta):
        fields = [
            "paragraph",
            "quote",
            "start",
            "end",
            "value",
            "unit",
            "amount",
            "amount_max",
            "base_unit",
            "qualifier",
            "counted",
            "kind",
            "period",
            "as_of",
            "basis",
            "indicator",
            "review",
            "note",
        ]
        widgets = {
            "review": forms.RadioSelect,
            **{
                name: forms.TextInput(attrs={"size": size})
                for name, size in [
                    ("quote", 12),
                    ("value", 6),
                    ("unit", 4),
                    ("base_unit", 4),
                    ("counted", 14),
                    ("period", 8),
                    ("note", 20),
                ]
            },
        }

    # The decision in the row, worded as the action it is (the model's labels are states).
    DECISIONS = [
        (Figure.Review.SUGGESTED, _("待定")),
        (Figure.Review.CONFIRMED, _("确认")),
        (Figure.Review.REJECTED, _("驳回")),
    ]

    def __init__(self, *args, initiative, paragraphs, paragraph_choices, indicators, **kw):
        super().__init__(*args, **kw)
        self.fields["paragraph"].queryset = paragraphs
        # Listed once for the whole formset rather than queried again for every row.
        self.fields["paragraph"].choices = [
            ("", self.fields["paragraph"].empty_label),
            *paragraph_choices,
        ]
        self.fields["indicator"].choices = self.indicator_choices(indicators)
        self.fields["review"].choices = self.DECISIONS
        if self.instance.pk is None:
            self.instance.initiative = initiative
        for name in ("amount", "amount_max"):
            # Show 2 rather than the column's 2.0000.
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = decimal_string(self.initial[name])

    def indicator_choices(self, indicators):
        """Offer the indicators in the figure's base unit, the only ones it may join, and its own."""
        unit, chosen = self.instance.base_unit, self.instance.indicator_id
        fitting = [
            (pk, label)
            for pk, label, indicator_unit in indicators
            if not unit or indicator_unit == unit or pk == chosen
        ]
        return [("", self.fields["indicator"].empty_label), *fitting]


def review_formset(request, report):
    """Return the formset of a report's figures, with a blank row to add a missed one."""
    initiative = report.home()
    may_add = initiative is not None and request.user.has_perm("initiatives.add_figure")
    formset_class = forms.modelformset_factory(
        Figure,
        form=type("ReviewFigureForm", (ReviewFigureForm,), {"user": request.user}),
        extra=int(may_add),
        edit_only=not may_add,
    )
    paragraphs = report.paragraphs.all()
    form_kwargs = {
        "initiative": initiative,
        "paragraphs": paragraphs,
        "paragraph_choices": [(p.pk, paragraph_label(p)) for p in paragraphs],
        "indicators": [(i.pk, str(i), i.unit) for i in Indicator.objects.all()],
    }
    figures = Figure.objects.filter(paragraph__report=report)
    return formset_class(
        request.POST if request.method == "POST" else None,
        queryset=figures.select_related("paragraph__report", "indicator"),
        form_kwargs=form_kwargs,
        prefix="figures",
    )


class ReviewThemeForm(PublishedContentForm):
    """The theme of the report's initiative, chosen on the review screen."""

    class Meta:
        model = Initiative
        fields = ["theme"]

    def __init__(self, *args, themes, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The screen has listed the themes already, to suggest one.
        self.fields["theme"].choices = [
            ("", self.fields["theme"].empty_label),
            *((theme.pk, str(theme)) for theme in themes),
        ]
        self.fields["theme"].help_text = _("决定这个工作举措在公开网站上列在哪个主题下。")
        if self.instance.theme_id is None and suggested is not None:
            self.initial["theme"] = suggested.pk
            self.fields["theme"].help_text = _(
                "按报道中的关键词建议：%(theme)s。保存后生效，可以改选。"
            ) % {"theme": suggested}


# The confidence the review screen offers to confirm at or above: the extractor gives 0.85 and up
# to figures it read whole, and less to those whose words it had to guess.
BULK_CONFIRM_AT = Decimal("0.80")


class BulkConfirmForm(forms.Form):
    """Confirm a report's suggested figures at or above a confidence: first shown, then done."""

    confirm_at = forms.DecimalField(
        label=_("置信度不低于"),
        min_value=0,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        initial=BULK_CONFIRM_AT,
        widget=forms.NumberInput(attrs={"step": "0.05", "size": 4}),
    )
    # The figures the preview listed: only these are confirmed, if they still qualify.
    figures = forms.ModelMultipleChoiceField(
        queryset=Figure.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["figures"].queryset = Figure.objects.filter(paragraph__report=report)

    def candidates(self):
        """Return the report's suggested figures at or above the confidence, in reading order."""
        return Figure.objects.filter(
            paragraph__report=self.report,
            review=Figure.Review.SUGGESTED,
            confidence__gte=self.cleaned_data["confirm_at"],
        ).select_related("paragraph__report", "indicator")

    def preview(self):
        """Return each candidate with why it cannot be confirmed as it is ("" if it can).

        A candidate is checked as a form would check it (Figure.clean: its span, an indicator
        in its unit).
        """
        shown = []
        for figure in self.candidates():
            try:
                figure.clean()
            except ValidationError as error:
                shown.append((figure, " ".join(error.messages)))
            else:
                shown.append((figure, ""))
        return shown

    def save(self):
        """Confirm the previewed figures that still qualify; return how many were confirmed.

        Each is saved on its own, so that history records every confirmation.
        """
        chosen = {figure.pk for figure in self.cleaned_data["figures"]}
        confirmed = 0
        for figure, problem in self.preview():
            if figure.pk in chosen and not problem:
                figure.review = Figure.Review.CONFIRMED
                figure.save(update_fields=["review"])
                confirmed += 1
        return confirmed
