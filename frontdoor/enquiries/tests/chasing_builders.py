"""Information requests built straight through the ORM, for the chasing tests.

The chasing job reads requests, it does not send them; building rows directly keeps these
tests independent of the sending service and its rules.
"""

from datetime import datetime, timedelta

from frontdoor.agencies.models import Agency
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import (
    InformationRequest,
    LawfulBasis,
    RequestStatus,
    SharingAgreement,
)

SYSTEM = Actor.system("tests")


def a_contact(**overrides: object) -> Contact:
    return receive_contact(details=contact_details(**overrides), by=SYSTEM)


def a_request(
    *,
    contact: Contact,
    agency_code: str,
    sent_by,
    sent_at: datetime,
    hours: float,
    status: str = RequestStatus.SENT,
) -> InformationRequest:
    """A red request to the agency about every person on the contact, due `hours` after it was
    sent."""
    request = InformationRequest.objects.create(
        contact=contact,
        agency=Agency.objects.get(code=agency_code),
        agreement=SharingAgreement.objects.get(),
        lawful_basis=LawfulBasis.SAFEGUARDING,
        questions="What do you know about the child and the household?",
        shows_concern=True,
        rag_rating_id="red",
        sent_at=sent_at,
        sent_by=sent_by.user,
        due_at=sent_at + timedelta(hours=hours),
        status=status,
        responded_at=sent_at + timedelta(minutes=30) if status == RequestStatus.ANSWERED else None,
        responded_by=None,
        withdrawn_reason="No longer needed." if status == RequestStatus.WITHDRAWN else "",
    )
    request.subjects.set(contact.subjects.all())
    return request
