"""Issue 17, professionals: search by name on the caseload and in the new-case form, and the
caseload's sortable columns (whitelisted `sort`, aria-sort, links in the headings). Through
HTTP, in both languages where the words matter, with each role and a constant query count."""
import re
from datetime import date

import pytest
import time_machine
from django.test import Client

from coordination.models import AbsencePeriod, Case, Notification
from coordination.services.clock import case_recompute
from tests import factories
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def signed_in(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def a_case(care_manager, first, last, first_absence_day=date(2026, 1, 5), username=None):
    person = factories.ServiceUserFactory(
        first_name=first, last_name=last, **({"username": username} if username else {})
    )
    case = CaseFactory(care_manager=care_manager, service_user=person,
                       first_absence_day=first_absence_day)
    AbsencePeriod.objects.create(case=case, start=first_absence_day, kind="full")
    return case_recompute(case=case)


def row_names(html):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def caseload(care_manager):
    return [
        a_case(care_manager, "Anna", "Jensen", date(2026, 3, 2)),
        a_case(care_manager, "Bo", "Andersen", date(2026, 1, 5)),
        a_case(care_manager, "Anna", "Østergaard", date(2026, 2, 2)),
    ]


# --- search on the caseload -------------------------------------------------------------


def test_the_caseload_search_finds_cases_by_first_or_last_name(care_manager, caseload):
    client = signed_in(care_manager)
    assert sorted(row_names(client.get("/caseload/?q=anna").content.decode())) == [
        "Anna Jensen", "Anna Østergaard"]
    assert row_names(client.get("/caseload/?q=andersen").content.decode()) == ["Bo Andersen"]
    # Every word must match: first name and part of the last name.
    assert row_names(client.get("/caseload/?q=anna+jen").content.decode()) == ["Anna Jensen"]


def test_a_search_that_finds_nobody_says_so(care_manager, caseload):
    html = signed_in(care_manager).get("/caseload/?q=zacharias").content.decode()
    assert row_names(html) == []
    assert "No cases match these filters." in html
    assert 'value="zacharias"' in html


def test_the_search_combines_with_the_filters_and_keeps_them_when_paging(care_manager):
    for _ in range(51):
        a_case(care_manager, "Karen", "Hansen")
    a_case(care_manager, "Mads", "Hansen")
    client = signed_in(care_manager)
    first = client.get("/caseload/?q=karen&status=active").content.decode()
    assert len(row_names(first)) == 50 and "Mads Hansen" not in first
    assert "?q=karen&amp;status=active&amp;page=2" in first
    second = client.get("/caseload/?q=karen&status=active&page=2").content.decode()
    assert row_names(second) == ["Karen Hansen"]


def test_the_search_field_is_labelled_in_both_languages(care_manager, caseload):
    english = signed_in(care_manager, "en").get("/caseload/").content.decode()
    danish = signed_in(care_manager, "da").get("/caseload/").content.decode()
    assert '<label for="id_q">Search by name</label>' in english
    assert '<label for="id_q">Søg på navn</label>' in danish
    assert 'type="search"' in english and 'role="search"' in english


@pytest.mark.parametrize(
    "who,status",
    [("care_manager", 200), ("consultant", 200), ("service_user", 403),
     ("jobcentre_manager", 403), ("health_manager", 403), ("admin_user", 403)],
)
def test_searching_and_sorting_the_caseload_per_role(request, caseload, who, status):
    user = request.getfixturevalue(who)
    response = signed_in(user).get("/caseload/?q=anna&sort=-name")
    assert response.status_code == status


def test_a_search_never_shows_another_professionals_cases(care_manager, other_professional):
    a_case(other_professional, "Anna", "Fremmed")
    mine = a_case(care_manager, "Anna", "Egen")
    html = signed_in(care_manager).get("/caseload/?q=anna").content.decode()
    assert row_names(html) == [mine.service_user.display_name]


@pytest.mark.parametrize("query", [
    "q=" + "x" * 500, "q=%00", "q=%25%5F", "sort=nonsense", "sort=service_user__password",
    "sort=-", "sort=name&sort=due", "q=anna&sort=-reassessment&page=abc",
])
def test_odd_search_and_sort_parameters_never_fail(care_manager, caseload, query):
    response = signed_in(care_manager).get(f"/caseload/?{query}")
    assert response.status_code == 200


def test_like_wildcards_in_the_search_are_taken_literally(care_manager, caseload):
    assert row_names(signed_in(care_manager).get("/caseload/?q=%25").content.decode()) == []
    assert row_names(signed_in(care_manager).get("/caseload/?q=_").content.decode()) == []


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("query", ["q=hansen", "sort=-name", "q=hansen&sort=reassessment"])
def test_search_and_sort_take_the_same_queries_for_2_and_20_rows(
    care_manager, rows, query, django_assert_num_queries
):
    for _ in range(rows):
        a_case(care_manager, "Karen", "Hansen")
    a_case(care_manager, "Mads", "Jensen")
    Notification.objects.create(recipient=care_manager, kind="reminder_7d")
    client = signed_in(care_manager)
    # The same 12 as the plain caseload (tests/coordination/test_pages.py): search and
    # sort change the one query of the cases, never add one per row.
    with django_assert_num_queries(12):
        response = client.get(f"/caseload/?{query}")
    assert len(row_names(response.content.decode())) == (rows + 1 if "q=" not in query else rows)


# --- sorting the caseload ---------------------------------------------------------------


def test_the_caseload_sorts_by_name_both_ways(care_manager, caseload):
    client = signed_in(care_manager)
    ascending = row_names(client.get("/caseload/?sort=name").content.decode())
    assert ascending == ["Bo Andersen", "Anna Jensen", "Anna Østergaard"]
    descending = row_names(client.get("/caseload/?sort=-name").content.decode())
    assert descending == list(reversed(ascending))


def test_the_caseload_sorts_by_reassessment_date(care_manager, caseload):
    client = signed_in(care_manager)
    by_date = sorted(caseload, key=lambda c: c.reassessment_date)
    expected = [c.service_user.display_name for c in by_date]
    assert row_names(client.get("/caseload/?sort=reassessment").content.decode()) == expected
    assert row_names(client.get("/caseload/?sort=-reassessment").content.decode()) == (
        expected[::-1])


def test_an_unknown_sort_falls_back_to_the_next_deadline(care_manager, caseload):
    client = signed_in(care_manager)
    default = row_names(client.get("/caseload/").content.decode())
    assert row_names(client.get("/caseload/?sort=service_user__password").content.decode()) == (
        default)
    by_due = sorted(caseload, key=lambda c: (c.next_deadline_due, c.created_at))
    assert default == [c.service_user.display_name for c in by_due]


def heading(html, key):
    return re.search(rf'<th scope="col"([^>]*)data-testid="sort-{key}"><a class="sort-link" '
                     r'href="([^"]+)">', html)


def test_the_headings_are_links_with_aria_sort_on_the_sorted_column(care_manager, caseload):
    client = signed_in(care_manager)
    html = client.get("/caseload/?sort=name&q=a&page=1").content.decode()
    name = heading(html, "name")
    assert 'aria-sort="ascending"' in name.group(1)
    # The link reverses the order, keeps the search, starts again on page 1.
    assert name.group(2) == "?sort=-name&amp;q=a"
    due = heading(html, "due")
    assert "aria-sort" not in due.group(1) and due.group(2) == "?sort=due&amp;q=a"
    reverse = client.get("/caseload/?sort=-name").content.decode()
    assert 'aria-sort="descending"' in heading(reverse, "name").group(1)
    assert "Cases sorted by name, Z to A" in reverse
    # The search form keeps the sort, in a select that also works on a phone (where the
    # responsive table folds its headings into the rows).
    assert '<option value="-name" selected>Name, Z to A</option>' in reverse


def test_the_sort_headings_speak_danish(care_manager, caseload):
    html = signed_in(care_manager, "da").get("/caseload/?sort=name").content.decode()
    assert "Sager sorteret efter navn, A til Å" in html
    assert "sortér faldende" in html


# --- the service user in the new-case form ----------------------------------------------


@pytest.fixture
def namesakes(db):
    return [
        factories.ServiceUserFactory(first_name="Mette", last_name="Nielsen",
                                     username="mette.n1", email="mette1@example.test"),
        factories.ServiceUserFactory(first_name="Mette", last_name="Nielsen",
                                     username="mette.n2", email="mette2@example.test"),
        factories.ServiceUserFactory(first_name="Lars", last_name="Holm", username="lars.h"),
    ]


def test_the_new_case_form_searches_service_users_by_name(consultant, care_manager, namesakes):
    html = signed_in(consultant).get("/cases/new/?q=mette").content.decode()
    radios = re.findall(r'<input type="radio" name="service_user" value="([^"]+)"', html)
    assert set(radios) == {str(namesakes[0].pk), str(namesakes[1].pk)}
    # The same name twice is told apart by the e-mail and the username.
    assert "Mette Nielsen (mette1@example.test, mette.n1)" in html
    assert "Mette Nielsen (mette2@example.test, mette.n2)" in html
    assert "Lars Holm" not in html
    assert "2 service users match “mette”." in html


def test_without_a_search_every_service_user_is_offered(consultant, care_manager, namesakes):
    html = signed_in(consultant).get("/cases/new/").content.decode()
    assert '<select name="service_user"' in html
    assert "Lars Holm (lars.h@example.test, lars.h)" in html


def test_a_search_without_matches_says_so_in_both_languages(consultant, namesakes):
    english = signed_in(consultant, "en").get("/cases/new/?q=zoe").content.decode()
    danish = signed_in(consultant, "da").get("/cases/new/?q=zoe").content.decode()
    assert "No service user matches “zoe”." in english
    assert "Ingen borger matcher “zoe”." in danish
    assert "Find borgeren ud fra navn" in danish


def test_a_case_opens_from_the_search_result(consultant, care_manager, namesakes):
    chosen = namesakes[1]
    response = signed_in(consultant).post("/cases/new/?q=mette", {
        "service_user": str(chosen.pk), "care_manager": str(care_manager.pk),
        "first_absence_day": "2026-04-01", "referral_date": "2026-04-08",
        "diagnosis": "anxiety", "employment": "employee",
    })
    assert response.status_code == 302
    assert Case.objects.get().service_user == chosen


def test_an_error_shows_the_same_search_result_again(consultant, care_manager, namesakes):
    response = signed_in(consultant).post("/cases/new/?q=mette", {
        "service_user": str(namesakes[0].pk), "care_manager": str(care_manager.pk),
        "first_absence_day": "2026-04-01", "referral_date": "2026-03-01",
        "diagnosis": "anxiety", "employment": "employee",
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert 'action="/cases/new/?q=mette"' in html
    assert f'value="{namesakes[0].pk}"' in html and "Lars Holm" not in html
    assert re.search(rf'value="{namesakes[0].pk}"[^>]*checked', html)
    assert not Case.objects.exists()


def test_a_search_does_not_stop_a_choice_outside_it(consultant, care_manager, namesakes):
    """The search narrows what is shown, not what is accepted."""
    response = signed_in(consultant).post("/cases/new/?q=mette", {
        "service_user": str(namesakes[2].pk), "care_manager": str(care_manager.pk),
        "first_absence_day": "2026-04-01", "referral_date": "2026-04-08",
        "diagnosis": "anxiety", "employment": "employee",
    })
    assert response.status_code == 302


@pytest.mark.parametrize(
    "who,status",
    [("consultant", 200), ("jobcentre_manager", 200), ("care_manager", 403),
     ("service_user", 403), ("health_manager", 403), ("admin_user", 403)],
)
def test_the_service_user_search_per_role(request, namesakes, who, status):
    user = request.getfixturevalue(who)
    assert signed_in(user).get("/cases/new/?q=mette").status_code == status


@pytest.mark.parametrize("query", ["q=" + "m" * 500, "q=%00", "q=%25", "q=+"])
def test_odd_service_user_searches_never_fail(consultant, namesakes, query):
    assert signed_in(consultant).get(f"/cases/new/?{query}").status_code == 200


def test_only_the_first_30_matches_are_shown(consultant, db):
    for n in range(32):
        factories.ServiceUserFactory(first_name="Ida", last_name=f"Berg{n}")
    html = signed_in(consultant).get("/cases/new/?q=ida").content.decode()
    assert html.count('name="service_user"') == 30
    assert "Only the first ones are shown" in html


@pytest.mark.parametrize("matches", [2, 20])
def test_the_service_user_search_takes_the_same_queries_for_2_and_20_matches(
    consultant, matches, django_assert_num_queries
):
    for n in range(matches):
        factories.ServiceUserFactory(first_name="Ida", last_name=f"Berg{n}")
    client = signed_in(consultant)
    client.get("/cases/new/?q=ida")  # the session's first read is not the page's
    # session, user, the matches, the nav badge, the care managers for their select
    with django_assert_num_queries(5):
        response = client.get("/cases/new/?q=ida")
    assert response.content.decode().count('name="service_user"') == matches
