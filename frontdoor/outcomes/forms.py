"""The handover forms. They parse; the services hold the rules and say what is wrong."""

from dataclasses import dataclass
from typing import Any

from django import forms

from frontdoor.agencies.models import Team
from frontdoor.contacts.forms import set_choices
from frontdoor.core.actors import Actor
from frontdoor.core.forms import GovukDateField
from frontdoor.enquiries.models import InformationResponse, Sensitivity
from frontdoor.enquiries.rules import may_read_answer
from frontdoor.people.models import Person

from .models import ResponseKind, YesNoUnknown
from .responses import ResponseFacts
from .rules import MARKING_WORDS, leaves_the_hub_freely


@dataclass(frozen=True)
class AnswerChoice:
    """One answer as the builder sees it: a restricted one they may not read is not shown."""

    pk: int
    label: str
    summary: str
    shareable: bool
    marking: str

    @property
    def reason_field(self) -> str:
        return f"reason-{self.pk}"

    @property
    def reason_label(self) -> str:
        return f"Why should this {self.marking} answer be included?"


def answer_choices(actor: Actor, answers: list[InformationResponse]) -> list[AnswerChoice]:
    choices = []
    for answer in answers:
        agency = answer.request.agency
        person = answer.subject.person.full_name
        readable = may_read_answer(
            actor, sensitivity=answer.sensitivity, providing_agency_code=agency.code
        )
        if readable:
            label = (
                f"{agency.name}: about {person} — {answer.get_finding_display()} "
                f"({Sensitivity(answer.sensitivity).label})"
            )
        else:
            label = (
                f"Restricted answer from {agency.name} about {person}: "
                "only MASH managers can read it"
            )
        choices.append(
            AnswerChoice(
                pk=answer.pk,
                label=label,
                summary=answer.summary if readable else "",
                shareable=leaves_the_hub_freely(answer.sensitivity),
                marking=MARKING_WORDS[Sensitivity(answer.sensitivity)],
            )
        )
    return choices


class BuildHandoverForm(forms.Form):
    receiving_team = forms.ChoiceField(
        label="Which team receives it?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the team that receives the package"},
    )
    summary = forms.CharField(
        label="Your note to the receiving team",
        help_text="Say what the MASH found, what was decided and what the team should do first.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    include = forms.MultipleChoiceField(
        label="Answers to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only answers given about this contact"},
    )

    def __init__(
        self, *args: Any, teams: list[Team], answers: list[AnswerChoice], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"include": [str(a.pk) for a in answers if a.shareable]})
        super().__init__(*args, **kwargs)
        self.teams = {str(team.pk): team for team in teams}
        self.answers = answers
        set_choices(self, "receiving_team", [(pk, team.name) for pk, team in self.teams.items()])
        set_choices(self, "include", [(str(answer.pk), answer.label) for answer in answers])
        for answer in answers:
            if not answer.shareable:
                self.fields[answer.reason_field] = forms.CharField(
                    label=answer.reason_label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def chosen_team(self) -> Team | None:
        return self.teams.get(self.cleaned_data.get("receiving_team") or "")

    def included(self) -> list[tuple[int, str]]:
        """(answer id, reason) for each ticked answer."""
        return [
            (int(pk), self.cleaned_data.get(f"reason-{pk}", "") or "")
            for pk in self.cleaned_data.get("include", [])
        ]


class ConsentForm(forms.Form):
    CONSENT, REFUSE = "consent", "refuse"

    decision = forms.ChoiceField(
        label="Do these answers go to the receiving team?",
        choices=[
            (CONSENT, "Consent and send with these answers"),
            (REFUSE, "Send without them"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether these answers go with the package",
            "invalid_choice": "Select whether these answers go with the package",
        },
    )


# --- What the receiving team did -----------------------------------------------------------

YES, NO = "yes", "no"
ANSWERS_WITH_UNKNOWN: list[tuple[str, str]] = [
    (YesNoUnknown.YES.value, "Yes"),
    (YesNoUnknown.NO.value, "No"),
    (YesNoUnknown.UNKNOWN.value, "Not known"),
]


def _radios(label: str, choices: list[tuple[str, str]], help_text: str = "") -> forms.ChoiceField:
    """Optional radios: the service says what is missing or does not fit."""
    field = forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the options"},
    )
    field.small = True  # type: ignore[attr-defined]
    return field


def _yes_no(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


def _answer(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


class TeamResponseForm(forms.Form):
    """Change what the team recorded: the kind of work and the child are fixed."""

    started_on = GovukDateField(
        label="Start date",
        help_text=(
            "The day the assessment or enquiry started, or the day your team decided no further "
            "action. For example, 27 3 2026"
        ),
        label_noun="start date",
        required=False,
    )
    completed_on = GovukDateField(
        label="Date completed (optional)",
        help_text="For an assessment, the day it was completed and authorised",
        label_noun="completion date",
        required=False,
    )
    worker_name = forms.CharField(label="Allocated worker (optional)", required=False)
    organisation = forms.CharField(
        label="Organisation completing the early help assessment (optional)",
        help_text="Early help assessments only. Leave it empty if your team completes it.",
        required=False,
    )
    child_seen = _radios("Was the child seen during the assessment?", ANSWERS_WITH_UNKNOWN)
    needs_support = _radios(
        "Was the child assessed as needing children's social care support?", ANSWERS_WITH_UNKNOWN
    )
    icpc_not_required = _radios(
        "Was an initial child protection conference deemed unnecessary?",
        [(YES, "Yes"), (NO, "No")],
        "Section 47 enquiries only. Leave it unanswered until the enquiry decides.",
    )
    icpc_on = GovukDateField(
        label="Date of the initial child protection conference (optional)",
        help_text="Section 47 enquiries only. For example, 14 4 2026",
        label_noun="conference date",
        required=False,
    )
    child_protection_plan = _radios(
        "Did the conference result in a child protection plan?",
        [(YES, "Yes"), (NO, "No")],
        "Only once the conference has been held",
    )

    @classmethod
    def initial_for(cls, facts: ResponseFacts) -> dict[str, Any]:
        return {
            "started_on": facts.started_on,
            "completed_on": facts.completed_on,
            "worker_name": facts.worker_name,
            "organisation": facts.organisation,
            "child_seen": facts.child_seen,
            "needs_support": facts.needs_support,
            "icpc_not_required": _answer(facts.icpc_not_required),
            "icpc_on": facts.icpc_on,
            "child_protection_plan": _answer(facts.child_protection_plan),
        }

    def facts(self) -> ResponseFacts:
        data = self.cleaned_data
        return ResponseFacts(
            started_on=data.get("started_on"),
            completed_on=data.get("completed_on"),
            worker_name=data.get("worker_name", ""),
            organisation=data.get("organisation", ""),
            child_seen=data.get("child_seen") or YesNoUnknown.UNKNOWN,
            needs_support=data.get("needs_support") or YesNoUnknown.UNKNOWN,
            icpc_not_required=_yes_no(data.get("icpc_not_required", "")),
            icpc_on=data.get("icpc_on"),
            child_protection_plan=_yes_no(data.get("child_protection_plan", "")),
        )


class RecordTeamResponseForm(TeamResponseForm):
    """Record a new piece of the team's work: for which child, and what kind."""

    field_order = ["person", "kind"]

    person = _radios("Which child is this about?", [])
    kind = _radios("What did your team do?", list(ResponseKind.choices))

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = {str(child.pk): child for child in children}
        set_choices(self, "person", [(pk, _described(c)) for pk, c in self.children.items()])
        self.fields["person"].error_messages["invalid_choice"] = (
            "Select a child named in the contact"
        )
        self.fields["kind"].error_messages["invalid_choice"] = "Select what your team did"

    def chosen_person(self) -> Person | None:
        return self.children.get(self.cleaned_data.get("person") or "")


def _described(child: Person) -> str:
    if child.date_of_birth:
        return f"{child.full_name}, born {child.date_of_birth.day} {child.date_of_birth:%B %Y}"
    if child.expected_date_of_birth:
        expected = child.expected_date_of_birth
        return f"{child.full_name}, expected {expected.day} {expected:%B %Y}"
    return child.full_name
