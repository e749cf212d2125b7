"""The public site under another path, for tests of addresses that follow the URLconf."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("initiatives.urls"))]
