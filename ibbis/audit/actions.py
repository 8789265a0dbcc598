"""The access log's action codes (issue 16): the one registry of what a read is called,
with the words the service user reads on "who has looked at my case" (English here, Danish in
locale/da). Every writer passes a member (ibbis.audit.services.access_log_record refuses any
other code), so no code reaches the log without a label; tests/security/test_reads_and_leaks.py
holds every member to a translated label and every call site to a member.

It lives in the audit app, below coordination and trust, because every app writes the log
(issue 16, item 6).

The string values are stored in AccessLogEntry.action and answered by the API: never change
one; add a member for a new kind of read."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    CASE_VIEWED = "case.viewed", _("Read your case")
    CASELOAD_VIEWED = "caseload.viewed", _("Saw your case in a caseload overview")
    NOTES_LISTED = "notes.listed", _("Read the notes on your case")
    NOTE_VIEWED = "note.viewed", _("Read a note")
    PLAN_VIEWED = "plan.viewed", _("Read your plan")
    PLAN_HISTORY_VIEWED = "plan.history_viewed", _("Read your plan's history")
    MEETINGS_LISTED = "meetings.listed", _("Read your meetings")
    MEETING_VIEWED = "meeting.viewed", _("Read a meeting")
    MEETING_CHECKLIST_VIEWED = "meeting_checklist.viewed", _("Read a meeting's checklist")
    EXPORT_DOWNLOADED = "export.downloaded", _("Downloaded your data")
    FHIR_EXPORTED = "fhir.exported", _("Exported your case to another system")
    CASES_LISTED = "cases.listed", _("Saw your case in a list of cases")
    DEADLINES_LISTED = "deadlines.listed", _("Read your deadlines")
    NOTIFICATIONS_LISTED = "notifications.listed", _("Saw your name in a notification")
    MEETING_FORM_VIEWED = "meeting.form_viewed", _("Opened the form to book a meeting with you")
    CONSENTS_LISTED = "consents.listed", _("Read your consents")
    ACCESS_LOG_VIEWED = "access_log.viewed", _("Read who has looked at your case")
    ABSENCES_LISTED = "absences.listed", _("Read your absence periods")
    DECISIONS_LISTED = "decisions.listed", _("Read the decisions on your case")
    MEETINGS_FEED_READ = "meetings.feed_read", _(
        "The times of your meetings went to a professional's calendar")
    MEETING_CALENDAR_DOWNLOADED = "meeting.calendar_downloaded", _(
        "Downloaded a meeting to a calendar")
    PLAN_COMMENTS_VIEWED = "plan.comments_viewed", _("Read your comments on the plan")
    CERTIFICATES_LISTED = "certificates.listed", _(
        "Read the requests for medical certificates on your case")
    TRANSFER_REQUESTS_LISTED = "transfer_requests.listed", _(
        "Read the requests to move your case to another organisation")
    WAITING_LISTED = "waiting.listed", _("Read your waiting time for hospital treatment")
    MEETING_PREVIEW_VIEWED = "meeting.preview_viewed", _(
        "Read what each side will have in front of them at a meeting")
    AGENDA_ITEMS_LISTED = "agenda_items.listed", _("Read the agenda items of a meeting")
    MINUTES_RESPONSES_LISTED = "minutes_responses.listed", _(
        "Read your responses to a meeting's minutes")
    PLAN_PRINTED = "plan.printed", _("Opened your plan to print it or save it as a PDF")
    MEETING_MINUTES_PRINTED = "meeting.minutes_printed", _(
        "Opened the minutes of a meeting to print them or save them as a PDF")
    HEARINGS_LISTED = "hearings.listed", _(
        "Read the hearings on a proposed decision on your case")
    HEARING_VIEWED = "hearing.viewed", _("Read a hearing on a proposed decision")
    # A companion the service user brought to a meeting (issue 18): the grant, its end and
    # each of their reads.
    COMPANION_GRANTED = "companion.granted", _("Was given access to a meeting by you")
    COMPANION_REVOKED = "companion.revoked", _("Lost access to a meeting")
    COMPANION_MEETING_VIEWED = "companion.meeting_viewed", _(
        "Read the meeting they were invited to")
    COMPANION_AGENDA_VIEWED = "companion.agenda_viewed", _(
        "Read the agenda of the meeting they were invited to")
    COMPANION_PLAN_VIEWED = "companion.plan_viewed", _("Read your plan")


def access_action_label(code: str) -> str:
    """The words for a stored code; an unknown (older) code is shown as it is."""
    try:
        return AccessAction(code).label
    except ValueError:
        return code
