"""Ofsted ILACS Annex A, lists 1–5: the child-level lists an inspection asks for, built from
what Front Door holds (standards.md §2; headings and codes as liia-tools' `Annex_A_schema.yml`).

Every list covers only child-cohort contacts of the scope's authorities (the scope's cohort and
referring-agency filters do not apply: the return has one shape). A person merged into another
is reported as the kept record (`merged_into_id or id`). The queries fetch plain value tuples
(joins, annotations and subqueries, never one query per row) and a tight loop formats them:
dates as "dd/mm/yyyy" text, codes as Annex A's lettered options.

- List 1: a row per subject child of each contact received in the period.
- List 2: early help assessments (receiving teams' `TeamResponse`) open during the period.
- List 3: referrals to children's social care: a contact whose latest approved outcome is a
  child and family assessment or a strategy discussion / s47, one row per subject child, dated
  by the approval; `referrals_to_social_care` also feeds the CIN census extract.
- List 4: child and family assessments open during the period.
- List 5: section 47 enquiries started in the period.

"Open during the period" = started on or before its last day and not completed before its
first day (an assessment completed after the period was still open in it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, TruncDate

from frontdoor.agencies.models import LocalAuthority
from frontdoor.contacts.models import Cohort, ContactSubject, SubjectRole
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import DiscussionDecision, StrategyDiscussion
from frontdoor.outcomes.models import Handover, ResponseKind, TeamResponse
from frontdoor.screening.models import ManagerDecision, Outcome

from .scope import ReportScope

AnnexRow = tuple[str | int | None, ...]

CHILD = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ("Allocated Team", "Allocated Worker")

# Sheet name → column headings, exactly as standards.md §2.2 (liia-tools Annex_A_schema.yml).
ANNEX_A_COLUMNS: dict[str, tuple[str, ...]] = {
    "List 1": (*CHILD, "Date of Contact", "Contact Source"),
    "List 2": (
        *CHILD,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    "List 3": (
        *CHILD,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ),
    "List 4": (
        *CHILD,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED,
    ),
    "List 5": (
        *CHILD,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED,
    ),
}

GENDERS = {"M": "a) Male", "F": "b) Female"}
NOT_STATED = "c) Not stated/recorded"

# standards.md §1.9 order, lettered a) to t).
ETHNICITY_ORDER = [
    *("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND"),
    *("APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
]
ETHNICITIES = {
    code: f"{letter}) {code}"
    for letter, code in zip("abcdefghijklmnopqrst", ETHNICITY_ORDER, strict=True)
}
NOT_OBTAINED = ETHNICITIES["NOBT"]

SOURCES = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "5D": "p1) 5D: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}
UNKNOWN_SOURCE = SOURCES["10"]

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
YES_NO_UNKNOWN = {"yes": YES, "no": NO, "unknown": UNKNOWN}

# Outcomes that make a contact a referral to children's social care (Annex A list 3, CIN).
SOCIAL_CARE_OUTCOMES = (Outcome.CHILD_AND_FAMILY_ASSESSMENT, Outcome.STRATEGY_DISCUSSION)
S47_DECISIONS = (DiscussionDecision.SINGLE_AGENCY_S47, DiscussionDecision.JOINT_S47)
YEAR = timedelta(days=365)


# --- Formatting --------------------------------------------------------------------------------


ChildColumns = tuple[str, str, str, str | None, int | None]


class _Format:
    """Formats cells, memoised: a five-year list repeats a few thousand distinct days, and each
    child's four fixed columns (ID, gender, ethnicity, date of birth) are worked out once."""

    def __init__(self) -> None:
        self._days: dict[date, tuple[str, int, int]] = {}
        # kept id -> (ID, gender, ethnicity, date of birth, birth year or -1, birth month-day)
        self._people: dict[int, tuple[str, str, str, str | None, int, int]] = {}

    def day(self, day: date) -> tuple[str, int, int]:
        """dd/mm/yyyy, the year, and month * 100 + day (to compare birthdays)."""
        found = self._days.get(day)
        if found is None:
            text = f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
            found = self._days[day] = (text, day.year, day.month * 100 + day.day)
        return found

    def text(self, day: date | None) -> str | None:
        return None if day is None else self.day(day)[0]

    def child(
        self,
        kept_id: int,
        la_child_id: str | None,
        sex: str | None,
        ethnicity: str | None,
        born: date | None,
        on: date | tuple[str, int, int] | None,
    ) -> ChildColumns:
        """The five child columns, the age in whole years on `on` (the list's event day, or
        what `day` made of it)."""
        person = self._people.get(kept_id)
        if person is None:
            person = self._people[kept_id] = (
                child_unique_id(la_child_id or "", kept_id),
                GENDERS.get(sex or "", NOT_STATED),
                ETHNICITIES.get(ethnicity or "", NOT_OBTAINED),
                self.text(born),
                born.year if born is not None else -1,
                born.month * 100 + born.day if born is not None else 0,
            )
        age = None
        if person[4] >= 0 and on is not None:
            _, year, month_day = on if isinstance(on, tuple) else self.day(on)
            years = year - person[4] - (month_day < person[5])
            age = years if years >= 0 else None
        return person[0], person[1], person[2], person[3], age


def age_on(born: date | None, on: date | None) -> int | None:
    """Whole years at `on`; blank without a date of birth (or with one after `on`)."""
    if born is None or on is None:
        return None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return years if years >= 0 else None


def child_unique_id(la_child_id: str, person_id: int) -> str:
    """The LA child ID if recorded, else "FD" and the (kept) record's number."""
    return la_child_id or f"FD{person_id}"


def yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


# --- Query helpers -----------------------------------------------------------------------------


def _kept(person: str, field: str) -> Case:
    """A field of the kept record: the person's own, or the one it was merged into."""
    return Case(
        When(**{f"{person}__merged_into__isnull": True}, then=F(f"{person}__{field}")),
        default=F(f"{person}__merged_into__{field}"),
    )


def _child_fields(person: str) -> dict[str, Any]:
    """Annotations for the child columns of every list, from the kept record."""
    return {
        "kept_id": Coalesce(f"{person}__merged_into_id", f"{person}_id"),
        "kept_la_child_id": _kept(person, "la_child_id"),
        "kept_sex": _kept(person, "sex_id"),
        "kept_ethnicity": _kept(person, "ethnicity_id"),
        "kept_born": _kept(person, "date_of_birth"),
    }


CHILD_VALUES = ("kept_id", "kept_la_child_id", "kept_sex", "kept_ethnicity", "kept_born")


class LocalDate(TruncDate):
    """The London date of a moment. TruncDate without its per-row converter, which does
    nothing for a date (`convert_trunc_expression` only adjusts datetimes): on PostgreSQL a
    query of dates and text then needs no Python conversion at all."""

    # Django skips converting a column whose expression's converter is this very no-op.
    convert_value = staticmethod(TruncDate._convert_value_noop)  # type: ignore[attr-defined]

    def __init__(self, expression: str) -> None:
        super().__init__(expression, tzinfo=LONDON)


def _authority_ids(scope: ReportScope) -> dict[int, str]:
    return dict(
        LocalAuthority.objects.filter(code__in=scope.authority_codes).values_list("id", "code")
    )


# --- List 1: contacts --------------------------------------------------------------------------


def _list_1(scope: ReportScope, la_ids: Iterable[int], fmt: _Format) -> list[AnnexRow]:
    rows = (
        ContactSubject.objects.filter(
            role=SubjectRole.SUBJECT_CHILD,
            contact__cohort=Cohort.CHILD,
            contact__local_authority_id__in=list(la_ids),
            contact__received_at__gte=scope.start_at,
            contact__received_at__lt=scope.end_before,
        )
        .annotate(
            **_child_fields("person"),
            contact_day=LocalDate("contact__received_at"),
        )
        .order_by()  # sorted here: cheaper than a database sort of wide rows
        .values_list(
            "contact_day", "contact_id", "id", *CHILD_VALUES, "contact__referral_source_id"
        )
    )
    child, day_of = fmt.child, fmt.day
    listed: list[AnnexRow] = []
    for day, _, _, kept, la_id, sex, eth, born, src in sorted(rows):
        on = day_of(day)
        listed.append(
            (*child(kept, la_id, sex, eth, born, on), on[0], SOURCES.get(src, UNKNOWN_SOURCE))
        )
    return listed


# --- Lists 2 and 4: assessments by receiving teams ---------------------------------------------


def _open_responses(scope: ReportScope, la_ids: Iterable[int], kind: str) -> QuerySet[TeamResponse]:
    return (
        TeamResponse.objects.filter(
            kind=kind,
            handover__contact__cohort=Cohort.CHILD,
            handover__contact__local_authority_id__in=list(la_ids),
            started_on__lte=scope.end,
        )
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=scope.start))
        .annotate(**_child_fields("person"))
        .order_by("started_on", "id")
    )


def _list_2(scope: ReportScope, la_ids: Iterable[int], fmt: _Format) -> list[AnnexRow]:
    rows = _open_responses(scope, la_ids, ResponseKind.EARLY_HELP_ASSESSMENT).values_list(
        *CHILD_VALUES,
        "started_on",
        "completed_on",
        "organisation",
        "handover__receiving_team__name",
    )
    child, dates = fmt.child, fmt.text
    return [
        (*child(kept, la_id, sex, eth, born, start), dates(start), dates(end), org or team)
        for kept, la_id, sex, eth, born, start, end, org, team in rows
    ]


def _list_4(scope: ReportScope, la_ids: Iterable[int], fmt: _Format) -> list[AnnexRow]:
    rows = _open_responses(scope, la_ids, ResponseKind.CHILD_AND_FAMILY_ASSESSMENT).values_list(
        *CHILD_VALUES,
        _kept("person", "disability"),
        "started_on",
        "child_seen",
        "completed_on",
        "needs_support",
        "handover__receiving_team__name",
        "worker_name",
        "handover__acknowledged_by__full_name",
    )
    child, dates = fmt.child, fmt.text
    return [
        (
            *child(kept, la_id, sex, eth, born, start),
            YES_NO_UNKNOWN.get(disability, UNKNOWN),
            dates(start),
            YES_NO_UNKNOWN.get(seen, UNKNOWN),
            dates(end),
            YES_NO_UNKNOWN.get(support, UNKNOWN),
            team,
            worker or acknowledger or None,
        )
        for (
            kept,
            la_id,
            sex,
            eth,
            born,
            disability,
            start,
            seen,
            end,
            support,
            team,
            worker,
            acknowledger,
        ) in rows
    ]


# --- List 3 and the CIN census: referrals to children's social care ----------------------------


@dataclass(frozen=True)
class Referral:
    """One subject child of a contact referred to children's social care."""

    local_authority_code: str
    contact_id: int
    person_id: int  # the kept record
    la_child_id: str
    sex: str  # M, F, U or ""
    ethnicity: str  # a census code or ""
    born: date | None
    expected: date | None
    upn: str
    disability: str  # yes, no, unknown
    referred_on: date  # the approval of the decision, London time
    source: str  # the referral source code
    nfa: bool  # the receiving team recorded no further action for this child
    earlier_referrals: int  # of the same child, same authority, in the 365 days before
    team: str
    worker: str


def _referral_decisions(la_ids: list[int], since: datetime, before: datetime) -> QuerySet[Any]:
    """Approved decisions in [since, before) that stand (no later approval of the contact) and
    send a child-cohort contact to children's social care."""
    later = ManagerDecision.objects.filter(
        verdict=ManagerDecision.Verdict.APPROVED,
        recommendation__contact_id=OuterRef("recommendation__contact_id"),
    ).filter(
        Q(decided_at__gt=OuterRef("decided_at"))
        | Q(decided_at=OuterRef("decided_at"), id__gt=OuterRef("id"))
    )
    return ManagerDecision.objects.filter(
        verdict=ManagerDecision.Verdict.APPROVED,
        decided_at__gte=since,
        decided_at__lt=before,
        recommendation__outcome__in=SOCIAL_CARE_OUTCOMES,
        recommendation__contact__cohort=Cohort.CHILD,
        recommendation__contact__local_authority_id__in=la_ids,
    ).exclude(Exists(later))


def _approved_referral(path: str, since: datetime, before: datetime) -> dict[str, Any]:
    """Filters, from a recommendation at `path`, for an approved referral decision in
    [since, before) (a superset of the standing ones: callers keep those `decisions` holds)."""
    return {
        f"{path}__outcome__in": SOCIAL_CARE_OUTCOMES,
        f"{path}__manager_decision__verdict": ManagerDecision.Verdict.APPROVED,
        f"{path}__manager_decision__decided_at__gte": since,
        f"{path}__manager_decision__decided_at__lt": before,
    }


def referrals_to_social_care(scope: ReportScope) -> list[Referral]:
    """Referrals to children's social care approved in the scope's period, in date order.

    Four queries whatever the size: the standing decisions (from a year before the period, to
    count earlier referrals), their subject children, and for the period's referrals the
    handovers of the decision and the receiving teams' responses to them."""
    authorities = _authority_ids(scope)
    la_ids = list(authorities)
    since = scope.start_at - YEAR
    decisions = {
        contact: (la_id, decided_at, day, source)
        for contact, la_id, decided_at, day, source in _referral_decisions(
            la_ids, since, scope.end_before
        ).values_list(
            "recommendation__contact_id",
            "recommendation__contact__local_authority_id",
            "decided_at",
            LocalDate("decided_at"),
            "recommendation__contact__referral_source_id",
        )
    }
    children = (
        ContactSubject.objects.filter(
            role=SubjectRole.SUBJECT_CHILD,
            contact__cohort=Cohort.CHILD,
            contact__local_authority_id__in=la_ids,
            **_approved_referral("contact__recommendations", since, scope.end_before),
        )
        .annotate(
            **_child_fields("person"),
            kept_expected=_kept("person", "expected_date_of_birth"),
            kept_upn=_kept("person", "upn"),
            kept_disability=_kept("person", "disability"),
        )
        .order_by()
        .values_list(
            "id", "contact_id", *CHILD_VALUES, "kept_expected", "kept_upn", "kept_disability"
        )
    )
    in_period = {
        "contact__cohort": Cohort.CHILD,
        "contact__local_authority_id__in": la_ids,
        **_approved_referral("recommendation", scope.start_at, scope.end_before),
    }
    teams: dict[int, tuple[str, str]] = {}
    for contact, team, acknowledger in (
        Handover.objects.filter(**in_period)
        .order_by("contact_id", "created_at", "id")
        .values_list("contact_id", "receiving_team__name", "acknowledged_by__full_name")
    ):
        teams[contact] = (team, acknowledger or teams.get(contact, ("", ""))[1])
    nfa: set[tuple[int, int]] = set()
    workers: dict[tuple[int, int], str] = {}
    for contact, person, kind, worker in (
        TeamResponse.objects.filter(
            **{f"handover__{key}": value for key, value in in_period.items()}
        )
        .order_by("recorded_at", "id")
        .values_list(
            "handover__contact_id",
            Coalesce("person__merged_into_id", "person_id"),
            "kind",
            "worker_name",
        )
    ):
        if kind == ResponseKind.NO_FURTHER_ACTION:
            nfa.add((contact, person))
        if worker:
            workers[(contact, person)] = worker

    # When each child (per authority) was referred, to count the 365 days before each referral.
    history: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    current = []
    seen: set[int] = set()  # a contact with two approved referrals joins its subjects twice
    for subject, contact, kept, *held in children:
        if subject in seen or contact not in decisions:
            continue
        seen.add(subject)
        la_id, decided_at = decisions[contact][:2]
        history[(la_id, kept)].append(decided_at)
        if decided_at >= scope.start_at:
            current.append((decided_at, contact, kept, held))
    for times in history.values():
        times.sort()
    current.sort(key=lambda row: row[:3])
    referrals = []
    for decided_at, contact, kept, held in current:
        la_child_id, sex, eth, born, expected, upn, disability = held
        la_id, _, day, source = decisions[contact]
        times = history[(la_id, kept)]
        team, acknowledger = teams.get(contact, ("", ""))
        referrals.append(
            Referral(
                local_authority_code=authorities[la_id],
                contact_id=contact,
                person_id=kept,
                la_child_id=la_child_id or "",
                sex=sex or "",
                ethnicity=eth or "",
                born=born,
                expected=expected,
                upn=upn or "",
                disability=disability,
                referred_on=day,
                source=source or "",
                nfa=(contact, kept) in nfa,
                earlier_referrals=bisect_left(times, decided_at)
                - bisect_left(times, decided_at - YEAR),
                team=team,
                worker=workers.get((contact, kept), acknowledger or ""),
            )
        )
    return referrals


def _list_3(scope: ReportScope, fmt: _Format) -> list[AnnexRow]:
    child, dates = fmt.child, fmt.text
    return [
        (
            *child(r.person_id, r.la_child_id, r.sex, r.ethnicity, r.born, r.referred_on),
            dates(r.referred_on),
            SOURCES.get(r.source, UNKNOWN_SOURCE),
            YES if r.nfa else NO,
            r.earlier_referrals,
            r.team or None,
            r.worker or None,
        )
        for r in referrals_to_social_care(scope)
    ]


# --- List 5: section 47 enquiries --------------------------------------------------------------


def _list_5(scope: ReportScope, la_ids: Iterable[int], fmt: _Format) -> list[AnnexRow]:
    look_back = scope.start - YEAR
    discussion = (
        StrategyDiscussion.objects.filter(
            contact_id=OuterRef("handover__contact_id"),
            held_at__isnull=False,
            decision__in=S47_DECISIONS,
        )
        .order_by("-held_at", "-id")
        .annotate(day=LocalDate("held_at"))
        .values("day")[:1]
    )
    enquiries = (
        TeamResponse.objects.filter(
            kind=ResponseKind.SECTION_47_ENQUIRY,
            handover__contact__cohort=Cohort.CHILD,
            handover__contact__local_authority_id__in=list(la_ids),
        )
        .filter(
            Q(started_on__gte=look_back, started_on__lte=scope.end)
            | Q(icpc_on__gte=look_back, icpc_on__lte=scope.end)
        )
        .annotate(**_child_fields("person"), discussed_on=Subquery(discussion))
        .order_by("started_on", "id")
        .values_list(
            "id",
            "handover__contact__local_authority_id",
            *CHILD_VALUES,
            _kept("person", "disability"),
            "started_on",
            "discussed_on",
            "icpc_not_required",
            "icpc_on",
            "child_protection_plan",
            "handover__receiving_team__name",
            "worker_name",
            "handover__acknowledged_by__full_name",
        )
    )
    starts: dict[tuple[int, int], list[date]] = defaultdict(list)
    conferences: dict[tuple[int, int], list[date]] = defaultdict(list)
    listed = []
    for row in enquiries:
        key = (row[1], row[2])  # authority, kept child
        started_on, icpc_on = row[8], row[11]
        starts[key].append(started_on)
        if icpc_on is not None:
            conferences[key].append(icpc_on)
        if scope.start <= started_on <= scope.end:
            listed.append(row)
    for days in (*starts.values(), *conferences.values()):
        days.sort()

    def within_year_before(days: list[date], on: date) -> int:
        return bisect_left(days, on) - bisect_left(days, on - YEAR)

    child, dates = fmt.child, fmt.text
    return [
        (
            *child(kept, la_child_id, sex, eth, born, started_on),
            YES_NO_UNKNOWN.get(disability, UNKNOWN),
            dates(discussed_on or started_on),
            yes_no(not_required),
            dates(icpc_on),
            yes_no(plan),
            within_year_before(starts[(la_id, kept)], started_on),
            within_year_before(conferences[(la_id, kept)], started_on),
            team,
            worker or acknowledger or None,
        )
        for (
            _,
            la_id,
            kept,
            la_child_id,
            sex,
            eth,
            born,
            disability,
            started_on,
            discussed_on,
            not_required,
            icpc_on,
            plan,
            team,
            worker,
            acknowledger,
        ) in listed
    ]


# --- All five ----------------------------------------------------------------------------------


def annex_a_lists(scope: ReportScope) -> dict[str, list[AnnexRow]]:
    """Lists 1–5 for the scope, each a list of rows in `ANNEX_A_COLUMNS` order."""
    la_ids = list(_authority_ids(scope))
    fmt = _Format()
    return {
        "List 1": _list_1(scope, la_ids, fmt),
        "List 2": _list_2(scope, la_ids, fmt),
        "List 3": _list_3(scope, fmt),
        "List 4": _list_4(scope, la_ids, fmt),
        "List 5": _list_5(scope, la_ids, fmt),
    }
