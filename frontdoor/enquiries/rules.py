"""Who may do what with information requests and answers. Services re-check these.

The sensitivity rule, in one place: a shareable or hub-only answer may be read by the MASH
(contact officers, practitioners, managers) and by the agency that gave it; a restricted answer
only by MASH managers and the agency that gave it. Whether an answer may leave the hub (a
handover package) is the outcomes app's rule, built on `Sensitivity`.
"""

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.core.actors import Actor

from .models import Sensitivity

# Children's social care leads the MASH and checks its own records: it is not sent requests.
NOT_ASKED_KINDS = frozenset({"children_social_care"})


def may_send_requests(actor: Actor) -> bool:
    return actor.role in {Role.PRACTITIONER, Role.MANAGER}


def may_answer_requests(actor: Actor) -> bool:
    return actor.role == Role.AGENCY_RESEARCHER


def may_read_answer(actor: Actor, *, sensitivity: str, providing_agency_code: str) -> bool:
    """Whether the actor's role lets them read an answer of this marking from this agency.

    Scope (the contact's authority, the request's agency) is the selectors' job; this is the
    marking alone.
    """
    if actor.role == Role.AGENCY_RESEARCHER:
        return bool(actor.agency_code) and actor.agency_code == providing_agency_code
    if sensitivity == Sensitivity.RESTRICTED:
        return actor.role == Role.MANAGER
    return actor.role in MASH_ROLES


def may_decide_extensions(actor: Actor) -> bool:
    """Grant or refuse an agency's request for more time, and withdraw requests."""
    return may_send_requests(actor)


def may_see_timeliness(actor: Actor) -> bool:
    return actor.role in {Role.MANAGER, Role.ANALYST}


def who_may_read(sensitivity: str, providing_agency: str) -> str:
    """Who may read an answer of this marking, in words for the people who may not."""
    if sensitivity == Sensitivity.RESTRICTED:
        return f"Only MASH managers and {providing_agency} can read it."
    return f"Only the MASH and {providing_agency} can read it."
