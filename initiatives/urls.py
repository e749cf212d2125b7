from django.urls import path

from . import downloads, views
from .feeds import CorrectionFeed

app_name = "initiatives"

urlpatterns = [
    path("", views.home, name="home"),
    path("counties/", views.county_list, name="county_list"),
    path("counties/<slug:slug>/", views.county_detail, name="county_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives.csv", downloads.initiatives_csv, name="initiatives_csv"),
    path("initiatives.json", downloads.initiatives_json, name="initiatives_json"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path(
        "initiatives/<slug:slug>/figures.csv",
        downloads.initiative_figures_csv,
        name="initiative_figures_csv",
    ),
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("figures.csv", downloads.figures_csv, name="figures_csv"),
    path("figures.json", downloads.figures_json, name="figures_json"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:slug>.csv", downloads.indicator_csv, name="indicator_csv"),
    path(
        "indicators/<slug:slug>/latest.csv",
        downloads.indicator_latest_csv,
        name="indicator_latest_csv",
    ),
    path("corrections/", views.correction_list, name="correction_list"),
    path("corrections/feed/", CorrectionFeed(), name="correction_feed"),
    path("healthz", views.healthz, name="healthz"),
]
