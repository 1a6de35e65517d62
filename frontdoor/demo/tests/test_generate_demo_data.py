"""The demo generator: the Staffordshire and Stoke-on-Trent hub, one persona per role, and a
synthetic history of contacts worked through screening to decisions, with information requests
and answers, strategy discussions and handover packages."""

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, override_settings
from django.utils import timezone

from frontdoor.accounts.actors import actor_for_user
from frontdoor.accounts.demo import DEMO_PASSWORD, PERSONAS
from frontdoor.accounts.models import User
from frontdoor.agencies.models import Agency, LocalAuthority, Membership, Team
from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.breakglass import MIN_REASON_LENGTH, grants_for_review, reads_of
from frontdoor.contacts.demo import (
    GP_SURGERIES,
    POOR_REFERRERS,
    SCHOOLS,
    WEEKLY_CONTACTS,
    plan_contacts,
)
from frontdoor.contacts.models import (
    OPEN_STATUSES,
    BreakGlassAccess,
    Contact,
    ContactStatus,
    ContactSubject,
)
from frontdoor.contacts.selectors import earlier_contacts
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.agreements import HUB_AGREEMENT_NAME
from frontdoor.enquiries.clocks import request_due_at
from frontdoor.enquiries.defaults import default_agency_kinds
from frontdoor.enquiries.demo import RESEARCHERS
from frontdoor.enquiries.models import (
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
    LawfulBasis,
)
from frontdoor.enquiries.selectors import inbox_queue
from frontdoor.governance.models import LegalHold
from frontdoor.meetings.models import REQUIRED_AGENCY_KINDS, Action, StrategyDiscussion
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.demo import RECEIVING_WORKERS
from frontdoor.outcomes.models import Handover, HandoverItem, ResponseKind, TeamResponse
from frontdoor.outcomes.package import build_package
from frontdoor.outcomes.selectors import inbox_for
from frontdoor.people.identifiers import normalise_nhs_number, normalise_postcode
from frontdoor.people.models import Person
from frontdoor.screening.demo import STAFF
from frontdoor.screening.models import NextStep, Outcome, Recommendation
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


def known(moment: datetime | None) -> datetime:
    """A time the test expects to be set."""
    assert moment is not None
    return moment


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


def test_researchers_and_receiving_workers_staff_the_desks_and_teams(demo):
    staffing = ((RESEARCHERS, "agency_researcher"), (RECEIVING_WORKERS, "receiving_worker"))
    for teams, role in staffing:
        for code, count in teams:
            team = Team.objects.get(code=code)
            synthetic = team.memberships.filter(role=role).exclude(
                user__email__in=[p.email for p in PERSONAS]
            )
            assert synthetic.count() == count, code


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
    models = (Contact, InformationRequest, StrategyDiscussion, Action, Handover, Notification)
    counts = [model.objects.count() for model in models]
    output = generate(seed=7, weeks=1)
    assert [model.objects.count() for model in models] == counts
    assert "already has" in output


def test_the_summary_reports_authorities_statuses_and_overdue(history):
    assert "Staffordshire:" in history
    assert "Stoke-on-Trent:" in history
    assert "overdue:" in history
    assert "Information requests: " in history
    assert "Strategy discussions: " in history
    assert "Handover packages: " in history


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


# --- Information requests and answers ----------------------------------------------------------


def test_contacts_gathering_information_have_requests_to_their_default_agencies(history):
    requests = InformationRequest.objects.select_related("agency", "contact__local_authority")
    assert requests.count() > 100
    for request in requests.filter(contact__status=ContactStatus.DECIDED)[:300]:
        screening = request.contact.screenings.get()
        assert screening.next_step == NextStep.INFORMATION_GATHERING
        defaults = default_agency_kinds(
            cohort=request.contact.cohort, threshold_level=screening.threshold_level_id
        )
        assert request.agency.kind_id in defaults
        assert request.agreement.name == HUB_AGREEMENT_NAME
        assert request.lawful_basis == LawfulBasis.PUBLIC_TASK
        assert request.sent_by_id == screening.screened_by_id
        assert (
            screening.screened_at < request.sent_at <= screening.screened_at + timedelta(minutes=15)
        )
    gathering = Contact.objects.filter(screenings__next_step=NextStep.INFORMATION_GATHERING)
    assert not gathering.filter(information_requests__isnull=True).exists()


def test_each_due_time_follows_the_agencys_clock_from_the_time_it_was_sent(history):
    requests = InformationRequest.objects.filter(extensions__isnull=True).select_related(
        "agency", "contact__local_authority"
    )
    for request in requests[:200]:
        assert request.due_at == request_due_at(
            local_authority=request.contact.local_authority,
            agency=request.agency,
            rag_rating=request.rag_rating_id,
            sent_at=request.sent_at,
        )


def test_answers_carry_every_marking_and_about_two_in_five_say_nothing_known(history):
    answers = InformationResponse.objects.all()
    markings = Counter(answers.values_list("sensitivity", flat=True))
    assert set(markings) == {"shareable", "hub_only", "restricted"}
    assert markings["shareable"] > markings["hub_only"] > markings["restricted"]
    findings = Counter(answers.values_list("finding", flat=True))
    assert 0.3 <= findings["nothing_known"] / answers.count() <= 0.5
    police = answers.filter(request__agency__kind="police")
    assert 0.05 <= police.filter(sensitivity="restricted").count() / police.count() <= 0.2
    assert not answers.exclude(request__agency__kind="police").filter(sensitivity="restricted")
    assert not answers.filter(finding="found", summary="").exists()


def test_requests_are_answered_before_the_recommendation_most_on_time_some_late(history):
    answered = InformationRequest.objects.filter(status="answered")
    late = answered.filter(responded_at__gt=F("due_at")).count()
    assert 0 < late < answered.count() / 4
    for request in answered.filter(contact__recommendations__isnull=False)[:300]:
        first = request.contact.recommendations.order_by("recommended_at").first()
        assert request.sent_at < known(request.responded_at) < first.recommended_at
        times = set(request.responses.values_list("answered_at", flat=True))
        assert times == {request.responded_at}


def test_contacts_still_gathering_information_have_answered_waiting_and_overdue_requests(
    history,
):
    still = InformationRequest.objects.filter(contact__status=ContactStatus.INFORMATION_GATHERING)
    assert still.filter(status="answered").exists()
    assert still.filter(status="sent", due_at__gte=NOW).exists()
    assert still.filter(status="sent", due_at__lt=NOW).exists()
    assert not InformationRequest.objects.filter(
        status="sent", contact__status=ContactStatus.DECIDED
    ).exists()


@pytest.mark.parametrize("key", ["police", "health", "education"])
def test_each_persona_researcher_has_open_requests_some_overdue(history, key):
    queue = list(inbox_queue(persona(key)))
    assert len(queue) >= 3
    assert any(request.due_at < NOW for request in queue)


def test_one_agency_got_more_time_and_another_waits_for_the_mash(history):
    extensions = DeadlineExtension.objects.select_related("request")
    assert Counter(extensions.values_list("verdict", flat=True)) == {"granted": 1, "pending": 1}
    for extension in extensions:
        assert extension.request.sent_at < extension.asked_at <= NOW
        assert extension.previous_due_at == request_due_at(
            local_authority=extension.request.contact.local_authority,
            agency=extension.request.agency,
            rag_rating=extension.request.rag_rating_id,
            sent_at=extension.request.sent_at,
        )
    granted = extensions.get(verdict="granted")
    assert granted.asked_at < known(granted.decided_at) <= NOW
    assert granted.request.due_at > granted.previous_due_at


# --- Strategy discussions ----------------------------------------------------------------------


def test_about_two_per_cent_of_contacts_have_a_strategy_discussion(history):
    share = StrategyDiscussion.objects.count() / Contact.objects.count()
    assert 0.01 <= share <= 0.04


def test_strategy_discussions_invite_and_hear_from_the_agencies_that_must_attend(history):
    discussions = StrategyDiscussion.objects.prefetch_related("invitees__agency", "actions")
    late = 0
    for discussion in discussions:
        screening = discussion.contact.screenings.get()
        assert screening.screened_at < discussion.convened_at
        required = {i.agency.kind_id for i in discussion.invitees.all() if i.required}
        assert required == set(REQUIRED_AGENCY_KINDS)
        if discussion.recorded_at is None:
            continue
        held = known(discussion.held_at)
        assert discussion.convened_at + timedelta(hours=1) <= held
        assert held <= discussion.convened_at + timedelta(hours=3)
        assert held <= discussion.recorded_at <= NOW
        late += held > discussion.target_at
        for invitee in discussion.invitees.all():
            assert invitee.attended or invitee.absence_reason
        if discussion.decision == "no_s47":
            assert discussion.decision_reason
        assert 1 <= len(discussion.actions.all()) <= 3
    assert 0 < late < discussions.count()
    decisions = Counter(discussions.values_list("decision", flat=True))
    assert decisions.most_common(1)[0][0] == "joint_s47"


def test_actions_have_an_owner_and_a_due_date_and_some_are_done(history):
    actions = Action.objects.select_related("discussion")
    assert actions.filter(owner_agency__isnull=False).exists()
    assert actions.filter(owner_user__isnull=False).exists()
    assert actions.filter(completed_at__isnull=False).exists()
    for action in actions:
        held = action.discussion.held_at.astimezone(LONDON).date()
        assert held < action.due_on <= held + timedelta(days=5)
        assert action.created_at == action.discussion.recorded_at
        assert action.completed_at is None or action.created_at < action.completed_at <= NOW


# --- Handovers ---------------------------------------------------------------------------------


def test_handed_over_contacts_went_to_a_receiving_team_after_approval(history):
    handovers = Handover.objects.select_related("contact", "recommendation__manager_decision")
    assert handovers.count() > 20
    outcomes = set(handovers.values_list("recommendation__outcome", flat=True))
    assert {"early_help", "s17_assessment"} <= outcomes
    assert outcomes <= {"early_help", "s17_assessment", "s47_strategy", "transfer"}
    for handover in handovers:
        approved = handover.recommendation.manager_decision.decided_at
        assert approved < handover.created_at
        if handover.sent_at is not None:
            assert handover.created_at <= handover.sent_at < known(handover.acknowledge_due_at)
        if handover.acknowledged_at is not None:
            assert known(handover.sent_at) < handover.acknowledged_at <= NOW
    assert handovers.filter(status="awaiting_consent").exists()


def test_a_package_after_a_strategy_discussion_follows_its_record(history):
    handovers = Handover.objects.filter(contact__strategy_discussions__isnull=False)
    assert handovers.exists()
    for handover in handovers:
        for discussion in handover.contact.strategy_discussions.all():
            assert known(discussion.recorded_at) < handover.created_at


def test_acknowledged_packages_closed_their_contacts_and_recent_ones_wait(history):
    handovers = Handover.objects.select_related("contact")
    statuses = Counter(handovers.values_list("status", flat=True))
    assert statuses["acknowledged"] > statuses["sent"] > 0
    for handover in handovers:
        expected = {
            "acknowledged": ContactStatus.CLOSED,
            "sent": ContactStatus.HANDED_OVER,
            "awaiting_consent": ContactStatus.DECIDED,
        }[handover.status]
        assert handover.contact.status == expected
        last = handover.contact.status_changes.order_by("changed_at", "pk").last()
        assert last.to_status == expected
    assert handovers.filter(status="sent", acknowledge_due_at__lt=NOW).exists()


def test_the_persona_area_worker_has_packages_waiting(history):
    waiting, done = inbox_for(persona("area-worker"))
    assert len(waiting) >= 3
    assert done


def test_no_answer_leaves_the_hub_unshared_without_a_managers_consent(history):
    items = HandoverItem.objects.exclude(response__sensitivity="shareable").select_related(
        "handover", "consented_by"
    )
    assert items.filter(handover__status__in=["sent", "acknowledged"]).exists()
    for item in items:
        assert item.inclusion_reason
        if item.handover.status == "awaiting_consent":
            assert item.consented_at is None
            continue
        assert item.handover.created_at < known(item.consented_at) <= known(item.handover.sent_at)
        assert item.consented_by.memberships.filter(role="manager").exists()
    for handover in Handover.objects.filter(status__in=["sent", "acknowledged"])[:50]:
        markings = {answer.marking_code for answer in build_package(handover).answers}
        assert "restricted" not in markings


def test_closed_contacts_keep_a_coherent_audit_trail(history):
    contact = Contact.objects.filter(status=ContactStatus.CLOSED).order_by("pk").first()
    handover = contact.handovers.get()
    events = AuditEvent.objects.filter(object_type="contacts.contact", object_id=str(contact.pk))
    times = [event.occurred_at for event in events.order_by("pk")]
    assert times == sorted(times)
    assert times[-1] == handover.acknowledged_at
    built = AuditEvent.objects.get(action="handover.built", object_id=str(handover.pk))
    assert built.occurred_at == handover.created_at


# --- Time ----------------------------------------------------------------------------------------


def test_nothing_happened_in_the_future(history):
    generated = AuditEvent.objects.exclude(action="reference.loaded")  # loaded before the test
    assert not generated.filter(occurred_at__gt=NOW).exists()
    assert not Notification.objects.filter(created_at__gt=NOW).exists()
    checks = {
        InformationRequest: ("sent_at", "responded_at"),
        InformationResponse: ("answered_at",),
        DeadlineExtension: ("asked_at", "decided_at"),
        StrategyDiscussion: ("convened_at", "held_at", "recorded_at"),
        Action: ("created_at", "completed_at"),
        Handover: ("created_at", "sent_at", "acknowledged_at"),
        HandoverItem: ("consented_at",),
    }
    for model, fields in checks.items():
        for name in fields:
            assert not model._default_manager.filter(**{f"{name}__gt": NOW}).exists(), (model, name)


def test_the_audit_trail_of_requests_and_discussions_is_backdated_with_them(history):
    request = InformationRequest.objects.filter(status="answered").order_by("pk").first()
    events = AuditEvent.objects.filter(
        object_type="enquiries.informationrequest", object_id=str(request.pk)
    )
    assert events.get(action="information_request.sent").occurred_at == request.sent_at
    assert events.get(action="information_request.answered").occurred_at == request.responded_at
    discussion = StrategyDiscussion.objects.filter(recorded_at__isnull=False).first()
    events = AuditEvent.objects.filter(
        object_type="meetings.strategydiscussion", object_id=str(discussion.pk)
    )
    assert events.get(action="strategy_discussion.convened").occurred_at == (discussion.convened_at)
    assert events.get(action="strategy_discussion.recorded").occurred_at == (discussion.recorded_at)


# --- Information governance ----------------------------------------------------------------------


def test_the_ig_officer_has_break_glass_to_review_and_a_legal_hold(history):
    stoke = persona("stoke-practitioner")
    governance = persona("ig-officer")
    grants = BreakGlassAccess.objects.filter(user=stoke.user).order_by("pk")
    assert grants.count() == 3
    assert {grant.contact.local_authority.code for grant in grants} == {"860"}
    assert all(len(grant.reason) >= MIN_REASON_LENGTH for grant in grants)
    reviewed = [grant for grant in grants if grant.reviewed_at is not None]
    assert [(g.review_outcome, g.reviewed_by_id) for g in reviewed] == [
        ("justified", governance.user.pk)
    ]
    queue = list(grants_for_review(governance))
    assert [grant.reviewed_at is None for grant in queue] == [True, True, False]
    assert sorted(reads_of(grant).count() for grant in grants) == [0, 0, 2]
    [hold] = LegalHold.objects.filter(lifted_at__isnull=True)
    assert hold.contact.local_authority.code == "860"
    assert hold.placed_by == governance.user
    assert (
        "Information governance: 3 break-glass accesses (1 reviewed, 2 to review); legal holds: 1"
        in history
    )


def test_the_audit_chain_of_the_generated_hub_is_intact(history):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith(f"Audit chain intact: {AuditEvent.objects.count()} events")


# --- The facts the returns and reports need -----------------------------------------------------


def test_the_analyst_persona_may_export_child_level_returns_and_no_one_else(demo):
    granted = Membership.objects.filter(may_export_child_level=True)
    assert list(granted.values_list("user__email", flat=True)) == ["analyst@demo.frontdoor.invalid"]
    assert "may export Annex A" in demo


def _organisation(name: str) -> str:
    return " ".join(name.split()).casefold()


def test_schools_refer_again_and_again_and_some_refer_poorly(history):
    schools = Contact.objects.filter(referral_source_id="2A")
    by_school: dict[str, list[Contact]] = {}
    for contact in schools:
        by_school.setdefault(_organisation(contact.referrer_organisation), []).append(contact)
    names = {name for named in SCHOOLS.values() for name in named}
    assert set(by_school) == {_organisation(name) for name in names}
    assert sum(1 for contacts in by_school.values() if len(contacts) >= 5) >= 8
    # Now and then a name is typed differently; the report groups them.
    assert any(contact.referrer_organisation not in names for contact in schools)

    poor_names = {_organisation(name) for name in POOR_REFERRERS}
    poor = [c for name, cs in by_school.items() if name in poor_names for c in cs]
    good = [c for name, cs in by_school.items() if name not in poor_names for c in cs]

    def share(contacts: list[Contact], test: Callable[[Contact], bool]) -> float:
        return sum(1 for c in contacts if test(c)) / len(contacts)

    def without_consent(contact: Contact) -> bool:
        return contact.consent != "given"

    def missing_facts(contact: Contact) -> bool:
        return contact.family_aware == "not_known" or not contact.action_taken

    assert share(poor, without_consent) > share(good, without_consent) + 0.2
    assert share(poor, missing_facts) > share(good, missing_facts) + 0.2


def test_gp_surgeries_and_the_police_force_repeat_too(history):
    gps = set(
        Contact.objects.filter(referral_source_id="3A").values_list(
            "referrer_organisation", flat=True
        )
    )
    assert {_organisation(name) for name in gps} <= {
        _organisation(name) for names in GP_SURGERIES.values() for name in names
    }
    police = Contact.objects.filter(referral_source_id="6", referrer_kind="professional")
    assert {_organisation(n) for n in police.values_list("referrer_organisation", flat=True)} == {
        "staffordshire police"
    }


def test_children_have_a_sex_an_ethnicity_and_some_a_disability(history):
    named = ContactSubject.objects.filter(role="subject_child").values("person_id")
    children = Person.objects.filter(pk__in=named, date_of_birth__isnull=False)
    assert not children.filter(sex__isnull=True).exists()
    assert children.filter(ethnicity__isnull=False).count() > 0.95 * children.count()
    disability = Counter(children.values_list("disability", flat=True))
    assert set(disability) == {"yes", "no", "unknown"}
    assert disability["yes"] < disability["no"]


def test_receiving_teams_record_what_they_did_after_acknowledging(history):
    responses = TeamResponse.objects.select_related("handover", "person")
    kinds = Counter(responses.values_list("kind", flat=True))
    assert kinds[ResponseKind.CHILD_AND_FAMILY_ASSESSMENT] > 0
    assert kinds[ResponseKind.EARLY_HELP_ASSESSMENT] > 0
    for response in responses:
        handover = response.handover
        assert handover.status == "acknowledged"
        acknowledged_on = timezone.localdate(known(handover.acknowledged_at))
        assert acknowledged_on <= response.started_on <= NOW.date()
        assert known(handover.acknowledged_at) <= response.recorded_at <= NOW
        assert handover.contact.subjects.filter(
            person=response.person, role__in=("subject_child", "sibling")
        ).exists()
        if response.completed_on is not None:
            assert response.started_on <= response.completed_on <= NOW.date()
    assert AuditEvent.objects.filter(action="team_response.recorded").count() == len(responses)
