"""The service user's page to choose how they are reminded (issue 18)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coordination.forms.reminders import ReminderPreferenceForm
from coordination.services.reminders import reminder_preference_for, reminder_preference_set


@login_required
@require_http_methods(["GET", "POST"])
def my_reminders(request):
    if not request.user.has_perm("coordination.view_own_case"):
        raise PermissionDenied
    preference = reminder_preference_for(request.user)
    initial = {"by_email": preference.by_email, "by_sms": preference.by_sms,
               "phone": request.user.phone}
    form = ReminderPreferenceForm(request.POST if request.method == "POST" else None,
                                  initial=initial)
    if request.method == "POST":
        if form.is_valid():
            reminder_preference_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Your choice of reminders is saved."))
            return redirect("reminders:my_reminders")
        return render(request, "coordination/reminder_preferences.html",
                      {"form": form, "has_email": bool(request.user.email)}, status=400)
    return render(request, "coordination/reminder_preferences.html",
                  {"form": form, "has_email": bool(request.user.email)})
