"""Who may use each editorial screen (publishing.py decides who may change published content)."""


def may_import(user):
    """Importing creates reports, paragraphs, initiatives and figures: it needs all four."""
    models = ("report", "paragraph", "initiative", "figure")
    return user.has_perms([f"initiatives.add_{model}" for model in models])


def may_review(user):
    """Return whether the user may open review screens (saving published content is checked apart)."""
    return user.has_perms(["initiatives.view_report", "initiatives.change_figure"])


def may_move(user, *, new=False):
    """Moving a report changes initiatives, and moving it to a new one creates one."""
    wanted = ["initiatives.change_initiative"] + (["initiatives.add_initiative"] if new else [])
    return may_review(user) and user.has_perms(wanted)


def may_merge(user):
    """Merging moves reports and figures and deletes the initiatives merged away."""
    wanted = ("change_report", "change_figure", "change_initiative", "delete_initiative")
    return user.has_perms([f"initiatives.{name}" for name in wanted])
