"""The Atom feed of public corrections (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Correction

# Entries in the feed; older corrections stay on /corrections/.
FEED_ITEMS = 50


class CorrectionFeed(Feed):
    feed_type = Atom1Feed
    title = _("Digest 的更正")
    subtitle = _("已公开数据的每一次修改或撤回，以及原因。")
    link = reverse_lazy("initiatives:correction_list")

    def items(self):
        public = Correction.objects.public().select_related("figure__initiative")
        return public[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.figure.initiative.title}：{item.before} → {item.after}"

    def item_description(self, item):
        return item.reason

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.made

    def item_updateddate(self, item):
        return item.made
