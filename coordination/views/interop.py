"""A professional's calendar feed (make, rotate, revoke; the feed itself). The data export's
page moved to ibbis/interop/views.py (issue 16, item 6)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coordination import calendar_feed

NEW_TOKEN_SESSION_KEY = "calendar_feed_new_token"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    if not request.user.has_perm("coordination.manage_calendar_feed"):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "rotate"):
            token = calendar_feed.calendar_feed_issue(user=request.user)
            # Shown once, on the page this redirect leads to; never stored in clear.
            request.session[NEW_TOKEN_SESSION_KEY] = token
            messages.success(request, _("Your calendar address is ready. Copy it now: it is "
                                        "shown only this once."))
        elif action == "revoke":
            calendar_feed.calendar_feed_revoke(user=request.user)
            messages.success(request, _("Your calendar address no longer works."))
        else:
            return _feed_page(request, error=True, status=400)
        return redirect("interop:calendar_feed")
    token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    feed_url = (
        request.build_absolute_uri(reverse("interop:calendar_feed_ics", args=[token]))
        if token else None
    )
    return _feed_page(request, feed_url=feed_url)


def _feed_page(request, *, status=200, **extra):
    feed = calendar_feed.active_feed(request.user)
    return render(
        request, "coordination/calendar_feed.html",
        {"feed": feed, "last_read": calendar_feed.feed_last_read(feed) if feed else None,
         **extra},
        status=status,
    )


@require_GET
def calendar_feed_ics(request, token):
    """No login: the token in the URL is the key. Unknown or revoked: 404."""
    feed = calendar_feed.feed_for_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendar_feed.calendar_feed_read(feed=feed), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = 'inline; filename="ibbis.ics"'
    response["Referrer-Policy"] = "no-referrer"
    return response
