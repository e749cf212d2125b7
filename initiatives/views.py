from django.shortcuts import render
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
