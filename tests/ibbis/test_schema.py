import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    text = target.read_text()
    assert "openapi: 3" in text and "/api/me/" in text


@pytest.mark.django_db
def test_the_goal_writes_describe_the_stale_plan_conflict_body(client):
    schema = client.get("/api/schema/?format=json").json()
    stale = schema["components"]["schemas"]["StalePlanError"]
    assert {"detail", "code", "current_version", "history"} <= set(stale["required"])
    # No plan content in the 409: reading what changed is the logged history (issue 13).
    assert "changes" not in stale["properties"]
    for path, method in [
        ("/api/cases/{case_id}/plan/goals/", "post"),
        ("/api/cases/{case_id}/plan/goals/{goal_id}/", "patch"),
    ]:
        conflict = schema["paths"][path][method]["responses"]["409"]
        body = conflict["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/StalePlanError"}
