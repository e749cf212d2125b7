"""The admin: registrations only, the places and the reported content in a module each."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, places  # noqa: F401  Registering is importing.

# The admin's name in its header, the browser's title bar and on its home page.
admin.site.site_header = _("Digest 管理后台")
admin.site.site_title = _("Digest 管理后台")
admin.site.index_title = _("录入、审核与发布")
