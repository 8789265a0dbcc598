"""Object permissions (django-rules) for actions on a case the user can already see.

Visibility is `Case.objects.for_user`; these rules decide what a visible case lets one do.
Check with `user.has_perm("coordination.<perm>", case)`; refuse with 403.
"""
import rules

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
    return (
        case is not None
        and user.role == Role.MANAGER
        and user.organisation_id is not None
        and user.organisation_id
        in (case.care_manager.organisation_id, case.employment_consultant.organisation_id)
    )


is_case_professional = is_current_care_manager | is_current_employment_consultant

rules.add_perm("coordination.open_case", is_employment_consultant | is_jobcentre_manager)
rules.add_perm("coordination.record_absence", is_case_professional)
rules.add_perm(
    "coordination.decide_extension",
    is_current_employment_consultant | (is_jobcentre_manager & manages_case),
)
rules.add_perm(
    "coordination.hand_over_case",
    is_current_employment_consultant | (is_jobcentre_manager & manages_case),
)
rules.add_perm("coordination.schedule_meeting", is_case_professional)
rules.add_perm("coordination.edit_plan", is_case_professional)
rules.add_perm("coordination.acknowledge_plan", is_case_service_user)
rules.add_perm("coordination.comment_plan", is_case_service_user)
# What is IN a case - its plan, meeting minutes, the FHIR bundle - is read by the people who
# work on it: its service user and the professionals who see it (current or, after a
# handover, former). Its managers see that it exists and its deadlines, not its content;
# refused with 404 (not seen), see `coordination.access.get_case_content_for_user`.
rules.add_perm("coordination.read_case_content", is_case_service_user | is_professional)
# The GDPR export (art. 15) is the service user's own; for anyone else it does not exist.
rules.add_perm("coordination.export_case", is_case_service_user)
# Follow-up per § 13 b (issue 14): the expected return date, the conversation agreed after
# six months and a request for early follow-up are the current employment consultant's.
rules.add_perm("coordination.manage_follow_up", is_current_employment_consultant)
