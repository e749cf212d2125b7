from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import County, Figure, Indicator, Initiative, Paragraph, Report, Status, Theme


class PublishActionsMixin:
    """Publish and unpublish actions, allowed only with the model's publish permission."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    @admin.action(description=_("发布所选"), permissions=["publish"])
    def publish(self, request, queryset):
        try:
            count = queryset.publish()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("已发布 %(count)d 项。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("撤回所选（改为草稿）"), permissions=["publish"])
    def unpublish(self, request, queryset):
        result = queryset.unpublish()
        count, withdrawn = result if isinstance(result, tuple) else (result, 0)
        message = _("已撤回 %(count)d 项。") % {"count": count}
        if withdrawn:
            message += " " + ngettext(
                "引用这些报道的 %(n)d 个工作举措也已改为草稿。",
                "引用这些报道的 %(n)d 个工作举措也已改为草稿。",
                withdrawn,
            ) % {"n": withdrawn}
        self.message_user(request, message, messages.SUCCESS)


class StatusFormMixin:
    """Refuse a status change in the form unless the user may publish."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("status")
        return fields


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "prefecture", "position", "initiative_count"]
    list_editable = ["position"]
    list_filter = ["kind", "prefecture"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(initiative_count=Count("initiatives"))

    @admin.display(description=_("工作举措数"), ordering="initiative_count")
    def initiative_count(self, obj):
        return obj.initiative_count


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "theme", "figure_count"]
    list_filter = ["theme", "unit"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["theme"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))

    @admin.display(description=_("数据条数"), ordering="figure_count")
    def figure_count(self, obj):
        return obj.figure_count


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 1
    fields = ["position", "text"]
    formfield_overrides = {
        Paragraph._meta.get_field("text"): {"widget": forms.Textarea(attrs={"rows": 4})}
    }


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = "__all__"

    def clean_status(self):
        status = self.cleaned_data["status"]
        if (
            self.instance.pk
            and status == Status.DRAFT
            and self.instance.initiatives.filter(status=Status.PUBLISHED).exists()
        ):
            raise ValidationError(
                _("已有已发布的工作举措引用这篇报道：请先撤回这些工作举措，或使用“撤回所选”操作。")
            )
        return status


@admin.register(Report)
class ReportAdmin(PublishActionsMixin, StatusFormMixin, admin.ModelAdmin):
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
    ]
    list_filter = ["status", "kind", "county", "publication"]
    search_fields = ["headline", "subheadline", "dateline", "correspondents", "paragraphs__text"]
    autocomplete_fields = ["county"]
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["county", "headline", "subheadline", "kind", "status"]}),
        (
            _("出处"),
            {"fields": ["publication", "published_on", "page", "dateline", "correspondents"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("county")
            .annotate(paragraph_count=Count("paragraphs"))
        )

    @admin.display(description=_("段落数"), ordering="paragraph_count")
    def paragraph_count(self, obj):
        return obj.paragraph_count


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "excerpt"]
    list_filter = ["report__county"]
    search_fields = ["text", "report__headline"]
    list_select_related = ["report"]
    autocomplete_fields = ["report"]

    @admin.display(description=_("原文"))
    def excerpt(self, obj):
        return obj.text[:60]


class FigureForm(forms.ModelForm):
    """A figure whose span may be left blank: it is then found from the quote."""

    class Meta:
        model = Figure
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("留空则按引文在段落中自动定位。")

    def clean(self):
        cleaned = super().clean()
        paragraph, quote = cleaned.get("paragraph"), cleaned.get("quote")
        if paragraph and quote and cleaned.get("start") is None and cleaned.get("end") is None:
            count = paragraph.text.count(quote)
            if count == 0:
                self.add_error("quote", _("段落中找不到“%(quote)s”。") % {"quote": quote})
            elif count > 1:
                self.add_error(
                    "start",
                    _("“%(quote)s”在段落中出现了 %(count)d 次：请填写起始位置。")
                    % {"quote": quote, "count": count},
                )
            else:
                cleaned["start"] = paragraph.text.index(quote)
                cleaned["end"] = cleaned["start"] + len(quote)
        elif cleaned.get("start") is not None and cleaned.get("end") is None and quote:
            cleaned["end"] = cleaned["start"] + len(quote)
        return cleaned


class FigureInlineFormSet(forms.BaseInlineFormSet):
    """Check that each figure's paragraph comes from one of the initiative's reports."""

    report_ids = None  # The reports chosen in the submitted initiative form.

    def clean(self):
        super().clean()
        if self.report_ids is None:
            return
        for form in self.forms:
            paragraph = getattr(form, "cleaned_data", {}).get("paragraph")
            if (
                paragraph
                and not form.cleaned_data.get("DELETE")
                and str(paragraph.report_id) not in self.report_ids
            ):
                form.add_error(
                    "paragraph",
                    _("这个段落不属于本工作举措的来源报道：请先在“来源报道”中添加该报道。"),
                )


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureForm
    formset = FigureInlineFormSet
    extra = 0
    autocomplete_fields = ["paragraph", "indicator"]
    fields = [
        ("paragraph", "quote", "start", "end"),
        ("value", "unit", "amount", "amount_max", "base_unit"),
        ("qualifier", "counted", "kind", "period"),
        ("indicator", "review", "confidence", "note"),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if request.method == "POST":
            formset = type(
                formset.__name__, (formset,), {"report_ids": set(request.POST.getlist("reports"))}
            )
        return formset


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        reports = cleaned.get("reports")
        if cleaned.get("status") == Status.PUBLISHED and reports is not None:
            drafts = [str(report) for report in reports if report.status != Status.PUBLISHED]
            if drafts:
                raise ValidationError(
                    _("已发布的工作举措不能引用草稿报道：%(reports)s。")
                    % {"reports": "、".join(drafts)}
                )
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(PublishActionsMixin, StatusFormMixin, admin.ModelAdmin):
    form = InitiativeForm
    inlines = [FigureInline]
    list_display = ["title", "county", "theme", "status", "figure_count", "updated"]
    list_filter = ["status", "county", "theme"]
    search_fields = ["title", "summary", "slug", "county__name"]
    autocomplete_fields = ["county", "theme", "reports"]
    list_select_related = ["county", "theme"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))

    @admin.display(description=_("数据条数"), ordering="figure_count")
    def figure_count(self, obj):
        return obj.figure_count


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
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
