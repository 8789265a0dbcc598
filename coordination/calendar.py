"""A meeting as an RFC 5545 calendar object, built with the icalendar library.

The UID is the meeting's `ical_uid` and never changes; SEQUENCE is the meeting's `sequence`,
raised by every reschedule or cancellation, so calendar programs replace the older copy.
Times are written in Europe/Copenhagen with the VTIMEZONE that defines it.
"""
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Meeting, MeetingStatus

PRODID = "-//IBBIS Coordination//Meetings//EN"
PARTSTAT = {"attended": "ACCEPTED", "absent": "DECLINED"}


def _address(user) -> icalendar.vCalAddress:
    # An account without an e-mail address is still a participant; a URN keeps it addressable.
    uri = f"mailto:{user.email}" if user.email else f"urn:uuid:{user.pk}"
    address = icalendar.vCalAddress(uri)
    address.params["CN"] = icalendar.vText(user.display_name)
    return address


def meeting_summary(meeting: Meeting) -> str:
    return _("%(kind)s (IBBIS)") % {"kind": meeting.get_kind_display()}


def ics(events, *, method: str | None = None, name: str | None = None) -> bytes:
    """The one .ics builder (the single meeting's file and the feed): a VCALENDAR of
    `events` with the VTIMEZONE their times need; `method` for an invitation (RFC 5546),
    `name` the calendar's name in a subscribing program."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_calendar(meeting: Meeting) -> bytes:
    """The .ics of one meeting: METHOD:REQUEST while it stands, METHOD:CANCEL once cancelled.
    Expects `participants__user` and `organizer` loaded (or loads them)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    return ics([meeting_event(meeting)], method="CANCEL" if cancelled else "REQUEST")


def meeting_event(meeting: Meeting, *, with_attendees: bool = True) -> icalendar.Event:
    """One meeting as a VEVENT (shared by the single .ics and the calendar feed).

    No agenda, minutes, diagnosis or note text (DOMAIN.md, Note scopes): a calendar object
    is mailed as an invitation and copied to outside calendar services, so it says when and
    where, and the meeting page has the rest. The feed (`with_attendees=False`) names no one:
    it is copied to the subscriber's calendar service at every poll."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event = icalendar.Event()
    event.add("uid", f"{meeting.ical_uid}@ibbis")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting_summary(meeting))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.organizer_id:
        event.add("organizer", _address(meeting.organizer))
    for participant in meeting.participants.all() if with_attendees else ():
        attendee = _address(participant.user)
        # Everyone on the case is needed at the table; none is optional.
        attendee.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["CUTYPE"] = icalendar.vText("INDIVIDUAL")
        attendee.params["PARTSTAT"] = icalendar.vText(
            PARTSTAT.get(participant.attendance, "NEEDS-ACTION")
        )
        event.add("attendee", attendee, encode=0)
    return event


def meeting_calendar_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE)):%Y%m%d-%H%M}.ics"


def calendar_response(meeting: Meeting) -> HttpResponse:
    """The meeting as a downloadable .ics (the page and the API send the same file)."""
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting_calendar_filename(meeting)}"'
    return response
