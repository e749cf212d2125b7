"""The review screen: a report's suggested figures beside its text, confirmed, then published."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import publishing
from ..forms import (
    BULK_CONFIRM_AT,
    BulkConfirmForm,
    MoveReportForm,
    ReviewThemeForm,
    review_formset,
)
from ..highlighting import highlight, sentence_html
from ..importing import (
    publish_reviewed,
    theme_candidates,
)
from ..models import Figure, Theme
from ..suggesting import suggest_theme
from .permissions import may_move, may_review
from .regrouping import next_draft
from .screens import back_to_review, report_screen


@report_screen()
def review_view(model_admin, request, report):
    """Review a report's suggested figures in a table, one row each, then publish."""
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
                return back_to_review(report)
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


@report_screen(post_only=True)
def bulk_confirm_view(model_admin, request, report):
    """Confirm the suggested figures the preview listed, if they still qualify."""
    back = back_to_review(report)
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
