"""A base for middleware that only decides, before each view, whether the view may run."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse


class BeforeViewMiddleware:
    """Subclasses implement `process_view`: return a response (or raise) to stop the view,
    None to let it run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        raise NotImplementedError
