"""Information governance pages. Each area keeps its own URL list."""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    path("", include("frontdoor.governance.urls_audit")),
    path("", include("frontdoor.governance.urls_breakglass")),
    path("", include("frontdoor.governance.urls_subject_access")),
    path("", include("frontdoor.governance.urls_retention")),
]
