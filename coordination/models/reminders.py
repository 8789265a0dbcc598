"""How the service user wants to be reminded of a meeting and of the reassessment date
(issue 18): by e-mail, by text message, both or not at all. The phone number is the
account's own (`User.phone`), which pseudonymisation clears."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by text message"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"reminders of {self.user_id}"
