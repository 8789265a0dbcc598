"""The page for emergency access (break the glass; DOMAIN.md, Note scopes; issue 19).

A professional who follows a link to a case they are not on gets the 404 page, which offers
this page (to every professional, on every 404: it tells nothing about the case). Here they
enter the case's reference and a reason. A case of an organisation they do not work in, or
no case at all, is the same form error (400): existence never leaks. On success they are
sent to the case, readable for 24 hours."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ibbis.forms import add_domain_error

from ..access import get_case_for_emergency_access
from ..dates import human_datetime
from ..forms.emergency import EmergencyAccessForm, case_reference
from ..services import emergency as emergency_services


@login_required
def emergency_access(request):
    if not request.user.has_perm("coordination.open_emergency_access_page"):
        raise PermissionDenied
    if request.method != "POST":
        reference = case_reference(request.GET.get("case"))
        form = EmergencyAccessForm(initial={"case": str(reference) if reference else ""})
        return render(request, "coordination/emergency_access.html", {"form": form})
    form = EmergencyAccessForm(request.POST)
    if form.is_valid():
        try:
            case = get_case_for_emergency_access(request.user, form.cleaned_data["case"])
        except Http404:
            case = None
        if case is None:
            form.add_error("case", _("There is no case with this reference that you can take "
                                     "emergency access to. Check the reference."))
        elif not request.user.has_perm("coordination.take_emergency_access", case):
            form.add_error("case", _("You can already open this case, or you may not take "
                                     "emergency access to it."))
        else:
            try:
                access = emergency_services.emergency_access_take(
                    actor=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except emergency_services.EmergencyAccessConflict as conflict:
                add_domain_error(form, conflict, field="case")
            except emergency_services.EmergencyAccessRefused as refused:
                add_domain_error(form, refused)
            else:
                messages.warning(request, _(
                    "You have emergency access to this case until %(until)s. You can read it, "
                    "not change it. The service user and your manager have been told."
                ) % {"until": human_datetime(access.expires_at)})
                return redirect("coordination:case_detail", case_id=case.pk)
    return render(request, "coordination/emergency_access.html", {"form": form}, status=400)
