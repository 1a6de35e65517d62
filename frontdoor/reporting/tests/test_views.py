"""The report pages: who may see them, the period form, the tables and charts, the downloads
(step-up first) and the statutory returns (the child-level grant, then step-up)."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from frontdoor.agencies.models import Membership
from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.core.stepup import SESSION_KEY
from frontdoor.outcomes.tests.builders import decided_contact, make_person
from frontdoor.reporting.forms import period_data
from frontdoor.reporting.registry import REPORTS, ReportDefinition
from frontdoor.reporting.scope import ReportScope
from frontdoor.reporting.tables import Chart, Column, Report, Table

PERIOD = {
    "start_day": "3",
    "start_month": "2",
    "start_year": "2025",
    "end_day": "2",
    "end_month": "3",
    "end_year": "2025",
}
REFERENCE = "FD-2025-000042"
PSEUDONYM = "P-0123456789"
SYSTEM = Actor.system("tests")
REFUSED = ["practitioner", "police_researcher", "area_worker", "ig_officer", "other_la_worker"]


class Dummy:
    """A report registered for these tests only: what it was asked, and fixed figures."""

    def __init__(self) -> None:
        self.calls: list[tuple[ReportScope, bool]] = []

    def build(self, scope: ReportScope, show_references: bool) -> Report:
        self.calls.append((scope, show_references))
        sources = Table(
            key="sources",
            title="Contacts by source",
            columns=(
                Column("source", "Source", "text"),
                Column("contacts", "Contacts"),
                Column("share", "Share of contacts", "percent"),
            ),
            rows=(("Police", 1234, 12.345), ("Health", 0, None)),
            definitions=("A contact counts on the day it was received.",),
            chart=Chart("bar", "source", "contacts"),
        )
        months = Table(
            key="months",
            title="Contacts per month",
            columns=(Column("month", "Month", "text"), Column("contacts", "Contacts")),
            rows=(("February 2025", 40), ("March 2025", 52)),
            chart=Chart("line", "month", "contacts"),
        )
        columns = (
            Column("pseudonym", "Pseudonym", "text"),
            *((Column("reference", "Reference", "text"),) if show_references else ()),
            Column("hours", "Hours to decide", "hours"),
            Column("average", "Average", "average"),
        )
        listing = Table(
            key="contacts",
            title="Contacts decided late",
            columns=columns,
            rows=((PSEUDONYM, *((REFERENCE,) if show_references else ()), 30.5, 2.46),),
            pseudonymised=True,
        )
        return Report("dummy", "Dummy report", "Figures for tests.", (sources, months, listing))


@pytest.fixture
def dummy(monkeypatch):
    report = Dummy()
    definition = ReportDefinition("dummy", "Dummy report", "Figures for tests.", report.build)
    monkeypatch.setitem(REPORTS, "dummy", definition)
    return report


@pytest.fixture
def stoke_manager(hub):
    return make_person(
        "stoke.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Sam Stoke",
    )


def stepped_up(client):
    session = client.session
    session[SESSION_KEY] = timezone.now().isoformat()
    session.save()
    return client


def grant_child_level(person) -> None:
    Membership.objects.filter(user=person.user).update(may_export_child_level=True)


# --- Who may see the reports ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "analyst"])
def test_managers_and_analysts_see_the_list_and_a_report(request, sign_in, dummy, persona):
    client = sign_in(request.getfixturevalue(persona))
    listing = client.get("/reports/")
    assert listing.status_code == 200
    assert 'href="/reports/dummy"' in listing.content.decode()
    page = client.get("/reports/dummy", PERIOD)
    assert page.status_code == 200
    assert "Contacts by source" in page.content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused_every_report_page(request, sign_in, dummy, persona):
    client = stepped_up(sign_in(request.getfixturevalue(persona)))
    for url in (
        "/reports/",
        "/reports/dummy",
        "/reports/dummy/download?format=csv",
        "/reports/annex-a",
        "/reports/cin-census",
    ):
        assert client.get(url).status_code == 403, url
    assert dummy.calls == []


def test_a_manager_of_another_authority_cannot_ask_for_staffordshire(sign_in, dummy, stoke_manager):
    client = sign_in(stoke_manager)
    assert client.get("/reports/dummy", PERIOD).status_code == 200
    assert dummy.calls[0][0].authority_codes == ("861",)
    response = client.get("/reports/dummy", {**PERIOD, "authority": "860"})
    assert response.status_code == 403
    assert len(dummy.calls) == 1


def test_an_unknown_report_is_not_found(manager, sign_in, dummy):
    assert sign_in(manager).get("/reports/no-such-report").status_code == 404
    download = stepped_up(sign_in(manager)).get("/reports/no-such-report/download?format=csv")
    assert download.status_code == 404


def test_managers_and_analysts_have_a_reports_link_and_practitioners_do_not(
    manager, analyst, practitioner, sign_in
):
    link = 'href="/reports/"'
    assert link in sign_in(manager).get("/").content.decode()
    assert link in sign_in(analyst).get("/").content.decode()
    assert link not in sign_in(practitioner).get("/").content.decode()


# --- The question ---------------------------------------------------------------------------


def test_the_default_period_is_the_last_four_whole_weeks(manager, sign_in, dummy):
    # Wednesday 12 March 2025: the last whole week ended on Sunday 9 March.
    with time_machine.travel(datetime(2025, 3, 12, 10, 0, tzinfo=LONDON), tick=False):
        page = sign_in(manager).get("/reports/dummy").content.decode()
    [(scope, _)] = dummy.calls
    assert (scope.start.isoformat(), scope.end.isoformat()) == ("2025-02-10", "2025-03-09")
    assert (scope.authority_codes, scope.cohort, scope.source_group) == (("860",), "", "")
    assert "10 February 2025 to 9 March 2025" in page
    assert 'name="start_day" type="text" inputmode="numeric" value="10"' in page


def test_the_cohort_and_referring_agency_are_passed_to_the_report(manager, sign_in, dummy):
    query = {**PERIOD, "cohort": "domestic_abuse", "source_group": "Police"}
    page = sign_in(manager).get("/reports/dummy", query).content.decode()
    [(scope, _)] = dummy.calls
    assert (scope.cohort, scope.source_group) == ("domestic_abuse", "Police")
    assert (scope.start.isoformat(), scope.end.isoformat()) == ("2025-02-03", "2025-03-02")
    assert "Domestic abuse" in page
    assert "cohort=domestic_abuse&amp;source_group=Police" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_day": ""}, "The start date must include a day"),
        ({"start_day": "", "start_month": "", "start_year": ""}, "Enter the start date"),
        ({"start_day": "31", "start_month": "2"}, "The start date must be a real date"),
        ({"end_month": "x"}, "The end date must be a real date, like 27 3 2007"),
        ({"end_year": "99999"}, "The end date must be a real date, like 27 3 2007"),
        ({"start_year": "1999"}, "The start date must be between 2000 and 2099"),
        ({"end_year": "9999"}, "The end date must be between 2000 and 2099"),
        ({"end_year": "2024"}, "The end date must be the same as or after the start date"),
        ({"start_year": "2015"}, "The period must be 5 years or shorter"),
        ({"cohort": "everyone"}, "Select a cohort from the list"),
        ({"source_group": "Aliens"}, "Select a referring agency from the list"),
        ({"authority": "far too long a code"}, "Select a local authority from the list"),
    ],
)
def test_a_bad_question_shows_what_to_fix(manager, sign_in, dummy, change, message):
    response = sign_in(manager).get("/reports/dummy", {**PERIOD, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the summary and beside the field
    assert "<title>Error: " in page
    assert dummy.calls == []


def test_nonsense_in_every_field_is_never_a_server_error(manager, sign_in, dummy):
    query = dict.fromkeys((*PERIOD, "authority", "cohort", "source_group"), "\x00<script>")
    assert sign_in(manager).get("/reports/dummy", query).status_code in (200, 403)


# --- The figures ----------------------------------------------------------------------------


def test_figures_are_formatted_and_charted_beside_their_tables(manager, sign_in, dummy):
    page = sign_in(manager).get("/reports/dummy", PERIOD).content.decode()
    assert "Contacts by source</caption>" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1,234</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">12.3%</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">–</td>' in page
    assert '<th scope="row" class="govuk-table__header">Police</th>' in page
    assert ">30.5 hours<" in page
    assert ">2.5<" in page
    assert 'aria-labelledby="chart-sources-title chart-sources-desc"' in page
    assert '<title id="chart-sources-title">Contacts by source</title>' in page
    assert "Highest: Police, 1,234." in page
    assert 'aria-labelledby="chart-months-title chart-months-desc"' in page
    assert "How these figures are counted" in page
    assert "A contact counts on the day it was received." in page
    assert "style=" not in page
    assert "<script>" not in page.split("<svg")[1]


def test_analysts_see_pseudonyms_and_managers_also_see_references(manager, analyst, sign_in, dummy):
    as_analyst = sign_in(analyst).get("/reports/dummy", PERIOD).content.decode()
    as_manager = sign_in(manager).get("/reports/dummy", PERIOD).content.decode()
    assert [shown for _, shown in dummy.calls] == [False, True]
    assert PSEUDONYM in as_analyst
    assert REFERENCE not in as_analyst
    assert PSEUDONYM in as_manager
    assert REFERENCE in as_manager


def test_viewing_a_report_is_audited_with_what_was_asked(manager, sign_in, dummy):
    sign_in(manager).get("/reports/dummy", {**PERIOD, "cohort": "child"})
    [event] = AuditEvent.objects.filter(action="report.viewed")
    assert event.local_authority == "860"
    assert event.details == {
        "name": "dummy",
        "authorities": ["860"],
        "start": "2025-02-03",
        "end": "2025-03-02",
        "cohort": "child",
        "source_group": "",
    }


def test_a_form_with_errors_is_not_audited_as_a_view(manager, sign_in, dummy):
    sign_in(manager).get("/reports/dummy", {**PERIOD, "end_year": "2024"})
    assert not AuditEvent.objects.filter(action="report.viewed").exists()


# --- Downloads --------------------------------------------------------------------------------


def test_a_download_asks_the_user_to_confirm_who_they_are_first(manager, sign_in, dummy):
    response = sign_in(manager).get("/reports/dummy/download", {**PERIOD, "format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:step_up')}?next=")
    assert dummy.calls == []


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_after_step_up_the_report_downloads_as_asked(analyst, sign_in, dummy, fmt, content_type):
    client = stepped_up(sign_in(analyst))
    response = client.get("/reports/dummy/download", {**PERIOD, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    [(scope, show_references)] = dummy.calls
    assert (scope.start.isoformat(), show_references) == ("2025-02-03", False)
    assert AuditEvent.objects.filter(action="report.exported").exists()


def test_the_report_page_links_its_downloads_for_the_same_question(manager, sign_in, dummy):
    page = sign_in(manager).get("/reports/dummy", {**PERIOD, "cohort": "child"}).content.decode()
    assert (
        'href="/reports/dummy/download?format=csv&amp;start_day=3&amp;start_month=2'
        "&amp;start_year=2025&amp;end_day=2&amp;end_month=3&amp;end_year=2025"
        '&amp;authority=&amp;cohort=child&amp;source_group="'
    ) in page
    assert "Download Excel" in page


@pytest.mark.parametrize("query", [{**PERIOD, "format": "pdf"}, {**PERIOD, "end_year": "2024"}])
def test_a_download_that_cannot_be_made_goes_back_to_the_report(manager, sign_in, dummy, query):
    response = stepped_up(sign_in(manager)).get("/reports/dummy/download", query)
    assert response.status_code == 302
    assert response["Location"].startswith("/reports/dummy?")
    assert "format" not in response["Location"]
    assert dummy.calls == []


# --- Statutory returns ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/reports/annex-a", "/reports/cin-census"])
def test_statutory_returns_without_the_grant_are_refused_saying_why(manager, sign_in, url):
    response = stepped_up(sign_in(manager)).get(url, {**PERIOD, "format": "csv"})
    assert response.status_code == 403
    assert "You cannot download statutory returns" in response.content.decode()
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()


def test_the_list_offers_statutory_returns_only_with_the_grant(analyst, sign_in, dummy):
    client = sign_in(analyst)
    assert 'href="/reports/annex-a"' not in client.get("/reports/").content.decode()
    grant_child_level(analyst)
    page = client.get("/reports/").content.decode()
    assert 'href="/reports/annex-a"' in page
    assert 'href="/reports/cin-census"' in page


@pytest.mark.parametrize("url", ["/reports/annex-a", "/reports/cin-census"])
def test_statutory_returns_need_step_up_even_with_the_grant(manager, sign_in, url):
    grant_child_level(manager)
    response = sign_in(manager).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:step_up')}?next=")


def test_annex_a_asks_for_the_period_then_downloads_the_workbook(manager, sign_in):
    grant_child_level(manager)
    client = stepped_up(sign_in(manager))
    form = client.get("/reports/annex-a")
    assert form.status_code == 200
    assert "Download the workbook" in form.content.decode()
    response = client.get("/reports/annex-a", {**PERIOD, "authority": "860"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "annex-a-860-" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["List 1", "List 2", "List 3", "List 4", "List 5"]
    assert AuditEvent.objects.filter(action="annex_a.exported").count() == 1


def test_annex_a_with_a_bad_period_shows_what_to_fix(manager, sign_in):
    grant_child_level(manager)
    response = stepped_up(sign_in(manager)).get("/reports/annex-a", {**PERIOD, "end_year": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action="annex_a.exported").exists()


def test_annex_a_for_another_authority_is_refused(stoke_manager, sign_in):
    grant_child_level(stoke_manager)
    client = stepped_up(sign_in(stoke_manager))
    assert client.get("/reports/annex-a", {**PERIOD, "authority": "860"}).status_code == 403


def test_the_cin_census_extract_downloads_as_csv(analyst, sign_in):
    grant_child_level(analyst)
    client = stepped_up(sign_in(analyst))
    assert "Download the extract" in client.get("/reports/cin-census").content.decode()
    response = client.get("/reports/cin-census", {**PERIOD, "authority": "860", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "LAchildID,CINreferralDate" in response.content.decode().splitlines()[0]
    assert AuditEvent.objects.filter(action="cin_census.exported").count() == 1


# --- The real reports -------------------------------------------------------------------------

REAL_REPORTS = ["volumes", "enquiries", "timeliness", "funnel", "referral-quality"]


@pytest.fixture
def decided(practitioner, manager):
    return [
        decided_contact(practitioner, manager),
        decided_contact(practitioner, manager, outcome="early_help", referral_source="6"),
    ]


def test_every_report_is_listed_in_order(analyst, sign_in):
    page = sign_in(analyst).get("/reports/").content.decode()
    places = [page.find(f'href="/reports/{name}"') for name in REAL_REPORTS]
    assert -1 not in places
    assert places == sorted(places)


@pytest.mark.parametrize("name", REAL_REPORTS)
def test_each_report_shows_this_months_contacts_to_managers_and_analysts(
    manager, analyst, sign_in, decided, name
):
    today = timezone.localdate()
    query = {**period_data(today - timedelta(days=30), today), "cohort": "child"}
    for person in (manager, analyst):
        response = sign_in(person).get(f"/reports/{name}", query)
        assert response.status_code == 200
        page = response.content.decode()
        assert "<table" in page
        assert "There is a problem" not in page
        if person is analyst:
            assert not any(contact.reference in page for contact in decided)


def test_referral_quality_lists_references_for_managers_only(manager, analyst, sign_in, hub):
    # Five contacts from one school, none with consent: the list behind the figures.
    school = [receive_contact(details=contact_details(), by=SYSTEM) for _ in range(5)]
    today = timezone.localdate()
    query = period_data(today - timedelta(days=30), today)
    as_manager = sign_in(manager).get("/reports/referral-quality", query).content.decode()
    as_analyst = sign_in(analyst).get("/reports/referral-quality", query).content.decode()
    assert all(contact.reference in as_manager for contact in school)
    assert not any(contact.reference in as_analyst for contact in school)
    assert as_analyst.count('<th scope="row" class="govuk-table__header">P-') == 5
