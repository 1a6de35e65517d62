"""The person index's pages. Each part owns its own URL module."""

from django.urls import include, path

app_name = "personindex"

urlpatterns = [
    path("", include("frontdoor.personindex.urls_people")),
    path("", include("frontdoor.personindex.urls_duplicates")),
    path("", include("frontdoor.personindex.urls_matches")),
]
