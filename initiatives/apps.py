from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("基层工作与数据")

    def ready(self):
        from .listing import ensure_listing_triggers
        from .roles import ensure_roles
        from .triggers import ensure_revision_triggers

        post_migrate.connect(ensure_revision_triggers, sender=self)
        post_migrate.connect(ensure_listing_triggers, sender=self)
        # After auth's own handler has created this app's permissions.
        post_migrate.connect(ensure_roles, sender=self)
