"""A meeting's checklist and the managers' checklist template."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.access import (
    get_meeting_for_user,
)
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from trust import services
from trust.access import get_checklist_item
from trust.forms import TemplateItemFormSet
from trust.models import (
    ChecklistTemplate,
)
from trust.selectors import checklist_completion, meeting_checklist_context

# --- a meeting's checklist ------------------------------------------------------------------


@login_required
def meeting_checklist(request, meeting_id):
    """The checklist page (GET), and where the checklist's form posts from here or from the
    meeting page: the whole form of checkboxes (`shown`, `was_done`, `ticked`), or one item
    (`item`, `done`) as before. After saving it goes back to the page it came from, the
    meeting page by default, so ticking never leaves the meeting (issue 17)."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    context = meeting_checklist_context(meeting=meeting, user=request.user)
    if request.method == "POST":
        if not context["can_tick"]:
            raise PermissionDenied
        if "shown" in request.POST:
            return _save_form(request, meeting, context)
        if not _is_uuid(request.POST.get("item")):
            # Bad input, not an unseen object: say so (400) instead of "not found".
            messages.error(request, _("Choose an item of the checklist."))
            return render(request, "trust/meeting_checklist.html", context, status=400)
        item = get_checklist_item(meeting, request.POST.get("item"))
        services.checklist_item_set_done(
            actor=request.user, item=item, done=request.POST.get("done") == "1"
        )
        return _back(request, meeting)
    access_log_record(
        actor=request.user,
        case=meeting.case,
        action=AccessAction.MEETING_CHECKLIST_VIEWED,
        object_type="meeting_checklist",
    )
    return render(request, "trust/meeting_checklist.html", context)


def _save_form(request, meeting, context):
    ids = {name: request.POST.getlist(name) for name in ("shown", "was_done", "ticked")}
    parsed = {name: {_as_uuid(value) for value in values} for name, values in ids.items()}
    own = {item.pk for _label, items in context["phases"] for item in items}
    if any(None in values or not values <= own for values in parsed.values()) or not (
        parsed["shown"]
    ):
        messages.error(request, _("Choose an item of the checklist."))
        return render(request, "trust/meeting_checklist.html", context, status=400)
    services.checklist_items_save(
        actor=request.user, meeting=meeting, shown=parsed["shown"],
        was_done=parsed["was_done"], ticked=parsed["ticked"],
    )
    messages.success(request, _("The checklist is saved."))
    return _back(request, meeting)


def _back(request, meeting):
    if request.POST.get("return_to") == "checklist":
        return redirect("trust:meeting_checklist", meeting_id=meeting.pk)
    return redirect(reverse("meetings:meeting_detail", args=[meeting.pk]) + "#checklist")


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- managers: the checklist template --------------------------------------------------------


@login_required
def checklist_edit(request):
    """A manager's edit publishes a new version for their organisation."""
    if not request.user.has_perm("trust.edit_checklist_template"):
        raise PermissionDenied
    organisation = request.user.organisation
    current = services.checklist_active_template(organisation=organisation)
    initial = [
        {"phase": i.phase, "text_da": i.text_da, "text_en": i.text_en}
        for i in (current.items.all() if current else [])
    ]
    formset = TemplateItemFormSet(initial=initial)
    status = 200
    if request.method == "POST":
        formset = TemplateItemFormSet(request.POST, initial=initial)
        if formset.is_valid():
            items = [f.cleaned_data for f in formset if f.cleaned_data.get("text_da")]
            if items:
                services.checklist_template_publish(actor=request.user, items=items)
                messages.success(request, _("A new version of the checklist is now in use."))
                return redirect("trust:checklist_edit")
            messages.error(request, _("A checklist needs at least one item."))
        status = 400
    versions = ChecklistTemplate.objects.filter(organisation=organisation).select_related(
        "created_by"
    )
    return render(
        request,
        "trust/checklist_edit.html",
        {
            "current": current,
            "formset": formset,
            "versions": versions,
            "completion": checklist_completion(organisation),
        },
        status=status,
    )
