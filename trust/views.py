"""Trust pages: a case's notes, the service user's consent and access log, a meeting's
checklist, and the managers' checklist editor. Every page reads through `for_user`."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.access import (
    get_case_for_user,
    get_meeting_for_user,
    service_user_current_case,
)
from coordination.models import Case, MeetingStatus
from ibbis.accounts.models import PROFESSIONAL_ROLES, Role

from . import services
from .access import get_checklist_item, get_consent_for_user
from .errors import TrustConflict
from .forms import ConsentGrantForm, FeedbackForm, NoteForm, TemplateItemFormSet
from .models import (
    AccessLogEntry,
    ChecklistTemplate,
    Consent,
    ConsentKind,
    MeetingFeedback,
    Note,
    NoteScope,
)
from .readers import readers_in_plain_words
from .selectors import checklist_completion, meeting_checklist_context

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


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


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
                form.add_error("scope", error.message)
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
    services.access_log_record(actor=user, case=case, action="notes.listed", object_type="note")
    return render(request, "trust/note_list.html", context, status=status)


# --- the service user's consent and access log --------------------------------------------


def _service_user_case(request) -> Case:
    _require(request, "coordination.view_own_case")
    wanted = request.GET.get("case") or request.POST.get("case")
    if wanted:
        return get_case_for_user(request.user, wanted)
    case = service_user_current_case(request.user)
    if case is None:
        raise Http404
    return case


@login_required
def my_consent(request):
    """What is shared with whom, what revoking does; grant and revoke forms."""
    case = _service_user_case(request)
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
    case = _service_user_case(request)
    entries = AccessLogEntry.objects.for_user(request.user).filter(case=case).order_by("-at")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "trust/access_log_list.html", {"case": case, "page": page})


@login_required
def my_feedback(request):
    """The service user's held meetings, each with a way to give anonymous feedback once."""
    case = _service_user_case(request)
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


# --- a meeting's checklist ------------------------------------------------------------------


@login_required
def meeting_checklist(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id)
    context = meeting_checklist_context(meeting=meeting, user=request.user)
    if request.method == "POST":
        if not context["can_tick"]:
            raise PermissionDenied
        if not _is_uuid(request.POST.get("item")):
            # Bad input, not an unseen object: say so (400) instead of "not found".
            messages.error(request, _("Choose an item of the checklist."))
            return render(request, "trust/meeting_checklist.html", context, status=400)
        item = get_checklist_item(meeting, request.POST.get("item"))
        services.checklist_item_set_done(
            actor=request.user, item=item, done=request.POST.get("done") == "1"
        )
        return redirect("trust:meeting_checklist", meeting_id=meeting.pk)
    services.access_log_record(
        actor=request.user,
        case=meeting.case,
        action="meeting_checklist.viewed",
        object_type="meeting_checklist",
    )
    return render(request, "trust/meeting_checklist.html", context)


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
    _require(request, "trust.edit_checklist_template")
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
