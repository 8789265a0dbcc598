"""Dates and times as people read them (issue 17): `1. december 2026` in Danish, `1 December
2026` in English, always on the Europe/Copenhagen clock (settings.TIME_ZONE), never UTC."""
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


def _for_people(error: ValidationError) -> str:
    if not error.params:
        return str(error.message)
    params = {
        key: (human_datetime(value) if isinstance(value, datetime)
              else human_date(value) if isinstance(value, date) else value)
        for key, value in error.params.items()
    }
    return str(error.message % params)


def people_message_dict(error: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as the pages show it. Services pass dates as `params`
    (ValidationError(message, params={"start": day})), so the API's `message_dict` formats
    them as ISO dates (str(date), API.md: dates YYYY-MM-DD) while a page reads
    `1. december 2026` / `1 December 2026`."""
    if hasattr(error, "error_dict"):
        return {
            field: [_for_people(e) for e in errors] for field, errors in error.error_dict.items()
        }
    return {NON_FIELD_ERRORS: [_for_people(e) for e in error.error_list]}
