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
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import get_language

from .middleware import database_unavailable
from .models import Revision

# The URL namespace of the public site; the admin and everything else are never cached.
PUBLIC_NAMESPACE = "initiatives"


def enabled():
    return bool(settings.DIGEST_PAGE_CACHE_SECONDS)


def content_revision(request=None):
    """Return the current content revision (once per request), or None if there is none."""
    if request is not None and hasattr(request, "_content_revision"):
        return request._content_revision
    revision = Revision.objects.filter(pk=1).values_list("number", flat=True).first()
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
            return HttpResponse(content, content_type=content_type)
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


class RevisionCountPaginator(Paginator):
    """Keep a list's row count under the content revision, so further pages skip the COUNT.

    `tally` returns the count from the listing's counts (models/listing.py), or None where the
    rows must be counted; `limit` stops counting there, so a search for a common word does not
    read every figure to count them: the list says "more than" (`capped`) and shows that many.
    Counted with a limit, the rows' keys are read instead of counted (object_list is a list of
    keys), and a page is a slice of them, not a second reading of the same rows.
    """

    def __init__(self, *args, request=None, name="", tally=None, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.name = name
        self.tally = tally
        self.limit = limit
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
        return f"count:{revision}:{self.name}:{digest(params.urlencode())}"

    @cached_property
    def count(self):
        if self.tally is not None and (tallied := self.tally()) is not None:
            return tallied
        key = self.count_key()
        count = None if key is None else fetch(key)
        if count is None:
            count = self.count_rows()
            if key is not None:
                store(key, count)
        if self.limit is not None and count > self.limit:
            self.capped = True
            return self.limit
        return count

    def count_rows(self):
        """Count the rows, one past the limit at most (by reading their keys)."""
        if self.limit is None:
            return Paginator.count.func(self)
        self.keys = list(self.object_list[: self.limit + 1])
        return len(self.keys)

    def rows_read(self, number):
        """Return how many rows, in the list's order, showing page `number` (as asked) reads."""
        if self.limit is not None and (self.tally is None or self.tally() is None):
            # Counted by reading the keys up to one past the limit, and paged within them.
            return self.limit + 1
        number = str(number)
        return min(int(number) if number.isdecimal() else 1, 10**6) * self.per_page

    def page(self, number):
        number = self.validate_number(number)  # Counts first, which may read the keys.
        if self.keys is None:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        # Not past the count: the key one past the cap is read only to know there are more.
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.keys[bottom:top], number, self)
