"""Dates and times as people read them (issue 17): `1. december 2026` in Danish, `1 December
2026` in English, always on the Europe/Copenhagen clock (settings.TIME_ZONE), never UTC."""
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language


def _date_pattern() -> str:
    return "j. F Y" if (get_language() or "da").startswith("da") else "j F Y"


def human_date(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    elif not isinstance(value, date):
        return str(value)
    return formats.date_format(value, _date_pattern())


def human_datetime(value) -> str:
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{formats.date_format(local, _date_pattern())} {local:%H:%M}"
