"""The staff pages for recording a contact: one form per step, and the draft they build up.

The forms only parse what was typed (dates, times, choices). The rules are the service's:
each step runs `check_contact` over the draft and puts the errors for its own fields, keyed by
field path ("subjects.0.nhs_number"), back on those fields. The final submission does the same
with `receive_contact`, so a rule lives in one place and every channel gives the same message.
"""

import copy
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from frontdoor.agencies.models import LocalAuthority
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.core.actors import Actor
from frontdoor.core.forms import GovukDateField, textarea_field
from frontdoor.people.identifiers import (
    NHS_NUMBER_EXAMPLE,
    PNC_ID_EXAMPLE,
    POSTCODE_EXAMPLE,
    UPN_EXAMPLE,
)
from frontdoor.people.lookup import Candidate, new_record
from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.models import Disability
from frontdoor.reference.models import AssessmentFactor, Ethnicity, ReferralSource, Sex

from .models import Channel, Cohort, Consent, FamilyAware, ReferrerKind, SubjectRole, Urgency
from .services import ContactDetails, ReferrerDetails, SubjectDetails, check_contact

# Staff record what reached them directly; the online form and the API are channels of their own.
STAFF_CHANNELS = [
    (value, label)
    for value, label in Channel.choices
    if value not in (Channel.ONLINE_FORM, Channel.PARTNER_API)
]
DISABILITY_CHOICES = [
    (Disability.YES, "Yes"),
    (Disability.NO, "No"),
    (Disability.UNKNOWN, "Not known"),
]
TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
NARROW = "govuk-input--width-10"


def _radios(label: str, choices: Any, help_text: str = "") -> forms.ChoiceField:
    """Radios whose 'nothing chosen' message comes from the service, like every other rule."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the options"},
    )


def _text(label: str, help_text: str = "", *, css: str = "", **attrs: str) -> forms.CharField:
    widget_attrs = {"class": css, **attrs} if css else attrs
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.TextInput(attrs=widget_attrs),
    )


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    """Fill a choice field's options from the database when the form is built."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def choice_labels(field: forms.Field) -> dict[Any, str]:
    """A choice field's options as value → label (flat choices only)."""
    return {value: str(label) for value, label in getattr(field, "choices", [])}


def show_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


class StepForm(forms.Form):
    """A step of the journey: it turns its answers into rows for the check-answers page."""

    def answer(self, name: str) -> str:
        """The answer to one field as the user would say it: labels, not codes."""
        value = self.cleaned_data.get(name)
        field = self.fields[name]
        if isinstance(value, date):
            return show_date(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(field, forms.ChoiceField) and value:
            return choice_labels(field).get(value, str(value))
        return str(value or "").strip()


class ReceivedForm(StepForm):
    received_date = GovukDateField(
        label="Date received",
        help_text="For example, 27 3 2026",
        label_noun="date the contact was received",
    )
    received_time = forms.CharField(
        label="Time received",
        help_text="Use the 24-hour clock, like 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time the contact was received"},
    )
    channel = _radios("How was the contact received?", STAFF_CHANNELS)
    referral_source = forms.ChoiceField(
        label="Referral source",
        help_text="Who made the referral, from the children in need census list",
        required=False,
        error_messages={"invalid_choice": "Select the referral source from the list"},
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authorities = list(
            LocalAuthority.objects.filter(code__in=authority_codes_for(actor), in_hub=True)
            .order_by("name")
            .values_list("code", "name")
        )
        if len(self.authorities) > 1:
            self.fields["local_authority"] = _radios(
                "Which local authority is the contact for?", self.authorities
            )
            self.order_fields(["received_date", "received_time", "local_authority"])
        sources = ReferralSource.objects.values_list("code", "description")
        set_choices(
            self,
            "referral_source",
            [("", "Select a referral source")]
            + [(code, f"{code} – {description}") for code, description in sources],
        )

    def clean_received_date(self) -> date:
        received: date = self.cleaned_data["received_date"]
        if received < timezone.localdate() - timedelta(days=366):
            raise ValidationError("The date the contact was received must be in the last 12 months")
        return received

    def clean_received_time(self) -> time:
        match = TIME_PATTERN.match(self.cleaned_data["received_time"])
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError(
                "Enter the time the contact was received in the 24-hour clock, like 14:30"
            )
        return time(int(match[1]), int(match[2]))

    @property
    def local_authority_code(self) -> str:
        if "local_authority" in self.fields:
            return str(self.cleaned_data.get("local_authority") or "")
        return self.authorities[0][0] if self.authorities else ""

    def received_at(self) -> datetime | None:
        day, at = self.cleaned_data.get("received_date"), self.cleaned_data.get("received_time")
        if day is None or at is None:
            return None
        return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())

    def details(self) -> dict[str, Any]:
        return {
            "local_authority_code": self.local_authority_code,
            "channel": self.cleaned_data.get("channel", ""),
            "referral_source": self.cleaned_data.get("referral_source", ""),
            "received_at": self.received_at(),
        }

    def rows(self) -> list[tuple[str, str, str]]:
        received = self.received_at()
        when = f"{show_date(received.date())} at {received:%H:%M}" if received else ""
        authority = dict(self.authorities).get(self.local_authority_code, "")
        return [
            ("Received", when, "received_date"),
            ("Local authority", authority, "local_authority"),
            ("How it was received", self.answer("channel"), "channel"),
            ("Referral source", self.answer("referral_source"), "referral_source"),
        ]


class ReferrerForm(StepForm):
    kind = _radios("Who is the referrer?", ReferrerKind.choices)
    anonymous = forms.BooleanField(
        label="The referrer wants to stay anonymous",
        help_text="Only a member of the public can stay anonymous. Leave their name and contact "
        "details empty.",
        required=False,
    )
    name = _text("Name", autocomplete="off", spellcheck="false")
    role = _text(
        "Role or job title", "For a professional, for example designated safeguarding lead"
    )
    organisation = _text("Organisation", "Required for a professional")
    phone = _text(
        "Phone number", "Enter a phone number or an email address", css="govuk-input--width-20"
    )
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )

    def referrer(self) -> ReferrerDetails:
        data = self.cleaned_data
        return ReferrerDetails(
            kind=data.get("kind", ""),
            anonymous=bool(data.get("anonymous")),
            name=data.get("name", ""),
            role=data.get("role", ""),
            organisation=data.get("organisation", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )

    def rows(self) -> list[tuple[str, str, str]]:
        rows = [("Referrer", self.answer("kind"), "kind")]
        if self.cleaned_data.get("anonymous"):
            return [*rows, ("Anonymous", "Yes", "anonymous")]
        labels = [
            ("Name", "name"),
            ("Role", "role"),
            ("Organisation", "organisation"),
            ("Phone number", "phone"),
            ("Email address", "email"),
        ]
        return rows + [(label, self.answer(name), name) for label, name in labels]


class PersonForm(StepForm):
    given_name = _text("First name", autocomplete="off", spellcheck="false")
    middle_names = _text("Middle names (optional)", autocomplete="off", spellcheck="false")
    family_name = _text("Last name", autocomplete="off", spellcheck="false")
    role = _radios("Their role in this contact", SubjectRole.choices)
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2017. Leave it empty for an unborn child.",
        label_noun="date of birth",
        required=False,
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        help_text="Only for a child who is not born yet, for example 14 9 2026",
        label_noun="expected date of birth",
        required=False,
    )
    sex = _radios("Sex", [])
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False)
    disability = _radios(
        "Does the child have a disability?",
        DISABILITY_CHOICES,
        "Only for a subject child or a sibling",
    )
    address = textarea_field("Address", rows=3)
    postcode = _text("Postcode", f"For example, {POSTCODE_EXAMPLE}", css=NARROW)
    nhs_number = _text(
        "NHS number (optional)",
        f"10 digits, like {NHS_NUMBER_EXAMPLE}",
        css=NARROW,
        inputmode="numeric",
        spellcheck="false",
    )
    upn = _text(
        "Unique pupil number (optional)",
        f"13 characters, like {UPN_EXAMPLE}",
        css="govuk-input--width-20",
        spellcheck="false",
    )
    pnc_id = _text(
        "PNC ID (optional)",
        f"Police National Computer ID, like {PNC_ID_EXAMPLE}",
        css=NARROW,
        spellcheck="false",
    )
    la_child_id = _text(
        "LA child ID (optional)",
        "The local authority's own ID for the child: letters and numbers only",
        css="govuk-input--width-20",
        spellcheck="false",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "sex", list(Sex.objects.values_list("code", "description")))
        self.fields["sex"].small = True  # type: ignore[attr-defined]
        self.fields["disability"].small = True  # type: ignore[attr-defined]
        ethnicities = Ethnicity.objects.values_list("code", "description")
        set_choices(self, "ethnicity", [("", "Not known"), *ethnicities])

    def subject(self) -> SubjectDetails:
        data = self.cleaned_data
        return SubjectDetails(
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            role=data.get("role", ""),
            date_of_birth=data.get("date_of_birth"),
            expected_date_of_birth=data.get("expected_date_of_birth"),
            sex=data.get("sex", ""),
            ethnicity=data.get("ethnicity", ""),
            disability=data.get("disability", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            nhs_number=data.get("nhs_number", ""),
            upn=data.get("upn", ""),
            middle_names=data.get("middle_names", ""),
            pnc_id=data.get("pnc_id", ""),
            la_child_id=data.get("la_child_id", ""),
        )

    def match_record(self) -> PersonRecord:
        """The person as entered, for finding records the hub may already hold."""
        data = self.cleaned_data
        return new_record(
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            date_of_birth=data.get("date_of_birth"),
            sex_code=data.get("sex", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            nhs_number=data.get("nhs_number", ""),
        )

    @property
    def name(self) -> str:
        return f"{self.answer('given_name')} {self.answer('family_name')}".strip()

    @property
    def title(self) -> str:
        name = self.name
        return f"{name or 'Unnamed person'} ({self.answer('role') or 'role not given'})"

    def rows(self) -> list[tuple[str, str, str]]:
        born = self.answer("date_of_birth")
        expected = self.answer("expected_date_of_birth")
        labels = [
            ("Sex", "sex"),
            ("Ethnicity", "ethnicity"),
            ("Disability", "disability"),
            ("Address", "address"),
            ("Postcode", "postcode"),
            ("NHS number", "nhs_number"),
            ("Unique pupil number", "upn"),
            ("PNC ID", "pnc_id"),
            ("LA child ID", "la_child_id"),
        ]
        if self.answer("middle_names"):
            labels.insert(0, ("Middle names", "middle_names"))
        dates = (
            [("Expected date of birth", expected, "expected_date_of_birth")]
            if expected and not born
            else [("Date of birth", born, "date_of_birth")]
        )
        return dates + [(label, self.answer(name), name) for label, name in labels]


# The assessment-factor codes in groups a practitioner can scan, by the code's number.
CATEGORY_GROUPS: list[tuple[str, str, set[str]]] = [
    ("categories_abuse", "Abuse or neglect", {"16", "17", "18", "19", "22", "23"}),
    ("categories_domestic", "Domestic abuse", {"3"}),
    ("categories_exploitation", "Exploitation and going missing", {"10", "11", "12", "13", "24"}),
    ("categories_substances", "Alcohol and drugs", {"1", "2"}),
    ("categories_health", "Health and disability", {"4", "5", "6"}),
    ("categories_other", "Other factors", set()),
]
CATEGORY_FIELDS = [name for name, _label, _numbers in CATEGORY_GROUPS]


def _group_of(code: str) -> str:
    number = code.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for name, _label, numbers in CATEGORY_GROUPS:
        if number in numbers:
            return name
    return CATEGORY_GROUPS[-1][0]


class ConcernForm(StepForm):
    cohort = _radios("Who is the concern about?", Cohort.choices)
    concern = textarea_field("What is the concern?", "In the referrer's own words", rows=8)
    action_taken = textarea_field("What has the referrer already done?", rows=4)
    family_aware = _radios("Does the family know about the referral?", FamilyAware.choices)
    consent = _radios(
        "Did the family consent to information being shared?",
        Consent.choices,
        "Below the child-protection level, information can only be gathered with consent or a "
        "recorded reason it was not sought.",
    )
    consent_reason = textarea_field(
        "Reason consent was not sought or was refused",
        "You must give a reason if consent was not sought",
        rows=3,
    )
    referrer_urgency = _radios("How urgent does the referrer think this is?", Urgency.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {name: [] for name in CATEGORY_FIELDS}
        for code, description in AssessmentFactor.objects.values_list("code", "description"):
            grouped[_group_of(code)].append((code, f"{description} ({code})"))
        for name, label, _numbers in CATEGORY_GROUPS:
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=grouped[name],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Select categories from the list"},
            )
            self.fields[name].small = True  # type: ignore[attr-defined]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("cohort", "concern")]

    def category_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CATEGORY_FIELDS]

    def other_fields(self) -> list[forms.BoundField]:
        names = ("action_taken", "family_aware", "consent", "consent_reason", "referrer_urgency")
        return [self[name] for name in names]

    def categories(self) -> list[str]:
        return [code for name in CATEGORY_FIELDS for code in self.cleaned_data.get(name, [])]

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("cohort", "concern", "action_taken", "family_aware", "consent")
        values = {name: data.get(name, "") for name in names}
        return {
            **values,
            "consent_reason": data.get("consent_reason", ""),
            "referrer_urgency": data.get("referrer_urgency", ""),
            "categories": self.categories(),
        }

    def category_labels(self) -> list[str]:
        labels: dict[str, str] = {}
        for name in CATEGORY_FIELDS:
            labels.update(choice_labels(self.fields[name]))
        return [labels[code] for code in self.categories()]

    def rows(self) -> list[tuple[str, str, str]]:
        labels = [
            ("Who the concern is about", "cohort"),
            ("The concern", "concern"),
            ("What the referrer has done", "action_taken"),
            ("Family knows", "family_aware"),
            ("Consent", "consent"),
            ("Reason about consent", "consent_reason"),
            ("Referrer's view of urgency", "referrer_urgency"),
        ]
        rows = [(label, self.answer(name), name) for label, name in labels]
        rows.insert(2, ("Categories", "\n".join(self.category_labels()), CATEGORY_FIELDS[0]))
        return rows


NEW_PERSON = "new"


class MatchForm(forms.Form):
    """Is the person entered one of the records found? One radio per record, and "new"."""

    person = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the record that is this person, or that this is a new person",
            "invalid_choice": "Select the record that is this person, or that this is a new person",
        },
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "person",
            [(str(c.person.pk), f"Yes, this is {c.person.full_name}") for c in candidates]
            + [(NEW_PERSON, "No, none of these: this is a new person")],
        )

    def existing_person_id(self) -> int | None:
        chosen = self.cleaned_data["person"]
        return None if chosen == NEW_PERSON else int(chosen)


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add another person?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you need to add another person",
            "invalid_choice": "Select yes if you need to add another person",
        },
    )


# ---------------------------------------------------------------------------------------------
# The draft: the answers so far, kept in the session between steps.
# ---------------------------------------------------------------------------------------------

SESSION_KEY = "contact_draft"
# Kept with a person's answers: the record the practitioner chose ("" for a new record) and
# whether they were asked. Answers posted to the person step never carry these keys, so a
# change to the person forgets the choice and asks again.
EXISTING_PERSON = "_existing_person_id"
IDENTITY_CHECKED = "_identity_checked"
RESERVED_KEYS = (EXISTING_PERSON, IDENTITY_CHECKED)
SECTIONS = ("received", "referrer", "people", "concern")
RECEIVED_PATHS = {
    "received_at": "received_date",
    "local_authority": "local_authority",
    "channel": "channel",
    "referral_source": "referral_source",
}
CONCERN_PATHS = {
    "cohort": "cohort",
    "concern": "concern",
    "categories": CATEGORY_FIELDS[0],
    "action_taken": "action_taken",
    "family_aware": "family_aware",
    "consent": "consent",
    "consent_reason": "consent_reason",
    "referrer_urgency": "referrer_urgency",
}

Answers = dict[str, list[str]]


def answers_from(data: Mapping[str, Any]) -> Answers:
    """What was posted, minus the CSRF token, as plain lists (JSON for the session)."""
    getlist = getattr(data, "getlist", None)
    return {
        key: (list(getlist(key)) if getlist else [str(data[key])])
        for key in data
        if key != "csrfmiddlewaretoken" and key not in RESERVED_KEYS
    }


@dataclass(frozen=True)
class Place:
    """Where a service error belongs: a section ('person' with an index) and a field."""

    section: str
    field: str = ""
    index: int | None = None


def place_of(path: str) -> Place:
    """Map the service's field path back onto the step and the field that asked for it."""
    head, _, rest = path.partition(".")
    if head == "subjects" and rest:
        index, _, name = rest.partition(".")
        return Place("person", name, int(index)) if index.isdigit() else Place("people")
    if head == "subjects":
        return Place("people")
    if head == "referrer":
        return Place("referrer", rest)
    if head in RECEIVED_PATHS:
        return Place("received", RECEIVED_PATHS[head])
    if head in CONCERN_PATHS:
        return Place("concern", CONCERN_PATHS[head])
    return Place("check")


@dataclass
class ContactDraft:
    """The answers given so far. Nothing here is saved to the database."""

    session: SessionBase
    actor: Actor
    answers: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, session: SessionBase, actor: Actor) -> "ContactDraft":
        stored = session.get(SESSION_KEY)
        answers = copy.deepcopy(stored) if isinstance(stored, dict) else {}
        answers.setdefault("people", [])
        return cls(session=session, actor=actor, answers=answers)

    def save(self) -> None:
        self.session[SESSION_KEY] = self.answers

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    # Forms bound to the stored answers -----------------------------------------------------

    def received_form(self, data: Any = None) -> ReceivedForm:
        return ReceivedForm(self._bind(data, "received"), actor=self.actor)

    def referrer_form(self, data: Any = None) -> ReferrerForm:
        return ReferrerForm(self._bind(data, "referrer"))

    def concern_form(self, data: Any = None) -> ConcernForm:
        return ConcernForm(self._bind(data, "concern"))

    def person_form(self, index: int | None, data: Any = None) -> PersonForm:
        people = self.answers["people"]
        if data is None and index is not None and index < len(people):
            return PersonForm(MultiValueDict(people[index]))
        if data is None:
            initial = {"role": SubjectRole.SUBJECT_CHILD} if not people else {}
            return PersonForm(initial=initial)
        return PersonForm(data)

    def person_forms(self) -> list[PersonForm]:
        """The people so far, parsed: stored answers always parse; the service judges them."""
        people = [PersonForm(MultiValueDict(person)) for person in self.answers["people"]]
        for person in people:
            person.is_valid()
        return people

    def choose_person(self, index: int, existing_person_id: int | None) -> None:
        """Keep the practitioner's answer to "is this someone we already know?"."""
        person = self.answers["people"][index]
        person[EXISTING_PERSON] = [str(existing_person_id or "")]
        person[IDENTITY_CHECKED] = ["yes"]

    def chosen_person(self, index: int) -> tuple[int | None, bool]:
        """The existing record chosen for the person at `index` (or None), and whether the
        practitioner was asked at all."""
        person = self.answers["people"][index]
        chosen = (person.get(EXISTING_PERSON) or [""])[0]
        checked = (person.get(IDENTITY_CHECKED) or [""])[0] == "yes"
        return (int(chosen) if chosen.isdigit() else None), checked

    def subjects(self) -> list[SubjectDetails]:
        """Each person as the service takes them, with the practitioner's choice of record."""
        subjects = []
        for index, form in enumerate(self.person_forms()):
            existing, checked = self.chosen_person(index)
            subjects.append(
                dataclasses.replace(
                    form.subject(), existing_person_id=existing, identity_checked=checked
                )
            )
        return subjects

    def _bind(self, data: Any, section: str) -> Any:
        if data is not None:
            return data
        stored = self.answers.get(section)
        return MultiValueDict(stored) if stored else None

    # Progress ------------------------------------------------------------------------------

    def has(self, section: str) -> bool:
        return bool(self.answers.get(section))

    def first_missing(self) -> str | None:
        for section in SECTIONS:
            if not self.has(section):
                return section
        return None

    # Checking with the service's rules -----------------------------------------------------

    def details(self) -> ContactDetails:
        """The draft as the service takes it; unanswered sections are empty."""
        values: dict[str, Any] = {
            "local_authority_code": "",
            "channel": "",
            "referral_source": "",
            "cohort": "",
            "concern": "",
            "family_aware": "",
            "consent": "",
            "referrer_urgency": "",
        }
        received, concern, referrer = (
            self.received_form(),
            self.concern_form(),
            self.referrer_form(),
        )
        if received.is_bound and received.is_valid():
            values.update(received.details())
        if concern.is_bound and concern.is_valid():
            values.update(concern.details())
        subjects = self.subjects()
        return ContactDetails(
            **values,
            referrer=referrer.referrer()
            if referrer.is_bound and referrer.is_valid()
            else ReferrerDetails(kind=""),
            subjects=subjects,
        )

    def errors_by_place(self, error: ValidationError) -> dict[Place, list[str]]:
        found: dict[Place, list[str]] = {}
        for path, messages in error.message_dict.items():
            found.setdefault(place_of(path), []).extend(messages)
        return found

    def problems(self) -> dict[Place, list[str]]:
        """Every rule the draft breaks so far, by where it belongs."""
        try:
            check_contact(self.details())
        except ValidationError as error:
            return self.errors_by_place(error)
        return {}

    def problems_in(self, section: str, index: int | None = None) -> dict[str, list[str]]:
        """The errors for one step's fields (for a person, the one at `index`)."""
        return {
            place.field: messages
            for place, messages in self.problems().items()
            if place.section == section and place.index == index
        }
