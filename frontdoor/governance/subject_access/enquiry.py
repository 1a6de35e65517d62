"""What the MASH did about a contact naming the person: the information requests that name
them and the agencies' answers about them, strategy discussions and handover packages.

An answer marked hub-only or restricted is flagged `restricted` (ask the providing agency
before release); an answer from the police, `police_intelligence`.
"""

from collections.abc import Iterable

from frontdoor.enquiries.models import InformationRequest, InformationResponse, Sensitivity
from frontdoor.meetings.models import Action, Invitee, StrategyDiscussion
from frontdoor.outcomes.models import Handover

from .contacts import Held
from .items import Field, Flag, Item, display, staff_name, third_party_if

POLICE_KIND = "police"


def request_items(held: Held, requests: Iterable[InformationRequest]) -> tuple[Item, ...]:
    return tuple(
        Item(
            f"Information request to {r.agency.name}",
            (
                Field("reference", "Reference", r.reference),
                Field("agency", "Agency", r.agency.name),
                Field("sent_at", "Sent", r.sent_at),
                Field("sent_by", "Sent by", staff_name(r.sent_by)),
                Field("lawful_basis", "Lawful basis", r.get_lawful_basis_display()),
                Field("questions", "Questions", r.questions),
                Field("due_at", "Due", r.due_at),
                Field("status", "Status", r.get_status_display()),
                Field("responded_at", "Answered", r.responded_at),
            ),
            third_party_if(bool(held.others), r.questions),
        )
        for r in requests
    )


def answer_flags(
    *, sensitivity: str, agency_kind: str, names_others: bool, text: str
) -> tuple[Flag, ...]:
    """Why an agency's answer about the person must be reviewed before release."""
    flags = list(third_party_if(names_others, text))
    if sensitivity in {Sensitivity.HUB_ONLY, Sensitivity.RESTRICTED}:
        flags.append(Flag.RESTRICTED)
    if agency_kind == POLICE_KIND:
        flags.append(Flag.POLICE_INTELLIGENCE)
    return tuple(flags)


def answer_items(held: Held, answers: Iterable[InformationResponse]) -> tuple[Item, ...]:
    return tuple(
        Item(
            f"Answer from {a.request.agency.name}",
            (
                Field("id", "Answer number", a.pk),
                Field("request", "Request", a.request.reference),
                Field("agency", "Agency", a.request.agency.name),
                Field("answered_at", "Answered", a.answered_at),
                Field("answered_by", "Answered by", staff_name(a.answered_by)),
                Field("finding", "Finding", a.get_finding_display()),
                Field("what_is_known", "What is known", a.summary),
                Field("systems_checked", "Systems checked", a.systems_checked),
                Field("marking", "Marking", a.sensitivity),
            ),
            answer_flags(
                sensitivity=a.sensitivity,
                agency_kind=a.request.agency.kind_id,
                names_others=bool(held.others),
                text=a.summary,
            ),
        )
        for a in answers
    )


def _attendance(invitee: Invitee) -> str:
    if invitee.attended:
        who = f" ({invitee.attendee_name})" if invitee.attendee_name else ""
        return f"{invitee.agency.name}: attended{who}"
    if invitee.attended is False:
        return f"{invitee.agency.name}: did not attend ({invitee.absence_reason})"
    return f"{invitee.agency.name}: attendance not recorded"


def _action(action: Action) -> str:
    owner = action.owner_agency.name if action.owner_agency else staff_name(action.owner_user)
    state = "done" if action.completed_at else "open"
    return f"{action.description} (owner: {owner}; due {display(action.due_on)}; {state})"


def discussion_items(held: Held, discussions: Iterable[StrategyDiscussion]) -> tuple[Item, ...]:
    items = []
    for d in discussions:
        attendance = [_attendance(invitee) for invitee in d.invitees.all()]
        actions = [_action(action) for action in d.actions.all()]
        items.append(
            Item(
                "Strategy discussion",
                (
                    Field("convened_at", "Convened", d.convened_at),
                    Field("convened_by", "Convened by", staff_name(d.convened_by)),
                    Field("reason", "Why", d.reason),
                    Field("held_at", "Held", d.held_at),
                    Field("attendance", "Attendance", attendance),
                    Field("information_shared", "Information shared", d.information_shared),
                    Field("decision", "Decision", d.get_decision_display()),
                    Field("decision_reason", "Reason for the decision", d.decision_reason),
                    Field("actions", "Actions agreed", actions),
                ),
                third_party_if(
                    bool(held.others), d.reason, d.information_shared, d.decision_reason, *actions
                ),
            )
        )
    return tuple(items)


def _responses_about(held: Held, handover: Handover) -> list[str]:
    """The team's work for the person (responses name only people the contact names)."""
    others = {subject.person_id for subject in held.others}
    return [
        f"{r.get_kind_display()}: started {display(r.started_on)}"
        + (f", completed {display(r.completed_on)}" if r.completed_on else "")
        for r in handover.responses.all()
        if r.person_id not in others
    ]


def handover_items(held: Held, handovers: Iterable[Handover]) -> tuple[Item, ...]:
    return tuple(
        Item(
            f"Handover package to {h.receiving_team.name}",
            (
                Field("reference", "Reference", h.reference),
                Field("receiving_team", "Receiving team", h.receiving_team.name),
                Field("status", "Status", h.get_status_display()),
                Field("created_at", "Built", h.created_at),
                Field("created_by", "Built by", staff_name(h.created_by)),
                Field("sent_at", "Sent", h.sent_at),
                Field("acknowledged_at", "Acknowledged", h.acknowledged_at),
                Field("acknowledged_by", "Acknowledged by", staff_name(h.acknowledged_by)),
                Field("summary", "Note to the team", h.summary),
                Field(
                    "answers_included",
                    "Answers about the person included (answer numbers)",
                    [
                        str(item.response_id)
                        for item in h.items.all()
                        if item.response.subject_id in held.subject_ids
                    ],
                ),
                Field(
                    "team_responses",
                    "What the receiving team did for the person",
                    _responses_about(held, h),
                ),
            ),
            third_party_if(bool(held.others), h.summary),
        )
        for h in handovers
    )
