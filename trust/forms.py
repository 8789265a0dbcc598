from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coordination.forms.cases import DateInput as IsoDateInput  # ISO value whatever the language

from .models import ChecklistPhase, NoteScope


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    scope = forms.ChoiceField(
        label=_("Who may read it"),
        choices=NoteScope.choices,
        initial=NoteScope.PRIVATE,
        help_text=_("Each scope is explained below the form."),
    )
    meeting = forms.ChoiceField(label=_("Meeting"), required=False)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [("", _("No meeting"))] + [
            (str(m.pk), str(m)) for m in meetings
        ]

    def clean_meeting(self):
        value = self.cleaned_data.get("meeting")
        return self.meetings.get(value) if value else None


class ConsentGrantForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=IsoDateInput(),
        help_text=_(
            "The consent stops on this day. Leave empty to give consent until you revoke it."
        ),
    )

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be after today."))
        return value


class TemplateItemForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=ChecklistPhase.choices)
    text_da = forms.CharField(label=_("Text in Danish"), required=False, max_length=1000)
    text_en = forms.CharField(label=_("Text in English"), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if bool(data.get("text_da")) != bool(data.get("text_en")):
            raise forms.ValidationError(_("Write the item in both Danish and English."))
        return data


TemplateItemFormSet = forms.formset_factory(TemplateItemForm, extra=3)


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    felt_safe = forms.TypedChoiceField(
        label=_("I felt safe at the meeting"), choices=SCORE_CHOICES, coerce=int,
        widget=forms.RadioSelect,
    )
    felt_heard = forms.TypedChoiceField(
        label=_("I felt heard"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
    )
    understood_next_steps = forms.TypedChoiceField(
        label=_("I understood what happens next"), choices=SCORE_CHOICES, coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RelationalCoordinationForm(forms.Form):
    """Gittell's seven items (trust/models/relational.py) about one colleague, 1-5, each with
    what 1 and 5 mean; the colleagues are those the respondent may still answer about this
    quarter."""

    colleague = forms.ChoiceField(label=_("Colleague"))

    def __init__(self, *args, colleagues, **kwargs):
        from trust.models import DIMENSIONS

        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [("", "—")] + [
            (str(c.pk), f"{c.display_name} ({c.organisation.name})") for c in colleagues
        ]
        for dimension in DIMENSIONS:
            self.fields[dimension.code] = forms.TypedChoiceField(
                label=dimension.question,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=format_lazy(
                    "{}: {} · {}: {}", 1, dimension.low, 5, dimension.high
                ),
            )


class SupervisionForm(forms.Form):
    """Book a shared supervision: when, where, and the colleagues of both organisations."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    participants = forms.MultipleChoiceField(
        label=_("Colleagues"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Professionals of both organisations; no service user takes part."),
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {str(c.pk): c for c in colleagues}
        self.fields["participants"].choices = [
            (pk, f"{c.display_name} ({c.organisation.name})")
            for pk, c in self.colleagues.items()
        ]

    def clean_participants(self):
        return [self.colleagues[pk] for pk in self.cleaned_data["participants"]]
