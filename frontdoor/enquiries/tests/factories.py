"""Builders for information-request tests, for tests in any app.

alice = actor(practitioner)
contact = screened_contact(by=alice)                      # red, level 4, child + mother
police = sent_request(contact, "staffs-police", by=alice)  # about everyone in the contact
answered(police, by=actor(police_researcher), sensitivity="restricted")
"""

from datetime import datetime

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.models import Agency
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.models import InformationRequest, LawfulBasis
from frontdoor.enquiries.services import (
    AnswerDetails,
    answer_information_request,
    send_information_requests,
)
from frontdoor.screening.services import screen_contact

MOTHER = child(
    given_name="Jade",
    family_name="Example",
    role="parent_carer",
    date_of_birth=None,
    nhs_number="",
    sex="F",
    address="1 Example Street\nStoke-on-Trent",
    postcode="ST4 1AA",
)
QUESTIONS = "What do you know about the family?"
TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
# The hub's agreement shares the concern with police and health, not with education.
CHILD_AGENCIES = ("staffs-police", "staffs-health", "staffs-education")


def actor(person) -> Actor:
    """The cast member acting through their membership, as the pages would build it."""
    return actor_for_user(person.user)


def received_contact(*, by: Actor | None = None, **overrides: object) -> Contact:
    details = {"subjects": [child(), MOTHER], **overrides}
    return receive_contact(details=contact_details(**details), by=by or Actor.system("tests"))


def screened_contact(
    *,
    by: Actor,
    level: int = 4,
    rag: str = "red",
    next_step: str = "information_gathering",
    **overrides: object,
) -> Contact:
    """A contact about Ruby (subject child) and Jade (her mother), screened by `by`."""
    contact = received_contact(by=by, **overrides)
    screen_contact(
        contact=contact,
        threshold_level=level,
        rag_rating=rag,
        owning_cohort="childrens_services",
        next_step=next_step,
        rationale="Bruising and fear of going home",
        by=by,
    )
    contact.refresh_from_db()
    return contact


def sent_requests(
    contact: Contact,
    agencies: tuple[str, ...] = CHILD_AGENCIES,
    *,
    by: Actor,
    subject_ids: list[int] | None = None,
    lawful_basis: str = LawfulBasis.PUBLIC_TASK,
    questions: str = QUESTIONS,
) -> list[InformationRequest]:
    ids = (
        subject_ids
        if subject_ids is not None
        else list(contact.subjects.values_list("pk", flat=True))
    )
    return send_information_requests(
        contact=contact,
        agencies=[Agency.objects.get(code=code) for code in agencies],
        subject_ids=ids,
        questions=questions,
        lawful_basis=lawful_basis,
        by=by,
    )


def sent_request(
    contact: Contact, agency: str = "staffs-police", *, by: Actor, **kwargs: object
) -> InformationRequest:
    [request] = sent_requests(contact, (agency,), by=by, **kwargs)  # type: ignore[arg-type]
    return request


def answers_for(
    request: InformationRequest,
    *,
    finding: str = "found",
    sensitivity: str = "shareable",
    summary: str = "Known to us: one incident in 2025.",
    systems_checked: str = "Records system",
) -> list[AnswerDetails]:
    return [
        AnswerDetails(
            subject_id=subject.pk,
            finding=finding,
            summary=summary if finding == "found" else "",
            systems_checked=systems_checked,
            sensitivity=sensitivity,
        )
        for subject in request.subjects.all()
    ]


def answered(request: InformationRequest, *, by: Actor, **kwargs: str) -> InformationRequest:
    return answer_information_request(
        request=request, answers=answers_for(request, **kwargs), by=by
    )
