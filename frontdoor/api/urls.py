"""The partner API, /api/v1/: an OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from .problems import install_problem_handlers

api = NinjaAPI(
    title="Front Door API",
    version="1",
    description=(
        "Partner systems send safeguarding contacts to the hub and read back what they sent. "
        "Errors are RFC 9457 problem details (application/problem+json)."
    ),
    urls_namespace="api-v1",
)
install_problem_handlers(api)


class ServiceStatus(Schema):
    service: str
    api_version: str


@api.get("/status", response=ServiceStatus, tags=["service"], summary="Service status")
def status(request: HttpRequest) -> dict[str, str]:
    """Whether the API is up. Carries no case data and needs no token."""
    return {"service": "Front Door", "api_version": "1"}
