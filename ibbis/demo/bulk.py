"""The demo's one bulk path: plain rows written straight into a model's table (COPY on
PostgreSQL, executemany on SQLite), for `seed_demo` at caseload scale (ibbis/demo/scale.py)
and the small demo's held follow-up history (ibbis/demo/cases.py).

Meetings written here are the rows `coordination.services.meetings.meeting_write` (and so
`meeting_schedule`) writes for the same input: tests/demo/test_bulk.py compares the two
field by field. What the service does beyond the two rows is left to its lazy path or to
the caller: the checklist copy (the checklist pages copy it on first use), invitations
(demo mail is never sent) and the case's recompute (the callers recompute, or compute the
same rows in Python, tests/demo/test_scale.py).
"""
import functools
import uuid

from django.db import connection


def _field(model, column):
    return next(f for f in model._meta.concrete_fields if f.attname == column)


def _sqlite_converter(field):
    """How SQLite stores a value of this field as Django does (uuid hex, ISO dates, naive
    UTC datetimes), or None where sqlite3 takes the Python value as it is."""
    while field.is_relation:
        field = field.target_field
    kind = field.get_internal_type()
    if kind == "UUIDField":
        return lambda value: None if value is None else value.hex
    if kind == "DateField":
        return lambda value: None if value is None else value.isoformat()
    if kind == "DateTimeField":
        adapt = connection.ops.adapt_datetimefield_value
        return functools.lru_cache(maxsize=65536)(adapt)
    return None


class Table:
    """INSERT plain tuples into one model's table: COPY on PostgreSQL, executemany on
    SQLite. `columns` must name every concrete column the table needs (auto ids aside)."""

    def __init__(self, model, columns):
        self.model = model
        fields = [
            f for f in model._meta.concrete_fields
            if not (f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField"))
        ]
        unknown = set(columns) - {f.attname for f in fields}
        # A column not listed takes its model default, the same for every row; one without
        # a usable default (or unique) must be listed.
        rest = [f for f in fields if f.attname not in columns]
        unfit = [f.attname for f in rest
                 if f.unique or not (f.has_default() or f.null)]
        if unknown or unfit:
            raise RuntimeError(
                f"{model.__name__}: bulk columns {sorted(unknown | set(unfit))} do not match "
                "the model; update ibbis/demo/bulk.py"
            )
        self.columns = (*columns, *(f.attname for f in rest))
        self.extra = tuple(f.get_default() for f in rest)

    def write(self, rows):
        if not rows:
            return
        if self.extra:
            rows = [row + self.extra for row in rows]
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        names = ", ".join(quote(c) for c in self.columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        converters = [
            (index, converter) for index, column in enumerate(self.columns)
            if (converter := _sqlite_converter(_field(self.model, column))) is not None
        ]

        def converted(row):
            row = list(row)
            for index, convert in converters:
                if row[index] is not None:
                    row[index] = convert(row[index])
            return row

        placeholders = ", ".join("?" for _ in self.columns)
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})", map(converted, rows)
            )
        finally:
            cursor.close()


def meeting_tables() -> dict:
    from coordination.models import Meeting, MeetingParticipant

    return {
        "meetings": Table(Meeting, (
            "id", "case_id", "kind", "starts_at", "ends_at", "location", "agenda", "status",
            "minutes", "ical_uid", "sequence", "organizer_id", "mailed_sequence",
            "created_at", "updated_at")),
        "participants": Table(MeetingParticipant, (
            "meeting_id", "user_id", "role", "attendance", "starts_at", "ends_at",
            "cancelled")),
    }


def meeting_invitees(kind, *, service_user_id, care_manager_id, consultant_id):
    """(role, user id) as coordination.services.meetings.meeting_invitees gives them: a
    follow-up conversation is the jobcentre's, so it has no care manager."""
    invitees = [("service_user", service_user_id)]
    if kind == "roundtable":
        invitees.append(("care_manager", care_manager_id))
    invitees.append(("employment_consultant", consultant_id))
    return invitees


def meeting_rows(
    *, case_id, kind, starts_at, ends_at, organizer_id, invitees, now, location="",
    agenda="", status="scheduled", minutes="", attendance="unknown", mailed_sequence=None,
):
    """One meeting's row and its participants' rows (for `meeting_tables`), as
    meeting_write stores them: `invitees` from `meeting_invitees`, SEQUENCE 0, a fresh
    UID, a participant cancelled only with a cancelled meeting. Returns (meeting row,
    participant rows)."""
    meeting_id = uuid.uuid4()
    meeting = (
        meeting_id, case_id, kind, starts_at, ends_at, location, agenda, status, minutes,
        uuid.uuid4(), 0, organizer_id, mailed_sequence, now, now,
    )
    participants = [
        (meeting_id, user_id, role, attendance, starts_at, ends_at, status == "cancelled")
        for role, user_id in invitees
    ]
    return meeting, participants
