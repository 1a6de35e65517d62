"""The project's URLs plus one view nobody has written a policy row for."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from frontdoor.config.urls import urlpatterns as project_urlpatterns


def forgotten_report(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Every contact, with names")


urlpatterns = [
    *project_urlpatterns,
    path("forgotten-report", forgotten_report, name="forgotten-report"),
]
