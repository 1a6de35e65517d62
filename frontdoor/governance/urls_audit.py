"""The audit search and its export (IG officers), and "who has seen this record" (IG officers
and MASH managers of the record's authority)."""

from django.urls import URLPattern, path

from . import views_audit

urlpatterns: list[URLPattern] = [
    path("audit", views_audit.audit_search, name="audit_search"),
    path("audit.csv", views_audit.audit_export, name="audit_export"),
    path("contacts/<int:pk>/access", views_audit.contact_access, name="contact_access"),
    path("people/<int:pk>/access", views_audit.person_access, name="person_access"),
]
