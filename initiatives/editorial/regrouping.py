"""Moving a report to another initiative, splitting it off, merging initiatives (merging.py does it)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import merging
from ..forms import (
    MergeForm,
    MoveReportForm,
)
from ..models import Initiative, Report, Status
from .permissions import may_merge, may_move
from .screens import back_to_review, report_screen


def next_draft(report):
    """Return the draft report after this one, wrapping around, for the link to review it next."""
    after = Case(When(pk__gt=report.pk, then=0), default=1)
    drafts = Report.objects.filter(status=Status.DRAFT).exclude(pk=report.pk)
    return drafts.order_by(after, "pk").only("pk", "headline").first()


@report_screen(post_only=True)
def move_view(model_admin, request, report):
    """Move a report and its figures to another initiative of its county, or to a new one."""
    back = back_to_review(report)
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
