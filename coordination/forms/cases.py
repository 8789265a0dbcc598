"""Page forms. They parse input only; the rules live in the services they feed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ibbis.accounts.models import Role, User

from ..models import AbsenceKind, CaseStatus, Diagnosis, Employment, ExtensionGround


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names; the rest on the form.
    Dates in the messages read as people read them (coordination.dates)."""
    from coordination.dates import people_message_dict

    for name, messages in people_message_dict(error).items():
        form.add_error(name if name in form.fields else None, messages)


class CaseloadFilterForm(forms.Form):
    """The caseload's filters: GET parameters, so a filtered list is a shareable URL."""

    WINDOWS = [
        ("", _("Any time")),
        ("7", _("Next 7 days")),
        ("28", _("Next 28 days")),
        ("overdue", _("Overdue")),
    ]

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + CaseStatus.choices
    )
    due = forms.ChoiceField(label=_("Next deadline"), required=False, choices=WINDOWS)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Names repeat (issue 17: a list of 90 with duplicates); the e-mail tells them apart.
        if obj.email:
            return f"{obj.display_name} ({obj.email}, {obj.username})"
        return f"{obj.display_name} ({obj.username})"


class CaseOpenForm(forms.Form):
    service_user = UserChoiceField(label=_("Service user"), queryset=User.objects.none())
    care_manager = UserChoiceField(label=_("Care manager"), queryset=User.objects.none())
    employment_consultant = UserChoiceField(
        label=_("Employment consultant"), queryset=User.objects.none()
    )
    first_absence_day = forms.DateField(label=_("First absence day"), widget=DateInput())
    referral_date = forms.DateField(label=_("Referral date"), widget=DateInput())
    diagnosis = forms.ChoiceField(label=_("Diagnosis"), choices=Diagnosis.choices)
    employment = forms.ChoiceField(
        label=_("Employment"), choices=Employment.choices, initial=Employment.EMPLOYEE
    )
    pensioner = forms.BooleanField(
        label=_("Receives a pension or has reached the state pension age (§ 25: 26 weeks "
                "in 12 months)"),
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        active = User.objects.filter(is_active=True)
        self.fields["service_user"].queryset = active.filter(role=Role.SERVICE_USER)
        self.fields["care_manager"].queryset = active.filter(
            role=Role.CARE_MANAGER
        ).select_related("organisation")
        if actor.role == Role.EMPLOYMENT_CONSULTANT:
            # A consultant opens cases for themselves; a jobcentre manager assigns one.
            del self.fields["employment_consultant"]
        else:
            self.fields["employment_consultant"].queryset = active.filter(
                role=Role.EMPLOYMENT_CONSULTANT, organisation_id=actor.organisation_id
            )


class AbsenceForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the absence is ongoing."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AbsenceKind.choices)


class ExtensionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground"), choices=ExtensionGround.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    medical_evidence = forms.BooleanField(
        label=_("Medical evidence is on file (a doctor's assessment)"), required=False
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty when the ground has no fixed end."),
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this ground applies, in words the service user can follow."),
    )
    # Issue 14: the hearing (forvaltningsloven § 19) before a decision that stops or lowers
    # benefit; asked for with `none`, optional, checked by benefit_rules.check_hearing.
    hearing_sent_on = forms.DateField(
        label=_("Hearing letter sent on"), required=False, widget=DateInput(),
        help_text=_("Before a decision that no ground applies: the day the information it "
                    "builds on was sent to the service user."),
    )
    hearing_response_by = forms.DateField(
        label=_("Answer due by"), required=False, widget=DateInput(),
        help_text=_("Empty: 14 days after the letter."),
    )
    hearing_response_on = forms.DateField(
        label=_("Answer received on"), required=False, widget=DateInput()
    )
    hearing_response = forms.CharField(
        label=_("The service user's answer"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    """The follow-up facts the employment consultant records (sygedagpengeloven § 13 b)."""

    expected_return_date = forms.DateField(
        label=_("Expected return to work"),
        required=False,
        widget=DateInput(),
        help_text=_("Decides which follow-up conversations the law requires. Leave empty "
                    "when not known."),
    )
    follow_up_agreed_on = forms.DateField(
        label=_("Next follow-up conversation agreed for"),
        required=False,
        widget=DateInput(),
        help_text=_("After the first six months, follow-up is as agreed with the person."),
    )


class HandoverForm(forms.Form):
    """Hand one role of the case over within its holder's organisation (API.md, handover)."""

    to_user = UserChoiceField(label=_("New employment consultant"), queryset=User.objects.none())

    def __init__(self, *args, case, role=Role.EMPLOYMENT_CONSULTANT, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role  # posted as a plain hidden input beside the form's fields
        holder = getattr(case, role)
        if role == Role.CARE_MANAGER:
            self.fields["to_user"].label = _("New care manager")
        # Only people of the current holder's organisation are offered; the service checks
        # it again (other_organisation) for a hand-written POST.
        self.fields["to_user"].queryset = User.objects.filter(
            is_active=True, role=role, organisation_id=holder.organisation_id,
        ).exclude(pk=holder.pk)
