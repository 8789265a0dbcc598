"""Forms of the service user's voice at a meeting (issue 18): reply, agenda item, response
to the minutes. The API's limits apply here too."""
from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import NEEDS_TEXT, MinutesResponseKind, ReplyAnswer

COMMENT_MAX = 2000
TEXT_MAX = 4000


class ReplyForm(forms.Form):
    # The answer comes from the button pressed (coming / cannot come / another time).
    answer = forms.ChoiceField(choices=ReplyAnswer.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("A comment, or the time that suits you better"), required=False,
        max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaItemForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to talk about?"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MinutesResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your response to the minutes"),
        choices=[
            (MinutesResponseKind.APPROVE, _("I approve the minutes")),
            (MinutesResponseKind.COMMENT, _("I have a comment")),
            (MinutesResponseKind.DISSENT, _("I disagree with the minutes")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your words"), required=False, max_length=TEXT_MAX,
        help_text=_("Needed if you comment or disagree."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    minutes_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") in NEEDS_TEXT and not cleaned.get("text", "").strip():
            self.add_error("text", _("Please say in a few words what you comment on or "
                                     "disagree with."))
        return cleaned


class CompanionInviteForm(forms.Form):
    """A companion at the meeting (issue 18): who, how they know the service user, where to
    send the link."""

    name = forms.CharField(label=_("Their name"), max_length=150)
    relation = forms.CharField(
        label=_("How you know them"), max_length=100,
        help_text=_("For example: my sister, a friend, my union representative."),
    )
    email = forms.EmailField(
        label=_("Their e-mail address"), max_length=254,
        help_text=_("We send them a link to sign in. The mail says nothing about you or "
                    "your case."),
    )
