"""The editorial screens hooked into the admin: import a page, review its figures, regroup, publish.

Regrouping (moving a report to another initiative, splitting it off, merging initiatives) is
done by merging.py; these screens only ask for the choice and report what happened.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import matching, merging, publishing
from .formats import format_label
from .forms import (
    BULK_CONFIRM_AT,
    BulkConfirmForm,
    ImportPageForm,
    ItemForm,
    ItemFormSet,
    MergeForm,
    MoveReportForm,
    ReviewThemeForm,
    review_formset,
)
from .highlighting import highlight, sentence_html
from .importing import (
    PageImportError,
    counties_named,
    fingerprint,
    import_items,
    imported_before,
    publish_reviewed,
    suggest_continuations,
    theme_candidates,
)
from .models import Figure, Initiative, Report, Status, Theme
from .suggesting import suggest_theme


def urls(model_admin):
    """Return the editorial screens' URL patterns, wrapped by the admin site's login check."""
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "import/",
            wrap(lambda request: import_view(model_admin, request)),
            name="initiatives_report_import",
        ),
        path(
            "<path:object_id>/review/",
            wrap(lambda request, object_id: review_view(model_admin, request, object_id)),
            name="initiatives_report_review",
        ),
        path(
            "<path:object_id>/review/confirm/",
            wrap(lambda request, object_id: bulk_confirm_view(model_admin, request, object_id)),
            name="initiatives_report_confirm",
        ),
        path(
            "<path:object_id>/move/",
            wrap(lambda request, object_id: move_view(model_admin, request, object_id)),
            name="initiatives_report_move",
        ),
    ]


def initiative_urls(model_admin):
    """Return the initiative admin's editorial screens: merging."""
    return [
        path(
            "merge/",
            model_admin.admin_site.admin_view(lambda request: merge_view(model_admin, request)),
            name="initiatives_initiative_merge",
        ),
    ]


def may_import(user):
    """Importing creates reports, paragraphs, initiatives and figures: it needs all four."""
    models = ("report", "paragraph", "initiative", "figure")
    return user.has_perms([f"initiatives.add_{model}" for model in models])


def may_review(user):
    """Return whether the user may open review screens (saving published content is checked apart)."""
    return user.has_perms(["initiatives.view_report", "initiatives.change_figure"])


def may_move(user, *, new=False):
    """Moving a report changes initiatives, and moving it to a new one creates one."""
    wanted = ["initiatives.change_initiative"] + (["initiatives.add_initiative"] if new else [])
    return may_review(user) and user.has_perms(wanted)


def may_merge(user):
    """Merging moves reports and figures and deletes the initiatives merged away."""
    wanted = ("change_report", "change_figure", "change_initiative", "delete_initiative")
    return user.has_perms([f"initiatives.{name}" for name in wanted])


def import_view(model_admin, request):
    """Read a pasted or uploaded page, preview it, then create its drafts."""
    if not may_import(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return render_import(model_admin, request, ImportPageForm())
    if "_edit" in request.POST:  # Back from the preview to the text, as it was.
        return render_import(model_admin, request, ImportPageForm(request.POST))
    form = ImportPageForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_import(model_admin, request, form)
    items = form.cleaned_data["items"]
    # Computed again on creating: the same text and database give the same choices.
    continuations, defaults = continuation_choices(
        suggest_continuations(
            items, counties_named([item.county_code or item.county for item in items])
        ),
        request.user,
    )
    initial = [
        {"county": item.county_code or item.county or None, "continues": default}
        for item, default in zip(items, defaults, strict=True)
    ]
    options = {"initial": initial, "continuations": continuations, "user": request.user}
    if "_create" not in request.POST:
        return render_import(model_admin, request, form, items, ItemFormSet(**options))
    rows = ItemFormSet(request.POST, **options)
    if len(rows.forms) != len(items):
        messages.error(request, _("版面内容与预览不一致，请重新预览。"))
        return render_import(model_admin, request, form, items, rows)
    if not rows.is_valid():
        messages.error(request, _("请按标红处修改每篇报道的县区或工作举措。尚未保存任何内容。"))
        return render_import(model_admin, request, form, items, rows)
    try:
        result = import_items(
            items,
            counties=[row.cleaned_data["county"] for row in rows.forms],
            continues=[row.cleaned_data["initiative"] for row in rows.forms],
            publication=form.cleaned_data["publication"],
            published_on=form.cleaned_data["published_on"],
            page=form.cleaned_data["page"],
            source_url=form.cleaned_data["source_url"],
        )
    except PageImportError as error:
        messages.error(request, str(error))
        return render_import(model_admin, request, form, items, rows)
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
    if result.continued:
        message += " " + _("其中 %(count)d 篇续报已有的工作举措，发布时成为其来源报道。") % {
            "count": len(result.continued)
        }
    if result.existing:
        message += " " + _("另有 %(count)d 篇此前已导入，未改动。") % {
            "count": len(result.existing)
        }
    messages.success(request, message)
    ids = ",".join(str(report.pk) for report in result.created)
    return redirect(reverse("admin:initiatives_report_changelist") + f"?id__in={ids}")


def continuation_choices(suggestions, user):
    """Return each item's suggested initiatives as (slug, label) choices, and its default choice.

    The default is the best suggestion if it reaches matching.CONTINUE_THRESHOLD, else a new one.
    Any editor may continue a published initiative: the follow-up is a draft, and nothing public
    changes until a publisher publishes it (publishing.py).
    """
    slugs = {match.slug for found in suggestions for match in found}
    initiatives = Initiative.objects.in_bulk(slugs, field_name="slug")
    choices, defaults = [], []
    for found in suggestions:
        shown = [match for match in found if match.slug in initiatives]
        choices.append([(m.slug, continuation_label(m, initiatives[m.slug])) for m in shown])
        defaults.append(matching.continues(shown) or ItemForm.NEW)
    return choices, defaults


def continuation_label(match, initiative):
    """Return how the preview offers a suggested initiative: title, status, score and reason."""
    label = _("续报“%(title)s”（%(status)s）· 匹配度 %(score).2f · %(reason)s") % {
        "title": initiative.title,
        "status": initiative.get_status_display(),
        "score": match.score,
        "reason": match.reason,
    }
    return label


def render_import(model_admin, request, form, items=(), rows=None):
    before = imported_before(items) if items else set()
    previews = [
        {
            "item": item,
            "row": row,
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
        for index, (item, row) in enumerate(zip(items, rows or (), strict=False), 1)
    ]
    carry = None
    if items:
        # The preview carries the decoded page, so an upload need not be sent again.
        carry = ImportPageForm(initial=form.cleaned_data)
        carry.fields["text"].widget.attrs["hidden"] = True
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("导入一版报纸"),
        "form": form,
        "carry": carry,
        # Named for what they first held; each row now also holds the choice of initiative.
        "counties": rows,
        "previews": previews,
        "threshold": matching.CONTINUE_THRESHOLD,
        "figure_total": sum(len(item.figures) for item in items),
        # What was taken from an uploaded file; it is gone once the preview is confirmed.
        "taken": taken_from_file(form.cleaned_data) if items else None,
    }
    return TemplateResponse(request, "admin/initiatives/report/import.html", context)


def taken_from_file(cleaned):
    """Return what the preview says was read from the upload: its name, format, pages, address."""
    converted = cleaned.get("converted")
    if converted is None and not cleaned.get("source_url"):
        return None
    return {
        "file_name": cleaned.get("file_name", ""),
        "format": format_label(converted.format) if converted else "",
        "pages": converted.pages if converted else None,
        "title": converted.title if converted else "",
        "characters": len(cleaned["text"]),
        "source_url": cleaned.get("source_url", ""),
    }


def review_view(model_admin, request, object_id):
    """Review a report's suggested figures in a table, one row each, then publish."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    if not may_review(request.user):
        raise PermissionDenied
    may_publish = publishing.may_publish(request.user)
    formset = review_formset(request, report)
    home = report.home()
    paragraphs = list(report.paragraphs.all())
    theme_form = review_theme_form(request, report, home, paragraphs)
    # Saving the figures of a published report changes what the public sees (publishing.py).
    may_save = publishing.may_change(request.user, report)
    if request.method == "POST":
        publishing_now = "_publish" in request.POST
        if not may_save or (publishing_now and not may_publish):
            raise PermissionDenied
        if formset.is_valid() and (theme_form is None or theme_form.is_valid()):
            try:
                with transaction.atomic():
                    formset.save()
                    if theme_form is not None:
                        theme_form.save()
                    if publishing_now:
                        publishing.check_four_eyes(request.user, [report])
                        publish_reviewed(report)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("已发布。") if publishing_now else _("审核结果已保存。")
                )
                return redirect("admin:initiatives_report_review", report.pk)
    rows = numbered_rows(formset)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": report,
        "title": _("审核数据：%(report)s") % {"report": report},
        "rows": rows,
        "paragraphs": [
            (paragraph, numbered_highlight(paragraph.text, numbered))
            for paragraph, numbered in rows_by_paragraph(paragraphs, rows)
        ],
        "formset": formset,
        "theme_form": theme_form,
        "home": home,
        "bulk": bulk_preview(request, report) if may_save else None,
        "threshold": BULK_CONFIRM_AT,  # Below it a confidence is shown as low.
        "next_report": next_draft(report),
        "may_publish": may_publish,
        "may_save": may_save,
        "pending": sum(row.instance.review == Figure.Review.SUGGESTED for row in rows),
        "initiatives": report.initiatives.all(),
        "continues": report.continues,
        "move_form": MoveReportForm(report=report) if may_move(request.user) else None,
    }
    return TemplateResponse(request, "admin/initiatives/report/review.html", context)


def numbered_rows(formset):
    """Return the formset's stored rows numbered from 1, each with its sentence marked."""
    rows = formset.initial_forms
    for number, row in enumerate(rows, 1):
        figure = row.instance
        row.number = number
        row.sentence = sentence_html(figure.paragraph.text, figure.start, figure.end)
    return rows


def rows_by_paragraph(paragraphs, rows):
    """Yield each paragraph with its rows' (number, figure) pairs."""
    here = {}
    for row in rows:
        here.setdefault(row.instance.paragraph_id, []).append((row.number, row.instance))
    for paragraph in paragraphs:
        yield paragraph, here.get(paragraph.pk, [])


def review_theme_form(request, report, initiative, paragraphs):
    """Return the form for the theme of the report's initiative, or None if it may not be set."""
    if (
        initiative is None
        or not request.user.has_perm("initiatives.change_initiative")
        or not publishing.may_change(request.user, initiative)
    ):
        return None
    themes = list(Theme.objects.all())
    suggested = None
    if initiative.theme_id is None:
        texts = [paragraph.text for paragraph in paragraphs]
        found = suggest_theme(report.full_headline, texts, theme_candidates(themes))
        suggested = next((theme for theme in themes if theme.pk == found), None)
    form_class = type("ReviewThemeForm", (ReviewThemeForm,), {"user": request.user})
    data = request.POST if request.method == "POST" else None
    return form_class(
        data, instance=initiative, prefix="initiative", themes=themes, suggested=suggested
    )


def bulk_preview(request, report):
    """Return the bulk confirmation's form and, once asked (?confirm_at=), what it would confirm."""
    if "confirm_at" not in request.GET:
        return {"form": BulkConfirmForm(report=report)}
    form = BulkConfirmForm(request.GET, report=report)
    if not form.is_valid():
        return {"form": form}
    shown = form.preview()
    return {
        "form": form,
        "shown": shown,
        "confirmable": [figure.pk for figure, problem in shown if not problem],
    }


def bulk_confirm_view(model_admin, request, object_id):
    """Confirm the suggested figures the preview listed, if they still qualify."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    back = redirect("admin:initiatives_report_review", report.pk)
    if request.method != "POST":
        return back
    if not may_review(request.user) or not publishing.may_change(request.user, report):
        raise PermissionDenied
    form = BulkConfirmForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, _("批量确认的置信度应在 0 到 1 之间。"))
        return back
    try:
        with transaction.atomic():
            publishing.check_rows(request.user, form.candidates())
            confirmed = form.save()
    except ValidationError as error:
        raise PermissionDenied from error
    message = ngettext("已确认 %(count)d 条数据。", "已确认 %(count)d 条数据。", confirmed) % {
        "count": confirmed
    }
    if skipped := len(form.cleaned_data["figures"]) - confirmed:
        message += " " + ngettext(
            "另有 %(count)d 条在预览之后已改动或不能确认，未确认。",
            "另有 %(count)d 条在预览之后已改动或不能确认，未确认。",
            skipped,
        ) % {"count": skipped}
    messages.success(request, message)
    return back


def next_draft(report):
    """Return the draft report after this one, wrapping around, for the link to review it next."""
    after = Case(When(pk__gt=report.pk, then=0), default=1)
    drafts = Report.objects.filter(status=Status.DRAFT).exclude(pk=report.pk)
    return drafts.order_by(after, "pk").only("pk", "headline").first()


def move_view(model_admin, request, object_id):
    """Move a report and its figures to another initiative of its county, or to a new one."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    back = redirect("admin:initiatives_report_review", report.pk)
    if request.method != "POST":
        return back
    if not may_move(request.user):
        raise PermissionDenied
    form = MoveReportForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("initiative", [])))
        return back
    target = form.cleaned_data["initiative"]
    if target is None and not may_move(request.user, new=True):
        raise PermissionDenied
    try:
        moved = merging.move_report(report, target, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    messages.success(request, moved_message(report, moved))
    return back


def moved_message(report, moved):
    """Say where a moved report now belongs, and whether it waits for publication to join."""
    report.refresh_from_db(fields=["continues"])
    names = {"initiative": moved.initiative}
    if moved.created:
        message = _("已为这篇报道新建工作举措“%(initiative)s”（草稿），数据随之移动。") % names
    elif report.continues_id == moved.initiative.pk:
        message = (
            _("这篇报道改为续报“%(initiative)s”：数据已移到该工作举措下，报道发布时成为其来源。")
            % names
        )
    else:
        message = _("这篇报道属于“%(initiative)s”。") % names
    if moved.discarded:
        message += " " + _("原来的草稿工作举措“%(title)s”已空，已删除。") % {
            "title": moved.discarded
        }
    return message


@admin.action(description=_("拆分为新的工作举措"))
def split_selected(model_admin, request, queryset):
    """Split each chosen report, with its figures, off into a new draft initiative."""
    if not may_move(request.user, new=True):
        raise PermissionDenied
    done = []
    for report in queryset:
        try:
            moved = merging.split_report(report, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done.append(f"“{moved.initiative}”")
    if done:
        messages.success(
            request,
            ngettext(
                "已拆分出 %(count)d 个新的工作举措（草稿）：%(names)s。",
                "已拆分出 %(count)d 个新的工作举措（草稿）：%(names)s。",
                len(done),
            )
            % {"count": len(done), "names": "、".join(done)},
        )


@admin.action(description=_("合并所选工作举措…"))
def merge_selected(model_admin, request, queryset):
    """Open the merge screen for the chosen initiatives."""
    ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
    return redirect(reverse("admin:initiatives_initiative_merge") + f"?ids={ids}")


def merge_view(model_admin, request):
    """Merge the chosen initiatives into the one staff keep; the others' addresses redirect."""
    if not may_merge(request.user):
        raise PermissionDenied
    ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
    initiatives = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("county")
        .annotate(
            report_count=Count("reports", distinct=True),
            figure_count=Count("figures", distinct=True),
        )
        .order_by("pk")
    )
    if len(initiatives) < 2:
        messages.error(request, _("请在列表中勾选至少两个工作举措，再选“合并所选工作举措”。"))
        return redirect("admin:initiatives_initiative_changelist")
    form = MergeForm(request.POST or None, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        kept = form.cleaned_data["kept"]
        try:
            merged = merging.merge_initiatives(initiatives, kept, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, merged_message(kept, merged))
            return redirect("admin:initiatives_initiative_change", kept.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("合并工作举措"),
        "form": form,
        "initiatives": initiatives,
    }
    return TemplateResponse(request, "admin/initiatives/initiative/merge.html", context)


def merged_message(kept, merged):
    message = _(
        "已把 %(count)d 个工作举措并入“%(kept)s”：移来 %(reports)d 篇报道、%(figures)d 条数据；"
        "它们的原地址今后永久跳转到“%(kept)s”。"
    ) % {
        "count": merged.initiatives,
        "kept": kept,
        "reports": merged.reports,
        "figures": merged.figures,
    }
    if kept.status != Status.PUBLISHED:
        message += " " + _("“%(kept)s”还是草稿：发布之后原地址才会跳转。") % {"kept": kept}
    return message


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
