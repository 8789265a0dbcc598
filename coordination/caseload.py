"""Search and sorting of the professional's caseload (issue 17: "search by name on the
caseload ... sortable columns"), apart from the views so the caseload page and the new-case
form share one name search.

Sorting is a GET parameter `sort` read against a whitelist (SORTS): anything else falls back
to the default order, so a hand-written URL can never order by an arbitrary column. A
leading "-" reverses. Every order ends in `created_at, pk`, so pages never overlap."""
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ibbis.accounts.names import name_fold

# The order of the page before it could be sorted: the next deadline first.
DEFAULT_SORT = "due"


def _asc(field):
    return F(field).asc(nulls_last=True)


def _desc(field):
    return F(field).desc(nulls_last=True)


SORTS = {
    "name": [_asc("service_user__last_name"), _asc("service_user__first_name")],
    "-name": [_desc("service_user__last_name"), _desc("service_user__first_name")],
    # The week-22 countdown runs towards the reassessment date: soonest first.
    "reassessment": [_asc("reassessment_date")],
    "-reassessment": [_desc("reassessment_date")],
    "due": [_asc("next_deadline_due")],
    "-due": [_desc("next_deadline_due")],
}

# Captions of the table, one per sort key (a screen reader hears how the rows are ordered).
SORT_CAPTIONS = {
    "name": _("Cases sorted by name, A to Z"),
    "-name": _("Cases sorted by name, Z to A"),
    "reassessment": _("Cases sorted by reassessment date, soonest first"),
    "-reassessment": _("Cases sorted by reassessment date, latest first"),
    "due": _("Cases sorted by next deadline, soonest first"),
    "-due": _("Cases sorted by next deadline, latest first"),
}

# The same orders as a select in the search form: on a phone the table's headings are
# folded into each row (DKFDS responsive table), so the heading links are not there to tap.
SORT_OPTIONS = {
    "due": _("Next deadline, soonest first"),
    "-due": _("Next deadline, latest first"),
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "reassessment": _("Reassessment date, soonest first"),
    "-reassessment": _("Reassessment date, latest first"),
}

SEARCH_MAX_LENGTH = 100


def caseload_sort(value) -> str:
    """The whitelisted sort key asked for, else the default."""
    return value if value in SORTS else DEFAULT_SORT


def caseload_order_by(sort: str) -> list:
    return [*SORTS[caseload_sort(sort)], "created_at", "pk"]


def name_matches(search: str, prefix: str = "") -> Q:
    """Every word of `search` in the name, case- and accent-insensitive with Danish æ/ø/å
    (ibbis/accounts/names.py: "østergård" and "oestergaard" find Østergaard): "anna jen"
    finds Anna Jensen. Reads the folded `search_name`, trigram-indexed on PostgreSQL.
    An empty search matches everyone."""
    words = name_fold(search).split()[:5]
    if not words and (search or "").strip():
        return Q(**{f"{prefix}pk__in": []})  # only signs such as "%": no name has them
    condition = Q()
    for word in words:
        condition &= Q(**{f"{prefix}search_name__contains": word})
    return condition


@dataclass(frozen=True)
class SortHeader:
    """One sortable column heading: the sort its link asks for and its aria-sort value."""

    key: str
    label: str
    next_sort: str
    aria_sort: str | None


def sort_headers(current: str, columns: dict[str, str]) -> dict[str, SortHeader]:
    """Headings for `columns` ({key: label}): the active column's link reverses it; another
    column's link sorts by it ascending."""
    current = caseload_sort(current)
    headers = {}
    for key, label in columns.items():
        if current == key:
            headers[key] = SortHeader(key, label, f"-{key}", "ascending")
        elif current == f"-{key}":
            headers[key] = SortHeader(key, label, key, "descending")
        else:
            headers[key] = SortHeader(key, label, key, None)
    return headers


def caseload_sort_context(sort: str) -> dict:
    """What the caseload template needs to draw its sortable headings."""
    sort = caseload_sort(sort)
    return {
        "sort": sort,
        "sort_caption": SORT_CAPTIONS[sort],
        "sort_options": list(SORT_OPTIONS.items()),
        "sort_headers": sort_headers(sort, {
            "name": _("Service user"),
            "reassessment": _("Week 22 countdown"),
            "due": _("Due"),
        }),
    }
