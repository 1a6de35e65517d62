"""Who may do what with handover packages, and which answers may leave the hub.

Services re-check these; views use them to refuse early and to decide which buttons to show.
"""

from frontdoor.agencies.models import Team
from frontdoor.agencies.roles import Role
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import Sensitivity

# How a marking reads inside a sentence ("the hub-only answer from Staffordshire Police").
MARKING_WORDS: dict[str, str] = {
    Sensitivity.SHAREABLE: "shareable",
    Sensitivity.HUB_ONLY: "hub-only",
    Sensitivity.RESTRICTED: "restricted",
}


def may_build_handover(actor: Actor) -> bool:
    """Build a package and send it (or ask a manager to consent to it)."""
    return actor.role in {Role.PRACTITIONER, Role.MANAGER}


def may_consent(actor: Actor) -> bool:
    """Consent to hub-only and restricted answers leaving the hub in a package."""
    return actor.role == Role.MANAGER


def leaves_the_hub_freely(sensitivity: str) -> bool:
    """Only a shareable answer may go in a package without a reason and a manager's consent."""
    return sensitivity == Sensitivity.SHAREABLE


def receives_for(actor: Actor, team: Team) -> bool:
    """Whether the actor's role acknowledges packages for `team`, given they are its member.

    Area teams and early help hubs acknowledge through their receiving workers. A transfer goes
    to another authority's MASH team, whose practitioners and managers acknowledge it.
    """
    if actor.role == Role.RECEIVING_WORKER:
        return True
    return team.function == Team.Function.MASH and actor.role in {Role.PRACTITIONER, Role.MANAGER}
