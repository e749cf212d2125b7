"""Cache rendered public pages, and the lists' row counts, until the public content changes.

A page's cache key holds the content revision, a number that database triggers raise in the same
transaction as every change to a content table (migration 0002). Each request reads the revision
in one small query, so a change committed by any worker or process (the admin, publish() and
unpublish(), the importer) makes every cached page stale at once, even in another gunicorn
worker's own in-memory cache. Nothing is ever deleted from the cache; old keys simply age out.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.functional import cached_property
from django.utils.translation import get_language

from .models import Revision

# The language switch in base.html carries the visitor's own CSRF token.
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def content_revision():
    """Return the current content revision, or None if there is none to key a cache on."""
    return Revision.objects.filter(pk=1).values_list("number", flat=True).first()


def cache_public_page(view):
    """Serve a public page's HTML from the cache while the content revision is unchanged."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.DIGEST_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)
        revision = content_revision()
        if revision is None:
            return view(request, *args, **kwargs)
        request.content_revision = revision
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{revision}:{get_language()}:{path}"
        cache = caches[settings.DIGEST_PAGE_CACHE]
        if cached := cache.get(key):
            html, token = cached
            if token:
                html = html.replace(token, get_token(request), 1)
            return HttpResponse(html)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render"):
                response.render()
            html = response.content.decode(response.charset)
            token = CSRF_INPUT.search(html)
            cache.set(key, (html, token and token[1]), seconds)
        return response

    return wrapper


def count_key(request, name):
    """Return the cache key of a list's row count for this filter, or None if not caching."""
    revision = getattr(request, "content_revision", None)
    if revision is None:
        return None
    params = request.GET.copy()
    # Neither the page shown nor the order changes how many rows match.
    params.pop("page", None)
    params.pop("o", None)
    digest = hashlib.sha256(params.urlencode().encode()).hexdigest()
    return f"count:{revision}:{name}:{digest}"


class RevisionCountPaginator(Paginator):
    """Keep the row count in the page cache, so each further page of a filter skips the COUNT."""

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return Paginator.count.func(self)
        cache = caches[settings.DIGEST_PAGE_CACHE]
        count = cache.get(self.count_key)
        if count is None:
            count = Paginator.count.func(self)
            cache.set(self.count_key, count, settings.DIGEST_PAGE_CACHE_SECONDS)
        return count
