"""Regroup reports and initiatives as the work goes on: move a report, split it off, merge two.

An initiative lasts for months or years, and staff find out only later that two initiatives are
one piece of work, or that a report belongs elsewhere. Each operation here runs in one
transaction and asks publishing.py first: moving published content (a published report, the
sources or figures of a published initiative, or anything into a published initiative) takes the
publish permissions. A draft report that joins an existing initiative waits as a pending
follow-up (Report.continues) and becomes one of its sources when it is published, so a public
initiative never cites a draft and never disappears while a follow-up is reviewed.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import publishing
from .models import Figure, Initiative, InitiativeAlias, Report, Status
from .slugs import initiative_slug


@dataclass
class Moved:
    initiative: Initiative  # Where the report now belongs.
    created: bool = False  # Whether that initiative was made for it.
    discarded: str = ""  # The title of the draft initiative left empty and deleted, if any.


@dataclass
class Merged:
    initiatives: int  # How many were merged into the kept one (and deleted).
    reports: int
    figures: int


@transaction.atomic
def move_report(report, target, *, user):
    """Move a report and the figures read from it to target, or to a new draft initiative (None)."""
    source = report.home()
    if source is not None and (
        (target is not None and target.pk == source.pk)
        or (target is None and stands_alone(report, source))
    ):
        return Moved(source)
    if target is not None and target.county_id != report.county_id:
        raise ValidationError(
            _("“%(initiative)s”属于%(county)s，这篇报道属于%(own)s：只能移到同一县区的工作举措。")
            % {"initiative": target, "county": target.county, "own": report.county}
        )
    figures = Figure.objects.filter(paragraph__report=report)
    if source is not None:
        figures = figures.filter(initiative=source)
    publishing.check_rows(
        user,
        Report.objects.filter(pk=report.pk),
        Initiative.objects.filter(pk__in=[i.pk for i in (source, target) if i is not None]),
        figures,
    )
    moved = Moved(target or new_initiative_for(report, like=source), created=target is None)
    figures.update(initiative=moved.initiative)
    if source is not None:
        source.reports.remove(report)
    join(report, moved.initiative, at_once=moved.created)
    if source is not None and discard_if_empty(source):
        moved.discarded = source.title
    return moved


def split_report(report, *, user):
    """Move a report and its figures off its initiative into a new draft initiative."""
    source = report.home()
    if source is None:
        raise ValidationError(_("“%(report)s”还没有工作举措，无从拆分。") % {"report": report})
    if stands_alone(report, source):
        raise ValidationError(
            _("“%(report)s”是“%(initiative)s”唯一的来源报道，无需拆分。")
            % {"report": report, "initiative": source}
        )
    return move_report(report, None, user=user)


@transaction.atomic
def merge_initiatives(initiatives, into, *, user):
    """Merge initiatives into `into`: their reports, figures and old addresses move to it."""
    others = [initiative for initiative in initiatives if initiative.pk != into.pk]
    if not others:
        raise ValidationError(_("请至少选择一个要并入“%(kept)s”的其他工作举措。") % {"kept": into})
    if foreign := [str(i) for i in others if i.county_id != into.county_id]:
        raise ValidationError(
            _("只能合并同一县区的工作举措：%(names)s不属于%(county)s。")
            % {"names": "、".join(f"“{name}”" for name in foreign), "county": into.county}
        )
    ids = [initiative.pk for initiative in others]
    publishing.check_rows(
        user,
        Initiative.objects.filter(pk__in=[*ids, into.pk]),
        Report.objects.filter(Q(initiatives__in=ids) | Q(continues__in=ids)),
        Figure.objects.filter(initiative__in=ids),
    )
    figures = Figure.objects.filter(initiative__in=ids).update(initiative=into)
    sources = list(Report.objects.filter(initiatives__in=ids).distinct())
    for report in sources:
        if report.continues_id is None or report.continues_id in ids:
            join(report, into)
        else:  # Already waiting to join a third initiative: it stays a source here as before.
            into.reports.add(report)
    pending = Report.objects.filter(continues__in=ids).update(continues=into)
    # The old addresses, and those of initiatives merged into these before, now lead to `into`.
    InitiativeAlias.objects.filter(initiative__in=ids).update(initiative=into)
    InitiativeAlias.objects.filter(slug__in=[i.slug for i in others]).delete()
    InitiativeAlias.objects.bulk_create(
        InitiativeAlias(slug=i.slug, initiative=into, title=i.title) for i in others
    )
    Initiative.objects.filter(pk__in=ids).delete()
    return Merged(initiatives=len(others), reports=len(sources) + pending, figures=figures)


def join(report, initiative, *, at_once=False):
    """Make the report a source of the initiative: at once if published (or at_once), else pending."""
    if at_once or report.status == Status.PUBLISHED:
        initiative.reports.add(report)
        report.continues = None
    else:
        report.continues = initiative
    report.save(update_fields=["continues"])


def stands_alone(report, initiative):
    """Return whether the report is the initiative's only source or follow-up."""
    return not (
        initiative.reports.exclude(pk=report.pk).exists()
        or initiative.continuations.exclude(pk=report.pk).exists()
    )


def discard_if_empty(initiative):
    """Delete a draft initiative left with no report, figure or old address; return whether."""
    if initiative.status != Status.DRAFT or any(
        related.exists()
        for related in (
            initiative.reports.all(),
            initiative.continuations.all(),
            initiative.figures.all(),
            initiative.aliases.all(),
        )
    ):
        return False
    initiative.delete()
    return True


def new_initiative_for(report, *, like=None):
    """Create a draft initiative for the report, named after it, in the theme of `like`."""
    # No summary: a copy of the first paragraph would show it twice on the initiative's page.
    return Initiative.objects.create(
        county=report.county,
        title=report.headline,
        slug=initiative_slug(report.headline),
        theme=like.theme if like is not None else None,
    )
