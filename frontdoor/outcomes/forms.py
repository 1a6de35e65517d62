"""The handover forms. They parse; the services hold the rules and say what is wrong."""

from dataclasses import dataclass
from typing import Any

from django import forms

from frontdoor.agencies.models import Team
from frontdoor.contacts.forms import set_choices
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationResponse, Sensitivity
from frontdoor.enquiries.rules import may_read_answer

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
