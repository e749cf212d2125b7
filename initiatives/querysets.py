"""The query vocabulary: what "public" means, counts, recency; defined once, chained everywhere.

Views, counts, exports, filters and forms chain these (Figure.objects.public().in_county(c));
none of them writes a publication rule of its own. The rule is written here once
(public_initiative(), shown_figure()); the database keeps the public rows by it, with their sort
keys and counts, in the listing (models/listing.py), which public() and the counts read. Models
are looked up when a query is built, so this module and models.py need not import each other in
a circle.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from . import history


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


def model(name):
    return apps.get_model("initiatives", name)


def sum_of(queryset, field, total):
    """Return a subquery adding up total over the rows of queryset whose field is the outer row."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Sum(total))
            .values("n")
        ),
        0,
    )


def draft_sources(initiatives):
    """Return the links from these initiatives (an OuterRef or a queryset) to draft reports."""
    # A published initiative may not cite a draft report; if a source is unpublished later,
    # the initiative is hidden until it is published again.
    lookup = "initiative__in" if isinstance(initiatives, models.QuerySet) else "initiative"
    return model("Initiative").reports.through.objects.filter(
        **{lookup: initiatives}, report__status=Status.DRAFT
    )


def public_initiative(path=""):
    """Return the condition that the initiative at path (e.g. "initiative__") is public."""
    # Written once for initiatives and for the figures joined to them: published, and citing
    # no draft report (unpublishing a source hides the initiative).
    ref = OuterRef(path.removesuffix("__") or "pk")
    return Q(**{f"{path}status": Status.PUBLISHED}) & ~Exists(draft_sources(ref))


def in_report(path="listing__"):
    """Return the order of figures within one report: by paragraph, then where they stand."""
    return [
        F(f"{path}paragraph_position").asc(),
        F(f"{path}start").asc(),
        F(f"{path}figure").asc(),
    ]


def newest_figure_first(path="listing__"):
    """Return the order of public figures' readings, newest first: as_of, then the report's date.

    From the listing's copies of the keys (path), which its indexes hold in this order.
    """
    # Within one report the first in reading order: papers give a total before its parts.
    return [
        F(f"{path}as_of").desc(nulls_last=True),
        F(f"{path}published_on").desc(nulls_last=True),
        F(f"{path}report").desc(),
        *in_report(path),
    ]


def reading_order(path="listing__"):
    """Return the order of public figures in the lists: county, newest report first, position."""
    return [
        F(f"{path}county_position").asc(),
        F(f"{path}county").asc(),
        F(f"{path}published_on").desc(nulls_last=True),
        F(f"{path}report").asc(),
        *in_report(path),
    ]


def dated_order(path="listing__"):
    """Return the order of a search's figures: newest report first, then in reading order."""
    # Not county first: a word of one county's name would have every earlier county's rows
    # read before its first match.
    return [
        F(f"{path}published_on").desc(nulls_last=True),
        F(f"{path}report").desc(),
        *in_report(path),
    ]


def initiative_order(path="listing__"):
    """Return the order of public initiatives in the lists: county, then title."""
    return [F(f"{path}county_position"), F(f"{path}title"), F(f"{path}initiative")]


def initiative_dated_order(path="listing__"):
    """Return the order of a search's initiatives: the latest source first."""
    return [F(f"{path}latest_on").desc(nulls_last=True), F(f"{path}initiative").desc()]


def in_county(queryset, county):
    """Keep a county's public rows, by its position too: an index in county order seeks to them."""
    # By the county alone, a list in county order read every earlier county's rows first.
    rows = queryset.filter(listing__county=county)
    position = getattr(county, "position", None)
    return rows if position is None else rows.filter(listing__county_position=position)


def first_of_each(rows, field, values, keep):
    """Return the keys of rows' first `keep`, in their order, for each value of field (PostgreSQL).

    One query joined to each value (LATERAL), each read from an index in the rows' order: a query
    compiled per value cost more than running them (a county page's 14 indicators).
    """
    one = rows.filter(**{field: RawSQL("wanted.key", ())}).values("pk")[:keep]
    sql, params = one.query.sql_with_params()
    each = f"SELECT kept.* FROM unnest(%s) AS wanted(key) CROSS JOIN LATERAL ({sql}) AS kept"
    return RawSQL(each, (list(values), *params))


def shown_figure():
    """Return a figure's own part of being public: confirmed, and read from a published report."""
    return Q(review=model("Figure").Review.CONFIRMED, paragraph__report__status=Status.PUBLISHED)


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level="province")

    def prefectures(self):
        return self.filter(level="prefecture")

    def with_public_counts(self):
        """Annotate the number of public reports, initiatives and figures in each region."""
        # A county hangs under its prefecture, or straight under its province (济源市), so a
        # region's rows are those of its own counties and of its prefectures' counties: two
        # disjoint sums of the counties' counts added.
        tallies = model("CountyTally").objects.all()
        return self.annotate(
            **{
                f"{kind[:-1]}_count": sum_of(tallies, "county__region", kind)
                + sum_of(tallies, "county__region__parent", kind)
                for kind in ("reports", "initiatives", "figures")
            }
        )

    def with_data(self):
        """Return the regions with a published report in one of their counties."""
        counties = model("County").objects.filter(tally__reports__gt=0)
        return self.filter(
            Q(pk__in=counties.values("region")) | Q(pk__in=counties.values("region__parent"))
        )


class CountyQuerySet(models.QuerySet):
    def with_public_counts(self):
        """Annotate the number of public reports, initiatives and figures of each county."""
        return self.annotate(
            report_count=Coalesce(F("tally__reports"), 0),
            initiative_count=Coalesce(F("tally__initiatives"), 0),
            figure_count=Coalesce(F("tally__figures"), 0),
        )

    def listed(self):
        """Return the counties a list shows: those of regions with public reports, hand-made ones."""
        # Thousands of gazetteer counties without a report would drown a list; they stay
        # reachable by search, by their region's page and by address.
        # From the counties' counts, not by reading every report's county.
        reported = Q(tally__reports__gt=0)
        regions = model("County").objects.filter(reported).values("region")
        return self.filter(
            reported | Q(region__in=regions) | Q(region__isnull=True, code__isnull=True)
        )

    def in_regions(self, regions):
        """Return the counties of these provinces and prefectures (under either, as 济源市)."""
        return self.filter(Q(region__in=regions) | Q(region__parent__in=regions))

    def public_totals(self):
        """Return these counties' public reports, initiatives and figures, and how many have work."""
        return self.aggregate(
            reports=Coalesce(Sum("tally__reports"), 0),
            initiatives=Coalesce(Sum("tally__initiatives"), 0),
            figures=Coalesce(Sum("tally__figures"), 0),
            counties=Count("pk", filter=Q(tally__initiatives__gt=0)),
        )

    def search(self, text):
        """Return the counties whose name, former name, pinyin or address contains text."""
        text = text.strip()
        letters = "".join(char for char in text.lower() if "a" <= char <= "z")
        found = Q(name__contains=text) | Q(aliases__name__contains=text)
        if letters:
            found |= Q(pinyin__contains=letters) | Q(slug__contains=letters)
        # A subquery, so a county with two matching aliases is listed once.
        return self.filter(pk__in=model("County").objects.filter(found).values("pk"))


class IndicatorQuerySet(models.QuerySet):
    def with_public_counts(self):
        """Annotate the number of public figures of each indicator."""
        tallies = model("FigureTally").objects.all()
        return self.annotate(figure_count=sum_of(tallies, "indicator", "figures"))


class ReportQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Status.PUBLISHED)

    def latest_first(self):
        return self.order_by(F("published_on").desc(nulls_last=True), "-pk")

    @transaction.atomic
    def publish(self):
        """Publish these reports, each joining the initiative it continues; return how many changed."""
        for report in self.exclude(continues=None).select_related("continues"):
            # One by one, so each initiative's history records its new source.
            report.continues.reports.add(report)
        return history.update(
            self.exclude(status=Status.PUBLISHED), status=Status.PUBLISHED, continues=None
        )

    @transaction.atomic
    def unpublish(self):
        """Unpublish these reports and the initiatives that cite them; return both counts."""
        citing = model("Initiative").objects.filter(reports__in=self, status=Status.PUBLISHED)
        withdrawn = history.update(citing.distinct(), status=Status.DRAFT)
        return history.update(self.exclude(status=Status.DRAFT), status=Status.DRAFT), withdrawn


class KeyedQuerySet(models.QuerySet):
    def in_order_of(self, keys):
        """Return the rows of `keys` in that order, leaving out any this queryset does not hold."""
        # Unordered: the keys give the order, and the model's ordering would join more tables.
        rows = self.order_by().in_bulk(keys)
        return [rows[key] for key in keys if key in rows]


class InitiativeQuerySet(KeyedQuerySet):
    def public(self):
        """Return the initiatives in the listing: by public_initiative(), kept by the database."""
        return self.filter(listing__isnull=False)

    def in_county(self, county):
        return in_county(self, county)

    def redirect_for(self, slug):
        """Return the public initiative a merged initiative's former slug leads to, or None."""
        # A live initiative's own slug always wins over a former one.
        live = model("Initiative").objects.filter(slug=slug)
        return self.public().filter(aliases__slug=slug).exclude(Exists(live)).first()

    def with_counts(self):
        """Annotate the number of public figures and the latest source date, from the listing."""
        return self.annotate(
            figure_count=F("listing__figure_count"), latest_on=F("listing__latest_on")
        )

    def for_listing(self):
        """Select what a list of initiatives shows, in a constant number of queries."""
        return self.select_related("county", "theme").with_counts()

    def public_listing(self):
        """Return the public initiatives with what a list shows, in a stable order."""
        return self.public().for_listing().order_by(*initiative_order())

    @transaction.atomic
    def publish(self):
        """Publish these initiatives; refuse if any of them cites a draft report."""
        blocked = model("Report").objects.filter(pk__in=draft_sources(self).values("report"))
        if blocked.exists():
            names = "、".join(f"“{report}”" for report in blocked[:5])
            raise ValidationError(
                _("请先发布来源报道：%(reports)s。已发布的工作举措不能引用草稿报道。")
                % {"reports": names}
            )
        return history.update(self.exclude(status=Status.PUBLISHED), status=Status.PUBLISHED)

    def unpublish(self):
        """Unpublish these initiatives; return the count and, as for reports, 0 withdrawn with them."""
        return history.update(self.exclude(status=Status.DRAFT), status=Status.DRAFT), 0


class FigureQuerySet(KeyedQuerySet):
    def public(self):
        """Return the confirmed figures of public initiatives read from published reports.

        That is, the figures in the listing, which the database keeps by public_initiative()
        and shown_figure().
        """
        return self.filter(listing__isnull=False)

    def in_reading_order(self):
        """Order by county, then newest report first, then paragraph and position."""
        return self.order_by(*reading_order())

    def in_county(self, county):
        return in_county(self, county)

    def newest_first(self):
        """Order by as_of, newest first, then by the report's date: the latest reading first."""
        return self.order_by(*newest_figure_first())

    def newest_per(self, field, values, keep):
        """Keep the keep newest figures for each of these values of field.

        On PostgreSQL, a small query per value, each read from the listing's index in its
        order; else latest_per().
        """
        if connections[self.db].vendor != "postgresql":
            return self.filter(**{f"{field}__in": values}).latest_per(field, keep=keep)
        if not values:
            return self.none()
        return self.filter(pk__in=first_of_each(self.newest_first(), field, values, keep))

    def latest_per(self, *fields, keep=1):
        """Keep the `keep` newest figures (by as_of) for each combination of the fields' values."""
        rank = Window(
            RowNumber(), partition_by=[F(name) for name in fields], order_by=newest_figure_first()
        )
        return self.annotate(recency=rank).filter(recency__lte=keep)

    def for_listing(self):
        """Select what a list or an export of figures shows, in one query."""
        return self.select_related(
            "initiative__county", "initiative__theme", "indicator", "paragraph__report"
        )


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Return the corrections of figures from published reports of public initiatives."""
        return self.filter(
            public_initiative("figure__initiative__"),
            figure__paragraph__report__status=Status.PUBLISHED,
        )
