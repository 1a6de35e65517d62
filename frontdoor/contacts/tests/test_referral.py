"""The public online referral form at /refer/: both journeys, their rules, and its defences."""

import logging
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact
from frontdoor.contacts.referral import sending
from frontdoor.contacts.referral.draft import DRAFT_KEY
from frontdoor.contacts.services import MAX_TEXT

CONCERN = "Ruby told me her stepfather locks her in her room without food at weekends."
STAFFS_PHONE = "0300 111 8007"
STOKE_PHONE = "01782 235100"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def referrer(hub):
    """A member of the public's browser: no account, no sign-in."""
    return Client()


def url(name: str, *args: int, change: bool = False) -> str:
    return reverse(f"referral:{name}", args=args) + ("?change=1" if change else "")


def answer(client: Client, name: str, data: dict[str, str], *args: int, change: bool = False):
    response = client.post(url(name, *args, change=change), data)
    assert response.status_code == 302, errors_on(response)
    return response


def errors_on(response) -> str:
    content: str = response.content.decode()
    start = content.find("govuk-error-summary__list")
    return content[start : start + 600] if start >= 0 else content[:600]


def dated(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def public_journey(client: Client, **about_you: str) -> None:
    """A neighbour tells the Staffordshire hub about a child, up to check your answers."""
    answer(client, "area", {"local_authority": "860"})
    answer(client, "who", {"kind": "public"})
    you = {"relationship": "acquaintance", "name": "Pat Neighbour", "email": "pat@example.org"}
    answer(client, "about_you", {**you, **about_you})
    answer(client, "cohort", {"cohort": "child"})
    answer(
        client,
        "person",
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "4", "5", "2018"),
            "address": "1 Example Street, Stoke-on-Trent",
            "postcode": "st4 1aa",
        },
    )
    answer(client, "household", {"add_another": "no"})
    answer(client, "concern", {"concern": CONCERN, "referrer_urgency": "soon"})
    response = answer(client, "family", {"family_aware": "no"})
    assert response["Location"] == url("check")


def professional_journey(client: Client) -> None:
    """A GP refers a child in Stoke-on-Trent, with two people in the household."""
    answer(client, "area", {"local_authority": "861"})
    answer(client, "who", {"kind": "professional"})
    answer(
        client,
        "about_you",
        {
            "name": "Dr Sam Example",
            "role": "GP partner",
            "organisation": "Example Medical Practice",
            "organisation_type": "gp",
            "phone": "01632 960 001",
            "email": "sam.example@nhs.example",
        },
    )
    answer(client, "cohort", {"cohort": "child"})
    answer(
        client,
        "person",
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "4", "5", "2018"),
            "postcode": "ST4 1AA",
            "nhs_number": "943 476 5919",
        },
    )
    response = answer(client, "household", {"add_another": "yes"})
    assert response["Location"] == url("member_add")
    answer(
        client,
        "member_add",
        {
            "given_name": "Leo",
            "family_name": "Example",
            "role": "sibling",
            **dated("date_of_birth", "1", "9", "2020"),
        },
    )
    answer(client, "household", {"add_another": "yes"})
    answer(
        client,
        "member_add",
        {"given_name": "Max", "family_name": "Sample", "role": "alleged_perpetrator"},
    )
    answer(client, "household", {"add_another": "no"})
    answer(client, "concern", {"concern": CONCERN, "referrer_urgency": "immediate"})
    response = answer(client, "family", {"family_aware": "yes"})
    assert response["Location"] == url("consent")
    response = answer(client, "consent", {"consent": "given"})
    assert response["Location"] == url("check")


def send(client: Client):
    response = client.post(url("check"))
    assert response.status_code == 302, errors_on(response)
    return response


# --- Allowed, refused, outsider -----------------------------------------------------------


def test_the_start_page_needs_no_sign_in_and_tells_people_to_call_999_first(referrer):
    response = referrer.get(url("start"))

    assert response.status_code == 200
    content = response.content.decode()
    warning = content.index("govuk-warning-text")
    assert "call 999" in content[warning : warning + 400]
    assert warning < content.index("Start now")
    assert "Staffordshire:" in content
    assert STAFFS_PHONE in content
    assert "Stoke-on-Trent:" in content
    assert STOKE_PHONE in content
    assert f'href="{url("area")}"' in content


def test_the_hub_phone_line_is_configured_per_local_authority(referrer):
    from frontdoor.agencies.models import LocalAuthority

    LocalAuthority.objects.filter(code="861").update(hub_phone="01632 960 999")

    content = referrer.get(url("start")).content.decode()

    assert "01632 960 999" in content
    assert STOKE_PHONE not in content


def test_a_signed_in_member_of_staff_can_use_the_form_too(sign_in, outsider):
    client = sign_in(outsider)

    public_journey(client)
    send(client)

    assert Contact.objects.get().referrer_name == "Pat Neighbour"


def test_a_post_without_the_csrf_token_is_refused(hub):
    client = Client(enforce_csrf_checks=True)

    response = client.post(url("area"), {"local_authority": "860"})

    assert response.status_code == 403


def test_removing_a_person_needs_a_post(referrer):
    public_journey(referrer)

    assert referrer.get(url("member_remove", 0)).status_code == 405


def test_questions_cannot_be_skipped(referrer):
    assert referrer.get(url("person"))["Location"] == url("area")
    answer(referrer, "area", {"local_authority": "860"})

    assert referrer.get(url("concern"))["Location"] == url("who")
    assert referrer.get(url("check"))["Location"] == url("who")
    assert referrer.get(url("sent"))["Location"] == url("start")


# --- The journeys ---------------------------------------------------------------------------


def test_a_member_of_the_public_refers_a_child_and_gets_a_reference(referrer):
    public_journey(referrer)
    check = referrer.get(url("check"))
    assert check.status_code == 200
    assert "Pat Neighbour" in check.content.decode()

    response = send(referrer)

    contact = Contact.objects.get()
    assert response["Location"] == url("sent")
    assert contact.channel == "online_form"
    assert contact.local_authority.code == "860"
    assert contact.referral_source_id == "1B"
    assert contact.referrer_kind == "public"
    assert contact.referrer_email == "pat@example.org"
    assert contact.referrer_role == "Neighbour, friend or someone else they know"
    assert contact.consent == "not_sought"
    assert contact.consent_reason == "Referral from a member of the public"
    assert contact.referrer_urgency == "soon"
    assert contact.family_aware == "no"
    [subject] = contact.subjects.select_related("person")
    assert subject.role == "subject_child"
    assert subject.person.postcode == "ST4 1AA"
    confirmation = referrer.get(url("sent"))
    assert contact.reference in confirmation.content.decode()
    assert "govuk-panel--confirmation" in confirmation.content.decode()
    assert DRAFT_KEY not in referrer.session


def test_the_referrer_is_emailed_the_reference_but_not_the_concern(referrer):
    public_journey(referrer)

    send(referrer)

    contact = Contact.objects.get()
    [email] = mail.outbox
    assert email.to == ["pat@example.org"]
    assert contact.reference in email.subject
    assert contact.reference in email.body
    assert "stepfather" not in email.body
    assert "Ruby" not in email.body
    assert STAFFS_PHONE in email.body
    assert "We have sent you an email" in referrer.get(url("sent")).content.decode()


def test_a_professional_refers_a_child_with_the_household_and_consent(referrer):
    professional_journey(referrer)

    send(referrer)

    contact = Contact.objects.get()
    assert contact.local_authority.code == "861"
    assert contact.channel == "online_form"
    assert contact.referral_source_id == "3A"
    assert contact.referrer_kind == "professional"
    assert not contact.referrer_anonymous
    assert contact.referrer_organisation == "Example Medical Practice"
    assert contact.referrer_role == "GP partner"
    assert contact.consent == "given"
    assert contact.consent_reason == ""
    assert contact.referrer_urgency == "immediate"
    subjects = {
        s.person.given_name: (s.role, s.person.nhs_number)
        for s in contact.subjects.select_related("person")
    }
    assert subjects == {
        "Ruby": ("subject_child", "9434765919"),
        "Leo": ("sibling", ""),
        "Max": ("alleged_perpetrator", ""),
    }
    [email] = mail.outbox
    assert email.to == ["sam.example@nhs.example"]
    assert contact.reference in referrer.get(url("sent")).content.decode()


@pytest.mark.parametrize(
    ("organisation_type", "code"),
    [("school", "2A"), ("hospital", "3E"), ("police", "6"), ("council", "5B"), ("other", "8")],
)
def test_a_professional_s_organisation_type_sets_the_referral_source(
    referrer, organisation_type, code
):
    professional_journey(referrer)
    session = referrer.session
    draft = session[DRAFT_KEY]
    draft["answers"]["about_you"]["organisation_type"] = organisation_type
    session[DRAFT_KEY] = draft
    session.save()

    send(referrer)

    assert Contact.objects.get().referral_source_id == code


def test_professionals_are_asked_about_consent_and_the_public_are_not(referrer, hub):
    public_journey(referrer)
    assert referrer.get(url("consent"))["Location"] == url("check")
    assert "Has the family agreed" not in referrer.get(url("check")).content.decode()

    professional = Client()
    professional_journey(professional)
    page = professional.get(url("consent")).content.decode()
    assert "Has the family agreed to this referral?" in page
    assert (
        "You do not need consent if asking would put the child at risk of significant harm" in page
    )


def test_a_professional_who_has_not_asked_the_family_must_say_why(referrer):
    professional_journey(referrer)

    response = referrer.post(url("consent"), {"consent": "not_sought", "consent_reason": " "})

    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Error: Has the family agreed to this referral?" in content
    assert 'href="#id_consent_reason"' in content
    assert "Explain why you have not asked the family" in content

    reason = "Asking the family could put Ruby at risk of significant harm."
    answer(referrer, "consent", {"consent": "not_sought", "consent_reason": reason})
    send(referrer)

    contact = Contact.objects.get()
    assert (contact.consent, contact.consent_reason) == ("not_sought", reason)


def test_a_reason_is_not_kept_when_the_family_agreed(referrer):
    professional_journey(referrer)

    answer(referrer, "consent", {"consent": "refused", "consent_reason": "Left over"})
    send(referrer)

    assert (Contact.objects.get().consent, Contact.objects.get().consent_reason) == ("refused", "")


def test_a_member_of_the_public_can_stay_anonymous_and_is_not_emailed(referrer):
    public_journey(referrer, anonymous="on", name="Pat Neighbour", email="pat@example.org")

    send(referrer)

    contact = Contact.objects.get()
    assert contact.referrer_anonymous
    assert contact.referral_source_id == "9"
    assert (contact.referrer_name, contact.referrer_email, contact.referrer_phone) == ("", "", "")
    assert mail.outbox == []
    assert "will not be able to contact you" in referrer.get(url("sent")).content.decode()


def test_the_public_give_a_name_and_a_way_to_contact_them_unless_anonymous(referrer):
    answer(referrer, "area", {"local_authority": "860"})
    answer(referrer, "who", {"kind": "public"})

    response = referrer.post(url("about_you"), {"relationship": "family"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Enter your name, or select &#x27;I want to stay anonymous&#x27;" in content
    assert "Enter a phone number or email address" in content


def test_a_professional_cannot_stay_anonymous(referrer):
    answer(referrer, "area", {"local_authority": "860"})
    answer(referrer, "who", {"kind": "professional"})

    response = referrer.post(url("about_you"), {"organisation_type": "gp", "anonymous": "on"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "I want to stay anonymous" not in content
    assert "Enter your full name" in content
    assert "Enter your work email address" in content


@pytest.mark.parametrize(
    ("relationship", "code"), [("family", "1A"), ("self", "1C"), ("other", "1D")]
)
def test_a_member_of_the_public_s_relationship_sets_the_referral_source(
    referrer, relationship, code
):
    public_journey(referrer, relationship=relationship)

    send(referrer)

    assert Contact.objects.get().referral_source_id == code


def test_an_adult_at_risk_has_no_expected_date_of_birth(referrer):
    public_journey(referrer)
    answer(referrer, "cohort", {"cohort": "adult_at_risk"}, change=True)

    page = referrer.get(url("person", change=True)).content.decode()
    assert "Expected date of birth" not in page
    assert "The adult&#x27;s details" in page
    answer(
        referrer,
        "person",
        {"given_name": "Ada", "family_name": "Example", **dated("date_of_birth", "1", "2", "1940")},
        change=True,
    )
    send(referrer)

    contact = Contact.objects.get()
    assert contact.cohort == "adult_at_risk"
    assert contact.subjects.get().role == "adult_at_risk"


def test_an_unborn_baby_has_an_expected_date_of_birth(referrer):
    public_journey(referrer)
    answer(
        referrer,
        "person",
        {
            "given_name": "Baby",
            "family_name": "Example",
            **dated("expected_date_of_birth", *["1", "1", "2099"]),
        },
        change=True,
    )

    send(referrer)

    person = Contact.objects.get().subjects.get().person
    assert person.date_of_birth is None
    assert person.expected_date_of_birth.year == 2099


# --- Errors on the page that can fix them ---------------------------------------------------


def reach_person_page(client: Client) -> None:
    answer(client, "area", {"local_authority": "860"})
    answer(client, "who", {"kind": "public"})
    answer(client, "about_you", {"relationship": "family", "name": "Pat", "phone": "07700 900982"})
    answer(client, "cohort", {"cohort": "child"})


def test_without_a_date_of_birth_or_expected_date_the_person_page_says_so(referrer):
    reach_person_page(referrer)

    response = referrer.post(url("person"), {"given_name": "Ruby", "family_name": "Example"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Error: The child&#x27;s details" in content
    assert (
        "Enter the child&#x27;s date of birth, or the expected date if the baby is not born yet"
        in content
    )
    assert 'id="id_date_of_birth-error"' in content
    assert not Contact.objects.exists()


def test_a_bad_postcode_is_an_error_on_the_postcode(referrer):
    reach_person_page(referrer)

    response = referrer.post(
        url("person"),
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "4", "5", "2018"),
            "postcode": "NOT A POSTCODE",
        },
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#id_postcode"' in content
    assert 'id="id_postcode-error"' in content
    assert "Error:</span> Enter a full UK postcode, like" in content


def test_a_date_of_birth_in_the_future_is_refused(referrer):
    reach_person_page(referrer)

    response = referrer.post(
        url("person"),
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "1", "1", "2099"),
        },
    )

    assert response.status_code == 400
    assert "The date of birth must be today or in the past" in response.content.decode()


def test_a_brother_or_sister_needs_a_date_of_birth(referrer):
    public_journey(referrer)

    response = referrer.post(
        url("member_add"), {"given_name": "Leo", "family_name": "Example", "role": "sibling"}
    )

    assert response.status_code == 400
    assert "Enter the brother or sister&#x27;s date of birth" in response.content.decode()


def test_what_has_happened_is_capped_in_length(referrer):
    public_journey(referrer)

    response = referrer.post(
        url("concern"), {"concern": "x" * (MAX_TEXT + 1), "referrer_urgency": "soon"}
    )

    assert response.status_code == 400
    assert "Your answer must be 20,000 characters or fewer" in response.content.decode()


def test_errors_found_when_sending_take_the_referrer_to_the_page_that_can_fix_them(referrer):
    public_journey(referrer)
    session = referrer.session
    draft = session[DRAFT_KEY]
    draft["answers"]["person"]["date_of_birth"] = None  # as if the page had let it through
    session[DRAFT_KEY] = draft
    session.save()

    response = referrer.post(url("check"))

    assert response["Location"] == url("person", change=True)
    assert not Contact.objects.exists()
    page = referrer.get(response["Location"]).content.decode()
    assert "<title>Error: The child&#x27;s details" in page
    assert 'id="id_date_of_birth-error"' in page
    assert "Enter the date of birth, or the expected date if the child is not born yet" in page

    fixed = answer(
        referrer,
        "person",
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "4", "5", "2018"),
        },
        change=True,
    )
    assert fixed["Location"] == url("check")
    send(referrer)
    assert Contact.objects.count() == 1


def test_the_page_asks_where_they_live_and_i_do_not_know_says_who_to_phone(referrer):
    page = referrer.get(url("area")).content.decode()
    assert "Where does the child or adult live?" in page
    assert "govuk-radios__divider" in page

    response = answer(referrer, "area", {"local_authority": "unknown"})

    assert response["Location"] == url("phone_us")
    content = referrer.get(url("phone_us")).content.decode()
    assert STAFFS_PHONE in content
    assert STOKE_PHONE in content


def test_an_area_outside_the_hub_is_refused(referrer):
    response = referrer.post(url("area"), {"local_authority": "335"})

    assert response.status_code == 400
    assert "Select where the child or adult lives" in response.content.decode()


# --- Check your answers and changing answers ------------------------------------------------


def test_check_your_answers_has_a_change_link_for_each_answer(referrer):
    professional_journey(referrer)

    content = referrer.get(url("check")).content.decode()

    assert "govuk-summary-list" in content
    for name in ("area", "who", "about_you", "cohort", "person", "concern", "family", "consent"):
        assert f'href="{url(name, change=True)}"' in content
    assert f'href="{url("member_edit", 0, change=True)}"' in content


def test_a_change_returns_to_check_your_answers(referrer):
    public_journey(referrer)

    response = answer(referrer, "family", {"family_aware": "yes"}, change=True)

    assert response["Location"] == url("check")


def test_changing_to_a_professional_asks_the_questions_a_professional_is_asked(referrer):
    public_journey(referrer)

    response = answer(referrer, "who", {"kind": "professional"}, change=True)

    assert response["Location"] == url("about_you", change=True)
    page = referrer.get(response["Location"]).content.decode()
    assert "Pat Neighbour" in page  # carried over from the public answers
    response = answer(
        referrer,
        "about_you",
        {
            "name": "Pat Neighbour",
            "role": "Teacher",
            "organisation": "Example Academy",
            "organisation_type": "school",
            "phone": "01632 960 001",
            "email": "pat@school.example",
        },
        change=True,
    )
    assert response["Location"] == url("consent", change=True)
    assert answer(referrer, "consent", {"consent": "given"}, change=True)["Location"] == url(
        "check"
    )


def test_people_in_the_household_can_be_changed_and_removed(referrer):
    professional_journey(referrer)

    answer(
        referrer,
        "member_edit",
        {
            "given_name": "Leon",
            "family_name": "Example",
            "role": "sibling",
            **dated("date_of_birth", "1", "9", "2020"),
        },
        0,
    )
    answer(referrer, "member_remove", {}, 1)

    page = referrer.get(url("household")).content.decode()
    assert "Leon Example" in page
    assert "Max Sample" not in page
    assert referrer.get(url("member_edit", 5)).status_code == 404
    send(referrer)
    names = set(Contact.objects.get().subjects.values_list("person__given_name", flat=True))
    assert names == {"Ruby", "Leon"}


# --- Abuse, failure and privacy -------------------------------------------------------------


def test_the_honeypot_is_hidden_and_labelled(referrer):
    content = referrer.get(url("area")).content.decode()

    assert '<div class="govuk-visually-hidden">' in content
    assert '<label for="referral-website">Leave this field empty</label>' in content
    assert 'tabindex="-1" autocomplete="off"' in content


@pytest.mark.parametrize("page", ["check", "concern"])
def test_a_filled_honeypot_looks_sent_but_stores_nothing(referrer, page):
    public_journey(referrer)
    if page == "concern":
        answer(
            referrer,
            "concern",
            {"concern": CONCERN, "referrer_urgency": "soon", "website": "http://spam.example"},
        )
        response = referrer.post(url("check"))
    else:
        response = referrer.post(url("check"), {"website": "http://spam.example"})

    assert response["Location"] == url("sent")
    confirmation = referrer.get(url("sent")).content.decode()
    assert "Referral sent" in confirmation
    assert "FD-" not in confirmation
    assert not Contact.objects.exists()
    assert mail.outbox == []
    [event] = AuditEvent.objects.filter(action="referral.honeypot")
    assert event.details == {"page": page}
    assert event.actor_label == "anonymous"
    assert DRAFT_KEY not in referrer.session


def test_too_many_submissions_from_one_address_are_refused(referrer, settings):
    settings.FRONTDOOR_REFERRAL_RATE = (2, 600)
    public_journey(referrer)
    send(referrer)
    public_journey(referrer)
    send(referrer)
    public_journey(referrer)

    response = referrer.post(url("check"))

    assert response.status_code == 429
    content = response.content.decode()
    assert "You cannot send another referral yet" in content
    assert STAFFS_PHONE in content
    assert Contact.objects.count() == 2
    # Another address is not held back.
    assert referrer.post(url("check"), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_rate_can_be_given_as_text(settings):
    from frontdoor.contacts.referral import throttle

    settings.FRONTDOOR_REFERRAL_RATE = "1/60"
    assert throttle.rate() == (1, 60)
    assert throttle.allow_submission("192.0.2.1")
    assert not throttle.allow_submission("192.0.2.1")
    del settings.FRONTDOOR_REFERRAL_RATE
    assert throttle.rate() == (5, 600)


def test_if_the_database_is_down_nothing_is_confirmed_and_the_referrer_is_told_to_phone(
    referrer, monkeypatch
):
    public_journey(referrer)
    down = False

    def refuse_queries(execute, sql, params, many, context):
        if down:
            raise OperationalError("the database is not answering")
        return execute(sql, params, many, context)

    def database_fails(**kwargs):
        nonlocal down
        down = True
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "receive_contact", database_fails)

    # From the failure on, any query fails: the page and the response must not need one.
    with connection.execute_wrapper(refuse_queries):
        response = referrer.post(url("check"))
    down = False

    assert response.status_code == 503
    content = response.content.decode()
    assert "We could not send your referral. Nothing has been sent." in content
    assert STAFFS_PHONE in content
    assert "FD-" not in content
    assert not Contact.objects.exists()
    assert mail.outbox == []
    # The draft is kept, so they can try again.
    monkeypatch.undo()
    assert referrer.get(url("check")).status_code == 200
    send(referrer)
    assert Contact.objects.count() == 1


def test_a_failed_email_still_confirms_the_referral_and_logs_no_personal_data(
    referrer, monkeypatch, caplog
):
    def mail_fails(*args, **kwargs):
        raise SMTPException("550 mailbox pat@example.org unavailable")

    monkeypatch.setattr(sending, "send_mail", mail_fails)
    public_journey(referrer)

    with caplog.at_level(logging.INFO):
        response = send(referrer)

    contact = Contact.objects.get()
    assert response["Location"] == url("sent")
    page = referrer.get(url("sent")).content.decode()
    assert contact.reference in page
    assert "We have sent you an email" not in page
    assert "SMTPException" in caplog.text
    assert "pat@example.org" not in caplog.text


def test_nothing_personal_is_logged_on_the_way_through(referrer, caplog):
    with caplog.at_level(logging.DEBUG):
        public_journey(referrer)
        referrer.post(url("person"), {"given_name": "Ruby", "postcode": "BAD"})
        send(referrer)

    for secret in ("Pat Neighbour", "pat@example.org", "Ruby", "stepfather", "ST4 1AA"):
        assert secret not in caplog.text
