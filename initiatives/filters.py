"""The filters of the public lists; each page, its CSV and its JSON share one FilterSet."""

from decimal import MAX_EMAX, MIN_EMIN, Context

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import County, Figure, Indicator, Paragraph, Region, Report, Theme


class OfferedChoiceIterator(ModelChoiceIterator):
    """Iterate the rows a field offers, which may be fewer than the rows it accepts."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.offered.all()


class OfferedChoiceField(forms.ModelMultipleChoiceField):
    """Accept any row of the queryset; offer as choices only the rows of `offered`."""

    # Three thousand counties as checkboxes would drown the form; any county's address still
    # filters, as a link from its region's page does.
    iterator = OfferedChoiceIterator

    def __init__(self, *args, offered, **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)


class CountyFilter(django_filters.ModelMultipleChoiceFilter):
    """Several counties at once, named by slug: ?county=jinxiang&county=yutai.

    The field name ends in __slug: the filter compares it with each chosen county's slug.
    """

    field_class = OfferedChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("县区"))
        kwargs.setdefault("queryset", County.objects.all())
        kwargs.setdefault("offered", County.objects.listed())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        # Each county is a single foreign key, so no row can repeat.
        kwargs.setdefault("distinct", False)
        super().__init__(**kwargs)


class RegionFilter(django_filters.ModelMultipleChoiceFilter):
    """Provinces or prefectures by code: ?region=370800 keeps the counties of 济宁市."""

    field_class = OfferedChoiceField

    def __init__(self, *, county, **kwargs):
        self.county = county  # The path to the county, e.g. "initiative__county".
        kwargs.setdefault("label", _("省市"))
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("offered", Region.objects.with_data())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("help_text", _("省份或地级市，包括其下的全部县区"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # A county hangs under its prefecture, or straight under its province (济源市).
        return qs.filter(
            Q(**{f"{self.county}__region__in": value})
            | Q(**{f"{self.county}__region__parent__in": value})
        )


# Characters a search may have: enough for a phrase, and far below SQLite's 50,000-byte limit on
# a LIKE pattern, which a longer search would hit as a database error.
SEARCH_MAX_LENGTH = 100


class SearchFilter(django_filters.CharFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("关键词"))
        kwargs.setdefault("method", "search")
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(**kwargs)


class ColumnDecimalField(forms.DecimalField):
    """A number checked against its column's digits once the zeros ending its fraction are gone."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or not value.is_finite():
            return value  # validate() refuses NaN and infinities
        # As many digits of precision as the number has: 1.50000 becomes 1.5, never rounded.
        exact = Context(prec=len(value.as_tuple().digits), Emax=MAX_EMAX, Emin=MIN_EMIN)
        return value.normalize(exact)


class ColumnNumberFilter(django_filters.NumberFilter):
    """Compare a DecimalField with a number it could hold; any other number is a form error.

    The limits are the model field's own, so the database never sees a number it cannot
    represent (PostgreSQL fails on 1e-16384 with a numeric overflow).
    """

    field_class = ColumnDecimalField

    def __init__(self, *, column, **kwargs):
        kwargs.setdefault("field_name", column.name)
        kwargs.setdefault("max_digits", column.max_digits)
        kwargs.setdefault("decimal_places", column.decimal_places)
        super().__init__(**kwargs)

    def get_max_validator(self):
        # The column's digits bound the number already; a second, looser bound would only
        # add a second message.
        return None


class StableOrderingFilter(django_filters.OrderingFilter):
    """Order as asked, then by primary key, so pages never repeat or skip a row."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs

    def build_choices(self, fields, labels):
        # Lazy, so each choice is shown in the visitor's language, not the one at import.
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy(_("{label}（降序）"), label=label)))
        return choices


class InitiativeFilter(django_filters.FilterSet):
    q = SearchFilter(help_text=_("在名称、摘要和原文中查找"))
    region = RegionFilter(county="county")
    county = CountyFilter(field_name="county__slug")
    theme = django_filters.ModelChoiceFilter(
        label=_("主题"), queryset=Theme.objects.all(), to_field_name="slug"
    )
    published_after = django_filters.DateFilter(
        label=_("发布日期不早于"),
        method="published_between",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        label=_("发布日期不晚于"),
        method="published_between",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    has_figures = django_filters.BooleanFilter(
        label=_("有数据"),
        method="filter_has_figures",
        widget=forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]),
    )
    o = StableOrderingFilter(
        label=_("排序"),
        empty_label=_("默认顺序"),
        fields=[
            ("county__position", "county"),
            ("title", "title"),
            ("latest_on", "date"),
            ("figure_count", "figures"),
        ],
        field_labels={
            "county__position": _("县区"),
            "title": _("名称"),
            "latest_on": _("发布日期"),
            "figure_count": _("数据条数"),
        },
    )

    def search(self, queryset, name, value):
        # Paragraph matches go through a subquery so the listing's counts stay exact.
        in_text = Paragraph.objects.filter(text__icontains=value).values("report__initiatives")
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(pk__in=in_text)
        )

    def published_between(self, queryset, name, value):
        lookup = "published_on__gte" if name == "published_after" else "published_on__lte"
        reports = Report.objects.public().filter(**{lookup: value})
        return queryset.filter(pk__in=reports.values("initiatives"))

    def filter_has_figures(self, queryset, name, value):
        return queryset.filter(figure_count__gt=0) if value else queryset.filter(figure_count=0)


AMOUNT = Figure._meta.get_field("amount")
UNIT = Figure._meta.get_field("unit")


class FigureFilter(django_filters.FilterSet):
    q = SearchFilter(help_text=_("在引文、统计对象、工作举措和原文中查找"))
    region = RegionFilter(county="initiative__county")
    county = CountyFilter(field_name="initiative__county__slug")
    theme = django_filters.ModelChoiceFilter(
        label=_("主题"),
        field_name="initiative__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
    )
    indicator = django_filters.ModelChoiceFilter(
        label=_("指标"), queryset=Indicator.objects.all(), to_field_name="slug"
    )
    unit = django_filters.CharFilter(
        label=_("单位"),
        method="filter_unit",
        help_text=_("如“元”，也包括“万元”的数据"),
        max_length=UNIT.max_length,
    )
    qualifier = django_filters.ChoiceFilter(label=_("限定"), choices=Figure.Qualifier)
    kind = django_filters.ChoiceFilter(label=_("性质"), choices=Figure.Kind)
    amount_min = ColumnNumberFilter(label=_("折算数值不小于"), column=AMOUNT, lookup_expr="gte")
    amount_max = ColumnNumberFilter(label=_("折算数值不大于"), column=AMOUNT, lookup_expr="lte")
    o = StableOrderingFilter(
        label=_("排序"),
        empty_label=_("默认顺序"),
        fields=[("amount", "amount"), ("initiative__county__position", "county")],
        field_labels={"amount": _("折算数值"), "initiative__county__position": _("县区")},
    )

    def filter_unit(self, queryset, name, value):
        # The amounts are compared in the base unit, so ?unit=元 must take 万元 and 亿元 too.
        return queryset.filter(Q(unit=value) | Q(base_unit=value))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(quote__icontains=value)
            | Q(counted__icontains=value)
            | Q(initiative__title__icontains=value)
            | Q(paragraph__text__icontains=value)
        )


def active_filters(params, filterset):
    """Return a label, a shown value and the URL without it for each filter value in use."""
    active = []
    for name, field in filterset.form.fields.items():
        values = [value for value in params.getlist(name) if value]
        if not values or name == "o":
            continue
        names = {str(key): label for key, label in getattr(field, "choices", [])}
        for value in values:
            remaining = params.copy()
            remaining.setlist(name, [other for other in values if other != value])
            remaining.pop("page", None)
            active.append(
                {
                    "label": field.label,
                    "value": names.get(value, value),
                    "url": "?" + remaining.urlencode(),
                }
            )
    return active


class CountyListFilter(django_filters.FilterSet):
    """The county list's search: a county by its name, a former name or its pinyin."""

    q = SearchFilter(label=_("查找县区"), help_text=_("输入名称或拼音，如“汶上”或“wenshang”"))

    class Meta:
        model = County
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)
