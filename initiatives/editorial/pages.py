"""The import screen: read a pasted or uploaded page, preview it, create its drafts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import matching
from ..continuing import suggest_continuations
from ..formats import format_label
from ..forms import (
    ImportPageForm,
    ItemForm,
    ItemFormSet,
)
from ..importing import (
    PageImportError,
    counties_named,
    fingerprint,
    import_items,
    imported_before,
)
from ..models import Figure, Initiative
from .permissions import may_import
from .review import numbered_highlight


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
