"""What each screen of one report opens with: the report, or the admin's "does not exist"."""

import functools

from django.contrib.admin.utils import unquote
from django.shortcuts import redirect


def back_to_review(report):
    """Return the redirect to the report's review screen, where its actions are."""
    return redirect("admin:initiatives_report_review", report.pk)


def report_screen(*, post_only=False):
    """Pass a view the report its address names; a GET of a POST-only action goes back to review."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(model_admin, request, object_id):
            report = model_admin.get_object(request, unquote(object_id))
            if report is None:
                return model_admin._get_obj_does_not_exist_redirect(
                    request, model_admin.opts, object_id
                )
            if post_only and request.method != "POST":
                return back_to_review(report)
            return view(model_admin, request, report)

        return wrapped

    return decorator
