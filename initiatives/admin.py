from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import ImportPageForm, ItemCountyFormSet
from .highlighting import highlight
from .importing import (
    PageImportError,
    fingerprint,
    import_items,
    imported_before,
    publish_reviewed,
)
from .models import County, Figure, Indicator, Initiative, Paragraph, Report, Status, Theme
from .reading import extract_figures


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

    @admin.display(description=_("审核数据"))
    def review_link(self, obj):
        url = reverse("admin:initiatives_report_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("审核"))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "review_link"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="initiatives_report_import"),
            path(
                "<path:object_id>/review/",
                wrap(self.review_view),
                name="initiatives_report_review",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        """Importing creates reports, paragraphs, initiatives and figures: it needs all four."""
        models = ("report", "paragraph", "initiative", "figure")
        return request.user.has_perms([f"initiatives.add_{model}" for model in models])

    def has_review_permission(self, request, obj):
        return self.has_change_permission(request, obj) and request.user.has_perm(
            "initiatives.change_figure"
        )

    def has_publish_reviewed_permission(self, request, obj):
        return self.has_review_permission(request, obj) and request.user.has_perms(
            ["initiatives.publish_report", "initiatives.publish_initiative"]
        )

    def import_view(self, request):
        """Read a pasted or uploaded page, preview it, then create its drafts."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self.render_import(request, ImportPageForm())
        if "_edit" in request.POST:  # Back from the preview to the text, as it was.
            return self.render_import(request, ImportPageForm(request.POST))
        form = ImportPageForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_import(request, form)
        items = form.cleaned_data["items"]
        initial = [{"county": item.county or None} for item in items]
        if "_create" not in request.POST:
            return self.render_import(request, form, items, ItemCountyFormSet(initial=initial))
        counties = ItemCountyFormSet(request.POST, initial=initial)
        if len(counties.forms) != len(items):
            messages.error(request, _("版面内容与预览不一致，请重新预览。"))
            return self.render_import(request, form, items, counties)
        if not counties.is_valid():
            messages.error(request, _("请为每篇报道选择县区（见标红处）。尚未保存任何内容。"))
            return self.render_import(request, form, items, counties)
        try:
            result = import_items(
                items,
                counties=[row.cleaned_data["county"].name for row in counties.forms],
                publication=form.cleaned_data["publication"],
                published_on=form.cleaned_data["published_on"],
                page=form.cleaned_data["page"],
            )
        except PageImportError as error:
            messages.error(request, str(error))
            return self.render_import(request, form, items, counties)
        if not result.changed:
            messages.warning(
                request,
                _("没有变化：这一版的 %(count)d 篇报道此前都已导入。")
                % {"count": len(result.existing)},
            )
            return redirect("admin:initiatives_report_changelist")
        message = _("已导入 %(count)d 篇报道（草稿）：请逐篇审核数据后发布。") % {
            "count": len(result.created)
        }
        if result.existing:
            message += " " + _("另有 %(count)d 篇此前已导入，未改动。") % {
                "count": len(result.existing)
            }
        messages.success(request, message)
        ids = ",".join(str(report.pk) for report in result.created)
        return redirect(reverse("admin:initiatives_report_changelist") + f"?id__in={ids}")

    def render_import(self, request, form, items=(), counties=None):
        before = imported_before(items) if items else set()
        previews = [
            {
                "item": item,
                "county": row,
                "imported": fingerprint(item) in before,
                "figures": [
                    (number, found, Figure.Qualifier(found.qualifier).label)
                    for number, found in enumerate(item.figures, 1)
                ],
                "paragraphs": [
                    numbered_highlight(
                        text,
                        [(n, f) for n, f in enumerate(item.figures, 1) if f.paragraph == position],
                        anchor=f"item-{index}-figure-",
                    )
                    for position, text in enumerate(item.paragraphs)
                ],
            }
            for index, (item, row) in enumerate(zip(items, counties or (), strict=False), 1)
        ]
        carry = None
        if items:
            # The preview carries the decoded page, so an upload need not be sent again.
            carry = ImportPageForm(initial=form.cleaned_data)
            carry.fields["text"].widget.attrs["hidden"] = True
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入一版报纸"),
            "form": form,
            "carry": carry,
            "counties": counties,
            "previews": previews,
            "figure_total": sum(len(item.figures) for item in items),
        }
        return TemplateResponse(request, "admin/initiatives/report/import.html", context)

    def review_view(self, request, object_id):
        """Review a report's suggested figures beside its paragraphs, then publish."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_review_permission(request, report):
            raise PermissionDenied
        may_publish = self.has_publish_reviewed_permission(request, report)
        formset = review_formset(request, report)
        # On a published report a confirmed figure is public at once: that takes publishing rights.
        may_save = may_publish or report.status != Status.PUBLISHED
        if request.method == "POST":
            publishing = "_publish" in request.POST
            if not may_save or (publishing and not may_publish):
                raise PermissionDenied
            if formset.is_valid():
                try:
                    with transaction.atomic():
                        formset.save()
                        if publishing:
                            publish_reviewed(report)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request, _("已发布。") if publishing else _("审核结果已保存。")
                    )
                    return redirect("admin:initiatives_report_review", report.pk)
        # Each paragraph's highlights are numbered like the figure rows beside them.
        rows = {}
        for number, row in enumerate(formset.initial_forms, 1):
            row.number = number
            rows.setdefault(row.instance.paragraph_id, []).append(row)
        sections = []
        for paragraph in report.paragraphs.all():
            forms_here = rows.get(paragraph.pk, [])
            numbered = [(row.number, row.instance) for row in forms_here]
            sections.append((paragraph, numbered_highlight(paragraph.text, numbered), forms_here))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": report,
            "title": _("审核数据：%(report)s") % {"report": report},
            "sections": sections,
            "formset": formset,
            "may_publish": may_publish,
            "may_save": may_save,
            "pending": sum(
                row.instance.review == Figure.Review.SUGGESTED for row in formset.initial_forms
            ),
            "initiatives": report.initiatives.all(),
        }
        return TemplateResponse(request, "admin/initiatives/report/review.html", context)


def numbered_highlight(text, numbered, anchor="figure-row-"):
    """Return the text escaped, each (number, figure) quote marked and linked to its row."""
    numbers = {id(figure): number for number, figure in numbered}

    def mark(figure, quote):
        return format_html(
            '<mark class="figure figure-{}" title="{}"><a href="#{}{}">{}</a><sup>{}</sup></mark>',
            getattr(figure, "review", Figure.Review.SUGGESTED),
            figure.counted,
            anchor,
            numbers[id(figure)],
            quote,
            numbers[id(figure)],
        )

    return highlight(text, [figure for _, figure in numbered], mark)


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
    """A figure whose span and amount may be left blank: both are then read from the quote."""

    # Filled in from the quote ("300万元" -> 300, 万元, 3000000 元) when the amount is blank.
    READ_FROM_QUOTE = ("value", "unit", "amount", "amount_max", "base_unit")

    class Meta:
        model = Figure
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("留空则按引文在段落中自动定位。")
        for name in self.READ_FROM_QUOTE:
            if name in self.fields:
                self.fields[name].required = False
        if "amount" in self.fields:
            self.fields["amount"].help_text = _(
                "留空则从引文读出原文数值、单位、折算数值和基本单位。"
            )

    def clean(self):
        cleaned = super().clean()
        paragraph, quote = cleaned.get("paragraph"), cleaned.get("quote")
        if quote and "amount" in self.fields and cleaned.get("amount") is None:
            self.read_amount(cleaned, quote)
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

    def read_amount(self, cleaned, quote):
        """Fill the blank number fields from the figure the extractor reads in the quote."""
        found = next((f for f in extract_figures(quote) if f.quote == quote.strip()), None)
        if found is None:
            self.add_error(
                "amount",
                _("无法从引文“%(quote)s”读出数值：请填写折算数值、单位和基本单位。")
                % {"quote": quote},
            )
            return
        for name in self.READ_FROM_QUOTE:
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(found, name)
        if cleaned.get("qualifier") == Figure.Qualifier.EXACT:
            cleaned["qualifier"] = found.qualifier


class ReviewFigureForm(FigureForm):
    """A figure row on the review screen: the report's initiative, one of its paragraphs."""

    class Meta(FigureForm.Meta):
        fields = [
            "paragraph",
            "quote",
            "start",
            "end",
            "value",
            "unit",
            "amount",
            "amount_max",
            "base_unit",
            "qualifier",
            "counted",
            "kind",
            "period",
            "indicator",
            "review",
            "note",
        ]
        widgets = {
            "review": forms.RadioSelect,
            **{
                name: forms.TextInput(attrs={"size": size})
                for name, size in [
                    ("quote", 12),
                    ("value", 6),
                    ("unit", 4),
                    ("base_unit", 4),
                    ("counted", 14),
                    ("period", 8),
                    ("note", 20),
                ]
            },
        }

    def __init__(self, *args, initiative, paragraphs, paragraph_choices, indicator_choices, **kw):
        super().__init__(*args, **kw)
        self.fields["paragraph"].queryset = paragraphs
        # Listed once for the whole formset rather than queried again for every row.
        self.fields["paragraph"].choices = paragraph_choices
        self.fields["indicator"].choices = indicator_choices
        if self.instance.pk is None:
            self.instance.initiative = initiative
        for name in ("amount", "amount_max"):
            # Show 2 rather than the column's 2.0000.
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = format(self.initial[name].normalize(), "f")


def review_formset(request, report):
    """Return the formset of a report's figures, with a blank row to add a missed one."""
    initiative = report.initiatives.order_by("pk").first()
    may_add = initiative is not None and request.user.has_perm("initiatives.add_figure")
    formset_class = forms.modelformset_factory(
        Figure, form=ReviewFigureForm, extra=int(may_add), edit_only=not may_add
    )
    paragraphs = report.paragraphs.all()
    blank = [("", "---------")]
    form_kwargs = {
        "initiative": initiative,
        "paragraphs": paragraphs,
        "paragraph_choices": blank
        + [(p.pk, f"¶{p.position + 1} {p.text[:16]}…") for p in paragraphs],
        "indicator_choices": blank + [(i.pk, str(i)) for i in Indicator.objects.all()],
    }
    return formset_class(
        request.POST if request.method == "POST" else None,
        queryset=Figure.objects.filter(paragraph__report=report).select_related("paragraph"),
        form_kwargs=form_kwargs,
        prefix="figures",
    )


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
