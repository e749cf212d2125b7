"""The admin of places: counties, regions, towns and the papers' home regions."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    County,
    CountyAlias,
    Publication,
    Region,
    Town,
)


class CountyAliasInline(admin.TabularInline):
    model = CountyAlias
    extra = 0
    fields = ["name", "kind", "changed_on"]


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "slug",
        "code",
        "kind",
        "prefecture",
        "region",
        "position",
        "initiative_count",
    ]
    list_editable = ["position"]
    list_filter = ["kind", ("region__parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "code", "pinyin", "aliases__name"]
    autocomplete_fields = ["region"]
    inlines = [CountyAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(initiative_count=Count("initiatives"))

    @admin.display(description=_("工作举措数"), ordering="initiative_count")
    def initiative_count(self, obj):
        return obj.initiative_count


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["name", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "county__name", "villages"]
    autocomplete_fields = ["county"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "county"]
    list_select_related = ["region", "county"]
    search_fields = ["name", "region__name", "county__name"]
    autocomplete_fields = ["region", "county"]
