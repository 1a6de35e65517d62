"""Request size limits, applied before the body is read or parsed."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from .problems import problem_response

MAX_BODY_BYTES = 256 * 1024


def too_large() -> HttpResponse:
    return problem_response(
        status=413,
        slug="too-large",
        title="The request body is too large",
        detail=f"Send no more than {MAX_BODY_BYTES // 1024} KB in one request.",
        errors=[{"field": "body", "message": f"Send no more than {MAX_BODY_BYTES // 1024} KB"}],
    )


def limit_body_size(run: Callable[..., Any]) -> Callable[..., Any]:
    """For `ninja.decorate_view`: refuse a large body with 413 before ninja reads it.

    The declared Content-Length is checked first (nothing is read); the body actually read is
    checked too, since WSGI servers cap it at the declared length but a client may lie low.
    """

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
            return too_large()
        return run(request, *args, **kwargs)

    return checked
