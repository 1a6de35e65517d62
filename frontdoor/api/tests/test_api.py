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


def test_the_openapi_document_describes_the_contacts_endpoints(db):
    document = Client().get("/api/v1/openapi.json").json()
    create = document["paths"]["/api/v1/contacts"]["post"]
    assert document["components"]["securitySchemes"]["PartnerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert create["security"] == [{"PartnerToken": []}]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert "Idempotent-Replayed: true" in create["description"]
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for status in ("400", "401", "409", "413", "422"):
        assert create["responses"][status]["content"] == {"application/problem+json": problem}
    assert "201" in create["responses"]
    read = document["paths"]["/api/v1/contacts/{contact_id}"]["get"]
    assert read["responses"]["404"]["content"] == {"application/problem+json": problem}
    assert "get" in document["paths"]["/api/v1/contacts"]
    fields = document["components"]["schemas"]["ContactIn"]["properties"]
    assert fields["concern"]["maxLength"] == 20_000
    assert fields["cohort"]["enum"] == ["child", "adult_at_risk", "domestic_abuse"]
