"""The partner API, /api/v1/: an OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema

from . import contacts
from .problems import PROBLEM_CONTENT_TYPE, install_problem_handlers


class FrontDoorAPI(NinjaAPI):
    """Ninja, with error responses documented as `application/problem+json`."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = FrontDoorAPI(
    title="Front Door API",
    version="1",
    description=(
        "Partner systems send safeguarding contacts to the hub and read back what they sent. "
        "Each partner system authenticates with its own token: `Authorization: Bearer <token>` "
        "(ask the hub's administrators for one). "
        "Errors are RFC 9457 problem details (application/problem+json); invalid requests list "
        "each bad field in `errors` as a dotted path, such as `subjects.0.date_of_birth`."
    ),
    urls_namespace="api-v1",
)
install_problem_handlers(api)
api.add_router("/contacts", contacts.router)


class ServiceStatus(Schema):
    service: str
    api_version: str


@api.get("/status", response=ServiceStatus, tags=["service"], summary="Service status")
def status(request: HttpRequest) -> dict[str, str]:
    """Whether the API is up. Carries no case data and needs no token."""
    return {"service": "Front Door", "api_version": "1"}
