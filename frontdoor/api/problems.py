"""RFC 9457 problem details for every API error, naming each bad field.

Clients get `application/problem+json` with `type`, `title`, `status`, `detail` and, for
invalid requests, `errors`: one entry per field (`field` as a dotted path such as
`subjects.0.nhs_number`, `message`). Schema errors (wrong type, too long, missing) and the
contacts service's errors (bad check digit, unknown code) come back in the same shape.
"""

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError as ServiceValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://frontdoor.invalid/problems/"  # stable identifiers, not fetched
BEARER_CHALLENGE = 'Bearer realm="Front Door API"'

logger = logging.getLogger("frontdoor.api")

# The service names a few fields after the model; clients know them by the API's names.
_SERVICE_FIELD_NAMES = {"local_authority": "local_authority_code", "__all__": "body"}


def problem_response(
    *, status: int, slug: str, title: str, detail: str, **extra: Any
) -> HttpResponse:
    """A problem document; usable outside an exception handler (e.g. before parsing)."""
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update(extra)
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    **extra: Any,
) -> HttpResponse:
    body = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def invalid_fields(errors: list[dict[str, str]]) -> HttpResponse:
    """422 with one entry per bad field."""
    return problem_response(
        status=422,
        slug="validation",
        title="Some fields are not valid",
        detail="Correct the fields listed in `errors` and send the request again.",
        errors=errors,
    )


def service_errors(exc: ServiceValidationError) -> list[dict[str, str]]:
    """A service's ValidationError (keyed by field path) as `[{field, message}]`."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
    return [
        {"field": _SERVICE_FIELD_NAMES.get(name, name), "message": message}
        for name, messages in by_field.items()
        for message in messages
    ]


def _field_path(location: list[Any]) -> str:
    # Ninja prefixes the parameter source and name ("body", "payload"); clients want the field.
    parts = [str(p) for p in location]
    if parts and parts[0] == "body":
        # ("body", "payload", ...) is a field of the body; ("body", "payload") is all of it.
        return ".".join(parts[2:]) or "body"
    if parts and parts[0] in {"query", "path", "header", "cookie", "form"}:
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or "body"


def install_problem_handlers(api: NinjaAPI) -> None:
    def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # Only the location and message go back: never the input, which may be personal data.
        return invalid_fields(
            [
                {
                    "field": _field_path(list(err.get("loc", []))),
                    "message": err.get("msg", "Invalid value"),
                }
                for err in exc.errors
            ]
        )

    def service_validation_failed(
        request: HttpRequest, exc: ServiceValidationError
    ) -> HttpResponse:
        return invalid_fields(service_errors(exc))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, AuthenticationError):
            response = problem_response(
                status=401,
                slug="unauthorised",
                title="Unauthorized",
                detail="Send a valid API token: `Authorization: Bearer <token>`.",
            )
            invalid = ', error="invalid_token"' if "Authorization" in request.headers else ""
            response["WWW-Authenticate"] = BEARER_CHALLENGE + invalid
            return response
        if status == 400 and isinstance(exc.__cause__, ValueError):
            # Ninja could not decode the body (bad JSON, or not UTF-8).
            return problem_response(
                status=400,
                slug="malformed-json",
                title="The request body is not valid JSON",
                detail="Send the body as one JSON object, encoded in UTF-8.",
                errors=[{"field": "body", "message": "Send valid JSON, encoded in UTF-8"}],
            )
        return problem(
            api,
            request,
            status=status,
            slug=f"http-{status}",
            title=str(exc) or "Error",
            detail=str(exc),
        )

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            api,
            request,
            status=404,
            slug="not-found",
            title="Not found",
            detail="No such resource.",
        )

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The type only: messages and request bodies may hold personal data.
        logger.error("Unhandled API error: %s", type(exc).__name__)
        return problem(
            api,
            request,
            status=500,
            slug="internal",
            title="Something went wrong",
            detail="The request was not completed and nothing was changed. Try again later.",
        )

    api.add_exception_handler(ValidationError, validation_failed)  # type: ignore[arg-type]
    api.add_exception_handler(ServiceValidationError, service_validation_failed)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, unexpected)  # type: ignore[arg-type]
