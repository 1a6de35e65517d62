"""Who may do what with strategy discussions and their actions. Services re-check these.

Strategy discussions belong to the MASH: its contact officers may read them, its practitioners
and managers hold, record and add actions to them. An action is done by its owner: the person
named, anyone in the agency named (who works on cases), or a practitioner or manager of the
contact's authority.
"""

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.contacts.rules import may_work_on_contacts
from frontdoor.core.actors import Actor

# Roles that may own and do actions, so may open the "Actions" page. Analysts, information
# governance officers and administrators have no reason to.
ACTION_ROLES = MASH_ROLES | {Role.AGENCY_RESEARCHER, Role.RECEIVING_WORKER}


def may_read_discussions(actor: Actor) -> bool:
    return actor.role in MASH_ROLES


def may_hold_discussions(actor: Actor) -> bool:
    """Convene, record and add actions to strategy discussions."""
    return may_work_on_contacts(actor)


def may_have_actions(actor: Actor) -> bool:
    return actor.role in ACTION_ROLES


def may_complete_action(
    actor: Actor,
    *,
    owner_user_id: int | None,
    owner_agency_code: str,
    local_authority_code: str,
    authority_codes: list[str],
) -> bool:
    """The owner, a member of the owning agency working for the contact's authority, or the
    authority's MASH practitioners and managers. `authority_codes` are the actor's."""
    if actor.user is not None and owner_user_id is not None and actor.user.pk == owner_user_id:
        return True
    if local_authority_code not in authority_codes:
        return False
    if owner_agency_code and actor.agency_code == owner_agency_code and may_have_actions(actor):
        return True
    return may_work_on_contacts(actor)
