"""Retention and legal holds (information governance officers)."""

from django.urls import URLPattern, path

from . import views_retention as views

urlpatterns: list[URLPattern] = [
    path("retention", views.retention, name="retention"),
    path("legal-holds", views.legal_holds, name="legal_holds"),
    path("legal-holds/<int:pk>/lift", views.lift_hold, name="lift_legal_hold"),
]
