"""Filters that keep codes and machine timestamps away from people (issue 17).

`{{ value|human_date }}`, `{{ value|human_datetime }}` (coordination/dates.py);
`{{ "2026-12-01T09:00:00.123456+00:00"|human_when }}` reads an ISO string from the data
export as `1. december 2026 10:00`; `{{ "care_manager"|code_label }}` gives the label the
product uses for a stored code (role, status, kind, scope, ...), or the code itself when it
knows none; `{{ "case.viewed"|access_action }}` the words for an access-log action
(ibbis/audit/actions.py).
"""
from functools import cache

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from coordination import dates
from ibbis.audit.actions import access_action_label

register = template.Library()
register.filter("human_date", dates.human_date)
register.filter("human_datetime", dates.human_datetime)
register.filter("access_action", access_action_label)


@register.filter
def human_when(value):
    if not isinstance(value, str):
        return dates.human_datetime(value) if hasattr(value, "hour") else dates.human_date(value)
    if "T" in value or " " in value.strip():
        moment = parse_datetime(value)
        if moment is not None:
            return dates.human_datetime(moment)
    day = parse_date(value) if value else None
    return dates.human_date(day) if day is not None else value


# Choices of the apps above coordination whose codes pages show (trust's note scopes), added
# by their AppConfig.ready() so this module imports no higher app (issue 16, item 6).
_more_choices: list = []


def register_code_labels(choices) -> None:
    """Let `code_label` name the codes of `choices` (a TextChoices class). Call it from an
    AppConfig.ready(), before the first page is rendered."""
    _more_choices.append(choices)
    _labels.cache_clear()


@cache
def _labels() -> dict:
    from coordination.models import (
        AbsenceKind,
        Attendance,
        CaseStatus,
        DeadlineKind,
        DeadlineStatus,
        Diagnosis,
        Employment,
        GoalCommitment,
        GoalKind,
        GoalStatus,
        MeetingKind,
        MeetingStatus,
        MinutesResponseKind,
        ReplyAnswer,
    )
    from ibbis.accounts.models import Role

    labels = {"goal_added": _("goal added"), "goal_changed": _("goal changed")}
    for choices in (Role, CaseStatus, DeadlineKind, DeadlineStatus, AbsenceKind, MeetingKind,
                    MeetingStatus, GoalKind, GoalStatus, GoalCommitment, Attendance, Diagnosis,
                    Employment, MinutesResponseKind, ReplyAnswer, *_more_choices):
        for code, label in choices.choices:
            labels.setdefault(code, label)
    return labels


@register.filter
def code_label(value):
    if value in (None, ""):
        return value
    return _labels().get(str(value), value)
