"""The filters of the public lists; each page, its CSV and its JSON share one FilterSet.

They filter and sort on the listing's copies of the keys (models/listing.py), whose indexes hold
each list's order, so a page is read from an index and stops after its rows.
"""

import copy
from decimal import MAX_EMAX, MIN_EMIN, Context

import django_filters
from django import forms
from django.db import connections
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.forms.models import ModelChoiceIterator
from django.utils.choices import flatten_choices
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FilterSetMetaclass

from . import caching
from .listing.keys import listing_keys, merged_by_county, served_by_county
from .listing.ordering import WORD_TEST_COST, cheaper_order, first_key, listed_rows
from .listing.search import (
    COUNTED_AT_MOST,
    SAMPLE,
    SAMPLED_PER_MATCH,
    Sample,
    figures_holding,
    holds,
    initiatives_holding,
    sources_hold,
)
from .models import County, CountyTally, Figure, FigureTally, Indicator, Paragraph, Region, Theme
from .querysets import dated_order, initiative_dated_order, reading_order
from .reading import decimal_string

# Counties a list's form offers as check boxes before a region is chosen: one prefecture's or a
# few (the demo's paper has 14). Hundreds, from the papers of many regions, drowned the form
# (every list page 50 kB more) and were no choice a reader could scan.
COUNTIES_OFFERED = 60


class ListedChoiceIterator(ModelChoiceIterator):
    """Iterate a field's few rows from one query per form, held on the field."""

    # Django's iterator reads through a server-side cursor on PostgreSQL (three round trips)
    # and again each time the choices are read; a list's counties are a few dozen rows, which
    # the page cache keeps under the content revision where the form says so (ListingFilter.form).
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "_listed_rows", None) is None:
            request, key = getattr(self.field, "shared_as", (None, None))
            self.field._listed_rows = caching.shared(request, f"choices:{key}", self.rows)
        for row in self.field._listed_rows:
            yield self.choice(row)

    def rows(self):
        return list(self.queryset)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class OfferedChoiceIterator(ListedChoiceIterator):
    """Iterate the rows a field offers, which may be fewer than the rows it accepts."""

    def rows(self):
        return self.field.offer()


class OfferedChoiceField(forms.ModelMultipleChoiceField):
    """Accept any row of the queryset; offer as choices only the rows `offer()` returns."""

    # Three thousand counties as checkboxes would drown the form; any county's address still
    # filters, as a link from its region's page does.
    iterator = OfferedChoiceIterator

    def __init__(self, *args, offered, **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)

    def offer(self):
        """Return the rows offered (a form narrows them to its request's where they are many)."""
        return list(self.offered.all())


class RegionChoiceIterator(OfferedChoiceIterator):
    """Offer the regions by province: a province as a whole first, then its prefectures."""

    # At full coverage the regions are some 370; a group per province keeps them findable.
    def __iter__(self):
        groups = {}  # In code order, a province comes before its prefectures.
        for value, label in super().__iter__():
            groups.setdefault(value.instance.parent or value.instance, []).append((value, label))
        for province, ((value, label), *prefectures) in groups.items():
            if value.instance == province and prefectures:
                label = _("%(name)s（全部）") % {"name": label}
            # A province without prefectures with data (北京市) is one option, not a group.
            yield (province.name, [(value, label), *prefectures]) if prefectures else (value, label)


class RegionChoiceField(OfferedChoiceField):
    iterator = RegionChoiceIterator


def offered_counties(request, regions, chosen):
    """Return the counties a list's form offers as check boxes: a few dozen, not hundreds.

    The counties listed (those of the regions with reports) while they are few, as for one
    paper's prefecture; with the papers of many regions, those of the regions chosen, so the
    form asks for a region first. The counties chosen stay, to be unticked.
    """
    listed = County.objects.listed()
    if regions:
        # Prefecture by prefecture, as the form heads them, then in the usual order.
        offered = listed.in_regions(regions) | County.objects.filter(pk__in=chosen)
        return list(
            offered.order_by(F("region__code").asc(nulls_last=True), *County._meta.ordering)
        )
    # The same for every request of a content revision: shared by them.
    few = caching.shared(
        request, "choices:listed-counties", lambda: list(listed[: COUNTIES_OFFERED + 1])
    )
    return few if len(few) <= COUNTIES_OFFERED else list(chosen)


def in_counties(queryset, path, counties):
    """Keep the rows of these counties ((key, position) pairs), their county at path."""
    # By the counties' keys as constants, which the listing's indexes lead with, and their
    # positions, with which a list in county order seeks to each county's rows in turn.
    counties = list(counties)
    return queryset.filter(
        **{
            f"{path}__in": [pk for pk, _position in counties],
            f"{path}_position__in": sorted({position for _pk, position in counties}),
        }
    )


class CountyFilter(django_filters.ModelMultipleChoiceFilter):
    """Several counties at once, named by slug: ?county=jinxiang&county=yutai."""

    field_class = OfferedChoiceField

    def __init__(self, *, county, **kwargs):
        self.county = county  # The path to the county, e.g. "listing__county".
        kwargs.setdefault("label", _("县区"))
        kwargs.setdefault("queryset", County.objects.all())
        kwargs.setdefault("offered", County.objects.listed())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return in_counties(qs, self.county, [(county.pk, county.position) for county in value])


class RegionFilter(django_filters.ModelMultipleChoiceFilter):
    """Provinces or prefectures by code: ?region=370800 keeps the counties of 济宁市."""

    field_class = RegionChoiceField

    def __init__(self, *, county, **kwargs):
        self.county = county  # The path to the county, e.g. "listing__county".
        kwargs.setdefault("label", _("省市"))
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("offered", Region.objects.with_data().select_related("parent"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("help_text", _("省份或地级市，包括其下的全部县区"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # As its counties, as CountyFilter does: a condition on the counties' regions joined
        # every figure to its county first (a prefecture's figures at 2M in 494 counties: 2 s).
        counties = County.objects.in_regions(value).values_list("pk", "position")
        return in_counties(qs, self.county, counties)


# Characters a search may have: enough for a phrase, and far below SQLite's 50,000-byte limit on
# a LIKE pattern, which a longer search would hit as a database error.
SEARCH_MAX_LENGTH = 100
# Rows a filtered search's sample may read in the list's order to find its own, at most: 404
# sampled where an indicator keeps one figure in fourteen read about 5,700.
SAMPLE_READ_AT_MOST = 20_000


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


def searched_newest_first(filterset, queryset, order):
    """Order a search's matches newest first, unless the visitor chose an order."""
    # The lists' own orders go county by county: a word of one county's name would have every
    # earlier county's rows read before its first match.
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    return queryset.order_by(*order) if data.get("q") and not data.get("o") else queryset


class StableOrderingFilter(django_filters.OrderingFilter):
    """Order as asked, then by what breaks its ties, so pages never repeat or skip a row.

    The ties follow the last field's direction: a descending order is the ascending one read
    backwards, as an index is read. `ties` maps a field to its own (the rest break on `last`).
    """

    def __init__(self, *args, ties=None, last="pk", **kwargs):
        self.ties = ties or {}
        self.last = last
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = self.param_map[param.removeprefix("-")]
            for term in [F(field).asc(), *self.ties.get(field, [F(self.last).asc()])]:
                ordering.append(term.copy().reverse_ordering() if descending else term)
        return qs.order_by(*ordering)

    def build_choices(self, fields, labels):
        # Lazy, so each choice is shown in the visitor's language, not the one at import.
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy(_("{label}（降序）"), label=label)))
        return choices


class Filters(dict):
    """A filter set's filters, which each request copies one level deep, not all the way down."""

    # django-filter deep-copies every filter for every request, querysets, lazy labels and
    # widgets included: a millisecond of each list page. A request sets only a filter's own
    # attributes (its parent, its model); a field copies its widget itself.
    def __deepcopy__(self, memo):
        return {name: copied(filter_) for name, filter_ in self.items()}


def copied(filter_):
    new = copy.copy(filter_)
    if filter_.method:
        new.method = filter_.method  # Its method is then looked up on the copy's filter set.
    return new


class ShallowCopied(FilterSetMetaclass):
    def __new__(cls, name, bases, attrs):
        new_class = super().__new__(cls, name, bases, attrs)
        new_class.base_filters = Filters(new_class.base_filters)
        return new_class


class ListingFilter(django_filters.FilterSet, metaclass=ShallowCopied):
    """What both lists filter by first: a word, the place and the theme, on the listing's keys.

    Each list names `search_order`, the order of a search's matches, and `holding(word)`, the
    test of a row for a word on PostgreSQL, read row by row.
    """

    q = SearchFilter()  # Each list says where it searches; redefined, it keeps its place first.
    region = RegionFilter(county="listing__county")
    county = CountyFilter(county="listing__county")
    theme = ListedChoiceFilter(
        label=_("主题"),
        field_name="listing__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
    )

    # Rows the sample reads at most (listing/search.py).
    sample_size = SAMPLE
    # The listing's fields whose order an index of each county's rows holds (models/listing.py),
    # and the filters an index in that order seeks to (an amount range; an indicator's or a
    # unit's amounts).
    county_indexed = ()
    served_in_order = ()
    # Of those, the filters with an index of their own in that order, which holds only their
    # rows (an indicator's amounts), where each county's index holds every indicator's.
    indexed_alone = ()
    # Filters with an index of their own rows in an order (or its reverse) led by one of these
    # listing fields: alone, such a filter's list in that order meets only its own rows.
    ordered_alone = {}
    # Rows the page reads in the list's order, matches of a word included: the view says.
    needed = COUNTED_AT_MOST + 1
    # Set by a search whose word the index found: its matches are keys, not a test of each row.
    searched_by_index = False

    def get_form_class(self):
        # Every request's form has the same fields: the class is made once per filter set.
        if "_form_class" not in type(self).__dict__:
            type(self)._form_class = super().get_form_class()
        return type(self)._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # Its choices are the same for every request of a content revision: shared by them.
            for name, field in super().form.fields.items():
                if name == "county":
                    # Its choices follow the regions and counties asked for; offered_counties()
                    # shares what every request shares.
                    field.offer = lambda: offered_counties(self.request, *self.places_asked())
                elif isinstance(field, (ListedChoiceField, OfferedChoiceField)):
                    field.shared_as = (self.request, f"{type(self).__name__}.{name}")
        return self._form

    def places_asked(self):
        """Return the regions and the counties asked for (the valid ones)."""
        self.form.is_valid()  # Cleans a bound form once; cleaned_data keeps its valid fields.
        data = getattr(self.form, "cleaned_data", {})  # An unbound form asks for none.
        return data.get("region") or [], data.get("county") or []

    def filter_queryset(self, queryset):
        if self.is_bound and not self.kept:
            # The listing's counts say the place, theme or unit holds no row: nothing to read.
            return queryset.none()
        return searched_newest_first(self, super().filter_queryset(queryset), self.search_order)

    @cached_property
    def kept(self):
        """Return how many rows the filters counted in the listing keep (the most the list has)."""
        return self.tally(self.form.cleaned_data if self.is_bound else {})

    def in_cheaper_order(self, queryset, needed):
        """Return queryset (filtered by this) read in its index's order or sorted, as is cheaper."""
        if connections[queryset.db].vendor != "postgresql":
            return queryset  # SQLite's planner is not PostgreSQL's; nor has it the word's test.
        data = self.form.cleaned_data
        counties, regions = data.get("county") or (), data.get("region") or ()
        if self.read_by_county(needed):
            keys = listing_keys(queryset)
            if keys is not queryset and served_by_county(keys, self.county_indexed):
                return merged_by_county(keys, counties, needed)
        cost = WORD_TEST_COST if "q" in self.tested_filters() else 0
        share = self.share_tested()
        # One county, in an order its own index holds: reading in order meets only its rows.
        total = None
        if len(counties) == 1 and not regions and served_by_county(queryset, self.county_indexed):
            total = self.tally({"county": counties})
        elif not counties and not regions and (own := self.own_order(queryset)):
            total = self.tally(own)
        return cheaper_order(
            queryset, self.kept, needed, len(counties), len(regions), share, cost, total
        )

    def own_order(self, queryset):
        """Return the filter in use (as tally data) whose own index holds queryset's order."""
        if (first := first_key(queryset)) is None:
            return None
        field = first.expression.name.rsplit("__", 1)[-1]
        data = self.form.cleaned_data
        if any(data.get(name) is not None for name in self.row_tests if name != "q"):
            # A test of each row other than the word (an amount range, sought in an index of
            # amounts): the rows it keeps are sorted for less than the filter's count says.
            return None
        for name, fields in self.ordered_alone.items():
            if data.get(name) and field in fields:
                return {name: data[name]}
        return None

    def read_by_county(self, needed):
        """Return whether each named county's rows are better read on their own, then merged.

        Several counties: read in the whole list's order, a page meets every other county's rows
        too; each county's own index meets only theirs, and the merge stops at the page. Where
        other filters keep some of their rows, each county's index meets the rows they drop as
        well: only for the first pages, not a deep one, for which sorting the rows kept costs less.
        """
        data = self.form.cleaned_data
        along = ("county", "o", *self.served_in_order)
        narrowed = any(value for name, value in data.items() if name not in along)
        own_index = any(data.get(name) not in (None, "") for name in self.indexed_alone)
        several = len(data.get("county") or ()) > 1 and not data.get("region")
        shallow = needed <= COUNTED_AT_MOST + 1
        return several and not own_index and (shallow or not narrowed)

    def share_tested(self):
        """Return the share of the counted rows that the tests of each row (a word, an amount) keep."""
        if not self.tested_filters():
            return 1.0
        return max(self.sampled.held, 0.5) / max(self.sampled.read, 1)

    def tested_filters(self):
        """Return the filters in use that test each row (a word found by the index is a key)."""
        data = self.form.cleaned_data
        tests = {name: data[name] for name in self.row_tests if data.get(name) not in (None, "")}
        if self.searched_by_index:
            tests.pop("q", None)
        return tests

    def condition(self, name, value):
        """Return what a filter keeps, as a condition on a row (the sample tests rows by it)."""
        if name == "q":
            return self.holding(value)
        if written := getattr(self, f"{name}_condition", None):
            return written(value)
        declared = self.filters[name]
        return Q(**{f"{declared.field_name}__{declared.lookup_expr}": value})

    @cached_property
    def sampled(self):
        """Return how many of some rows the counted filters keep pass the other filters too."""
        # How far reading the list in order goes to find its rows (listing/ordering.py), and
        # whether a word is found quicker so or by the index (listing/search.py).
        tests = self.tested_filters()
        counted = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in tests:
                counted = self.filters[name].filter(counted, value)
        passes = Q()
        for name, value in tests.items():
            passes &= self.condition(name, value)
        # Tested in the rows read, not by a second query of the rows that pass: PostgreSQL
        # would test every row to join two thousand. A word alone is read in the search's order
        # from the top, so its sample is that order's first rows, what reading meets (the first
        # rows on disk may all be a few counties', and missed a word common elsewhere: the page
        # then tested and sorted every kept row, 0.98 s at 2M). So with other filters too where
        # they keep enough rows to find the sample's quickly in that order (a theme, an
        # indicator); else in no order: finding a few counties' rows in it cost more than the page.
        data = self.form.cleaned_data
        size = min(self.sample_size, SAMPLED_PER_MATCH * self.needed)
        if not self.kept:  # The listing's counts already say there is nothing to read.
            return Sample(held=0, read=0, rows=0, size=size, needed=self.needed)
        alone = not any(value for name, value in data.items() if name != "q")
        in_order = data.get("q") and (alone or self.found_in_order(size))
        order = self.search_order if in_order else ()
        passes = ExpressionWrapper(passes, output_field=BooleanField())
        first = counted.annotate(passes=passes).order_by(*order).values("pk", "passes")
        counts = first[:size].aggregate(read=Count("pk"), held=Count("pk", filter=Q(passes=True)))
        return Sample(**counts, rows=self.kept, size=size, needed=self.needed)

    def found_in_order(self, rows):
        """Return whether reading the list in its order meets these many kept rows quickly."""
        if connections[self.queryset.db].vendor != "postgresql":
            return False
        return rows * listed_rows(self.queryset) / self.kept <= SAMPLE_READ_AT_MOST


class InitiativeFilter(ListingFilter):
    q = SearchFilter(help_text=_("在名称、摘要和原文中查找"))
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
            ("listing__county_position", "county"),
            ("listing__title", "title"),
            ("listing__latest_on", "date"),
            ("listing__figure_count", "figures"),
        ],
        field_labels={
            "listing__county_position": _("县区"),
            "listing__title": _("名称"),
            "listing__latest_on": _("发布日期"),
            "listing__figure_count": _("数据条数"),
        },
        # By county, then as the list's own order: by title.
        ties={
            "listing__county_position": [F("listing__title").asc(), F("listing__initiative").asc()]
        },
        last="listing__initiative",
    )

    search_order = initiative_dated_order()
    sample_size = SAMPLE // 10
    # Filters the counties' counts do not count: each is a test of the rows.
    row_tests = ("q", "theme", "published_after", "published_before", "has_figures")

    def holding(self, word):
        return Q(holds(word, "title", "summary")) | Q(sources_hold(word))

    def search(self, queryset, name, value):
        # A rare word through the index of each text (PostgreSQL), the same rows.
        held = initiatives_holding(value, queryset.db, lambda: self.sampled, self.needed)
        if held is not None:
            self.searched_by_index = True
            return queryset.filter(held)
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(self.holding(value))
        # Paragraph matches go through a subquery so the listing's counts stay exact.
        in_text = Paragraph.objects.filter(text__icontains=value).values("report__initiatives")
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(pk__in=in_text)
        )

    def tallied_count(self):
        """Return how many initiatives match, from the counties' counts; None if rows must be counted."""
        if self.is_bound and not self.is_valid():
            return None
        data = self.form.cleaned_data if self.is_bound else {}  # Unbound: no filter at all.
        if any(
            data.get(name) not in (None, "")
            for name in self.base_filters
            if name not in {"county", "region", "o"}
        ):
            return None
        return self.kept

    def tally(self, data):
        """Return how many public initiatives the counties and regions in data hold."""
        tallies = CountyTally.objects.all()
        if counties := data.get("county"):
            tallies = tallies.filter(county__in=counties)
        if regions := data.get("region"):
            tallies = tallies.filter(
                Q(county__region__in=regions) | Q(county__region__parent__in=regions)
            )
        return tallies.aggregate(n=Sum("initiatives"))["n"] or 0

    def published_between(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def published_after_condition(self, value):
        # A public initiative's sources are all published: it has one on or after a day when its
        # latest is, and one on or before a day when its first is.
        return Q(listing__latest_on__gte=value)

    def published_before_condition(self, value):
        return Q(listing__first_on__lte=value)

    def filter_has_figures(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def has_figures_condition(self, value):
        return Q(listing__figure_count__gt=0) if value else Q(listing__figure_count=0)


AMOUNT = Figure._meta.get_field("amount")
UNIT = Figure._meta.get_field("unit")
# The reading order's keys after the county: the "county" order is the reading order.
AFTER_COUNTY = reading_order()[1:]


class FigureFilterForm(forms.Form):
    """The figure list's filters: a range whose least amount is above its most is a mistake."""

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            # Said, not answered with an empty list (which read 0.9 s of figures at 2M).
            # The same words as a figure's own range (models/figures.py).
            message = _("区间上限不能小于下限（%(low)s）。") % {"low": decimal_string(low)}
            self.add_error("amount_max", message)
        return data


class FigureFilter(ListingFilter):
    q = SearchFilter(help_text=_("在引文、统计对象、工作举措和原文中查找"))
    indicator = ListedChoiceFilter(
        label=_("指标"),
        field_name="listing__indicator",
        queryset=Indicator.objects.all(),
        to_field_name="slug",
    )
    unit = django_filters.CharFilter(
        label=_("单位"),
        method="filter_unit",
        help_text=_("如“元”，也包括“万元”的数据"),
        max_length=UNIT.max_length,
    )
    qualifier = django_filters.ChoiceFilter(
        label=_("限定"), field_name="listing__qualifier", choices=Figure.Qualifier
    )
    kind = django_filters.ChoiceFilter(
        label=_("性质"), field_name="listing__kind", choices=Figure.Kind
    )
    amount_min = ColumnNumberFilter(
        label=_("折算数值不小于"), column=AMOUNT, field_name="listing__amount", lookup_expr="gte"
    )
    amount_max = ColumnNumberFilter(
        label=_("折算数值不大于"), column=AMOUNT, field_name="listing__amount", lookup_expr="lte"
    )
    o = StableOrderingFilter(
        label=_("排序"),
        empty_label=_("默认顺序"),
        fields=[("listing__amount", "amount"), ("listing__county_position", "county")],
        field_labels={"listing__amount": _("折算数值"), "listing__county_position": _("县区")},
        # By county is the reading order: county by county, the newest report first.
        ties={"listing__county_position": AFTER_COUNTY},
        last="listing__figure",
    )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(self.unit_condition(value))

    def unit_condition(self, value):
        """Return the figures in a unit or with it as base unit, as one column where one says it.

        The amounts are compared in the base unit, so ?unit=元 must take 万元 and 亿元 too. Where
        every such figure has it as base unit (元), or it is no figure's base unit (万元), one
        column's index holds them in amount order; for either of two columns, none does.
        """
        pairs = FigureTally.objects.filter(Q(unit=value) | Q(base_unit=value))
        pairs = set(pairs.values_list("unit", "base_unit"))
        if all(base == value for _unit, base in pairs):
            return Q(listing__base_unit=value)
        if all(unit == value for unit, _base in pairs):
            return Q(listing__unit=value)
        return Q(listing__unit=value) | Q(listing__base_unit=value)

    class Meta:
        form = FigureFilterForm

    search_order = dated_order()
    county_indexed = ("amount",)
    # The reading order, which a theme's index holds, and an indicator's amounts. (An indicator's
    # index in reading order holds only its counties in order: weighed by the indicator's rows,
    # with an amount range, it read 0.7 s where sorting what the range keeps took 10 ms.)
    ordered_alone = {"theme": ("county_position",), "indicator": ("amount",)}
    indexed_alone = ("indicator", "unit")
    served_in_order = ("amount_min", "amount_max", *indexed_alone)
    row_tests = ("q", "amount_min", "amount_max")

    def holding(self, word):
        return Q(holds(word, "quote", "counted", "initiative__title", "paragraph__text"))

    def search(self, queryset, name, value):
        # A rare word through the index of each text (PostgreSQL), the same rows.
        held = figures_holding(value, queryset.db, lambda: self.sampled, self.needed)
        if held is not None:
            self.searched_by_index = True
            return queryset.filter(held)
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(self.holding(value))
        return queryset.filter(
            Q(quote__icontains=value)
            | Q(counted__icontains=value)
            | Q(initiative__title__icontains=value)
            | Q(paragraph__text__icontains=value)
        )

    # Filters a count of figures can be summed for from FigureTally, by its own field names.
    TALLIED = {
        "county": "county__in",
        "theme": "theme",
        "indicator": "indicator",
        "qualifier": "qualifier",
        "kind": "kind",
    }

    def tallied_count(self):
        """Return how many figures match, summed from FigureTally; None if rows must be counted.

        A search or an amount is a test of each figure; every other filter is a column of
        FigureTally, so the count reads no figure at all.
        """
        if self.is_bound and not self.is_valid():
            return None
        data = self.form.cleaned_data if self.is_bound else {}  # Unbound: no filter at all.
        if (
            data.get("q")
            or data.get("amount_min") is not None
            or data.get("amount_max") is not None
        ):
            return None
        return self.kept

    def tally(self, data):
        """Return how many figures the tallied filters in data keep, from FigureTally."""
        tallies = FigureTally.objects.all()
        for name, lookup in self.TALLIED.items():
            if data.get(name):
                tallies = tallies.filter(**{lookup: data[name]})
        if regions := data.get("region"):
            tallies = tallies.filter(
                Q(county__region__in=regions) | Q(county__region__parent__in=regions)
            )
        if unit := data.get("unit"):
            tallies = tallies.filter(Q(unit=unit) | Q(base_unit=unit))
        return tallies.aggregate(n=Sum("figures"))["n"] or 0


def active_filters(params, filterset):
    """Return a label, a shown value and the URL without it for each filter value in use."""
    active = []
    for name, field in filterset.form.fields.items():
        values = [value for value in params.getlist(name) if value]
        if not values or name == "o":
            continue
        names = {str(key): label for key, label in flatten_choices(getattr(field, "choices", []))}
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
