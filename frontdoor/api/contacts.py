"""/api/v1/contacts: partner systems send contacts and read back the ones they sent."""

import json
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Header, Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact

from .auth import calling_system, partner_actor, partner_token
from .idempotency import KeyInFlight, KeyReused, Response, body_hash, run_once
from .limits import MAX_BODY_BYTES, limit_body_size
from .pagination import MAX_LIMIT, Pages
from .problems import problem_response
from .schemas import ContactIn, ContactOut, ContactReceipt, Problem
from .selectors import contacts_sent_by, get_contact_sent_by

router = Router(tags=["contacts"], auth=partner_token)

LISTED = "api.contacts_listed"

PROBLEMS: dict[int, Any] = {401: Problem, 400: Problem, 409: Problem, 413: Problem, 422: Problem}

CREATE_DESCRIPTION = f"""
Record a safeguarding contact. The hub validates everything the staff pages and the online form
validate, and stores nothing unless all of it is valid: the response to an invalid request is a
`422` problem document naming each bad field as a dotted path (`subjects.0.nhs_number`).
Bodies over {MAX_BODY_BYTES // 1024} KB get `413`; a body that is not JSON gets `400`.

**Idempotency.** Send an `Idempotency-Key` header (any string of up to 255 printable ASCII
characters, such as a UUID) so that a retry after a timeout cannot record the contact twice.
Keys belong to your system and are kept for at least 24 hours.

* The same key with the same body (compared as canonical JSON) returns the original response,
  with the same status and body and the header `Idempotent-Replayed: true`; nothing is created.
* The same key with a different body gets `422` (problem type `idempotency-key-reused`).
* The same key while the first request is still being processed gets `409`
  (`idempotency-key-in-flight`): wait a moment and retry.
* If the first request failed (for example `422`), the key is released: correct the body and
  send it again with the same key.
"""

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x20-\x7e]+$",
        description="A unique key per contact, e.g. a UUID, to make retries safe.",
    ),
]


def _receipt_response(response: Response) -> HttpResponse:
    """The receipt as JSON. Keys are sorted so a replay is byte-for-byte the original body
    (PostgreSQL's jsonb does not keep key order)."""
    http = HttpResponse(
        json.dumps(response.body, sort_keys=True),
        status=response.status,
        content_type="application/json",
    )
    if "id" in response.body:
        http["Location"] = reverse("api-v1:contact", kwargs={"contact_id": response.body["id"]})
    if response.replayed:
        http["Idempotent-Replayed"] = "true"
    return http


@router.post(
    "",
    response={201: ContactReceipt, **PROBLEMS},
    summary="Send a contact",
    description=CREATE_DESCRIPTION,
    url_name="contacts",
)
@decorate_view(limit_body_size)
def create_contact(
    request: HttpRequest, payload: ContactIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    system = calling_system(request)
    details = payload.to_details()

    def record_contact() -> Response:
        contact = receive_contact(details=details, by=partner_actor(request), partner_system=system)
        return Response(201, ContactReceipt.of(contact).model_dump(mode="json"))

    if idempotency_key is None:
        return _receipt_response(record_contact())
    try:
        response = run_once(
            system=system,
            key=idempotency_key,
            request_hash=body_hash(json.loads(request.body)),
            work=record_contact,
        )
    except KeyReused:
        return problem_response(
            status=422,
            slug="idempotency-key-reused",
            title="Idempotency key reused with a different body",
            detail="This Idempotency-Key was used for a different request. Use a new key.",
            errors=[{"field": "Idempotency-Key", "message": "Use a new key for a new contact"}],
        )
    except KeyInFlight:
        conflict = problem_response(
            status=409,
            slug="idempotency-key-in-flight",
            title="A request with this Idempotency-Key is still in progress",
            detail="Wait a moment, then send the request again with the same key.",
        )
        conflict["Retry-After"] = "1"
        return conflict
    return _receipt_response(response)


@router.get(
    "",
    response={200: list[ContactOut], 401: Problem, 422: Problem},
    summary="List the contacts your system sent",
    description=(
        "Newest first. Only contacts this token's partner system sent are listed. "
        "A `limit` or `offset` out of range is `422`."
    ),
)
@paginate(Pages, max_limit=MAX_LIMIT)
def list_contacts(request: HttpRequest) -> QuerySet[Contact]:
    record(LISTED, by=partner_actor(request))
    return contacts_sent_by(calling_system(request))


@router.get(
    "/{int:contact_id}",
    response={200: ContactOut, 401: Problem, 404: Problem},
    summary="Read a contact your system sent",
    description="A contact another system sent, or none, is `404`.",
    url_name="contact",
)
def get_contact(request: HttpRequest, contact_id: int) -> Contact:
    return get_contact_sent_by(calling_system(request), contact_id, by=partner_actor(request))
