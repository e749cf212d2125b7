"""The form renderer draws selects and check boxes exactly as Django's templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from initiatives.filters import FigureFilter, InitiativeFilter
from initiatives.models import Figure, Initiative
from initiatives.rendering import FormRenderer

from .factories import make_county, make_theme


class Everything(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", _("全部")), ("x<y", "A & B"), ("2", '"q"')], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("组<1>", [("1", "one"), ("2", "two")]), ("3", "three")],
        widget=forms.Select(attrs={"class": "c", "disabled": True, "data-x": False}),
    )
    numbers = forms.TypedChoiceField(choices=[(1, 1), (2, 2.5)], coerce=int)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b<", "B&")], widget=forms.CheckboxSelectMultiple, required=False
    )
    radios = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    text = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": '"<>&'})
    )
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "readonly": True}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="<x>")
    agree = forms.BooleanField(required=False)


def drawn(form, renderer, choices=("boxes", "radios")):
    """Return every field of the form as drawn by renderer, and each check box by itself."""
    form.renderer = renderer
    parts = [str(field) for field in form]
    for name in choices:
        parts += [option.tag() for option in form[name]]
        parts += [option.tag(wrap_label=True) for option in form[name]]
    return parts


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "x<y", "grouped": "2", "boxes": ["b<"]},
        {"text": '"a" & <b>', "number": "1.5e3", "day": "2026-11-30", "agree": "on"},
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_selects_check_boxes_and_inputs_are_drawn_as_djangos_templates_draw_them(data, language):
    with override(language):
        ours = drawn(Everything(data), FormRenderer())
        django = drawn(Everything(data), DjangoTemplates())
    assert ours == django
    assert any("&lt;" in part for part in ours)  # escaped, not left out


def test_the_public_filter_forms_are_drawn_as_djangos_templates_draw_them(db):
    make_county(slug="ab", name="<i>县</i>")
    make_theme(slug="t", name="主题 & 其他")
    lists = [(FigureFilter, Figure), (InitiativeFilter, Initiative)]
    for filterset_class, model in lists:
        data = {"county": ["ab"], "theme": "t", "o": "-county"}
        ours = filterset_class(data, queryset=model.objects.all()).form
        django = filterset_class(data, queryset=model.objects.all()).form
        drawn_ours = drawn(ours, FormRenderer(), ["county"])
        assert drawn_ours == drawn(django, DjangoTemplates(), ["county"])
        assert any("&lt;i&gt;县" in part for part in drawn_ours)
