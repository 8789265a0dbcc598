"""The service user's answer to a hearing (issue 18; forvaltningsloven § 19)."""
from django import forms
from django.utils.translation import gettext_lazy as _

ANSWER_MAX = 20000


class HearingAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=ANSWER_MAX,
        help_text=_("Say in your own words what you think of the proposal and of what it "
                    "rests on, and whether something is missing or wrong."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
