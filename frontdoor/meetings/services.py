"""Strategy discussions and their actions: the only writers of them.

A discussion is convened about an open, screened contact, with children's social care, police
and health invited as agencies that must attend; its clock starts then. Recording it is final:
attendance (or why a required agency did not attend), the information shared and the decision.
Actions agreed have one owner, an agency or a person, who is told and sees them in their queue.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from frontdoor.agencies.models import Agency
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import lock_contact
from frontdoor.core.actors import Actor
from frontdoor.notifications.services import notify

from . import selectors
from .clocks import strategy_discussion_target
from .models import Action, DiscussionDecision, Invitee, StrategyDiscussion
from .rules import may_complete_action, may_hold_discussions


class MeetingAction:
    CONVENED = "strategy_discussion.convened"
    RECORDED = "strategy_discussion.recorded"
    ACTION_ADDED = "strategy_discussion.action_added"
    ACTION_COMPLETED = "strategy_discussion.action_completed"


@dataclass(frozen=True)
class Attendance:
    """Whether an invited agency attended (None: not said), who came, or why it did not."""

    attended: bool | None = None
    attendee_name: str = ""
    absence_reason: str = ""


def attendance_field(agency_id: int, part: str) -> str:
    """The error key (and form field name) for one part of an agency's attendance."""
    return f"agency_{agency_id}_{part}"


def _user_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("A person must do this")
    return int(by.user.pk)


def _check_holder(by: Actor, contact: Contact) -> None:
    if not may_hold_discussions(by):
        raise PermissionDenied("Only MASH practitioners and managers hold strategy discussions")
    if contact.local_authority.code not in authority_codes_for(by):
        raise PermissionDenied("This contact belongs to another local authority")


def _when(moment: datetime) -> str:
    return format_date(timezone.localtime(moment), "j F Y, H:i")


@transaction.atomic
def convene_strategy_discussion(
    *, contact: Contact, reason: str, extra_agencies: list[Agency], by: Actor
) -> StrategyDiscussion:
    """Decide to hold a strategy discussion: start its clock and invite the agencies.

    Children's social care, police and health serving the contact's authority are invited as
    required; `extra_agencies` (which must serve the authority) as optional.
    """
    contact = lock_contact(contact)
    _check_holder(by, contact)
    authority = contact.local_authority
    errors: dict[str, str] = {}
    problem = selectors.why_not_convene(contact)
    if problem:
        errors["contact"] = problem
    if not reason.strip():
        errors["reason"] = "Explain why a strategy discussion is needed"
    serving = set(selectors.agencies_serving(authority).values_list("pk", flat=True))
    if any(agency.pk not in serving for agency in extra_agencies):
        errors["extra_agencies"] = f"Select only agencies that serve {authority.name}"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    discussion = StrategyDiscussion.objects.create(
        contact=contact,
        convened_at=now,
        convened_by_id=_user_id(by),
        reason=reason.strip(),
        target_at=strategy_discussion_target(authority, now),
    )
    required = list(selectors.required_agencies(authority))
    optional = [agency for agency in extra_agencies if agency not in required]
    Invitee.objects.bulk_create(
        [Invitee(discussion=discussion, agency=agency, required=True) for agency in required]
        + [Invitee(discussion=discussion, agency=agency) for agency in dict.fromkeys(optional)]
    )
    record(
        MeetingAction.CONVENED,
        by=by,
        target=discussion,
        local_authority_code=authority.code,
        details={
            "contact": contact.pk,
            "required": sorted(agency.code for agency in required),
            "also_invited": sorted({agency.code for agency in optional}),
        },
    )
    return discussion


def _attendance_errors(
    invitees: list[Invitee], attendance: dict[int, Attendance]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    invited = {invitee.agency_id for invitee in invitees}
    if set(attendance) - invited:
        errors["attendance"] = "Record attendance only for the agencies that were invited"
    for invitee in invitees:
        given = attendance.get(invitee.agency_id, Attendance())
        name = invitee.agency.name
        reason = given.absence_reason.strip()
        if given.attended is True and not given.attendee_name.strip():
            errors[attendance_field(invitee.agency_id, "attendee_name")] = (
                f"Enter the name of who attended for {name}"
            )
        elif invitee.required and given.attended is not True and not reason:
            part = "attended" if given.attended is None else "absence_reason"
            errors[attendance_field(invitee.agency_id, part)] = (
                f"Say whether {name} attended, and if not, why not"
            )
    return errors


def _decision_errors(decision: str, decision_reason: str) -> dict[str, str]:
    if decision not in DiscussionDecision.values:
        return {"decision": "Select the decision"}
    if decision_reason.strip():
        return {}
    if decision == DiscussionDecision.NO_S47:
        return {"decision_reason": "Explain why there will be no section 47 enquiry"}
    if decision == DiscussionDecision.OTHER:
        return {"decision_reason": "Explain the decision"}
    return {}


@transaction.atomic
def record_strategy_discussion(
    *,
    discussion: StrategyDiscussion,
    held_at: datetime | None,
    attendance: dict[int, Attendance],
    information_shared: str,
    decision: str,
    decision_reason: str,
    by: Actor,
) -> StrategyDiscussion:
    """Record what happened. `attendance` is keyed by the invited agency's id; an agency left
    out is recorded as not said. Final: a recorded discussion is never recorded again."""
    discussion = (
        StrategyDiscussion.objects.select_for_update(of=("self",))
        .select_related("contact__local_authority")
        .get(pk=discussion.pk)
    )
    _check_holder(by, discussion.contact)
    if discussion.is_recorded:
        raise ValidationError({"discussion": "This discussion has already been recorded"})
    invitees = list(discussion.invitees.select_related("agency"))
    now = timezone.now()
    errors: dict[str, str] = {}
    if held_at is None:
        errors["held_at"] = "Enter when the discussion was held"
    elif held_at > now:
        errors["held_at"] = "The time it was held must be in the past"
    elif held_at < discussion.convened_at.replace(second=0, microsecond=0):
        # Times are entered to the minute: the minute it was convened counts.
        errors["held_at"] = (
            f"The time it was held must be after it was convened, {_when(discussion.convened_at)}"
        )
    errors.update(_attendance_errors(invitees, attendance))
    if not information_shared.strip():
        errors["information_shared"] = "Enter the information that was shared"
    errors.update(_decision_errors(decision, decision_reason))
    if errors:
        raise ValidationError(errors)
    for invitee in invitees:
        given = attendance.get(invitee.agency_id, Attendance())
        reason = given.absence_reason.strip()
        invitee.attended = True if given.attended is True else (False if reason else given.attended)
        invitee.attendee_name = given.attendee_name.strip() if invitee.attended else ""
        invitee.absence_reason = "" if invitee.attended else reason
    Invitee.objects.bulk_update(invitees, ["attended", "attendee_name", "absence_reason"])
    discussion.held_at = held_at
    discussion.information_shared = information_shared.strip()
    discussion.decision = decision
    discussion.decision_reason = decision_reason.strip()
    discussion.recorded_at = now
    discussion.recorded_by_id = _user_id(by)
    discussion.save(
        update_fields=[
            "held_at",
            "information_shared",
            "decision",
            "decision_reason",
            "recorded_at",
            "recorded_by",
        ]
    )
    record(
        MeetingAction.RECORDED,
        by=by,
        target=discussion,
        local_authority_code=discussion.contact.local_authority.code,
        details={"decision": decision},
    )
    return discussion


def _owner_errors(
    discussion: StrategyDiscussion,
    owner_agency: Agency | None,
    owner_user: AbstractBaseUser | None,
) -> dict[str, str]:
    authority = discussion.contact.local_authority
    if owner_agency is not None and owner_user is not None:
        return {"owner": "Choose an agency or a person to own the action, not both"}
    if owner_agency is None and owner_user is None:
        return {"owner": "Choose who owns the action"}
    if (
        owner_agency is not None
        and not selectors.agencies_serving(authority).filter(pk=owner_agency.pk).exists()
    ):
        return {"owner_agency": f"Choose an agency that serves {authority.name}"}
    if (
        owner_user is not None
        and not selectors.mash_workers(authority).filter(pk=owner_user.pk).exists()
    ):
        return {"owner_user": f"Choose a practitioner or manager of the {authority.name} MASH"}
    return {}


@transaction.atomic
def add_action(
    *,
    discussion: StrategyDiscussion,
    description: str,
    owner_agency: Agency | None = None,
    owner_user: AbstractBaseUser | None = None,
    due_on: date | None,
    by: Actor,
) -> Action:
    """Agree an action with exactly one owner, an agency or a MASH practitioner or manager,
    and tell the owner (the agency's people on this authority's cases) without naming anyone."""
    discussion = StrategyDiscussion.objects.select_related("contact__local_authority").get(
        pk=discussion.pk
    )
    contact = discussion.contact
    _check_holder(by, contact)
    errors = _owner_errors(discussion, owner_agency, owner_user)
    if not description.strip():
        errors["description"] = "Describe what needs to be done"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < timezone.localdate():
        errors["due_on"] = "The due date must be today or in the future"
    if errors or due_on is None:
        raise ValidationError(errors)
    action = Action.objects.create(
        discussion=discussion,
        description=description.strip(),
        owner_agency=owner_agency,
        owner_user_id=owner_user.pk if owner_user is not None else None,
        due_on=due_on,
        created_by_id=_user_id(by),
    )
    authority = contact.local_authority
    record(
        MeetingAction.ACTION_ADDED,
        by=by,
        target=action,
        local_authority_code=authority.code,
        details={
            "discussion": discussion.pk,
            "owner_agency": owner_agency.code if owner_agency is not None else None,
            "owner_user": owner_user.pk if owner_user is not None else None,
        },
    )
    recipients: list[AbstractBaseUser] = []
    if owner_user is not None:
        recipients = [owner_user]
    elif owner_agency is not None:
        recipients = list(selectors.agency_members(owner_agency, authority))
    notify(
        users=recipients,
        subject=f"Action for you from strategy discussion {contact.reference}",
        body=(
            "A strategy discussion agreed an action for you or your agency, "
            f"due by {format_date(due_on, 'j F Y')}."
        ),
        link=reverse("meetings:actions"),
        by=by,
        local_authority_code=authority.code,
    )
    return action


@transaction.atomic
def complete_action(*, action: Action, note: str, by: Actor) -> Action:
    """Mark an action as done, once, by its owner, the owning agency or the authority's MASH."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("discussion__contact__local_authority", "owner_agency")
        .get(pk=action.pk)
    )
    authority = action.discussion.contact.local_authority
    allowed = may_complete_action(
        by,
        owner_user_id=action.owner_user_id,
        owner_agency_code=action.owner_agency.code if action.owner_agency else "",
        local_authority_code=authority.code,
        authority_codes=authority_codes_for(by),
    )
    if not allowed:
        raise PermissionDenied("Only the action's owner, their agency or the MASH can do this")
    if action.completed_at is not None:
        raise ValidationError({"action": "This action has already been marked as done"})
    if not note.strip():
        raise ValidationError({"note": "Say what was done"})
    action.completed_at = timezone.now()
    action.completed_by_id = _user_id(by)
    action.completion_note = note.strip()
    action.save(update_fields=["completed_at", "completed_by", "completion_note"])
    record(
        MeetingAction.ACTION_COMPLETED,
        by=by,
        target=action,
        local_authority_code=authority.code,
        details={"discussion": action.discussion_id},
    )
    return action
