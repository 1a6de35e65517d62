"""A synthetic front-door history for the reports benchmark, written by PostgreSQL itself.

`generate(...)` fills one authority's contacts and everything that follows them (subjects,
screening, recommendations and manager decisions, information requests, strategy discussions,
handovers, receiving teams' responses) over a period, with `INSERT … SELECT` from
`generate_series`. Every "random" choice is a hash of a row number and a salt
(`hashint8extended`), so the same arguments give the same rows. 150,000 contacts take a few
seconds; no model is saved except a handful of staff users.

The mix follows the seeds (DESIGN.md "What the seeds measure"): cohorts 80 % children, 10 %
adults at risk, 10 % domestic abuse (mostly police notifications); referral sources about
police 23 %, health 14 %, schools 12 %, family 12 %; approved outcomes about 68 % advice and
guidance (nfa, information and advice, signpost, police only), 7 % section 17 assessment, 2 %
section 47 strategy discussion. Fewer contacts at weekends, in August and in December. Events
after `end` are left out, so the last days' contacts are still open, as they would be.

PostgreSQL only (`generate_series`, `hashint8extended`, `pg_temp` functions).
"""

# The SQL is built from this module's own constants, integers and `_meta.db_table` names;
# the dates and codes given by the caller go in as query parameters.
# ruff: noqa: S608

from __future__ import annotations

import math
import re
import time as time_module
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

LONDON = "Europe/London"

# Referral sources of contacts other than domestic-abuse notifications, per cent (sums to 100).
# With the domestic-abuse cohort (mostly police) the whole mix is about police 22 %, health
# 14 %, schools 13 %, family 13 % (Nottinghamshire's shares).
SOURCE_MIX = (
    ("6", 15),
    ("3A", 4),
    ("3B", 3),
    ("3C", 2),
    ("3D", 2),
    ("3E", 3),
    ("3F", 1),
    ("2A", 14),
    ("2B", 3),
    ("1A", 13),
    ("1B", 3),
    ("1C", 2),
    ("1D", 2),
    ("4", 3),
    ("5A", 3),
    ("5B", 3),
    ("5C", 2),
    ("5D", 4),
    ("7", 5),
    ("8", 7),
    ("9", 3),
    ("10", 3),
)

# Children's ethnicities, per mille (the rest NOBT), roughly a Midlands county.
ETHNICITY_MIX = (
    ("WBRI", 740),
    ("WIRI", 5),
    ("WIRT", 3),
    ("WOTH", 40),
    ("WROM", 4),
    ("MWBC", 20),
    ("MWBA", 5),
    ("MWAS", 12),
    ("MOTH", 12),
    ("AIND", 20),
    ("APKN", 25),
    ("ABAN", 5),
    ("AOTH", 8),
    ("BCRB", 10),
    ("BAFR", 15),
    ("BOTH", 5),
    ("CHNE", 3),
    ("OOTH", 10),
    ("REFU", 10),
)

GIVEN = [
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Noah",
    "Mia",
    "Jack",
    "Ivy",
    "Leo",
    "Lily",
    "Arthur",
    "Freya",
    "Oscar",
    "Grace",
    "Charlie",
    "Ella",
    "Muhammad",
    "Sophia",
    "Jacob",
    "Evie",
    "Thomas",
    "Rosie",
    "Alfie",
    "Poppy",
    "Theo",
    "Ruby",
    "Archie",
    "Daisy",
    "Henry",
    "Willow",
    "Joshua",
    "Florence",
    "Mason",
    "Aisha",
    "Riley",
    "Layla",
    "Ethan",
    "Maisie",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Mills",
    "King",
    "Hussain",
    "Ali",
    "Begum",
    "Shaw",
    "Lloyd",
    "Ward",
    "Turner",
    "Hughes",
    "Edwards",
    "Baker",
    "Harris",
    "Martin",
    "Cooper",
    "Hill",
    "Bennett",
    "Bailey",
]
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Road",
    "Queens Road",
    "Stafford Road",
    "Newcastle Road",
    "Uttoxeter Road",
    "Lichfield Street",
    "Market Street",
]
PLACES = [
    "Abbey",
    "Ashley",
    "Barton",
    "Beacon",
    "Blythe",
    "Brook",
    "Castle",
    "Cheadle",
    "Churchfield",
    "Codsall",
    "Eccleshall",
    "Fairfield",
    "Forest",
    "Gnosall",
    "Hanbury",
    "Highfields",
    "Kinver",
    "Leek",
    "Manor",
    "Meadow",
    "Oakfield",
    "Penkridge",
    "Rugeley",
    "St Mary's",
    "St Peter's",
    "Stone",
    "Tamworth",
    "Weston",
    "Willow",
    "Wombourne",
]
SCHOOL_KINDS = ("Primary School", "Academy", "High School", "C of E Primary School", "Infants")
HEALTH = {
    "3B": ("Midlands Partnership University NHS Foundation Trust",),
    "3C": ("Midlands Partnership University NHS Foundation Trust", "School Nursing Service"),
    "3D": ("Midlands Partnership University NHS Foundation Trust", "Community Dental Service"),
    "3E": (
        "Royal Stoke University Hospital",
        "County Hospital Stafford",
        "Queen's Hospital Burton",
    ),
    "3F": ("Katharine House Hospice", "Donna Louise Hospice"),
}
ORGANISATIONS = {
    "2B": ("Education Welfare Service", "Virtual School", "Inclusion Hub"),
    "4": ("Aspire Housing", "Stafford Borough Council Housing", "Sanctuary Housing"),
    "5A": ("Staffordshire Adult Social Care",),
    "5B": ("Youth Justice Service", "Youth Service"),
    "5C": ("Stoke-on-Trent City Council", "Derbyshire County Council", "Shropshire Council"),
    "5D": ("Family Hub", "Early Help Service"),
    "6": ("Staffordshire Police", "Staffordshire Police", "Staffordshire Police", "Staffs Police"),
    "7": ("Probation Service", "Cafcass", "HMP Stafford"),
    "8": ("NSPCC", "Barnardo's", "Women's Aid", "Children's Centre", "Childminder"),
    **HEALTH,
}


@dataclass(frozen=True)
class Pools:
    """Where one authority's rows start (ids are given explicitly, so they must not clash)."""

    contacts_from: int  # contact ids are contacts_from + 1 …
    persons_from: int  # person ids are persons_from + 1 …


@dataclass(frozen=True)
class Place:
    """The authority's ids the rows point at."""

    la: int
    other_la: int  # where transfers go
    other_mash: int
    mash: int
    areas: tuple[int, ...]
    early_help: int
    adults: int
    agencies: tuple[int, ...]  # asked for information, in this order
    agreement: int


@dataclass(frozen=True)
class Staff:
    officer: int
    practitioner: int
    manager: int
    worker: int
    researcher: int


def _array(values: tuple[str, ...] | list[str]) -> str:
    """A SQL text array literal of `values` (our own constants, quotes doubled)."""
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"ARRAY[{quoted}]::text[]"


def _ints(values: tuple[int, ...]) -> str:
    return "ARRAY[" + ", ".join(str(value) for value in values) + "]::int[]"


def _pick(values: tuple[str, ...] | list[str], draw: str) -> str:
    """SQL choosing one of `values` by `draw` in [0, 1)."""
    return f"({_array(values)})[1 + floor({draw} * {len(values)})::int]"


def _mix(values: tuple[tuple[str, int], ...], draw: str, *, rest: str | None = None) -> str:
    """SQL CASE choosing a code by cumulative weights (per cent, or per mille with `rest`)."""
    total = sum(weight for _, weight in values) if rest is None else 1000
    branches, cumulative = [], 0
    for code, weight in values:
        cumulative += weight
        branches.append(f"WHEN {draw} < {cumulative / total!r} THEN '{code}'")
    last = f"'{rest}'" if rest is not None else f"'{values[-1][0]}'"
    return f"CASE {' '.join(branches)} ELSE {last} END"


def _hoist(sql: str, *, key: str, alias: str) -> tuple[str, str]:
    """Replace each `pg_temp.u(key, N)` in `sql` by the column `alias.dN`, and return the
    select list computing those columns once (an inlined function is otherwise evaluated
    again in every branch of a CASE)."""
    salts = sorted({int(n) for n in re.findall(rf"pg_temp\.u\({re.escape(key)}, (\d+)\)", sql)})
    sql = re.sub(rf"pg_temp\.u\({re.escape(key)}, (\d+)\)", rf"{alias}.d\1", sql)
    return sql, ", ".join(f"pg_temp.u({key}, {n}) AS d{n}" for n in salts)


def tables() -> dict[str, str]:
    """The real table names (`Model._meta.db_table`)."""
    from frontdoor.contacts.models import Contact, ContactStatusChange, ContactSubject
    from frontdoor.enquiries.models import InformationRequest
    from frontdoor.meetings.models import StrategyDiscussion
    from frontdoor.outcomes.models import Handover, TeamResponse
    from frontdoor.people.models import Person
    from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision

    models = {
        "contact": Contact,
        "subject": ContactSubject,
        "status_change": ContactStatusChange,
        "person": Person,
        "screening": ScreeningDecision,
        "recommendation": Recommendation,
        "decision": ManagerDecision,
        "request": InformationRequest,
        "discussion": StrategyDiscussion,
        "handover": Handover,
        "response": TeamResponse,
    }
    return {key: model._meta.db_table for key, model in models.items()}


def staff() -> Staff:
    """A handful of staff users for the *_by columns (created once)."""
    from frontdoor.accounts.models import User

    def user(slug: str, name: str) -> int:
        found, _ = User.objects.get_or_create(
            email=f"{slug}@bench.frontdoor.invalid", defaults={"full_name": name}
        )
        return found.pk

    return Staff(
        officer=user("cath.contact", "Cath Contact"),
        practitioner=user("alice.practitioner", "Alice Practitioner"),
        manager=user("mo.manager", "Mo Manager"),
        worker=user("ari.area", "Ari Area"),
        researcher=user("pat.police", "Pat Police"),
    )


def place(la_code: str, other_la_code: str) -> Place:
    """The authority's teams and the agencies it asks, as the demo hub builds them."""
    from frontdoor.agencies.models import Agency, LocalAuthority, Team
    from frontdoor.enquiries.models import SharingAgreement

    la = LocalAuthority.objects.get(code=la_code)
    other = LocalAuthority.objects.get(code=other_la_code)
    teams = Team.objects.filter(local_authority=la).select_related("agency")
    mash = teams.get(function=Team.Function.MASH)
    receiving = [t for t in teams if t.function == Team.Function.RECEIVING]
    areas = tuple(t.pk for t in receiving if t.agency.kind_id == "children_social_care")
    early_help = next((t.pk for t in receiving if t.agency.kind_id == "early_help"), areas[0])
    adults = next((t.pk for t in teams if t.agency.kind_id == "adult_social_care"), areas[0])
    agencies = tuple(
        Agency.objects.filter(
            local_authorities=la, kind_id__in=["police", "health", "education", "probation"]
        )
        .order_by("kind__position", "code")
        .values_list("pk", flat=True)
    )
    agreement = SharingAgreement.objects.filter(local_authorities=la).order_by("pk").first()
    if agreement is None:
        raise RuntimeError("Build the hub's sharing agreement first (build_hub_sharing)")
    return Place(
        la=la.pk,
        other_la=other.pk,
        other_mash=Team.objects.get(local_authority=other, function=Team.Function.MASH).pk,
        mash=mash.pk,
        areas=areas,
        early_help=early_help,
        adults=adults,
        agencies=agencies,
        agreement=agreement.pk,
    )


FUNCTIONS = [
    # u(n, salt): a deterministic draw in [0, 1).
    "CREATE OR REPLACE FUNCTION pg_temp.u(n bigint, salt bigint) RETURNS float8"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS"
    " $$ SELECT (hashint8extended(n, salt) & 4294967295)::float8 / 4294967296 $$",
    # Hours an agency takes to answer request j of contact n due in `due` hours: 85 % on time.
    "CREATE OR REPLACE FUNCTION pg_temp.answer_hours(n bigint, j int, due float8)"
    " RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT due * CASE"
    " WHEN pg_temp.u(n, 60 + j) < 0.85 THEN 0.1 + 0.9 * pg_temp.u(n, 70 + j)"
    " ELSE 1 + 3 * pg_temp.u(n, 70 + j) END $$",
    # The next working day at 17:00 after a London date (weekends skipped, not bank holidays).
    "CREATE OR REPLACE FUNCTION pg_temp.next_working_close(d date) RETURNS timestamptz"
    " LANGUAGE sql IMMUTABLE AS $$ SELECT ((d + CASE extract(isodow FROM d)::int"
    " WHEN 5 THEN 3 WHEN 6 THEN 2 ELSE 1 END) + time '17:00') AT TIME ZONE 'Europe/London' $$",
]

ADVICE = ("nfa", "information_and_advice", "signpost", "police_only")


def _plan_sql(*, children: int, span: int) -> tuple[str, str]:
    """The staging table `rp_plan`: one row per contact with every choice and time made."""
    u = "pg_temp.u"
    draw = f"{u}(b.id, 20)"
    child_outcome = (
        f"CASE WHEN {draw} < 0.21 THEN 'nfa' WHEN {draw} < 0.51 THEN 'information_and_advice'"
        f" WHEN {draw} < 0.64 THEN 'signpost' WHEN {draw} < 0.66 THEN 'police_only'"
        f" WHEN {draw} < 0.88 THEN 'early_help' WHEN {draw} < 0.965 THEN 's17_assessment'"
        f" WHEN {draw} < 0.99 THEN 's47_strategy' ELSE 'transfer' END"
    )
    adult_outcome = (
        f"CASE WHEN {draw} < 0.25 THEN 'nfa' WHEN {draw} < 0.55 THEN 'information_and_advice'"
        f" WHEN {draw} < 0.70 THEN 'signpost' WHEN {draw} < 0.98 THEN 's42_enquiry'"
        f" ELSE 'police_only' END"
    )
    da_outcome = (
        f"CASE WHEN {draw} < 0.40 THEN 'police_only' WHEN {draw} < 0.50 THEN 'nfa'"
        f" WHEN {draw} < 0.70 THEN 'information_and_advice' WHEN {draw} < 0.80 THEN 'signpost'"
        f" WHEN {draw} < 0.92 THEN 'early_help' WHEN {draw} < 0.98 THEN 's17_assessment'"
        f" ELSE 's47_strategy' END"
    )
    source = (
        f"CASE WHEN c.cohort = 'domestic_abuse' THEN (CASE WHEN {u}(b.id, 11) < 0.85 THEN '6'"
        f" WHEN {u}(b.id, 11) < 0.95 THEN '1A' ELSE '8' END)"
        f" ELSE {_mix(SOURCE_MIX, f'{u}(b.id, 11)')} END"
    )
    schools = [f"{p} {k}" for k in SCHOOL_KINDS for p in PLACES]
    surgeries = [f"{p} {k}" for k in ("Medical Practice", "Surgery") for p in PLACES[:20]]
    organisation_cases = " ".join(
        f"WHEN '{code}' THEN {_pick(names, f'{u}(b.id, 13)')}"
        for code, names in ORGANISATIONS.items()
    )
    # A few schools send most of the schools' contacts (draw squared).
    organisation = (
        f"CASE s.source WHEN '2A' THEN {_pick(schools, f'{u}(b.id, 13) ^ 2')}"
        f" WHEN '3A' THEN {_pick(surgeries, f'{u}(b.id, 13)')} {organisation_cases}"
        " ELSE '' END"
    )
    public = "s.source IN ('1A', '1B', '1C', '1D', '9')"
    public_channel = _pick(
        ("phone",) * 12 + ("online_form",) * 6 + ("in_person", "letter"), f"{u}(b.id, 14)"
    )
    professional_channel = _pick(
        ("phone",) * 7 + ("email",) * 5 + ("online_form",) * 5 + ("partner_api",) * 2 + ("letter",),
        f"{u}(b.id, 14)",
    )
    sql = f"""
    CREATE TEMP TABLE rp_plan AS
    SELECT b.id, b.received_at, c.cohort, s.source, o.outcome, x.*, y.*, z.*, k.*, ck.child_k
    FROM rp_base b
    CROSS JOIN LATERAL (SELECT CASE WHEN {u}(b.id, 10) < 0.8 THEN 'child'
        WHEN {u}(b.id, 10) < 0.9 THEN 'adult_at_risk' ELSE 'domestic_abuse' END AS cohort) c
    CROSS JOIN LATERAL (SELECT {source} AS source) s
    CROSS JOIN LATERAL (SELECT CASE c.cohort WHEN 'child' THEN {child_outcome}
        WHEN 'adult_at_risk' THEN {adult_outcome} ELSE {da_outcome} END AS outcome) o
    CROSS JOIN LATERAL (SELECT
        CASE WHEN s.source = '6' AND (c.cohort = 'domestic_abuse' OR {u}(b.id, 12) < 0.6)
             THEN 'police_notification'
             WHEN s.source = '6' THEN (CASE WHEN {u}(b.id, 14) < 0.6 THEN 'email' ELSE 'phone' END)
             WHEN {public} THEN {public_channel}
             ELSE {professional_channel}
        END AS channel,
        {organisation} AS organisation0,
        CASE WHEN {public} THEN 'public' ELSE 'professional' END AS referrer_kind,
        CASE WHEN s.source = '9' THEN 'not_sought'
             WHEN c.cohort = 'domestic_abuse' AND {u}(b.id, 15) < 0.8 THEN 'not_sought'
             WHEN {u}(b.id, 15) < 0.70 THEN 'given' WHEN {u}(b.id, 15) < 0.78 THEN 'refused'
             ELSE 'not_sought' END AS consent,
        CASE WHEN {u}(b.id, 16) < 0.55 THEN 'yes' WHEN {u}(b.id, 16) < 0.8 THEN 'no'
             ELSE 'not_known' END AS family_aware,
        CASE WHEN o.outcome = 's47_strategy' THEN 'red'
             WHEN o.outcome = 's17_assessment' THEN
                 (CASE WHEN {u}(b.id, 17) < 0.3 THEN 'red' ELSE 'amber' END)
             WHEN o.outcome IN ('early_help', 's42_enquiry', 'transfer') THEN
                 (CASE WHEN {u}(b.id, 17) < 0.7 THEN 'amber' ELSE 'green' END)
             ELSE (CASE WHEN {u}(b.id, 17) < 0.1 THEN 'amber' ELSE 'green' END) END AS rag,
        CASE WHEN o.outcome = 's47_strategy' THEN 4
             WHEN o.outcome = 's17_assessment' THEN
                 (CASE WHEN {u}(b.id, 18) < 0.8 THEN 4 ELSE 3 END)
             WHEN o.outcome = 'early_help' THEN (CASE WHEN {u}(b.id, 18) < 0.6 THEN 2 ELSE 3 END)
             WHEN o.outcome IN ('s42_enquiry', 'transfer') THEN 3
             ELSE (CASE WHEN {u}(b.id, 18) < 0.5 THEN 1 ELSE 2 END) END AS threshold,
        b.received_at + interval '5 minutes' + {u}(b.id, 30) * interval '5 hours' AS screened_at,
        pg_temp.next_working_close((b.received_at AT TIME ZONE '{LONDON}')::date)
            AS decision_due_at,
        {u}(b.id, 40) < 0.06 AS returned
    ) x
    CROSS JOIN LATERAL (SELECT
        CASE x.rag WHEN 'red' THEN 2 WHEN 'amber' THEN 6 ELSE 24 END AS rag_hours,
        CASE WHEN {u}(b.id, 31)
                < (CASE x.rag WHEN 'red' THEN 0.8 WHEN 'amber' THEN 0.5 ELSE 0.25 END)
             THEN 1 + floor({u}(b.id, 32) * 3)::int ELSE 0 END AS requests
    ) y
    CROSS JOIN LATERAL (SELECT
        x.screened_at + CASE WHEN y.requests = 0
            THEN interval '20 minutes' + {u}(b.id, 33) * interval '3 hours'
            ELSE interval '30 minutes' + interval '1 hour' * GREATEST(
                pg_temp.answer_hours(b.id, 1, y.rag_hours),
                CASE WHEN y.requests >= 2 THEN pg_temp.answer_hours(b.id, 2, y.rag_hours) END,
                CASE WHEN y.requests >= 3 THEN pg_temp.answer_hours(b.id, 3, y.rag_hours) END)
            END AS first_recommended_at
    ) z
    CROSS JOIN LATERAL (SELECT
        z.first_recommended_at + CASE WHEN x.returned THEN interval '3 hours'
            ELSE interval '0' END AS recommended_at,
        z.first_recommended_at + CASE WHEN x.returned THEN interval '3 hours'
            ELSE interval '0' END + interval '15 minutes'
            + CASE WHEN {u}(b.id, 41) < 0.93 THEN {u}(b.id, 42) * interval '3 hours'
              ELSE interval '1 day' + {u}(b.id, 42) * interval '3 days' END AS decided_at,
        ((b.received_at AT TIME ZONE '{LONDON}')::date - %(birth_lo)s::date) AS age_days_from
    ) k
    CROSS JOIN LATERAL (SELECT
        GREATEST(1, 1 + ceil((k.age_days_from - 6570)::float8 * {children} / {span})::int)
            AS k_lo,
        LEAST({children}, 1 + floor(k.age_days_from::float8 * {children} / {span})::int) AS k_hi
    ) a
    CROSS JOIN LATERAL (SELECT
        a.k_lo + floor({u}(b.id, 50) * GREATEST(1, a.k_hi - a.k_lo + 1))::int AS child_k
    ) ck
    """
    return _hoist(sql, key="b.id", alias="b")


def _people_sql(*, pools: Pools, children: int, adults: int, span: int) -> list[str]:
    u = "pg_temp.u"
    p = pools.persons_from
    ethnicity = _mix(ETHNICITY_MIX, f"{u}(k, 102)", rest="NOBT")
    names = f"{_pick(GIVEN, f'{u}(k, 100)')}, '', {_pick(FAMILY, f'{u}(k, 101)')}"
    address = (
        f"(1 + floor({u}(k, 106) * 180)::int)::text || ' ' || {_pick(STREETS, f'{u}(k, 107)')}"
    )
    postcode = (
        f"CASE WHEN {u}(k, 108) < 0.03 THEN '' ELSE 'ST' || (1 + floor({u}(k, 109) * 21)::int)"
        f" || ' ' || floor({u}(k, 110) * 10)::int || chr(65 + floor({u}(k, 111) * 26)::int)"
        f" || chr(65 + floor({u}(k, 112) * 26)::int) END"
    )
    columns = (
        "id, given_name, middle_names, family_name, date_of_birth, expected_date_of_birth,"
        " sex_id, ethnicity_id, disability, address, postcode, nhs_number, upn, pnc_id,"
        " la_child_id, created_at, merged_into_id"
    )
    children_sql = f"""
    INSERT INTO {{person}} ({columns})
    SELECT {p} + k, {names},
        CASE WHEN {u}(k, 103) < 0.01 THEN NULL
             ELSE %(birth_lo)s::date + floor((k - 1)::float8 * {span} / {children})::int END,
        NULL,
        CASE WHEN {u}(k, 104) < 0.49 THEN 'M' WHEN {u}(k, 104) < 0.98 THEN 'F' ELSE 'U' END,
        CASE WHEN {u}(k, 105) < 0.05 THEN NULL ELSE {ethnicity} END,
        CASE WHEN {u}(k, 113) < 0.08 THEN 'yes' WHEN {u}(k, 113) < 0.78 THEN 'no'
             ELSE 'unknown' END,
        {address}, {postcode}, '', '', '',
        CASE WHEN {u}(k, 114) < 0.6 THEN 'LA' || %(la_code)s || k ELSE '' END,
        %(now)s, NULL
    FROM (SELECT k, {{draws}} FROM generate_series(1, {children}) k OFFSET 0) g
    """
    adults_sql = f"""
    INSERT INTO {{person}} ({columns})
    SELECT {p} + {children} + k, {names},
        date '1935-01-01' + floor({u}(k, 103) * 25000)::int, NULL,
        CASE WHEN {u}(k, 104) < 0.45 THEN 'M' WHEN {u}(k, 104) < 0.98 THEN 'F' ELSE 'U' END,
        CASE WHEN {u}(k, 105) < 0.2 THEN NULL ELSE {ethnicity} END,
        'unknown', {address}, {postcode}, '', '', '', '', %(now)s, NULL
    FROM (SELECT k, {{draws}} FROM generate_series(1, {adults}) k OFFSET 0) g
    """
    # Half a per cent of children were found to be duplicates and merged into the previous
    # record (the absorbed row keeps its contacts: reports must resolve through merges).
    merged_sql = f"""
    UPDATE {{person}} SET merged_into_id = id - 1
    WHERE id > {p} + 1 AND id <= {p} + {children} AND {u}(id - {p}, 115) < 0.005
    """
    hoisted = []
    for sql in (children_sql, adults_sql):
        body, draws = _hoist(sql, key="k", alias="g")
        hoisted.append(body.replace("{draws}", draws))
    return [*hoisted, merged_sql]


def _subjects_sql(*, pools: Pools, children: int, adults: int) -> str:
    u = "pg_temp.u"
    p = pools.persons_from
    # Subject child k (rp_plan.child_k) is one of the children aged 0–17 that day.
    child = "child_k"
    sibling = f"(CASE WHEN {child} < {children} THEN {child} + 1 ELSE {child} - 1 END)"
    adult = "adult_k"
    other_adult = f"(1 + mod({adult}, {adults}))"
    has_child = f"(cohort = 'child' OR (cohort = 'domestic_abuse' AND {u}(id, 53) < 0.65))"
    rows = [
        ("subject_child", f"{p} + {child}", has_child),
        ("subject_child", f"{p} + {sibling}", f"cohort = 'child' AND {u}(id, 51) < 0.15"),
        ("parent_carer", f"{p} + {children} + {adult}", f"cohort = 'child' AND {u}(id, 54) < 0.6"),
        ("other_adult", f"{p} + {children} + {adult}", "cohort = 'domestic_abuse'"),
        (
            "alleged_perpetrator",
            f"{p} + {children} + {other_adult}",
            "cohort = 'domestic_abuse'",
        ),
        ("adult_at_risk", f"{p} + {children} + {adult}", "cohort = 'adult_at_risk'"),
        (
            "other_adult",
            f"{p} + {children} + {other_adult}",
            f"cohort = 'adult_at_risk' AND {u}(id, 55) < 0.2",
        ),
    ]
    selects = " UNION ALL ".join(
        f"SELECT id, {person}, '{role}', true FROM p WHERE {where}" for role, person, where in rows
    )
    selects = (
        f"WITH p AS MATERIALIZED (SELECT id, cohort, child_k,"
        f" 1 + floor({u}(id, 52) * {adults})::int AS adult_k FROM rp_plan) {selects}"
    )
    return "INSERT INTO {subject} (contact_id, person_id, role, identity_checked) " + selects


def _activity_sql(place: Place, staff: Staff) -> list[str]:
    """Contacts and everything after them, from `rp_plan`."""
    u = "pg_temp.u"
    advice = ", ".join(f"'{o}'" for o in ADVICE)
    referral = "('early_help', 's17_assessment', 's47_strategy', 's42_enquiry', 'transfer')"
    sent = "(decided_at + interval '30 minutes' + pg_temp.u(id, 80) * interval '4 hours')"
    areas = _ints(place.areas)
    agencies = _ints(place.agencies)
    team = (
        f"CASE outcome WHEN 'early_help' THEN {place.early_help}"
        f" WHEN 's42_enquiry' THEN {place.adults}"
        f" WHEN 'transfer' THEN {place.other_mash}"
        f" ELSE ({areas})[1 + floor({u}(id, 81) * {len(place.areas)})::int] END"
    )
    status = f"""CASE
        WHEN outcome IN {referral} AND acknowledged_at < %(now)s THEN 'closed'
        WHEN outcome IN {referral} AND sent_at < %(now)s THEN 'handed_over'
        WHEN decided_at < %(now)s AND outcome IN ({advice}) THEN 'closed'
        WHEN decided_at < %(now)s THEN 'decided'
        WHEN recommended_at < %(now)s THEN 'awaiting_decision'
        WHEN screened_at < %(now)s AND requests > 0 THEN 'information_gathering'
        WHEN screened_at < %(now)s THEN 'screening'
        ELSE 'received' END"""
    return [
        # Handover times first: the contact's status depends on them.
        """ALTER TABLE rp_plan ADD COLUMN sent_at timestamptz,
            ADD COLUMN acknowledge_due_at timestamptz, ADD COLUMN acknowledged_at timestamptz,
            ADD COLUMN team_id int""",
        f"""UPDATE rp_plan SET sent_at = {sent}, team_id = {team}
            WHERE outcome IN {referral}""",
        f"""UPDATE rp_plan SET
            acknowledge_due_at
                = pg_temp.next_working_close((sent_at AT TIME ZONE '{LONDON}')::date),
            acknowledged_at = sent_at + CASE WHEN {u}(id, 82) < 0.9
                THEN interval '10 minutes' + {u}(id, 83) * interval '20 hours'
                ELSE interval '1 day' + {u}(id, 83) * interval '4 days' END
            WHERE sent_at IS NOT NULL""",
        f"""INSERT INTO {{contact}} (id, local_authority_id, received_at, channel,
            referral_source_id, referrer_kind, referrer_anonymous, referrer_name, referrer_role,
            referrer_organisation, referrer_phone, referrer_email, cohort, concern, action_taken,
            family_aware, consent, consent_reason, referrer_urgency, status, decision_due_at,
            team_id, allocated_to_id, partner_system_id, recorded_by_id, created_at)
        SELECT id, {place.la}, received_at, channel, source, referrer_kind, source = '9',
            CASE WHEN source IN ('9', '10') THEN '' ELSE {_pick(GIVEN, f"{u}(id, 90)")}
                || ' ' || {_pick(FAMILY, f"{u}(id, 91)")} END,
            CASE WHEN referrer_kind = 'public' THEN '' ELSE 'Safeguarding lead' END,
            CASE WHEN {u}(id, 92) < 0.02 THEN lower(organisation0)
                 WHEN {u}(id, 92) < 0.04 THEN replace(organisation0, ' ', '  ') || ' '
                 ELSE organisation0 END,
            '', '', cohort, 'Synthetic concern for the reports benchmark.',
            CASE WHEN {u}(id, 93) < 0.12 THEN '' ELSE 'Spoke to the parent and the child.' END,
            family_aware, consent,
            CASE WHEN consent = 'not_sought' THEN 'Seeking consent could place the child at risk'
                 ELSE '' END,
            CASE rag WHEN 'red' THEN 'immediate' WHEN 'amber' THEN 'soon' ELSE 'routine' END,
            {status}, decision_due_at, {place.mash}, NULL, NULL, {staff.officer}, received_at
        FROM rp_plan""",
        f"""INSERT INTO {{status_change}} (contact_id, from_status, to_status, changed_at,
            changed_by_id, changed_by_label, reason)
        SELECT id, '', 'received', received_at, {staff.officer}, 'Cath Contact', '' FROM rp_plan
        UNION ALL
        SELECT c.id, 'received', c.status, LEAST(p.decided_at, %(now)s - interval '1 second'),
            {staff.practitioner}, 'Alice Practitioner', ''
        FROM rp_plan p JOIN {{contact}} c ON c.id = p.id WHERE c.status <> 'received'""",
        f"""INSERT INTO {{screening}} (contact_id, threshold_level_id, rag_rating_id,
            owning_cohort, next_step, rationale, rag_due_at, screened_at, screened_by_id)
        SELECT id, threshold, rag,
            CASE cohort WHEN 'adult_at_risk' THEN 'adult_services'
                WHEN 'domestic_abuse' THEN (CASE WHEN outcome = 'police_only' THEN 'police'
                    ELSE 'childrens_services' END)
                ELSE 'childrens_services' END,
            CASE WHEN requests > 0 THEN 'information_gathering' ELSE 'recommend' END,
            'Screened against the threshold document.',
            screened_at + rag_hours * interval '1 hour', screened_at, {staff.practitioner}
        FROM rp_plan WHERE screened_at < %(now)s""",
        # Request j of a contact goes to agency (id + j) mod n: distinct agencies per contact.
        f"""INSERT INTO {{request}} (contact_id, agency_id, agreement_id, lawful_basis, questions,
            shows_concern, rag_rating_id, sent_at, sent_by_id, due_at, status, responded_at,
            responded_by_id, withdrawn_reason)
        SELECT id, agency, {place.agreement}, 'uk_gdpr_6_1_e',
            'What do you know about the family?', false, rag, sent, {staff.practitioner},
            sent + rag_hours * interval '1 hour',
            CASE WHEN withdrawn THEN 'withdrawn' WHEN answered < %(now)s THEN 'answered'
                ELSE 'sent' END,
            CASE WHEN NOT withdrawn AND answered < %(now)s THEN answered END,
            CASE WHEN NOT withdrawn AND answered < %(now)s THEN {staff.researcher} END,
            CASE WHEN withdrawn THEN 'No longer needed' ELSE '' END
        FROM (SELECT id, rag, rag_hours,
                ({agencies})[1 + mod(id + j, {len(place.agencies)})::int] AS agency,
                screened_at + interval '5 minutes' AS sent,
                screened_at + interval '5 minutes'
                    + pg_temp.answer_hours(id, j, rag_hours) * interval '1 hour' AS answered,
                {u}(id * 4 + j, 84) < 0.01 AS withdrawn
              FROM rp_plan, generate_series(1, 3) j
              WHERE j <= requests AND screened_at + interval '5 minutes' < %(now)s) r""",
        # The returned first recommendation (6 %), with its manager's return.
        f"""INSERT INTO {{recommendation}} (id, contact_id, outcome, rationale, transfer_to_id,
            recommended_at, recommended_by_id)
        SELECT 2 * id - 1, id, CASE WHEN outcome = 'nfa' THEN 'information_and_advice'
                ELSE 'nfa' END, 'Recommended after screening.', NULL,
            first_recommended_at, {staff.practitioner}
        FROM rp_plan WHERE returned AND first_recommended_at < %(now)s""",
        f"""INSERT INTO {{decision}} (recommendation_id, verdict, reason, decided_at,
            decided_by_id)
        SELECT 2 * id - 1, 'returned', 'Please add the school''s view.',
            first_recommended_at + interval '1 hour', {staff.manager}
        FROM rp_plan WHERE returned AND first_recommended_at + interval '1 hour' < %(now)s""",
        f"""INSERT INTO {{recommendation}} (id, contact_id, outcome, rationale, transfer_to_id,
            recommended_at, recommended_by_id)
        SELECT 2 * id, id, outcome, 'Recommended after screening.',
            CASE WHEN outcome = 'transfer' THEN {place.other_la} END,
            recommended_at, {staff.practitioner}
        FROM rp_plan WHERE recommended_at < %(now)s""",
        f"""INSERT INTO {{decision}} (recommendation_id, verdict, reason, decided_at,
            decided_by_id)
        SELECT 2 * id, 'approved', '', decided_at, {staff.manager}
        FROM rp_plan WHERE decided_at < %(now)s""",
        # Strategy discussions for section 47 decisions: 75 % held within the two hours.
        f"""INSERT INTO {{discussion}} (contact_id, convened_at, convened_by_id, reason,
            target_at, held_at, information_shared, decision, decision_reason, recorded_at,
            recorded_by_id)
        SELECT id, convened, {staff.practitioner}, 'Reasonable cause to suspect significant harm.',
            convened + interval '2 hours',
            CASE WHEN held < %(now)s THEN held END, '',
            CASE WHEN held < %(now)s THEN (CASE WHEN {u}(id, 86) < 0.55 THEN 'joint_s47'
                WHEN {u}(id, 86) < 0.85 THEN 'single_agency_s47' ELSE 'no_s47' END) ELSE '' END,
            '', CASE WHEN held < %(now)s THEN held + interval '1 hour' END,
            CASE WHEN held < %(now)s THEN {staff.practitioner} END
        FROM (SELECT id, decided_at + interval '10 minutes' AS convened,
                decided_at + interval '10 minutes' + CASE WHEN {u}(id, 85) < 0.75
                    THEN interval '20 minutes' + {u}(id, 87) * interval '95 minutes'
                    ELSE interval '2 hours' + {u}(id, 87) * interval '20 hours' END AS held
              FROM rp_plan WHERE outcome = 's47_strategy'
                AND decided_at + interval '10 minutes' < %(now)s) d""",
        f"""INSERT INTO {{handover}} (id, contact_id, recommendation_id, receiving_team_id,
            summary, status, created_at, created_by_id, sent_at, acknowledge_due_at,
            acknowledged_at, acknowledged_by_id)
        SELECT id, id, 2 * id, team_id, 'What the receiving team needs to know.',
            CASE WHEN acknowledged_at < %(now)s THEN 'acknowledged' ELSE 'sent' END,
            sent_at, {staff.practitioner}, sent_at, acknowledge_due_at,
            CASE WHEN acknowledged_at < %(now)s THEN acknowledged_at END,
            CASE WHEN acknowledged_at < %(now)s THEN {staff.worker} END
        FROM rp_plan WHERE sent_at < %(now)s""",
    ]


def _responses_sql(staff: Staff) -> list[str]:
    """What receiving teams did for each subject child of an acknowledged handover."""
    u = "pg_temp.u"
    columns = (
        "handover_id, person_id, kind, started_on, completed_on, organisation, worker_name,"
        " child_seen, needs_support, icpc_not_required, icpc_on, child_protection_plan,"
        " recorded_at, recorded_by_id"
    )
    worker = f"{_pick(GIVEN, f'{u}(h.id, 120)')} || ' ' || {_pick(FAMILY, f'{u}(h.id, 121)')}"
    source = f"""
        SELECT h.id, s.person_id, p.outcome, h.id::bigint * 1000003 + s.person_id AS r,
            (h.acknowledged_at AT TIME ZONE '{LONDON}')::date AS acknowledged_on,
            (sd.held_at AT TIME ZONE '{LONDON}')::date AS s47_on,
            {worker} AS worker
        FROM {{handover}} h
        JOIN rp_plan p ON p.id = h.contact_id
        JOIN {{subject}} s ON s.contact_id = h.contact_id AND s.role = 'subject_child'
        LEFT JOIN (SELECT contact_id, max(held_at) AS held_at FROM {{discussion}}
                   WHERE decision IN ('joint_s47', 'single_agency_s47') GROUP BY contact_id) sd
            ON sd.contact_id = h.contact_id
        WHERE h.status = 'acknowledged'
          AND p.outcome IN ('early_help', 's17_assessment', 's47_strategy')"""
    today = "(%(now)s::timestamptz AT TIME ZONE 'Europe/London')::date"
    school = _pick([f"{p} Primary School" for p in PLACES], f"{u}(r, 123)")
    return [
        f"CREATE TEMP TABLE rp_child AS {source}",
        # Early help assessments (85 % of early help handovers), often by a school.
        f"""INSERT INTO {{response}} ({columns})
        SELECT id, person_id, 'early_help_assessment', started,
            CASE WHEN done < {today} THEN done END,
            CASE WHEN {u}(r, 122) < 0.3 THEN {school}
                 ELSE '' END,
            worker, 'unknown', 'unknown', NULL, NULL, NULL,
            started + time '10:00', {staff.worker}
        FROM (SELECT *, acknowledged_on + floor({u}(r, 124) * 10)::int AS started,
                acknowledged_on + floor({u}(r, 124) * 10)::int + 15 + floor({u}(r, 125) * 45)::int
                    AS done
              FROM rp_child WHERE outcome = 'early_help' AND {u}(r, 126) < 0.85) c
        WHERE started < {today}""",
        # Child and family assessments: section 17 referrals (92 %) and section 47 ones.
        f"""INSERT INTO {{response}} ({columns})
        SELECT id, person_id, 'child_and_family_assessment', started,
            CASE WHEN done < {today} THEN done END, '', worker,
            CASE WHEN {u}(r, 130) < 0.92 THEN 'yes' WHEN {u}(r, 130) < 0.97 THEN 'no'
                 ELSE 'unknown' END,
            CASE WHEN done >= {today} THEN 'unknown' WHEN {u}(r, 131) < 0.5 THEN 'yes'
                 ELSE 'no' END,
            NULL, NULL, NULL, started + time '10:00', {staff.worker}
        FROM (SELECT *, COALESCE(s47_on, acknowledged_on + floor({u}(r, 132) * 3)::int)
                    AS started,
                COALESCE(s47_on, acknowledged_on + floor({u}(r, 132) * 3)::int)
                    + 10 + floor({u}(r, 133) * 35)::int AS done
              FROM rp_child
              WHERE (outcome = 's17_assessment' AND {u}(r, 134) < 0.92)
                 OR outcome = 's47_strategy') c
        WHERE started < {today}""",
        # Section 17 referrals the team closed with no further action (Referral NFA).
        f"""INSERT INTO {{response}} ({columns})
        SELECT id, person_id, 'no_further_action', acknowledged_on, acknowledged_on, '', worker,
            'unknown', 'no', NULL, NULL, NULL, acknowledged_on + time '12:00', {staff.worker}
        FROM rp_child WHERE outcome = 's17_assessment' AND {u}(r, 134) >= 0.92""",
        # Section 47 enquiries after a strategy discussion that decided on one.
        f"""INSERT INTO {{response}} ({columns})
        SELECT id, person_id, 'section_47_enquiry', s47_on,
            CASE WHEN done < {today} THEN done END, '', worker, 'yes', 'unknown',
            CASE WHEN done < {today} THEN {u}(r, 140) < 0.55 END,
            CASE WHEN done < {today} AND {u}(r, 140) >= 0.55
                 AND done + floor({u}(r, 141) * 6)::int < {today}
                 THEN done + floor({u}(r, 141) * 6)::int END,
            CASE WHEN done < {today} AND {u}(r, 140) >= 0.55
                 AND done + floor({u}(r, 141) * 6)::int < {today}
                 THEN {u}(r, 142) < 0.85 END,
            s47_on + time '11:00', {staff.worker}
        FROM (SELECT *, s47_on + 5 + floor({u}(r, 143) * 10)::int AS done
              FROM rp_child WHERE outcome = 's47_strategy' AND s47_on IS NOT NULL) c
        WHERE s47_on < {today}""",
    ]


def generate(
    *,
    la_code: str,
    other_la_code: str,
    start: date,
    end: date,
    contacts: int,
    pools: Pools,
    trace: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write `contacts` contacts of `la_code` received from `start` to `end` (inclusive) and
    what followed them up to the end of `end`; return the rows written per table."""
    days = (end - start).days + 1
    end_before = datetime.combine(end + timedelta(days=1), time.min, tzinfo=ZoneInfo(LONDON))
    birth_lo = start.replace(year=start.year - 18)
    span = (end - birth_lo).days
    children = max(10, math.ceil(0.8 * contacts))
    adults = max(10, math.ceil(0.6 * contacts))
    who = staff()
    where = place(la_code, other_la_code)
    names = tables()
    params: dict[str, Any] = {
        "start": start,
        "days": days,
        "candidates": math.ceil(contacts * 1.6) + 50,
        "contacts": contacts,
        "now": end_before,
        "birth_lo": birth_lo,
        "la_code": la_code,
    }
    u = "pg_temp.u"
    base_sql = f"""
    CREATE TEMP TABLE rp_base AS
    SELECT id, received_at, {{draws}} FROM (
    SELECT {pools.contacts_from} + row_number() OVER (ORDER BY t, n) AS id, t AS received_at
    FROM (
        SELECT n, (day + CASE WHEN {u}(n, 3) < 0.85
                THEN interval '8 hours 30 minutes' + {u}(n, 4) * interval '8 hours 30 minutes'
                ELSE {u}(n, 4) * interval '24 hours' END) AT TIME ZONE '{LONDON}' AS t
        FROM (
            SELECT n, day FROM (
                SELECT n, %(start)s::date + floor({u}(n, 1) * %(days)s)::int AS day
                FROM generate_series(1, %(candidates)s) n) c
            WHERE {u}(n, 2) < (CASE WHEN extract(isodow FROM day) >= 6 THEN 0.35 ELSE 1.0 END)
                * (CASE extract(month FROM day) WHEN 8 THEN 0.7 WHEN 12 THEN 0.85
                   WHEN 4 THEN 0.9 ELSE 1.0 END)
            ORDER BY n LIMIT %(contacts)s) kept
    ) x) b
    """
    plan_sql, draws = _plan_sql(children=children, span=span)
    base_sql = base_sql.replace("{draws}", draws.replace("b.id", "id"))
    activity = _activity_sql(where, who)
    statements = [
        "SET LOCAL jit = off",  # compiling the wide CASE expressions costs seconds
        *FUNCTIONS,
        "DROP TABLE IF EXISTS rp_base, rp_plan, rp_child",
        base_sql,
        plan_sql,
        *_people_sql(pools=pools, children=children, adults=adults, span=span),
        *activity[:4],  # handover times, then the contacts
        _subjects_sql(pools=pools, children=children, adults=adults),
        *activity[4:],
        *_responses_sql(who),
        "DROP TABLE rp_base, rp_plan, rp_child",
    ]
    written: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            began = time_module.perf_counter()
            cursor.execute(statement.format(**names), params if "%(" in statement else None)
            if trace is not None:
                first = " ".join(statement.split()[:4])
                trace(f"{time_module.perf_counter() - began:6.2f} s  {first}")
            words = statement.split(None, 3)
            if words[0] == "INSERT":
                table = words[2].strip("{}")
                written[table] = written.get(table, 0) + cursor.rowcount
        for key in ("contact", "person", "recommendation", "handover"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{names[key]}', 'id'),"
                f" (SELECT max(id) FROM {names[key]}))"
            )
    return written


@contextmanager
def bulk(*, trace: Callable[[str], None] | None = None) -> Iterator[None]:
    """One transaction for several `generate` calls, loading as a bulk load does: foreign keys
    unchecked (the rows are consistent by construction; a test checks them with the checks
    on) and indexes other than constraints' dropped first and built once at the end, faster
    than row by row. Needs a superuser (session_replication_role)."""
    names = list(tables().values())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [names],
        )
        indexes = cursor.fetchall()
        for index, _ in indexes:
            cursor.execute(f"DROP INDEX {index}")
        yield
        began = time_module.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        if trace is not None:
            trace(f"{time_module.perf_counter() - began:6.2f} s  {len(indexes)} indexes built")


def analyze() -> None:
    """VACUUM ANALYZE every table written, as autovacuum would have by now."""
    with connection.cursor() as cursor:
        for table in tables().values():
            cursor.execute(f"VACUUM ANALYZE {table}")
