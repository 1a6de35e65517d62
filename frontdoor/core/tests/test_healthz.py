from django.db import DatabaseError
from django.test import Client


def test_healthz_says_the_database_is_reachable(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "reachable"}


def test_healthz_answers_503_when_the_database_is_not(db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is rolled back
        patch.setattr("frontdoor.core.views.connection.cursor", broken_cursor)
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_healthz_needs_no_sign_in_and_accepts_only_get(db):
    assert Client().post("/healthz").status_code == 405
