"""The Actor for a request: the signed-in user's (see agencies.actors), or anonymous."""

from django.http import HttpRequest

from frontdoor.agencies.actors import actor_for_user
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip

__all__ = ["actor_for_request", "actor_for_user"]


def actor_for_request(request: HttpRequest) -> Actor:
    if request.user.is_authenticated:
        return actor_for_user(request.user, ip_address=client_ip(request))
    return Actor.anonymous(client_ip(request))
