"""Everything a case holds about its service user that they may see (GDPR art. 15, right of
access): profile, case, team history, absences, decisions, deadlines, meetings, the plan with
its history, shared notes, consents, the companions they invited and the access log.

One builder serves both the JSON of `/api/cases/{id}/export/` and the printable page
`/my-case/export/`. Notes come only from `Note.objects.for_user(service_user)` (DOMAIN.md,
Note scopes): shared notes (and any they wrote), never private, sector or team notes. The
access log is the service user's own view of it (`AccessLogEntry.objects.for_user`).
"""
from django.utils import timezone

from coordination.models import Case, CaseMembership, EmergencyAccess, MeetingCompanion, Plan
from coordination.services.meeting_voice import meeting_voice_export
from ibbis.audit.models import AccessLogEntry
from trust.models import Consent, Note


def _person(user):
    if user is None:
        return None
    return {
        "id": str(user.pk),
        "name": user.display_name,
        "role": user.role,
        "organisation": user.organisation.name if user.organisation_id else "",
    }


def _dt(value):
    return timezone.localtime(value).isoformat() if value else None


def _d(value):
    return value.isoformat() if value else None


def case_export(*, case: Case, service_user) -> dict:
    """The export of one case for its service user. The caller has checked that
    `service_user` is the case's service user."""
    case = Case.objects.select_related(
        "service_user", "care_manager__organisation", "employment_consultant__organisation"
    ).get(pk=case.pk)
    user = case.service_user
    plan = (
        Plan.objects.filter(case=case)
        .prefetch_related("goals__owner__organisation", "changes__changed_by__organisation",
                          "acknowledgements", "comments__author__organisation")
        .first()
    )
    meetings = case.meetings.prefetch_related(
        "participants__user__organisation", "minutes_responses", "replies", "agenda_items"
    )
    memberships = CaseMembership.objects.filter(case=case).select_related("user__organisation")
    notes = (
        Note.objects.for_user(service_user)
        .filter(case=case)
        .select_related("author__organisation")
        .order_by("created_at")
    )
    return {
        "generated_at": _dt(timezone.now()),
        "profile": {
            "id": str(user.pk),
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": user.role,
            "date_joined": _dt(user.date_joined),
        },
        "case": {
            "id": str(case.pk),
            "status": case.status,
            "diagnosis": case.diagnosis,
            "employment": case.employment,
            "pensioner": case.pensioner,
            "first_absence_day": _d(case.first_absence_day),
            "referral_date": _d(case.referral_date),
            "reassessment_date": _d(case.reassessment_date),
            "next_follow_up_due": _d(case.next_follow_up_due),
            "expected_return_date": _d(case.expected_return_date),
            "follow_up_agreed_on": _d(case.follow_up_agreed_on),
            "closed_on": _d(case.closed_on),
            "created_at": _dt(case.created_at),
            "care_manager": _person(case.care_manager),
            "employment_consultant": _person(case.employment_consultant),
        },
        "team_history": [
            {
                "person": _person(m.user),
                "role": m.role,
                "started_at": _dt(m.started_at),
                "ended_at": _dt(m.ended_at),
            }
            for m in memberships
        ],
        "absences": [
            {"id": str(a.pk), "start": _d(a.start), "end": _d(a.end), "kind": a.kind}
            for a in case.absences.all()
        ],
        "decisions": [
            {
                "id": str(d.pk),
                "ground": d.ground,
                "ground_label": d.ground_label,
                "decided_on": _d(d.decided_on),
                "medical_evidence": d.medical_evidence,
                "valid_until": _d(d.valid_until),
                "reasoning": d.reasoning,
                # Issue 14: the hearing before the decision (forvaltningsloven § 19).
                "hearing_sent_on": _d(d.hearing_sent_on),
                "hearing_response_by": _d(d.hearing_response_by),
                "hearing_response_on": _d(d.hearing_response_on),
                "hearing_response": d.hearing_response,
            }
            for d in case.decisions.all()
        ],
        # Issue 18: hearings sent in the product before a decision, and the answers.
        "hearings": [
            {
                "id": str(h.pk),
                "status": h.status,
                "proposed_ground": h.proposed_ground,
                "basis": h.basis,
                "sent_on": _d(h.sent_on),
                "answer_by": _d(h.answer_by),
                "answer": h.answer,
                "answered_on": _d(h.answered_on),
                "late": h.late,
                "decision": str(h.decision_id) if h.decision_id else None,
            }
            for h in case.hearings.order_by("created_at", "id")
        ],
        # Issue 18: the companions (bisiddere) they invited. The service user gave these
        # details (name, relation, e-mail) and chose the grant, so they are their data too
        # (GDPR art. 15, stk. 1); the companion's made-up username and password are not.
        "companions": [
            {
                "id": str(c.pk),
                "name": c.name,
                "relation": c.relation,
                "email": c.user.email,
                "meeting": str(c.meeting_id),
                "meeting_starts_at": _dt(c.meeting.starts_at),
                "access_until": _dt(c.user.access_until),
                "revoked_at": _dt(c.revoked_at),
                "created_at": _dt(c.created_at),
            }
            for c in MeetingCompanion.objects.filter(meeting__case=case)
            .select_related("user", "meeting")
            .order_by("created_at", "id")
        ],
        # Issue 19: who broke the glass on their case, when and why (GDPR art. 15, stk. 1,
        # litra c: the recipients to whom the data have been disclosed). Their reads are in
        # the access log below, marked `emergency`.
        "emergency_accesses": [
            {
                "id": str(a.pk),
                "who": _person(a.user),
                "organisation": a.organisation.name,
                "reason": a.reason,
                "started_at": _dt(a.started_at),
                "expires_at": _dt(a.expires_at),
            }
            for a in EmergencyAccess.objects.filter(case=case)
            .select_related("user__organisation", "organisation")
            .order_by("started_at", "id")
        ],
        "hospital_waiting": [
            {"start": _d(w.start), "end": _d(w.end)} for w in case.waiting_periods.all()
        ],
        "medical_certificates": [
            {"requested_on": _d(c.requested_on), "due": _d(c.due),
             "received_on": _d(c.received_on)}
            for c in case.certificates.all()
        ],
        "deadlines": [
            {"kind": d.kind, "label": str(d.get_kind_display()), "due": _d(d.due),
             "status": d.status}
            for d in case.deadlines.all()
        ],
        "meetings": [
            {
                "id": str(m.pk),
                "kind": m.kind,
                "status": m.status,
                "starts_at": _dt(m.starts_at),
                "ends_at": _dt(m.ends_at),
                "location": m.location,
                "agenda": m.agenda,
                "minutes": m.minutes,
                # Issue 18: replies, agenda items and the response beside the minutes.
                **meeting_voice_export(m),
                "participants": [
                    {**_person(p.user), "attendance": p.attendance}
                    for p in m.participants.all()
                ],
            }
            for m in meetings
        ],
        "plan": _plan(plan),
        "notes": [
            {
                "id": str(n.pk),
                "scope": n.scope,
                "text": n.text,
                "author": _person(n.author),
                "meeting": str(n.meeting_id) if n.meeting_id else None,
                "created_at": _dt(n.created_at),
            }
            for n in notes
        ],
        "consents": [
            {
                "id": str(c.pk),
                "kind": c.kind,
                "granted_at": _dt(c.granted_at),
                "expires_on": _d(c.expires_on),
                "revoked_at": _dt(c.revoked_at),
                "active": c.is_active(),
            }
            for c in Consent.objects.filter(case=case).order_by("granted_at")
        ],
        "access_log": [
            {
                "at": _dt(e.at),
                "who": e.who_name,
                "role": e.role,
                "organisation": e.organisation,
                "action": e.action,
                "object_type": e.object_type,
                "emergency": e.emergency,
            }
            for e in AccessLogEntry.objects.for_user(service_user).filter(case=case)
        ],
    }


def _plan(plan):
    if plan is None:
        return None
    return {
        "id": str(plan.pk),
        "version": plan.version,
        "goals": [
            {
                "id": str(g.pk),
                "kind": g.kind,
                "description": g.description,
                "service_user_words": g.service_user_words,
                "target_date": _d(g.target_date),
                "owner": _person(g.owner),
                "status": g.status,
                "commitment": g.commitment,
                "created_at": _dt(g.created_at),
                "updated_at": _dt(g.updated_at),
            }
            for g in plan.goals.all()
        ],
        "history": [
            {
                "version": c.version,
                "action": c.action,
                "goal": str(c.goal_id) if c.goal_id else None,
                "changed_by": _person(c.changed_by),
                "changed_at": _dt(c.changed_at),
                "before": c.before,
                "after": c.after,
            }
            for c in plan.changes.all()
        ],
        "acknowledgements": [
            {"version": a.version, "acknowledged_at": _dt(a.acknowledged_at)}
            for a in plan.acknowledgements.all()
        ],
        "comments": [
            {"author": _person(c.author), "text": c.text, "version": c.version,
             "created_at": _dt(c.created_at)}
            for c in plan.comments.all()
        ],
    }
