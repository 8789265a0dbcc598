"""The companion's one-time link (issue 18): choose a password, then straight to the page of
the meeting. A used, wrong, revoked or ended link says so plainly (400) and signs nobody in."""
import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import events
from .companions import companion_tokens
from .models import AuthEventKind, Role, User


def _companion(uidb64):
    try:
        pk = uuid.UUID(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, role=Role.COMPANION).first()


@never_cache
@require_http_methods(["GET", "POST"])
def companion_welcome(request, uidb64, token):
    user = _companion(uidb64)
    if user is None or not companion_tokens.check_token(user, token):
        return render(request, "registration/companion_link_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()  # the hash changes: this link is used up
        events.record(kind=AuthEventKind.PASSWORD_CHANGED, request=request, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is saved. Your username is %(username)s.")
                         % {"username": user.username})
        return redirect("meetings:companion_home")
    return render(request, "registration/companion_welcome.html",
                  {"form": form, "account": user}, status=400 if form.errors else 200)
