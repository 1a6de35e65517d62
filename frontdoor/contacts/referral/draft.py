"""The referral draft: a referrer's answers so far, kept in their session until they send it.

The session is database-backed, so the draft survives between pages. It holds only JSON: each
page's cleaned answers (dates as ISO strings), the people in the household, the hub's name and
phone number (so the "not sent" page can give the number without another query), and any errors
the service found when the referral was sent, filed under the page that can fix them.
"""

import copy
from datetime import date
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import NON_FIELD_ERRORS

from frontdoor.agencies.models import LocalAuthority
from frontdoor.contacts.models import Channel, Cohort, Consent, ReferrerKind, SubjectRole
from frontdoor.contacts.services import ContactDetails, ReferrerDetails, SubjectDetails

from .choices import ANONYMOUS_SOURCE, ORGANISATION_TYPES, RELATIONSHIPS

DRAFT_KEY = "referral_draft"
SENT_KEY = "referral_sent"

# The question pages in order. A professional is asked about consent; the public are not.
STEPS = (
    "area",
    "who",
    "about_you",
    "cohort",
    "person",
    "household",
    "concern",
    "family",
    "consent",
)
CHECK = "check"
DATE_FIELDS = ("date_of_birth", "expected_date_of_birth")
PUBLIC_CONSENT_REASON = "Referral from a member of the public"

Answers = dict[str, Any]
PageErrors = dict[str, list[str]]


def _encode(answers: Answers) -> Answers:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in answers.items()}


def _decode(answers: Answers) -> Answers:
    decoded = dict(answers)
    for name in DATE_FIELDS:
        if decoded.get(name):
            decoded[name] = date.fromisoformat(decoded[name])
    return decoded


class Draft:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.answers: dict[str, Answers] = data.setdefault("answers", {})
        self.members: list[Answers] = data.setdefault("members", [])
        self.errors: dict[str, PageErrors] = data.setdefault("errors", {})

    @classmethod
    def load(cls, session: SessionBase) -> "Draft":
        stored = session.get(DRAFT_KEY)
        return cls(copy.deepcopy(stored) if isinstance(stored, dict) else {})

    def save(self, session: SessionBase) -> None:
        session[DRAFT_KEY] = self.data

    # --- Who and what ---------------------------------------------------------------------

    @property
    def is_professional(self) -> bool:
        return bool(self.answers.get("who", {}).get("kind") == ReferrerKind.PROFESSIONAL)

    @property
    def cohort(self) -> str:
        return str(self.answers.get("cohort", {}).get("cohort", ""))

    @property
    def noun(self) -> str:
        """How the pages name the person the concern is about."""
        return "adult" if self.cohort == Cohort.ADULT_AT_RISK else "child"

    @property
    def hub(self) -> dict[str, str]:
        """The chosen authority's code, name and phone line."""
        return dict(self.data.get("hub", {}))

    def choose_area(self, local_authority: LocalAuthority) -> None:
        self.data["hub"] = {
            "code": local_authority.code,
            "name": local_authority.name,
            "phone": local_authority.hub_phone,
        }

    @property
    def trapped_at(self) -> str:
        """The first page whose honeypot was filled in, or ''."""
        return str(self.data.get("trapped_at", ""))

    def trap(self, page: str) -> None:
        self.data.setdefault("trapped_at", page)

    # --- Pages ------------------------------------------------------------------------------

    def applies(self, step: str) -> bool:
        return step != "consent" or self.is_professional

    def steps(self) -> list[str]:
        return [step for step in STEPS if self.applies(step)]

    def first_unanswered(self, *, before: str | None = None) -> str | None:
        for step in self.steps():
            if step == before:
                return None
            if step not in self.answers:
                return step
        return None

    @property
    def complete(self) -> bool:
        return self.first_unanswered() is None

    def next_step(self, step: str) -> str | None:
        steps = self.steps()
        following = steps[steps.index(step) + 1 :] if step in steps else []
        return following[0] if following else None

    def previous_step(self, step: str) -> str | None:
        steps = self.steps()
        if step not in steps:
            return steps[-1]
        index = steps.index(step)
        return steps[index - 1] if index else None

    def initial(self, step: str) -> Answers:
        """The page's answers, or those it had before an earlier change made it ask again."""
        return _decode(self.answers.get(step) or self.data.get("stale", {}).get(step) or {})

    def put(self, step: str, answers: Answers) -> None:
        if step == "who" and self.answers.get("who") not in (None, _encode(answers)):
            self._ask_again("about_you", "consent")  # the questions differ by kind of referrer
        if step == "cohort" and self.answers.get("cohort") not in (None, _encode(answers)):
            self._ask_again("person")  # an adult has no expected date of birth
        self.answers[step] = _encode(answers)
        self.errors.pop(step, None)

    def _ask_again(self, *steps: str) -> None:
        stale = self.data.setdefault("stale", {})
        for step in steps:
            if step in self.answers:
                stale[step] = self.answers.pop(step)

    # --- The household ------------------------------------------------------------------------

    def member(self, index: int) -> Answers:
        return _decode(self.members[index])

    def put_member(self, index: int | None, answers: Answers) -> None:
        if index is None:
            self.members.append(_encode(answers))
        else:
            self.members[index] = _encode(answers)
            self.errors.pop(f"member.{index}", None)

    def remove_member(self, index: int) -> None:
        del self.members[index]
        # Errors filed under later people would now point at the wrong person.
        for key in [key for key in self.errors if key.startswith("member.")]:
            del self.errors[key]


def contact_details(draft: Draft) -> ContactDetails:
    """The complete draft as the service takes it: channel online form, source by CIN code."""
    you = draft.answers.get("about_you", {})
    if draft.is_professional:
        referrer = ReferrerDetails(
            kind=ReferrerKind.PROFESSIONAL,
            name=you.get("name", ""),
            role=you.get("role", ""),
            organisation=you.get("organisation", ""),
            phone=you.get("phone", ""),
            email=you.get("email", ""),
        )
        source = ORGANISATION_TYPES.get(you.get("organisation_type", ""), ("", ""))[1]
        consent = draft.answers.get("consent", {})
        consent_given = consent.get("consent", "")
        consent_reason = consent.get("consent_reason", "")
    else:
        relationship, code = RELATIONSHIPS.get(you.get("relationship", ""), ("", ""))
        anonymous = bool(you.get("anonymous"))
        referrer = ReferrerDetails(
            kind=ReferrerKind.PUBLIC,
            anonymous=anonymous,
            name=you.get("name", ""),
            role=relationship,
            phone=you.get("phone", ""),
            email=you.get("email", ""),
        )
        source = ANONYMOUS_SOURCE if anonymous else code
        consent_given, consent_reason = Consent.NOT_SOUGHT, PUBLIC_CONSENT_REASON
    concern = draft.answers.get("concern", {})
    return ContactDetails(
        local_authority_code=draft.hub.get("code", ""),
        channel=Channel.ONLINE_FORM,
        referral_source=source,
        referrer=referrer,
        subjects=[_subject(draft), *(_member(draft.member(i)) for i in range(len(draft.members)))],
        cohort=draft.cohort,
        concern=concern.get("concern", ""),
        action_taken=concern.get("action_taken", ""),
        referrer_urgency=concern.get("referrer_urgency", ""),
        family_aware=draft.answers.get("family", {}).get("family_aware", ""),
        consent=consent_given,
        consent_reason=consent_reason,
    )


def _subject(draft: Draft) -> SubjectDetails:
    person = draft.initial("person")
    child = draft.cohort == Cohort.CHILD
    return SubjectDetails(
        given_name=person.get("given_name", ""),
        family_name=person.get("family_name", ""),
        role=SubjectRole.SUBJECT_CHILD if child else SubjectRole.ADULT_AT_RISK,
        date_of_birth=person.get("date_of_birth"),
        expected_date_of_birth=person.get("expected_date_of_birth") if child else None,
        address=person.get("address", ""),
        postcode=person.get("postcode", ""),
        nhs_number=person.get("nhs_number", "") if draft.is_professional else "",
        disability=person.get("disability", "") if child else "",
    )


def _member(member: Answers) -> SubjectDetails:
    return SubjectDetails(
        given_name=member.get("given_name", ""),
        family_name=member.get("family_name", ""),
        role=member.get("role", ""),
        date_of_birth=member.get("date_of_birth"),
    )


# --- Errors the service found, filed under the page that can fix them ----------------------

_PAGE_FOR_FIELD = {
    "local_authority": ("area", "local_authority"),
    "cohort": ("cohort", "cohort"),
    "concern": ("concern", "concern"),
    "action_taken": ("concern", "action_taken"),
    "referrer_urgency": ("concern", "referrer_urgency"),
    "family_aware": ("family", "family_aware"),
    "consent": ("consent", "consent"),
    "consent_reason": ("consent", "consent_reason"),
    "referrer.kind": ("who", "kind"),
    "subjects": ("person", ""),
}


def _page_for(draft: Draft, path: str) -> tuple[str, str]:
    """The page and field for one of the service's error paths ('' = the page as a whole)."""
    head, _, rest = path.partition(".")
    if head == "subjects" and rest:
        index, _, name = rest.partition(".")
        number = int(index) if index.isdigit() else -1
        if number == 0:
            return "person", name
        if 0 < number <= len(draft.members):
            return f"member.{number - 1}", name
        return CHECK, ""
    if path == "referral_source" or path == "referrer.role":
        return "about_you", "organisation_type" if draft.is_professional else "relationship"
    if head == "referrer" and path not in _PAGE_FOR_FIELD:
        return "about_you", rest
    page, name = _PAGE_FOR_FIELD.get(path, (CHECK, ""))
    return (page, name) if draft.applies(page) else (CHECK, "")


def file_errors(draft: Draft, message_dict: dict[str, list[str]]) -> str:
    """Replace the draft's errors with the service's; return the first page that has some."""
    draft.errors.clear()
    for path, messages in message_dict.items():
        page, name = _page_for(draft, path)
        draft.errors.setdefault(page, {}).setdefault(name or NON_FIELD_ERRORS, []).extend(messages)
    order = [*STEPS[:5], *(f"member.{i}" for i in range(len(draft.members))), *STEPS[5:], CHECK]
    return next((page for page in order if page in draft.errors), CHECK)
