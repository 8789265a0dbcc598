"""Anonymous feedback after a held meeting (DOMAIN.md, Why trust)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coordination.access import (
    get_meeting_for_user,
)
from coordination.models import MeetingStatus
from trust import services
from trust.access import get_service_user_case
from trust.errors import TrustConflict
from trust.forms import FeedbackForm
from trust.models import (
    MeetingFeedback,
)


@login_required
def my_feedback(request):
    """The service user's held meetings, each with a way to give anonymous feedback once."""
    case = get_service_user_case(request)
    meetings = list(
        case.meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at")
    )
    given = set(
        MeetingFeedback.objects.filter(meeting__in=meetings).values_list("meeting_id", flat=True)
    )
    rows = [(meeting, meeting.pk in given) for meeting in meetings]
    return render(request, "trust/feedback_list.html", {"case": case, "rows": rows})


@login_required
def meeting_feedback(request, meeting_id):
    """Anonymous feedback after a held meeting: the answer is stored without its giver and
    never shown to anyone one by one (DOMAIN.md, Why trust)."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    if not request.user.has_perm("trust.give_feedback", meeting.case):
        raise PermissionDenied
    already = MeetingFeedback.objects.filter(meeting=meeting).exists()
    form = FeedbackForm()
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_give(meeting=meeting, **form.cleaned_data)
            except TrustConflict as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you for your feedback."))
            return redirect("trust:my_feedback")
        status = 400
    context = {
        "meeting": meeting,
        "form": form,
        "already": already,
        "held": meeting.status == MeetingStatus.HELD,
    }
    return render(request, "trust/feedback_form.html", context, status=status)
