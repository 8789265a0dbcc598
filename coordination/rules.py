"""Object permissions (django-rules) for actions on a case the user can already see.

Visibility is `Case.objects.for_user`; these rules decide what a visible case lets one do.
Check with `user.has_perm("coordination.<perm>", case)`; refuse with 403.
"""
import rules

from coordination.querysets import managed_side
from ibbis.accounts.models import PROFESSIONAL_ROLES, OrganisationKind, Role


@rules.predicate
def is_case_service_user(user, case):
    return case is not None and case.service_user_id == user.pk


@rules.predicate
def is_current_care_manager(user, case):
    return case is not None and case.care_manager_id == user.pk


@rules.predicate
def is_current_employment_consultant(user, case):
    return case is not None and case.employment_consultant_id == user.pk


@rules.predicate
def is_professional(user):
    return user.role in PROFESSIONAL_ROLES


@rules.predicate
def is_jobcentre_manager(user):
    return (
        user.role == Role.MANAGER
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.JOBCENTRE
    )


@rules.predicate
def is_employment_consultant(user):
    return user.role == Role.EMPLOYMENT_CONSULTANT


@rules.predicate
def manages_case(user, case):
    """A manager whose organisation holds its side of the case: exactly the cases
    `Case.objects.for_user` gives a manager (coordination.querysets.manager_scope)."""
    side = managed_side(user) if case is not None else None
    return side is not None and getattr(case, f"{side}_organisation_id") == user.organisation_id


@rules.predicate
def manages_care_manager(user, case):
    """A manager of the organisation the case's care manager works in (mental health)."""
    return (
        case is not None
        and user.role == Role.MANAGER
        and user.organisation_id is not None
        and user.organisation_id == case.care_manager_organisation_id
    )


@rules.predicate
def manages_employment_consultant(user, case):
    """A manager of the jobcentre the case's employment consultant works in."""
    return (
        case is not None
        and user.role == Role.MANAGER
        and user.organisation_id is not None
        and user.organisation_id == case.employment_consultant_organisation_id
    )


is_case_professional = is_current_care_manager | is_current_employment_consultant
# Who may move a role of the case (API.md, handover row; issue 13): the care manager's role
# only from the mental-health side holding it, the consultant's only from the jobcentre side
# holding it - never from the other organisation, whatever it sees of the case.
may_move_care_manager = is_current_care_manager | manages_care_manager
may_move_employment_consultant = is_current_employment_consultant | manages_employment_consultant

rules.add_perm("coordination.open_case", is_employment_consultant | is_jobcentre_manager)
rules.add_perm("coordination.record_absence", is_case_professional)
rules.add_perm(
    "coordination.decide_extension",
    is_current_employment_consultant | (is_jobcentre_manager & manages_case),
)
# Either side's role: whether the case page shows a handover form at all.
rules.add_perm(
    "coordination.hand_over_case", may_move_care_manager | may_move_employment_consultant
)
rules.add_perm("coordination.hand_over_care_manager", may_move_care_manager)
rules.add_perm("coordination.hand_over_employment_consultant", may_move_employment_consultant)
rules.add_perm("coordination.schedule_meeting", is_case_professional)
rules.add_perm("coordination.edit_plan", is_case_professional)
rules.add_perm("coordination.acknowledge_plan", is_case_service_user)
rules.add_perm("coordination.comment_plan", is_case_service_user)
# What is IN a case - its plan, meeting minutes, the FHIR bundle - is read by the people who
# work on it: its service user and the professionals who see it (current or, after a
# handover, former). Its managers see that it exists and its deadlines, not its content;
# refused with 404 (not seen), see `coordination.access.get_case_content_for_user`.
rules.add_perm("coordination.read_case_content", is_case_service_user | is_professional)
# The service user's voice at a meeting (issue 18). Replying is each invited person's own;
# agenda items come from the service user and the case's current professionals; only the
# service user responds to the minutes (the minutes are the professionals' record of them).
rules.add_perm("coordination.add_agenda_item", is_case_service_user | is_case_professional)
rules.add_perm("coordination.respond_to_minutes", is_case_service_user)
# The GDPR export (art. 15) is the service user's own; for anyone else it does not exist.
rules.add_perm("coordination.export_case", is_case_service_user)
# What each professional will have in front of them at a meeting (issue 18, the preview)
# is shown to the service user only: to anyone else who sees the meeting it is a 403.
rules.add_perm("coordination.preview_meeting", is_case_service_user)
# The hearing before a decision (partshøring, forvaltningsloven § 19; issue 18): the case's
# current employment consultant, who proposes the decision, sends and withdraws it; the
# service user, the party, answers. Reading it is `read_case_content` (the basis may carry
# health details, as a decision's reasoning does: never for managers).
rules.add_perm("coordination.send_hearing", is_current_employment_consultant)
rules.add_perm("coordination.answer_hearing", is_case_service_user)
# A companion at a meeting (bisidder, issue 18; forvaltningsloven § 8, stk. 1): the party's
# own choice, so only the service user invites and revokes, never a professional for them.
rules.add_perm("coordination.invite_companion", is_case_service_user)


@rules.predicate
def manages_receiving_organisation(user, transfer):
    """A manager of the organisation a transfer request is addressed to."""
    return (
        transfer is not None
        and user.role == Role.MANAGER
        and user.organisation_id is not None
        and user.organisation_id == transfer.to_organisation_id
    )


# A transfer to another organisation is asked for by the side holding the role (as a
# handover) and answered by the receiving organisation's manager, who names the newcomer.
rules.add_perm("coordination.answer_transfer", manages_receiving_organisation)
# Follow-up per § 13 b (issue 14): the expected return date, the conversation agreed after
# six months and a request for early follow-up are the current employment consultant's.
rules.add_perm("coordination.manage_follow_up", is_current_employment_consultant)


# Whole-page permissions (no object): who may open a page at all, 403 otherwise.
@rules.predicate
def is_manager(user):
    return user.role == Role.MANAGER


@rules.predicate
def is_organisation_manager(user):
    return user.role == Role.MANAGER and user.organisation_id is not None


@rules.predicate
def is_service_user(user):
    return user.role == Role.SERVICE_USER


# The transfer requests addressed to the manager's organisation (issue 13).
rules.add_perm("coordination.review_transfers", is_organisation_manager)
# The service user's own pages: their case, their plan, their data (art. 15).
rules.add_perm("coordination.view_own_case", is_service_user)
# A professional's private calendar address (API.md, calendar feed).
rules.add_perm("coordination.manage_calendar_feed", is_professional)
# The caseload (the professional's own list of cases).
rules.add_perm("coordination.view_caseload", is_professional)


@rules.predicate
def is_meeting_participant(user, meeting):
    """Invited to this meeting (one of its participants), whatever their role."""
    return meeting is not None and meeting.participants.filter(user_id=user.pk).exists()


# Checked on a meeting, not a case: only those invited answer the invitation (issue 18).
rules.add_perm("coordination.reply_to_meeting", is_meeting_participant)


@rules.predicate
def works_in_case_organisation(user, case):
    """The user works in one of the case's organisations (its current care manager's or
    employment consultant's)."""
    return (
        case is not None
        and user.organisation_id is not None
        and user.organisation_id
        in (case.care_manager_organisation_id, case.employment_consultant_organisation_id)
    )


@rules.predicate
def reads_by_membership(user, case):
    """On the case now, or a former professional within the handover period (DOMAIN.md):
    they read it already and have no glass to break."""
    from coordination.querysets import reading_memberships

    return case is not None and reading_memberships(user).filter(case=case).exists()


# Break the glass (DOMAIN.md, Note scopes; API.md, emergency-access row; issue 19): a
# professional of one of the case's organisations who is not on it. Managers, service users
# and admins never; the other organisation's professionals do not even see the case (404).
rules.add_perm(
    "coordination.take_emergency_access",
    is_professional & works_in_case_organisation & ~is_case_professional & ~reads_by_membership,
)
# The page to ask for it: any professional (whether a case qualifies is the form's answer).
rules.add_perm("coordination.open_emergency_access_page", is_professional)
