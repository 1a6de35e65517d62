"""The reports benchmark's generator (bench/reportdata.py) at a small scale: the rows it
writes must be a history the app itself could have recorded, or the benchmark measures
nothing real. PostgreSQL only, like the generator."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from bench.reportdata import Pools, generate
from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.contacts.models import Contact, ContactSubject, SubjectRole
from frontdoor.enquiries.models import InformationRequest
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover, TeamResponse
from frontdoor.reporting.scope import ReportScope
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with PostgreSQL's SQL"
)

START, END = date(2025, 1, 1), date(2025, 6, 30)
PERIOD = ReportScope((STAFFORDSHIRE,), START, END)
REFERRALS = {"early_help", "s17_assessment", "s47_strategy", "s42_enquiry", "transfer"}
ADVICE = {"nfa", "information_and_advice", "signpost", "police_only"}


@pytest.fixture
def history(hub):
    written = generate(
        la_code=STAFFORDSHIRE,
        other_la_code=STOKE,
        start=START,
        end=END,
        contacts=400,
        pools=Pools(contacts_from=0, persons_from=0),
    )
    generate(
        la_code=STOKE,
        other_la_code=STAFFORDSHIRE,
        start=START,
        end=END,
        contacts=60,
        pools=Pools(contacts_from=10_000, persons_from=10_000),
    )
    return written


def approved(contact_ids=None):
    decisions = ManagerDecision.objects.filter(verdict="approved")
    if contact_ids is not None:
        decisions = decisions.filter(recommendation__contact_id__in=contact_ids)
    return decisions


def test_it_writes_the_contacts_asked_for_inside_the_period(history):
    contacts = Contact.objects.filter(local_authority__code=STAFFORDSHIRE)
    assert contacts.count() == 400 == history["contact"]
    assert not contacts.exclude(received_at__gte=PERIOD.start_at, received_at__lt=PERIOD.end_before)
    assert Contact.objects.filter(local_authority__code=STOKE).count() == 60


def test_every_row_points_at_rows_that_exist(history):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys, now


def test_decided_contacts_have_one_approved_decision_and_open_ones_none(history):
    for contact in Contact.objects.all():
        decisions = approved([contact.pk]).count()
        expected = 1 if contact.status in {"decided", "handed_over", "closed"} else 0
        assert decisions == expected, contact.status


def test_every_event_follows_its_contact_and_falls_before_the_end(history):
    end = PERIOD.end_before
    for screening in ScreeningDecision.objects.select_related("contact"):
        assert screening.contact.received_at < screening.screened_at < end
    for recommendation in Recommendation.objects.select_related("contact"):
        assert recommendation.contact.received_at < recommendation.recommended_at < end
    for decision in ManagerDecision.objects.select_related("recommendation"):
        assert decision.recommendation.recommended_at < decision.decided_at < end
    for request in InformationRequest.objects.select_related("contact"):
        assert request.contact.received_at < request.sent_at < end
        assert request.responded_at is None or request.sent_at < request.responded_at < end
    for handover in Handover.objects.all():
        assert handover.sent_at is not None
        assert handover.sent_at < end
        assert handover.acknowledged_at is None or handover.acknowledged_at < end
    for discussion in StrategyDiscussion.objects.exclude(held_at=None):
        assert discussion.held_at is not None
        assert discussion.convened_at < discussion.held_at < end
    assert not TeamResponse.objects.filter(started_on__gt=END)


def test_handovers_carry_the_approved_referral(history):
    for handover in Handover.objects.select_related("recommendation__manager_decision"):
        assert handover.recommendation.contact_id == handover.contact_id
        assert handover.recommendation.manager_decision.verdict == "approved"
        assert handover.recommendation.outcome in REFERRALS
    s47 = set(
        approved()
        .filter(recommendation__outcome="s47_strategy")
        .values_list("recommendation__contact_id", flat=True)
    )
    assert set(StrategyDiscussion.objects.values_list("contact_id", flat=True)) <= s47


def test_team_responses_are_for_the_subject_children_of_the_handover(history):
    assert TeamResponse.objects.exists()
    for response in TeamResponse.objects.select_related("handover"):
        assert ContactSubject.objects.filter(
            contact_id=response.handover.contact_id,
            person_id=response.person_id,
            role=SubjectRole.SUBJECT_CHILD,
        ).exists()


def test_subject_children_are_children_and_authorities_share_nobody(history):
    for subject in ContactSubject.objects.filter(role=SubjectRole.SUBJECT_CHILD).select_related(
        "contact", "person"
    ):
        born = subject.person.date_of_birth
        if born is not None:
            on = timezone.localdate(subject.contact.received_at)
            assert born <= on
            assert (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) <= 17
    people = {
        code: set(
            ContactSubject.objects.filter(contact__local_authority__code=code).values_list(
                "person_id", flat=True
            )
        )
        for code in (STAFFORDSHIRE, STOKE)
    }
    assert not people[STAFFORDSHIRE] & people[STOKE]


def test_the_mix_looks_like_a_front_door(history):
    contacts = Contact.objects.filter(local_authority__code=STAFFORDSHIRE)
    children = contacts.filter(cohort="child").count() / contacts.count()
    outcomes = list(
        approved(contacts.values("pk")).values_list("recommendation__outcome", flat=True)
    )
    advice = sum(outcome in ADVICE for outcome in outcomes) / len(outcomes)
    police = contacts.filter(referral_source_id="6").count() / contacts.count()
    assert 0.7 < children < 0.9
    assert 0.55 < advice < 0.8
    assert 0.12 < police < 0.35
