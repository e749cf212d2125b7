"""Addresses from Chinese names, in pinyin: 乡村振兴 -> xiang-cun-zhen-xing."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin

from .models import Initiative, InitiativeAlias

# Room kept under a slug field's length for the "-2", "-3"… that makes a taken slug free.
SUFFIX_ROOM = 4


def pinyin_slug(text, max_length):
    """Return the text as a slug, a syllable of pinyin for each character, cut at a hyphen."""
    words = (slugify(piece) for piece in lazy_pinyin(text))
    slug = "-".join(word for word in words if word)
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug else slug[:max_length]
    return slug.strip("-")


def free_slug(text, field, *taken_in, fallback):
    """Return a slug for text that no row of the querysets has in field: base, base-2, base-3…

    The slug is cut to fit the field with room for the number; text without letters, digits or
    Chinese characters gives `fallback` as the base.
    """
    base = pinyin_slug(text, field.max_length - SUFFIX_ROOM) or fallback
    first, *others = (
        rows.filter(slug__startswith=base).order_by().values_list("slug") for rows in taken_in
    )
    taken = {slug for (slug,) in first.union(*others).order_by()}
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def initiative_slug(title):
    """Return a slug for a new initiative that no initiative has, nor had before a merger."""
    field = Initiative._meta.get_field("slug")
    return free_slug(
        title, field, Initiative.objects.all(), InitiativeAlias.objects.all(), fallback="initiative"
    )
