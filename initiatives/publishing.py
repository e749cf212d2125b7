"""Who may change published content: one rule that every admin screen, inline, action and form asks.

Published content is a published report with its paragraphs and figures, and a published
initiative. Saving or deleting such a row, or a save that makes a row published content (a
paragraph moved into a published report), changes what the public sees or may see, so it takes
both publish permissions. Everything else is open to editors: drafts, and the figures of a draft
report even when they are filed under a published initiative (a follow-up under review), which
no visitor sees until a publisher publishes the report.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Figure, Initiative, InitiativeAlias, Paragraph, Report, Status

PUBLISH_PERMISSIONS = ("initiatives.publish_report", "initiatives.publish_initiative")

REFUSED = _(
    "这是已发布的内容（或保存后会成为已发布的内容），只有具有发布权限的人员才能修改或删除。"
    "请联系发布人员，或先由他们撤回。"
)


NEVER_DELETED = _(
    "已发布的内容不能删除：请先撤回（改为草稿），它会从网站上消失但仍保留记录；删除只用于草稿。"
)


FOUR_EYES = _("四眼原则：%(reports)s由你录入或导入，需要另一位有发布权限的人员发布。")


def check_four_eyes(user, reports):
    """Raise ValidationError if four eyes are on and the user entered any of these reports."""
    # Who entered a report is who created it, as its history records (imported ones too).
    if not settings.DIGEST_FOUR_EYES or not user.is_authenticated:
        return
    entered = Report.history.filter(
        id__in=[report.pk for report in reports], history_type="+", history_user=user
    ).values_list("id", flat=True)
    own = [report for report in reports if report.pk in set(entered)]
    if own:
        names = "、".join(f"“{report}”" for report in own[:5])
        raise ValidationError(FOUR_EYES % {"reports": names}, code="four_eyes")


def may_publish(user):
    """Return whether the user holds both publish permissions."""
    return user.has_perms(PUBLISH_PERMISSIONS)


def is_published_content(obj):
    """Return whether the row, as it is in memory, belongs to published content."""
    if isinstance(obj, Report):
        return obj.status == Status.PUBLISHED
    if isinstance(obj, Paragraph):
        return obj.report_id is not None and obj.report.status == Status.PUBLISHED
    if isinstance(obj, Initiative):
        return obj.status == Status.PUBLISHED
    if isinstance(obj, InitiativeAlias):  # Where a published initiative's old address leads.
        return obj.initiative_id is not None and obj.initiative.status == Status.PUBLISHED
    if isinstance(obj, Figure):
        return obj.paragraph_id is not None and obj.paragraph.report.status == Status.PUBLISHED
    return False


def was_published_content(obj):
    """Return whether the row, as stored, belongs to published content (False if unsaved)."""
    if obj is None or obj.pk is None:
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return stored is not None and is_published_content(stored)


def may_change(user, obj):
    """Return whether the user may save or delete this stored row."""
    return may_publish(user) or not was_published_content(obj)


def check_save(user, obj):
    """Raise ValidationError unless the user may save obj as it now is in memory."""
    if may_publish(user):
        return
    if was_published_content(obj) or is_published_content(obj):
        raise ValidationError(REFUSED, code="publish_permission")


# The same rule as is_published_content(), for the stored rows a query selects.
PUBLISHED_ROWS = {
    Report: Q(status=Status.PUBLISHED),
    Paragraph: Q(report__status=Status.PUBLISHED),
    Initiative: Q(status=Status.PUBLISHED),
    InitiativeAlias: Q(initiative__status=Status.PUBLISHED),
    Figure: Q(paragraph__report__status=Status.PUBLISHED),
}


def check_rows(user, *querysets):
    """Raise ValidationError unless the user may change every stored row these querysets select.

    For work on many rows at once (moving a report's figures, merging initiatives): one query
    per queryset, rather than one per row as check_save() would take.
    """
    if may_publish(user):
        return
    if any(rows.filter(PUBLISHED_ROWS[rows.model]).exists() for rows in querysets):
        raise ValidationError(REFUSED, code="publish_permission")


class PublishingAdminMixin:
    """Pass the user to the forms; published content is read-only to non-publishers."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_change(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        # Published rows are never deleted, by anyone: withdrawing takes them off the site and
        # keeps them. The delete action asks this for every row it would delete, cascades too.
        return super().has_delete_permission(request, obj) and (
            obj is None or not was_published_content(obj)
        )


class PublishingInlineMixin:
    """The inline rows of published content are read-only to non-publishers, as their parent."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return type(formset.__name__, (formset,), {"user": request.user, "form": form})

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and may_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not was_published_content(obj)


class PublishActionsMixin(PublishingAdminMixin):
    """Publish and unpublish actions and the status field, only with the publish permission."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("status")
        return fields

    @admin.action(description=_("发布所选"), permissions=["publish"])
    def publish(self, request, queryset):
        try:
            if queryset.model is Report:
                check_four_eyes(request.user, list(queryset))
            count = queryset.publish()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("已发布 %(count)d 项。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("撤回所选（改为草稿）"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count, withdrawn = queryset.unpublish()
        message = _("已撤回 %(count)d 项。") % {"count": count}
        if withdrawn:
            message += " " + ngettext(
                "引用这些报道的 %(n)d 个工作举措也已改为草稿。",
                "引用这些报道的 %(n)d 个工作举措也已改为草稿。",
                withdrawn,
            ) % {"n": withdrawn}
        self.message_user(request, message, messages.SUCCESS)
