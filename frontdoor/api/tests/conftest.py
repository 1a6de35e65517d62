"""Partner systems and valid contact bodies for the API tests.

`police_system` (Staffordshire Police's case system) and `health_system` (another partner)
each hold a token; `client_for(token)` is a Django test client that sends it.
"""

import copy
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from frontdoor.agencies.models import Agency
from frontdoor.agencies.tokens import IssuedToken, issue_api_token
from frontdoor.core.actors import Actor

CONTACT: dict[str, Any] = {
    "local_authority_code": "860",
    "referral_source": "5A",
    "referrer": {
        "kind": "professional",
        "name": "PC Sam Example",
        "role": "Police constable",
        "organisation": "Staffordshire Police",
        "phone": "01785 000000",
        "email": "sam.example@police.example",
    },
    "subjects": [
        {
            "given_name": "Ruby",
            "family_name": "Example",
            "role": "subject_child",
            "date_of_birth": "2018-05-04",
            "sex": "F",
            "postcode": "st4 1aa",
            "nhs_number": "943 476 5919",
        }
    ],
    "cohort": "child",
    "concern": "Officers attended a domestic incident; Ruby was in the house and was distressed.",
    "categories": ["18C"],
    "family_aware": "yes",
    "consent": "not_sought",
    "consent_reason": "A police notification of a domestic incident; consent is not sought.",
    "referrer_urgency": "soon",
}


def contact_body(**overrides: Any) -> dict[str, Any]:
    """A valid body; overrides replace top-level fields."""
    body = copy.deepcopy(CONTACT)
    body.update(overrides)
    return body


def subject(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = copy.deepcopy(CONTACT["subjects"][0])
    values.update(overrides)
    return values


def client_for(token: str | None) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"} if token else {})


def _issue(agency_code: str, name: str) -> IssuedToken:
    agency = Agency.objects.get(code=agency_code)
    return issue_api_token(agency=agency, name=name, by=Actor.system("tests"))


@pytest.fixture
def police_system(hub) -> IssuedToken:
    return _issue("staffs-police", "Police case system")


@pytest.fixture
def health_system(hub) -> IssuedToken:
    return _issue("staffs-health", "Health records system")


@pytest.fixture
def police(police_system) -> Client:
    return client_for(police_system.token)


@pytest.fixture
def health(health_system) -> Client:
    return client_for(health_system.token)


@pytest.fixture
def concurrent_database(transactional_db, tmp_path) -> Iterator[None]:
    """A database that threads with their own connections can write to at the same time.

    On PostgreSQL that is the test database. SQLite's test database is in memory with a shared
    cache, where a second writer fails at once ("database table is locked") instead of waiting
    for the first as it does on a file, which is what a SQLite deployment uses. So on SQLite,
    new connections get a file copy of the test database, with the production settings (WAL,
    BEGIN IMMEDIATE, a busy timeout). Read results with `on_new_connection`.
    """
    connection = connections["default"]
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()
    if connection.vendor != "sqlite" or not in_memory:
        yield
        return
    copy_path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(copy_path)) as target:
        connection.connection.backup(target)
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(copy_path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def on_new_connection[T](work: Callable[[], T]) -> T:
    """Run `work` in a thread with its own database connection (closed afterwards)."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results[0]


def post_contact(client: Client, body: Any, **headers: str):
    return client.post("/api/v1/contacts", body, content_type="application/json", headers=headers)
