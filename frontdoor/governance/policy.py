"""Who may do what: one table for every page and API operation.

Each row names an operation (a URL name such as `contacts:detail`, or an API operation such as
`api:GET /contacts/{contact_id}`), the kind of record it is about, and, for each role, the
relations to that record under which the role may use it. Anything not in a row is refused.

This table is the statement an information-governance officer signs off. It is enforced twice:
`governance.middleware.AccessPolicyMiddleware` refuses (403) any role the row does not name
before the view runs, and unlisted operations altogether; the views' scoped selectors refuse
(404, exactly like a missing record) a record the user has no relation to.
`governance/tests/test_access_matrix.py` requests every operation as every role in every
relation and fails on any difference between this table and what the server does.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from frontdoor.agencies.roles import Role


class Relation(StrEnum):
    """How the user stands to the record an operation is about."""

    NONE = "none"  # the operation is about no one record: a queue, a form, a search
    OWN_TEAM = "own_team"  # a record of an authority whose MASH (or IG team) the user is in
    REQUEST_TO_MY_AGENCY = "request_to_my_agency"  # an information request to the user's agency
    PACKAGE_TO_MY_TEAM = "package_to_my_team"  # a handover package sent to the user's team
    MINE = "mine"  # the user's own notification or action; a partner system's own contact
    BREAK_GLASS = "break_glass"  # no reason but a stated one: an unexpired break-glass grant
    OTHER_TEAM = "other_team"  # the user's authority, but another team's or agency's business
    OTHER_LA = "other_la"  # another local authority's record
    NO_RELATION = "no_relation"  # a user with no role anywhere; another user's own item


class About(StrEnum):
    """The kind of record an operation's URL names."""

    NOTHING = "nothing"
    CONTACT = "contact"
    PERSON = "person"
    REQUEST = "information_request"
    PACKAGE = "package"
    DISCUSSION = "strategy_discussion"
    ACTION = "action"
    NOTIFICATION = "notification"
    DUPLICATE = "duplicate_proposal"
    MERGE = "merge"
    BREAK_GLASS = "break_glass_grant"
    LEGAL_HOLD = "legal_hold"


# Who is asking, beyond the staff roles.
ANONYMOUS = "anonymous"  # nobody signed in (the public referral form, the sign-in page)
NO_ROLE = "no_role"  # signed in, with no active membership
PARTNER = "partner_system"  # the API, with a partner system's token

STAFF_ROLES: tuple[str, ...] = tuple(Role.values)
EVERY_SIGNED_IN: tuple[str, ...] = (*STAFF_ROLES, NO_ROLE)
MASH = (Role.CONTACT_OFFICER, Role.PRACTITIONER, Role.MANAGER)
WORKERS = (Role.PRACTITIONER, Role.MANAGER)
NOTHING = frozenset({Relation.NONE})


@dataclass(frozen=True)
class Rule:
    about: About
    allow: Mapping[str, frozenset[Relation]]
    method: str = "GET"  # the method the matrix test uses (POST for actions)
    why: str = ""

    def allows(self, who: str, relation: Relation) -> bool:
        return relation in self.allow.get(who, frozenset())

    @property
    def public(self) -> bool:
        return ANONYMOUS in self.allow


def _grant(
    roles: Iterable[str], relations: Iterable[Relation] = (Relation.NONE,)
) -> dict[str, frozenset[Relation]]:
    return {role: frozenset(relations) for role in roles}


def page(
    *roles: str, method: str = "GET", why: str = ""
) -> Rule:  # an operation about no particular record
    return Rule(About.NOTHING, _grant(roles), method=method, why=why)


def about(
    kind: About,
    grants: Mapping[str, Iterable[Relation]],
    *,
    method: str = "GET",
    why: str = "",
) -> Rule:
    return Rule(kind, {r: frozenset(rel) for r, rel in grants.items()}, method=method, why=why)


def each(roles: Iterable[str], relations: Iterable[Relation]) -> dict[str, Iterable[Relation]]:
    return dict.fromkeys(roles, tuple(relations))


OWN = (Relation.OWN_TEAM,)
OWN_OR_GLASS = (Relation.OWN_TEAM, Relation.BREAK_GLASS)
PUBLIC = (ANONYMOUS, *EVERY_SIGNED_IN)
IG = (Role.IG_OFFICER,)

POLICY: dict[str, Rule] = {
    # --- Signing in, home, health --------------------------------------------------------
    "accounts:home": page(*EVERY_SIGNED_IN),
    "accounts:sign_in": page(*PUBLIC),
    "accounts:enrol_mfa": page(*PUBLIC, why="Reached only mid sign-in, before a second factor"),
    "accounts:sign_out": page(*EVERY_SIGNED_IN, method="POST"),
    "accounts:step_up": page(*EVERY_SIGNED_IN),
    "healthz": page(*PUBLIC),
    # --- The public referral form ----------------------------------------------------------
    "referral:member_remove": page(*PUBLIC, method="POST"),
    **{
        f"referral:{name}": page(*PUBLIC)
        for name in (
            "start",
            "area",
            "phone_us",
            "who",
            "about_you",
            "cohort",
            "person",
            "household",
            "member_add",
            "member_edit",
            "concern",
            "family",
            "consent",
            "check",
            "sent",
        )
    },
    # --- Recording a contact (MASH staff) ----------------------------------------------------
    **{
        f"contacts:{name}": page(*MASH)
        for name in (
            "new",
            "new_referrer",
            "new_person",
            "new_people",
            "new_change_person",
            "new_match_person",
            "new_concern",
            "new_check",
        )
    },
    "contacts:new_remove_person": page(*MASH, method="POST"),
    "contacts:new_cancel": page(*MASH, method="POST"),
    # --- One contact ----------------------------------------------------------------------------
    "contacts:detail": about(About.CONTACT, each(MASH, OWN_OR_GLASS)),
    "contacts:take": about(About.CONTACT, each(WORKERS, OWN), method="POST"),
    "contacts:screen": about(About.CONTACT, each(WORKERS, OWN)),
    "contacts:recommend": about(About.CONTACT, each(WORKERS, OWN)),
    "contacts:decision": about(About.CONTACT, {Role.MANAGER: OWN}),
    "personindex:link_subject": about(About.CONTACT, each(WORKERS, OWN), method="POST"),
    "personindex:confirm_new_person": about(About.CONTACT, each(WORKERS, OWN), method="POST"),
    "enquiries:send": about(About.CONTACT, each(WORKERS, OWN)),
    "meetings:convene": about(About.CONTACT, each(WORKERS, OWN)),
    "outcomes:build": about(About.CONTACT, each(WORKERS, OWN)),
    # --- Work queues -------------------------------------------------------------------------
    "screening:mine": page(*MASH),
    "screening:team": page(*MASH),
    "screening:approvals": page(Role.MANAGER),
    "screening:overdue": page(*MASH),
    # --- Information requests --------------------------------------------------------------
    "enquiries:inbox": page(Role.AGENCY_RESEARCHER),
    "enquiries:timeliness": page(Role.MANAGER, Role.ANALYST),
    "enquiries:detail": about(
        About.REQUEST,
        {**each(MASH, OWN), Role.AGENCY_RESEARCHER: (Relation.REQUEST_TO_MY_AGENCY,)},
    ),
    "enquiries:answer": about(
        About.REQUEST, {Role.AGENCY_RESEARCHER: (Relation.REQUEST_TO_MY_AGENCY,)}
    ),
    "enquiries:more_time": about(
        About.REQUEST, {Role.AGENCY_RESEARCHER: (Relation.REQUEST_TO_MY_AGENCY,)}
    ),
    "enquiries:extension": about(About.REQUEST, each(WORKERS, OWN), method="POST"),
    "enquiries:withdraw": about(About.REQUEST, each(WORKERS, OWN)),
    # --- Strategy discussions and their actions ---------------------------------------------
    "meetings:detail": about(About.DISCUSSION, each(MASH, OWN)),
    "meetings:record": about(About.DISCUSSION, each(WORKERS, OWN)),
    "meetings:add_action": about(About.DISCUSSION, each(WORKERS, OWN)),
    "meetings:actions": page(*MASH, Role.AGENCY_RESEARCHER, Role.RECEIVING_WORKER),
    "meetings:complete_action": about(
        About.ACTION,
        {
            **each(WORKERS, (Relation.OWN_TEAM, Relation.MINE)),
            Role.CONTACT_OFFICER: (Relation.MINE,),
            Role.AGENCY_RESEARCHER: (Relation.MINE,),
            Role.RECEIVING_WORKER: (Relation.MINE,),
        },
    ),
    # --- Handover packages -------------------------------------------------------------------
    "outcomes:inbox": page(Role.RECEIVING_WORKER),
    **{
        f"outcomes:{name}": about(
            About.PACKAGE,
            {
                **each(MASH, (Relation.OWN_TEAM, Relation.PACKAGE_TO_MY_TEAM)),
                Role.RECEIVING_WORKER: (Relation.PACKAGE_TO_MY_TEAM,),
            },
        )
        for name in ("detail", "pdf", "json")
    },
    "outcomes:consent": about(About.PACKAGE, {Role.MANAGER: OWN}),
    "outcomes:acknowledge": about(
        About.PACKAGE,
        {
            **each(MASH, (Relation.PACKAGE_TO_MY_TEAM,)),
            Role.RECEIVING_WORKER: (Relation.PACKAGE_TO_MY_TEAM,),
        },
        method="POST",
    ),
    # The receiving team records what it did for each child (the facts the returns need);
    # MASH staff see it on the package and the contact page.
    **{
        f"outcomes:{name}": about(
            About.PACKAGE,
            {
                **each(MASH, (Relation.PACKAGE_TO_MY_TEAM,)),
                Role.RECEIVING_WORKER: (Relation.PACKAGE_TO_MY_TEAM,),
            },
        )
        for name in ("record_response", "update_response")
    },
    # --- The person index ---------------------------------------------------------------------
    "personindex:person": about(About.PERSON, each(MASH, OWN_OR_GLASS)),
    "personindex:duplicates": page(Role.MANAGER),
    "personindex:duplicate_review": about(About.DUPLICATE, {Role.MANAGER: OWN}),
    "personindex:merge": about(About.MERGE, {Role.MANAGER: OWN}),
    "personindex:unmerge": about(About.MERGE, {Role.MANAGER: OWN}, method="POST"),
    # --- Notifications ---------------------------------------------------------------------------
    "notifications:list": page(*EVERY_SIGNED_IN),
    "notifications:open": about(About.NOTIFICATION, each(EVERY_SIGNED_IN, (Relation.MINE,))),
    "notifications:read_all": page(*EVERY_SIGNED_IN, method="POST"),
    # --- Reports and statutory returns ------------------------------------------------------
    "reporting:index": page(Role.MANAGER, Role.ANALYST),
    "reporting:report": page(Role.MANAGER, Role.ANALYST),
    "reporting:report_export": page(Role.MANAGER, Role.ANALYST, why="Bulk export: step-up first"),
    "reporting:annex_a": page(
        Role.MANAGER, Role.ANALYST, why="Child-level: the member's own grant, then step-up"
    ),
    "reporting:cin_census": page(
        Role.MANAGER, Role.ANALYST, why="Child-level: the member's own grant, then step-up"
    ),
    # --- Information governance ----------------------------------------------------------------
    "governance:break_glass": page(*MASH, why="Step-up first; the grant opens one contact"),
    "governance:break_glass_reviews": page(*IG),
    "governance:break_glass_review": about(About.BREAK_GLASS, {Role.IG_OFFICER: OWN}),
    "governance:audit_search": page(*IG),
    "governance:audit_export": page(*IG, why="Bulk export: step-up first"),
    "governance:contact_access": about(About.CONTACT, each((Role.IG_OFFICER, Role.MANAGER), OWN)),
    "governance:person_access": about(About.PERSON, each((Role.IG_OFFICER, Role.MANAGER), OWN)),
    "governance:subject_access": about(About.PERSON, {Role.IG_OFFICER: OWN}),
    "governance:subject_access_search": page(*IG),
    "governance:retention": page(*IG),
    "governance:legal_holds": page(*IG),
    "governance:lift_legal_hold": about(About.LEGAL_HOLD, {Role.IG_OFFICER: OWN}, method="POST"),
    # --- The partner API (its own token authentication; roles do not apply) ----------------
    "api:GET /status": page(*PUBLIC, PARTNER),
    "api:POST /contacts": page(PARTNER, method="POST"),
    "api:GET /contacts": page(PARTNER),
    "api:GET /contacts/{contact_id}": about(About.CONTACT, {PARTNER: (Relation.MINE,)}),
    # The API's own documents are public: they describe the interface, not any record.
    "api:openapi-json": page(*PUBLIC),
    "api:openapi-view": page(*PUBLIC),
    "api:api-root": page(*PUBLIC),
}


def rule_for(operation: str) -> Rule | None:
    return POLICY.get(operation)


def may_use(who: str, operation: str) -> bool:
    """Whether `who` (a role, NO_ROLE, ANONYMOUS or PARTNER) may use the operation at all."""
    rule = POLICY.get(operation)
    return rule is not None and bool(rule.allow.get(who))
