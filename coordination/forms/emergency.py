"""The page form of emergency access (break the glass; issue 19). It parses input only: the
rules (who, how long, the reason's length) live in coordination.services.emergency."""
import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coordination.services.emergency import MAX_REASON_LENGTH, MIN_REASON_LENGTH

_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                   r"[0-9a-fA-F]{12}")


def case_reference(text) -> uuid.UUID | None:
    """The case id in what was typed or pasted: the bare reference or the case's address."""
    found = _UUID.search(str(text or ""))
    return uuid.UUID(found.group(0)) if found else None


class EmergencyAccessForm(forms.Form):
    case = forms.CharField(
        label=_("Case reference"), max_length=300,
        help_text=_("The reference in the case's address (…/cases/<reference>/), or the whole "
                    "address."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH, strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you need to read the case now, in at least %(n)d characters. The "
                    "service user and your manager read this.") % {"n": MIN_REASON_LENGTH},
    )

    def clean_case(self):
        reference = case_reference(self.cleaned_data["case"])
        if reference is None:
            raise ValidationError(_("Enter the case's reference or address."))
        return reference
