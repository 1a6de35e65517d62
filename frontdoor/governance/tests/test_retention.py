"""Retention: which contacts are due, the dry run, legal holds and the purge itself."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.utils import timezone

from frontdoor.agencies.models import Agency
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import (
    BreakGlassAccess,
    Contact,
    ContactStatus,
    ContactStatusChange,
    ContactSubject,
)
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.models import (
    Chase,
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
)
from frontdoor.governance import retention
from frontdoor.governance.models import LegalHold, PurgedRecord
from frontdoor.governance.retention import (
    OUTCOMES,
    RecordType,
    place_legal_hold,
    plan_retention,
    purge_expired_records,
)
from frontdoor.governance.retention import purge as purging
from frontdoor.meetings.models import Action, Invitee, StrategyDiscussion
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover, HandoverItem
from frontdoor.outcomes.services import Inclusion, acknowledge_handover
from frontdoor.outcomes.tests.builders import (
    SHAREABLE,
    SYSTEM,
    Said,
    actor_for,
    answered,
    decided_contact,
    package_for,
)
from frontdoor.people.models import Household, HouseholdMember, Person, PersonMerge
from frontdoor.personindex.merging import merge_people, unmerge
from frontdoor.screening.models import (
    ManagerDecision,
    Outcome,
    Recommendation,
    ScreeningDecision,
)

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()
SIX_YEARS_AND_A_DAY_AGO = datetime(2020, 3, 9, 10, 0, tzinfo=LONDON)
A_DAY_SHORT_OF_SIX_YEARS = datetime(2020, 3, 11, 10, 0, tzinfo=LONDON)
NFA = RecordType.NO_FURTHER_ACTION
REFERRED = RecordType.REFERRED


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def settled(moment, practitioner, manager, outcome="nfa", **details) -> Contact:
    """A contact received, screened, recommended and approved at `moment`."""
    with time_machine.travel(moment, tick=False):
        return decided_contact(practitioner, manager, outcome=outcome, **details)


def report(plan, kind):
    [found] = [r for r in plan.reports if r.rule.record_type == kind]
    return found


def due_references(as_of=TODAY):
    return [due.reference for due in plan_retention(as_of=as_of).due]


def purge():
    return purge_expired_records(by=SYSTEM)


def hold(contact, ig_officer, reason="Civil claim in progress."):
    return place_legal_hold(
        contact_reference=contact.reference, reason=reason, by=actor_for(ig_officer)
    )


# --- Rules -----------------------------------------------------------------------------------


def test_every_outcome_has_exactly_one_retention_rule():
    mapped = [outcome for outcomes in OUTCOMES.values() for outcome in outcomes]
    assert sorted(mapped) == sorted(Outcome.values)


def test_the_default_periods_are_six_and_twenty_five_years(settings):
    assert settings.RETENTION_YEARS == {"contact_no_further_action": 6, "contact_referred": 25}


# --- Which contacts are due ------------------------------------------------------------------


def test_a_contact_closed_with_no_further_action_six_years_and_a_day_ago_is_due(
    practitioner, manager
):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")

    plan = plan_retention()

    assert [due.reference for due in plan.due] == [contact.reference]
    assert report(plan, NFA).due == 1
    assert report(plan, REFERRED).due == 0


def test_a_contact_closed_a_day_short_of_six_years_ago_is_not_due(practitioner, manager):
    settled(A_DAY_SHORT_OF_SIX_YEARS, practitioner, manager, outcome="signpost")

    plan = plan_retention()

    assert plan.due == []
    assert report(plan, NFA).due == 0


@pytest.mark.parametrize("outcome", ["information_and_advice", "signpost", "police_only"])
def test_advice_signposting_and_police_only_follow_the_no_further_action_rule(
    practitioner, manager, outcome
):
    settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome=outcome)

    assert report(plan_retention(), NFA).due == 1


def test_a_referred_contact_is_not_due_after_six_years(practitioner, manager):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="s17_assessment")

    assert due_references() == []
    # ... but is once its 25 years have passed.
    assert due_references(as_of=date(2045, 3, 10)) == [contact.reference]
    assert due_references(as_of=date(2045, 3, 9)) == []


def test_a_strategy_discussion_deciding_on_section_47_makes_a_contact_referred(
    practitioner, manager
):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    StrategyDiscussion.objects.create(
        contact=contact,
        convened_by=manager.user,
        reason="Reasonable cause to suspect harm.",
        target_at=SIX_YEARS_AND_A_DAY_AGO,
        held_at=SIX_YEARS_AND_A_DAY_AGO,
        decision="joint_s47",
        recorded_at=SIX_YEARS_AND_A_DAY_AGO,
    )

    assert due_references() == []


def test_open_contacts_are_never_due(practitioner, manager):
    with time_machine.travel(datetime(2020, 1, 6, 10, 0, tzinfo=LONDON), tick=False):
        receive_contact(details=contact_details(), by=SYSTEM)

    assert due_references(as_of=date(2090, 1, 1)) == []


def test_the_retention_clock_starts_at_the_last_step_that_settled_the_contact(
    practitioner, manager, area_worker, hub
):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="early_help")
    with time_machine.travel(SIX_YEARS_AND_A_DAY_AGO, tick=False):
        handover = package_for(contact, practitioner, hub["staffs-north-area"], [])
    with time_machine.travel(A_DAY_SHORT_OF_SIX_YEARS, tick=False):
        acknowledge_handover(handover=handover, by=actor_for(area_worker))

    # Decided and handed over more than six years ago, closed less than six years ago.
    assert due_references(as_of=date(2045, 3, 10)) == []
    assert due_references(as_of=date(2045, 3, 12)) == [contact.reference]


def test_the_periods_come_from_settings(practitioner, manager, settings):
    contact = settled(A_DAY_SHORT_OF_SIX_YEARS, practitioner, manager, outcome="nfa")
    settings.RETENTION_YEARS = {"contact_no_further_action": 3, "contact_referred": 25}

    plan = plan_retention()

    assert [due.reference for due in plan.due] == [contact.reference]
    assert report(plan, NFA).rule.years == 3


def test_a_settled_contact_with_no_approved_outcome_is_kept_and_counted(practitioner, manager):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    ManagerDecision.objects.filter(recommendation__contact=contact).delete()

    plan = plan_retention()

    assert plan.due == []
    assert plan.unclassified == 1


# --- Dry run ---------------------------------------------------------------------------------


def table_counts() -> dict[str, int]:
    models = [Contact, ContactSubject, ContactStatusChange, Person, Recommendation, AuditEvent]
    return {m.__name__: m._default_manager.count() for m in [*models, PurgedRecord]}


def test_a_dry_run_reports_per_rule_and_changes_nothing(practitioner, manager, ig_officer):
    settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    held = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="police_only")
    hold(held, ig_officer)
    before = table_counts()
    out = StringIO()

    call_command("purge_expired_records", "--dry-run", stdout=out)

    assert table_counts() == before
    lines = out.getvalue().splitlines()
    assert lines[0] == "Retention as of 2026-03-10 (dry run: nothing deleted)"
    assert lines[1].split() == ["Rule", "Years", "Due", "Held"]
    assert lines[2].split() == ["contact_no_further_action", "6", "1", "1"]
    assert lines[3].split() == ["contact_referred", "25", "0", "0"]


def test_a_dry_run_may_look_ahead_and_a_real_run_may_not(practitioner, manager):
    contact = settled(A_DAY_SHORT_OF_SIX_YEARS, practitioner, manager, outcome="nfa")
    out = StringIO()

    call_command("purge_expired_records", "--dry-run", "--as-of", "2026-03-12", stdout=out)
    assert "contact_no_further_action" in out.getvalue()
    assert out.getvalue().splitlines()[2].split() == ["contact_no_further_action", "6", "1", "0"]

    with pytest.raises(CommandError, match="later day only with --dry-run"):
        call_command("purge_expired_records", "--as-of", "2026-03-12", stdout=StringIO())
    with pytest.raises(CommandError, match="must be a date like 2026-03-10"):
        call_command("purge_expired_records", "--as-of", "12/03/2026", stdout=StringIO())
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- Legal holds -----------------------------------------------------------------------------


def test_a_held_contact_survives_the_purge_and_is_counted_as_held(
    practitioner, manager, ig_officer
):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    hold(contact, ig_officer)

    result = purge()

    assert Contact.objects.filter(pk=contact.pk).exists()
    assert result.contacts == []
    assert report(result.plan, NFA).held == 1
    assert report(result.plan, NFA).due == 0
    assert not PurgedRecord.objects.exists()


def test_a_contact_naming_a_held_person_survives(practitioner, manager, ig_officer):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    person = contact.subjects.get().person
    place_legal_hold(person_number=str(person.pk), reason="Inquiry.", by=actor_for(ig_officer))

    result = purge()

    assert result.contacts == []
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_lifted_hold_no_longer_keeps_the_contact(practitioner, manager, ig_officer):
    contact = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    placed = hold(contact, ig_officer)
    retention.lift_legal_hold(hold=placed, by=actor_for(ig_officer))

    result = purge()

    assert result.contacts == [contact.reference]
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not LegalHold.objects.exists()  # its history went with the contact


# --- The purge -------------------------------------------------------------------------------


@pytest.fixture
def everything(
    practitioner, manager, area_worker, education_researcher, other_la_worker, hub, settings
):
    """A contact referred and closed more than six years ago, with a record of every kind
    hanging off it; both rules at six years."""
    settings.RETENTION_YEARS = {"contact_no_further_action": 6, "contact_referred": 6}
    with time_machine.travel(SIX_YEARS_AND_A_DAY_AGO, tick=False):
        contact = decided_contact(practitioner, manager, outcome="s17_assessment")
        answer = answered(
            contact,
            agency_code="staffs-education",
            researcher=education_researcher,
            said=Said("shareable", SHAREABLE),
        )
        Chase.objects.create(request=answer.request, threshold="due_soon")
        DeadlineExtension.objects.create(
            request=answer.request,
            asked_by=education_researcher.user,
            reason="Waiting for the school.",
            hours=4,
            previous_due_at=answer.request.due_at,
        )
        discussion = StrategyDiscussion.objects.create(
            contact=contact,
            convened_by=manager.user,
            reason="Reasonable cause to suspect harm.",
            target_at=timezone.now() + timedelta(hours=2),
        )
        Invitee.objects.create(
            discussion=discussion, agency=Agency.objects.get(code="staffs-police")
        )
        Action.objects.create(
            discussion=discussion,
            description="Visit the family.",
            owner_user=practitioner.user,
            due_on=date(2020, 3, 12),
            created_by=manager.user,
        )
        handover = package_for(
            contact, practitioner, hub["staffs-north-area"], [Inclusion(answer.pk)]
        )
        acknowledge_handover(handover=handover, by=actor_for(area_worker))
        Notification.objects.create(
            user=manager.user,
            subject=f"Action for you from strategy discussion {contact.reference}",
        )
        BreakGlassAccess.objects.create(
            user=other_la_worker.user,
            contact=contact,
            reason="Covering the Staffordshire hub overnight.",
            expires_at=timezone.now() + timedelta(hours=4),
            role="practitioner",
        )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
    return contact


def test_the_purge_deletes_the_contact_and_everything_hanging_off_it(everything, manager):
    contact = everything
    person = contact.subjects.get().person
    someone_else = Notification.objects.create(
        user=manager.user, subject=f"About {contact.reference}0, a different contact"
    )
    assert Notification.objects.exclude(pk=someone_else.pk).count() >= 2

    result = purge()

    assert result.contacts == [contact.reference]
    assert result.failed == []
    for model in [
        Contact,
        ContactSubject,
        ContactStatusChange,
        ScreeningDecision,
        Recommendation,
        ManagerDecision,
        InformationRequest,
        InformationResponse,
        Chase,
        DeadlineExtension,
        StrategyDiscussion,
        Invitee,
        Action,
        Handover,
        HandoverItem,
        BreakGlassAccess,
    ]:
        assert not model._default_manager.exists(), model.__name__
    assert list(Notification.objects.all()) == [someone_else]
    # The child was named nowhere else: their record, names and household go too.
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not HouseholdMember.objects.exists()
    assert not Household.objects.exists()


def test_what_is_left_is_metadata_with_no_personal_data(everything):
    contact = everything
    person = contact.subjects.get().person
    closed_at = contact.status_changes.last().changed_at

    call_command("purge_expired_records", stdout=StringIO())

    row = PurgedRecord.objects.get(record_type="contact")
    assert (row.record_id, row.reference, row.local_authority_code) == (
        contact.pk,
        contact.reference,
        "860",
    )
    assert (row.closed_at, row.rule, row.retention_years) == (closed_at, "contact_referred", 6)
    assert row.purged_at == NOW
    assert row.purged_by_label == "system:purge_expired_records"
    person_row = PurgedRecord.objects.get(record_type="person")
    assert (person_row.record_id, person_row.rule) == (person.pk, "person_no_longer_named")
    personal = [
        person.given_name,
        person.family_name,
        person.nhs_number,
        person.postcode,
        str(person.date_of_birth),
        "bruising",
    ]
    for kept in PurgedRecord.objects.values():
        text = " ".join(str(value) for value in kept.values()).lower()
        for value in personal:
            assert value.lower() not in text


def audit_rows() -> dict[int, tuple[object, ...]]:
    return {
        row[0]: row
        for row in AuditEvent.objects.values_list(
            "pk", "occurred_at", "action", "actor_label", "object_type", "object_id", "details"
        )
    }


def test_the_audit_trail_is_untouched_and_gains_the_purge_events(everything):
    contact = everything
    person = contact.subjects.get().person
    before = audit_rows()

    purge()

    after = audit_rows()
    assert {pk: after.get(pk) for pk in before} == before
    added = AuditEvent.objects.exclude(pk__in=before)
    assert sorted(added.values_list("action", "object_type", "object_id")) == sorted(
        [
            ("retention.purged", "", ""),
            ("retention.record_purged", "contacts.contact", str(contact.pk)),
            ("retention.record_purged", "people.person", str(person.pk)),
        ]
    )
    run = added.get(action="retention.purged")
    assert (run.details["contacts"], run.details["people"]) == (1, 1)
    assert len(after) == len(before) + 3
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("Audit chain intact")


def test_a_person_named_in_a_kept_contact_survives(practitioner, manager):
    old = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    person = old.subjects.get().person
    recent = receive_contact(
        details=contact_details(
            subjects=[child(existing_person_id=person.pk, identity_checked=True)]
        ),
        by=SYSTEM,
    )

    result = purge()

    assert result.contacts == [old.reference]
    assert Person.objects.filter(pk=person.pk).exists()
    assert recent.subjects.get().person_id == person.pk
    assert not PurgedRecord.objects.filter(record_type="person").exists()


def test_a_failure_keeps_that_contact_whole_and_the_run_goes_on(practitioner, manager, monkeypatch):
    first = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    second = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    delete = purging._delete_contact

    def failing_for_first(contact, reference):
        delete(contact, reference)
        if reference == first.reference:
            raise IntegrityError("simulated")

    monkeypatch.setattr(purging, "_delete_contact", failing_for_first)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 contact"):
        call_command("purge_expired_records", stdout=out, stderr=err)

    assert Contact.objects.filter(pk=first.pk).exists()
    assert first.subjects.exists()
    assert first.status_changes.exists()
    assert Recommendation.objects.filter(contact=first).exists()
    assert not Contact.objects.filter(pk=second.pk).exists()
    assert list(PurgedRecord.objects.filter(record_type="contact").values_list("reference")) == [
        (second.reference,)
    ]
    assert f"Could not delete {first.reference} (IntegrityError)" in err.getvalue()
    assert "Deleted 1 contact(s)" in out.getvalue()
    assert not AuditEvent.objects.filter(
        action="retention.record_purged", object_type="contacts.contact", object_id=str(first.pk)
    ).exists()


def test_a_merged_record_goes_with_the_record_it_was_merged_into(practitioner, manager):
    old = settled(
        SIX_YEARS_AND_A_DAY_AGO,
        practitioner,
        manager,
        outcome="nfa",
        subjects=[child(), child(given_name="Rubi", nhs_number="")],
    )
    kept, absorbed = (s.person for s in old.subjects.order_by("pk"))
    merge_people(
        kept=kept, absorbed=absorbed, choices={}, by=actor_for(manager), reason="Same child."
    )

    result = purge()

    assert result.people == 2
    assert not Person.objects.filter(pk__in=[kept.pk, absorbed.pk]).exists()
    assert not PersonMerge.objects.exists()


def test_undoing_a_merge_still_works_after_a_purge_took_rows_it_had_moved(practitioner, manager):
    old = settled(
        SIX_YEARS_AND_A_DAY_AGO,
        practitioner,
        manager,
        outcome="nfa",
        subjects=[child(), child(given_name="Rubi", nhs_number="")],
    )
    kept, absorbed = (s.person for s in old.subjects.order_by("pk"))
    merge = merge_people(
        kept=kept, absorbed=absorbed, choices={}, by=actor_for(manager), reason="Same child."
    )
    receive_contact(
        details=contact_details(
            subjects=[child(existing_person_id=kept.pk, identity_checked=True)]
        ),
        by=SYSTEM,
    )

    result = purge()

    assert result.contacts == [old.reference]
    assert result.snapshots_repaired == 1
    assert Person.objects.filter(pk__in=[kept.pk, absorbed.pk]).count() == 2
    unmerge(merge=merge, by=actor_for(manager), reason="Different children after all.")
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id is None
    assert not ContactSubject.objects.filter(person=absorbed).exists()


def test_a_record_merged_with_one_still_named_is_kept_and_reported(practitioner, manager):
    old = settled(SIX_YEARS_AND_A_DAY_AGO, practitioner, manager, outcome="nfa")
    recent = receive_contact(details=contact_details(), by=SYSTEM)
    old_person = old.subjects.get().person
    recent_person = recent.subjects.get().person
    merge = merge_people(
        kept=old_person,
        absorbed=recent_person,
        choices={},
        by=actor_for(manager),
        reason="Same child.",
    )
    unmerge(merge=merge, by=actor_for(manager), reason="Not the same child.")

    result = purge()

    assert result.contacts == [old.reference]
    assert Person.objects.filter(pk=old_person.pk).exists()
    assert result.people_kept == {"merged_with_a_named_record": 1}
