"""Public addresses of objects, each reversed once and then remembered.

A list page links every row to its county and initiative: a hundred rows are hundreds of calls
to reverse(), a tenth of the indicator page's time. An address depends only on the URL name, the
object's key, the script prefix and the URLconf, so those are the cache's key.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# About 200 bytes an address: a few MB per process however many objects are linked.
REMEMBERED = 20_000


@lru_cache(maxsize=REMEMBERED)
def _reversed(name, key, prefix, urlconf):
    # prefix keys the cache only: reverse() reads the same script prefix itself.
    return reverse(name, args=[key], urlconf=urlconf)


def address(name, key):
    """Return reverse(name, args=[key]), remembered."""
    return _reversed(name, key, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
