from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from initiatives.sitemaps import SITEMAPS
from initiatives.views import robots_txt

urlpatterns = [
    # Without a CSRF token, so public pages hold nothing per visitor and are cached whole; the
    # worst a forged request can do is switch someone's interface language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("initiatives.urls")),
]

handler400 = "initiatives.views.bad_request"
