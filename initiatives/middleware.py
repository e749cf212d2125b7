import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from .routers import primary

logger = logging.getLogger(__name__)

# Seconds a client or proxy should wait before asking again.
RETRY_AFTER = 10


def database_unavailable(request):
    """Return the friendly 503 page, rendered without touching the database."""
    # No request in the context: context processors (the signed-in user) would query the database.
    context = {"retry_after": RETRY_AFTER, "path": request.get_full_path()}
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of a server error while the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        return database_unavailable(request)


class PrimaryForEditorsMiddleware:
    """Read from the primary in the admin and on writes, so editors see what they just saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith(admin_prefix()):
            return self.get_response(request)
        with primary():
            return self.get_response(request)


def admin_prefix():
    return reverse("admin:index")
