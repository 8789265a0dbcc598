"""Object access for views and the API: return the object or raise 404, never leak existence."""

import uuid

from django.http import Http404

from .models import Case


def get_case_for_user(user, case_id) -> Case:
    try:
        uuid.UUID(str(case_id))
    except ValueError as error:
        raise Http404 from error
    case = Case.objects.for_user(user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def get_case_content_for_user(user, case_id, perm="coordination.read_case_content") -> Case:
    """The case when the user may read what is in it (`perm`, coordination/rules.py);
    otherwise 404: a manager sees that a case exists, not its plan or minutes."""
    case = get_case_for_user(user, case_id)
    if not user.has_perm(perm, case):
        raise Http404
    return case
