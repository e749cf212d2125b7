"""Cache every public page, and the lists' row counts, until the public content changes.

A page's cache key holds the content revision, a number that database triggers raise in the same
transaction as every change to a content table (migration 0002). Each request reads the revision
in one small query, so a change committed by any worker or process (the admin, publish() and
unpublish(), the importer) makes every cached page stale at once, even in another gunicorn
worker's own in-memory cache. Nothing is ever deleted from the cache; old keys simply age out.

Public pages hold nothing per visitor (the language switch needs no CSRF token), so the bytes of
a page are the same for everyone who asks for the same address in the same language.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connections, router
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import get_language

from .middleware import database_unavailable
from .models import Revision

# The URL namespace of the public site; the admin and everything else are never cached.
PUBLIC_NAMESPACE = "initiatives"
# Pages after the one shown that a list counted by reading its keys counts (rows_counted()).
PAGES_COUNTED_AHEAD = 4
# Says whether a public page came from the page cache (HIT) or was rendered and kept (MISS), as
# caches and CDNs do: an operator, and the benchmark of cache misses, can tell one from the other.
CACHE_HEADER = "X-Cache"
# The highest page number a list reads as asked; any further page is this one.
PAGE_CAP = 10**6


def enabled():
    return bool(settings.DIGEST_PAGE_CACHE_SECONDS)


def content_revision(request=None):
    """Return the current content revision (once per request), or None if there is none."""
    if request is not None and hasattr(request, "_content_revision"):
        return request._content_revision
    # In SQL: every public request asks, a cache hit too, and the ORM's building of even this
    # query took a third of a hit's time (0.6 of 1.8 ms).
    # From where the page's rows are read (the replica, if there is one), so that a page is never
    # kept under a revision newer than the rows it was drawn from.
    with connections[router.db_for_read(Revision)].cursor() as cursor:
        cursor.execute(f"SELECT number FROM {Revision._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    revision = row[0] if row else None
    if request is not None:
        request._content_revision = revision
    return revision


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def store(key, value):
    caches[settings.DIGEST_PAGE_CACHE].set(key, value, settings.DIGEST_PAGE_CACHE_SECONDS)


def fetch(key):
    return caches[settings.DIGEST_PAGE_CACHE].get(key)


class PublicPageCacheMiddleware:
    """Serve every public page's HTML from the cache while the content revision is unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self.cacheable(response):
            store(key, (response.content, response["Content-Type"]))
            response[CACHE_HEADER] = "MISS"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not enabled() or request.method != "GET" or match.namespace != PUBLIC_NAMESPACE:
            return None
        try:
            revision = content_revision(request)
        except (OperationalError, InterfaceError):
            # Raised outside the view, where DatabaseUnavailableMiddleware cannot see it.
            return database_unavailable(request)
        if revision is None:
            return None
        key = f"page:{revision}:{get_language()}:{digest(request.get_full_path())}"
        if cached := fetch(key):
            content, content_type = cached
            return HttpResponse(content, content_type=content_type, headers={CACHE_HEADER: "HIT"})
        request._page_cache_key = key
        return None

    @staticmethod
    def cacheable(response):
        # Exports stream and are never held in memory; never_cache pages (healthz) opt out.
        return (
            response.status_code == 200
            and not response.streaming
            and response["Content-Type"].startswith("text/html")
            and not response.has_header("Cache-Control")
            and not response.cookies
        )


def shared(request, key, compute):
    """Return compute(), kept under the content revision while the page cache is on.

    For what many addresses show alike: a filter form's choices (the few rows of counties,
    regions, themes and indicators), and an indicator's comparison of counties, the same on
    every page of its table. The first request computes it; the others read it.
    """
    revision = content_revision(request) if request is not None and enabled() else None
    if revision is None:
        return compute()
    cache_key = f"shared:{key}:{revision}"
    value = fetch(cache_key)
    if value is None:
        value = compute()
        store(cache_key, value)
    return value


def asked_page(number):
    """Return the page asked for (a query string's text) as a number: 1 for none or a bad one."""
    number = str(number or "")
    if not number.isdecimal():
        return 1
    # Past the cap in length, not converted: Python refuses int() of over 4,300 digits.
    return max(1, min(int(number) if len(number) <= len(str(PAGE_CAP)) else PAGE_CAP, PAGE_CAP))


def rows_counted(number, per_page, limit):
    """Return how far a list counted by reading its keys counts, showing page `number` (as asked).

    The page and PAGES_COUNTED_AHEAD pages after it, at most `limit`: a search for a common word
    reads its matches in order, so page 1 reads a hundred of them, not a thousand.
    """
    return min((asked_page(number) + PAGES_COUNTED_AHEAD) * per_page, limit)


class RevisionCountPaginator(Paginator):
    """Keep a list's row count under the content revision, so further pages skip the COUNT.

    `tally` returns the count from the listing's counts (models/listing.py), or None where the
    rows must be counted. Those are counted by reading their keys (object_list is a list of
    keys), as far as `rows_counted()` says for the page asked for (`number`), never past
    `limit`; a page is a slice of them, not a second reading of the same rows. Where there are
    more, the list says "more than" (`capped`), and at the limit lists no more (`at_limit`).
    """

    def __init__(self, *args, request=None, name="", tally=None, limit=None, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.name = name
        self.tally = tally
        self.limit = limit
        self.number = number
        self.capped = False
        self.keys = None

    def count_key(self):
        """Return the cache key of this filter's row count, or None when not caching."""
        if self.request is None or not enabled():
            return None
        revision = content_revision(self.request)
        if revision is None:
            return None
        params = self.request.GET.copy()
        # Neither the page shown nor the order changes how many rows match.
        params.pop("page", None)
        params.pop("o", None)
        return f"counted:{revision}:{self.name}:{digest(params.urlencode())}"

    @cached_property
    def counted(self):
        """Return whether the rows are counted by reading their keys (no tally answers)."""
        return self.limit is not None and (self.tally is None or self.tally() is None)

    @cached_property
    def reach(self):
        """Return how many rows the count reads at most, or None where it is not capped."""
        if self.limit is None:
            return None
        return rows_counted(self.number, self.per_page, self.limit)

    @cached_property
    def count(self):
        if self.tally is not None and (tallied := self.tally()) is not None:
            return tallied
        key = self.count_key()
        stored = self.stored_count(key)
        count, reach = stored or (self.count_rows(), self.reach)
        if key is not None and stored is None:
            store(key, (count, reach))
        if reach is not None and count > reach:  # One past how far it read: there are more.
            self.capped = True
            return self.reach
        return count

    def stored_count(self, key):
        """Return the (count, how far it read) another page of these filters stored, if true here."""
        stored = None if key is None else fetch(key)
        if stored is None:
            return None
        count, reach = stored
        # Exact where it stopped short of how far it read; else "more than", true of any page
        # that reads no further.
        if reach is None or count <= reach or (self.reach is not None and self.reach <= reach):
            return stored
        return None

    @property
    def at_limit(self):
        """Return whether rows past the count are not listed at all (not only not yet counted)."""
        return self.capped and self.reach == self.limit

    def count_rows(self):
        """Count the rows, one past the reach at most (by reading their keys)."""
        if self.reach is None:
            return Paginator.count.func(self)
        self.keys = list(self.object_list[: self.reach + 1])
        return len(self.keys)

    def rows_read(self):
        """Return how many rows, in the list's order, showing the page asked for reads."""
        if self.counted:
            # Counted by reading the keys up to one past the reach, and paged within them.
            return self.reach + 1
        return asked_page(self.number) * self.per_page

    def page(self, number):
        number = self.validate_number(number)  # Counts first, which may read the keys.
        if self.keys is None:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        # Not past the count: the key one past the reach is read only to know there are more.
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.keys[bottom:top], number, self)
