"""One contact naming the person: its details, concern, referrer, the other people it names,
its status history, screening and recommendations.

The referrer and the other people are always flagged third party (a referrer's identity is
confidential by default, standards.md §7.4); free text is flagged when the contact names
anyone else, since it cannot be checked for their names.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from frontdoor.agencies.selectors import threshold_label
from frontdoor.contacts.models import Contact, ContactStatus, ContactStatusChange, ContactSubject
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision

from .items import Field, Flag, Item, Section, staff_name, third_party_if


@dataclass
class Held:
    """What one contact holds, gathered in a few queries for all the contacts at once."""

    contact: Contact
    roles: list[str]
    subject_ids: list[int]
    others: list[ContactSubject]


def contact_sections(held: Held) -> tuple[Section, ...]:
    contact = held.contact
    others = bool(held.others)
    details = Item(
        "The contact",
        (
            Field("reference", "Reference", contact.reference),
            Field("authority", "Local authority", contact.local_authority.name),
            Field("received_at", "Received", contact.received_at),
            Field("channel", "Channel", contact.get_channel_display()),
            Field("cohort", "Cohort", contact.get_cohort_display()),
            Field("role", "Named as", held.roles),
            Field("status", "Status", ContactStatus(contact.status).label),
            Field("family_aware", "Family aware", contact.get_family_aware_display()),
            Field("consent", "Consent", contact.get_consent_display()),
            Field("consent_reason", "Consent: why not sought", contact.consent_reason),
            Field("urgency", "Referrer's urgency", contact.get_referrer_urgency_display()),
            Field("allocated_to", "Allocated to", staff_name(contact.allocated_to)),
        ),
        third_party_if(others, contact.consent_reason),
    )
    concern = Item(
        "The concern",
        (
            Field("concern", "In the referrer's words", contact.concern),
            Field("action_taken", "Action taken", contact.action_taken),
            Field(
                "categories",
                "Categories",
                [
                    f"{c.description} ({c.code})"
                    for c in sorted(contact.categories.all(), key=lambda c: c.code)
                ],
            ),
        ),
        third_party_if(others, contact.concern, contact.action_taken),
    )
    referrer = Item(
        "The referrer (confidential by default)",
        (
            Field("kind", "Kind", contact.get_referrer_kind_display()),
            Field("anonymous", "Anonymous", contact.referrer_anonymous),
            Field("source", "Source", contact.referral_source.description),
            Field("name", "Name", contact.referrer_name),
            Field("role", "Role", contact.referrer_role),
            Field("organisation", "Organisation", contact.referrer_organisation),
            Field("phone", "Phone", contact.referrer_phone),
            Field("email", "Email", contact.referrer_email),
        ),
        (Flag.THIRD_PARTY,),
    )
    people = tuple(
        Item(
            f"Also named: {other.person.full_name}",
            (
                Field("name", "Name", other.person.full_name),
                Field("role", "Named as", other.get_role_display()),
                Field("date_of_birth", "Date of birth", other.person.date_of_birth),
            ),
            (Flag.THIRD_PARTY,),
        )
        for other in held.others
    )
    return (
        Section("contact", "The contact", (details,), True),
        Section("concern", "The concern", (concern,), True),
        Section("referrer", "The referrer", (referrer,), True),
        Section("other_people", "Other people named in the contact", people),
    )


def _is_a_return(change: ContactStatusChange) -> bool:
    """The services write every status reason themselves, except a manager's return: it
    quotes the manager's own words."""
    return (change.from_status, change.to_status) == (
        ContactStatus.AWAITING_DECISION,
        ContactStatus.SCREENING,
    )


def status_items(held: Held, changes: Iterable[ContactStatusChange]) -> tuple[Item, ...]:
    return tuple(
        Item(
            "Status change",
            (
                Field("from", "From", ContactStatus(c.from_status).label if c.from_status else ""),
                Field("to", "To", ContactStatus(c.to_status).label),
                Field("changed_at", "When", c.changed_at),
                Field("changed_by", "By", staff_name(c.changed_by) or c.changed_by_label),
                Field("reason", "Why", c.reason),
            ),
            third_party_if(bool(held.others) and _is_a_return(c), c.reason),
        )
        for c in changes
    )


def screening_items(held: Held, decisions: Iterable[ScreeningDecision]) -> tuple[Item, ...]:
    authority = held.contact.local_authority
    return tuple(
        Item(
            "Screening decision",
            (
                Field("screened_at", "Screened", d.screened_at),
                Field("screened_by", "By", staff_name(d.screened_by)),
                Field("threshold_level", "Threshold level", d.threshold_level_id),
                Field("threshold", "Threshold", threshold_label(authority, d.threshold_level_id)),
                Field("rag_rating", "RAG rating", d.rag_rating.label),
                Field("owning_cohort", "Owned by", d.get_owning_cohort_display()),
                Field("next_step", "Next step", d.get_next_step_display()),
                Field("rationale", "Rationale", d.rationale),
            ),
            third_party_if(bool(held.others), d.rationale),
        )
        for d in decisions
    )


def recommendation_items(held: Held, recommendations: Iterable[Recommendation]) -> tuple[Item, ...]:
    return tuple(
        Item(
            "Recommendation",
            (
                Field("recommended_at", "Recommended", r.recommended_at),
                Field("recommended_by", "By", staff_name(r.recommended_by)),
                Field("outcome", "Outcome", r.get_outcome_display()),
                Field("transfer_to", "Transfer to", r.transfer_to.name if r.transfer_to else ""),
                Field("rationale", "Rationale", r.rationale),
            ),
            third_party_if(bool(held.others), r.rationale),
        )
        for r in recommendations
    )


def decision_items(held: Held, decisions: Iterable[ManagerDecision]) -> tuple[Item, ...]:
    return tuple(
        Item(
            "Manager decision",
            (
                Field("decided_at", "Decided", d.decided_at),
                Field("decided_by", "By", staff_name(d.decided_by)),
                Field("outcome", "Recommended outcome", d.recommendation.get_outcome_display()),
                Field("decision", "Decision", d.get_verdict_display()),
                Field("reason", "Reason", d.reason),
            ),
            third_party_if(bool(held.others), d.reason),
        )
        for d in decisions
    )
