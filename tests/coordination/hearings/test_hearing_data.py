"""The hearing in the service user's own data (GDPR art. 15 export) and in retention: after
the retention period its free text goes, as a decision's reasoning does."""
from datetime import date

import pytest
from django.utils import timezone

from coordination.models import Case, Hearing
from coordination.services.clock import case_recompute
from coordination.services.hearings import hearing_answer
from ibbis.retention.services import REMOVED_TEXT, case_pseudonymise

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_hearing_and_the_answer(api, service_user, hearing):
    hearing_answer(actor=service_user, hearing=hearing, answer="Mit svar.")
    export = api.as_user(service_user).get(f"/api/cases/{hearing.case_id}/export/").json()
    (exported,) = export["hearings"]
    assert exported["basis"] == hearing.basis
    assert exported["answer"] == "Mit svar." and exported["status"] == "answered"
    assert exported["answer_by"] == hearing.answer_by.isoformat()


def test_pseudonymising_removes_the_hearings_text(service_user, hearing):
    hearing_answer(actor=service_user, hearing=hearing, answer="Mit svar.")
    Case.objects.filter(pk=hearing.case_id).update(closed_on=date(2026, 8, 3))
    case_recompute(case=Case.objects.get(pk=hearing.case_id), today=timezone.localdate())
    case_pseudonymise(case_id=hearing.case_id, now=timezone.now(), today=date(2031, 8, 3))
    kept = Hearing.objects.get(pk=hearing.pk)
    assert kept.basis == REMOVED_TEXT and kept.answer == REMOVED_TEXT
    assert kept.answer_by == hearing.answer_by  # dates and status stay
