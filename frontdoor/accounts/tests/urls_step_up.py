"""The site's URL map plus one page that needs a recent step-up, for the step-up tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from frontdoor.core.stepup import requires_recent_authentication


@requires_recent_authentication
def sensitive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("The sensitive page")


urlpatterns = [
    path("test-sensitive", sensitive, name="test_sensitive"),
    path("", include("frontdoor.config.urls")),
]
