"""The admin of what is reported: themes, indicators, reports, initiatives, figures."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import editorial
from ..forms import (
    FigureForm,
    FigureInlineFormSet,
    IndicatorForm,
    InitiativeForm,
    ParagraphForm,
    ParagraphInlineFormSet,
    ReportForm,
    ThemeForm,
)
from ..models import (
    Figure,
    Indicator,
    Initiative,
    InitiativeAlias,
    Paragraph,
    Report,
    Status,
    Theme,
)
from ..publishing import PublishActionsMixin, PublishingAdminMixin, PublishingInlineMixin


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    form = ThemeForm
    list_display = ["name", "slug", "keywords"]
    search_fields = ["name", "slug", "keywords"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorForm
    list_display = ["name", "unit", "theme", "keywords", "figure_count"]
    list_filter = ["theme", "unit"]
    search_fields = ["name", "slug", "description", "keywords"]
    autocomplete_fields = ["theme"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))

    @admin.display(description=_("数据条数"), ordering="figure_count")
    def figure_count(self, obj):
        return obj.figure_count


class ParagraphInline(PublishingInlineMixin, admin.StackedInline):
    model = Paragraph
    form = ParagraphForm
    formset = ParagraphInlineFormSet
    extra = 1
    fields = ["text"]  # Numbered in order by the formset.


@admin.register(Report)
class ReportAdmin(PublishActionsMixin, SimpleHistoryAdmin):
    form = ReportForm
    inlines = [ParagraphInline]
    list_display = [
        "headline",
        "county",
        "dateline",
        "publication",
        "published_on",
        "kind",
        "status",
        "paragraph_count",
        "review_link",
    ]
    # Only the counties with reports: the gazetteer has three thousand.
    list_filter = ["status", "kind", ("county", admin.RelatedOnlyFieldListFilter), "publication"]
    search_fields = ["headline", "subheadline", "dateline", "correspondents", "paragraphs__text"]
    autocomplete_fields = ["county"]
    date_hierarchy = "published_on"
    actions = [*PublishActionsMixin.actions, editorial.split_selected]
    readonly_fields = ["continues"]
    fieldsets = [
        (None, {"fields": ["county", "headline", "subheadline", "kind", "status", "continues"]}),
        (
            _("出处"),
            {
                "fields": [
                    "publication",
                    "published_on",
                    "page",
                    "source_url",
                    "dateline",
                    "correspondents",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("county")
            .annotate(paragraph_count=Count("paragraphs"))
        )

    def get_urls(self):
        return [*editorial.urls(self), *super().get_urls()]

    def save_model(self, request, obj, form, change):
        # Published here rather than by the publish action: it joins the initiative it continues.
        if obj.status == Status.PUBLISHED:
            obj.join_continued()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("段落数"), ordering="paragraph_count")
    def paragraph_count(self, obj):
        return obj.paragraph_count

    @admin.display(description=_("审核数据"))
    def review_link(self, obj):
        url = reverse("admin:initiatives_report_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("审核"))


@admin.register(Paragraph)
class ParagraphAdmin(PublishingAdminMixin, SimpleHistoryAdmin):
    form = ParagraphForm
    list_display = ["__str__", "excerpt"]
    list_filter = [("report__county", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "report__headline"]
    list_select_related = ["report"]
    autocomplete_fields = ["report"]

    @admin.display(description=_("原文"))
    def excerpt(self, obj):
        return obj.text[:60]


class FigureInline(PublishingInlineMixin, admin.StackedInline):
    model = Figure
    form = FigureForm
    formset = FigureInlineFormSet
    extra = 0
    autocomplete_fields = ["indicator"]  # The paragraphs are those of its reports (the formset).
    fields = [
        ("paragraph", "quote", "start", "end"),
        ("value", "unit", "amount", "amount_max", "base_unit"),
        ("qualifier", "counted", "kind", "period"),
        ("as_of", "basis", "indicator", "review"),
        ("confidence", "note", "correction_reason"),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if request.method == "POST":
            # The paragraphs must come from the reports chosen in the same submission.
            formset.report_ids = set(request.POST.getlist("reports"))
        return formset


@admin.register(Initiative)
class InitiativeAdmin(PublishActionsMixin, SimpleHistoryAdmin):
    form = InitiativeForm
    inlines = [FigureInline]
    list_display = ["title", "county", "theme", "status", "figure_count", "updated"]
    list_filter = ["status", ("county", admin.RelatedOnlyFieldListFilter), "theme"]
    search_fields = ["title", "summary", "slug", "county__name"]
    autocomplete_fields = ["county", "theme", "reports"]
    list_select_related = ["county", "theme"]
    actions = [*PublishActionsMixin.actions, editorial.merge_selected]
    readonly_fields = ["follow_ups"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))

    def get_urls(self):
        return [*editorial.initiative_urls(self), *super().get_urls()]

    @admin.display(description=_("数据条数"), ordering="figure_count")
    def figure_count(self, obj):
        return obj.figure_count

    @admin.display(description=_("待发布的续报"))
    def follow_ups(self, obj):
        reports = obj.continuations.all()
        links = ((reverse("admin:initiatives_report_review", args=[r.pk]), r) for r in reports)
        return format_html_join("、", '<a href="{}">{}</a>', links) or "-"


@admin.register(InitiativeAlias)
class InitiativeAliasAdmin(PublishingAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "title", "initiative", "merged_on"]
    search_fields = ["slug", "title", "initiative__title"]
    list_select_related = ["initiative"]
    date_hierarchy = "merged_on"
    readonly_fields = ["slug", "title", "initiative", "merged_on"]

    def has_add_permission(self, request):
        return False  # Merging initiatives makes them.


@admin.register(Figure)
class FigureAdmin(PublishingAdminMixin, SimpleHistoryAdmin):
    form = FigureForm
    list_display = [
        "quote",
        "counted",
        "amount",
        "base_unit",
        "qualifier",
        "kind",
        "county",
        "initiative",
        "indicator",
        "review",
    ]
    list_filter = [
        ("initiative__county", admin.RelatedOnlyFieldListFilter),
        "initiative__theme",
        "unit",
        "qualifier",
        "kind",
        "review",
        "indicator",
    ]
    search_fields = ["quote", "counted", "paragraph__text", "initiative__title"]
    autocomplete_fields = ["initiative", "paragraph", "indicator"]
    list_select_related = ["initiative__county", "indicator"]

    @admin.display(description=_("县区"), ordering="initiative__county__position")
    def county(self, obj):
        return obj.initiative.county
