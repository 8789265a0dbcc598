"""The case list reads its page as plain values (coordination/api/case_list.py case_list_rows,
issue 9): every row must be exactly what CaseListSerializer gives for the same case."""
import json
from datetime import date

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from coordination import selectors
from coordination.models import AbsencePeriod, Case
from coordination.serializers import CaseListSerializer
from coordination.services.clock import case_recompute
from tests import factories

pytestmark = pytest.mark.django_db


def _serializer_rows(user, cases):
    """The rows as the serializer gives them (the list's former path)."""
    today = timezone.localdate()
    by_pk = {c.pk: c for c in selectors.cases_for_user(user)}
    rows = []
    for case in cases:
        case = by_pk[case.pk]
        case.weeks_used = selectors.case_weeks_used(case, today)
        rows.append(case)
    return json.loads(JSONRenderer().render(CaseListSerializer(rows, many=True).data))


@pytest.fixture
def varied_cases(consultant, care_manager):
    nameless = factories.ServiceUserFactory(first_name="", last_name="")
    cases = [
        factories.CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                              service_user=nameless),
        factories.CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                              first_absence_day=date(2026, 3, 2), employment="self_employed"),
        factories.CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                              first_absence_day=date(2025, 12, 1)),
    ]
    AbsencePeriod.objects.create(case=cases[1], start=date(2026, 3, 2), end=date(2026, 4, 30),
                                 kind="full")
    AbsencePeriod.objects.create(case=cases[1], start=date(2026, 5, 1), kind="partial")
    AbsencePeriod.objects.create(case=cases[2], start=date(2025, 12, 1), kind="full")
    for case in cases:
        case_recompute(case=case)
    Case.objects.filter(pk=cases[2].pk).update(closed_on=date(2026, 10, 1), status="closed")
    return cases


@pytest.mark.parametrize("reader", ["consultant", "jobcentre_manager", "health_manager"])
def test_every_row_is_what_the_serializer_gives(api, request, varied_cases, reader):
    user = request.getfixturevalue(reader)
    body = api.as_user(user).get("/api/cases/").json()
    assert body["count"] == 3
    by_id = {row["id"]: row for row in body["results"]}
    expected = _serializer_rows(user, varied_cases)
    assert [by_id[row["id"]] for row in expected] == expected
    assert {row["service_user"]["name"] for row in expected} >= {
        varied_cases[0].service_user.username}
    assert any(row["benefit_weeks_used"] > 0 for row in expected)


def test_pages_keep_the_lists_order_and_filters(api, consultant, care_manager, varied_cases):
    """The rows of each page come back in the ORM's order (next deadline, then creation),
    page after page, with and without a filter; on PostgreSQL from the one-query path."""
    for _ in range(4):
        case_recompute(case=factories.CaseFactory(
            employment_consultant=consultant, care_manager=care_manager))
    client = api.as_user(consultant)
    ordered = [str(pk) for pk in Case.objects.for_user(consultant).values_list("pk", flat=True)]
    seen, url = [], "/api/cases/?page_size=3"
    while url:
        body = client.get(url).json()
        assert body["count"] == len(ordered)
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == ordered
    closed = client.get("/api/cases/", {"status": "closed", "page_size": 3}).json()
    assert [row["id"] for row in closed["results"]] == [str(varied_cases[2].pk)]
    assert closed["count"] == 1 and closed["next"] is None
    bad = client.get("/api/cases/", {"status": "asleep"})
    assert bad.status_code == 400 and "status" in bad.json()
