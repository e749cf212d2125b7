"""The editorial screens hooked into the admin: import a page, review its figures, regroup, publish.

Regrouping (moving a report to another initiative, splitting it off, merging initiatives) is
done by merging.py; these screens only ask for the choice and report what happened.
"""

from django.urls import path

from .pages import import_view
from .regrouping import merge_selected, merge_view, move_view, split_selected
from .review import bulk_confirm_view, review_view

__all__ = ["initiative_urls", "merge_selected", "split_selected", "urls"]


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
