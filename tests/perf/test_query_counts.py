"""Every list endpoint and list page takes the same number of queries for 2 rows as for 50
(issue 9); django-zeal (ibbis/settings/test.py) additionally raises on any N+1 it sees."""
import pytest

from .conftest import count_queries

SMALL, LARGE = 2, 50


def _api(api, user):
    client = api.as_user(user)
    return lambda url: (lambda: client.get(url))


def _page(client, user):
    client.force_login(user)
    return lambda url: (lambda: client.get(url))


# (name, grow(rows, n, people), who reads: "api"/"page" and the fixture, url(rows))
LISTS = [
    ("api cases (consultant)", "cases_to", "api", "consultant",
     lambda r: "/api/cases/?page_size=50"),
    ("api cases (manager)", "cases_to", "api", "jobcentre_manager",
     lambda r: "/api/cases/?page_size=50"),
    ("api deadlines", "cases_to", "api", "consultant", lambda r: "/api/deadlines/?page_size=50"),
    ("api notifications", "notifications_to", "api", "consultant",
     lambda r: "/api/notifications/?page_size=50"),
    ("api meetings", "meetings_to", "api", "consultant", lambda r: "/api/meetings/?page_size=50"),
    ("api case meetings", "meetings_to", "api", "consultant",
     lambda r: f"/api/meetings/?case={r.main_case().pk}&page_size=50"),
    ("api notes", "notes_to", "api", "care_manager",
     lambda r: f"/api/cases/{r.main_case().pk}/notes/?page_size=50"),
    ("api access log", "access_log_to", "api", "consultant",
     lambda r: f"/api/cases/{r.main_case().pk}/access-log/?page_size=50"),
    ("api access log (service user)", "access_log_to", "api", "service_user_of_case",
     lambda r: f"/api/cases/{r.main_case().pk}/access-log/?page_size=50"),
    ("page caseload", "cases_to", "page", "consultant", lambda r: "/caseload/"),
    ("page notifications", "notifications_to", "page", "consultant", lambda r: "/notifications/"),
    ("page case meetings", "meetings_to", "page", "consultant",
     lambda r: f"/cases/{r.main_case().pk}/meetings/"),
    ("page notes", "notes_to", "page", "care_manager",
     lambda r: f"/cases/{r.main_case().pk}/notes/"),
    ("page access log (service user)", "access_log_to", "page", "service_user_of_case",
     lambda r: "/my-case/access-log/"),
]


def _reader(request, rows, who):
    if who == "service_user_of_case":
        return rows.main_case().service_user
    return request.getfixturevalue(who)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "grow", "kind", "who", "url"), LISTS, ids=[x[0] for x in LISTS])
def test_list_takes_constant_queries(request, api, client, rows, name, grow, kind, who, url):
    getattr(rows, grow)(SMALL)
    reader = _reader(request, rows, who)
    get = _api(api, reader) if kind == "api" else _page(client, reader)
    small = count_queries(get(url(rows)))
    getattr(rows, grow)(LARGE)
    large = count_queries(get(url(rows)))
    assert large == small, f"{name}: {small} queries at {SMALL} rows, {large} at {LARGE}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["api", "page"])
def test_dashboard_takes_constant_queries(api, client, rows, jobcentre, jobcentre_manager, kind):
    url = "/api/dashboard/" if kind == "api" else "/dashboard/"
    get = _api(api, jobcentre_manager) if kind == "api" else _page(client, jobcentre_manager)
    rows.professionals_to(SMALL, jobcentre)
    small = count_queries(get(url))
    rows.professionals_to(LARGE, jobcentre)
    large = count_queries(get(url))
    assert large == small, f"{small} queries for {SMALL} professionals, {large} for {LARGE}"


@pytest.mark.django_db
def test_accounts_list_takes_constant_queries(api, admin_user, jobcentre):
    from tests.factories import EmploymentConsultantFactory

    get = _api(api, admin_user)
    EmploymentConsultantFactory.create_batch(SMALL, organisation=jobcentre)
    small = count_queries(get("/api/accounts/?page_size=50"))
    EmploymentConsultantFactory.create_batch(LARGE, organisation=jobcentre)
    large = count_queries(get("/api/accounts/?page_size=50"))
    assert large == small


@pytest.mark.django_db
def test_the_managers_case_list_stays_within_ten_queries(api, rows, jobcentre_manager):
    """The goal of issue 9 for the list under load: 10 queries or fewer."""
    rows.cases_to(LARGE)
    get = _api(api, jobcentre_manager)
    assert count_queries(get("/api/cases/?page_size=50")) <= 10
    assert count_queries(get("/api/dashboard/")) <= 10


@pytest.mark.django_db
def test_a_case_page_stays_within_ten_queries(api, rows, consultant):
    """Issue 20: every page within 10 queries; the case page read its case twice (11)."""
    rows.cases_to(SMALL)
    case = rows.main_case()
    get = _api(api, case.employment_consultant)
    assert count_queries(get(f"/api/cases/{case.pk}/")) <= 10
