"""No request to a trust endpoint, however malformed, yields a 500 (API.md, Conventions)."""
import pytest

from trust.services import checklist_copy_for_meeting

pytestmark = pytest.mark.django_db

BODIES = [[], [1, 2], "text", 7, None, {"text": ["a"], "scope": {"x": 1}},
          {"done": [True]}, {"felt_safe": {"a": 1}, "felt_heard": [], "kind": 3},
          {"items": "nope"}, {"items": [1, 2]}, {"expires_on": 20270101, "kind": None}]


@pytest.mark.parametrize("body", BODIES)
def test_malformed_bodies_are_4xx(
    api, handed_over_case, held_meeting, care_manager, health_manager, body
):
    item = checklist_copy_for_meeting(meeting=held_meeting).items.first()
    calls = [
        (care_manager, "post", f"/api/cases/{handed_over_case.pk}/notes/"),
        (handed_over_case.service_user, "post", f"/api/cases/{handed_over_case.pk}/consents/"),
        (care_manager, "patch", f"/api/meetings/{held_meeting.pk}/checklist/{item.pk}/"),
        (handed_over_case.service_user, "post", f"/api/meetings/{held_meeting.pk}/feedback/"),
        (health_manager, "post", "/api/checklist-templates/"),
    ]
    for user, method, url in calls:
        response = getattr(api.as_user(user), method)(url, body, format="json")
        assert 400 <= response.status_code < 500, (url, body, response.status_code)


def test_bad_query_parameters_are_not_500(api, handed_over_case, consultant):
    client = api.as_user(consultant)
    for query in ("?page=abc", "?page=999", "?page_size=-1", "?page_size=x"):
        response = client.get(f"/api/cases/{handed_over_case.pk}/notes/{query}")
        assert response.status_code in (200, 404), (query, response.status_code)
