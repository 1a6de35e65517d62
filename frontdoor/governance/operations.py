"""Every page the server offers, by URL name (the API lists its own operations: `api.access`).

The access policy must have a row for each; `unlisted_pages()` names any that lack one, and the
system check `governance.E001` turns that into an error, so `manage.py check` (run in CI by
`make check-deploy`) fails as soon as a page is added without a decision about who may use it.
"""

from collections.abc import Iterator

from django.core.checks import CheckMessage, Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from .policy import POLICY

API_NAMESPACE = "api-v1"


def _walk(resolver: URLResolver, namespaces: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern, namespaces + namespace)
        elif isinstance(pattern, URLPattern):
            yield (*namespaces, pattern.name or f"<unnamed {pattern.pattern}>")


def page_operations(urlconf: str | None = None) -> list[str]:
    """URL names of every page (the API's operations are listed by `api_operations`)."""
    names = set()
    for parts in _walk(get_resolver(urlconf)):
        if parts[0] == API_NAMESPACE:
            # The API's documents; its operations share URL names, so they are listed apart.
            if parts[-1] in {"openapi-json", "openapi-view", "api-root"}:
                names.add(f"api:{parts[-1]}")
            continue
        names.add(":".join(parts))
    return sorted(names)


def unlisted_pages(urlconf: str | None = None) -> list[str]:
    return [name for name in page_operations(urlconf) if name not in POLICY]


@register()
def every_page_has_a_policy_row(**kwargs: object) -> list[CheckMessage]:
    return [
        Error(
            f"{name} has no row in the access policy",
            hint="Add it to frontdoor/governance/policy.py: who may use it, in which relation",
            id="governance.E001",
        )
        for name in unlisted_pages()
    ]
