"""Issue 20: search by name over the folded `search_name` (ibbis/accounts/names.py), case-
and accent-insensitive with Danish æ/ø/å, on the caseload and in the new-case form, scoped
by for_user; on PostgreSQL through the pg_trgm GIN index (marker `postgres`)."""

import pytest
from django.db import connection

from coordination.caseload import name_matches
from ibbis.accounts.models import User
from ibbis.accounts.names import name_fold
from tests import factories

from .test_caseload_search import a_case, row_names, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "stored"), [
    ("Østergaard", "ostergaard"), ("østergård", "ostergaard"), ("ØSTERGÅRD", "ostergaard"),
    ("Oestergaard", "ostergaard"), ("Søren", "soren"), ("Soeren", "soren"), ("Åse", "aase"),
    ("Ærø", "aero"), ("José Müller", "jose muller"), ("Kvistgaard-Ølholm", "kvistgaard olholm"),
    ("  Anna\tJENSEN ", "anna jensen"), ("%_", ""),
])
def test_names_and_searches_fold_alike(typed, stored):
    assert name_fold(typed) == stored


def test_the_folded_name_follows_every_save_and_is_emptied_with_the_names():
    person = factories.ServiceUserFactory(first_name="Søren", last_name="Østergård")
    assert User.objects.get(pk=person.pk).search_name == "soren ostergaard"
    person.last_name = "Ågård"
    person.save(update_fields=["last_name"])
    assert User.objects.get(pk=person.pk).search_name == "soren aagaard"
    person.first_name = person.last_name = ""
    person.save(update_fields=["first_name", "last_name"])
    assert User.objects.get(pk=person.pk).search_name == ""


@pytest.mark.parametrize("typed", [
    "østergaard", "ØSTERGÅRD", "oestergaard", "Ostergaard", "ostergård", "anna øster",
    "ANNA", "gård",
])
def test_the_caseload_finds_danish_names_however_they_are_typed(care_manager, typed):
    a_case(care_manager, "Anna", "Østergaard")
    a_case(care_manager, "Bo", "Andersen")
    html = signed_in(care_manager).get("/caseload/", {"q": typed}).content.decode()
    assert row_names(html) == ["Anna Østergaard"]


def test_å_and_aa_find_each_other(care_manager):
    """The choice made in ibbis/accounts/names.py: å is folded to "aa" on both sides."""
    a_case(care_manager, "Åse", "Holm")
    a_case(care_manager, "Aase", "Berg")
    a_case(care_manager, "Asta", "Bro")
    client = signed_in(care_manager)
    for typed in ("åse", "aase", "ÅSE"):
        html = client.get("/caseload/", {"q": typed}).content.decode()
        assert sorted(row_names(html)) == ["Aase Berg", "Åse Holm"], typed


def test_the_search_stays_within_what_the_user_may_see(care_manager, other_professional):
    a_case(other_professional, "Søren", "Fremmed")
    mine = a_case(care_manager, "Søren", "Egen")
    html = signed_in(care_manager).get("/caseload/", {"q": "soeren"}).content.decode()
    assert row_names(html) == [mine.service_user.display_name]


def test_the_new_case_form_finds_a_service_user_by_a_folded_name(consultant):
    factories.ServiceUserFactory(first_name="Ærling", last_name="Møller")
    factories.ServiceUserFactory(first_name="Bo", last_name="Andersen")
    html = signed_in(consultant).get("/cases/new/", {"q": "aerling moeller"}).content
    assert "Ærling Møller" in html.decode() and "Bo Andersen" not in html.decode()


@pytest.mark.postgres
def test_postgresql_reads_the_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    for first, last in [("Anna", "Østergaard"), ("Bo", "Andersen"), ("Søren", "Kirkegård")]:
        factories.ServiceUserFactory(first_name=first, last_name=last)
    found = User.objects.filter(name_matches("kirkegaard"))
    assert [u.last_name for u in found] == ["Kirkegård"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = found.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_search_name_trgm" in plan, plan
