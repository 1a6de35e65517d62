"""Top-level URL map: one include per app."""

from django.urls import include, path

from frontdoor.api.urls import api
from frontdoor.core import views as core_views

urlpatterns = [
    path("", include("frontdoor.accounts.urls")),
    path("refer/", include("frontdoor.contacts.referral.urls")),
    path("contacts/", include("frontdoor.contacts.urls")),
    path("work/", include("frontdoor.screening.urls")),
    # These apps own their paths, including pages about one contact (contacts/<pk>/…).
    path("", include("frontdoor.enquiries.urls")),
    path("", include("frontdoor.meetings.urls")),
    path("", include("frontdoor.outcomes.urls")),
    path("", include("frontdoor.personindex.urls")),
    path("governance/", include("frontdoor.governance.urls")),
    path("reports/", include("frontdoor.reporting.urls")),
    path("notifications/", include("frontdoor.notifications.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
]

handler400 = "frontdoor.core.views.bad_request"
handler403 = "frontdoor.core.views.permission_denied"
handler404 = "frontdoor.core.views.page_not_found"
handler500 = "frontdoor.core.views.server_error"
