"""Sending a referral: one call to `receive_contact`, then a confirmation, or an honest refusal.

The confirmation shows only after the service has returned, so the contact is committed first.
If the database cannot be reached the referrer is told nothing was sent and given the hub's
phone number, on a page rendered without touching the database: never a false confirmation.
A filled-in honeypot gets a confirmation-looking page and nothing is stored. Too many sends
from one address get a 429. Nothing here logs personal data.
"""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from frontdoor.agencies.selectors import hub_local_authorities
from frontdoor.audit.services import record
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip

from . import throttle
from .draft import CHECK, DRAFT_KEY, SENT_KEY, Draft, contact_details, file_errors

logger = logging.getLogger(__name__)

HONEYPOT = "website"
HONEYPOT_ACTION = "referral.honeypot"


def page_url(page: str, *, change: bool = False) -> str:
    """The URL of a question page ('member.N' is the Nth person in the household)."""
    if page.startswith("member."):
        url = reverse("referral:member_edit", args=[int(page.removeprefix("member."))])
    else:
        url = reverse(f"referral:{page}")
    return f"{url}?change=1" if change else url


def send(request: HttpRequest) -> HttpResponse:
    """Record the referral in one transaction, then confirm; or say plainly that it was not."""
    ip_address = client_ip(request)
    if not throttle.allow_submission(ip_address):
        logger.warning("Referral refused: too many submissions from one address")
        context = {
            "title": "You cannot send another referral yet",
            "authorities": hub_local_authorities(),
        }
        return render(request, "contacts/refer/too_many.html", context, status=429)
    try:
        draft = Draft.load(request.session)
    except DatabaseError as failure:
        return _not_sent(request, {}, failure)
    if request.POST.get(HONEYPOT):
        draft.trap(CHECK)
    if draft.trapped_at:
        return _pretend_sent(request, draft, ip_address)
    missing = draft.first_unanswered()
    if missing:
        return redirect(page_url(missing))
    try:
        contact = services.receive_contact(
            details=contact_details(draft), by=Actor.anonymous(ip_address)
        )
    except ValidationError as invalid:
        page = file_errors(draft, _messages(invalid))
        draft.save(request.session)
        return redirect(page_url(page, change=page != CHECK))
    except DatabaseError as failure:
        # The session is left alone (it is in the database too): the draft stays for a retry.
        return _not_sent(request, draft.hub, failure)
    emailed = _acknowledge(contact, draft)
    del request.session[DRAFT_KEY]
    request.session[SENT_KEY] = {
        "reference": contact.reference,
        "emailed": emailed,
        "anonymous": contact.referrer_anonymous,
        "hub": draft.hub,
    }
    return redirect("referral:sent")


def _messages(invalid: ValidationError) -> dict[str, list[str]]:
    if hasattr(invalid, "error_dict"):
        return invalid.message_dict
    return {NON_FIELD_ERRORS: invalid.messages}


def _not_sent(request: HttpRequest, hub: dict[str, str], failure: Exception) -> HttpResponse:
    """503, rendered without the request's context: the database may be what failed."""
    logger.error("Referral not recorded: the database failed (%s)", type(failure).__name__)
    context = {
        "title": "Your referral has not been sent",
        "service_name": settings.SERVICE_NAME,
        "hub": hub,
        "csp_nonce": get_nonce(request),
    }
    return HttpResponse(render_to_string("contacts/refer/not_sent.html", context), status=503)


def _pretend_sent(request: HttpRequest, draft: Draft, ip_address: str | None) -> HttpResponse:
    """A honeypot was filled in: look like a confirmation, store nothing, audit no details."""
    record(
        HONEYPOT_ACTION,
        by=Actor.anonymous(ip_address),
        local_authority_code=draft.hub.get("code", ""),
        details={"page": draft.trapped_at},
    )
    logger.info("Referral honeypot filled in; nothing was recorded")
    request.session.pop(DRAFT_KEY, None)
    request.session[SENT_KEY] = {"reference": "", "emailed": False, "hub": draft.hub}
    return redirect("referral:sent")


def _acknowledge(contact: Contact, draft: Draft) -> bool:
    """Email the reference (never the concern) to the referrer. A failure loses nothing."""
    if contact.referrer_anonymous or not contact.referrer_email:
        return False
    context = {"reference": contact.reference, "hub_name": settings.HUB_NAME, "hub": draft.hub}
    try:
        send_mail(
            f"Your referral has been sent: {contact.reference}",
            render_to_string("contacts/refer/acknowledgement.txt", context),
            None,
            [contact.referrer_email],
        )
    except Exception as failure:
        logger.warning(
            "Acknowledgement email for contact %s not sent (%s)",
            contact.pk,
            type(failure).__name__,
        )
        return False
    return True
