"""The 'check your answers' page: the draft as summary lists, each answer with a Change link."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from frontdoor.contacts.models import Urgency

from .choices import (
    COHORTS,
    CONSENT,
    DISABILITY,
    FAMILY_AWARE,
    HOUSEHOLD_ROLES,
    ORGANISATION_TYPES,
    RELATIONSHIPS,
)
from .draft import Draft

NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    change_url: str


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[Row]


def change_url(name: str, *args: int) -> str:
    return f"{reverse(f'referral:{name}', args=args)}?change=1"


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else NOT_GIVEN


def sections(draft: Draft) -> list[Section]:
    return [
        Section("Where they live", [Row("Area", draft.hub.get("name", ""), change_url("area"))]),
        Section("About you", _about_you(draft)),
        Section(f"The {draft.noun}", _person(draft)),
        Section("Other people in the household", _household(draft)),
        Section("The concern", _concern(draft)),
    ]


def _about_you(draft: Draft) -> list[Row]:
    you = draft.initial("about_you")
    url = change_url("about_you")
    kind = "A professional" if draft.is_professional else "A member of the public"
    rows = [Row("You are", kind, change_url("who"))]
    if draft.is_professional:
        organisation_type = ORGANISATION_TYPES.get(you.get("organisation_type", ""), ("", ""))
        return [
            *rows,
            Row("Name", you.get("name", ""), url),
            Row("Job title", you.get("role", ""), url),
            Row("Organisation", you.get("organisation", ""), url),
            Row("Type of organisation", organisation_type[0], url),
            Row("Phone number", you.get("phone", ""), url),
            Row("Email address", you.get("email", ""), url),
        ]
    relationship = RELATIONSHIPS.get(you.get("relationship", ""), ("", ""))[0]
    rows.append(Row("How you know them", relationship, url))
    if you.get("anonymous"):
        return [*rows, Row("Your name and contact details", "You want to stay anonymous", url)]
    return [
        *rows,
        Row("Name", you.get("name", ""), url),
        Row("Phone number", you.get("phone") or NOT_GIVEN, url),
        Row("Email address", you.get("email") or NOT_GIVEN, url),
    ]


def _person(draft: Draft) -> list[Row]:
    person = draft.initial("person")
    url = change_url("person")
    rows = [
        Row("Who you are worried about", COHORTS.get(draft.cohort, ""), change_url("cohort")),
        Row("Name", f"{person.get('given_name', '')} {person.get('family_name', '')}", url),
    ]
    if person.get("expected_date_of_birth") and draft.noun == "child":
        rows.append(Row("Expected date of birth", long_date(person["expected_date_of_birth"]), url))
    else:
        rows.append(Row("Date of birth", long_date(person.get("date_of_birth")), url))
    rows.append(Row("Address", person.get("address") or NOT_GIVEN, url))
    rows.append(Row("Postcode", person.get("postcode") or NOT_GIVEN, url))
    if draft.is_professional:
        rows.append(Row("NHS number", person.get("nhs_number") or NOT_GIVEN, url))
    if draft.noun == "child":
        rows.append(Row("Disability", DISABILITY.get(person.get("disability", ""), NOT_GIVEN), url))
    return rows


def _household(draft: Draft) -> list[Row]:
    rows = household_rows(draft, change=True)
    return rows or [Row("People", "None", change_url("household"))]


def household_rows(draft: Draft, *, change: bool) -> list[Row]:
    """One row a person, each linking to the page that changes them."""
    rows = []
    for index in range(len(draft.members)):
        member = draft.member(index)
        description = HOUSEHOLD_ROLES.get(member.get("role", ""), "")
        if member.get("date_of_birth"):
            description += f", born {long_date(member['date_of_birth'])}"
        name = f"{member.get('given_name', '')} {member.get('family_name', '')}"
        url = reverse("referral:member_edit", args=[index])
        rows.append(Row(name, description, f"{url}?change=1" if change else url))
    return rows


def _concern(draft: Draft) -> list[Row]:
    concern = draft.initial("concern")
    url = change_url("concern")
    urgency = concern.get("referrer_urgency", "")
    rows = [
        Row("What has happened", concern.get("concern", ""), url),
        Row("What you have already done", concern.get("action_taken") or NOT_GIVEN, url),
        Row("How urgent", Urgency(urgency).label if urgency in Urgency.values else "", url),
        Row(
            "Does the family know",
            FAMILY_AWARE.get(draft.initial("family").get("family_aware", ""), ""),
            change_url("family"),
        ),
    ]
    if draft.is_professional:
        consent = draft.initial("consent")
        url = change_url("consent")
        rows.append(Row("Has the family agreed", CONSENT.get(consent.get("consent", ""), ""), url))
        if consent.get("consent_reason"):
            rows.append(Row("Why you have not asked", consent["consent_reason"], url))
    return rows
