"""Pages of a companion at a meeting (issue 18, bisidder).

On the service user's meeting page: the form to invite someone and the list of those
invited, each with a button to end their access (coordination/templates/coordination/
meeting_voice/_companions.html; the posts are here). The companion's own page,
`companion/`: their meeting, its agenda and the shared plan, and nothing more; each read is
logged. Visibility is coordination.access; only the service user invites or revokes (403
for a professional who sees the meeting, 404 for anyone who does not)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination.access import (
    get_companion_grant,
    get_companion_of_meeting,
    get_companions_meeting_for_user,
)
from coordination.forms.meeting_voice import CompanionInviteForm
from coordination.services import companions
from coordination.views.meeting_voice import _post_and_return


def _own_meeting(request, meeting_id):
    meeting = get_companions_meeting_for_user(request.user, meeting_id)
    if not request.user.has_perm("coordination.invite_companion", meeting.case):
        raise PermissionDenied
    return meeting


@login_required
@require_POST
def companion_invite_page(request, meeting_id):
    meeting = _own_meeting(request, meeting_id)
    return _post_and_return(
        request, meeting, key="companion",
        form=CompanionInviteForm(request.POST, prefix="companion"),
        write=lambda data: companions.companion_invite(
            meeting=meeting, actor=request.user, origin=companions.origin_of(request), **data),
        thanks=_("The invitation is sent. They can see this meeting, its agenda and your "
                 "plan until the day after the meeting."),
    )


@login_required
@require_POST
def companion_revoke_page(request, meeting_id, companion_id):
    meeting = _own_meeting(request, meeting_id)
    grant = get_companion_of_meeting(meeting, companion_id)
    companions.companion_revoke(grant=grant, actor=request.user)
    messages.success(request, _("%(name)s can no longer see anything.") % {"name": grant.name})
    return redirect("meetings:meeting_detail", meeting_id=meeting.pk)


@login_required
def companion_home(request):
    grant = get_companion_grant(request.user)
    view = companions.companion_view(grant.meeting)
    companions.companion_read_log(actor=request.user, grant=grant)
    return render(request, "coordination/companion_home.html", {
        **view, "grant": grant, "service_user": grant.meeting.case.service_user,
    })
