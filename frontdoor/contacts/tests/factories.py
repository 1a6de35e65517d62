"""Builders for valid contact details, for tests in any app."""

from datetime import date

from frontdoor.contacts.services import ContactDetails, ReferrerDetails, SubjectDetails


def child(**overrides: object) -> SubjectDetails:
    values: dict[str, object] = {
        "given_name": "Ruby",
        "family_name": "Example",
        "role": "subject_child",
        "date_of_birth": date(2018, 5, 4),
        "sex": "F",
        "postcode": "st4 1aa",
        "nhs_number": "943 476 5919",
    }
    values.update(overrides)
    return SubjectDetails(**values)  # type: ignore[arg-type]


def professional(**overrides: object) -> ReferrerDetails:
    values: dict[str, object] = {
        "kind": "professional",
        "name": "Sam Teacher",
        "role": "Designated safeguarding lead",
        "organisation": "Example Primary School",
        "phone": "01782 000000",
        "email": "dsl@school.example",
    }
    values.update(overrides)
    return ReferrerDetails(**values)  # type: ignore[arg-type]


def contact_details(**overrides: object) -> ContactDetails:
    values: dict[str, object] = {
        "local_authority_code": "860",
        "channel": "phone",
        "referral_source": "2A",
        "referrer": professional(),
        "subjects": [child()],
        "cohort": "child",
        "concern": (
            "Ruby arrived at school with bruising to her arm and said she was scared to go home."
        ),
        "family_aware": "no",
        "consent": "not_sought",
        "consent_reason": "Seeking consent could place the child at greater risk.",
        "referrer_urgency": "immediate",
        "categories": ["18C"],
    }
    values.update(overrides)
    return ContactDetails(**values)  # type: ignore[arg-type]
