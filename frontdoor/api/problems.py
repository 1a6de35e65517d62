"""RFC 9457 problem details for every API error, naming each bad field.

Clients get `application/problem+json` with `type`, `title`, `status`, `detail` and, for
validation failures, `errors`: one entry per field (`field` as a dotted path, `message`).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://frontdoor.invalid/problems/"  # stable identifiers, not fetched


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


def _field_path(location: list[Any]) -> str:
    # Ninja prefixes the parameter source and name ("body", "payload"); clients want the field.
    parts = [str(p) for p in location]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or "body"


def install_problem_handlers(api: NinjaAPI) -> None:
    def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "field": _field_path(list(err.get("loc", []))),
                "message": err.get("msg", "Invalid value"),
            }
            for err in exc.errors
        ]
        return problem(
            api,
            request,
            status=422,
            slug="validation",
            title="Some fields are not valid",
            detail="Correct the fields listed in `errors` and send the request again.",
            errors=errors,
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        slug = "unauthorised" if isinstance(exc, AuthenticationError) else f"http-{status}"
        return problem(
            api, request, status=status, slug=slug, title=str(exc) or "Error", detail=str(exc)
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
        # Logged by Django's handler chain without request bodies; the client gets no internals.
        import logging

        logging.getLogger("frontdoor.api").error("Unhandled API error: %s", type(exc).__name__)
        return problem(
            api,
            request,
            status=500,
            slug="internal",
            title="Something went wrong",
            detail="The request was not completed and nothing was changed. Try again later.",
        )

    api.add_exception_handler(ValidationError, validation_failed)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, unexpected)  # type: ignore[arg-type]
