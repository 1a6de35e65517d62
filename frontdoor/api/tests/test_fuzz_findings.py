"""What `make fuzz-api` (schemathesis) found in the API, kept fixed.

1. `GET /api/v1/contacts?offset=118422571030677335048192`: an offset past the database's
   integer range failed in the query and came back as a 500.
2. The list's `422` (a bad `limit` or `offset`) was not declared in the OpenAPI document.
"""

from django.test import Client

from frontdoor.api.pagination import MAX_LIMIT, MAX_OFFSET

from .conftest import contact_body, post_contact


def test_an_offset_past_any_database_integer_is_a_422_naming_it(police):
    response = police.get("/api/v1/contacts?offset=118422571030677335048192&limit=667878637")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["offset"]


def test_the_largest_offset_allowed_is_an_empty_page(police):
    post_contact(police, contact_body())
    response = police.get(f"/api/v1/contacts?offset={MAX_OFFSET}")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}
    assert police.get(f"/api/v1/contacts?offset={MAX_OFFSET + 1}").status_code == 422


def test_a_limit_over_the_maximum_still_returns_a_page(police):
    assert post_contact(police, contact_body()).status_code == 201
    response = police.get(f"/api/v1/contacts?limit={10**30}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_the_openapi_document_declares_the_lists_errors_and_bounds(db):
    document = Client().get("/api/v1/openapi.json").json()
    listing = document["paths"]["/api/v1/contacts"]["get"]
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert listing["responses"]["401"]["content"] == problem
    assert listing["responses"]["422"]["content"] == problem
    parameters = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert parameters["offset"]["maximum"] == MAX_OFFSET
    assert parameters["offset"]["minimum"] == 0
    assert parameters["limit"]["default"] == MAX_LIMIT
