"""Break-glass: a MASH member opens a contact they have no other reason to see.

They state why (at least `MIN_REASON_LENGTH` characters), confirm who they are (step-up, in
the view), and get a grant for `BREAK_GLASS_HOURS`. While it lasts the contact, and the people
it names, are visible to them (`contacts.selectors.contacts_visible_to`), every read of the
contact is audited with the grant's id, and information governance of the contact's authority
reviews the grant afterwards. Reasons live on the grant row only, never in audit details.
"""

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .models import REFERENCE_PREFIX, BreakGlassAccess, BreakGlassOutcome, Contact

MIN_REASON_LENGTH = 20
# FD-2026-000123, FD-2026-123 or the plain number; nine digits at most (a database integer).
_REFERENCE = re.compile(rf"^(?:{REFERENCE_PREFIX}-(?P<year>\d{{4}})-)?0*(?P<number>\d{{1,9}})$")


class BreakGlassAction:
    OPENED = "breakglass.opened"
    REFUSED = "breakglass.refused"
    REVIEWS_VIEWED = "breakglass.reviews_viewed"
    REVIEW_VIEWED = "breakglass.review_viewed"
    REVIEWED = "breakglass.reviewed"


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def may_break_glass(actor: Actor) -> bool:
    """MASH staff only: everyone else has their own narrower routes to a contact."""
    return actor.user is not None and actor.role in MASH_ROLES


def may_review_break_glass(actor: Actor) -> bool:
    return actor.user is not None and actor.role == Role.IG_OFFICER


def reason_problem(reason: str) -> str | None:
    """What is wrong with a stated reason, or None. One message for every channel."""
    if len(reason.strip()) < MIN_REASON_LENGTH:
        return (
            f"Enter why you need to open this contact, in at least {MIN_REASON_LENGTH} characters"
        )
    return None


def parse_reference(text: str) -> tuple[int | None, int] | None:
    """(year or None, record number) from `FD-2026-000123`, `fd-2026-123` or `123`."""
    match = _REFERENCE.match(re.sub(r"\s+", "", text).upper())
    if match is None or int(match["number"]) == 0:
        return None
    year = int(match["year"]) if match["year"] else None
    return year, int(match["number"])


# ---------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------


def find_contact_by_reference(text: str) -> Contact | None:
    """The contact a reference names, whoever may see it: only the break-glass page asks, and
    it shows nothing of the contact unless a grant (or the viewer's own scope) allows it."""
    parsed = parse_reference(text)
    if parsed is None:
        return None
    year, number = parsed
    contact = Contact.objects.select_related("local_authority").filter(pk=number).first()
    if contact is None:
        return None
    if year is not None and timezone.localtime(contact.received_at).year != year:
        return None
    return contact


def active_grants(actor: Actor, *, now: datetime | None = None) -> QuerySet[BreakGlassAccess]:
    """The actor's grants that have not expired."""
    if actor.user is None:
        return BreakGlassAccess.objects.none()
    return BreakGlassAccess.objects.filter(
        user_id=actor.user.pk, expires_at__gt=now or timezone.now()
    )


def granted_contact_ids(actor: Actor) -> QuerySet[BreakGlassAccess, Any]:
    """`contact_id` of each unexpired grant, for a semi-join (`pk__in=`)."""
    return active_grants(actor).values("contact_id")


def grant_in_use(actor: Actor, contact: Contact) -> BreakGlassAccess | None:
    """The grant the actor sees this contact under, or None when they may see it anyway (it
    belongs to their own authority) or have no unexpired grant for it."""
    if contact.local_authority.code in authority_codes_for(actor):
        return None
    return active_grants(actor).filter(contact=contact).order_by("-expires_at", "-id").first()


def grants_opening_person(actor: Actor, person_id: int) -> list[int]:
    """The actor's unexpired grants that are their only way to see this person: empty when a
    contact of their own authorities names the person (or the record merged into)."""
    named = Q(contact__subjects__person_id=person_id) | Q(
        contact__subjects__person__merged_into_id=person_id
    )
    own = Contact.objects.filter(local_authority__code__in=authority_codes_for(actor)).filter(
        Q(subjects__person_id=person_id) | Q(subjects__person__merged_into_id=person_id)
    )
    if own.exists():
        return []
    return sorted(set(active_grants(actor).filter(named).values_list("pk", flat=True)))


def grants_for_review(actor: Actor) -> QuerySet[BreakGlassAccess]:
    """Grants on contacts of the IG officer's authorities: not yet reviewed first (oldest
    first, the longest waiting), then reviewed (latest first)."""
    if not may_review_break_glass(actor):
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(
            contact__local_authority__code__in=authority_codes_for(actor)
        )
        .select_related("user", "contact", "reviewed_by")
        .annotate(
            waiting=Case(
                When(reviewed_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-reviewed_at", "granted_at", "id")
    )


def get_grant_for_review(actor: Actor, pk: int) -> BreakGlassAccess:
    """A grant for an IG officer of the contact's authority (else 404), the read audited."""
    grant = (
        grants_for_review(actor).select_related("contact__local_authority").filter(pk=pk).first()
    )
    if grant is None:
        raise Http404("No such break-glass access")
    record(
        BreakGlassAction.REVIEW_VIEWED,
        by=actor,
        target=grant,
        local_authority_code=grant.contact.local_authority.code,
    )
    return grant


def reads_of(grant: BreakGlassAccess) -> QuerySet[AuditEvent]:
    """The audited reads of the contact made under this grant, oldest first."""
    return AuditEvent.objects.filter(
        action="contact.viewed", details__break_glass=grant.pk
    ).order_by("occurred_at", "id")


def reads_under(grants: list[BreakGlassAccess]) -> Counter[int]:
    """How many audited contact reads each grant covered, by grant id. One query."""
    ids = [grant.pk for grant in grants]
    if not ids:
        return Counter()
    tagged = AuditEvent.objects.filter(
        action="contact.viewed", details__break_glass__in=ids
    ).values_list("details__break_glass", flat=True)
    return Counter(int(grant_id) for grant_id in tagged)


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def open_with_break_glass(*, contact: Contact, reason: str, by: Actor) -> BreakGlassAccess:
    """Grant `by` sight of `contact` for `BREAK_GLASS_HOURS`, with the reason recorded on the
    grant and the opening audited (the grant's id and expiry only: no free text)."""
    if not may_break_glass(by) or by.user is None:
        raise PermissionDenied("Only MASH staff may open a contact with break-glass")
    problem = reason_problem(reason)
    if problem is not None:
        raise ValidationError({"reason": [problem]})
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassAccess.objects.create(
            user_id=by.user.pk,
            contact=contact,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
            role=by.role,
            agency_code=by.agency_code,
            local_authority_code=by.local_authority_code,
        )
        record(
            BreakGlassAction.OPENED,
            by=by,
            target=contact,
            local_authority_code=contact.local_authority.code,
            details={"grant": grant.pk, "expires_at": grant.expires_at.isoformat()},
        )
    return grant


def review_break_glass(
    *, grant: BreakGlassAccess, outcome: str, note: str, by: Actor
) -> BreakGlassAccess:
    """Record information governance's verdict on a grant, once. A grant found not justified
    needs a note saying why (and what happens next)."""
    if not may_review_break_glass(by) or by.user is None:
        raise PermissionDenied("Only information governance officers review break-glass")
    authority = grant.contact.local_authority.code
    if authority not in authority_codes_for(by):
        raise PermissionDenied("This break-glass access is for another authority to review")
    errors: dict[str, list[str]] = {}
    if outcome not in BreakGlassOutcome.values:
        errors["outcome"] = ["Select whether the access was justified"]
    if outcome == BreakGlassOutcome.NOT_JUSTIFIED and not note.strip():
        errors["note"] = ["Enter what was wrong with this access and what happens next"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Re-read under a lock so two officers cannot both record a verdict.
        locked = BreakGlassAccess.objects.select_for_update().get(pk=grant.pk)
        if locked.reviewed_at is not None:
            raise ValidationError({"outcome": ["Someone has already reviewed this access"]})
        locked.reviewed_by_id = by.user.pk
        locked.reviewed_at = timezone.now()
        locked.review_outcome = outcome
        locked.review_note = note.strip()
        locked.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
        record(
            BreakGlassAction.REVIEWED,
            by=by,
            target=locked,
            local_authority_code=authority,
            details={"grant": locked.pk, "outcome": outcome},
        )
    return locked
