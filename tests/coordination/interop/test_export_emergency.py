"""Issue 19: who broke the glass on a case is in its service user's GDPR export (art. 15, stk.
1, litra c: to whom the data were disclosed), with the reason they gave, on the API and on the
printable page; and the access log's rows from that access carry `emergency` there too."""
from datetime import timedelta

import pytest
from django.test import Client

from coordination.services.emergency import emergency_access_take
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record

pytestmark = pytest.mark.django_db

REASON = "Borgeren ringede i krise, og hendes care manager er syg i dag."


@pytest.fixture
def emergency(full_case, other_professional):
    access = emergency_access_take(actor=other_professional, case=full_case, reason=REASON)
    access_log_record(actor=other_professional, case=full_case,
                      action=AccessAction.CASE_VIEWED, object_type="case")
    return access


def test_the_export_lists_who_broke_the_glass_and_why(api, service_user, full_case,
                                                       other_professional, emergency):
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    [entry] = data["emergency_accesses"]
    assert entry["id"] == str(emergency.pk)
    assert entry["who"]["id"] == str(other_professional.pk)
    assert entry["organisation"] == other_professional.organisation.name
    assert entry["reason"] == REASON
    started = emergency.started_at
    assert entry["started_at"].startswith(started.strftime("%Y-%m-%dT"))
    assert emergency.expires_at - started == timedelta(hours=24)
    marked = [e for e in data["access_log"] if e["who"] == other_professional.display_name]
    assert marked and all(e["emergency"] for e in marked)
    assert not any(e["emergency"] for e in data["access_log"] if e not in marked)


def test_no_emergency_access_is_an_empty_list(api, service_user, full_case):
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    assert data["emergency_accesses"] == []


def test_the_printable_page_shows_the_emergency_access(service_user, full_case,
                                                        other_professional, emergency):
    client = Client()
    client.force_login(service_user)
    html = client.get("/my-case/export/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert 'data-testid="export-emergency"' in html
    assert REASON in html and other_professional.display_name in html
    assert "Nødadgang til dit forløb" in html
