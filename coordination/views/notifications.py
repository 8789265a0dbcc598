"""The caller's notifications page: the list, marking one or all read (POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many

from ..selectors import notifications_for_user
from ..services import notifications as notification_services


@login_required
def notification_list(request):
    notifications = notifications_for_user(request.user).select_related("case__service_user")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    # A notification names the service user of its case: each case shown is a read.
    access_log_record_many(
        actor=request.user, cases=[n.case for n in page if n.case_id],
        action=AccessAction.NOTIFICATIONS_LISTED, object_type="notification",
    )
    return render(request, "coordination/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, notification_id):
    notification = notifications_for_user(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    notification_services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("coordination:notification_list")


@require_POST
@login_required
def notifications_read_all(request):
    notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("coordination:notification_list")

