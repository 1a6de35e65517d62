"""Template context every page needs: service name and the demo/MFA state for the banner."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.SERVICE_NAME,
        "hub_name": settings.HUB_NAME,
        "demo_mode": settings.DEMO_MODE,
        "mfa_required": settings.MFA_REQUIRED,
    }
