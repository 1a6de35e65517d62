"""The shapes the API accepts and returns.

Input schemas are strict: a string is a string (not a number), a flag is `true` or `false`,
a list is a list, dates are `YYYY-MM-DD` strings, and unknown fields are refused, so a typo
in a field name is reported rather than silently dropped. Every string has a maximum length.
Codes (source, cohort, consent…) are checked by the contacts service, so the API, the staff
pages and the online form give the same messages; the allowed values are listed here for
the OpenAPI document.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, JsonValue, StringConstraints
from pydantic.config import JsonDict

from frontdoor.contacts.models import (
    Channel,
    Cohort,
    Consent,
    Contact,
    FamilyAware,
    ReferrerKind,
    SubjectRole,
    Urgency,
)
from frontdoor.contacts.services import (
    MAX_SUBJECTS,
    MAX_TEXT,
    ContactDetails,
    ReferrerDetails,
    SubjectDetails,
)

MAX_CATEGORIES = 60

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("Enter the date as a string in the form YYYY-MM-DD, like 2018-05-04")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("Enter a real date, in the form YYYY-MM-DD") from None


def _aware_datetime(value: object) -> object:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("Enter the time as an ISO 8601 string, like 2026-03-02T09:30:00Z")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "Enter the time as an ISO 8601 string, like 2026-03-02T09:30:00Z"
        ) from None
    if timezone.is_naive(parsed):
        raise ValueError("Include the time zone, like 2026-03-02T09:30:00Z or +01:00")
    return parsed


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
AwareDateTime = Annotated[datetime, BeforeValidator(_aware_datetime)]


# Every string has a ceiling, so no single field can carry a megabyte.
Code = Annotated[str, StringConstraints(max_length=3)]  # authority, source, category codes
Choice = Annotated[str, StringConstraints(max_length=30)]
Name = Annotated[str, StringConstraints(max_length=100)]
Label = Annotated[str, StringConstraints(max_length=150)]
Organisation = Annotated[str, StringConstraints(max_length=200)]
Phone = Annotated[str, StringConstraints(max_length=40)]
Email = Annotated[str, StringConstraints(max_length=254)]
Address = Annotated[str, StringConstraints(max_length=500)]
Identifier = Annotated[str, StringConstraints(max_length=20)]  # postcode, NHS number, UPN
Reason = Annotated[str, StringConstraints(max_length=2000)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]


def _choices(values: list[str], description: str) -> Any:
    enum: JsonDict = {"enum": list[JsonValue](values)}
    return Field(..., description=description, json_schema_extra=enum)


class StrictSchema(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")


class ReferrerIn(StrictSchema):
    kind: Choice = _choices(ReferrerKind.values, "A professional or a member of the public.")
    anonymous: bool = Field(False, description="Only a member of the public may be anonymous.")
    name: Label | None = None
    role: Label | None = None
    organisation: Organisation | None = Field(None, description="Required for a professional.")
    phone: Phone | None = Field(None, description="A phone number or an email address.")
    email: Email | None = None

    def to_details(self) -> ReferrerDetails:
        return ReferrerDetails(
            kind=self.kind,
            anonymous=self.anonymous,
            name=self.name or "",
            role=self.role or "",
            organisation=self.organisation or "",
            phone=self.phone or "",
            email=self.email or "",
        )


class SubjectIn(StrictSchema):
    given_name: Name
    family_name: Name
    role: Choice = _choices(SubjectRole.values, "The person's role in this contact.")
    date_of_birth: IsoDate | None = Field(
        None,
        description=(
            "Required for a subject child, a sibling or an adult at risk, unless the child is "
            "not born yet (then give expected_date_of_birth)."
        ),
    )
    expected_date_of_birth: IsoDate | None = Field(None, description="For an unborn child.")
    sex: Code | None = Field(None, description="M, F or U.")
    ethnicity: Choice | None = Field(None, description="A CIN census ethnicity code, e.g. WBRI.")
    disability: Choice | None = Field(
        None,
        description="Whether a subject child or sibling has a disability: yes, no or unknown.",
    )
    address: Address | None = None
    postcode: Identifier | None = None
    nhs_number: Identifier | None = Field(None, description="10 digits; the check digit is tested.")
    upn: Identifier | None = Field(None, description="Unique pupil number; check letter tested.")
    middle_names: Name | None = None
    pnc_id: Identifier | None = Field(
        None, description="Police National Computer ID, e.g. 99/123456X; check letter tested."
    )
    la_child_id: Identifier | None = Field(
        None, description="The local authority's child ID (CIN census LAchildID)."
    )

    def to_details(self) -> SubjectDetails:
        return SubjectDetails(
            given_name=self.given_name,
            family_name=self.family_name,
            role=self.role,
            date_of_birth=self.date_of_birth,
            expected_date_of_birth=self.expected_date_of_birth,
            sex=self.sex or "",
            ethnicity=self.ethnicity or "",
            disability=self.disability or "",
            address=self.address or "",
            postcode=self.postcode or "",
            nhs_number=self.nhs_number or "",
            upn=self.upn or "",
            middle_names=self.middle_names or "",
            pnc_id=self.pnc_id or "",
            la_child_id=self.la_child_id or "",
        )


class ContactIn(StrictSchema):
    """A safeguarding contact as the partner system records it."""

    local_authority_code: Code = Field(
        ..., description="DfE code of an authority this hub serves, e.g. 860."
    )
    received_at: AwareDateTime | None = Field(
        None, description="When the partner received it; now if left out. Not in the future."
    )
    referral_source: Code = Field(
        ..., description="CIN census referral source code, 1A to 10 (e.g. 5A for police)."
    )
    referrer: ReferrerIn
    subjects: list[SubjectIn] = Field(..., max_length=MAX_SUBJECTS)
    cohort: Choice = _choices(Cohort.values, "Who the concern is about.")
    concern: LongText = Field(..., description="The concern in the referrer's words.")
    categories: list[Code] = Field(
        default_factory=list,
        max_length=MAX_CATEGORIES,
        description="CIN assessment factor codes, e.g. 18C.",
    )
    action_taken: LongText | None = None
    family_aware: Choice = _choices(FamilyAware.values, "Whether the family knows.")
    consent: Choice = _choices(Consent.values, "Whether the family consented.")
    consent_reason: Reason | None = Field(None, description="Required when consent is not_sought.")
    referrer_urgency: Choice = _choices(Urgency.values, "The referrer's view of urgency.")

    def to_details(self) -> ContactDetails:
        return ContactDetails(
            local_authority_code=self.local_authority_code,
            channel=Channel.PARTNER_API,
            referral_source=self.referral_source,
            referrer=self.referrer.to_details(),
            subjects=[subject.to_details() for subject in self.subjects],
            cohort=self.cohort,
            concern=self.concern,
            categories=list(self.categories),
            action_taken=self.action_taken or "",
            family_aware=self.family_aware,
            consent=self.consent,
            consent_reason=self.consent_reason or "",
            referrer_urgency=self.referrer_urgency,
            received_at=self.received_at,
        )


class ContactReceipt(Schema):
    """What the hub did with a contact: its reference, status and decision clock."""

    reference: str = Field(..., examples=["FD-2026-000123"])
    id: int
    status: str
    received_at: datetime
    decision_due_at: datetime
    local_authority_code: str

    @classmethod
    def of(cls, contact: Contact) -> "ContactReceipt":
        return cls(
            reference=contact.reference,
            id=contact.pk,
            status=contact.status,
            received_at=contact.received_at,
            decision_due_at=contact.decision_due_at,
            local_authority_code=contact.local_authority.code,
        )


class ReferrerOut(Schema):
    kind: str
    anonymous: bool
    name: str
    role: str
    organisation: str
    phone: str
    email: str


class SubjectOut(Schema):
    role: str


class ContactOut(ContactReceipt):
    """A contact as the partner sent it, with the hub's reference, status and dates.

    People are listed by role only: the hub matches them to its own person records, which may
    hold details from other sources that are not the partner's to read.
    """

    referral_source: str
    referrer: ReferrerOut
    subjects: list[SubjectOut]
    cohort: str
    concern: str
    categories: list[str]
    action_taken: str
    family_aware: str
    consent: str
    consent_reason: str
    referrer_urgency: str

    @staticmethod
    def resolve_local_authority_code(contact: Contact) -> str:
        return contact.local_authority.code

    @staticmethod
    def resolve_referral_source(contact: Contact) -> str:
        return str(contact.referral_source_id)

    @staticmethod
    def resolve_referrer(contact: Contact) -> dict[str, Any]:
        return {
            "kind": contact.referrer_kind,
            "anonymous": contact.referrer_anonymous,
            "name": contact.referrer_name,
            "role": contact.referrer_role,
            "organisation": contact.referrer_organisation,
            "phone": contact.referrer_phone,
            "email": contact.referrer_email,
        }

    @staticmethod
    def resolve_subjects(contact: Contact) -> list[dict[str, str]]:
        return [{"role": subject.role} for subject in contact.subjects.all()]

    @staticmethod
    def resolve_categories(contact: Contact) -> list[str]:
        return sorted(factor.pk for factor in contact.categories.all())


class FieldError(Schema):
    field: str = Field(..., examples=["subjects.0.nhs_number"])
    message: str


class Problem(Schema):
    """RFC 9457 problem details (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = Field(
        None, description="For invalid requests: one entry per bad field, as a dotted path."
    )
