"""The sitemap: every public page a search engine should find, and only those."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import County, Indicator, Initiative, Region, Report


class ListSitemap(Sitemap):
    def items(self):
        return [
            "initiatives:home",
            "initiatives:region_list",
            "initiatives:county_list",
            "initiatives:initiative_list",
            "initiatives:figure_list",
            "initiatives:indicator_list",
            "initiatives:correction_list",
        ]

    def location(self, item):
        return reverse(item)


class InitiativeSitemap(Sitemap):
    def items(self):
        return Initiative.objects.public().order_by("pk")


class CountySitemap(Sitemap):
    def items(self):
        # Thousands of gazetteer counties without a report would be empty pages to an index.
        return County.objects.filter(pk__in=Report.objects.public().values("county")).order_by("pk")


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.with_data().order_by("code")


class IndicatorSitemap(Sitemap):
    def items(self):
        return Indicator.objects.order_by("pk")


SITEMAPS = {
    "lists": ListSitemap,
    "initiatives": InitiativeSitemap,
    "counties": CountySitemap,
    "regions": RegionSitemap,
    "indicators": IndicatorSitemap,
}
