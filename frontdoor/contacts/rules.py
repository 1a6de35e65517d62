"""Who may do what with contacts. Services re-check these; views use them to refuse early."""

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.core.actors import Actor


def may_record_contacts(actor: Actor) -> bool:
    return actor.role in MASH_ROLES


def may_work_on_contacts(actor: Actor) -> bool:
    """Screen, recommend and take contacts from the queue."""
    return actor.role in {Role.PRACTITIONER, Role.MANAGER}


def may_decide(actor: Actor) -> bool:
    """Approve or return recommendations, and allocate work."""
    return actor.role == Role.MANAGER
