"""The staff roles, as groups kept in step with the app's permissions after every migrate.

A person may hold several roles. Publishing published content also follows publishing.py (both
publish permissions) and, with four eyes on, never by the person who entered the report.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CONTENT = ("report", "paragraph", "initiative", "figure")

# Role name → the permissions it holds, as (app label, codename) pairs or "view" for viewing
# everything of the app. Chinese names, because staff see them in the admin.
ENTERING = "录入"
REVIEWING = "审核"
PUBLISHING = "发布"
MANAGING = "管理"

ROLES = {
    # Enter and import: drafts of every kind (deleting is for drafts only, publishing.py).
    ENTERING: [
        *(f"{action}_{model}" for model in CONTENT for action in ("add", "change", "delete")),
    ],
    # Confirm, correct and reject figures, and set an initiative's theme while reviewing.
    REVIEWING: ["add_figure", "change_figure", "change_initiative"],
    # Publish and unpublish.
    PUBLISHING: ["publish_report", "publish_initiative"],
}


def role_permissions(role):
    """Return the permissions of a role: its own, and viewing everything of the app."""
    app = Q(content_type__app_label="initiatives")
    if role == MANAGING:
        return Permission.objects.filter(app | Q(content_type__app_label__in=["auth", "axes"]))
    return Permission.objects.filter(
        app & (Q(codename__in=ROLES[role]) | Q(codename__startswith="view_"))
    )


def ensure_roles(**kwargs):
    """Create the four role groups, or bring their permissions up to date."""
    if not global_apps.is_installed("django.contrib.auth"):
        return {}
    groups = {}
    for role in (*ROLES, MANAGING):
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
        groups[role] = group
    return groups
