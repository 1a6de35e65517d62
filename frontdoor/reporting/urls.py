"""Reports and statutory returns, under /reports/."""

from django.urls import URLPattern, path

from . import views

app_name = "reporting"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    # Before <slug:name>: these two are statutory returns, not reports.
    path("annex-a", views.annex_a, name="annex_a"),
    path("cin-census", views.cin_census, name="cin_census"),
    path("<slug:name>", views.report, name="report"),
    path("<slug:name>/download", views.report_export, name="report_export"),
]
