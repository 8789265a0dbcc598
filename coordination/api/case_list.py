"""The case list's rows (GET /api/cases/): read as plain values, not model instances, at
caseload scale (issue 9, docs/benchmarks.md); exactly what CaseListSerializer gives
(tests/perf/test_case_list_rows.py)."""
from django.core.exceptions import EmptyResultSet
from django.db import connection
from rest_framework.fields import DecimalField

from coordination.benefit_rules import Absence, rules_for
from coordination.models import AbsencePeriod
from ibbis.accounts.models import User

PEOPLE = ("service_user", "care_manager", "employment_consultant")
LIST_COLUMNS = (
    "id", "first_absence_day", "referral_date", "diagnosis", "employment", "closed_on",
    "status", "reassessment_date", "next_follow_up_due", "next_deadline_due",
    *(f"{person}_id" for person in PEOPLE),
)
_WEEKS = DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)


def _iso(day):
    return None if day is None else day.isoformat()


def _person(pk, first, last, username, role, organisation) -> dict:
    return {"id": str(pk), "name": f"{first} {last}".strip() or username, "role": role,
            "organisation": organisation}


def _row(case_id, first_day, referral, diagnosis, employment, closed_on, status, reassessment,
         follow_up, next_due, people, absences, today) -> dict:
    weeks = rules_for(today).benefit_weeks_used(absences, employment, today)
    service_user, care_manager, consultant = people
    return {
        "id": str(case_id), "service_user": service_user, "care_manager": care_manager,
        "employment_consultant": consultant,
        "first_absence_day": _iso(first_day), "referral_date": _iso(referral),
        "diagnosis": diagnosis, "employment": employment, "closed_on": _iso(closed_on),
        "status": status, "benefit_weeks_used": _WEEKS.to_representation(weeks),
        "reassessment_date": _iso(reassessment), "next_follow_up_due": _iso(follow_up),
        "next_deadline_due": _iso(next_due),
    }


def case_list_rows(page, today) -> list[dict]:
    """The list's rows (CaseListSerializer's fields) from values_list(*LIST_COLUMNS) rows:
    the page's people and absences in one query each (joining the people into the page's
    query cost more to plan than to run), and the weeks used today. The portable path;
    PostgreSQL reads all of it in one query (case_list_rows_pg)."""
    people = {
        pk: _person(pk, first, last, username, role, organisation)
        for pk, first, last, username, role, organisation in User.objects.filter(
            pk__in={pk for row in page for pk in row[10:13]}
        ).order_by().values_list(
            "id", "first_name", "last_name", "username", "role", "organisation__name")
    }
    absences = {}
    for case_id, start, end, kind in (
        AbsencePeriod.objects.filter(case_id__in=[row[0] for row in page])
        .order_by("start").values_list("case_id", "start", "end", "kind")
    ):
        absences.setdefault(case_id, []).append(Absence(start=start, end=end, kind=kind))
    return [
        _row(*row[:10], [people[pk] for pk in row[10:13]], absences.get(row[0], []), today)
        for row in page
    ]


# PostgreSQL: the page's ids in their order (Django's SQL for the sliced, filtered `for_user`
# queryset, so visibility, filters and ordering are exactly the ORM's), then each case with
# its three people, their organisations and its absences in the same statement. The ids
# come through ARRAY(...) WITH ORDINALITY, so the page keeps its order; the organisations
# are scalar subqueries, as joining them made the plan cost more than its execution.
# The subquery runs only for a person who has an organisation: a service user has none (the
# accounts' check constraint), and the 50 empty lookups were a quarter of the page's query
# at 1,000,000 cases (issue 20).
_PERSON_COLUMNS = ", ".join(
    f"{alias}.id::text, {alias}.first_name, {alias}.last_name, {alias}.username, {alias}.role, "
    f"CASE WHEN {alias}.organisation_id IS NULL THEN NULL ELSE "
    f"(SELECT o.name FROM accounts_organisation o WHERE o.id = {alias}.organisation_id) END"
    for alias in ("su", "cm", "ec")
)
_PAGE_SQL = f"""
SELECT c.id::text, c.first_absence_day, c.referral_date, c.diagnosis, c.employment,
       c.closed_on, c.status, c.reassessment_date, c.next_follow_up_due, c.next_deadline_due,
       {_PERSON_COLUMNS}, a.starts, a.ends, a.kinds
FROM unnest(ARRAY({{ids}})) WITH ORDINALITY AS page (id, n)
JOIN coordination_case c ON c.id = page.id
JOIN accounts_user su ON su.id = c.service_user_id
JOIN accounts_user cm ON cm.id = c.care_manager_id
JOIN accounts_user ec ON ec.id = c.employment_consultant_id
LEFT JOIN LATERAL (
    SELECT array_agg(ap.start ORDER BY ap.start, ap.id) AS starts,
           array_agg(ap."end" ORDER BY ap.start, ap.id) AS ends,
           array_agg(ap.kind ORDER BY ap.start, ap.id) AS kinds
    FROM coordination_absenceperiod ap WHERE ap.case_id = c.id
) a ON TRUE
ORDER BY page.n
"""


def case_list_rows_pg(cases, today) -> list[dict]:
    """case_list_rows for the (sliced) `cases` queryset, in one query on PostgreSQL."""
    try:
        ids_sql, params = cases.values("pk").query.sql_with_params()
    except EmptyResultSet:  # for_user's none(), or a filter that can match nothing
        return []
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL.format(ids=ids_sql), params)
        fetched = cursor.fetchall()
    people = {}
    rows = []
    for row in fetched:
        team = []
        for at in (10, 16, 22):
            person = people.get(row[at])
            if person is None:
                person = people[row[at]] = _person(*row[at:at + 6])
            team.append(person)
        starts, ends, kinds = row[28:31]
        absences = [Absence(start=start, end=end, kind=kind)
                    for start, end, kind in zip(starts, ends, kinds, strict=True)
                    ] if starts else []
        rows.append(_row(*row[:10], team, absences, today))
    return rows


class ListPage:
    """What the paginator pages through: counts the queryset; a slice is the rows of that
    page, read as case_list_rows_pg or case_list_rows (the portable path) does."""

    def __init__(self, cases, today):
        self.cases = cases
        self.today = today
        self.ordered = cases.ordered

    def count(self):
        return self.cases.count()

    def __getitem__(self, key):
        page = self.cases[key]
        if connection.vendor == "postgresql":
            return case_list_rows_pg(page, self.today)
        return case_list_rows(list(page.values_list(*LIST_COLUMNS)), self.today)
