"""The case page's two professionals come with its memberships (issue 20,
coordination.selectors.case_holders_attach), not as joins in the case's query: after a
handover and without any membership, the page names exactly the case's holders and their
organisations, in the same number of queries."""
import pytest

from coordination.models import CaseMembership
from coordination.services.cases import case_hand_over
from tests import factories

pytestmark = pytest.mark.django_db


def people(body):
    return {role: (body[role]["id"], body[role]["organisation"])
            for role in ("care_manager", "employment_consultant")}


def test_after_a_handover_the_page_names_the_new_holder(
    api, case, consultant, care_manager, django_assert_num_queries,
):
    client = api.as_user(care_manager)
    with django_assert_num_queries(9) as before:
        client.get(f"/api/cases/{case.pk}/")
    successor = factories.EmploymentConsultantFactory(organisation=consultant.organisation)
    case_hand_over(actor=consultant, case=case, role="employment_consultant", to_user=successor)
    with django_assert_num_queries(len(before.captured_queries)):
        body = client.get(f"/api/cases/{case.pk}/").json()
    assert people(body) == {
        "care_manager": (str(care_manager.pk), care_manager.organisation.name),
        "employment_consultant": (str(successor.pk), consultant.organisation.name),
    }
    team = {member["role"]: (member["person"]["id"], member["person"]["organisation"])
            for member in body["team"] if member["role"] != "service_user"}
    assert team == people(body)


def test_without_memberships_the_page_still_names_the_holders(api, case, care_manager):
    """Data written past the services (no membership rows): one lazy read more per
    holder, never a wrong or missing name."""
    CaseMembership.objects.filter(case=case).delete()
    body = api.as_user(care_manager).get(f"/api/cases/{case.pk}/").json()
    assert people(body) == {
        "care_manager": (str(case.care_manager_id), care_manager.organisation.name),
        "employment_consultant": (str(case.employment_consultant_id),
                                  case.employment_consultant.organisation.name),
    }
