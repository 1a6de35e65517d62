"""The access matrix: every operation, as every role, in every relation, against the policy.

A cell is (operation, role, relation). For each one the world offers, the test requests the
operation once (GET, or POST with an empty form for actions) inside a transaction it rolls back,
and compares the answer with `governance.policy`: allowed means 2xx or 3xx (or 400 for a POST:
it got past every access check to the form's validation), refused means 403 or 404 (or, for
someone not signed in, the redirect to sign-in). Any difference is a mismatch.
"""

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.models import Agency
from frontdoor.agencies.roles import Role
from frontdoor.agencies.tokens import issue_api_token
from frontdoor.api.access import api_operations, unlisted_api_operations
from frontdoor.conftest import CAST, make_person
from frontdoor.contacts.referral.draft import Draft
from frontdoor.core.actors import Actor
from frontdoor.governance.operations import (
    every_page_has_a_policy_row,
    page_operations,
    unlisted_pages,
)
from frontdoor.governance.policy import ANONYMOUS, NO_ROLE, PARTNER, POLICY, About, Relation
from frontdoor.governance.relations import relation_of

from .matrix_world import World, build_world

PERSONAS = [
    "practitioner",
    "manager",
    "contact_officer",
    "police_researcher",
    "health_researcher",
    "education_researcher",
    "area_worker",
    "analyst",
    "ig_officer",
    "administrator",
    "other_la_worker",
]


@dataclass(frozen=True)
class Cell:
    operation: str
    persona: str
    relation: Relation


def _patterns(
    resolver: URLResolver, namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            extra = (pattern.namespace,) if pattern.namespace else ()
            yield from _patterns(pattern, namespaces + extra)
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def url_parameters() -> dict[str, set[str]]:
    return {
        name: set(re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)))
        for name, pattern in _patterns(get_resolver())
    }


def kwargs_for(
    operation: str, kind: About, record: Any, parameters: set[str]
) -> dict[str, int | str] | None:
    """The URL's arguments for this record, or None if the record cannot fill them."""
    kwargs: dict[str, int | str] = {}
    for parameter in parameters:
        if parameter == "index":
            kwargs[parameter] = 0
        elif parameter == "name":
            kwargs[parameter] = "volumes"  # a report's name (reporting:report, report_export)
        elif parameter in {"pk", "contact_pk"}:
            kwargs[parameter] = record.pk
        elif parameter == "subject_pk":
            subject = record.subjects.order_by("id").first()
            kwargs[parameter] = subject.pk
        elif parameter == "extension_pk":
            extension = record.extensions.first()
            if extension is None:
                return None
            kwargs[parameter] = extension.pk
        elif parameter == "response_pk":
            response = record.responses.order_by("id").first()
            if response is None:
                return None
            kwargs[parameter] = response.pk
        else:
            raise AssertionError(f"{operation}: no value for <{parameter}>")
    return kwargs


def outcome(response: Any, *, method: str) -> str:
    status = response.status_code
    if status in (403, 404):
        return "refused"
    if status == 302 and response["Location"].startswith("/sign-in?next="):
        return "refused"  # not signed in: sent to sign in first
    if 200 <= status < 400 or (status == 400 and method == "POST"):
        return "allowed"
    return f"status {status}"


def request(client: Client, method: str, url: str) -> Any:
    """One request whose changes (rows, and the client's cookies) are undone afterwards."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        with transaction.atomic():
            response = client.post(url, {}) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


@pytest.fixture
def cast(hub, sign_in):
    people = {}
    for key in PERSONAS:
        role, team_code, name = CAST[key]
        people[key] = make_person(
            f"{key}@matrix.test.invalid", role=role, team=hub[team_code], name=name
        )
    people["outsider"] = make_person(
        "outsider@matrix.test.invalid", role=None, team=None, name="Olly"
    )
    return people


def _with_a_household_member_in_the_referral(client: Client) -> None:
    """A referral in progress naming one household member, so position 0 exists."""
    session = client.session
    draft = Draft.load(session)
    draft.put_member(None, {"given_name": "Sam", "family_name": "Example"})
    draft.save(session)
    session.save()
    if not client.cookies.get(settings.SESSION_COOKIE_NAME) and session.session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def _stepped_up(client: Client) -> Client:
    from django.utils import timezone

    session = client.session
    session["frontdoor_stepped_up_at"] = timezone.now().isoformat()
    session.save()
    return client


def report(capsys: Any, line: str) -> None:
    """Print the matrix's size, and append it to FRONTDOOR_MATRIX_REPORT if set: xdist hides
    a worker's output, so CI prints that file after the tests."""
    with capsys.disabled():
        print(f"\n{line}")
    if path := os.environ.get("FRONTDOOR_MATRIX_REPORT"):
        with open(path, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def test_every_page_and_api_operation_has_a_policy_row():
    assert unlisted_pages() == []
    assert unlisted_api_operations() == []


def test_every_policy_row_names_an_operation_that_exists():
    assert sorted(set(POLICY) - set(page_operations()) - set(api_operations())) == []


@pytest.mark.urls("frontdoor.config.tests.urls_with_an_unlisted_view")
def test_a_view_added_without_a_policy_row_is_caught_and_refused(manager, sign_in):
    assert unlisted_pages() == ["forgotten-report"]
    errors = every_page_has_a_policy_row()
    assert [error.id for error in errors] == ["governance.E001"]
    assert "forgotten-report" in errors[0].msg
    response = sign_in(manager).get("/forgotten-report")
    assert response.status_code == 403
    assert b"Every contact" not in response.content


def _request_every_cell(
    world: World,
    clients: dict[str, Client],
    actors: dict[str, Actor],
    parameters: dict[str, set[str]],
    tried: dict[Cell, list[tuple[str, str]]],
) -> None:
    for operation, rule in sorted(POLICY.items()):
        if operation.startswith("api:"):
            continue
        for persona, client in clients.items():
            actor = actors.get(persona)
            records = [None] if rule.about == About.NOTHING else world.records.get(rule.about, [])
            for record in records:
                if record is None:
                    relation = Relation.NONE
                elif actor is None:
                    relation = Relation.NO_RELATION
                else:
                    relation = relation_of(actor, rule.about, record)
                cell = Cell(operation, persona, relation)
                answers = tried.setdefault(cell, [])
                if any(got == "allowed" for _, got in answers):
                    continue
                kwargs = kwargs_for(operation, rule.about, record, parameters[operation])
                if kwargs is None:
                    continue
                url = reverse(operation, kwargs=kwargs)
                answers.append(
                    (url, outcome(request(client, rule.method, url), method=rule.method))
                )


def test_the_server_does_exactly_what_the_policy_says(cast, hub, sign_in, capsys):
    stoke_manager = make_person(
        "stoke.manager@matrix.test.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Sam Stoke",
    )
    world = build_world(cast, hub, stoke_manager)
    parameters = url_parameters()
    clients: dict[str, Client] = {key: _stepped_up(sign_in(person)) for key, person in cast.items()}
    actors: dict[str, Actor] = {key: actor_for_user(person.user) for key, person in cast.items()}
    clients[ANONYMOUS] = Client()
    for client in clients.values():
        _with_a_household_member_in_the_referral(client)

    # Each cell: every record in that relation, until one is allowed. A cell the policy
    # refuses must be refused for every record; one it allows must be allowed for at least
    # one (a record's state may rightly refuse an action, such as deciding a decided contact).
    tried: dict[Cell, list[tuple[str, str]]] = {}
    logging.disable(logging.WARNING)  # a thousand refusals, each logged by django.request
    try:
        _request_every_cell(world, clients, actors, parameters, tried)
    finally:
        logging.disable(logging.NOTSET)

    mismatches: list[str] = []
    for cell, answers in tried.items():
        if not answers:
            continue
        rule = POLICY[cell.operation]
        actor = actors.get(cell.persona)
        who = ANONYMOUS if actor is None else (actor.role or NO_ROLE)
        expected = "allowed" if rule.allows(who, cell.relation) else "refused"
        wrong = (
            [(url, got) for url, got in answers if got != "refused"]
            if expected == "refused"
            else ([] if any(got == "allowed" for _, got in answers) else answers)
        )
        for url, got in wrong:
            mismatches.append(
                f"{rule.method} {url} ({cell.operation}) as {cell.persona} [{cell.relation}]: "
                f"expected {expected}, got {got}"
            )
    cells = {cell for cell, answers in tried.items() if answers}

    report(capsys, f"access matrix: {len(cells)} cells, {len(mismatches)} mismatches")
    assert not mismatches, "\n".join(mismatches)


def test_the_api_does_exactly_what_the_policy_says(hub, capsys):
    """Partner systems of two agencies, and no token at all, against every API operation."""
    from frontdoor.api.tests.conftest import client_for, contact_body, post_contact

    systems = {
        name: issue_api_token(
            agency=Agency.objects.get(code=code), name=name, by=Actor.system("tests")
        )
        for name, code in (("police", "staffs-police"), ("health", "staffs-health"))
    }
    clients = {name: client_for(issued.token) for name, issued in systems.items()}
    clients["anonymous"] = client_for(None)
    sent = {name: post_contact(clients[name], contact_body()).json()["id"] for name in systems}

    cells: dict[Cell, str] = {}
    mismatches: list[str] = []
    for operation in [name for name in POLICY if name.startswith("api:") and " " in name]:
        rule = POLICY[operation]
        method, path = operation.removeprefix("api:").split(" ")
        for caller, client in clients.items():
            who = ANONYMOUS if caller == "anonymous" else PARTNER
            targets: list[tuple[Relation, str]] = [(Relation.NONE, path)]
            if "{contact_id}" in path:
                targets = [
                    (
                        Relation.MINE if owner == caller else Relation.NO_RELATION,
                        path.replace("{contact_id}", str(contact_id)),
                    )
                    for owner, contact_id in sent.items()
                ]
            for relation, target in targets:
                url = f"/api/v1{target}"
                with transaction.atomic():
                    if method == "POST":
                        response = client.post(url, {}, content_type="application/json")
                    else:
                        response = client.get(url)
                    transaction.set_rollback(True)
                status = response.status_code
                got = (
                    "refused"
                    if status in (401, 403, 404)
                    else "allowed"
                    if status < 400 or (method == "POST" and status in (400, 422))
                    else f"status {status}"
                )
                expected = "allowed" if rule.allows(who, relation) else "refused"
                cells[Cell(operation, caller, relation)] = got
                if got != expected:
                    mismatches.append(
                        f"{method} {url} as {caller} [{relation}]: expected {expected}, got {got}"
                    )

    report(capsys, f"API access matrix: {len(cells)} cells, {len(mismatches)} mismatches")
    assert mismatches == []
