"""The editorial screens hooked into the report admin: import a page, review its figures, publish."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import publishing
from .forms import ImportPageForm, ItemCountyFormSet, review_formset
from .highlighting import highlight
from .importing import PageImportError, fingerprint, import_items, imported_before, publish_reviewed
from .models import Figure


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
    ]


def may_import(user):
    """Importing creates reports, paragraphs, initiatives and figures: it needs all four."""
    models = ("report", "paragraph", "initiative", "figure")
    return user.has_perms([f"initiatives.add_{model}" for model in models])


def may_review(user):
    """Return whether the user may open review screens (saving published content is checked apart)."""
    return user.has_perms(["initiatives.change_report", "initiatives.change_figure"])


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
    initial = [{"county": item.county or None} for item in items]
    if "_create" not in request.POST:
        counties = ItemCountyFormSet(initial=initial)
        return render_import(model_admin, request, form, items, counties)
    counties = ItemCountyFormSet(request.POST, initial=initial)
    if len(counties.forms) != len(items):
        messages.error(request, _("版面内容与预览不一致，请重新预览。"))
        return render_import(model_admin, request, form, items, counties)
    if not counties.is_valid():
        messages.error(request, _("请为每篇报道选择县区（见标红处）。尚未保存任何内容。"))
        return render_import(model_admin, request, form, items, counties)
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
        return render_import(model_admin, request, form, items, counties)
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


def render_import(model_admin, request, form, items=(), counties=None):
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
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("导入一版报纸"),
        "form": form,
        "carry": carry,
        "counties": counties,
        "previews": previews,
        "figure_total": sum(len(item.figures) for item in items),
    }
    return TemplateResponse(request, "admin/initiatives/report/import.html", context)


def review_view(model_admin, request, object_id):
    """Review a report's suggested figures beside its paragraphs, then publish."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    if not may_review(request.user):
        raise PermissionDenied
    may_publish = publishing.may_publish(request.user)
    formset = review_formset(request, report)
    # Saving the figures of published content changes what the public sees (publishing.py).
    may_save = publishing.may_change(request.user, report)
    if request.method == "POST":
        publishing_now = "_publish" in request.POST
        if not may_save or (publishing_now and not may_publish):
            raise PermissionDenied
        if formset.is_valid():
            try:
                with transaction.atomic():
                    formset.save()
                    if publishing_now:
                        publish_reviewed(report)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("已发布。") if publishing_now else _("审核结果已保存。")
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
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
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
