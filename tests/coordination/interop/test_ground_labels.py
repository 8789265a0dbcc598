"""Issue 16 item 2: a ground has one set of words. The case page, the API's `ground_label`
and the service user's export all show the Ground texts as the law read on the decision's
date (benefit_rules.ground_on), in the reader's language."""
import pytest
from django.test import Client
from django.utils import timezone

from coordination.benefit_rules import ground_on
from coordination.models import ExtensionDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(full_case, consultant):
    return ExtensionDecision.objects.create(
        case=full_case, ground="p27_5", decided_on=timezone.localdate(), reasoning="r",
        decided_by=consultant)


def test_page_api_and_export_name_the_ground_alike(api, full_case, consultant, service_user,
                                                   decision):
    ground = ground_on("p27_5", decision.decided_on, full_case.reassessment_date)
    for language, words in (("da", ground.label_da), ("en", ground.label_en)):
        listed = api.as_user(consultant).get(f"/api/cases/{full_case.pk}/extensions/",
                                             HTTP_ACCEPT_LANGUAGE=language)
        assert listed.status_code == 200
        assert [d["ground_label"] for d in listed.json()] == [words]
        export = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/",
                                               HTTP_ACCEPT_LANGUAGE=language)
        assert [d["ground_label"] for d in export.json()["decisions"]] == [words]
    page = Client()
    page.force_login(consultant)
    html = page.get(f"/cases/{full_case.pk}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert ground.label_da in html
