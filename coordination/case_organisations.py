"""Each side's organisation stored on the case (issue 20), kept equal to its holder's.

`Case.care_manager_organisation` and `Case.employment_consultant_organisation` are what a
manager's scope reads (`Case.objects.for_user`), so they must always name the organisation
of the case's current care manager and employment consultant:

- a role assigned (case opened, handover, transfer accepted, any `Case.save` that names a
  role) sets its side from the new holder's account in the same save (`Case.save`);
- an account that moves organisation (the four-eyes change, ibbis/accounts/approvals.py,
  or any full save of the account) takes its cases' sides along: `follow_account`, a
  `post_save` receiver connected in CoordinationConfig.ready();
- `stale_cases` finds any case where they differ (none, unless something wrote the tables
  past the ORM), and `repair` sets them right and logs it as an error; the daily sweep runs
  it (`case_organisations_mended` in its counts and in `manage.py sweep_deadlines`).

Bulk writers that bypass `save` (the demo seed's bulk_create) set the columns themselves,
and tests/demo/test_scale.py checks them with `stale_cases`.
"""
import logging

from django.db.models import F, OuterRef, Q, Subquery

from coordination.models import Case
from coordination.models.cases import SIDES
from ibbis.accounts.models import User

logger = logging.getLogger(__name__)


def _side_differs(role: str) -> Q:
    """The case's stored organisation for `role` differs from its holder's (NULL-safe)."""
    stored, actual = f"{role}_organisation", f"{role}__organisation"
    stored_set, actual_set = Q(**{f"{stored}__isnull": False}), Q(**{f"{actual}__isnull": False})
    # Both empty is equal (a holder whose account has no organisation): not stale.
    return (stored_set & actual_set & ~Q(**{stored: F(actual)})) | (stored_set ^ actual_set)


def stale_cases():
    """The cases whose stored organisation of either side is not its holder's."""
    condition = Q()
    for role in SIDES:
        condition |= _side_differs(role)
    return Case.objects.filter(condition).order_by()


def repair() -> int:
    """Set every stale side right; returns how many cases were mended."""
    mended = set()
    for role in SIDES:
        stale = Case.objects.filter(_side_differs(role)).order_by()
        ids = list(stale.values_list("pk", flat=True))
        if ids:
            Case.objects.filter(pk__in=ids).update(**{
                f"{role}_organisation": Subquery(
                    User.objects.filter(pk=OuterRef(f"{role}_id")).values("organisation_id")[:1]
                )
            })
            mended.update(ids)
    if mended:
        logger.error("case organisations were stale on %d case(s) and are mended",
                     len(mended))
    return len(mended)


def follow_account(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """post_save of an account: its cases' sides follow its organisation."""
    if created or raw:
        return
    if update_fields is not None and "organisation" not in update_fields:
        return
    for role in SIDES:
        Case.objects.filter(**{role: instance}).exclude(
            **{f"{role}_organisation_id": instance.organisation_id}
        ).update(**{f"{role}_organisation_id": instance.organisation_id})
