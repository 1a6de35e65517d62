"""RFC 9457 problem details, tested on a throwaway API so they do not depend on later endpoints."""

import json

import pytest
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from frontdoor.api.problems import install_problem_handlers


class Payload(Schema):
    name: str
    age: int


@pytest.fixture
def client():
    api = NinjaAPI(urls_namespace="problems-test")
    install_problem_handlers(api)

    @api.post("/things")
    def create(request, payload: Payload):
        return {"ok": True}

    @api.get("/teapot")
    def teapot(request):
        raise HttpError(418, "I am a teapot")

    @api.get("/boom")
    def boom(request):
        raise RuntimeError("secret internals")

    return TestClient(api)


def test_a_bad_field_is_named_in_a_422_problem(client):
    response = client.post("/things", json={"name": "x", "age": "old"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert body["title"] == "Some fields are not valid"
    assert [e["field"] for e in body["errors"]] == ["age"]


def test_a_missing_field_is_named(client):
    body = client.post("/things", json={"age": 3}).json()
    assert [e["field"] for e in body["errors"]] == ["name"]


def test_malformed_json_is_a_client_error_not_a_crash(client):
    response = client.post("/things", data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


def test_an_http_error_keeps_its_status(client):
    response = client.get("/teapot")
    assert response.status_code == 418
    assert response.json()["detail"] == "I am a teapot"


def test_an_unexpected_error_reveals_no_internals(client):
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in json.dumps(response.json())
    assert response["Content-Type"] == "application/problem+json"
