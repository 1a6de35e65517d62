"""Ofsted Annex A lists 1–5: the workbook opened with openpyxl, its sheets, headings, dates and
codes checked against standards.md §2, and its rows against a small world of known contacts.

The world (`build_annex_world`), period 1 January – 31 March 2026, Staffordshire (860):

- c1 05/01/2026 Ruby (LA123), s17 approved; child and family assessment 07/01–10/02 (Wendy).
- c2 02/02/2026 Sam (and a sibling), s47; discussion 03/02 (joint s47); s47 enquiry 04/02,
  ICPC 20/02 with a plan; the handover acknowledged by Ari Area.
- c3 10/02/2026 Ruby, early help; early help assessment from 12/02, still open.
- c4 01/03/2026 Ruby, s17; the team recorded no further action.
- c5 01/06/2025 Sam, s47 (before the period): s47 enquiry 03/06/2025 (ICPC 20/06/2025); an
  assessment from 05/06/2025 still open; early help 05/06–01/12/2025 (closed before).
- c8 15/03/2026 Sam, not decided; c9 20/03/2026 Dee (unborn), later merged into Sam.
- da 10/03/2026 a child in the domestic-abuse cohort, s17 (not in Annex A).
- stoke 11/03/2026 a Stoke-on-Trent (861) child, s17 (not in Staffordshire's return).
"""

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook  # type: ignore[import-untyped]

from frontdoor.agencies.models import Team
from frontdoor.agencies.roles import Role
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import SubjectDetails, receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover, TeamResponse
from frontdoor.outcomes.tests.builders import SYSTEM, decided_contact, make_person
from frontdoor.people.models import Person
from frontdoor.reporting.annex_a import ANNEX_A_COLUMNS, age_on, annex_a_lists
from frontdoor.reporting.exports import annex_a_xlsx
from frontdoor.reporting.scope import ReportScope

PERIOD = ReportScope(("860",), date(2026, 1, 1), date(2026, 3, 31))

# standards.md §2.2, typed out again here so that a change to either side shows.
STANDARD_HEADINGS = {
    "List 1": [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    ],
    "List 2": [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3": [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    "List 4": [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ],
    "List 5": [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ],
}

CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
GENDER = re.compile(r"^(a\) Male|b\) Female|c\) Not stated/recorded|d\) Neither)$")
ETHNICITY = re.compile(r"^[a-t]\) [A-Z]{4}$")
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
SOURCE = re.compile(
    r"^([a-d]\) 1[A-D]: Individual|e\) 2A: Schools|f\) 2B: Education services"
    r"|[g-l]\) 3[A-F]: Health services|m\) 4: Housing|(n|o|p|p1)\) 5[A-D]: LA services"
    r"|q\) 6: Police|r\) 7: Other legal agency|s\) 8: Other|t\) 9: Anonymous|u\) 10: Unknown)$"
)
YES_NO = re.compile(r"^(a\) Yes|b\) No)$")
YES_NO_UNKNOWN = re.compile(r"^(a\) Yes|b\) No|c\) Unknown)$")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


@dataclass
class AnnexWorld:
    ruby: Person
    sam: Person
    dee: Person
    north: Team
    contacts: dict[str, Contact]


def _handover(contact: Contact, team: Team, by, *, sent: date, acknowledged_by=None) -> Handover:
    return Handover.objects.create(
        contact=contact,
        recommendation=contact.recommendations.latest(),
        receiving_team=team,
        summary="Please start the assessment.",
        status="acknowledged" if acknowledged_by else "sent",
        created_by=by.user,
        created_at=at(sent),
        sent_at=at(sent),
        acknowledge_due_at=at(sent + timedelta(days=1)),
        acknowledged_at=at(sent, 15) if acknowledged_by else None,
        acknowledged_by=acknowledged_by.user if acknowledged_by else None,
    )


def _respond(handover: Handover, person: Person, kind: str, by, **facts) -> TeamResponse:
    return TeamResponse.objects.create(
        handover=handover, person=person, kind=kind, recorded_by=by.user, **facts
    )


def build_annex_world(hub, practitioner, manager, area_worker, other_la_worker) -> AnnexWorld:
    north = hub["staffs-north-area"]
    contacts: dict[str, Contact] = {}

    def decided(key: str, day: date, outcome: str, **details) -> Contact:
        with time_machine.travel(at(day), tick=False):
            contacts[key] = decided_contact(practitioner, manager, outcome=outcome, **details)
        return contacts[key]

    ruby_details = {
        "la_child_id": "LA123",
        "sex": "F",
        "ethnicity": "WBRI",
        "date_of_birth": date(2018, 5, 4),
    }
    c1 = decided("c1", date(2026, 1, 5), "s17_assessment", subjects=[child(**ruby_details)])
    ruby = ContactSubject.objects.get(contact=c1).person
    Person.objects.filter(pk=ruby.pk).update(disability="yes")
    ruby.refresh_from_db()

    def of_ruby() -> list[SubjectDetails]:
        return [child(**ruby_details, existing_person_id=ruby.pk)]

    sam_details = {
        "given_name": "Sam",
        "sex": "M",
        "nhs_number": "",
        "date_of_birth": date(2015, 12, 31),
    }
    c5 = decided("c5", date(2025, 6, 1), "s47_strategy", subjects=[child(**sam_details)])
    sam = ContactSubject.objects.get(contact=c5).person

    def of_sam(**extra) -> list[SubjectDetails]:
        return [child(**sam_details, existing_person_id=sam.pk), *extra.get("more", [])]

    sibling = child(given_name="Tia", role="sibling", nhs_number="", date_of_birth=date(2012, 1, 1))
    c2 = decided("c2", date(2026, 2, 2), "s47_strategy", subjects=of_sam(more=[sibling]))
    c3 = decided("c3", date(2026, 2, 10), "early_help", subjects=of_ruby(), referral_source="1A")
    c4 = decided("c4", date(2026, 3, 1), "s17_assessment", subjects=of_ruby(), referral_source="5D")
    decided(
        "da",
        date(2026, 3, 10),
        "s17_assessment",
        cohort="domestic_abuse",
        subjects=[child(given_name="Dora", nhs_number="")],
    )
    with time_machine.travel(at(date(2026, 3, 15)), tick=False):
        contacts["c8"] = receive_contact(
            details=contact_details(subjects=of_sam(), referral_source="6"), by=SYSTEM
        )
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        contacts["c9"] = receive_contact(
            details=contact_details(
                subjects=[
                    child(
                        given_name="Dee",
                        sex="",
                        nhs_number="",
                        date_of_birth=None,
                        expected_date_of_birth=date(2026, 6, 1),
                    )
                ],
                referral_source="9",
            ),
            by=SYSTEM,
        )
    dee = ContactSubject.objects.get(contact=contacts["c9"]).person
    Person.objects.filter(pk=dee.pk).update(merged_into=sam)  # as if merged, rows not moved

    stoke_manager = make_person(
        "stoke.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Stan Stoke",
    )
    with time_machine.travel(at(date(2026, 3, 11)), tick=False):
        contacts["stoke"] = decided_contact(
            other_la_worker,
            stoke_manager,
            local_authority_code="861",
            subjects=[child(given_name="Stokeonly", nhs_number="")],
        )

    # What the receiving teams did.
    h1 = _handover(c1, north, practitioner, sent=date(2026, 1, 5))
    _respond(
        h1,
        ruby,
        "child_and_family_assessment",
        area_worker,
        started_on=date(2026, 1, 7),
        completed_on=date(2026, 2, 10),
        child_seen="yes",
        needs_support="no",
        worker_name="Wendy Worker",
    )
    h2 = _handover(c2, north, practitioner, sent=date(2026, 2, 2), acknowledged_by=area_worker)
    StrategyDiscussion.objects.create(
        contact=c2,
        convened_at=at(date(2026, 2, 2)),
        convened_by=practitioner.user,
        reason="Reasonable cause to suspect significant harm.",
        target_at=at(date(2026, 2, 2), 12),
        held_at=at(date(2026, 2, 3), 11),
        decision="joint_s47",
        recorded_at=at(date(2026, 2, 3), 12),
        recorded_by=practitioner.user,
    )
    _respond(
        h2,
        sam,
        "section_47_enquiry",
        area_worker,
        started_on=date(2026, 2, 4),
        icpc_not_required=False,
        icpc_on=date(2026, 2, 20),
        child_protection_plan=True,
    )
    h3 = _handover(c3, hub["staffs-early-help-hub"], practitioner, sent=date(2026, 2, 10))
    _respond(h3, ruby, "early_help_assessment", area_worker, started_on=date(2026, 2, 12))
    h4 = _handover(c4, north, practitioner, sent=date(2026, 3, 1))
    _respond(h4, ruby, "no_further_action", area_worker, started_on=date(2026, 3, 2))
    h5 = _handover(c5, north, practitioner, sent=date(2025, 6, 1))
    _respond(
        h5,
        sam,
        "section_47_enquiry",
        area_worker,
        started_on=date(2025, 6, 3),
        icpc_on=date(2025, 6, 20),
        icpc_not_required=False,
        child_protection_plan=False,
    )
    _respond(
        h5,
        sam,
        "child_and_family_assessment",
        area_worker,
        started_on=date(2025, 6, 5),
        worker_name="=HYPERLINK(1)",
    )
    _respond(
        h5,
        sam,
        "early_help_assessment",
        area_worker,
        started_on=date(2025, 6, 5),
        completed_on=date(2025, 12, 1),
        organisation="Sure Start",
    )
    return AnnexWorld(ruby=ruby, sam=sam, dee=dee, north=north, contacts=contacts)


@pytest.fixture
def world(hub, practitioner, manager, area_worker, other_la_worker) -> AnnexWorld:
    return build_annex_world(hub, practitioner, manager, area_worker, other_la_worker)


def workbook_of(content: bytes):
    return load_workbook(io.BytesIO(content))


def sheet_rows(book, name: str) -> list[tuple[Any, ...]]:
    return list(book[name].iter_rows(values_only=True))


# --- The workbook ------------------------------------------------------------------------------


def test_the_workbook_has_lists_1_to_5_with_the_standard_headings(world):
    book = workbook_of(annex_a_xlsx(PERIOD))

    assert book.sheetnames == ["List 1", "List 2", "List 3", "List 4", "List 5"]
    for name, headings in STANDARD_HEADINGS.items():
        assert list(sheet_rows(book, name)[0]) == headings, name
    assert {name: list(headings) for name, headings in ANNEX_A_COLUMNS.items()} == (
        STANDARD_HEADINGS
    )


def test_every_list_holds_the_known_rows(world):
    book = workbook_of(annex_a_xlsx(PERIOD))

    counts = {name: len(sheet_rows(book, name)) - 1 for name in book.sheetnames}

    assert counts == {"List 1": 6, "List 2": 1, "List 3": 3, "List 4": 2, "List 5": 1}


def test_dates_are_dd_mm_yyyy_text_and_codes_are_in_the_stated_formats(world):
    book = workbook_of(annex_a_xlsx(PERIOD))
    checks = {
        "Child Unique ID": CHILD_ID,
        "Gender": GENDER,
        "Ethnicity": ETHNICITY,
        "Contact Source": SOURCE,
        "Referral Source": SOURCE,
        "Referral NFA?": YES_NO,
        "Does the Child have a Disability": YES_NO_UNKNOWN,
        "Child Seen During Continuous Assessment": YES_NO_UNKNOWN,
        "Was the child assessed as requiring LA children's social care support?": (YES_NO_UNKNOWN),
        "Was an Initial Child Protection Conference deemed unnecessary?": YES_NO,
        "Did the Initial Child Protection Conference Result in a Child Protection Plan": YES_NO,
    }
    checked = 0
    for name in book.sheetnames:
        headings, *rows = sheet_rows(book, name)
        for row in rows:
            for heading, value in zip(headings, row, strict=True):
                if value is None:
                    continue
                if "Date" in heading or "date" in heading:
                    assert isinstance(value, str), (name, heading, value)
                    assert DATE.match(value), (name, heading, value)
                    checked += 1
                elif heading in checks:
                    assert checks[heading].match(value), (name, heading, value)
                    checked += 1
                elif heading.startswith(("Age", "Number")):
                    assert isinstance(value, int), (name, heading, value)
    assert checked > 50


def test_list_1_has_a_row_per_subject_child_of_each_child_contact_received(world):
    rows = annex_a_lists(PERIOD)["List 1"]
    sam = f"FD{world.sam.pk}"

    assert rows == [
        ("LA123", "b) Female", "a) WBRI", "04/05/2018", 7, "05/01/2026", "e) 2A: Schools"),
        (sam, "a) Male", "t) NOBT", "31/12/2015", 10, "02/02/2026", "e) 2A: Schools"),
        ("LA123", "b) Female", "a) WBRI", "04/05/2018", 7, "10/02/2026", "a) 1A: Individual"),
        ("LA123", "b) Female", "a) WBRI", "04/05/2018", 7, "01/03/2026", "p1) 5D: LA services"),
        (sam, "a) Male", "t) NOBT", "31/12/2015", 10, "15/03/2026", "q) 6: Police"),
        # Dee was merged into Sam: reported as Sam's record.
        (sam, "a) Male", "t) NOBT", "31/12/2015", 10, "20/03/2026", "t) 9: Anonymous"),
    ]


def test_list_2_has_early_help_assessments_open_in_the_period(world):
    [row] = annex_a_lists(PERIOD)["List 2"]

    assert row == (
        "LA123",
        "b) Female",
        "a) WBRI",
        "04/05/2018",
        7,
        "12/02/2026",
        None,
        "Staffordshire early help hub",
    )


def test_list_3_has_referrals_to_social_care_by_approval_date(world):
    rows = annex_a_lists(PERIOD)["List 3"]
    sam = f"FD{world.sam.pk}"
    north = world.north.name

    assert [row[5:] for row in rows] == [
        ("05/01/2026", "e) 2A: Schools", "b) No", 0, north, "Wendy Worker"),
        ("02/02/2026", "e) 2A: Schools", "b) No", 1, north, "Ari Area"),
        ("01/03/2026", "p1) 5D: LA services", "a) Yes", 1, north, None),
    ]
    assert [row[0] for row in rows] == ["LA123", sam, "LA123"]


def test_list_4_has_assessments_open_in_the_period_with_disability(world):
    rows = annex_a_lists(PERIOD)["List 4"]

    assert [row[5:] for row in rows] == [
        (
            "c) Unknown",
            "05/06/2025",
            "c) Unknown",
            None,
            "c) Unknown",
            world.north.name,
            "=HYPERLINK(1)",
        ),
        ("a) Yes", "07/01/2026", "a) Yes", "10/02/2026", "b) No", world.north.name, "Wendy Worker"),
    ]


def test_list_5_dates_the_enquiry_by_its_strategy_discussion_and_counts_the_year_before(world):
    [row] = annex_a_lists(PERIOD)["List 5"]

    assert row == (
        f"FD{world.sam.pk}",
        "a) Male",
        "t) NOBT",
        "31/12/2015",
        10,
        "c) Unknown",
        "03/02/2026",
        "b) No",
        "20/02/2026",
        "a) Yes",
        1,
        1,
        world.north.name,
        "Ari Area",
    )


def test_another_authoritys_children_are_not_in_the_return(world):
    lists = annex_a_lists(ReportScope(("861",), PERIOD.start, PERIOD.end))

    assert len(lists["List 1"]) == 1
    assert len(lists["List 3"]) == 1
    assert not any(lists[name] for name in ("List 2", "List 4", "List 5"))


def test_a_formula_in_free_text_is_written_as_text(world):
    book = workbook_of(annex_a_xlsx(PERIOD))

    workers = [row[-1] for row in sheet_rows(book, "List 4")[1:]]

    assert "'=HYPERLINK(1)" in workers


def test_an_empty_period_still_has_every_sheet_and_heading(hub):
    book = workbook_of(annex_a_xlsx(PERIOD))

    assert book.sheetnames == list(STANDARD_HEADINGS)
    assert all(len(sheet_rows(book, name)) == 1 for name in book.sheetnames)


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (date(2018, 5, 4), date(2026, 5, 3), 7),
        (date(2018, 5, 4), date(2026, 5, 4), 8),
        (date(2020, 2, 29), date(2021, 2, 28), 0),
        (date(2020, 2, 29), date(2021, 3, 1), 1),
        (None, date(2026, 1, 1), None),
        (date(2026, 6, 1), date(2026, 1, 1), None),
    ],
)
def test_age_is_whole_years_on_the_day(born, on, years):
    assert age_on(born, on) == years
