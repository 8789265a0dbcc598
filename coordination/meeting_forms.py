"""Forms of the meeting and plan pages. They parse; the services decide (and refuse)."""
from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.forms import DateInput as IsoDateInput  # ISO value whatever the language
from coordination.models import (
    Attendance,
    GoalCommitment,
    GoalKind,
    GoalStatus,
    MeetingKind,
)

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
        choices=MeetingKind.choices,
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


class GoalForm(forms.Form):
    service_user_words = forms.CharField(
        label=_("In the service user's own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write it as they said it. It is shown to them first."),
    )
    description = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices)
    commitment = forms.ChoiceField(
        label=_("How binding is it?"),
        choices=GoalCommitment.choices,
        initial=GoalCommitment.VOLUNTARY,
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=IsoDateInput()
    )
    owner = forms.ChoiceField(label=_("Who takes care of it"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices,
                               initial=GoalStatus.OPEN)
    plan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, case, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {
            str(person.pk): person
            for person in (case.service_user, case.care_manager, case.employment_consultant)
        }
        self.fields["owner"].choices = [("", _("Nobody in particular"))] + [
            (pk, person.display_name) for pk, person in self.people.items()
        ]
        if new:
            del self.fields["status"]

    def goal_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("plan_version")
        data["owner"] = self.people.get(data.get("owner") or "")
        return data

    @staticmethod
    def initial_for(goal, version) -> dict:
        return {
            "service_user_words": goal.service_user_words,
            "description": goal.description,
            "kind": goal.kind,
            "commitment": goal.commitment,
            "target_date": goal.target_date,
            "owner": str(goal.owner_id) if goal.owner_id else "",
            "status": goal.status,
            "plan_version": version,
        }


class PlanAcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class PlanCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your care manager and employment consultant will read it."),
    )
