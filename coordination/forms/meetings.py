"""Forms of the meeting pages. They parse; the services decide (and refuse)."""
from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.forms.cases import DateInput as IsoDateInput  # ISO value whatever the language
from coordination.models import Attendance, MeetingKind
from coordination.models.meetings import CASE_MEETING_KINDS

# Service field names -> the form field that shows the message.
SERVICE_FIELD_TO_FORM = {
    "starts_at": "start_time",
    "ends_at": "end_time",
    "status": "already_held",
    "attendance": None,
    "minutes": "minutes",
}


def show_service_errors(form, message_dict: dict) -> None:
    for field, messages in message_dict.items():
        target = SERVICE_FIELD_TO_FORM.get(field, field)
        if target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, message)


class MeetingTimesForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=IsoDateInput())
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the meeting is for, so everyone can prepare."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return day

    def times(self) -> tuple[datetime, datetime]:
        """The start and end as aware datetimes in the local time zone (Europe/Copenhagen)."""
        day = self.cleaned_data["day"]
        starts_at = timezone.make_aware(datetime.combine(day, self.cleaned_data["start_time"]))
        ends_at = timezone.make_aware(datetime.combine(day, self.cleaned_data["end_time"]))
        return starts_at, ends_at

    @classmethod
    def initial_for(cls, meeting) -> dict:
        start = timezone.localtime(meeting.starts_at)
        return {
            "day": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(meeting.ends_at).time(),
            "location": meeting.location,
            "agenda": meeting.agenda,
        }


class MeetingScheduleForm(MeetingTimesForm):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[(kind, kind.label) for kind in CASE_MEETING_KINDS],
        initial=MeetingKind.ROUNDTABLE,
        help_text=_("A follow-up conversation is the jobcentre's: the care manager is not "
                    "invited."),
    )
    already_held = forms.BooleanField(
        label=_("This meeting has already been held: record it"), required=False
    )
    field_order = ["kind", "day", "start_time", "end_time", "location", "agenda",
                   "already_held"]


class MeetingHeldForm(forms.Form):
    """Attendance per participant and the minutes, when a meeting is recorded as held."""

    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[self.field_name(participant)] = forms.ChoiceField(
                label=_("%(name)s attended") % {"name": participant.user.display_name},
                choices=[(Attendance.ATTENDED, _("Yes")), (Attendance.ABSENT, _("No"))],
                widget=forms.RadioSelect,
                initial=participant.attendance
                if participant.attendance != Attendance.UNKNOWN
                else Attendance.ATTENDED,
            )
        self.order_fields([self.field_name(p) for p in self.participants] + ["minutes"])

    @staticmethod
    def field_name(participant) -> str:
        return f"attendance_{participant.user_id}"

    def attendance(self) -> dict:
        return {
            str(p.user_id): self.cleaned_data[self.field_name(p)] for p in self.participants
        }
