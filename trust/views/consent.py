"""The service user's consent and the log of who looked at their case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coordination.models import EmergencyAccess
from ibbis.audit.models import AccessLogEntry
from trust import services
from trust.access import get_consent_for_user, get_service_user_case
from trust.access_log_groups import access_log_groups_for_case
from trust.errors import TrustConflict
from trust.forms import ConsentGrantForm
from trust.models import (
    Consent,
    ConsentKind,
)


@login_required
def my_consent(request):
    """What is shared with whom, what revoking does; grant and revoke forms."""
    case = get_service_user_case(request)
    form = ConsentGrantForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant":
            form = ConsentGrantForm(request.POST)
            if form.is_valid():
                try:
                    services.consent_grant(
                        actor=request.user,
                        case=case,
                        kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE,
                        expires_on=form.cleaned_data["expires_on"],
                    )
                except TrustConflict as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Thank you. Your consent is now active."))
                return redirect("trust:my_consent")
            status = 400
        elif action == "revoke":
            consent = get_consent_for_user(request.user, request.POST.get("consent"), case=case)
            try:
                services.consent_revoke(actor=request.user, consent=consent)
            except TrustConflict as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your consent has been revoked."))
            return redirect("trust:my_consent")
        else:
            status = 400
    consents = list(Consent.objects.for_user(request.user).filter(case=case))
    active = next((c for c in consents if c.is_active()), None)
    context = {
        "case": case,
        "form": form,
        "consents": consents,
        "active": active,
        "care_manager": case.care_manager,
        "employment_consultant": case.employment_consultant,
    }
    return render(request, "trust/consent_detail.html", context, status=status)


@login_required
def my_access_log(request):
    """Who has looked at my case: newest first (DOMAIN.md, Why trust: distrust between
    systems)."""
    case = get_service_user_case(request)
    entries = AccessLogEntry.objects.for_user(request.user).filter(case=case)
    # Repeated reads of one sitting are one line with a count (issue 17).
    page = Paginator(access_log_groups_for_case(entries), 50).get_page(request.GET.get("page"))
    # Who broke the glass on my case, and why (issue 19: shown to the service user at once).
    emergency_accesses = EmergencyAccess.objects.filter(case=case).select_related(
        "user", "organisation"
    )
    return render(request, "audit/access_log_list.html", {
        "case": case, "page": page, "emergency_accesses": emergency_accesses,
    })
