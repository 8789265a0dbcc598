from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import two_factor
from .models import AuthEventKind

PASSWORD_LOGIN_DISABLED = "password_login_disabled"


class PasswordSignInForm(AuthenticationForm):
    """The login page's password step; refuses a role whose passwords are turned off
    (PASSWORD_LOGIN_ROLES). Like Django's refusal of a deactivated account, that is said
    only after the password was right."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not two_factor.password_login_allowed(user):
            raise ValidationError(
                _("Your account signs in through your identity provider, not with a password."),
                code=PASSWORD_LOGIN_DISABLED,
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                   "spellcheck": "false", "autofocus": True}
        ),
    )


class AuthenticatorCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "pattern": "[0-9 ]*"}
        ),
    )


class ReauthForm(forms.Form):
    """Proof, again, that the account holder is at the keyboard (two_factor.reauthenticate)."""

    proof = forms.CharField(
        label=_("Your password or a code"),
        max_length=128,
        strip=False,
        help_text=_("Type your password, or the six digits your authenticator app shows now."),
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "autocapitalize": "none",
                   "spellcheck": "false"}
        ),
    )


class AuthEventFilterForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events")), *AuthEventKind.choices],
    )
