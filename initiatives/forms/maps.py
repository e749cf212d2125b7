"""The choice of what shades a map: initiatives, figures, or an indicator's latest value."""

from django import forms
from django.utils.translation import gettext_lazy as _

INITIATIVES = "initiatives"
FIGURES = "figures"
# An indicator's choice is its slug after this prefix, so no slug can shadow the two counts.
INDICATOR = "indicator:"


class ShadeForm(forms.Form):
    """Choose a map's measure; an unknown or missing choice falls back to initiatives."""

    shade = forms.ChoiceField(label=_("地图显示"), required=False)

    def __init__(self, data, indicators=()):
        super().__init__(data)
        counts = [(INITIATIVES, _("工作举措数")), (FIGURES, _("数据条数"))]
        latest = [
            (
                f"{INDICATOR}{indicator.slug}",
                _("%(indicator)s（%(unit)s，最新数值）")
                % {"indicator": indicator.name, "unit": indicator.unit},
            )
            for indicator in indicators
        ]
        self.fields["shade"].choices = counts + ([(_("指标"), latest)] if latest else [])

    def choice(self):
        """Return the valid choice, or initiatives."""
        if self.is_valid() and self.cleaned_data["shade"]:
            return self.cleaned_data["shade"]
        return INITIATIVES
