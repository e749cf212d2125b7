"""Public corrections: a change to a figure the public can see is put on record with its reason."""

from django.utils.translation import gettext as _

from .models import Correction, Figure

# What a reader quotes: changing any of these, or withdrawing the figure, is a correction.
READING_FIELDS = (
    "quote",
    "value",
    "unit",
    "amount",
    "amount_max",
    "base_unit",
    "qualifier",
    "counted",
    "period",
)


def reading(figure):
    """Return a figure's reading as one line: 102个（帮扶项目，截至6月底）."""
    details = "，".join(part for part in (figure.counted, figure.period) if part)
    return f"{figure.quote}（{details}）" if details else figure.quote


def stored_public(figure):
    """Return the figure as stored if the public can see it now, else None."""
    if figure.pk is None:
        return None
    return Figure.objects.public().filter(pk=figure.pk).first()


def is_correction(before, after):
    """Return whether saving after over before changes what the public reads."""
    withdrawn = after.review != Figure.Review.CONFIRMED
    return withdrawn or any(
        getattr(before, name) != getattr(after, name) for name in READING_FIELDS
    )


def record(before, after, reason, user=None):
    """Store the correction from before to after, and return it."""
    withdrawn = after.review != Figure.Review.CONFIRMED
    return Correction.objects.create(
        figure=after,
        before=reading(before),
        after=_("（撤回）") if withdrawn else reading(after),
        reason=reason,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
