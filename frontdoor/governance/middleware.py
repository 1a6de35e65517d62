"""The access policy's first check, before any view runs.

Every page must have a row in `governance.policy.POLICY`; a page without one is refused, so a
new view cannot be reached until someone has decided who may use it. A role the row does not
name gets 403; on a page about one record, the refusal is 404 (as if the record did not exist)
unless the user may see that record through another page, as the selectors would answer.
Whether the user may see the particular record is otherwise the view's scoped selectors'
business (404, like a missing record). The API authenticates partner systems by token and is
checked by its own selectors; the access-matrix test covers both.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from frontdoor.core.middleware import BeforeViewMiddleware

from .policy import NO_ROLE, POLICY, About
from .relations import may_see_record

logger = logging.getLogger(__name__)

# Served before routing matters (assets) or with their own authentication (the partner API).
SKIPPED_PREFIXES = ("/static/", "/api/")


class AccessPolicyMiddleware(BeforeViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if request.path.startswith(SKIPPED_PREFIXES) or request.resolver_match is None:
            return None
        operation = request.resolver_match.view_name
        rule = POLICY.get(operation)
        if rule is None:
            logger.error("Refused %s: the access policy has no row for it", operation)
            raise PermissionDenied("This page is not in the access policy")
        if rule.public or not request.user.is_authenticated:
            return None  # sign-in is required by LoginRequiredMiddleware, earlier
        who = request.actor.role or NO_ROLE  # type: ignore[attr-defined]
        if rule.allow.get(who):
            return None
        if rule.about != About.NOTHING and not may_see_record(
            request.actor,  # type: ignore[attr-defined]
            who,
            rule.about,
            view_kwargs,
        ):
            # Out of the user's sight: 404, exactly like a missing record.
            raise Http404("No such record")
        raise PermissionDenied("Your role does not give you access to this page")
