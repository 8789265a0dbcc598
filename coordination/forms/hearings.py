"""The service user's answer to a hearing (issue 18; forvaltningsloven § 19)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms.cases import DateInput
from coordination.models import ExtensionGround

ANSWER_MAX = 20000


class HearingAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=ANSWER_MAX,
        help_text=_("Say in your own words what you think of the proposal and of what it "
                    "rests on, and whether something is missing or wrong."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class HearingSendForm(forms.Form):
    """The consultant's hearing on a proposed decision; the service's checks (a date at
    least HEARING_MIN_RESPONSE_DAYS ahead, words in the basis) come back as field errors."""

    proposed_ground = forms.ChoiceField(label=_("Proposed decision"), choices=())
    basis = forms.CharField(
        label=_("What the proposal rests on"), max_length=ANSWER_MAX,
        help_text=_("The information the service user has not seen yet, in words they can "
                    "follow. They read it on their page."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    answer_by = forms.DateField(label=_("The date to answer by"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_ground"].choices = ExtensionGround.choices
