"""Writes of many rows at once that still leave a historical record per row (simple-history).

QuerySet.update() and bulk_create() skip the model signals simple-history records from; these
helpers write the same rows and their history together, naming the user of the request.
"""

from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def current_user():
    """Return the signed-in user of the request being served, if any (admin, editorial)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def update(queryset, **fields):
    """Set fields on every row of queryset, recording each change; return how many changed."""
    rows = list(queryset)
    for row in rows:
        for name, value in fields.items():
            setattr(row, name, value)
    if rows:
        bulk_update_with_history(rows, queryset.model, list(fields), default_user=current_user())
    return len(rows)


def create(model, rows):
    """Create rows of model, recording each; return them (with their ids)."""
    rows = list(rows)
    if not rows:
        return rows
    return bulk_create_with_history(rows, model, default_user=current_user())
