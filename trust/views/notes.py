"""A case's notes page: every professional reads through `for_user`; a manager reads counts per
scope, never text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.access import (
    get_case_for_user,
)
from ibbis.accounts.models import PROFESSIONAL_ROLES, Role
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.forms import add_domain_error
from trust import services
from trust.errors import TrustConflict
from trust.forms import NoteForm
from trust.models import (
    Consent,
    ConsentKind,
    Note,
    NoteScope,
)
from trust.readers import readers_in_plain_words

SCOPE_EXPLANATIONS = [
    (NoteScope.PRIVATE.label, gettext_lazy("only you")),
    (NoteScope.SECTOR.label,
     gettext_lazy("professionals of your organisation who are or have been on this case")),
    (NoteScope.TEAM.label,
     gettext_lazy("the case's current care manager and employment consultant; a care "
                  "manager's note reaches the employment consultant only while the service "
                  "user's consent is active")),
    (NoteScope.SHARED.label, gettext_lazy("the team and the service user")),
]


def _consent_state(case):
    return (
        Consent.objects.active()
        .filter(case=case, kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE)
        .first()
    )


# --- a case's notes ----------------------------------------------------------------------


@login_required
def note_list(request, case_id):
    """Anyone who sees the case; each reads exactly Note.objects.for_user. Managers get
    counts per scope, never text (DOMAIN.md, Note scopes)."""
    case = get_case_for_user(request.user, case_id)
    user = request.user
    can_write = user.has_perm("trust.write_note", case)
    meetings = list(case.meetings.order_by("-starts_at")) if can_write else []
    form = NoteForm(meetings=meetings)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = NoteForm(request.POST, meetings=meetings)
        if form.is_valid():
            try:
                services.note_create(actor=user, case=case, **form.cleaned_data)
            except TrustConflict as error:
                add_domain_error(form, error, field="scope")
            else:
                messages.success(request, _("The note has been saved."))
                return redirect("trust:note_list", case_id=case.pk)
        status = 400

    context = {"case": case, "form": form, "can_write": can_write, "scopes": SCOPE_EXPLANATIONS}
    if user.role == Role.MANAGER:
        counts = dict(
            Note.objects.for_counts(user)
            .filter(case=case)
            .values_list("scope")
            .annotate(n=Count("id"))
            .values_list("scope", "n")
        )
        context["counts"] = [(label, counts.get(value, 0)) for value, label in NoteScope.choices]
    else:
        notes = list(
            Note.objects.for_user(user)
            .filter(case=case)
            .select_related("author", "author_organisation", "meeting")
        )
        for note in notes:
            note.readers = readers_in_plain_words(note)
        context["notes"] = notes
    if user.role in PROFESSIONAL_ROLES:
        context["show_consent"] = True
        context["consent"] = _consent_state(case)
    access_log_record(actor=user, case=case, action=AccessAction.NOTES_LISTED,
                               object_type="note")
    return render(request, "trust/note_list.html", context, status=status)
