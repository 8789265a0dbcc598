"""The service user's choice of reminders (issue 18)."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

# A Danish number (8 digits) or an international one: + and 8 to 15 digits, spaces allowed.
PHONE = re.compile(r"^\+?[0-9]{8,15}$")


class ReminderPreferenceForm(forms.Form):
    by_email = forms.BooleanField(label=_("By e-mail"), required=False)
    by_sms = forms.BooleanField(label=_("By text message (SMS)"), required=False)
    phone = forms.CharField(
        label=_("Mobile number"), required=False, max_length=30,
        help_text=_("Only needed for text messages. For example 20 30 40 50."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data.get("phone", ""))
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write the number with 8 to 15 digits."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("by_sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Write the mobile number the text messages go to."))
        return data
