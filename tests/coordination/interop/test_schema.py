"""The OpenAPI schema describes the interoperability endpoints and, for every operation,
API.md's documented error answers (so schemathesis holds the server to them in CI)."""
import pytest
import yaml
from django.test import Client


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    # Generating the schema takes seconds; one copy serves every test here.
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_fhir_and_export_are_described(schema):
    for path in ("/api/cases/{case_id}/fhir/", "/api/cases/{case_id}/export/"):
        responses = schema["paths"][path]["get"]["responses"]
        assert {"200", "401", "404"} <= set(responses)
    fhir = schema["paths"]["/api/cases/{case_id}/fhir/"]["get"]["responses"]["200"]
    bundle = fhir["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"resourceType", "type", "entry"} <= set(schema["components"]["schemas"][bundle][
        "properties"])


def test_every_operation_documents_the_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "404"} <= codes, (method, path)
            if path not in ("/api/auth/token/", "/api/schema/"):
                assert {"401", "403"} <= codes, (method, path)
            if method in ("post", "patch", "put", "delete"):
                assert "409" in codes or path == "/api/auth/token/", (method, path)


def test_conflict_bodies_carry_a_code(schema):
    conflict = schema["paths"]["/api/cases/{case_id}/plan/goals/"]["post"]["responses"]["409"]
    ref = conflict["content"]["application/json"]["schema"]["$ref"]
    error = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "code" in error["properties"]
