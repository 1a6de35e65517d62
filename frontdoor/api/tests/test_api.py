"""The API's shell: status, the OpenAPI document and its docs page, problem+json errors."""

from django.test import Client


def test_the_status_endpoint_answers_without_a_token(db):
    response = Client().get("/api/v1/status")
    assert response.status_code == 200
    assert response.json() == {"service": "Front Door", "api_version": "1"}


def test_the_openapi_document_is_served(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Front Door API"
    assert "/api/v1/status" in document["paths"]


def test_the_docs_page_uses_local_assets_only(db):
    page = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_an_unknown_api_path_is_a_problem_document(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"


def test_a_wrong_method_is_refused(db):
    assert Client().post("/api/v1/status").status_code == 405
