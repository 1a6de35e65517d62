"""The demo generator: the Staffordshire and Stoke-on-Trent hub, one persona per role, and a
synthetic history of contacts worked through screening to decisions."""

from collections import Counter
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from frontdoor.accounts.actors import actor_for_user
from frontdoor.accounts.demo import DEMO_PASSWORD, PERSONAS
from frontdoor.accounts.models import User
from frontdoor.agencies.models import Agency, LocalAuthority, Team
from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.demo import WEEKLY_CONTACTS, plan_contacts
from frontdoor.contacts.models import OPEN_STATUSES, Contact, ContactStatus, ContactSubject
from frontdoor.contacts.selectors import earlier_contacts
from frontdoor.core.calendar import LONDON
from frontdoor.people.identifiers import normalise_nhs_number, normalise_postcode
from frontdoor.screening.demo import STAFF
from frontdoor.screening.models import Outcome, Recommendation
from frontdoor.screening.selectors import my_queue, overdue, pending_approvals

# A Wednesday afternoon: every open state is plausible, and the last week has a weekend.
NOW = datetime(2026, 3, 11, 14, 30, tzinfo=LONDON)
STAFF_PER_HUB = 2 * sum(count for _, _, count in STAFF)


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_demo_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(reference_data):
    """The hub and its people, without contacts (fast)."""
    return generate(seed=7, weeks=0)


@pytest.fixture(scope="module")
def week(django_db_setup, django_db_blocker):
    """One week of contacts up to NOW, generated once for this module and rolled back after.

    Each test's own transaction nests inside this one. Tests that use it come after the
    tests of the hub alone, which delete users.
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        with time_machine.travel(NOW, tick=False):
            output = generate(seed=7, weeks=1)
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def history(week, db):
    return week


def persona(key: str):
    email = next(p.email for p in PERSONAS if p.key == key)
    return actor_for_user(User.objects.get(email=email))


# --- The hub and its people -------------------------------------------------------------------


def test_the_demo_hub_serves_staffordshire_and_stoke(demo):
    assert set(LocalAuthority.objects.filter(in_hub=True).values_list("code", flat=True)) == {
        "860",
        "861",
    }
    kinds = set(Agency.objects.values_list("kind__code", flat=True))
    assert {
        "children_social_care",
        "police",
        "health",
        "education",
        "probation",
        "adult_social_care",
        "early_help",
        "housing",
    } <= kinds
    assert Team.objects.filter(function=Team.Function.MASH).count() == 2


def test_there_is_a_persona_for_every_role_and_the_logins_are_printed(demo):
    roles = {persona.role for persona in PERSONAS}
    assert roles == set(Role)
    for persona in PERSONAS:
        assert persona.email in demo
    assert DEMO_PASSWORD in demo
    assert User.objects.filter(email__in=[p.email for p in PERSONAS]).count() == len(PERSONAS)


def test_synthetic_mash_staff_work_alongside_the_personas(demo):
    staff = User.objects.filter(email__regex=r"^[a-z.]+\.[0-9]+@demo\.frontdoor\.invalid$")
    assert staff.count() == STAFF_PER_HUB
    for code in ("860", "861"):
        roles = Counter(
            staff.filter(memberships__team__local_authority__code=code).values_list(
                "memberships__role", flat=True
            )
        )
        assert roles == {"practitioner": 6, "manager": 2, "contact_officer": 2}


def test_running_it_again_adds_nothing(demo):
    counts = (User.objects.count(), Agency.objects.count(), Team.objects.count())
    generate(seed=7, weeks=0)
    assert (User.objects.count(), Agency.objects.count(), Team.objects.count()) == counts


def test_the_same_seed_gives_the_same_names(reference_data):
    generate(seed=11, weeks=0)
    first = list(User.objects.order_by("email").values_list("full_name", flat=True))
    User.objects.all().delete()
    generate(seed=11, weeks=0)
    assert list(User.objects.order_by("email").values_list("full_name", flat=True)) == first


def test_the_hub_structure_is_audited_as_the_generator(demo):
    assert AuditEvent.objects.filter(
        action="hub.team_created", actor_label="system:generate_demo_data"
    ).exists()
    assert AuditEvent.objects.filter(action="demo.generated").count() == 1


@override_settings(MFA_REQUIRED=False, DEMO_MODE=True)
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_every_printed_persona_can_sign_in_and_see_their_home_page(demo, persona):
    client = Client()
    response = client.post("/sign-in", {"email": persona.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert persona.role.label in page
    assert "all data is synthetic" in page


# --- A week of contacts -----------------------------------------------------------------------


def test_each_authority_gets_about_its_weekly_volume(history):
    for code, target in WEEKLY_CONTACTS.items():
        count = Contact.objects.filter(local_authority__code=code).count()
        assert target * 0.85 <= count <= target * 1.15


def test_every_week_has_about_the_weekly_volume(reference_data):
    contacts = plan_contacts(seed=3, weeks=4, now=NOW)
    for number in range(4):
        end = NOW - timedelta(days=7 * number)
        in_week = Counter(
            c.local_authority_code
            for c in contacts
            if end - timedelta(days=7) <= c.received_at < end  # type: ignore[operator]
        )
        for code, target in WEEKLY_CONTACTS.items():
            assert target * 0.85 <= in_week[code] <= target * 1.15


def test_sources_follow_the_seeds_shares(history):
    total = Contact.objects.count()
    sources = Counter(
        "health" if code.startswith("3") else code
        for code in Contact.objects.values_list("referral_source_id", flat=True)
    )
    for source, share in (("6", 23), ("health", 14), ("2A", 12), ("1A", 11)):
        assert share - 5 <= 100 * sources[source] / total <= share + 5, source
    assert {"1B", "1C", "1D", "2B", "4", "5A", "5B", "5C", "5D", "7", "8", "9", "10"} <= set(
        sources
    )


def test_channels_suit_the_source(history):
    police = Counter(
        Contact.objects.filter(referral_source_id="6").values_list("channel", flat=True)
    )
    assert police.most_common(1)[0][0] == "police_notification"
    public = set(Contact.objects.filter(referrer_kind="public").values_list("channel", flat=True))
    assert "police_notification" not in public
    assert "partner_api" not in public


def test_about_two_thirds_of_decisions_are_information_and_advice(history):
    approved = Recommendation.objects.filter(manager_decision__verdict="approved")
    outcomes = Counter(approved.values_list("outcome", flat=True))
    share = outcomes[Outcome.INFORMATION_AND_ADVICE] / sum(outcomes.values())
    assert 2 / 3 - 0.1 <= share <= 2 / 3 + 0.1
    assert 0 < outcomes[Outcome.STRATEGY_DISCUSSION] / sum(outcomes.values()) < 0.08


def test_there_are_contacts_in_every_open_state_and_some_are_overdue(history):
    statuses = set(Contact.objects.values_list("status", flat=True))
    assert set(OPEN_STATUSES) | {ContactStatus.DECIDED} <= statuses
    for code in ("860", "861"):
        mine = Contact.objects.filter(local_authority__code=code)
        assert set(OPEN_STATUSES) <= set(mine.values_list("status", flat=True))
    assert overdue(persona("manager"), now=NOW).exists()
    decided = Contact.objects.filter(status=ContactStatus.DECIDED).count()
    assert decided > Contact.objects.count() / 2


def test_the_persona_practitioner_has_a_handful_of_open_contacts_some_overdue(history):
    practitioner = persona("practitioner")
    queue = list(my_queue(practitioner))
    assert 1 <= len(queue) <= 10
    assert any(contact.due_at < NOW for contact in queue)  # type: ignore[attr-defined]


def test_the_persona_manager_has_approvals_recommended_by_someone_else(history):
    manager = persona("manager")
    pending = pending_approvals(manager)
    assert pending.exists()
    recommenders = set(
        Recommendation.objects.filter(
            contact__in=pending, manager_decision__isnull=True
        ).values_list("recommended_by_id", flat=True)
    )
    assert recommenders
    assert manager.user.pk not in recommenders


def test_every_history_starts_with_received_at_the_received_time(history):
    for contact in Contact.objects.prefetch_related("status_changes"):
        changes = list(contact.status_changes.all())
        assert changes[0].to_status == ContactStatus.RECEIVED
        assert changes[0].changed_at == contact.received_at
        times = [change.changed_at for change in changes]
        assert times == sorted(times)
        assert changes[-1].to_status == contact.status
        assert times[-1] <= NOW


def test_audit_events_are_backdated_with_the_history(history):
    contact = Contact.objects.filter(status=ContactStatus.DECIDED).order_by("pk").first()
    events = AuditEvent.objects.filter(
        object_type="contacts.contact", object_id=str(contact.pk)
    ).order_by("pk")
    actions = [event.action for event in events]
    assert actions[0] == "contact.received"
    assert "contact.decision_approved" in actions
    assert events[0].occurred_at == contact.received_at
    times = [event.occurred_at for event in events]
    assert times == sorted(times)
    approved = contact.recommendations.get(manager_decision__verdict="approved")
    assert approved.manager_decision.decided_at == times[-1]
    screening = contact.screenings.get()
    assert contact.received_at <= screening.screened_at < approved.recommended_at
    assert screening.rag_due_at > screening.screened_at


def test_the_people_are_plausible_and_some_children_are_re_referred(history):
    children = ContactSubject.objects.filter(role="subject_child").select_related("person")
    with_nhs = [s.person.nhs_number for s in children if s.person.nhs_number]
    assert 0.5 <= len(with_nhs) / children.count() <= 0.7
    for number in with_nhs:
        assert normalise_nhs_number(number) == number
    for subject in children:
        assert subject.person.postcode.startswith("ST")
        assert normalise_postcode(subject.person.postcode) == subject.person.postcode
        assert subject.person.date_of_birth or subject.person.expected_date_of_birth
    counts = Counter(children.values_list("person_id", flat=True))
    assert sum(1 for n in counts.values() if n > 1) >= 0.03 * len(counts)


def test_a_re_referred_child_shows_its_earlier_contact(history):
    children = ContactSubject.objects.filter(role="subject_child")
    again = Counter(children.values_list("person_id", flat=True)).most_common(1)[0][0]
    later = Contact.objects.filter(subjects__person_id=again).latest("received_at")
    re_referral = earlier_contacts(later, viewer=persona("manager"))
    if later.local_authority.code == "861":
        re_referral = earlier_contacts(later, viewer=persona("stoke-practitioner"))
    assert re_referral.count >= 1
    assert re_referral.visible


def test_re_running_adds_no_contacts(history):
    count = Contact.objects.count()
    output = generate(seed=7, weeks=1)
    assert Contact.objects.count() == count
    assert "already has" in output


def test_the_summary_reports_authorities_statuses_and_overdue(history):
    assert "Staffordshire:" in history
    assert "Stoke-on-Trent:" in history
    assert "overdue:" in history


def test_the_same_seed_plans_the_same_references_and_names(history):
    planned = plan_contacts(seed=7, weeks=1, now=NOW)
    assert planned == plan_contacts(seed=7, weeks=1, now=NOW)
    assert planned != plan_contacts(seed=8, weeks=1, now=NOW)
    contacts = list(Contact.objects.order_by("pk").prefetch_related("subjects__person"))
    first = contacts[0].pk
    assert [c.pk - first for c in contacts] == list(range(len(planned)))  # references in order
    assert [c.reference for c in contacts[:1]] == [f"FD-2026-{first:06d}"]
    for contact, details in zip(contacts, planned, strict=True):
        assert contact.received_at == details.received_at
        subject = contact.subjects.all()[0].person
        assert (subject.given_name, subject.family_name) == (
            details.subjects[0].given_name,
            details.subjects[0].family_name,
        )
