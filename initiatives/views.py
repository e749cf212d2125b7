from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import County, Initiative


@require_safe
def home(request):
    """Show the overview of published work, county by county."""
    return render(
        request,
        "initiatives/home.html",
        {"counties": County.objects.all(), "initiatives": Initiative.objects.published()},
    )


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
