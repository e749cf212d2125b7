"""The public listing: tables the database derives from the content, kept by its triggers.

Nothing in Python writes these rows. Triggers (initiatives/listing/) rewrite them in the same
statement as every change to the content, so a page reads what a visitor may see, with its sort
keys and its counts, from one narrow table instead of joining and counting every figure: the
cost of a page stays flat as the figures grow. The rows' meaning, "public", is the rule written
once in querysets.py (public_initiative(), shown_figure()); tests compare the two after every
kind of write.
"""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .content import Indicator, Initiative, Report, Theme
from .figures import Figure
from .regions import County


def derived(model, **kwargs):
    """Return a foreign key to a row the triggers keep in step; it asks nothing of deletes."""
    # No constraint and no cascade in Python: the triggers remove a row with what it came from.
    # Nor an index of its own: the listing's indexes lead with the columns its queries filter.
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, **kwargs
    )


class PublicFigure(models.Model):
    """A public figure, with what lists filter and sort it by, copied from its initiative and report."""

    figure = models.OneToOneField(
        Figure,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="listing",
    )
    initiative = derived(Initiative)
    county = derived(County)
    county_position = models.PositiveSmallIntegerField()
    theme = derived(Theme, null=True)
    indicator = derived(Indicator, null=True)
    report = derived(Report)
    published_on = models.DateField(null=True)
    paragraph_position = models.PositiveSmallIntegerField()
    start = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(max_length=20)
    base_unit = models.CharField(max_length=20)
    qualifier = models.CharField(max_length=12)
    kind = models.CharField(max_length=10)
    basis = models.CharField(max_length=10)
    as_of = models.DateField(null=True)

    class Meta:
        verbose_name = _("公开数据")
        verbose_name_plural = _("公开数据")
        ordering = ["figure"]
        # With the indexes in a list's order, created by the migration (listing/rows.py), as
        # SQLite refuses NULLS LAST in an index.
        indexes = [
            models.Index("amount", "figure", name="initiatives_public_amount"),
            models.Index("county", "amount", "figure", name="initiatives_pub_county_amount"),
            # A unit's figures by amount: its amounts lie in one stretch of the whole order (万元
            # all at its far end), which a list of them would otherwise read through.
            models.Index("unit", "amount", "figure", name="initiatives_pub_unit_amount"),
            models.Index("base_unit", "amount", "figure", name="initiatives_pub_base_amount"),
            models.Index("initiative", name="initiatives_pub_initiative"),
        ]

    def __str__(self):
        return str(self.figure_id)


class PublicInitiative(models.Model):
    """A public initiative, with its count of public figures and the dates of its sources."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="listing",
    )
    county = derived(County)
    county_position = models.PositiveSmallIntegerField()
    theme = derived(Theme, null=True)
    title = models.CharField(max_length=200)
    figure_count = models.IntegerField()
    first_on = models.DateField(null=True)  # Its first and latest source's date.
    latest_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("公开工作举措")
        verbose_name_plural = _("公开工作举措")
        ordering = ["initiative"]
        indexes = [
            models.Index("county_position", "title", "initiative", name="initiatives_pubini_order"),
            models.Index("county", "title", "initiative", name="initiatives_pubini_county"),
            models.Index("title", "initiative", name="initiatives_pubini_title"),
            models.Index("latest_on", "initiative", name="initiatives_pubini_latest"),
            models.Index("figure_count", "initiative", name="initiatives_pubini_figures"),
        ]

    def __str__(self):
        return self.title


class FigureTally(models.Model):
    """How many public figures share a county, theme, indicator, unit, qualifier and kind."""

    # Every count a page shows without a search or an amount range is a sum of these rows.
    county = derived(County)
    theme = derived(Theme, null=True)
    indicator = derived(Indicator, null=True)
    unit = models.CharField(max_length=20)
    base_unit = models.CharField(max_length=20)
    qualifier = models.CharField(max_length=12)
    kind = models.CharField(max_length=10)
    figures = models.IntegerField()

    class Meta:
        verbose_name = _("数据计数")
        verbose_name_plural = _("数据计数")
        ordering = ["county", "pk"]
        constraints = [
            models.UniqueConstraint(
                "county",
                Coalesce("theme", Value(0)),
                Coalesce("indicator", Value(0)),
                "unit",
                "base_unit",
                "qualifier",
                "kind",
                name="%(app_label)s_%(class)s_unique_group",
            ),
        ]
        indexes = [models.Index("indicator", "county", name="initiatives_tally_indicator")]

    def __str__(self):
        return f"{self.county_id}: {self.figures}"


class CountyTally(models.Model):
    """A county's public reports, initiatives and figures."""

    county = models.OneToOneField(
        County,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="tally",
    )
    reports = models.IntegerField(default=0)
    initiatives = models.IntegerField(default=0)
    figures = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("县区计数")
        verbose_name_plural = _("县区计数")
        ordering = ["county"]

    def __str__(self):
        return f"{self.county_id}: {self.reports}/{self.initiatives}/{self.figures}"


class SeriesPoint(models.Model):
    """The latest public figure of an indicator in a county for one basis and month."""

    # A county's chart on an indicator's page draws these, whatever the figures behind them.
    indicator = derived(Indicator)
    county = derived(County)
    basis = models.CharField(max_length=10)
    month = models.DateField(null=True)  # The first day of as_of's month; None without as_of.
    figure = derived(Figure)
    # The figure's place in newest_figure_first(), to tell whether a new figure comes before it.
    as_of = models.DateField(null=True)
    published_on = models.DateField(null=True)
    report = derived(Report)
    paragraph_position = models.PositiveSmallIntegerField()
    start = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("月度最新数据")
        verbose_name_plural = _("月度最新数据")
        ordering = ["indicator", "county", "-month"]
        constraints = [
            models.UniqueConstraint(
                "indicator",
                "county",
                "basis",
                Coalesce("month", Value("0001-01-01", output_field=models.DateField())),
                name="%(app_label)s_%(class)s_unique_month",
            ),
        ]
        indexes = [models.Index("figure", name="initiatives_point_figure")]

    def __str__(self):
        return f"{self.indicator_id}/{self.county_id}/{self.basis}/{self.month}"
