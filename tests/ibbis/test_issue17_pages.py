"""Issue 17: the accessibility statement linked from every page; error pages in the product's
look and language."""
import pytest
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_is_public_and_linked_from_every_page(
    client, consultant, service_user
):
    page = client.get("/tilgaengelighed/")
    assert page.status_code == 200
    assert "<h1>Tilgængelighedserklæring</h1>" in page.content.decode()
    assert "Digitaliseringsstyrelsen" in page.content.decode()
    login = client.get("/login/").content.decode()
    assert 'href="/tilgaengelighed/"' in login
    for user, path in ((consultant, "/caseload/"), (service_user, "/my-case/")):
        client.force_login(user)
        assert 'data-testid="accessibility-link"' in client.get(path).content.decode()


def test_a_missing_page_is_the_products_page_in_danish(client, consultant):
    client.force_login(consultant)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Siden findes ikke" in html and "dkfds.min.css" in html
    assert 'data-testid="nav-security"' in html  # the signed-in header is there
    english = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in english


def test_a_forbidden_page_is_the_products_page(client, care_manager):
    client.force_login(care_manager)
    response = client.get("/cases/new/")
    assert response.status_code == 403
    assert "Du har ikke adgang" in response.content.decode()


def test_the_server_error_page_needs_neither_request_context_nor_database():
    from ibbis.views import server_error

    response = server_error(RequestFactory().get("/somewhere/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Noget gik galt" in html and "site.css" in html
    assert "<script" not in html


def test_api_errors_stay_json(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"].startswith(
        "application/json")


def test_signing_out_ends_on_the_login_page_saying_so(client, service_user):
    client.force_login(service_user)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/?signed_out=1"
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="signed-out"' in html and "Du er logget ud" in html
    assert "_auth_user_id" not in client.session
    # Without having signed out, the login page says nothing of the kind.
    assert 'data-testid="signed-out"' not in client.get("/login/").content.decode()


def test_the_lock_out_page_says_how_many_minutes_are_left(client, service_user):
    import time_machine
    from django.utils import timezone

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            response = client.post("/login/", {"username": service_user.username,
                                                "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="locked-out"' in html
    assert "Du kan prøve igen om 15 minutter." in html
    # Another try while locked starts the 15 minutes again (django-axes counts from the
    # latest failure), and the page says so rather than a vague "later".
    assert "prøv igen senere" not in html.lower()


def test_the_design_system_is_served_from_our_own_static_files():
    """DKFDS comes from static/dkfds/ (no CDN), and every file its css and ours refer to is
    there: the production manifest storage fails on a missing one."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    for name in ("dkfds/css/dkfds.min.css", "dkfds/js/dkfds.min.js",
                 "dkfds/img/all-svg-icons.svg", "css/site.css", "js/site.js"):
        assert finders.find(name), name
    for css in ("dkfds/css/dkfds.min.css", "css/site.css"):
        path = Path(finders.find(css))
        text = path.read_text(encoding="utf-8")
        assert "sourceMappingURL" not in text
        for ref in re.findall(r"url\(\s*['\"]?([^'\")?#]+)", text):
            if ref.startswith("data:"):
                continue
            assert not ref.startswith(("http:", "https:", "//")), ref
            assert (path.parent / ref).resolve().is_file(), (css, ref)


def test_every_page_loads_the_design_system_and_no_inline_script(client, service_user):
    client.force_login(service_user)
    html = client.get("/my-case/").content.decode()
    assert '<link rel="stylesheet" href="/static/dkfds/css/dkfds.min.css">' in html
    assert '<script src="/static/dkfds/js/dkfds.min.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html
    assert 'class="button-menu-open js-menu-open' in html or "js-menu-open" in html
