"""One local authority's records, whole, for an authority leaving a shared hub.

`export_authority` writes a zip: one JSON-lines file per kind of record (one JSON object per
line, keyed by field), `manifest.json` (the authority, when, and for each file its record
count and schema) and `README.txt`. Every kind is selected through the authority's contacts
(or, for audit events, the authority recorded on the event), so nothing of another authority
goes in, apart from what the leaving authority holds too: a person named in contacts of both
authorities is included, with their names, addresses and the relationships between people
who are both included. Rows are streamed from the database into the zip a chunk at a time.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.contacts.models import BreakGlassAccess, Contact, ContactStatusChange, ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import (
    Chase,
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
)
from frontdoor.governance.models import LegalHold
from frontdoor.meetings.models import Action, Invitee, StrategyDiscussion
from frontdoor.outcomes.models import Handover, HandoverItem, TeamResponse
from frontdoor.people.models import (
    Household,
    HouseholdMember,
    Person,
    PersonAddress,
    PersonName,
    Relationship,
)
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision

from .services import ExportAction, is_system

FORMAT = "frontdoor-authority-export"
VERSION = 1
CHUNK = 2000


@dataclass(frozen=True)
class Kind:
    """One file of the export: the rows of a model that belong to the authority."""

    name: str
    model: type[models.Model]
    rows: Callable[[LocalAuthority], QuerySet[Any]]
    description: str


def _people(la: LocalAuthority) -> QuerySet[Any]:
    named = ContactSubject.objects.filter(contact__local_authority=la).values("person_id")
    responded = TeamResponse.objects.filter(handover__contact__local_authority=la).values(
        "person_id"
    )
    return Person.objects.filter(Q(pk__in=named) | Q(pk__in=responded))


def _of_people(model: type[models.Model]) -> Callable[[LocalAuthority], QuerySet[Any]]:
    return lambda la: model._default_manager.filter(person__in=_people(la).values("pk"))


ContactCategory = Contact.categories.through
RequestSubject = InformationRequest.subjects.through

KINDS: tuple[Kind, ...] = (
    Kind(
        "contacts",
        Contact,
        lambda la: Contact.objects.filter(local_authority=la),
        "Every contact the authority received, with its referrer and concern.",
    ),
    Kind(
        "contact_categories",
        ContactCategory,
        lambda la: ContactCategory.objects.filter(contact__local_authority=la),
        "The concern categories (CIN assessment factor codes) of each contact.",
    ),
    Kind(
        "contact_subjects",
        ContactSubject,
        lambda la: ContactSubject.objects.filter(contact__local_authority=la),
        "The people each contact names, and their role in it.",
    ),
    Kind(
        "people",
        Person,
        _people,
        "Every person named in the authority's contacts (some may also be named by another "
        "authority's contacts).",
    ),
    Kind("person_names", PersonName, _of_people(PersonName), "Other names of those people."),
    Kind("person_addresses", PersonAddress, _of_people(PersonAddress), "Their address history."),
    Kind(
        "relationships",
        Relationship,
        lambda la: Relationship.objects.filter(
            person__in=_people(la).values("pk"), relative__in=_people(la).values("pk")
        ),
        "Relationships between two people who are both in this export.",
    ),
    Kind(
        "household_members",
        HouseholdMember,
        _of_people(HouseholdMember),
        "Which household (address) each person was seen at.",
    ),
    Kind(
        "households",
        Household,
        lambda la: Household.objects.filter(
            members__person__in=_people(la).values("pk")
        ).distinct(),
        "The households (addresses) of those people.",
    ),
    Kind(
        "status_changes",
        ContactStatusChange,
        lambda la: ContactStatusChange.objects.filter(contact__local_authority=la),
        "Each contact's status history.",
    ),
    Kind(
        "screenings",
        ScreeningDecision,
        lambda la: ScreeningDecision.objects.filter(contact__local_authority=la),
        "Threshold level and RAG rating decisions.",
    ),
    Kind(
        "recommendations",
        Recommendation,
        lambda la: Recommendation.objects.filter(contact__local_authority=la),
        "Recommended outcomes.",
    ),
    Kind(
        "decisions",
        ManagerDecision,
        lambda la: ManagerDecision.objects.filter(recommendation__contact__local_authority=la),
        "Managers' approvals and returns of recommendations.",
    ),
    Kind(
        "information_requests",
        InformationRequest,
        lambda la: InformationRequest.objects.filter(contact__local_authority=la),
        "Requests to partner agencies.",
    ),
    Kind(
        "information_request_subjects",
        RequestSubject,
        lambda la: RequestSubject.objects.filter(informationrequest__contact__local_authority=la),
        "Which contact subjects each request asked about.",
    ),
    Kind(
        "information_responses",
        InformationResponse,
        lambda la: InformationResponse.objects.filter(request__contact__local_authority=la),
        "Agencies' answers, with their sensitivity marking (shareable, hub only, restricted).",
    ),
    Kind(
        "deadline_extensions",
        DeadlineExtension,
        lambda la: DeadlineExtension.objects.filter(request__contact__local_authority=la),
        "Agencies' requests for more time, and the answers.",
    ),
    Kind(
        "chases",
        Chase,
        lambda la: Chase.objects.filter(request__contact__local_authority=la),
        "Reminders and escalations sent for requests.",
    ),
    Kind(
        "strategy_discussions",
        StrategyDiscussion,
        lambda la: StrategyDiscussion.objects.filter(contact__local_authority=la),
        "Strategy discussions and their decisions.",
    ),
    Kind(
        "strategy_discussion_invitees",
        Invitee,
        lambda la: Invitee.objects.filter(discussion__contact__local_authority=la),
        "Agencies invited to each discussion, and attendance.",
    ),
    Kind(
        "strategy_discussion_actions",
        Action,
        lambda la: Action.objects.filter(discussion__contact__local_authority=la),
        "Actions agreed at discussions.",
    ),
    Kind(
        "handovers",
        Handover,
        lambda la: Handover.objects.filter(contact__local_authority=la),
        "Packages sent to receiving teams.",
    ),
    Kind(
        "handover_items",
        HandoverItem,
        lambda la: HandoverItem.objects.filter(handover__contact__local_authority=la),
        "Answers included in each package.",
    ),
    Kind(
        "team_responses",
        TeamResponse,
        lambda la: TeamResponse.objects.filter(handover__contact__local_authority=la),
        "What receiving teams did for each child (assessments, s47 enquiries, NFA).",
    ),
    Kind(
        "break_glass_grants",
        BreakGlassAccess,
        lambda la: BreakGlassAccess.objects.filter(contact__local_authority=la),
        "Break-glass access to the authority's contacts, and its review.",
    ),
    Kind(
        "legal_holds",
        LegalHold,
        lambda la: LegalHold.objects.filter(local_authority=la),
        "Legal holds the authority's information governance placed.",
    ),
    Kind(
        "audit_events",
        AuditEvent,
        lambda la: AuditEvent.objects.filter(local_authority=la.code),
        "The audit trail of the authority (events recorded against its code).",
    ),
)

README = """Front Door: whole export of one local authority
=================================================

Authority: {name} (DfE LA code {code})
Exported:  {exported_at}

What this is
------------
Every record Front Door holds for the authority's contacts, for an authority leaving a shared
hub. Each .jsonl file holds one kind of record, one JSON object per line, keyed by field name.
manifest.json lists each file with its number of records and its fields (name, type, whether
it may be empty, and what a reference field points at).

Identifiers
-----------
Each record's "id" is its number in this hub. Reference fields end in "_id" and hold the "id"
of a record in another file (e.g. contact_subjects.contact_id -> contacts.id). Fields pointing
at staff accounts (recorded_by_id, sent_by_id, ...) hold the hub's user numbers; staff
accounts are not exported. Reference codes (referral_source_id "2A", sex_id "F",
ethnicity_id "WBRI", ...) are the national codes. Times are ISO 8601 in UTC.

Shared records
--------------
People are included if any of this authority's contacts names them. A person named in
contacts of this authority and another authority of the hub is included, because this
authority holds them too; nothing about the other authority's contacts is included.
Relationships are included only where both people are in this export.

Sensitivity
-----------
Agencies' answers keep their marking (information_responses.sensitivity): "restricted"
answers are for the providing agency and MASH managers only, "hub_only" answers for MASH
decisions. Handle them accordingly in the receiving system.

Not included
------------
Other authorities' contacts and audit events, staff accounts, duplicate proposals and merge
snapshots (they may describe other authorities' records), search keys and notifications.
"""


def _schema(model: type[models.Model]) -> list[dict[str, Any]]:
    fields = []
    for field in model._meta.concrete_fields:
        entry: dict[str, Any] = {
            "name": field.attname,
            "type": field.get_internal_type(),
            "nullable": field.null,
        }
        if field.is_relation and field.related_model is not None:
            entry["references"] = field.related_model._meta.label_lower
        fields.append(entry)
    return fields


def _write_kind(archive: zipfile.ZipFile, kind: Kind, la: LocalAuthority) -> int:
    names = [field.attname for field in kind.model._meta.concrete_fields]
    count = 0
    with archive.open(f"{kind.name}.jsonl", "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        rows = kind.rows(la).order_by("pk").values_list(*names).iterator(chunk_size=CHUNK)
        for values in rows:
            text.write(
                json.dumps(
                    dict(zip(names, values, strict=True)),
                    cls=DjangoJSONEncoder,
                    ensure_ascii=False,
                )
            )
            text.write("\n")
            count += 1
        text.flush()
        text.detach()
    return count


def export_authority(*, local_authority_code: str, out: IO[bytes], by: Actor) -> dict[str, int]:
    """Write the authority's whole export to `out` (a binary file) and return the number of
    records of each kind. Only the system (a command an operator runs) may do this."""
    if not is_system(by):
        raise PermissionDenied("A whole-authority export is run by an operator, as a command")
    la = LocalAuthority.objects.filter(code=local_authority_code).first()
    if la is None:
        raise ValidationError({"la": f"No local authority has the code {local_authority_code}"})
    exported_at = timezone.now()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            counts[kind.name] = _write_kind(archive, kind, la)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "local_authority": {"code": la.code, "name": la.name},
            "exported_at": exported_at.isoformat(),
            "files": [
                {
                    "file": f"{kind.name}.jsonl",
                    "records": counts[kind.name],
                    "description": kind.description,
                    "model": kind.model._meta.label_lower,
                    "fields": _schema(kind.model),
                }
                for kind in KINDS
            ],
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr(
            "README.txt",
            README.format(name=la.name, code=la.code, exported_at=exported_at.isoformat()),
        )
    with transaction.atomic():
        record(
            ExportAction.AUTHORITY,
            by=by,
            target=la,
            local_authority_code=la.code,
            details={"authorities": [la.code], "format": "zip", "rows": counts},
        )
    return counts
