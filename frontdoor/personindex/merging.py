"""Merging two records of one person, and undoing it exactly.

A merge folds `absorbed` into `kept`: kept takes the value chosen for each field group, every
row that pointed at absorbed points at kept (or is deleted where it would repeat one kept
already has), and absorbed is marked `merged_into` kept. Nothing is lost: the merge's
`snapshot` lists kept's fields before and after, every row changed (with its values before),
every row deleted (in full) and every row created, so `unmerge` puts back exactly what was
there. Later changes to kept (a new contact linked to it, a new address) survive an unmerge:
a field is restored only if it still holds the value the merge gave it.

Who may: a MASH manager who can see both records merges from the duplicates queue; a MASH
practitioner or manager links a contact's unchecked subject to an existing record
(`link_subject_to_existing`), which is a merge with the existing record's details kept.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationRequest, InformationResponse
from frontdoor.people.identifiers import is_valid_nhs_number
from frontdoor.people.lookup import refresh_search_keys
from frontdoor.people.models import (
    DuplicateProposal,
    HouseholdMember,
    NameKind,
    Person,
    PersonAddress,
    PersonMerge,
    PersonName,
    PersonSearchKey,
    ProposalStatus,
    Relationship,
    RelationshipKind,
)
from frontdoor.people.services import current_record

from .access import people_visible_to
from .snapshot import Changes, restore_rows, values_of

KEPT, ABSORBED = "kept", "absorbed"

# Each group is chosen as a whole: a name or an address is not taken half from each record.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "middle_names", "family_name"),
    "date_of_birth": ("date_of_birth", "expected_date_of_birth"),
    "sex": ("sex",),
    "ethnicity": ("ethnicity",),
    "address": ("address", "postcode"),
    "nhs_number": ("nhs_number",),
    "upn": ("upn",),
    "pnc_id": ("pnc_id",),
    "la_child_id": ("la_child_id",),
}
MERGED_FIELDS = [name for group in FIELD_GROUPS.values() for name in group]
SYMMETRIC_KINDS = {
    RelationshipKind.SIBLING,
    RelationshipKind.PARTNER,
    RelationshipKind.HOUSEHOLD_MEMBER,
}

DIFFERENT_NHS = "These records have different NHS numbers. Give a reason to merge them anyway"
DIFFERENT_NHS_AT_LINK = (
    "These records have different NHS numbers, so they cannot be linked here. "
    "Ask a MASH manager to review them"
)
SubjectsThrough = InformationRequest.subjects.through


class MergeAction:
    MERGED = "person.merged"
    UNMERGED = "person.unmerged"
    LINKED = "person.linked_to_existing"
    CONFIRMED_NEW = "person.confirmed_new"
    NOT_SAME = "duplicate.not_same"


# --- Permissions -----------------------------------------------------------------------------


def may_merge(actor: Actor) -> bool:
    """Merging, unmerging and deciding duplicates are for MASH managers."""
    return actor.role == Role.MANAGER


def may_check_identity(actor: Actor, subject: ContactSubject) -> bool:
    """Practitioners and managers of the contact's authority say who a subject is."""
    return actor.role in {Role.PRACTITIONER, Role.MANAGER} and (
        subject.contact.local_authority.code in authority_codes_for(actor)
    )


def may_see(actor: Actor, *people: Person) -> bool:
    """Each record, or for a merged one the record it joined, is one the actor may see."""
    ids = {current_record(p.pk).pk for p in people}
    return people_visible_to(actor).filter(pk__in=ids).count() == len(ids)


def _check_can_see(actor: Actor, *people: Person) -> None:
    if not may_see(actor, *people):
        raise PermissionDenied("You cannot see both of these records")


# --- Merge -----------------------------------------------------------------------------------


def _lock(*people: Person) -> dict[int, Person]:
    """Lock the rows in id order (so two merges never wait on each other) and reread them."""
    ids = sorted({p.pk for p in people})
    locked = Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {p.pk: p for p in locked}


def _is_empty(person: Person, group: str) -> bool:
    return all(
        getattr(person, person._meta.get_field(n).attname) in (None, "")  # type: ignore[union-attr]
        for n in FIELD_GROUPS[group]
    )


def _resolve_choices(kept: Person, absorbed: Person, choices: Mapping[str, str]) -> dict[str, str]:
    """Each group's choice; a group not chosen keeps kept's value, or takes absorbed's when
    kept has none (so a merge never loses a value by default)."""
    unknown = set(choices) - set(FIELD_GROUPS)
    wrong = {g for g, c in choices.items() if c not in (KEPT, ABSORBED)}
    if unknown or wrong:
        raise ValidationError("Choose which record's value to keep for each field")
    resolved = {}
    for group in FIELD_GROUPS:
        default = ABSORBED if _is_empty(kept, group) and not _is_empty(absorbed, group) else KEPT
        resolved[group] = choices.get(group, default)
    return resolved


def _check_mergeable(kept: Person, absorbed: Person) -> None:
    if kept.pk == absorbed.pk:
        raise ValidationError("A record cannot be merged with itself")
    if kept.merged_into_id is not None or absorbed.merged_into_id is not None:
        raise ValidationError(
            "One of these records has already been merged into another. Review the record "
            "it was merged into instead"
        )


def different_nhs_numbers(kept: Person, absorbed: Person) -> bool:
    """Both records hold a valid NHS number, and not the same one."""
    return (
        bool(kept.nhs_number and absorbed.nhs_number)
        and kept.nhs_number != absorbed.nhs_number
        and is_valid_nhs_number(kept.nhs_number)
        and is_valid_nhs_number(absorbed.nhs_number)
    )


def _name_of(person: Person) -> tuple[str, str]:
    return person.given_name.casefold(), person.family_name.casefold()


def _keep_other_name(kept: Person, other: tuple[str, str], changes: Changes) -> None:
    """The name not chosen becomes an alias of kept, unless kept already has it."""
    given, family = other
    if (given.casefold(), family.casefold()) == _name_of(kept):
        return
    known = PersonName.objects.filter(
        person=kept, given_name__iexact=given, family_name__iexact=family
    )
    if not known.exists():
        alias = PersonName.objects.create(
            person=kept, kind=NameKind.ALIAS, given_name=given, family_name=family
        )
        changes.create(alias)


def _take_fields(kept: Person, absorbed: Person, choices: Mapping[str, str]) -> None:
    for group, choice in choices.items():
        if choice == ABSORBED:
            for name in FIELD_GROUPS[group]:
                attname = kept._meta.get_field(name).attname  # type: ignore[union-attr]
                setattr(kept, attname, getattr(absorbed, attname))
    kept.save(update_fields=MERGED_FIELDS)


def _move_contact_roles(kept: Person, absorbed: Person, changes: Changes) -> None:
    """Absorbed's places in contacts go to kept. Where kept is already named in the same
    contact, absorbed's row goes (and what points at it goes to kept's row)."""
    kept_rows = {row.contact_id: row for row in ContactSubject.objects.filter(person=kept)}
    for row in ContactSubject.objects.filter(person=absorbed).order_by("pk"):
        twin = kept_rows.get(row.contact_id)
        if twin is None:
            changes.update(row, person=kept)
            continue
        for answer in InformationResponse.objects.filter(subject=row):
            if InformationResponse.objects.filter(request=answer.request, subject=twin).exists():
                raise ValidationError(
                    "Both records are named in one contact and an agency has answered about "
                    "each of them, so they cannot be merged"
                )
            changes.update(answer, subject=twin)
        for link in SubjectsThrough.objects.filter(contactsubject=row):
            taken = SubjectsThrough.objects.filter(
                informationrequest_id=link.informationrequest_id, contactsubject=twin
            )
            if taken.exists():
                changes.delete([link])
            else:
                changes.update(link, contactsubject=twin)
        changes.delete([row])


def _move_relationships(kept: Person, absorbed: Person, changes: Changes) -> None:
    """Absorbed's relationships become kept's; one with kept itself, or one kept already
    has, is removed."""
    rows = Relationship.objects.filter(Q(person=absorbed) | Q(relative=absorbed)).order_by("pk")
    for row in rows:
        person_id = kept.pk if row.person_id == absorbed.pk else row.person_id
        relative_id = kept.pk if row.relative_id == absorbed.pk else row.relative_id
        symmetric = row.kind in SYMMETRIC_KINDS
        if symmetric and person_id > relative_id:
            person_id, relative_id = relative_id, person_id
        same = Q(person_id=person_id, relative_id=relative_id)
        if symmetric:
            same |= Q(person_id=relative_id, relative_id=person_id)
        repeated = Relationship.objects.filter(same, kind=row.kind).exclude(pk=row.pk).exists()
        if person_id == relative_id or repeated:
            changes.delete([row])
        else:
            changes.update(row, person_id=person_id, relative_id=relative_id)


def _move_households(kept: Person, absorbed: Person, changes: Changes) -> None:
    kept_rows = {row.household_id: row for row in HouseholdMember.objects.filter(person=kept)}
    for row in HouseholdMember.objects.filter(person=absorbed).order_by("pk"):
        twin = kept_rows.get(row.household_id)
        if twin is None:
            changes.update(row, person=kept)
            continue
        seen = [d for d in (twin.first_seen, row.first_seen) if d]
        last = [d for d in (twin.last_seen, row.last_seen) if d]
        first_seen, last_seen = min(seen, default=None), max(last, default=None)
        if (first_seen, last_seen) != (twin.first_seen, twin.last_seen):
            changes.update(twin, first_seen=first_seen, last_seen=last_seen)
        changes.delete([row])


def _settle_proposal(
    kept: Person, absorbed: Person, by: Actor, reason: str, changes: Changes
) -> None:
    first, second = sorted((kept.pk, absorbed.pk))
    proposal = DuplicateProposal.objects.filter(first_id=first, second_id=second).first()
    if proposal is not None and proposal.status != ProposalStatus.MERGED:
        changes.update(
            proposal,
            status=ProposalStatus.MERGED,
            decided_at=timezone.now(),
            decided_by=by.user,
            reason=reason,
        )


def _merge(
    *,
    kept: Person,
    absorbed: Person,
    choices: Mapping[str, str],
    by: Actor,
    reason: str,
    nhs_override_reason: str,
    nhs_refusal: str = DIFFERENT_NHS,
) -> PersonMerge:
    """The merge itself, for a caller that has checked who may do it."""
    locked = _lock(kept, absorbed)
    kept, absorbed = locked[kept.pk], locked[absorbed.pk]
    _check_mergeable(kept, absorbed)
    override = nhs_override_reason.strip()
    different_nhs = different_nhs_numbers(kept, absorbed)
    if different_nhs and not override:
        raise ValidationError({"nhs_override_reason": nhs_refusal})
    resolved = _resolve_choices(kept, absorbed, choices)
    kept_before = values_of(kept, MERGED_FIELDS)
    not_chosen = absorbed if resolved["name"] == KEPT else kept
    other_name = (not_chosen.given_name, not_chosen.family_name)
    changes = Changes()

    _take_fields(kept, absorbed, resolved)
    _keep_other_name(kept, other_name, changes)
    changes.move(PersonName.objects.filter(person=absorbed), "person", absorbed, kept)
    changes.move(PersonAddress.objects.filter(person=absorbed), "person", absorbed, kept)
    _move_contact_roles(kept, absorbed, changes)
    _move_relationships(kept, absorbed, changes)
    _move_households(kept, absorbed, changes)
    changes.delete(PersonSearchKey.objects.filter(person=absorbed).order_by("pk"))
    _settle_proposal(kept, absorbed, by, reason, changes)
    absorbed.merged_into = kept
    absorbed.save(update_fields=["merged_into"])
    refresh_search_keys(kept)

    merge = PersonMerge.objects.create(
        kept=kept,
        absorbed=absorbed,
        merged_by=by.user,  # type: ignore[misc]
        reason=reason.strip(),
        nhs_override_reason=override if different_nhs else "",
        snapshot={
            "version": 1,
            "choices": resolved,
            "kept_before": kept_before,
            "kept_after": values_of(kept, MERGED_FIELDS),
            "changed": changes.changed,
            "deleted": changes.deleted,
            "created": changes.created,
        },
    )
    record(
        MergeAction.MERGED,
        by=by,
        target=merge,
        details={
            "kept": kept.pk,
            "absorbed": absorbed.pk,
            "choices": resolved,
            "nhs_override": bool(merge.nhs_override_reason),
            "rows_moved": len(changes.changed),
            "rows_removed": len(changes.deleted),
        },
    )
    return merge


@transaction.atomic
def merge_people(
    *,
    kept: Person,
    absorbed: Person,
    choices: Mapping[str, str],
    by: Actor,
    reason: str,
    nhs_override_reason: str = "",
) -> PersonMerge:
    """Fold `absorbed` into `kept`, taking each field group from the record `choices` names
    ("kept" or "absorbed"). Refuses a merge of a record with itself or of a merged record,
    and one of different valid NHS numbers without `nhs_override_reason`."""
    if not may_merge(by):
        raise PermissionDenied("Only a MASH manager can merge records")
    _check_can_see(by, kept, absorbed)
    return _merge(
        kept=kept,
        absorbed=absorbed,
        choices=choices,
        by=by,
        reason=reason,
        nhs_override_reason=nhs_override_reason,
    )


# --- Unmerge ---------------------------------------------------------------------------------


def later_merge_in_force(merge: PersonMerge) -> PersonMerge | None:
    """A merge after this one, not undone, of either of its records: it builds on this one."""
    both = [merge.kept_id, merge.absorbed_id]
    return (
        PersonMerge.objects.filter(pk__gt=merge.pk, unmerged_at__isnull=True)
        .filter(Q(kept_id__in=both) | Q(absorbed_id__in=both))
        .order_by("-pk")
        .first()
    )


def _restore_kept_fields(kept: Person, snapshot: Mapping[str, Any]) -> list[str]:
    """Put back kept's fields the merge changed and nothing has changed since."""
    restored = []
    now = values_of(kept, MERGED_FIELDS)
    for name, before in snapshot["kept_before"].items():
        if before != snapshot["kept_after"][name] and now[name] == snapshot["kept_after"][name]:
            field = kept._meta.get_field(name)
            setattr(kept, field.attname, field.to_python(before))  # type: ignore[union-attr]
            restored.append(name)
    if restored:
        kept.save(update_fields=restored)
    return restored


@transaction.atomic
def unmerge(*, merge: PersonMerge, by: Actor, reason: str) -> None:
    """Undo a merge: both records, and every row the merge moved, removed or created, are as
    they were. Refuses a merge already undone, and one that a later merge of either record
    (still in force) builds on: that one must be undone first."""
    if not may_merge(by):
        raise PermissionDenied("Only a MASH manager can undo a merge")
    _check_can_see_merge(by, merge)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are undoing this merge"})
    locked = _lock(merge.kept, merge.absorbed)
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.unmerged_at is not None:
        raise ValidationError("This merge has already been undone")
    later = later_merge_in_force(merge)
    if later is not None:
        raise ValidationError(
            "A later merge of one of these records is still in force. Undo that merge "
            "(merge %(merge)s, on %(date)s) first",
            code="later_merge",
            params={
                "merge": later.pk,
                "date": timezone.localtime(later.merged_at).strftime("%-d %B %Y"),
            },
        )
    kept, absorbed = locked[merge.kept_id], locked[merge.absorbed_id]
    snapshot = merge.snapshot
    absorbed.merged_into = None
    absorbed.save(update_fields=["merged_into"])
    restored = _restore_kept_fields(kept, snapshot)
    merge_changed = {
        n for n, v in snapshot["kept_before"].items() if v != snapshot["kept_after"][n]
    }
    restore_rows(snapshot)
    refresh_search_keys(kept)

    merge.unmerged_at = timezone.now()
    merge.unmerged_by = by.user  # type: ignore[assignment]
    merge.unmerge_reason = reason.strip()
    merge.save(update_fields=["unmerged_at", "unmerged_by", "unmerge_reason"])
    record(
        MergeAction.UNMERGED,
        by=by,
        target=merge,
        details={
            "kept": kept.pk,
            "absorbed": absorbed.pk,
            "fields_restored": restored,
            "fields_changed_since": sorted(merge_changed - set(restored)),
        },
    )


def _check_can_see_merge(actor: Actor, merge: PersonMerge) -> None:
    if not may_see(actor, merge.kept):
        raise PermissionDenied("You cannot see these records")


# --- Identity checks on the contact page -----------------------------------------------------


def _check_unchecked_subject(subject: ContactSubject, by: Actor) -> ContactSubject:
    if not may_check_identity(by, subject):
        raise PermissionDenied("Only MASH practitioners and managers check who a subject is")
    subject = ContactSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.identity_checked:
        raise ValidationError("Someone has already checked who this person is")
    return subject


@transaction.atomic
def link_subject_to_existing(
    *, subject: ContactSubject, existing: Person, by: Actor
) -> PersonMerge:
    """ "This is the same person as `existing`": the subject's new record (made at intake
    from the online form or the API) is merged into the existing one.

    The existing record's details are kept, as at intake on the staff pages
    (`people.services.record_person`): its name (the contact's becomes an alias), its date of
    birth, sex and identifiers, filled from the contact only where it has none. The address
    is the exception: the contact's is the newer, so it becomes the current address (the
    existing one stays in the address history). Different valid NHS numbers are refused here:
    a manager decides those from the duplicates queue.
    """
    subject = _check_unchecked_subject(subject, by)
    _check_can_see(by, existing)
    new_record = subject.person
    choices = {} if _is_empty(new_record, "address") else {"address": ABSORBED}
    merge = _merge(
        kept=existing,
        absorbed=new_record,
        choices=choices,
        by=by,
        reason="Linked on the contact page to an existing record",
        nhs_override_reason="",
        nhs_refusal=DIFFERENT_NHS_AT_LINK,
    )
    row = ContactSubject.objects.get(contact_id=subject.contact_id, person=existing)
    changes = Changes()
    changes.update(row, identity_checked=True)
    merge.snapshot["changed"] += changes.changed
    merge.save(update_fields=["snapshot"])
    record(
        MergeAction.LINKED,
        by=by,
        target=row,
        local_authority_code=subject.contact.local_authority.code,
        details={"contact": subject.contact_id, "merge": merge.pk, "person": existing.pk},
    )
    return merge


@transaction.atomic
def confirm_new_person(*, subject: ContactSubject, by: Actor) -> None:
    """ "None of these: this is a new person." The subject's record stands as it is."""
    subject = _check_unchecked_subject(subject, by)
    subject.identity_checked = True
    subject.save(update_fields=["identity_checked"])
    record(
        MergeAction.CONFIRMED_NEW,
        by=by,
        target=subject,
        local_authority_code=subject.contact.local_authority.code,
        details={"contact": subject.contact_id, "person": subject.person_id},
    )


# --- Duplicate proposals ---------------------------------------------------------------------


@transaction.atomic
def mark_not_same(*, proposal: DuplicateProposal, by: Actor, reason: str = "") -> None:
    """ "These are different people": the batch job never proposes the pair again."""
    if not may_merge(by):
        raise PermissionDenied("Only a MASH manager can decide possible duplicates")
    _check_can_see(by, proposal.first, proposal.second)
    proposal = DuplicateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError("Someone has already decided about these records")
    proposal.status = ProposalStatus.NOT_SAME
    proposal.decided_at = timezone.now()
    proposal.decided_by = by.user  # type: ignore[assignment]
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record(
        MergeAction.NOT_SAME,
        by=by,
        target=proposal,
        details={"first": proposal.first_id, "second": proposal.second_id},
    )
