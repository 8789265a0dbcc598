"""Forms of the shared plan's pages. They parse; the services decide (and refuse)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms.cases import DateInput as IsoDateInput  # ISO value whatever the language
from coordination.models import GoalCommitment, GoalKind, GoalStatus


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
